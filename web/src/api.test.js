// The API client's requests, with fetch replaced: URLs, methods, bodies, the CSRF header
// and how failures are reported.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, fetchPublicDrawFiles, login, logout, publicDrawUrls, upload } from './api.js';

function answer(status, body, type = 'application/json') {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': type } });
}

describe('api.js', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('logs in with JSON and sends the CSRF token it got on later changes', async () => {
    const fetch = vi.fn()
      .mockResolvedValueOnce(answer(200, { csrf_token: 'tok-1', user: { username: 'li' } }))
      .mockResolvedValueOnce(new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetch);
    await login('li', 'secret');
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('/api/v1/session');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect(JSON.parse(init.body)).toEqual({ username: 'li', password: 'secret' });
    expect(init.headers['Content-Type']).toBe('application/json');
    await logout();
    expect(fetch.mock.calls[1][0]).toBe('/api/v1/session');
    expect(fetch.mock.calls[1][1].method).toBe('DELETE');
    expect(fetch.mock.calls[1][1].headers['X-CSRF-Token']).toBe('tok-1');
  });

  it('reports a refused login with the status and the server\'s code', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(answer(401, { error: { code: 'unauthenticated', message: '用户名或密码错误' } })));
    const e = await login('li', 'wrong').catch((x) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 401, code: 'unauthenticated', message: '用户名或密码错误' });
  });

  it('reports an unreachable server as status 0', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    await expect(login('li', 'x')).rejects.toMatchObject({ status: 0, code: 'network' });
  });

  it('fetches a published draw\'s files verbatim from the public URLs', async () => {
    const fetch = vi.fn(async (url) => (url.endsWith('pool.csv') ? answer(200, 'code,stratum\n', 'text/csv') : answer(200, '{ "a" : 1 }')));
    vi.stubGlobal('fetch', fetch);
    const files = await fetchPublicDrawFiles('XT-2026/01 湘潭');
    expect(fetch.mock.calls.map((c) => c[0]).sort()).toEqual([
      '/api/v1/public/draws/XT-2026%2F01%20%E6%B9%98%E6%BD%AD/pool.csv',
      '/api/v1/public/draws/XT-2026%2F01%20%E6%B9%98%E6%BD%AD/record.json',
    ]);
    expect(files).toEqual({ poolCsv: 'code,stratum\n', recordJson: '{ "a" : 1 }' });
    expect(publicDrawUrls('X').record).toBe('/api/v1/public/draws/X/record.json');
  });
});

// A stand-in for the browser's XMLHttpRequest: records what is sent, answers when told.
class FakeXhr {
  static last = null;
  constructor() {
    FakeXhr.last = this;
    this.headers = {};
    this.upload = {};
    this.status = 0;
    this.responseText = '';
  }
  open(method, url) { Object.assign(this, { method, url }); }
  setRequestHeader(k, v) { this.headers[k] = v; }
  send(body) { this.body = body; }
  abort() { this.onabort?.(); }
  // Test side: progress events, then the answer.
  progress(loaded, total) { this.upload.onprogress?.({ loaded, total, lengthComputable: true }); }
  answer(status, body) {
    this.status = status;
    this.responseText = typeof body === 'string' ? body : JSON.stringify(body);
    this.onload();
  }
}

describe('upload()', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the file with the CSRF token, reports the bytes sent and returns the status', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(answer(200, { csrf_token: 'tok-9' })));
    await login('li', 'secret');
    const seen = [];
    const file = new Blob(['code,name\n'], { type: 'text/csv' });
    const pending = upload('POST', '/imports/entities?job=1', file, { onProgress: (p) => seen.push(p), withStatus: true });
    const xhr = FakeXhr.last;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/api/v1/imports/entities?job=1');
    expect(xhr.headers['X-CSRF-Token']).toBe('tok-9');
    expect(xhr.headers['Content-Type']).toBe('text/csv');
    expect(xhr.body).toBe(file);
    xhr.progress(5, 10);
    xhr.progress(10, 10);
    xhr.answer(202, { id: 3, state: 'running' });
    await expect(pending).resolves.toEqual({ status: 202, body: { id: 3, state: 'running' } });
    expect(seen).toEqual([{ loaded: 5, total: 10 }, { loaded: 10, total: 10 }]);
  });

  it('rejects with the API error of the answer, and on a network failure or abort', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    const refused = upload('POST', '/imports/entities', new Blob(['x']));
    FakeXhr.last.answer(403, { error: { code: 'permission_denied', message: 'no', field: 'kind' } });
    await expect(refused).rejects.toMatchObject({ status: 403, code: 'permission_denied', message: 'no', field: 'kind' });

    const broken = upload('POST', '/imports/entities', new Blob(['x']));
    FakeXhr.last.onerror();
    await expect(broken).rejects.toMatchObject({ status: 0, code: 'network' });

    const controller = new AbortController();
    const aborted = upload('POST', '/imports/entities', new Blob(['x']), { signal: controller.signal });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });

    const notJson = upload('POST', '/imports/entities', new Blob(['x']));
    FakeXhr.last.answer(502, '<html>bad gateway</html>');
    await expect(notJson).rejects.toMatchObject({ status: 502, code: 'http_502' });
  });
});
