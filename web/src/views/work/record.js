// The record form (市场监管领域随机抽查情况记录表) as data: the empty form of a task's items,
// the form of a stored result, the body of PUT /checks/{id}/result, the client-side checks
// that mirror core::ValidateCheckResult (the server decides; these only save a round trip),
// and the local draft kept on the device (the server has no drafts: an entry is a submission).

export const METHODS = ['on_site', 'documents', 'online', 'agency', 'testing', 'other_results'];
export const FOLLOW_UPS = ['none', 'order_correction', 'case_filed', 'referred', 'abnormal_list', 'other'];

/** The form for a check without a result: every item of the task, checked, nothing found. */
export function emptyForm(taskItems, today) {
  return {
    checked_on: today,
    methods: ['on_site'],
    category: '',
    follow_up: 'none',
    follow_up_note: '',
    summary: '',
    items: (taskItems ?? []).map((i) => ({
      department: i.department,
      item: i.code ?? i.item,
      name: i.name ?? '',
      checked: true,
      problems: '',
      action: '',
    })),
  };
}

/** The form of a stored result (GET /checks/{id}/result → result). */
export function formFromResult(result) {
  return {
    checked_on: result.checked_on,
    methods: [...(result.methods ?? [])],
    category: result.category ?? '',
    follow_up: result.follow_up ?? 'none',
    follow_up_note: result.follow_up_note ?? '',
    summary: result.summary ?? '',
    items: (result.items ?? []).map((i) => ({
      department: i.department,
      item: i.item,
      name: i.name ?? '',
      checked: !!i.checked,
      problems: i.problems ?? '',
      action: i.action ?? '',
    })),
  };
}

/** The body of PUT /checks/{id}/result. */
export function toRequest(form, version) {
  const body = {
    version,
    checked_on: form.checked_on,
    methods: METHODS.filter((m) => form.methods.includes(m)),
    category: form.category,
    follow_up: form.follow_up,
    items: form.items.map((i) => {
      const row = { department: i.department, item: i.item, checked: !!i.checked };
      if (i.checked && i.problems.trim()) row.problems = i.problems.trim();
      if (i.checked && i.action.trim()) row.action = i.action.trim();
      return row;
    }),
  };
  if (form.summary.trim()) body.summary = form.summary.trim();
  if (form.follow_up !== 'none' && form.follow_up_note.trim()) body.follow_up_note = form.follow_up_note.trim();
  return body;
}

/**
 * What is wrong with the form before it is sent: [{ field, key, params }], key being a message
 * key under work.record.invalid. `categories`: the list of GET /result-categories; `today`,
 * `windowStart`: YYYY-MM-DD (the check cannot be in the future or before the check period).
 */
export function validate(form, categories, { today, windowStart } = {}) {
  const problems = [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.checked_on ?? '')) problems.push({ field: 'checked_on', key: 'date' });
  else if (today && form.checked_on > today) problems.push({ field: 'checked_on', key: 'future' });
  else if (windowStart && form.checked_on < windowStart) problems.push({ field: 'checked_on', key: 'beforeWindow', params: { date: windowStart } });
  if (!form.methods.length) problems.push({ field: 'methods', key: 'methods' });
  const category = (categories ?? []).find((c) => c.code === form.category);
  if (!category) problems.push({ field: 'category', key: 'category' });
  if (category?.needs_follow_up && form.follow_up === 'none') problems.push({ field: 'follow_up', key: 'followUpNeeded' });
  if (form.follow_up === 'other' && !form.follow_up_note.trim()) problems.push({ field: 'follow_up_note', key: 'followUpNote' });
  const found = form.items.some((i) => i.checked && i.problems.trim());
  if (category && !category.problem && found) problems.push({ field: 'category', key: 'problemsButNoProblem' });
  if (!form.items.some((i) => i.checked)) problems.push({ field: 'items', key: 'nothingChecked' });
  return problems;
}

// ---- the local draft ------------------------------------------------------------------------

const PREFIX = 'sunlit.draft.';

export const draftKey = (username, checkId) => `${PREFIX}${username || '-'}.${checkId}`;

/** Keeps the form on this device (localStorage), with the version it was based on. */
export function saveDraft(storage, key, form, version, now = new Date().toISOString()) {
  try {
    storage?.setItem(key, JSON.stringify({ form, version, saved_at: now }));
    return true;
  } catch {
    return false;  // full or private browsing: the form stays on the page
  }
}

/** The draft kept for `key`, or null (also for anything unreadable). */
export function loadDraft(storage, key) {
  try {
    const d = JSON.parse(storage?.getItem(key) ?? 'null');
    if (!d || typeof d !== 'object' || !d.form || !Array.isArray(d.form.items) || !Array.isArray(d.form.methods)) return null;
    return d;
  } catch {
    return null;
  }
}

export function dropDraft(storage, key) {
  try {
    storage?.removeItem(key);
  } catch {
    // nothing to do
  }
}
