// The work and portal routes render (server-side, in node) in both languages without Vue
// warnings or missing message keys, each as its own chunk; the session store keeps the
// contract the console shares.
import { createSSRApp } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { createMemoryHistory } from 'vue-router';
import { ID_INJECTION_KEY, ZINDEX_INJECTION_KEY } from 'element-plus';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.vue';
import { makeI18n } from '../../i18n.js';
import { makeRouter } from '../../router.js';
import workRoutes from '../../routes/work.js';
import portalRoutes from '../../routes/portal.js';
import { useSession } from '../../session.js';

async function render(path, locale) {
  const i18n = makeI18n(locale);
  const router = makeRouter(createMemoryHistory());
  const app = createSSRApp(App).use(i18n).use(router);
  app.provide(ID_INJECTION_KEY, { prefix: 1, current: 0 });
  app.provide(ZINDEX_INJECTION_KEY, { current: 0 });
  await router.push(path);
  await router.isReady();
  return { html: await renderToString(app), route: router.currentRoute.value };
}

// A fake server: a reviewer-inspector with every permission of the work pages.
const WORK_PERMISSIONS = {
  'check.enter': 'own', 'check.review': 'department', 'check.publish': 'department',
  'credit.propose': 'department', 'credit.decide': 'department', 'referral.write': 'department',
  'stats.read': 'department', 'log.read': 'department', 'task.read': 'department',
};
const realFetch = globalThis.fetch;
function loggedIn() {
  globalThis.fetch = vi.fn(async (url) => {
    const body = url === '/api/v1/session'
      ? { user: { id: 2, username: 'scjg.reviewer', department: 'SCJG', inspector_code: 'SCJG-0020' }, roles: ['reviewer'], permissions: WORK_PERMISSIONS, csrf_token: 't' }
      : { items: [], total: 0, limit: 20, offset: 0 };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
}

describe('the work and portal pages', () => {
  let warn;
  beforeEach(() => {
    useSession().clear();
    loggedIn();
    warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => {
    warn.mockRestore();
    globalThis.fetch = realFetch;
  });

  it.each([
    ['/staff/checks', 'work-checks', '我的检查', 'My checks'],
    ['/staff/checks/6', 'work-check', '', ''],
    ['/staff/review', 'work-review', '待审核', 'To review'],
    ['/staff/publish', 'work-publish', '结果公示', 'Publication'],
    ['/staff/credit', 'work-credit', '信用管理', 'Credit lists'],
    ['/staff/referrals', 'work-referrals', '抄告与移送', 'Referrals'],
    ['/staff/stats', 'work-stats', '统计分析', 'Statistics'],
    ['/staff/log', 'work-log', '透明日志', 'Transparency log'],
    ['/results', 'portal-results', '抽查结果查询', 'Find inspection results'],
    ['/plans', 'portal-plans', '抽查计划', 'Inspection plans'],
    ['/tasks', 'portal-tasks', '抽查任务公告', 'Task announcements'],
    ['/tasks/XT-2026-0001', 'portal-task', '', ''],
    ['/draws/XT-2026-0001', 'portal-draw', '抽取验证：XT-2026-0001', 'Verify draw XT-2026-0001'],
    ['/ledger', 'portal-ledger', '透明日志', 'Transparency log'],
  ])('renders %s', async (path, name, zh, en) => {
    for (const [locale, text] of [['zh-CN', zh], ['en', en]]) {
      const { html, route } = await render(path, locale);
      expect(route.name).toBe(name);
      if (text) expect(html).toContain(text);
    }
    const problems = warn.mock.calls.map((c) => String(c[0])).filter((m) => /Not found|Vue warn|intlify/i.test(m));
    expect(problems).toEqual([]);
  });

  it('declares menu and permission meta, and a dynamic import per view', () => {
    for (const r of workRoutes) {
      expect(typeof r.component).toBe('function');
      expect(r.meta.permission).toMatch(/^[a-z]+\.[a-z]+$/);
    }
    expect(workRoutes.filter((r) => r.meta.menu).map((r) => r.meta.menu.group)).toEqual(['work', 'review', 'review', 'credit', 'credit', 'stats', 'stats']);
    for (const r of portalRoutes) expect(typeof r.component).toBe('function');
    expect(new Set([...workRoutes, ...portalRoutes].map((r) => r.name)).size).toBe(workRoutes.length + portalRoutes.length);
  });

  it('keeps the session contract: user, roles, permissions, can, load, clear', async () => {
    const answer = { user: { username: 'scjg.reviewer' }, roles: ['reviewer'], permissions: { 'check.review': 'department', 'check.enter': 'none' }, csrf_token: 'c' };
    globalThis.fetch = realFetch;
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(JSON.stringify(answer), { status: 200, headers: { 'Content-Type': 'application/json' } }));
    const s = useSession();
    await s.load();
    const url = fetch.mock.calls[0][0];
    fetch.mockRestore();
    expect(url).toBe('/api/v1/session');
    expect(s.user.username).toBe('scjg.reviewer');
    expect(s.roles).toEqual(['reviewer']);
    expect(s.can('check.review')).toBe(true);
    expect(s.can('check.enter')).toBe(false);
    expect(s.can('users.admin')).toBe(false);
    expect(typeof s.load).toBe('function');
    s.clear();
    expect(s.user).toBeNull();
    expect(s.can('check.review')).toBe(false);
  });
});
