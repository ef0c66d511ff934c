// The plans page's form, without Vue: a plan (GET /api/v1/plans/{id}) ↔ the form, and the
// body of POST /api/v1/plans and PUT /api/v1/plans/{id} (src/http/workflow_routes.cc
// ReadPlan). Unit-tested in plans.test.js.
import { splitList } from './wizard.js';

export const emptyPlannedTask = () => ({ title: '', departments: '', items: '', scope: '', ratio_bp: 0, timing: '' });

/** A new plan's form. */
export function emptyPlanForm(year) {
  return { kind: 'department_annual', year, region: 430300, department: '', title: '', tasks: [emptyPlannedTask()] };
}

/** The form of a stored plan (lists joined for the text inputs). */
export function planForm(plan) {
  const tasks = (plan.tasks ?? []).map((x) => ({
    title: x.title ?? '',
    departments: (x.departments ?? []).join(', '),
    items: (x.items ?? []).join(', '),
    scope: x.scope ?? '',
    ratio_bp: x.ratio_bp ?? 0,
    timing: x.timing ?? '',
  }));
  return {
    kind: plan.kind, year: plan.year, region: plan.region, department: plan.department ?? '', title: plan.title ?? '',
    tasks: tasks.length ? tasks : [emptyPlannedTask()],
  };
}

/** The body of POST/PUT: trimmed, lists split, planned tasks without a title left out. */
export function planBody(form, department) {
  return {
    kind: form.kind,
    year: Number(form.year),
    department: form.department || department || '',
    region: Number(form.region),
    title: form.title.trim(),
    tasks: form.tasks.filter((x) => x.title.trim()).map((x) => ({
      title: x.title.trim(),
      departments: splitList(x.departments),
      items: splitList(x.items),
      scope: x.scope.trim(),
      ratio_bp: Number(x.ratio_bp) || 0,
      timing: x.timing.trim(),
    })),
  };
}

/** True when an API error is the stale-version refusal (409 aborted: someone saved meanwhile). */
export function isStale(e) {
  return e?.status === 409 && e?.code === 'aborted';
}
