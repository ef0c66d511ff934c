// Routes of the console area (see src/routes/README.md). Children of the layout named below;
// each view is a dynamic import (its own chunk).
export default [
  {
    path: 'plans',
    name: 'console-plans',
    component: () => import('../views/console/PlansView.vue'),
    meta: { title: 'console.plans.title', menu: { group: 'workflow', order: 10 }, permission: 'plan.read' },
  },
  {
    path: 'tasks',
    name: 'console-tasks',
    component: () => import('../views/console/TasksView.vue'),
    meta: { title: 'console.tasks.title', menu: { group: 'workflow', order: 20 }, permission: 'task.read' },
  },
  {
    path: 'tasks/new',
    name: 'console-task-new',
    component: () => import('../views/console/TaskWizardView.vue'),
    meta: { title: 'console.wizard.newTitle', permission: 'task.write' },
  },
  {
    path: 'tasks/:number',
    name: 'console-task',
    component: () => import('../views/console/TaskWizardView.vue'),
    meta: { title: 'console.wizard.title', permission: 'task.read' },
  },
  {
    path: 'users',
    name: 'console-users',
    component: () => import('../views/console/UsersView.vue'),
    meta: { title: 'console.users.title', menu: { group: 'admin', order: 10 }, permission: 'users.admin' },
  },
];
