// Routes of the portal area (see src/routes/README.md). Children of the layout named below;
// each view is a dynamic import (its own chunk).
//
// Children of / (PublicLayout, no login): result search, plans, task announcements with their
// drawn lists, a draw's page (verified in the browser), the transparency log's checkpoint.
export default [
  { path: 'results', name: 'portal-results', component: () => import('../views/portal/ResultsView.vue'), meta: { title: 'portal.results.title' } },
  { path: 'plans', name: 'portal-plans', component: () => import('../views/portal/PlansView.vue'), meta: { title: 'portal.plans.title' } },
  { path: 'tasks', name: 'portal-tasks', component: () => import('../views/portal/TasksView.vue'), meta: { title: 'portal.tasks.title' } },
  {
    path: 'tasks/:number([A-Za-z0-9_-]{1,100})',
    name: 'portal-task',
    component: () => import('../views/portal/TaskView.vue'),
    meta: { title: 'portal.task.title' },
  },
  {
    path: 'draws/:id([A-Za-z0-9_-]{1,100})',
    name: 'portal-draw',
    component: () => import('../views/portal/DrawView.vue'),
    meta: { title: 'portal.draw.title' },
  },
  { path: 'ledger', name: 'portal-ledger', component: () => import('../views/portal/LedgerView.vue'), meta: { title: 'portal.ledger.title' } },
];
