// The one client of Sunlit's JSON API (/api/v1). Everything that knows a URL, a header or the
// shape of an error lives here, so that adapting to docs/api.md (being written with the
// server) touches this file only.
//
// TO BE CONFIRMED against docs/api.md — assumptions made here:
// - POST /api/v1/session with JSON {username, password} logs in; the server sets an
//   HttpOnly, SameSite session cookie and answers JSON that carries the CSRF token as
//   `csrf_token` (the token is kept in memory only, never in localStorage).
// - Every request that changes state sends the token in the `X-CSRF-Token` header.
// - DELETE /api/v1/session logs out; GET /api/v1/session tells who is logged in.
// - Errors are JSON {"error": {"code": "...", "message": "..."}} with a message fit for the
//   user; anything else is reported by HTTP status only.
// - Public draw files: GET /api/v1/public/draws/{id}/pool.csv (text/csv, `code,stratum`, as
//   `sunlit draw export-pool`) and GET /api/v1/public/draws/{id}/record.json (as
//   `sunlit draw export-record`), no login.

export const API_BASE = '/api/v1';
const CSRF_HEADER = 'X-CSRF-Token';

let csrfToken = null;
let unauthenticatedHandler = null;

/** Sets the CSRF token (session.js does, from GET /session after a page reload). */
export function setCsrfToken(token) {
  csrfToken = typeof token === 'string' && token ? token : null;
}

/**
 * `fn(error)` is called when a request other than the session's own answers 401 (the session
 * ended or expired): session.js sends the user to the login page. One handler; null removes it.
 */
export function onUnauthenticated(fn) {
  unauthenticatedHandler = fn;
}

/** An API failure: HTTP status (0 when the server could not be reached), code, message. */
export class ApiError extends Error {
  constructor(status, code, message, field = '') {
    super(message || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;  // the request field the error is about, when one
  }
}

// `raw`: a File or Blob sent as the body (with `contentType`, else its own type).
// `as`: 'json' parses the answer, 'text' returns it verbatim (the verifier needs the exact
// bytes of a record, not a re-serialisation).
// `raw` (or `body`) + `contentType`: a raw body (an uploaded file) instead of `json`.
export async function request(method, path, { json, raw: rawBody, body: rawAlias, contentType, accept = 'application/json', as = 'json', signal } = {}) {
  const raw = rawBody ?? rawAlias;
  const headers = { Accept: accept };
  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (raw !== undefined) {
    // An upload (a File or Blob sent as it is), e.g. POST /imports/{kind}.
    headers['Content-Type'] = contentType || raw.type || 'application/octet-stream';
    body = raw;
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers[CSRF_HEADER] = csrfToken;
  let res;
  try {
    res = await fetch(API_BASE + path, { method, headers, body, credentials: 'same-origin', signal });
  } catch (e) {
    if (e?.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'network error');
  }
  if (!res.ok) {
    let code = `http_${res.status}`;
    let message = '';
    let field = '';
    try {
      const err = (await res.json())?.error;
      if (err && typeof err.code === 'string') code = err.code;
      if (err && typeof err.message === 'string') message = err.message;
      if (err && typeof err.field === 'string') field = err.field;
    } catch {
      // Not JSON: the status says enough.
    }
    const error = new ApiError(res.status, code, message, field);
    if (res.status === 401 && path !== '/session' && unauthenticatedHandler) unauthenticatedHandler(error);
    throw error;
  }
  if (res.status === 204) return null;
  return as === 'json' ? res.json() : res.text();
}

/**
 * Uploads `file` (a File or Blob, sent as it is) with XMLHttpRequest, because fetch cannot
 * report upload progress. The same session cookie, CSRF header, error shape and 401 handling
 * as request(). `onProgress({loaded, total})` is called as the bytes leave the browser;
 * `signal` aborts (rejects with an AbortError). Resolves to the parsed JSON answer (null
 * for 204) with the status in `answer.status` left untouched — use `{ withStatus: true }`
 * to get `{ status, body }` (e.g. to tell 202 from 200).
 */
export function upload(method, path, file, { contentType, onProgress, signal, headers: extra = {}, withStatus = false } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, API_BASE + path);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', contentType || file.type || 'application/octet-stream');
    if (csrfToken) xhr.setRequestHeader(CSRF_HEADER, csrfToken);
    for (const [k, v] of Object.entries(extra)) xhr.setRequestHeader(k, v);
    if (onProgress && xhr.upload) {
      xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    }
    const abort = () => xhr.abort();
    if (signal) {
      if (signal.aborted) {
        reject(new DOMException('aborted', 'AbortError'));
        return;
      }
      signal.addEventListener('abort', abort, { once: true });
    }
    const done = () => signal?.removeEventListener('abort', abort);
    xhr.onabort = () => {
      done();
      reject(new DOMException('aborted', 'AbortError'));
    };
    xhr.onerror = () => {
      done();
      reject(new ApiError(0, 'network', 'network error'));
    };
    xhr.onload = () => {
      done();
      const status = xhr.status;
      let body = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (status < 200 || status >= 300) {
        const err = body?.error;
        const error = new ApiError(
          status,
          err && typeof err.code === 'string' ? err.code : `http_${status}`,
          err && typeof err.message === 'string' ? err.message : '',
          err && typeof err.field === 'string' ? err.field : '',
        );
        if (status === 401 && unauthenticatedHandler) unauthenticatedHandler(error);
        reject(error);
        return;
      }
      resolve(withStatus ? { status, body } : body);
    };
    xhr.send(file);
  });
}

/** Logs in. Resolves to the server's answer; rejects with ApiError (401: wrong credentials). */
export async function login(username, password) {
  const answer = await request('POST', '/session', { json: { username, password } });
  csrfToken = typeof answer?.csrf_token === 'string' ? answer.csrf_token : null;
  return answer;
}

/** Logs out (the session cookie is cleared by the server). */
export async function logout() {
  try {
    await request('DELETE', '/session');
  } finally {
    csrfToken = null;
  }
}

/** The URLs of a published draw's files (to be confirmed, see above). */
export function publicDrawUrls(drawId) {
  const base = `${API_BASE}/public/draws/${encodeURIComponent(drawId)}`;
  return { pool: `${base}/pool.csv`, record: `${base}/record.json` };
}

/**
 * Fetches a published draw's pool CSV and record JSON as text, for the in-browser verifier.
 * The verifier trusts neither: it recomputes everything from them.
 */
export async function fetchPublicDrawFiles(drawId, { signal } = {}) {
  const path = `/public/draws/${encodeURIComponent(drawId)}`;
  const [poolCsv, recordJson] = await Promise.all([
    request('GET', `${path}/pool.csv`, { accept: 'text/csv', as: 'text', signal }),
    request('GET', `${path}/record.json`, { accept: 'application/json', as: 'text', signal }),
  ]);
  return { poolCsv, recordJson };
}
