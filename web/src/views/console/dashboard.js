// The dashboard's logic without Vue (unit-tested): ECharts options built from the API's
// answers — GET /api/v1/dashboard (tasks by stage, risk mix, problems by industry) and
// GET /api/v1/stats (by department: completion and publication; by inspector: workload).
// `t` is vue-i18n's translate function; every option carries its numbers as text too
// (the views show the same figures in a table for screen readers).

export const TASK_STATES = ['draft', 'frozen', 'drawn', 'assigned', 'closed'];
export const RISK_LABELS = ['A', 'B', 'C', 'D', 'U'];
const RISK_COLORS = { A: '#67c23a', B: '#409eff', C: '#e6a23c', D: '#f56c6c', U: '#c0c4cc' };

/** A rate in [0, 1] (or null) as a percentage with one decimal, '—' when there is none. */
export function percent(rate) {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** num / den, or null when den is 0. */
export function rate(num, den) {
  return den > 0 ? num / den : null;
}

const bar = (labels, values, color, extra = {}) => ({
  animation: false,
  tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
  grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
  xAxis: { type: 'category', data: labels, axisLabel: { interval: 0 } },
  yAxis: { type: 'value', minInterval: 1 },
  series: [{ type: 'bar', data: values, itemStyle: { color }, label: { show: true, position: 'top' } }],
  ...extra,
});

export function tasksByStageOption(dashboard, t) {
  const byState = dashboard?.tasks_by_state ?? {};
  return bar(TASK_STATES.map((s) => t(`console.taskState.${s}`)), TASK_STATES.map((s) => byState[s] ?? 0), '#409eff');
}

export function riskMixOption(dashboard, t) {
  const mix = dashboard?.risk_mix ?? {};
  const data = RISK_LABELS.filter((l) => (mix[l] ?? 0) > 0).map((l) => ({
    name: l === 'U' ? t('console.directory.riskNone') : l,
    value: mix[l],
    itemStyle: { color: RISK_COLORS[l] },
  }));
  return {
    animation: false,
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0 },
    series: [{ type: 'pie', radius: ['35%', '65%'], data, label: { formatter: '{b}\n{d}%' } }],
  };
}

/** Rows of /stats?group=department → completion and publication rate per department. */
export function departmentRates(stats) {
  return (stats?.rows ?? []).map((r) => ({
    key: r.key,
    name: r.name || r.key,
    toCheck: r.to_check,
    completion: r.completion_rate ?? rate(r.entered, r.to_check),
    publication: rate(r.published, r.to_check),
  }));
}

export function departmentRatesOption(stats, t) {
  const rows = departmentRates(stats);
  const pct = (v) => (v === null ? 0 : Math.round(v * 1000) / 10);
  return {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${v}%` },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { name: t('console.dashboard.completion'), type: 'bar', data: rows.map((r) => pct(r.completion)), itemStyle: { color: '#409eff' } },
      { name: t('console.dashboard.publication'), type: 'bar', data: rows.map((r) => pct(r.publication)), itemStyle: { color: '#67c23a' } },
    ],
  };
}

/** problems_by_industry → rows with a problem rate, highest rate first (ties by key). */
export function industryRates(dashboard) {
  return (dashboard?.problems_by_industry ?? [])
    .map((r) => ({ key: r.key, name: r.name || r.key || '—', entered: r.entered, problems: r.problems, rate: rate(r.problems, r.entered) }))
    .sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || a.key.localeCompare(b.key));
}

export function industryOption(dashboard, t) {
  const rows = industryRates(dashboard);
  return {
    ...bar(rows.map((r) => r.name), rows.map((r) => Math.round((r.rate ?? 0) * 1000) / 10), '#e6a23c'),
    tooltip: { trigger: 'axis', valueFormatter: (v) => `${v}%` },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
  };
}

/** Rows of /stats?group=inspector → checks per inspector, the busiest first (at most `n`). */
export function workload(stats, n = 15) {
  return (stats?.rows ?? [])
    .map((r) => ({ key: r.key, toCheck: r.to_check, entered: r.entered }))
    .sort((a, b) => b.toCheck - a.toCheck || a.key.localeCompare(b.key))
    .slice(0, n);
}

export function workloadOption(stats, t) {
  const rows = workload(stats);
  return {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((r) => r.key), inverse: true },
    series: [
      { name: t('console.dashboard.assigned'), type: 'bar', data: rows.map((r) => r.toCheck), itemStyle: { color: '#909399' } },
      { name: t('console.dashboard.entered'), type: 'bar', data: rows.map((r) => r.entered), itemStyle: { color: '#409eff' } },
    ],
  };
}
