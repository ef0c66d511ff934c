// The work area end to end on a real server over the demo: an inspector (scjg.inspector) on a
// 375 × 812 phone opens their checks, fills the record form of an assigned check item by item,
// keeps a draft across a reload, attaches a photo and submits; a colleague's change in the
// meantime (version conflict) is reported with a reload that loses nothing; a reviewer
// (scjg.reviewer) approves and publishes it from the queues; the public finds it by its
// credit code. Every page: screenshot, accessibility basics, keyboard on the forms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO, newPage, shot, loginAs, a11yProblems, assertAccessible, tabOrder, useSunlitAndBrowser, apiAs,
} from './harness.mjs';
import { formFromResult, toRequest } from '../src/views/work/record.js';

// A 1 × 1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const state = {}; // what one step leaves for the next
const env = useSunlitAndBrowser();

test('an inspector on a phone enters a result with evidence and submits it', async () => {
  const page = await newPage(env.browser, { width: 375, height: 812 });
  await loginAs(page, env.sunlit.url, DEMO.inspector);
  await page.goto(env.sunlit.url + '/staff/checks');
  const first = page.locator('.card-link').first();
  await first.waitFor();
  assert.equal(await page.title(), '我的检查 — 阳光监管');
  await shot(page, 'work-my-checks');
  assertAccessible(await a11yProblems(page), 'on /staff/checks');
  // Nothing wider than the phone.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'no horizontal scrolling at 375 px');
  state.entity = (await first.locator('.entity').textContent()).trim();
  state.code = (await first.locator('.code').textContent()).trim();
  assert.match(await first.textContent(), /待检查/);
  await first.click();
  await page.waitForURL(/\/staff\/checks\/\d+$/);
  state.checkId = Number(page.url().split('/').pop());
  await page.locator('#rec-date').waitFor();
  await shot(page, 'work-record-empty');
  assertAccessible(await a11yProblems(page), 'on the record form');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'the form fits 375 px');
  const order = await tabOrder(page, 40);
  for (const name of ['检查完成日期', '实地检查', '已检查', '发现的问题', '处理措施']) {
    assert.ok(order.some((n) => n.includes(name)), `Tab reaches ${name}: ${order.join(' | ')}`);
  }

  // Item by item: the first item found a problem that was corrected on the spot.
  await page.fill('#rec-date', '2026-06-30');
  await page.getByLabel('书面检查').check();
  await page.fill('#item-0-problems', '价格标签与实际价格不一致');
  await page.fill('#item-0-action', '责令当场整改，已改正');
  await page.locator('.item').nth(2).getByLabel('已检查').uncheck();
  await page.selectOption('#rec-category', 'corrected');
  await page.fill('#rec-summary', '现场检查加油机计量、明码标价和消防设施');

  // The draft survives a reload of the page.
  await page.getByRole('button', { name: '保存草稿' }).click();
  await page.getByText('草稿已保存在本机').waitFor();
  await page.reload();
  await page.getByText('已恢复本机保存的草稿').waitFor();
  assert.equal(await page.inputValue('#item-0-problems'), '价格标签与实际价格不一致');
  assert.equal(await page.inputValue('#rec-category'), 'corrected');
  assert.equal(await page.locator('.item').nth(2).getByLabel('已检查').isChecked(), false);

  // A client-side check before sending: a problem-free category with problems reported.
  await page.selectOption('#rec-category', 'no_problem');
  await page.getByRole('button', { name: '提交审核' }).click();
  await page.getByText('有事项填写了发现的问题').waitFor();
  await page.selectOption('#rec-category', 'corrected');

  // Evidence from the camera (here: a file).
  await page.setInputFiles('#evidence-file', { name: 'pump-label.png', mimeType: 'image/png', buffer: PNG });
  await page.fill('#evidence-note', '加油机价格标签');
  await page.getByRole('button', { name: '上传' }).click();
  await page.getByRole('link', { name: 'pump-label.png' }).waitFor();

  await page.getByRole('button', { name: '提交审核' }).click();
  await page.getByText('已提交，等待审核').waitFor();
  assert.match(await page.locator('.head').textContent(), /待审核/);
  await shot(page, 'work-record-submitted');
  assert.deepEqual(page.problems, []);

  const api = await apiAs(env.sunlit.url, DEMO.inspector);
  const stored = await api('GET', `/checks/${state.checkId}/result`);
  assert.equal(stored.json.state, 'entered');
  assert.equal(stored.json.result.category, 'corrected');
  assert.equal(stored.json.result.items[0].problems, '价格标签与实际价格不一致');
  assert.equal(stored.json.result.items[2].checked, false);
  assert.deepEqual(stored.json.result.methods, ['on_site', 'documents']);
  assert.equal(stored.json.evidence.length, 1);
  assert.equal(stored.json.evidence[0].content_type, 'image/png');

  // Someone else corrects the record meanwhile: the page's version is stale.
  const body = toRequest(formFromResult(stored.json.result), stored.json.version);
  body.summary = '同事更正：补充检查情况';
  assert.equal((await api('PUT', `/checks/${state.checkId}/result`, body)).status, 200);
  await page.fill('#rec-summary', '我的更正：复核加油机铅封');
  await page.getByRole('button', { name: '提交审核' }).click();
  const alert = page.getByRole('alert').filter({ hasText: '已被他人修改' });
  await alert.waitFor();
  assert.doesNotMatch(await alert.textContent(), /[{}"]/, 'no raw JSON');
  await shot(page, 'work-record-conflict');
  assert.equal(await page.inputValue('#rec-summary'), '我的更正：复核加油机铅封', 'nothing typed is lost');
  await page.getByRole('button', { name: '重新加载' }).click();
  await page.getByText('已加载最新版本').waitFor();
  assert.equal(await page.inputValue('#rec-summary'), '我的更正：复核加油机铅封');
  await page.getByRole('button', { name: '提交审核' }).click();
  await page.getByText('已提交，等待审核').waitFor();
  const after = await api('GET', `/checks/${state.checkId}/result`);
  assert.equal(after.json.result.summary, '我的更正：复核加油机铅封');
  assert.equal(after.json.result.revision, 3);
});

test('a reviewer approves and publishes it from the queues', async () => {
  assert.ok(state.checkId, 'the inspector step ran');
  const page = await newPage(env.browser);
  await loginAs(page, env.sunlit.url, DEMO.reviewer);
  await page.goto(env.sunlit.url + '/staff/review');
  const link = page.getByRole('link', { name: state.entity });
  await link.waitFor();
  await shot(page, 'work-review-queue');
  assertAccessible(await a11yProblems(page), 'on /staff/review');
  await link.click();
  await page.locator('#review-opinion').waitFor();
  // The record and its evidence are there to read.
  await page.getByText('价格标签与实际价格不一致').first().waitFor();
  await page.getByRole('link', { name: 'pump-label.png' }).waitFor();
  assertAccessible(await a11yProblems(page), 'on the review page');
  const order = await tabOrder(page, 40);
  assert.ok(order.some((n) => n.includes('审核意见')), `Tab reaches the opinion: ${order.join(' | ')}`);
  // Returning needs an opinion.
  await page.getByRole('button', { name: '退回修改' }).click();
  await page.getByText('退回时请填写审核意见').waitFor();
  await page.fill('#review-opinion', '记录完整，同意');
  await page.getByRole('button', { name: '审核通过' }).click();
  await page.getByText('已审核通过').waitFor();
  await shot(page, 'work-review-approved');

  await page.goto(env.sunlit.url + '/staff/publish');
  const pubLink = page.getByRole('link', { name: state.entity });
  await pubLink.waitFor();
  await shot(page, 'work-publish-queue');
  assertAccessible(await a11yProblems(page), 'on /staff/publish');
  await page.locator('label.tab', { hasText: '已逾期' }).click();
  await page.getByText('已超过公示期限仍未公示').waitFor();
  await page.locator('table.queue').waitFor();
  await shot(page, 'work-publish-overdue');
  await page.locator('label.tab', { hasText: '待公示' }).click();
  await pubLink.waitFor();
  await pubLink.click();
  await page.getByRole('button', { name: '公示结果' }).click();
  await page.getByText('已公示。').waitFor();
  assert.match(await page.locator('.head').textContent(), /已公示/);
  await shot(page, 'work-published');
  assert.deepEqual(page.problems, []);
});

test('the public finds the published result by its credit code', async () => {
  assert.ok(state.code, 'the inspector step ran');
  const page = await newPage(env.browser, { width: 375, height: 812 });
  await page.goto(env.sunlit.url + '/results');
  await page.getByLabel('企业名称或统一社会信用代码').fill(state.code);
  await page.keyboard.press('Enter');
  const article = page.locator('article.result').filter({ hasText: state.entity });
  await article.waitFor();
  const text = await article.textContent();
  assert.match(text, /发现问题经责令已改正/);
  assert.doesNotMatch(text, /复核加油机铅封/, 'the internal notes are not published');
  await shot(page, 'work-public-result');
  assertAccessible(await a11yProblems(page), 'on /results');
});

test('the reviewer refers the business to the fire brigade, which answers', async () => {
  assert.ok(state.checkId, 'the inspector step ran');
  const page = await newPage(env.browser);
  await loginAs(page, env.sunlit.url, DEMO.reviewer);
  await page.goto(`${env.sunlit.url}/staff/checks/${state.checkId}`);
  await page.getByRole('link', { name: '抄告/移送有关部门' }).click();
  await page.waitForURL(/\/staff\/referrals\?check=\d+$/);
  await page.locator('#ref-to option[value="XFJY"]').waitFor({ state: 'attached' });
  assertAccessible(await a11yProblems(page), 'on the referral form');
  const order = await tabOrder(page, 30);
  for (const name of ['接收部门', '事由', '内容']) {
    assert.ok(order.some((n) => n.includes(name)), `Tab reaches ${name}: ${order.join(' | ')}`);
  }
  await page.selectOption('#ref-to', 'XFJY');
  await page.fill('#ref-subject', '加油站灭火器压力不足');
  await page.fill('#ref-body', '联合检查中发现两具灭火器压力不足，请核查。');
  await page.getByRole('button', { name: '发送' }).click();
  await page.getByText('已发送。').waitFor();
  await page.locator('#main .entry', { hasText: '加油站灭火器压力不足' }).waitFor();
  await shot(page, 'work-referral-sent');

  const fire = await newPage(env.browser, { width: 375, height: 812 });
  await loginAs(fire, env.sunlit.url, DEMO.partnerStaff);
  await fire.goto(env.sunlit.url + '/staff/referrals');
  const entry = fire.locator('#main .entry', { hasText: '加油站灭火器压力不足' });
  await entry.waitFor();
  await entry.getByLabel('反馈').fill('已责令更换灭火器，复查合格。');
  await entry.getByRole('button', { name: '提交反馈' }).click();
  await fire.getByText('已反馈。').waitFor();
  await fire.locator('#main .entry', { hasText: '已责令更换灭火器' }).waitFor();
  await shot(fire, 'work-referral-answered');
  assertAccessible(await a11yProblems(fire), 'on /staff/referrals (XFJY)');
  assert.deepEqual([...page.problems, ...fire.problems], []);
});

test('credit lists, referrals, statistics and the log open for the reviewer', async () => {
  const page = await newPage(env.browser);
  await loginAs(page, env.sunlit.url, DEMO.reviewer);
  await page.goto(env.sunlit.url + '/staff/credit');
  await page.locator('#main .entry').first().waitFor();
  assert.match(await page.locator('#main .entry').first().textContent(), /经营异常名录/);
  const listed = (await page.locator('#main .entry .sub').first().textContent()).split(' · ')[0].trim();
  await page.getByLabel('统一社会信用代码').first().fill(listed);
  await page.getByRole('button', { name: '查询' }).first().click();
  await page.getByText('未列入任何名录').waitFor(); // a proposal restricts nobody
  await shot(page, 'work-credit');
  assertAccessible(await a11yProblems(page), 'on /staff/credit');

  await page.goto(env.sunlit.url + '/staff/referrals');
  await page.getByText('发出的').click();
  await page.getByText('加油站消防设施未保持完好有效').waitFor();
  await shot(page, 'work-referrals');
  assertAccessible(await a11yProblems(page), 'on /staff/referrals');

  await page.goto(env.sunlit.url + '/staff/stats');
  await page.fill('#stats-year', '2026');
  await page.getByRole('button', { name: '统计' }).click();
  await page.locator('table.stats tbody tr').first().waitFor();
  assert.match(await page.locator('table.stats').textContent(), /湘潭市市场监督管理局/);
  const csvHref = await page.getByRole('link', { name: '导出 CSV' }).getAttribute('href');
  const csv = await page.evaluate(async (u) => (await fetch(u)).text(), csvHref);
  assert.match(csv, /应检查/);
  await shot(page, 'work-stats');
  assertAccessible(await a11yProblems(page), 'on /staff/stats');

  await page.goto(env.sunlit.url + '/staff/log');
  await page.getByTestId('signature-ok').waitFor();
  await page.getByRole('button', { name: '校验第 0 号事件的包含证明' }).click();
  await page.getByText(/已验证：在 \d+ 个事件的签名日志中/).waitFor();
  await shot(page, 'work-log');
  assertAccessible(await a11yProblems(page), 'on /staff/log');
  assert.deepEqual(page.problems, []);
});

test('an inspector is sent to the login page when not logged in', async () => {
  const page = await newPage(env.browser, { width: 375, height: 812 });
  await page.goto(env.sunlit.url + '/staff/checks');
  await page.waitForURL(/\/staff\/login/);
});
