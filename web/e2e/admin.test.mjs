// Administration in Chromium against a real `sunlit serve` with the demo database: an import
// of 40 000 generated rows (so that the server's phases may show between polls) with its
// determinate progress bar (upload, then the server's job), units created and edited, a user created by the system administrator in a
// chosen department, their roles changed, their password reset and used to log in, and a
// department administrator refused (in Chinese) when granting a role above their own; the
// roles page in both languages. Screenshots of every page, accessibility basics and the
// keyboard order of each form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { selectors } from 'playwright-core';
import {
  DEMO, newPage, shot, loginAs, a11yProblems, assertAccessible, tabOrder, sunlitBin, useSunlitAndBrowser,
} from './harness.mjs';

selectors.setTestIdAttribute('data-test');
const field = (page, id) => page.locator(`input[data-test="${id}"], [data-test="${id}"] input`).first();
const menuLink = (page, name) => page.getByRole('navigation', { name: '功能菜单' }).getByRole('link', { name });

const env = useSunlitAndBrowser();

// Picks `option` in the Element Plus select named `name` (inside `scope`), by keyboard.
async function choose(page, scope, name, option) {
  await scope.getByRole('combobox', { name }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('option', { name: option }).last().click();
  await page.keyboard.press('Escape');
}

test('an import of 40 000 generated rows shows a determinate bar that reaches 100 and the summary', async (t) => {
  const ROWS = 40000;
  const dir = mkdtempSync(path.join(tmpdir(), 'sunlit-e2e-import-'));
  const csv = path.join(dir, 'big.csv');
  execFileSync(sunlitBin, ['gen', 'entities', '--count', String(ROWS), '--seed', '4242', '--region', '430381', '--out', csv]);
  const bytes = readFileSync(csv);
  rmSync(dir, { recursive: true, force: true });

  const page = await newPage(env.browser);
  await loginAs(page, env.sunlit.url, DEMO.deptAdmin);
  await menuLink(page, '名录导入').click();
  await page.waitForURL((u) => u.pathname === '/staff/imports');
  assertAccessible(await a11yProblems(page), 'on /staff/imports');
  const order = await tabOrder(page, 30);
  assert.ok(order.some((n) => n.includes('导入内容')), `Tab reaches the kind: ${order}`);
  assert.ok(order.some((n) => n.includes('上传并导入')), `Tab reaches the button: ${order}`);

  // Every value the bar shows, and whether it was ever indeterminate.
  await page.evaluate(() => {
    window.__bar = { values: [], indeterminate: false };
    const look = () => {
      const bar = document.querySelector('[data-test="progress"]');
      if (!bar) return;
      const el = bar.getAttribute('role') === 'progressbar' ? bar : bar.querySelector('[role="progressbar"]');
      if (!el) return;
      const v = el.getAttribute('aria-valuenow');
      const last = window.__bar.values[window.__bar.values.length - 1];
      if (v !== null && v !== last) window.__bar.values.push(v);
      if (bar.querySelector('.is-indeterminate') || bar.classList.contains('is-indeterminate')) window.__bar.indeterminate = true;
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await page.getByLabel('文件').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: bytes });
  await page.getByTestId('upload').click();
  await page.getByTestId('import-done').waitFor({ timeout: 60000 });
  const bar = await page.evaluate(() => window.__bar);
  assert.equal(bar.indeterminate, false, 'the bar is never indeterminate');
  assert.ok(bar.values.length >= 2, `the bar moved: ${bar.values}`);
  const numbers = bar.values.map(Number);
  assert.ok(numbers.every((n) => Number.isInteger(n) && n >= 0 && n <= 100), `aria-valuenow is a percentage: ${bar.values}`);
  for (let i = 1; i < numbers.length; ++i) assert.ok(numbers[i] >= numbers[i - 1], `never back: ${numbers}`);
  t.diagnostic(`the bar showed ${numbers.join(' → ')}`);
  assert.equal(numbers[numbers.length - 1], 100);
  assert.ok(numbers.some((n) => n < 100), `intermediate values were shown: ${numbers}`);
  const summary = await page.getByTestId('import-done').textContent();
  const m = /共 (\d+) 行，新增 (\d+)，更新 (\d+)，未变 (\d+)/.exec(summary);
  assert.ok(m, summary);
  assert.equal(Number(m[1]), ROWS);
  assert.equal(Number(m[2]) + Number(m[3]) + Number(m[4]), ROWS);
  assert.match(await page.getByTestId('stage').textContent(), /处理完成/);
  await shot(page, 'admin-import-progress-done');
  const found = await page.evaluate(async () => (await fetch('/api/v1/entities?region=430381&limit=1')).json());
  assert.ok(found.total >= Math.min(Number(m[2]), 10000), `the new rows are searchable: ${found.total}`);  // totals stop at 10 000
  assert.deepEqual(page.problems, []);
});

test('a department administrator creates a unit and edits it', async () => {
  const page = await newPage(env.browser);
  await loginAs(page, env.sunlit.url, DEMO.deptAdmin);
  await menuLink(page, '单位管理').click();
  await page.waitForURL((u) => u.pathname === '/staff/units');
  await page.getByTestId('units').locator('tbody tr').first().waitFor();
  await shot(page, 'admin-units');
  assertAccessible(await a11yProblems(page), 'on /staff/units');
  const order = await tabOrder(page, 60);
  for (const label of ['单位编码', '单位名称', '辖区代码']) {
    assert.ok(order.some((n) => n.includes(label)), `Tab reaches ${label}: ${order}`);
  }

  // Checked on the page first, then by the server.
  await field(page, 'u-code').fill('SCJG-E2E-01');
  await field(page, 'u-name').fill('端到端测试监管所');
  await field(page, 'u-region').fill('4303');
  await page.getByTestId('u-save').click();
  await page.getByTestId('u-error').filter({ hasText: '辖区代码为6位数字' }).waitFor();
  await field(page, 'u-region').fill('999999');
  await page.getByTestId('u-save').click();
  await page.getByTestId('u-error').filter({ hasText: '输入有误' }).waitFor();
  assert.match(await page.getByTestId('u-error').textContent(), /region/);
  await field(page, 'u-region').fill('430302');
  await page.getByTestId('u-save').click();
  await page.getByTestId('u-saved').filter({ hasText: '已新增单位 SCJG-E2E-01' }).waitFor();
  await page.getByTestId('units').getByText('端到端测试监管所').waitFor();
  await shot(page, 'admin-unit-created');

  await page.getByTestId('u-edit-SCJG-E2E-01').click();
  await field(page, 'u-name').fill('端到端测试监管所（改名）');
  await page.getByTestId('u-save').click();
  await page.getByTestId('u-saved').filter({ hasText: '已保存单位 SCJG-E2E-01' }).waitFor();
  await page.getByTestId('units').getByText('端到端测试监管所（改名）').waitFor();
  assertAccessible(await a11yProblems(page), 'on the unit form');
  await shot(page, 'admin-unit-edited');
  // The change is in the public log.
  const events = await page.evaluate(async () => {
    const { size } = await (await fetch('/api/v1/public/ledger/checkpoint')).json();
    return (await fetch(`/api/v1/public/ledger/events?from=${Math.max(0, size - 100)}&count=100`)).json();
  });
  assert.ok(events.events.some((e) => e.kind === 'unit_saved'), 'unit_saved is logged');
  // The one 400 is the server's answer to the unknown region above.
  assert.deepEqual(page.problems.filter((p) => !/status of 400/.test(p)), []);
});

test('the system administrator creates a user in a department, changes roles, resets the password; the user logs in with it', async () => {
  const page = await newPage(env.browser);
  await loginAs(page, env.sunlit.url, DEMO.admin);
  await menuLink(page, '用户管理').click();
  await page.waitForURL((u) => u.pathname === '/staff/users');
  await page.getByTestId('users').getByText('scjg.inspector').waitFor();
  assertAccessible(await a11yProblems(page), 'on /staff/users');
  const order = await tabOrder(page, 40);
  for (const label of ['用户名', '所属部门', '角色']) {
    assert.ok(order.some((n) => n.includes(label)), `Tab reaches ${label}: ${order}`);
  }

  const form = page.getByTestId('user-form');
  await field(page, 'new-username').fill('e2e.admin.made');
  await field(page, 'new-display').fill('端到端用户');
  await choose(page, form, '所属部门', '湘潭市市场监督管理局');
  await choose(page, form, '角色', '执法人员');
  await form.getByRole('button', { name: '创建用户' }).click();
  await page.getByTestId('created').getByText(/初始密码 \S{10,}/).waitFor();
  const row = page.getByTestId('users').locator('tbody tr', { hasText: 'e2e.admin.made' });
  await row.waitFor();
  assert.match(await row.textContent(), /SCJG/);
  await shot(page, 'admin-user-created');

  // Roles: add 审核员.
  await page.getByTestId('roles-e2e.admin.made').click();
  const rolesForm = page.getByTestId('roles-form');
  await rolesForm.waitFor();
  await choose(page, rolesForm, '角色', '审核员');
  assertAccessible(await a11yProblems(page), 'on the roles form');
  await rolesForm.getByTestId('save-roles').click();
  await page.getByTestId('roles-saved').waitFor();
  await row.getByText(/审核员/).waitFor();
  await shot(page, 'admin-user-roles');

  // Password reset: shown once; the user logs in with it.
  await page.getByTestId('reset-e2e.admin.made').click();
  const reset = await page.getByTestId('reset-done').textContent();
  const pw = /新密码 (\S+?)（/.exec(reset)?.[1];
  assert.ok(pw && pw.length >= 10, reset);
  await shot(page, 'admin-user-reset');

  const them = await newPage(env.browser);
  await loginAs(them, env.sunlit.url, { username: 'e2e.admin.made', password: pw });
  const me = await them.evaluate(async () => (await fetch('/api/v1/session')).json());
  assert.equal(me.user.username, 'e2e.admin.made');
  assert.equal(me.user.department, 'SCJG');
  assert.deepEqual([...me.roles].sort(), ['inspector', 'reviewer']);
  await shot(them, 'admin-user-logged-in');
  assert.deepEqual(page.problems, []);
});

test('a department administrator cannot grant a role above their own: the refusal is shown in Chinese', async () => {
  const page = await newPage(env.browser);
  await loginAs(page, env.sunlit.url, DEMO.deptAdmin);
  await menuLink(page, '用户管理').click();
  await page.getByTestId('users').getByText('scjg.inspector').waitFor();
  await page.getByTestId('roles-scjg.inspector').click();
  const rolesForm = page.getByTestId('roles-form');
  await rolesForm.waitFor();
  await choose(page, rolesForm, '角色', /系统管理员/);
  await rolesForm.getByTestId('save-roles').click();
  const error = page.getByTestId('roles-error');
  await error.waitFor();
  const text = await error.textContent();
  assert.match(text, /不能授予超出您本人权限的角色/);
  assert.match(text, /没有权限执行此操作/);
  assert.doesNotMatch(text, /[{}]/, 'no raw JSON');
  await shot(page, 'admin-escalation-refused');
  // Nothing changed.
  const users = await page.evaluate(async () => (await fetch('/api/v1/users?limit=1000')).json());
  const inspector = users.items.find((u) => u.username === 'scjg.inspector');
  assert.deepEqual(inspector.roles, ['inspector']);
});

test('the roles page lists every role with its permissions, in Chinese and in English', async () => {
  const page = await newPage(env.browser);
  await loginAs(page, env.sunlit.url, DEMO.deptAdmin);
  await menuLink(page, '角色与权限').click();
  await page.waitForURL((u) => u.pathname === '/staff/roles');
  const table = page.getByTestId('roles');
  await table.getByText('用户与单位管理').first().waitFor();
  for (const name of ['系统管理员', '部门管理员', '审核员', '执法人员']) {
    await table.getByText(name).first().waitFor();
  }
  assert.match(await table.textContent(), /本部门/);
  assertAccessible(await a11yProblems(page), 'on /staff/roles');
  await shot(page, 'admin-roles');

  const en = await newPage(env.browser, { locale: 'en' });
  await en.addInitScript(() => localStorage.setItem('sunlit.locale', 'en'));
  await en.goto(env.sunlit.url + '/staff/login?next=/staff/roles');
  await en.getByLabel('User name').fill(DEMO.deptAdmin.username);
  await en.getByLabel('Password').fill(DEMO.deptAdmin.password);
  await en.keyboard.press('Enter');
  await en.waitForURL((u) => u.pathname === '/staff/roles');
  await en.getByTestId('roles').getByText('Administer users and units').first().waitFor();
  await en.getByTestId('roles').getByText('System administrator').first().waitFor();
  await shot(en, 'admin-roles-en');
});
