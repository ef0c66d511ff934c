import { describe, expect, it } from 'vitest';
import { emptyPlanForm, isStale, planBody, planForm } from './plans.js';

const stored = {
  id: 7, kind: 'department_annual', year: 2027, department: 'SCJG', region: 430300, title: '2027年度计划', version: 3,
  state: 'draft',
  tasks: [{ title: '企业公示信息抽查', departments: ['SCJG', 'XFJY'], items: ['SCJG:SCJG-001'], scope: '全市', ratio_bp: 300, timing: '二季度' }],
};

describe('the plans form', () => {
  it('round-trips a stored plan through the form', () => {
    const form = planForm(stored);
    expect(form.tasks[0].departments).toBe('SCJG, XFJY');
    const body = planBody(form, 'OTHER');
    expect(body).toEqual({
      kind: 'department_annual', year: 2027, department: 'SCJG', region: 430300, title: '2027年度计划',
      tasks: [{ title: '企业公示信息抽查', departments: ['SCJG', 'XFJY'], items: ['SCJG:SCJG-001'], scope: '全市', ratio_bp: 300, timing: '二季度' }],
    });
  });

  it('trims, splits and leaves out untitled planned tasks; a new plan takes the user’s department', () => {
    const form = emptyPlanForm(2027);
    form.title = ' 新计划 ';
    form.tasks = [{ title: ' 甲 ', departments: 'SCJG，XFJY', items: '', scope: ' ', ratio_bp: '250', timing: '' },
      { title: ' ', departments: 'X', items: '', scope: '', ratio_bp: 0, timing: '' }];
    const body = planBody(form, 'SCJG');
    expect(body.department).toBe('SCJG');
    expect(body.title).toBe('新计划');
    expect(body.tasks).toEqual([{ title: '甲', departments: ['SCJG', 'XFJY'], items: [], scope: '', ratio_bp: 250, timing: '' }]);
    expect(planForm({ ...stored, tasks: [] }).tasks).toHaveLength(1);
  });

  it('knows the stale-version refusal', () => {
    expect(isStale({ status: 409, code: 'aborted' })).toBe(true);
    expect(isStale({ status: 409, code: 'failed_precondition' })).toBe(false);
    expect(isStale(null)).toBe(false);
  });
});
