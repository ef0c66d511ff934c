// The directory pages' logic without Vue (unit-tested): the filters of each directory, their
// client-side checks (the same rules the server applies, so a typo is caught before a round
// trip), the query sent to GET /api/v1/entities|inspectors, and the history's field labels.

/** The filters of each kind; `pattern` is checked before sending, `upper` upper-cases. */
export const FILTERS = {
  entities: [
    { key: 'code', kind: 'text', max: 18, pattern: /^[0-9A-Za-z]*$/, upper: true },
    { key: 'name', kind: 'text', max: 100 },
    { key: 'region', kind: 'text', max: 6, pattern: /^[0-9]*$/ },
    { key: 'industry', kind: 'text', max: 5, pattern: /^[0-9A-Za-z]*$/, upper: true },
    { key: 'type', kind: 'select', options: ['enterprise', 'individual', 'cooperative', 'other'] },
    { key: 'status', kind: 'select', options: ['active', 'suspended', 'liquidating', 'revoked', 'deregistered', 'moved_out'] },
    { key: 'risk', kind: 'select', options: ['A', 'B', 'C', 'D', 'U'] },
  ],
  inspectors: [
    { key: 'code', kind: 'text', max: 64 },
    { key: 'name', kind: 'text', max: 100 },
    { key: 'department', kind: 'text', max: 32 },
    { key: 'region', kind: 'text', max: 6, pattern: /^[0-9]*$/ },
    { key: 'status', kind: 'select', options: ['active', 'suspended', 'left'] },
  ],
};

export const PAGE_SIZE = 20;
/** The server refuses offsets beyond this (narrow the search instead). */
export const MAX_OFFSET = 10000;

export function emptyFilter(kind) {
  return Object.fromEntries(FILTERS[kind].map((f) => [f.key, '']));
}

/**
 * Checks and normalises a filter form. Returns { params } (trimmed, upper-cased where the
 * field says so, empty fields left out) or { field, reason } for the first bad field, where
 * reason is 'pattern' or 'tooLong'.
 */
export function filterParams(kind, form) {
  const params = {};
  for (const f of FILTERS[kind]) {
    let v = String(form[f.key] ?? '').trim();
    if (!v) continue;
    if (f.kind === 'select') {
      if (!f.options.includes(v)) return { field: f.key, reason: 'pattern' };
    } else {
      if (new TextEncoder().encode(v).length > f.max) return { field: f.key, reason: 'tooLong' };
      if (f.pattern && !f.pattern.test(v)) return { field: f.key, reason: 'pattern' };
      if (f.upper) v = v.toUpperCase();
    }
    params[f.key] = v;
  }
  return { params };
}

/** The pagination of an answer: the last page reachable (the server caps offset and count). */
export function pageCount(total, limit = PAGE_SIZE) {
  const reachable = Math.min(total, MAX_OFFSET + limit);
  return Math.max(1, Math.ceil(reachable / limit));
}

/** The filter as it appears in the page URL (?code=…), and back: shareable searches. */
export function filterFromQuery(kind, query) {
  const form = emptyFilter(kind);
  for (const f of FILTERS[kind]) {
    const v = query?.[f.key];
    if (typeof v === 'string') form[f.key] = v;
  }
  const page = Number.parseInt(query?.page, 10);
  return { form, page: Number.isFinite(page) && page > 0 ? page : 1 };
}

/** The history's columns are wire names (docs/formats.md); these are translated, others shown as is. */
export const HISTORY_FIELDS = [
  'name', 'type', 'status', 'region', 'industry', 'unit_code', 'tags', 'risk', 'last_inspected', 'address',
  'department_code', 'certificate_no', 'certificate_expiry', 'qualifications', 'expert', 'leader',
];
