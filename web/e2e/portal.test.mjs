// The public portal end to end (no login) over the demo: the navigation, result search by
// name and code (paged), plans, task announcements with the drawn list, a draw verified in the
// browser automatically with an enterprise's own rank, cutoff and inclusion proof, and the
// signed checkpoint with an event's inclusion proof — on a desktop and on a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  newPage, shot, a11yProblems, assertAccessible, tabOrder, useSunlitAndBrowser,
} from './harness.mjs';

const env = useSunlitAndBrowser();

async function published() {
  const r = await fetch(`${env.sunlit.url}/api/v1/public/results?name=${encodeURIComponent('湘潭')}&limit=1`);
  return (await r.json()).items[0];
}

test('results are found by name and by credit code', async () => {
  const doc = await published();
  assert.ok(doc, 'the demo has a published result');
  const page = await newPage(env.browser);
  await page.goto(env.sunlit.url + '/');
  await page.getByRole('navigation').getByRole('link', { name: '结果查询' }).click();
  await page.waitForURL(/\/results$/);
  assertAccessible(await a11yProblems(page), 'on /results');
  const order = await tabOrder(page, 20);
  assert.ok(order.some((n) => n.includes('企业名称或统一社会信用代码')), `Tab reaches the search box: ${order.join(' | ')}`);
  await page.getByLabel('企业名称或统一社会信用代码').fill('x');
  await page.keyboard.press('Enter');
  await page.getByText('请至少输入两个字符').waitFor();
  await page.getByLabel('企业名称或统一社会信用代码').fill(doc.entity_name.slice(0, 4));
  await page.keyboard.press('Enter');
  await page.locator('article.result').first().waitFor();
  await shot(page, 'portal-results-name');
  await page.getByLabel('企业名称或统一社会信用代码').fill(doc.entity_code);
  await page.keyboard.press('Enter');
  await page.getByText('共 1 条公示结果').waitFor();
  const text = await page.locator('article.result').textContent();
  assert.match(text, new RegExp(doc.entity_name));
  assert.match(text, /XT-2026-0001/);
  await shot(page, 'portal-results-code');
  // A malformed code is a sentence, not JSON.
  await page.getByLabel('企业名称或统一社会信用代码').fill('91430302MA4L00000X');
  await page.keyboard.press('Enter');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /输入有误/);
  assert.doesNotMatch(await alert.textContent(), /[{}"]/);
  assert.deepEqual(page.problems.filter((p) => !/status of 400/.test(p)), []);
});

test('plans, task announcements and a drawn list', async () => {
  const page = await newPage(env.browser);
  await page.goto(env.sunlit.url + '/plans');
  await page.getByRole('heading', { name: '湘潭市市场监督管理局2026年度双随机抽查工作计划' }).waitFor();
  await shot(page, 'portal-plans');
  assertAccessible(await a11yProblems(page), 'on /plans');
  await page.goto(env.sunlit.url + '/tasks');
  await page.getByRole('link', { name: /XT-2026-0001/ }).waitFor();
  await shot(page, 'portal-tasks');
  assertAccessible(await a11yProblems(page), 'on /tasks');
  await page.getByRole('link', { name: /XT-2026-0001/ }).click();
  await page.waitForURL(/\/tasks\/XT-2026-0001$/);
  await page.locator('table.list tbody tr').first().waitFor();
  assert.equal(await page.locator('table.list tbody tr').count(), 12);
  await shot(page, 'portal-task');
  assertAccessible(await a11yProblems(page), 'on /tasks/XT-2026-0001');
  await page.getByRole('link', { name: /在浏览器中验证本次抽取/ }).click();
  await page.waitForURL(/\/draws\/XT-2026-0001$/);
});

test('a draw verifies in the browser and a business sees its own number and proof', async () => {
  const page = await newPage(env.browser, { width: 375, height: 812 });
  await page.goto(env.sunlit.url + '/draws/XT-2026-0001');
  await page.getByTestId('draw-verified').waitFor({ timeout: 60000 });
  assert.match(await page.locator('.outcome').textContent(), /已验证/);
  // A drawn business checks itself.
  const list = await (await fetch(`${env.sunlit.url}/api/v1/public/tasks/XT-2026-0001/checks`)).json();
  const code = list.checks[0].entity_code;
  await page.getByLabel('统一社会信用代码').fill(code);
  await page.getByRole('button', { name: '查询' }).click();
  await page.getByText('有效：本企业（连同所在层）确在名录根哈希所代表的名录中').waitFor();
  assert.match(await page.textContent('body'), /抽中/);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'no horizontal scrolling at 375 px');
  await shot(page, 'portal-draw-verified');
  assertAccessible(await a11yProblems(page), 'on /draws/XT-2026-0001');
  assert.deepEqual(page.problems, []);
});

test('the signed checkpoint and an event inclusion proof check out in the browser', async () => {
  const page = await newPage(env.browser);
  await page.goto(env.sunlit.url + '/ledger');
  await page.getByTestId('signature-ok').waitFor();
  await page.getByRole('button', { name: '校验第 1 号事件的包含证明' }).click();
  await page.getByText(/已验证：在 \d+ 个事件的签名日志中/).waitFor();
  await shot(page, 'portal-ledger');
  assertAccessible(await a11yProblems(page), 'on /ledger');
  // Another key: the checkpoint is not signed by it.
  await page.getByLabel('本局公布的公钥（十六进制）').fill('00'.repeat(32));
  await page.getByRole('button', { name: '校验签名' }).click();
  await page.getByText('检查点不是由此公钥签署的').waitFor();
  assert.deepEqual(page.problems, []);
});
