// The task wizard's logic, without Vue: the form ↔ the task draft of POST/PUT /api/v1/tasks
// (src/http/workflow_routes.cc ReadDraft), the step a task's state resumes at, and the
// parsing of lists and lottery numbers typed by a person. Unit-tested in wizard.test.js.

export const STEPS = [
  'items', 'scope', 'quotas', 'exclusions', 'team', 'freeze', 'randomness', 'draw', 'assignment', 'notices',
];
export const STEP = Object.fromEntries(STEPS.map((s, i) => [s, i]));
export const RISK_LABELS = ['A', 'B', 'C', 'D', 'U'];
/** Registration statuses a scope may keep (core::RegistrationStatus); none chosen = active only. */
export const STATUSES = ['active', 'suspended', 'liquidating', 'revoked', 'deregistered', 'moved_out'];
/** Entity types a scope may keep (core::EntityType); none chosen = every type. */
export const ENTITY_TYPES = ['enterprise', 'individual', 'cooperative', 'other'];

/** "4303, 430302；5265" → ['4303', '430302', '5265']: split on commas (also 、，；), blanks, new lines; unique. */
export function splitList(text) {
  if (Array.isArray(text)) return [...new Set(text.map((s) => String(s).trim()).filter(Boolean))];
  return [...new Set(String(text ?? '').split(/[\s,，、;；]+/).map((s) => s.trim()).filter(Boolean))];
}

/**
 * The numbers of one announced source as a person types them ("3 9 1", "03,09,01",
 * "红球 3 9 14 蓝球 12" is not accepted: only digits and separators). Returns
 * { numbers } or { error: 'empty' | 'not_a_number' | 'too_many' }.
 */
export function parseNumbers(text) {
  const tokens = String(text ?? '').split(/[\s,，、;；+|]+/).filter(Boolean);
  if (!tokens.length) return { error: 'empty' };
  if (tokens.length > 100) return { error: 'too_many' };
  const numbers = [];
  for (const tok of tokens) {
    if (!/^\d{1,15}$/.test(tok)) return { error: 'not_a_number', token: tok };
    numbers.push(Number(tok));
  }
  return { numbers };
}

/** The wizard step at which a task in `state` continues; `randomnessEntered` for frozen tasks. */
export function stepOfState(state, randomnessEntered = false) {
  switch (state) {
    case 'draft': return STEP.items;
    case 'frozen': return randomnessEntered ? STEP.draw : STEP.randomness;
    case 'drawn': return STEP.assignment;
    case 'assigned':
    case 'closed': return STEP.notices;
    default: return STEP.items;
  }
}

/** The earliest step a task in `state` may show (steps before it are done and read-only). */
export function firstOpenStep(state) {
  return state === 'draft' || !state ? STEP.items : STEP.freeze;
}

/** Departments taking part: the lead, then the partners (without the lead, no repeats). */
export function participants(form) {
  const out = [];
  for (const d of [form.lead_department, ...(form.partner_departments ?? [])]) {
    if (d && !out.includes(d)) out.push(d);
  }
  return out;
}

/** Stratum labels of the quotas: A–D and U by risk class, or the one label "". */
export function quotaLabels(form) {
  return form.stratify === 'risk_class' ? RISK_LABELS : [''];
}

/** A new, empty form for `department` (the user's), the window starting next month. */
export function emptyForm(department = '', today = new Date()) {
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth();
  const start = new Date(Date.UTC(y, m + 1, 1));
  const end = new Date(Date.UTC(y, m + 3, 0));
  const iso = (d) => d.toISOString().slice(0, 10);
  const quotas = {};
  for (const l of ['', ...RISK_LABELS]) quotas[l] = { kind: 'bp', value: 0 };
  return {
    title: '',
    bureau: 'XT',
    kind: 'random',
    plan_id: null,
    lead_department: department,
    partner_departments: [],
    checklist: '',
    items: [],           // "DEPT:CODE"
    regions: '',
    industries: '',
    types: [],
    statuses: [],        // [] = active only (the server's default)
    risks: [],           // [] = every class
    tags: [],            // regulatory tags, any of; [] = no restriction
    stratify: 'risk_class',
    quotas,
    reserve: 2,
    cooldown_days: 0,
    annual_cap: false,
    joint_industry_cap: false,
    exclude_codes: '',
    team: {},            // department → count
    cross_unit: false,
    workload_cap: 0,
    window_start: iso(start),
    window_end: iso(end),
    confidential: false,
    materials: '',
    contact: { name: '', phone: '', address: '' },
  };
}

