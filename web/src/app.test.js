// Every route renders (server-side, in node) in both languages without errors or unknown
// message keys: a smoke test of the templates until the browser tests arrive.
import { createSSRApp } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { createMemoryHistory } from 'vue-router';
import { ID_INJECTION_KEY, ZINDEX_INJECTION_KEY } from 'element-plus';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from './App.vue';
import { makeI18n } from './i18n.js';
import { makeRouter } from './router.js';
import { useSession } from './session.js';
import zhCN from './locales/zh-CN.js';
import en from './locales/en.js';

async function render(path, locale) {
  const i18n = makeI18n(locale);
  const router = makeRouter(createMemoryHistory());
  const app = createSSRApp(App).use(i18n).use(router);
  app.provide(ID_INJECTION_KEY, { prefix: 1, current: 0 });
  app.provide(ZINDEX_INJECTION_KEY, { current: 0 });
  await router.push(path);
  await router.isReady();
  return renderToString(app);
}

function keysOf(obj, prefix = '') {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) ? keysOf(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('the app', () => {
  let warn;
  beforeEach(() => {
    warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => warn.mockRestore());
  beforeEach(() => useSession().clear());

  it('has the same message keys in Chinese and English', () => {
    expect(keysOf(en).sort()).toEqual(keysOf(zhCN).sort());
  });

  it.each([
    ['/', 'zh-CN', '阳光监管公示平台'],
    ['/verify', 'zh-CN', '抽查结果验证'],
    ['/verify', 'en', 'Verify a draw'],
    ['/staff/login', 'zh-CN', '工作人员登录'],
    ['/staff/login', 'en', 'Staff sign-in'],
    // No server in node: the console says so instead of pretending to be logged out.
    ['/staff', 'zh-CN', '无法连接服务器'],
    ['/no/such/page', 'zh-CN', '页面不存在'],
  ])('renders %s in %s', async (path, locale, text) => {
    const html = await render(path, locale);
    expect(html).toContain(text);
    const problems = warn.mock.calls.map((c) => String(c[0])).filter((m) => /Not found|Vue warn|intlify/i.test(m));
    expect(problems).toEqual([]);
  });
});

// The console's pages, rendered with a fake server that says who is logged in.
describe('the console', () => {
  let warn;
  const realFetch = globalThis.fetch;
  function loggedInAs(permissions) {
    globalThis.fetch = vi.fn(async (url) => {
      const body = url === '/api/v1/session'
        ? { user: { id: 1, username: 'scjg.admin', department: 'SCJG', inspector_code: '' }, roles: ['x'], permissions, csrf_token: 't' }
        : { items: [], total: 0, limit: 20, offset: 0 };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    });
  }
  beforeEach(() => {
    useSession().clear();
    warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => {
    warn.mockRestore();
    globalThis.fetch = realFetch;
  });
  const ADMIN = {
    'plan.read': 'department', 'plan.write': 'department', 'task.read': 'department', 'task.write': 'department',
    'users.admin': 'department',
  };

  it.each([
    ['/staff', 'zh-CN', '欢迎，scjg.admin'],
    ['/staff', 'en', 'Welcome, scjg.admin'],
    ['/staff/tasks', 'zh-CN', '新建抽查任务'],
    ['/staff/tasks/new', 'zh-CN', '第 1 步（共 10 步）：检查事项'],
    ['/staff/tasks/new', 'en', 'Step 1 of 10: Items'],
    ['/staff/plans', 'zh-CN', '计划备案期限提醒'],
    ['/staff/plans', 'en', 'Plan deadlines'],
    ['/staff/users', 'zh-CN', '新建用户'],
  ])('renders %s in %s for an administrator', async (path, locale, text) => {
    loggedInAs(ADMIN);
    const html = await render(path, locale);
    expect(html).toContain(text);
    expect(html).toContain('scjg.admin');
    const problems = warn.mock.calls.map((c) => String(c[0])).filter((m) => /Not found|Vue warn|intlify/i.test(m));
    expect(problems).toEqual([]);
  });

  it('shows the 403 page for a route the user may not use, and only allowed menu entries', async () => {
    loggedInAs({ 'task.read': 'department' });
    const html = await render('/staff/tasks/new', 'zh-CN');
    expect(html).toContain('没有访问权限');
    expect(html).toContain('抽查任务');       // in the menu
    expect(html).not.toContain('抽查计划');   // plan.read missing
  });
});
