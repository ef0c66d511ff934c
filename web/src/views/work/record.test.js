import { describe, expect, it } from 'vitest';
import { draftKey, dropDraft, emptyForm, formFromResult, loadDraft, saveDraft, toRequest, validate } from './record.js';

const categories = [
  { code: 'no_problem', problem: false, needs_follow_up: false },
  { code: 'unreachable', problem: true, needs_follow_up: true },
  { code: 'corrected', problem: true, needs_follow_up: false },
];
const items = [
  { department: 'SCJG', code: 'SCJG-001', name: '企业公示信息情况检查' },
  { department: 'XFJY', code: 'XFJY-001', name: '消防安全检查' },
];

class MemoryStorage {
  constructor() { this.m = new Map(); }
  getItem(k) { return this.m.has(k) ? this.m.get(k) : null; }
  setItem(k, v) { this.m.set(k, String(v)); }
  removeItem(k) { this.m.delete(k); }
}

describe('the record form', () => {
  it('starts with every item of the task, checked', () => {
    const f = emptyForm(items, '2026-11-23');
    expect(f.items.map((i) => [i.department, i.item, i.checked])).toEqual([['SCJG', 'SCJG-001', true], ['XFJY', 'XFJY-001', true]]);
    expect(f.checked_on).toBe('2026-11-23');
  });

  it('builds the PUT body: trimmed texts, nothing for unchecked items, optional fields left out', () => {
    const f = emptyForm(items, '2026-05-06');
    f.category = 'corrected';
    f.methods = ['documents', 'on_site'];
    f.items[0].problems = ' 未按规定明码标价 ';
    f.items[0].action = '责令当场整改';
    f.items[1].checked = false;
    f.items[1].problems = 'left over';
    expect(toRequest(f, 7)).toEqual({
      version: 7,
      checked_on: '2026-05-06',
      methods: ['on_site', 'documents'],
      category: 'corrected',
      follow_up: 'none',
      items: [
        { department: 'SCJG', item: 'SCJG-001', checked: true, problems: '未按规定明码标价', action: '责令当场整改' },
        { department: 'XFJY', item: 'XFJY-001', checked: false },
      ],
    });
    f.summary = '现场';
    f.follow_up = 'other';
    f.follow_up_note = '约谈';
    expect(toRequest(f, 1)).toMatchObject({ summary: '现场', follow_up: 'other', follow_up_note: '约谈' });
  });

  it('round-trips a stored result', () => {
    const f = emptyForm(items, '2026-05-06');
    f.category = 'no_problem';
    const stored = { ...toRequest(f, 1), items: toRequest(f, 1).items.map((i) => ({ ...i, name: 'x', problems: '', action: '' })) };
    expect(toRequest(formFromResult(stored), 1)).toEqual(toRequest(f, 1));
  });

  it('checks what the server would refuse', () => {
    const ok = emptyForm(items, '2026-05-06');
    ok.category = 'no_problem';
    expect(validate(ok, categories, { today: '2026-11-23', windowStart: '2026-04-01' })).toEqual([]);
    const keys = (f, o) => validate(f, categories, o).map((p) => p.key);
    expect(keys({ ...ok, checked_on: '' })).toEqual(['date']);
    expect(keys({ ...ok, checked_on: '2026-12-01' }, { today: '2026-11-23' })).toEqual(['future']);
    expect(keys({ ...ok, checked_on: '2026-03-01' }, { windowStart: '2026-04-01' })).toEqual(['beforeWindow']);
    expect(keys({ ...ok, methods: [] })).toEqual(['methods']);
    expect(keys({ ...ok, category: '' })).toEqual(['category']);
    expect(keys({ ...ok, category: 'unreachable' })).toEqual(['followUpNeeded']);
    expect(keys({ ...ok, follow_up: 'other' })).toEqual(['followUpNote']);
    const found = { ...ok, items: ok.items.map((i, n) => ({ ...i, problems: n === 0 ? '问题' : '' })) };
    expect(keys(found)).toEqual(['problemsButNoProblem']);
    expect(keys({ ...found, category: 'corrected' })).toEqual([]);
    expect(keys({ ...ok, items: ok.items.map((i) => ({ ...i, checked: false })) })).toEqual(['nothingChecked']);
  });

  it('keeps a draft on the device per user and check', () => {
    const s = new MemoryStorage();
    const key = draftKey('scjg.inspector', 6);
    expect(key).toBe('sunlit.draft.scjg.inspector.6');
    expect(loadDraft(s, key)).toBeNull();
    const f = emptyForm(items, '2026-05-06');
    expect(saveDraft(s, key, f, 3, '2026-11-23T00:00:00Z')).toBe(true);
    expect(loadDraft(s, key)).toEqual({ form: f, version: 3, saved_at: '2026-11-23T00:00:00Z' });
    s.setItem(key, '{broken');
    expect(loadDraft(s, key)).toBeNull();
    s.setItem(key, JSON.stringify({ form: { items: 'no' } }));
    expect(loadDraft(s, key)).toBeNull();
    dropDraft(s, key);
    expect(s.getItem(key)).toBeNull();
    const full = { setItem() { throw new Error('QuotaExceededError'); } };
    expect(saveDraft(full, key, f, 1)).toBe(false);
  });
});