/** The body of POST /api/v1/pool-preview for the form's scope and exclusions. */
export function previewOf(form, { withExclusions = true } = {}) {
  const body = {
    scope: {
      region_prefixes: splitList(form.regions),
      industry_prefixes: splitList(form.industries),
      types: [...(form.types ?? [])],
      tags_any: [...(form.tags ?? [])],
      statuses: [...(form.statuses ?? [])],
      risks: [...(form.risks ?? [])],
    },
    stratify: form.stratify === 'risk_class' ? 'risk_class' : 'none',
  };
  if (withExclusions) {
    body.cooldown_days = Number(form.cooldown_days) || 0;
    body.annual_cap = Boolean(form.annual_cap);
    body.exclude_codes = splitList(form.exclude_codes);
  }
  return body;
}

/** The task draft (POST /api/v1/tasks) of a form. */
export function draftOf(form) {
  const parts = participants(form);
  const draft = {
    bureau: form.bureau.trim(),
    title: form.title.trim(),
    kind: form.kind,
    lead_department: form.lead_department,
    partner_departments: parts.slice(1),
    items: form.items.map((key) => {
      const i = key.indexOf(':');
      return { department: key.slice(0, i), code: key.slice(i + 1) };
    }),
    ...previewOf(form),
    quotas: quotaLabels(form)
      .map((stratum) => ({ stratum, kind: form.quotas[stratum]?.kind ?? 'bp', value: Number(form.quotas[stratum]?.value) || 0 }))
      .filter((q) => q.value > 0),
    reserve: Number(form.reserve) || 0,
    joint_industry_cap: form.kind === 'joint_industry' && Boolean(form.joint_industry_cap),
    team: parts.filter((d) => Number(form.team[d]) > 0).map((d) => ({ department: d, count: Number(form.team[d]) })),
    cross_unit: Boolean(form.cross_unit),
    workload_cap: Number(form.workload_cap) || 0,
    window_start: form.window_start,
    window_end: form.window_end,
    confidential: Boolean(form.confidential),
    materials: String(form.materials ?? '').split('\n').map((s) => s.trim()).filter(Boolean),
    contact: { name: form.contact.name.trim(), phone: form.contact.phone.trim(), address: form.contact.address.trim() },
  };
  if (form.plan_id) draft.plan_id = Number(form.plan_id);
  if (form.checklist) draft.checklist = { code: form.checklist };
  return draft;
}

