// Smoke: the portal's home and the verifier page load, the staff login works with a demo
// login, both in Chinese, with the accessibility basics, and a wrong password is refused
// with a Chinese message (never raw JSON).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO, newPage, shot, loginAs, a11yProblems, assertAccessible, tabOrder, useSunlitAndBrowser,
} from './harness.mjs';

const env = useSunlitAndBrowser();

test('the public home and the verifier open in Chinese', async () => {
  const page = await newPage(env.browser);
  await page.goto(env.sunlit.url + '/');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.match(await page.title(), /阳光监管/);
  await shot(page, 'smoke-home');
  assertAccessible(await a11yProblems(page), 'on /');
  await page.goto(env.sunlit.url + '/verify');
  await page.waitForLoadState('networkidle');
  await shot(page, 'smoke-verify');
  assertAccessible(await a11yProblems(page), 'on /verify');
  assert.deepEqual(page.problems, []);
});

test('a wrong password is refused in Chinese; the right one logs in', async () => {
  const page = await newPage(env.browser);
  await page.goto(env.sunlit.url + '/staff/login');
  await page.getByLabel('用户名').waitFor();
  assertAccessible(await a11yProblems(page), 'on /staff/login');
  const order = await tabOrder(page, 12);
  assert.ok(order.some((n) => /用户名/.test(n)), `Tab reaches the user name: ${order}`);
  assert.ok(order.some((n) => /密码/.test(n)), `Tab reaches the password: ${order}`);
  await page.getByLabel('用户名').fill(DEMO.deptAdmin.username);
  await page.getByLabel('密码').fill('wrong-password');
  await page.keyboard.press('Enter');
  // The one alert of the refusal, not the form's "请输入…" hints that Tab's blur left on the empty fields.
  const alert = page.getByRole('alert').filter({ hasText: /用户名或密码错误/ });
  await alert.waitFor();
  const text = await alert.textContent();
  assert.doesNotMatch(text, /[{}"]/, 'no raw JSON in the message');
  await shot(page, 'smoke-login-refused');
  await loginAs(page, env.sunlit.url, DEMO.deptAdmin);
  await shot(page, 'smoke-staff-home');
});
