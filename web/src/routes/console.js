// Routes of the console area (see src/routes/README.md). Children of the layout named below;
// each view is a dynamic import (its own chunk).
export default [
  {
    path: 'dashboard',
    name: 'console-dashboard',
    component: () => import('../views/console/DashboardView.vue'),
    meta: { title: 'console.dashboard.title', menu: { group: 'home', order: 10 }, permission: 'stats.read' },
  },
  {
    path: 'entities',
    name: 'console-entities',
    component: () => import('../views/console/DirectoryView.vue'),
    props: { kind: 'entities' },
    meta: { title: 'console.directory.entities.title', menu: { group: 'directory', order: 10 }, permission: 'directory.read' },
  },
  {
    path: 'entities/:code',
    name: 'console-entity',
    component: () => import('../views/console/DirectoryRecordView.vue'),
    props: { kind: 'entities' },
    meta: { title: 'console.directory.entities.record', permission: 'directory.read' },
  },
  {
    path: 'imports',
    name: 'console-imports',
    component: () => import('../views/console/ImportView.vue'),
    meta: { title: 'console.imports.title', menu: { group: 'directory', order: 30 }, permission: 'directory.write' },
  },
  {
    path: 'inspectors',
    name: 'console-inspectors',
    component: () => import('../views/console/DirectoryView.vue'),
    props: { kind: 'inspectors' },
    meta: { title: 'console.directory.inspectors.title', menu: { group: 'directory', order: 20 }, permission: 'directory.read' },
  },
  {
    path: 'inspectors/:code',
    name: 'console-inspector',
    component: () => import('../views/console/DirectoryRecordView.vue'),
    props: { kind: 'inspectors' },
    meta: { title: 'console.directory.inspectors.record', permission: 'directory.read' },
  },
  {
    path: 'items',
    name: 'console-items',
    component: () => import('../views/console/ItemsView.vue'),
    meta: { title: 'console.items.title', menu: { group: 'workflow', order: 5 }, permission: 'plan.read' },
  },
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
    path: 'tasks/:number/notices',
    name: 'console-task-notices',
    component: () => import('../views/console/NoticesPrintView.vue'),
    meta: { title: 'console.printNotices.title', permission: 'task.read' },
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
  {
    path: 'units',
    name: 'console-units',
    component: () => import('../views/console/UnitsView.vue'),
    meta: { title: 'console.units.title', menu: { group: 'admin', order: 30 }, permission: 'users.admin' },
  },
  {
    path: 'roles',
    name: 'console-roles',
    component: () => import('../views/console/RolesView.vue'),
    meta: { title: 'console.roles.title', menu: { group: 'admin', order: 40 }, permission: 'users.admin' },
  },
  {
    path: 'departments',
    name: 'console-departments',
    component: () => import('../views/console/DepartmentsView.vue'),
    meta: { title: 'console.departments.title', menu: { group: 'admin', order: 20 }, permission: 'users.admin' },
  },
];
