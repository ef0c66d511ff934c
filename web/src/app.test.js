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

  it('has the same message keys in Chinese and English', () => {
    expect(keysOf(en).sort()).toEqual(keysOf(zhCN).sort());
  });

  it.each([
    ['/', 'zh-CN', '阳光监管公示平台'],
    ['/verify', 'zh-CN', '抽查结果验证'],
    ['/verify', 'en', 'Verify a draw'],
    ['/staff/login', 'zh-CN', '工作人员登录'],
    ['/staff/login', 'en', 'Staff sign-in'],
    ['/staff', 'zh-CN', '工作台正在建设中'],
    ['/no/such/page', 'zh-CN', '页面不存在'],
  ])('renders %s in %s', async (path, locale, text) => {
    const html = await render(path, locale);
    expect(html).toContain(text);
    const problems = warn.mock.calls.map((c) => String(c[0])).filter((m) => /Not found|Vue warn|intlify/i.test(m));
    expect(problems).toEqual([]);
  });
});
