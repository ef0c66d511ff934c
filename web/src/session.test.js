// The session store and the route guard, against a fake fetch that answers as the server
// does (docs/api.md): 401 without a session, the user with permissions and csrf_token with one.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { makeRouter } from './router.js';
import { safeNext, useSession } from './session.js';
import { request } from './api.js';

const ME = {
  user: { id: 3, username: 'scjg.admin', department: 'SCJG', inspector_code: '' },
  roles: ['department_admin'],
  permissions: { 'task.read': 'department', 'task.write': 'department' },
  csrf_token: 'tok-1',
};

function fakeServer() {
  const state = { loggedIn: false, calls: [] };
  const json = (status, body) => new Response(body === undefined ? null : JSON.stringify(body), {
    status, headers: { 'Content-Type': 'application/json' } });
  globalThis.fetch = vi.fn(async (url, init = {}) => {
    const method = init.method ?? 'GET';
    state.calls.push({ url, method, headers: init.headers ?? {} });
    if (url === '/api/v1/session' && method === 'POST') {
      state.loggedIn = true;
      return json(200, { ...ME, expires_at: '2026-11-24T08:00:00Z' });
    }
    if (!state.loggedIn) return json(401, { error: { code: 'unauthenticated', message: 'log in' } });
    if (url === '/api/v1/session' && method === 'GET') return json(200, ME);
    if (url === '/api/v1/session' && method === 'DELETE') { state.loggedIn = false; return json(204); }
    return json(200, { items: [] });
  });
  return state;
}

describe('the session', () => {
  let server;
  const store = new Map();
  beforeEach(() => {
    store.clear();
    globalThis.localStorage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v), removeItem: (k) => store.delete(k) };
    server = fakeServer();
    useSession().clear();
  });
  afterEach(() => {
    delete globalThis.localStorage;
  });

  it('sends a visitor without a session to the login page with next', async () => {
    const router = makeRouter(createMemoryHistory());
    await router.push('/staff/tasks?year=2026');
    expect(router.currentRoute.value.name).toBe('login');
    expect(router.currentRoute.value.query).toEqual({ next: '/staff/tasks?year=2026' });
    expect(useSession().status).toBe('out');
  });

  it('logs in, knows the permissions, sends the CSRF token, logs out', async () => {
    const session = useSession();
    await session.login('scjg.admin', 'pw');
    expect(session.user.username).toBe('scjg.admin');
    expect(session.can('task.write')).toBe(true);
    expect(session.can('users.admin')).toBe(false);
    expect(session.scopeOf('task.read')).toBe('department');
    await request('POST', '/tasks', { json: {} });
    expect(server.calls.at(-1).headers['X-CSRF-Token']).toBe('tok-1');
    const router = makeRouter(createMemoryHistory());
    await router.push('/staff/tasks');
    expect(router.currentRoute.value.name).toBe('console-tasks');
    await session.logout();
    expect(session.user).toBe(null);
    expect(session.can('task.read')).toBe(false);
  });

  it('after a reload, takes user and CSRF token from GET /session', async () => {
    server.loggedIn = true;
    const session = useSession();
    expect(await session.load()).toBe(true);
    expect(session.roles).toEqual(['department_admin']);
    await request('POST', '/tasks', { json: {} });
    expect(server.calls.at(-1).headers['X-CSRF-Token']).toBe('tok-1');
  });

  it('says "expired" when a session that was open ends, and goes to the login page', async () => {
    const session = useSession();
    await session.login('scjg.admin', 'pw');
    const router = makeRouter(createMemoryHistory());
    await router.push('/staff/plans');
    server.loggedIn = false;  // the server ended the session
    await expect(request('GET', '/plans')).rejects.toMatchObject({ status: 401 });
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'));
    expect(router.currentRoute.value.query).toEqual({ next: '/staff/plans', expired: '1' });
    expect(session.status).toBe('out');
    // A fresh visit with the mark left by an old login also says expired.
    store.set('sunlit.session', '2026-11-24T08:00:00Z');
    expect(await session.load({ force: true })).toBe(false);
    expect(session.expired).toBe(true);
  });

  it('reports a server it cannot reach instead of pretending to be logged out', async () => {
    globalThis.fetch = vi.fn(async () => { throw new TypeError('connection refused'); });
    const session = useSession();
    expect(await session.load()).toBe(false);
    expect(session.status).toBe('error');
    expect(session.error.code).toBe('network');
  });

  it('only follows next to a page of the console', () => {
    expect(safeNext('/staff/tasks/XT-2026-0001')).toBe('/staff/tasks/XT-2026-0001');
    expect(safeNext('/staff')).toBe('/staff');
    expect(safeNext('//evil.example/staff')).toBe(null);
    expect(safeNext('https://evil.example/')).toBe(null);
    expect(safeNext('/staff\\..\\x')).toBe(null);
    expect(safeNext('/staffing')).toBe(null);
    expect(safeNext('/staff/login?next=/x')).toBe(null);
    expect(safeNext(undefined)).toBe(null);
  });
});
