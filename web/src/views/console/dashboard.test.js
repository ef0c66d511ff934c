import { describe, expect, it } from 'vitest';
import {
  departmentRates, industryRates, percent, rate, riskMixOption, tasksByStageOption, workload,
} from './dashboard.js';

const t = (k) => k;

describe('dashboard', () => {
  it('formats rates and refuses to divide by zero', () => {
    expect(percent(0.6667)).toBe('66.7%');
    expect(percent(null)).toBe('—');
    expect(rate(1, 0)).toBeNull();
    expect(rate(1, 4)).toBe(0.25);
  });

  it('puts every task state on the axis, zero when absent', () => {
    const o = tasksByStageOption({ tasks_by_state: { draft: 2, closed: 1 } }, t);
    expect(o.xAxis.data).toEqual(['console.taskState.draft', 'console.taskState.frozen', 'console.taskState.drawn',
      'console.taskState.assigned', 'console.taskState.closed']);
    expect(o.series[0].data).toEqual([2, 0, 0, 0, 1]);
  });

  it('shows only the risk classes present, unclassified by name', () => {
    const o = riskMixOption({ risk_mix: { A: 5, C: 0, U: 2 } }, t);
    expect(o.series[0].data.map((d) => [d.name, d.value])).toEqual([['A', 5], ['console.directory.riskNone', 2]]);
  });

  it('computes publication against the checks to do', () => {
    const rows = departmentRates({ rows: [{ key: 'SCJG', name: '市场监管局', to_check: 4, entered: 3, published: 1, completion_rate: 0.75 }] });
    expect(rows).toEqual([{ key: 'SCJG', name: '市场监管局', toCheck: 4, completion: 0.75, publication: 0.25 }]);
  });

  it('ranks industries by problem rate and inspectors by workload', () => {
    const rows = industryRates({ problems_by_industry: [
      { key: 'F', name: '批发和零售业', entered: 10, problems: 1 },
      { key: 'H', name: '住宿和餐饮业', entered: 4, problems: 2 },
      { key: '', name: '', entered: 0, problems: 0 },
    ] });
    expect(rows.map((r) => r.key)).toEqual(['H', 'F', '']);
    expect(rows[2].name).toBe('—');
    const w = workload({ rows: [{ key: 'B', to_check: 1, entered: 0 }, { key: 'A', to_check: 3, entered: 1 }, { key: 'C', to_check: 3, entered: 3 }] }, 2);
    expect(w.map((r) => r.key)).toEqual(['A', 'C']);
  });
});