/** A form filled from a task as GET /api/v1/tasks/{number} answers it. */
export function formOfTask(task) {
  const form = emptyForm(task.lead_department);
  form.title = task.title ?? '';
  form.bureau = task.bureau ?? 'XT';
  form.kind = task.kind ?? 'random';
  form.plan_id = task.plan_id ?? null;
  form.partner_departments = [...(task.partner_departments ?? [])];
  form.checklist = task.checklist?.code ?? '';
  form.items = (task.items ?? []).map((i) => `${i.department}:${i.code}`);
  form.regions = (task.scope?.region_prefixes ?? []).join(', ');
  form.industries = (task.scope?.industry_prefixes ?? []).join(', ');
  form.types = [...(task.scope?.types ?? [])];
  form.statuses = [...(task.scope?.statuses ?? [])].filter((s) => s !== 'active' || (task.scope?.statuses ?? []).length > 1);
  form.risks = [...(task.scope?.risks ?? [])];
  form.tags = [...(task.scope?.tags_any ?? [])];
  form.stratify = task.stratify === 'risk_class' ? 'risk_class' : 'none';
  for (const q of task.quotas ?? []) form.quotas[q.stratum] = { kind: q.kind, value: q.value };
  form.reserve = task.reserve ?? 0;
  form.cooldown_days = task.cooldown_days ?? 0;
  form.annual_cap = Boolean(task.annual_cap);
  form.joint_industry_cap = Boolean(task.joint_industry_cap);
  form.exclude_codes = (task.exclude_codes ?? []).join('\n');
  form.team = Object.fromEntries((task.team ?? []).map((t) => [t.department, t.count]));
  form.cross_unit = Boolean(task.cross_unit);
  form.workload_cap = task.workload_cap ?? 0;
  form.window_start = task.window_start ?? form.window_start;
  form.window_end = task.window_end ?? form.window_end;
  form.confidential = Boolean(task.confidential);
  form.materials = (task.materials ?? []).join('\n');
  form.contact = { name: task.contact?.name ?? '', phone: task.contact?.phone ?? '', address: task.contact?.address ?? '' };
  return form;
}

/**
 * The regulatory tags the chosen items require of the objects they check (the item lists'
 * `tags`), sorted and unique: what the scope step suggests filtering by. `itemLists` maps a
 * department to its items as GET /api/v1/items answers them.
 */
export function itemTags(form, itemLists) {
  const out = new Set();
  for (const key of form.items ?? []) {
    const i = key.indexOf(':');
    const dept = key.slice(0, i);
    const code = key.slice(i + 1);
    const item = (itemLists?.[dept] ?? []).find((x) => x.code === code);
    for (const tag of item?.tags ?? []) out.add(tag);
  }
  return [...out].sort();
}

/**
 * The choices of the tag filter: the tags the directory knows (pool preview's `tags`), those
 * the items suggest and those already chosen, sorted and unique, each with whether the
 * directory knows it (an unknown tag matches nothing).
 */
export function tagOptions(known = [], suggested = [], chosen = []) {
  const knownSet = new Set(known);
  return [...new Set([...known, ...suggested, ...chosen])].sort().map((tag) => ({ tag, known: knownSet.has(tag) }));
}

/**
 * The scope filters in force besides the regions, as [key, values] pairs for a summary line:
 * industries, types, statuses (active when none), risks, tags.
 */
export function scopeFilters(form) {
  const out = [];
  const industries = splitList(form.industries);
  if (industries.length) out.push(['industries', industries]);
  if (form.types?.length) out.push(['types', [...form.types]]);
  out.push(['statuses', form.statuses?.length ? [...form.statuses] : ['active']]);
  if (form.risks?.length) out.push(['risks', [...form.risks]]);
  if (form.tags?.length) out.push(['tags', [...form.tags]]);
  return out;
}

/**
 * What is missing before the step `step` can be left, as message keys (empty: fine). The
 * server checks everything again; this only saves a round trip for the obvious.
 */
export function stepProblems(form, step) {
  const p = [];
  if (step === STEP.items) {
    if (!form.title.trim()) p.push('title');
    if (!form.bureau.trim()) p.push('bureau');
    if (!form.lead_department) p.push('lead');
    if (!form.items.length) p.push('items');
    if (!form.window_start || !form.window_end || form.window_end < form.window_start) p.push('window');
  } else if (step === STEP.scope) {
    if (!splitList(form.regions).length) p.push('regions');
  } else if (step === STEP.quotas) {
    if (!quotaLabels(form).some((l) => Number(form.quotas[l]?.value) > 0)) p.push('quotas');
    for (const l of quotaLabels(form)) {
      const q = form.quotas[l];
      if (q?.kind === 'bp' && Number(q.value) > 10000) p.push('quota_bp');
    }
  } else if (step === STEP.exclusions) {
    if (splitList(form.exclude_codes).some((c) => c.length !== 18)) p.push('exclude_codes');
  } else if (step === STEP.team) {
    const total = participants(form).reduce((n, d) => n + (Number(form.team[d]) || 0), 0);
    if (total < 2) p.push('team');
  }
  return [...new Set(p)];
}

