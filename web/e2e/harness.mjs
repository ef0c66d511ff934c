// The end-to-end harness: a real `sunlit serve` on 127.0.0.1 (a fresh demo database in a
// temporary directory, the built web/dist) and Debian's Chromium driven by playwright-core.
//
//   const sunlit = await startSunlit();          // { url, dbUrl, dir, stop() }
//   const browser = await launchBrowser();
//   const page = await newPage(browser, { width: 375, height: 812 });
//   await page.goto(sunlit.url + '/staff/login');
//   await shot(page, 'login');                  // → $SUNLIT_E2E_ARTIFACTS/login.png
//   assertAccessible(await a11yProblems(page)); // labels, names, alt texts
//
// A spec usually takes both for the whole file: `const env = useSunlitAndBrowser();` then
// env.sunlit and env.browser inside its tests; `apiAs(env.sunlit.url, DEMO.deptAdmin)` gives
// an API client of its own for set-up through the API.
//
// Environment: SUNLIT_BIN (default ../build/sunlit), SUNLIT_WEB_DIST (default dist/),
// SUNLIT_E2E_ARTIFACTS (default ../build/e2e-artifacts), CHROMIUM (default /usr/bin/chromium).
// Every spec is a node:test file (`npm run e2e`); they run one at a time.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const webDir = path.resolve(here, '..');
export const sunlitBin = process.env.SUNLIT_BIN || path.resolve(webDir, '../build/sunlit');
export const distDir = process.env.SUNLIT_WEB_DIST || path.resolve(webDir, 'dist');
export const artifactsDir =
  process.env.SUNLIT_E2E_ARTIFACTS || path.resolve(webDir, '../build/e2e-artifacts');

/** The demo's logins (src/app/demo_users.cc). */
export const DEMO = {
  admin: { username: 'admin', password: 'sunlit-demo-admin' },
  deptAdmin: { username: 'scjg.admin', password: 'sunlit-demo-2026' },
  reviewer: { username: 'scjg.reviewer', password: 'sunlit-demo-2026' },
  inspector: { username: 'scjg.inspector', password: 'sunlit-demo-2026' },
  partnerStaff: { username: 'xfjy.staff', password: 'sunlit-demo-2026' },
  partnerInspector: { username: 'xfjy.inspector', password: 'sunlit-demo-2026' },
};

/**
 * Builds a fresh demo database (`sunlit demo`) and starts `sunlit serve` on a free port of
 * 127.0.0.1 with the built web files. Resolves when the server answers /api/v1/health.
 */
