// API calls of the public portal (no login; docs/api.md "The public portal"), on request().
import { request } from '../api.js';

const q = (params) => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  }
  const s = u.toString();
  return s ? `?${s}` : '';
};
const id = (v) => encodeURIComponent(String(v));

/** Published results by credit code (18 characters) or by name prefix. */
export function searchResults(text, { limit = 20, offset = 0 } = {}) {
  const value = text.trim();
  const byCode = /^[0-9A-HJ-NPQRTUWXY]{18}$/i.test(value);
  return request('GET', `/public/results${q({ [byCode ? 'code' : 'name']: byCode ? value.toUpperCase() : value, limit, offset })}`);
}
export const plans = ({ year, limit = 20, offset = 0 } = {}) => request('GET', `/public/plans${q({ year, limit, offset })}`);
export const tasks = ({ year, limit = 20, offset = 0 } = {}) => request('GET', `/public/tasks${q({ year, limit, offset })}`);
export const task = (number) => request('GET', `/public/tasks/${id(number)}`);
export const taskChecks = (number, { limit = 100, offset = 0 } = {}) =>
  request('GET', `/public/tasks/${id(number)}/checks${q({ limit, offset })}`);
export const draw = (drawId) => request('GET', `/public/draws/${id(drawId)}`);
export const checkpoint = () => request('GET', '/public/ledger/checkpoint');
export const events = ({ from = 0, count = 20 } = {}) => request('GET', `/public/ledger/events${q({ from, count })}`);
export const proof = (seq) => request('GET', `/public/ledger/proofs/${id(seq)}`);