/**
 * A suggested announcement time for a lottery drawn tonight at 21:15 Beijing time (or
 * tomorrow's when that has passed), as the server reads it ("2026-11-24T21:15:00+08:00").
 */
export function suggestAvailableAt(now = new Date()) {
  const china = new Date(now.getTime() + 8 * 3600 * 1000);
  let day = new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate()));
  const cutoff = day.getTime() + (21 * 60 + 15) * 60 * 1000;
  if (china.getTime() >= cutoff) day = new Date(day.getTime() + 24 * 3600 * 1000);
  return `${day.toISOString().slice(0, 10)}T21:15:00+08:00`;
}

/** The alternates of a draw record (record.json), in record order. */
export function alternatesOf(record) {
  return (record?.entries ?? []).filter((e) => e.role === 'alternate');
}

/** Basis points as a percentage for people: 250 → "2.50 %". */
export function bpText(bp) {
  return `${(Number(bp) / 100).toFixed(2)} %`;
}

/** The number a quota would draw from a stratum of `size` (the protocol's ceiling for bp). */
export function quotaCount(quota, size) {
  if (!quota || !(Number(quota.value) > 0) || !(size > 0)) return 0;
  if (quota.kind === 'count') return Math.min(Number(quota.value), size);
  // ceil(size × bp / 10000) in integers (docs/draw.md: quotas in basis points round up).
  return Math.min(size, Math.floor((size * Number(quota.value) + 9999) / 10000));
}

/**
 * The infeasibility explanation in the user's language, from the structured answer of POST
 * …/assignment (`unstaffed`: per entity, per department the places required and filled, the
 * candidates and how many each reason excluded). The server's own `explanation` line is
 * English; this one is built from the same facts. `t` is vue-i18n's, `deptName` maps a code
 * to a name; at most `max` entities are spelled out.
 */
export function explainInfeasible(unstaffed, { t, deptName = (d) => d, max = 5 }) {
  const list = unstaffed ?? [];
  const parts = list.slice(0, max).map((u) => {
    const slots = (u.slots ?? []).map((s) => {
      const reasons = Object.entries(s.excluded ?? {})
        .filter(([, n]) => n > 0)
        .map(([k, n]) => t('console.wizard.assign.reasonCount', { reason: t(`console.wizard.assign.reasons.${k}`), n }))
        .join('、');
      return t(reasons ? 'console.wizard.assign.slotLine' : 'console.wizard.assign.slotLineNoReason', {
        dept: deptName(s.department), required: s.required, assigned: s.assigned, inspectors: s.inspectors, reasons,
      });
    });
    return slots.length ? `${u.entity}：${slots.join('；')}` : u.entity;
  });
  const sep = t('console.wizard.assign.sentenceEnd');
  let text = t('console.wizard.assign.explainHead', { n: list.length });
  text += parts.join(sep);
  if (list.length > max) text += t('console.wizard.assign.explainMore', { n: list.length - max });
  return `${text}${sep}${t('console.wizard.assign.explainTail')}${sep}`.trimEnd();
}

/**
 * Whether the step header `index` may be opened: a step already done or reached before
 * (`reached`, the furthest step shown), never one before `firstOpen` (done and closed, e.g.
 * the draft's steps once frozen — they are shown read-only from the task instead) … and, for a
 * step ahead of `current` among the draft's steps, only when every step between has nothing
 * missing (`problemsAt(i)` empty).
 */
export function canOpenStep(index, { current, reached, firstOpen, problemsAt = () => [] }) {
  if (index === current) return true;
  if (index < firstOpen || index > reached) return false;
  if (index < current) return true;
  for (let i = current; i < index; i++) if (problemsAt(i).length) return false;
  return true;
}

/** The state of a step header: 'done' (before the current), 'current' or 'todo'. */
export function stepStatus(index, current) {
  if (index < current) return 'done';
  return index === current ? 'current' : 'todo';
}
