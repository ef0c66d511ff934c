// API calls of the work area (inspector, review and publication, credit, referrals,
// statistics, the log), built on request() from src/api.js (docs/api.md).
import { API_BASE, request } from '../api.js';

const q = (params) => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  }
  const s = u.toString();
  return s ? `?${s}` : '';
};
const id = (v) => encodeURIComponent(String(v));

// ---- the inspector ------------------------------------------------------------------------
export const myChecks = ({ group = 'open', limit = 50, offset = 0 } = {}) =>
  request('GET', `/me/checks${q({ group, limit, offset })}`);
export const getTask = (number) => request('GET', `/tasks/${id(number)}`);
export const getResult = (checkId) => request('GET', `/checks/${id(checkId)}/result`);
export const resultCategories = (version) => request('GET', `/result-categories${q({ version })}`);
export const saveResult = (checkId, body) => request('PUT', `/checks/${id(checkId)}/result`, { json: body });
export const closeFollowUp = (checkId, body) =>
  request('POST', `/checks/${id(checkId)}/result/closure`, { json: body });
/** Uploads one evidence file (a File or Blob); 201 with the evidence row. */
export const addEvidence = (checkId, file, note = '') =>
  request('POST', `/checks/${id(checkId)}/evidence${q({ name: file.name || 'evidence', note })}`, {
    body: file,
    contentType: file.type || 'application/octet-stream',
  });
export const evidenceUrl = (evidenceId) => `${API_BASE}/evidence/${id(evidenceId)}`;

// ---- review and publication ---------------------------------------------------------------
export const queue = (stage, { limit = 50, offset = 0 } = {}) =>
  request('GET', `/results/queue${q({ stage, limit, offset })}`);
export const deadlines = (filter = 'all', { limit = 50, offset = 0 } = {}) =>
  request('GET', `/results/deadlines${q({ filter, limit, offset })}`);
export const approve = (checkId, version, opinion = '') =>
  request('POST', `/checks/${id(checkId)}/approve`, { json: opinion ? { version, opinion } : { version } });
export const returnResult = (checkId, version, opinion) =>
  request('POST', `/checks/${id(checkId)}/return`, { json: { version, opinion } });
export const publish = (checkId, version) => request('POST', `/checks/${id(checkId)}/publish`, { json: { version } });

// ---- credit, referrals ----------------------------------------------------------------------
export const creditEntries = ({ list, state, code, overdue, limit = 50, offset = 0 } = {}) =>
  request('GET', `/credit/entries${q({ list, state, code, overdue, limit, offset })}`);
export const decideCredit = (entryId, body) => request('POST', `/credit/entries/${id(entryId)}/decision`, { json: body });
export const removeCredit = (entryId, body) => request('POST', `/credit/entries/${id(entryId)}/removal`, { json: body });
export const seriousProposals = () => request('POST', '/credit/serious-proposals', { json: {} });
export const restrictions = (code) => request('GET', `/restrictions/${id(code)}`);
export const referrals = ({ direction = 'in', answered, overdue, limit = 50, offset = 0 } = {}) =>
  request('GET', `/referrals${q({ direction, answered, overdue, limit, offset })}`);
export const sendReferral = (body) => request('POST', '/referrals', { json: body });
export const departments = () => request('GET', '/departments');
export const answerReferral = (referralId, body) =>
  request('POST', `/referrals/${id(referralId)}/feedback`, { json: body });

// ---- statistics -------------------------------------------------------------------------------
export const stats = ({ year, group = 'department', region_level } = {}) =>
  request('GET', `/stats${q({ year, group, region_level })}`);
export const statsExportUrl = ({ year, group = 'department', format = 'csv' } = {}) =>
  `${API_BASE}/stats/export${q({ year, group, format })}`;
