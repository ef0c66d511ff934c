// The API calls of the console's pages (docs/api.md; the routes are in src/http/*_routes.cc),
// built on request() from ../api.js, which knows the base URL, the CSRF header and the error
// shape. Each function resolves to the server's JSON answer or rejects with an ApiError.
import { API_BASE, request, upload } from '../api.js';

const enc = encodeURIComponent;

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

// ---- reference lists ---------------------------------------------------------------------
export const departments = () => request('GET', '/departments');
export const roles = () => request('GET', '/roles');
export const items = (department) => request('GET', `/items${query({ department })}`);
export const itemHistory = (department, code) => request('GET', `/items/${enc(department)}/${enc(code)}/history`);
export const checklists = () => request('GET', '/checklists');
export const checklist = (code, version) => request('GET', `/checklists/${enc(code)}${query({ version })}`);
export const saveChecklist = (body) => request('POST', '/checklists', { json: body });

// ---- plans ---------------------------------------------------------------------------------
export const plans = (params) => request('GET', `/plans${query(params)}`);
export const plan = (id) => request('GET', `/plans/${enc(id)}`);
export const createPlan = (body) => request('POST', '/plans', { json: body });
export const updatePlan = (id, version, body) => request('PUT', `/plans/${enc(id)}`, { json: { ...body, version } });
export const filePlan = (id, version) => request('POST', `/plans/${enc(id)}/file`, { json: { version } });
export const publishPlan = (id, version) => request('POST', `/plans/${enc(id)}/publish`, { json: { version } });
export const planDeadlines = (year, city) => request('GET', `/plan-deadlines${query({ year, city })}`);

// ---- tasks and the wizard --------------------------------------------------------------------
export const tasks = (params) => request('GET', `/tasks${query(params)}`);
export const task = (number) => request('GET', `/tasks/${enc(number)}`);
export const createTask = (draft) => request('POST', '/tasks', { json: draft });
export const updateTask = (number, version, draft) =>
  request('PUT', `/tasks/${enc(number)}`, { json: { ...draft, version } });
export const poolPreview = (body, { signal } = {}) => request('POST', '/pool-preview', { json: body, signal });
export const freezeTask = (number, sources) => request('POST', `/tasks/${enc(number)}/freeze`, { json: { sources } });
export const enterRandomness = (number, values) =>
  request('POST', `/tasks/${enc(number)}/randomness`, { json: { values } });
export const drawTask = (number) => request('POST', `/tasks/${enc(number)}/draw`, { json: {} });
export const taskChecks = (number, params) => request('GET', `/tasks/${enc(number)}/checks${query(params)}`);
export const assignTask = (number) => request('POST', `/tasks/${enc(number)}/assignment`, { json: {} });
export const widenings = (number) => request('GET', `/tasks/${enc(number)}/widenings`);
export const widen = (number, body) => request('POST', `/tasks/${enc(number)}/widenings`, { json: body });
export const publicDraw = (number) => request('GET', `/public/draws/${enc(number)}`);
export const drawRecord = (number) => request('GET', `/public/draws/${enc(number)}/record.json`);
/** The printable notice (检查通知书) of one check: an HTML page opened in a new tab. */
export const noticeUrl = (number, entity) => `${API_BASE}/tasks/${enc(number)}/checks/${enc(entity)}/notice`;
/** The same notice as data (GET …/notice?format=json), for the page that prints them all. */
export const notice = (number, entity) => request('GET', `/tasks/${enc(number)}/checks/${enc(entity)}/notice?format=json`);

// ---- users ---------------------------------------------------------------------------------
export const users = (params) => request('GET', `/users${query(params)}`);
export const createUser = (body) => request('POST', '/users', { json: body });
export const setUserRoles = (id, roleCodes) => request('PUT', `/users/${enc(id)}/roles`, { json: { roles: roleCodes } });
export const disableUser = (id) => request('POST', `/users/${enc(id)}/disable`, { json: {} });
export const enableUser = (id) => request('POST', `/users/${enc(id)}/enable`, { json: {} });
export const resetPassword = (id) => request('POST', `/users/${enc(id)}/password`, { json: {} });

// ---- units (监管所、科室) ----------------------------------------------------------------------
export const units = (department) => request('GET', `/units${query({ department })}`);
export const createUnit = (body) => request('POST', '/units', { json: body });
export const saveUnit = (code, body) => request('PUT', `/units/${enc(code)}`, { json: body });

// ---- statistics ------------------------------------------------------------------------------
export const stats = (params) => request('GET', `/stats${query(params)}`);
export const resultDeadlines = (params) => request('GET', `/results/deadlines${query(params)}`);

// ---- directories (kind: 'entities' | 'inspectors') ------------------------------------------
export const directory = (kind, params) => request('GET', `/${kind}${query(params)}`);
export const directoryRecord = (kind, code) => request('GET', `/${kind}/${enc(code)}`);
/** The whole directory as a file: a plain link (the session cookie goes with it). */
export const directoryExportUrl = (kind, format) => `${API_BASE}/${kind}/export${query({ format })}`;

// ---- dashboard -------------------------------------------------------------------------------
export const dashboard = (year) => request('GET', `/dashboard${query({ year })}`);
/** Uploads a CSV or XLSX file to the import of `kind`; resolves to the row report either way. */
export const importFile = (kind, file) =>
  request('POST', `/imports/${enc(kind)}${query({ name: file.name })}`, { raw: file });
/**
 * Uploads a file to the import of `kind` as a background job (POST …?job=1 → 202): the
 * bytes sent go to `onProgress({loaded, total})`; resolves to the job ({id, state, phase, …}).
 */
export const startImportJob = (kind, file, { onProgress, signal } = {}) =>
  upload('POST', `/imports/${enc(kind)}${query({ name: file.name, job: 1 })}`, file, { onProgress, signal });
/** An import job's state, figures and (when finished) its report or error. */
export const importJob = (id, { signal } = {}) => request('GET', `/imports/jobs/${enc(id)}`, { signal });
export const saveItem = (department, code, body) => request('PUT', `/items/${enc(department)}/${enc(code)}`, { json: body });
export const saveDepartment = (code, body) => request('PUT', `/departments/${enc(code)}`, { json: body });