export async function startSunlit({ demo = true } = {}) {
  assert.ok(existsSync(sunlitBin), `no sunlit binary at ${sunlitBin} (make build)`);
  assert.ok(existsSync(path.join(distDir, 'index.html')), `no web build at ${distDir} (make web)`);
  const dir = mkdtempSync(path.join(tmpdir(), 'sunlit-e2e-'));
  const dbUrl = `sqlite:${dir}/sunlit.db`;
  if (demo) execFileSync(sunlitBin, ['demo', '--db', dbUrl], { stdio: 'ignore' });
  const child = spawn(
    sunlitBin,
    ['serve', '--db', dbUrl, '--listen', '127.0.0.1:0', '--web', distDir, '--quiet'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`sunlit serve did not start: ${stderr}`)), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`sunlit serve exited ${code}: ${stderr}`)); });
  });
  const res = await fetch(url + '/api/v1/health');
  assert.equal(res.status, 200);
  return {
    url,
    dbUrl,
    dir,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium from Debian. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // As root (CI containers) Chromium refuses its sandbox; this is a throw-away test browser.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/**
 * Registers the file's before/after hooks: a real `sunlit serve` (startSunlit(options)) and
 * Chromium, both stopped after the last test. Returns an object whose `sunlit` and `browser`
 * are set once the before hook has run (i.e. inside the tests).
 */
export function useSunlitAndBrowser(options) {
  const env = { sunlit: null, browser: null };
  before(async () => {
    env.sunlit = await startSunlit(options);
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.sunlit?.stop();
  });
  return env;
}

/**
 * An API client of its own (node fetch) logged in as `who` ({ username, password }) on the
 * server at `baseUrl`: keeps the session cookie and the CSRF token. The client is
 * `(method, path under /api/v1, json?) => { status, json }`.
 */
export async function apiAs(baseUrl, who) {
  const res = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(who),
  });
  assert.equal(res.status, 200);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrf_token: csrf } = await res.json();
  return async (method, p, json) => {
    const r = await fetch(`${baseUrl}/api/v1${p}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, ...(json ? { 'Content-Type': 'application/json' } : {}) },
      body: json ? JSON.stringify(json) : undefined,
    });
    return { status: r.status, json: await r.json().catch(() => null) };
  };
}

/**
 * A page in a fresh context (cold cache, no cookies) with the given viewport and language.
 * Console errors and failed requests are collected in page.problems (a spec asserts it empty
 * where that matters).
 */
export async function newPage(browser, { width = 1280, height = 800, locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  return page;
}

/** Saves a full-page screenshot as an artifact (never committed). */
export async function shot(page, name) {
  mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Logs in through the login form of the staff console. */
export async function loginAs(page, baseUrl, who) {
  await page.goto(baseUrl + '/staff/login');
  await page.getByLabel(/用户名|Username/).fill(who.username);
  await page.getByLabel(/密码|Password/).fill(who.password);
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => !u.pathname.endsWith('/login'), { timeout: 15000 });
}

/**
 * Accessibility basics of the current page: every visible form control has an accessible
 * name (label, aria-label or aria-labelledby), every visible button and link has a name,
 * every image has alt text, the document has a lang and a title. Returns the problems
 * as strings (empty when none).
 */
export async function a11yProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
    };
    const describe = (el) =>
      `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).slice(0, 2).join('.') : ''}`;
    const nameOf = (el) => {
      const aria = el.getAttribute('aria-label');
      if (aria && aria.trim()) return aria.trim();
      const by = el.getAttribute('aria-labelledby');
      if (by) {
        const t = by.split(/\s+/).map((id) => document.getElementById(id)?.textContent || '').join(' ').trim();
        if (t) return t;
      }
      if (el.labels && el.labels.length) {
        const t = [...el.labels].map((l) => l.textContent).join(' ').trim();
        if (t) return t;
      }
      const title = el.getAttribute('title');
      if (title && title.trim()) return title.trim();
      return '';
    };
    for (const el of document.querySelectorAll('input, select, textarea')) {
      if (!visible(el) || el.type === 'hidden') continue;
      if (el.type === 'file') continue;  // styled upload buttons carry the name on the button
      if (!nameOf(el)) problems.push(`form control without a label: ${describe(el)}`);
    }
    for (const el of document.querySelectorAll('button, [role=button], a[href]')) {
      if (!visible(el)) continue;
      const text = (el.textContent || '').trim();
      if (!text && !nameOf(el) && !el.querySelector('img[alt]:not([alt=""])')) {
        problems.push(`${el.tagName.toLowerCase()} without a name: ${describe(el)}`);
      }
    }
    for (const img of document.querySelectorAll('img')) {
      if (visible(img) && !img.hasAttribute('alt')) problems.push(`img without alt: ${img.src}`);
    }
    if (!document.documentElement.lang) problems.push('html without lang');
    if (!document.title) problems.push('document without title');
    return problems;
  });
}

/**
 * Keyboard navigation: presses Tab up to `max` times from the top of the page and returns the
 * accessible names (or tags) of the elements that received focus, in order.
 */
export async function tabOrder(page, max = 30) {
  await page.evaluate(() => { document.activeElement?.blur?.(); window.scrollTo(0, 0); });
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const name = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      return (el.getAttribute('aria-label') || el.labels?.[0]?.textContent || el.textContent || el.tagName).trim().slice(0, 40);
    });
    if (name === null) break;
    seen.push(name);
  }
  return seen;
}

export function assertAccessible(problems, where = '') {
  assert.deepEqual(problems, [], `accessibility problems ${where}:\n  ${problems.join('\n  ')}`);
}
