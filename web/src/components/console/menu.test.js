import { describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { buildMenu, routeAllowed } from './menu.js';
import { makeRouter } from '../../router.js';

const routes = [
  { name: 'a', path: '/staff/plans', meta: { title: 'x.plans', menu: { group: 'workflow', order: 10 }, permission: 'plan.read' } },
  { name: 'b', path: '/staff/tasks', meta: { title: 'x.tasks', menu: { group: 'workflow', order: 5 }, permission: 'task.read' } },
  { name: 'c', path: '/staff/users', meta: { title: 'x.users', menu: { group: 'admin', order: 10 }, permission: 'users.admin' } },
  { name: 'd', path: '/staff/dashboard', meta: { title: 'x.dash', menu: { group: 'home', order: 10 } } },
  { name: 'e', path: '/staff/tasks/:number', meta: { title: 'x.task', menu: { group: 'workflow' }, permission: 'task.read' } },
  { name: 'f', path: '/verify', meta: { title: 'x.verify', menu: { group: 'home' } } },
  { name: 'g', path: '/staff/login', meta: { title: 'x.login', public: true } },
];

describe('the staff menu', () => {
  it('groups in the fixed order, sorts entries, hides what the user may not do', () => {
    const can = (p) => ['plan.read', 'task.read'].includes(p);
    const menu = buildMenu(routes, can);
    expect(menu.map((g) => g.group)).toEqual(['home', 'workflow']);
    expect(menu[1].entries.map((e) => e.name)).toEqual(['b', 'a']);
    const admin = buildMenu(routes, () => true);
    expect(admin.map((g) => g.group)).toEqual(['home', 'workflow', 'admin']);
    expect(buildMenu(routes, () => false).map((g) => g.group)).toEqual(['home']);
  });

  it('checks a route’s permission', () => {
    const route = { matched: [{ meta: {} }, { meta: { permission: 'users.admin' } }] };
    expect(routeAllowed(route, () => false)).toBe(false);
    expect(routeAllowed(route, (p) => p === 'users.admin')).toBe(true);
    expect(routeAllowed({ matched: [{ meta: {} }] }, () => false)).toBe(true);
  });

  it('has an entry for every console route of the real router, with messages', async () => {
    const router = makeRouter(createMemoryHistory());
    const menu = buildMenu(router.getRoutes(), () => true);
    const names = menu.flatMap((g) => g.entries.map((e) => e.name));
    expect(names).toContain('console-tasks');
    expect(names).toContain('console-plans');
  });
});
