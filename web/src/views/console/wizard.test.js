import { describe, expect, it } from 'vitest';
import { makeI18n } from '../../i18n.js';
import {
  STEP, alternatesOf, canOpenStep, draftOf, explainInfeasible, stepStatus, emptyForm, formOfTask, itemTags, parseNumbers, previewOf, quotaCount, scopeFilters,
  splitList, stepOfState, stepProblems, suggestAvailableAt, tagOptions,
} from './wizard.js';

function filled() {
  const f = emptyForm('SCJG', new Date(Date.UTC(2026, 10, 23)));
  f.title = ' 2026年雨湖区联合抽查 ';
  f.partner_departments = ['XFJY', 'SCJG'];
  f.items = ['SCJG:SCJG-001', 'XFJY:XFJY-001'];
  f.regions = '430302，430304 430302';
  f.quotas.A = { kind: 'bp', value: 300 };
  f.quotas.C = { kind: 'count', value: '10' };
  f.team = { SCJG: 1, XFJY: '1', YJGL: 3 };
  f.exclude_codes = '91430302MA4L00000X\n';
  f.materials = '营业执照\n\n 消防安全制度 ';
  return f;
}

describe('the task wizard', () => {
  it('splits lists as people type them', () => {
    expect(splitList('4303, 430302；5265、 F52\n52')).toEqual(['4303', '430302', '5265', 'F52', '52']);
    expect(splitList('')).toEqual([]);
    expect(splitList(['a', ' a ', 'b'])).toEqual(['a', 'b']);
  });

  it('reads lottery numbers and refuses anything else', () => {
    expect(parseNumbers('3 9 1')).toEqual({ numbers: [3, 9, 1] });
    expect(parseNumbers('03,09，14 + 12')).toEqual({ numbers: [3, 9, 14, 12] });
    expect(parseNumbers('  ')).toEqual({ error: 'empty' });
    expect(parseNumbers('3 -9')).toEqual({ error: 'not_a_number', token: '-9' });
    expect(parseNumbers('3 9.5')).toEqual({ error: 'not_a_number', token: '9.5' });
    expect(parseNumbers(Array(101).fill('1').join(' '))).toEqual({ error: 'too_many' });
  });

  it('builds the draft the server reads', () => {
    const d = draftOf(filled());
    expect(d.title).toBe('2026年雨湖区联合抽查');
    expect(d.partner_departments).toEqual(['XFJY']);  // the lead is not a partner
    expect(d.items).toEqual([{ department: 'SCJG', code: 'SCJG-001' }, { department: 'XFJY', code: 'XFJY-001' }]);
    expect(d.scope.region_prefixes).toEqual(['430302', '430304']);
    expect(d.stratify).toBe('risk_class');
    expect(d.quotas).toEqual([{ stratum: 'A', kind: 'bp', value: 300 }, { stratum: 'C', kind: 'count', value: 10 }]);
    // Only departments that take part; YJGL is not one.
    expect(d.team).toEqual([{ department: 'SCJG', count: 1 }, { department: 'XFJY', count: 1 }]);
    expect(d.exclude_codes).toEqual(['91430302MA4L00000X']);
    expect(d.materials).toEqual(['营业执照', '消防安全制度']);
    expect(d.joint_industry_cap).toBe(false);
    expect(d).not.toHaveProperty('plan_id');
    expect(d).not.toHaveProperty('checklist');
  });

  it('uses the one unlabelled quota without stratification', () => {
    const f = filled();
    f.stratify = 'none';
    f.quotas[''] = { kind: 'count', value: 12 };
    expect(draftOf(f).quotas).toEqual([{ stratum: '', kind: 'count', value: 12 }]);
    expect(previewOf(f).stratify).toBe('none');
  });

  it('round-trips a task through the form', () => {
    const task = { ...draftOf(filled()), number: 'XT-2026-0003', state: 'draft', checklist: { code: 'fuel-station', version: 1 },
      scope: { ...draftOf(filled()).scope, statuses: ['active'] } };
    const again = draftOf(formOfTask(task));
    expect(again.items).toEqual(task.items);
    expect(again.quotas).toEqual(task.quotas);
    expect(again.team).toEqual(task.team);
    expect(again.scope.statuses).toEqual([]);  // the default (active) is not spelled out again
    expect(again.checklist).toEqual({ code: 'fuel-station' });
  });

  it('sends every scope filter to the pool count and the draft, and reads them back', () => {
    const f = filled();
    f.industries = 'F52, 5265';
    f.types = ['enterprise'];
    f.statuses = ['active', 'suspended'];
    f.risks = ['C', 'D'];
    f.tags = ['fuel_retail', 'hazardous_chemicals'];
    const body = previewOf(f);
    expect(body.scope).toEqual({
      region_prefixes: ['430302', '430304'], industry_prefixes: ['F52', '5265'], types: ['enterprise'],
      tags_any: ['fuel_retail', 'hazardous_chemicals'], statuses: ['active', 'suspended'], risks: ['C', 'D'],
    });
    expect(draftOf(f).scope).toEqual(body.scope);
    // The form's arrays are copied, not shared with the request.
    body.scope.tags_any.push('x');
    expect(f.tags).toEqual(['fuel_retail', 'hazardous_chemicals']);
    const back = formOfTask({ ...draftOf(f), state: 'draft' });
    expect(back.statuses).toEqual(['active', 'suspended']);
    expect(back.risks).toEqual(['C', 'D']);
    expect(back.tags).toEqual(['fuel_retail', 'hazardous_chemicals']);
    expect(emptyForm('SCJG').tags).toEqual([]);
    expect(previewOf(emptyForm('SCJG')).scope.tags_any).toEqual([]);
  });

  it('suggests the tags the chosen items require, and offers known and chosen tags', () => {
    const lists = {
      SCJG: [{ code: 'SCJG-001', tags: ['fuel_retail'] }, { code: 'SCJG-002', tags: ['catering', 'fuel_retail'] }],
      XFJY: [{ code: 'XFJY-001', tags: [] }],
    };
    const f = emptyForm('SCJG');
    f.items = ['SCJG:SCJG-002', 'XFJY:XFJY-001', 'SCJG:SCJG-001', 'YJGL:NONE'];
    expect(itemTags(f, lists)).toEqual(['catering', 'fuel_retail']);
    expect(itemTags(emptyForm('SCJG'), lists)).toEqual([]);
    expect(tagOptions(['pharmacy', 'catering'], ['fuel_retail', 'catering'], ['made_up'])).toEqual([
      { tag: 'catering', known: true }, { tag: 'fuel_retail', known: false },
      { tag: 'made_up', known: false }, { tag: 'pharmacy', known: true },
    ]);
  });

  it('summarises the filters in force, active by default', () => {
    const f = emptyForm('SCJG');
    expect(scopeFilters(f)).toEqual([['statuses', ['active']]]);
    f.industries = 'F52';
    f.risks = ['D'];
    f.tags = ['catering'];
    f.statuses = ['suspended'];
    expect(scopeFilters(f)).toEqual([['industries', ['F52']], ['statuses', ['suspended']], ['risks', ['D']], ['tags', ['catering']]]);
  });

  it('says what is missing before a step is left', () => {
    const f = emptyForm('SCJG');
    expect(stepProblems(f, STEP.items)).toEqual(['title', 'items']);
    expect(stepProblems(f, STEP.scope)).toEqual(['regions']);
    expect(stepProblems(f, STEP.quotas)).toEqual(['quotas']);
    f.quotas.A = { kind: 'bp', value: 20000 };
    expect(stepProblems(f, STEP.quotas)).toEqual(['quota_bp']);
    f.exclude_codes = 'short';
    expect(stepProblems(f, STEP.exclusions)).toEqual(['exclude_codes']);
    f.team = { SCJG: 1 };
    expect(stepProblems(f, STEP.team)).toEqual(['team']);
    expect(stepProblems(filled(), STEP.items)).toEqual([]);
    expect(stepProblems(filled(), STEP.team)).toEqual([]);
  });

  it('resumes a task at the step of its state', () => {
    expect(stepOfState('draft')).toBe(STEP.items);
    expect(stepOfState('frozen')).toBe(STEP.randomness);
    expect(stepOfState('frozen', true)).toBe(STEP.draw);
    expect(stepOfState('drawn')).toBe(STEP.assignment);
    expect(stepOfState('assigned')).toBe(STEP.notices);
  });

  it('counts what a quota draws as the protocol does (ceil in integers)', () => {
    expect(quotaCount({ kind: 'bp', value: 300 }, 101)).toBe(4);  // 3.03 → 4
    expect(quotaCount({ kind: 'bp', value: 300 }, 100)).toBe(3);
    expect(quotaCount({ kind: 'bp', value: 10000 }, 7)).toBe(7);
    expect(quotaCount({ kind: 'count', value: 12 }, 5)).toBe(5);
    expect(quotaCount({ kind: 'count', value: 0 }, 5)).toBe(0);
  });

  it('suggests tonight’s lottery in Beijing time, tomorrow’s once it is past', () => {
    expect(suggestAvailableAt(new Date('2026-11-23T05:00:00Z'))).toBe('2026-11-23T21:15:00+08:00');
    expect(suggestAvailableAt(new Date('2026-11-23T13:15:00Z'))).toBe('2026-11-24T21:15:00+08:00');
    expect(suggestAvailableAt(new Date('2026-11-23T17:00:00Z'))).toBe('2026-11-24T21:15:00+08:00');
  });

  it('lists the alternates of a record', () => {
    const record = { entries: [
      { stratum: 'A', code: '1', role: 'selected' }, { stratum: 'A', code: '2', role: 'alternate' },
      { stratum: 'B', code: '3', role: 'alternate' }] };
    expect(alternatesOf(record).map((e) => e.code)).toEqual(['2', '3']);
    expect(alternatesOf(null)).toEqual([]);
  });

  it('explains an infeasible assignment in Chinese from the structured answer', () => {
    const { t } = makeI18n('zh-CN').global;
    const names = { SCJG: '湘潭市市场监督管理局', XFJY: '湘潭市消防救援支队' };
    const unstaffed = [
      { entity: '91430302MA4L00001X', slots: [
        { department: 'SCJG', required: 3, assigned: 1, inspectors: 4, excluded: { inactive: 0, conflict: 2, workload: 1 } },
        { department: 'XFJY', required: 1, assigned: 0, inspectors: 0, excluded: {} },
      ] },
      ...Array.from({ length: 6 }, (_, i) => ({ entity: `E${i}`, slots: [] })),
    ];
    const text = explainInfeasible(unstaffed, { t, deptName: (d) => names[d] ?? d });
    expect(text.startsWith('有 7 个检查对象无法组成检查组：91430302MA4L00001X：')).toBe(true);
    expect(text).toContain('湘潭市市场监督管理局需要 3 人，只能匹配 1 人（候选 4 人，其中因回避 2 人、工作量已满 1 人被排除）');
    expect(text).toContain('湘潭市消防救援支队需要 1 人，只能匹配 0 人（候选 0 人）');
    expect(text).toContain('E3；另有 2 个对象情况类似。');
    expect(text).not.toContain('E5');
    expect(text.endsWith('可扩大人员匹配范围（相邻区县或全市人员库）后重新匹配。')).toBe(true);
    expect(text).not.toMatch(/cannot|[{}"]/);
    const en = explainInfeasible(unstaffed.slice(0, 1), { t: makeI18n('en').global.t });
    expect(en).toContain('SCJG needs 3, only 1 can be matched');
  });

  it('opens a step header only for steps done or reached, never before the first open one', () => {
    const none = () => [];
    // A draft at the quotas step, having been to the team step before.
    const at = { current: STEP.quotas, reached: STEP.team, firstOpen: STEP.items, problemsAt: none };
    expect(canOpenStep(STEP.items, at)).toBe(true);
    expect(canOpenStep(STEP.quotas, at)).toBe(true);
    expect(canOpenStep(STEP.team, at)).toBe(true);
    expect(canOpenStep(STEP.freeze, at)).toBe(false);  // never reached
    // Forward only over steps with nothing missing.
    expect(canOpenStep(STEP.team, { ...at, problemsAt: (i) => (i === STEP.exclusions ? ['exclude_codes'] : []) })).toBe(false);
    expect(canOpenStep(STEP.exclusions, { ...at, problemsAt: (i) => (i === STEP.exclusions ? ['exclude_codes'] : []) })).toBe(true);
    // A frozen task: the draft's steps are closed.
    const frozen = { current: STEP.notices, reached: STEP.notices, firstOpen: STEP.freeze };
    expect(canOpenStep(STEP.team, frozen)).toBe(false);
    expect(canOpenStep(STEP.freeze, frozen)).toBe(true);
    expect(stepStatus(1, 3)).toBe('done');
    expect(stepStatus(3, 3)).toBe('current');
    expect(stepStatus(4, 3)).toBe('todo');
  });
});
