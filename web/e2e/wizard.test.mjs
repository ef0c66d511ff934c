// The task wizard and plans, in Chromium against a real `sunlit serve` with the demo database:
// the scope step's filters (status, risk class, regulatory tags) with the live count checked
// against the API's own count; the step headers by keyboard; an assignment that cannot be
// staffed, explained in Chinese, widened to neighbouring counties and then staffed; every
// notice printed on one page (print media, one PDF page per notice at least); a draft plan
// edited, refused on a stale version, reloaded, saved, filed and published. Screenshots of
// every page; accessibility basics on every step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { selectors } from 'playwright-core';
import {
  DEMO, artifactsDir, newPage, shot, loginAs, a11yProblems, assertAccessible, tabOrder, useSunlitAndBrowser, apiAs,
} from './harness.mjs';

selectors.setTestIdAttribute('data-test');
const field = (page, id) => page.locator(`input[data-test="${id}"], [data-test="${id}"] input`).first();

const env = useSunlitAndBrowser();

const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
const soon = (seconds) => new Date(Date.now() + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits until the wizard's live count shows `size` (the API's own count of the same scope). */
async function countShows(page, size) {
  await page.getByTestId('pool-count').getByText(new RegExp(`(^|\\D)${size} 户（名录库共`)).waitFor({ timeout: 15000 });
}

test('scope: status, risk class and tag filters narrow the live count exactly as the API counts; step headers by keyboard', async () => {
  const api = await apiAs(env.sunlit.url, DEMO.deptAdmin);
  const count = async (scope) => {
    const r = await api('POST', '/pool-preview', { scope: { region_prefixes: ['4303'], ...scope }, stratify: 'risk_class' });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    return r.json.size;
  };
  const page = await newPage(env.browser);
  await loginAs(page, env.sunlit.url, DEMO.deptAdmin);
  await page.goto(env.sunlit.url + '/staff/tasks/new');
  await page.getByTestId('items').waitFor();
  await page.getByLabel('任务名称').fill('2026年湘潭市餐饮与食品销售专项抽查（端到端测试）');
  await page.getByTestId('items').getByText('SCJG-003').click();  // tags: catering, food_retail
  await page.getByTestId('next').click();

  // The city, active entities only (the default).
  await page.getByLabel(/行政区划/).fill('4303');
  const all = await count({});
  await countShows(page, all);
  assert.match(await page.getByTestId('scope-summary').textContent(), /登记状态：存续（在营）/);

  // Risk class D only.
  await page.getByTestId('scope-risks').getByText('D 类').click();
  const riskD = await count({ risks: ['D'] });
  assert.ok(riskD > 0 && riskD < all, `D narrows the pool: ${riskD} of ${all}`);
  await countShows(page, riskD);

  // The tags the chosen item concerns, suggested and applied with one click.
  assert.match(await page.getByTestId('item-tags').textContent(), /餐饮服务（catering）.*食品销售（food_retail）/);
  await page.getByRole('button', { name: '按事项标签筛选' }).click();
  const tagged = await count({ risks: ['D'], tags_any: ['catering', 'food_retail'] });
  assert.ok(tagged > 0 && tagged < riskD, `the tags narrow it further: ${tagged} of ${riskD}`);
  await countShows(page, tagged);

  // Registration status: suspended as well as active.
  await page.getByTestId('scope-statuses').getByText('存续（在营）').click();
  await page.getByTestId('scope-statuses').getByText('停业/歇业').click();
  const withSuspended = await count({ risks: ['D'], tags_any: ['catering', 'food_retail'], statuses: ['active', 'suspended'] });
  assert.ok(withSuspended >= tagged);
  await countShows(page, withSuspended);
  const summary = await page.getByTestId('scope-summary').textContent();
  assert.match(summary, /登记状态：存续（在营）、停业\/歇业/);
  assert.match(summary, /风险分类：D 类/);
  assert.match(summary, /监管标签：餐饮服务（catering）、食品销售（food_retail）/);
  await shot(page, 'wizard-scope-filters');
  assertAccessible(await a11yProblems(page), 'on the scope step with filters');

  // The step headers are buttons in the Tab order; the current one says so.
  await page.locator('h1').click();  // Tab from the top of the page
  const order = await tabOrder(page, 60);
  assert.ok(order.some((n) => /第 1 步：检查事项（已完成）/.test(n)), `Tab reaches the first step header: ${order}`);
  const current = page.getByTestId('step-scope');
  assert.equal(await current.getAttribute('aria-current'), 'step');
  assert.equal(await page.getByTestId('step-freeze').isDisabled(), true, 'a step never reached is not offered');
  // Back to the items by keyboard, and forward again to the scope (reached before).
  await page.getByTestId('step-items').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('items').waitFor();
  assert.equal(await page.getByTestId('step-items').getAttribute('aria-current'), 'step');
  assertAccessible(await a11yProblems(page), 'on the items step, reopened');
  await page.getByTestId('step-scope').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('scope-tags').waitFor();
  // The filters survived the round trip.
  await countShows(page, withSuspended);
  for (const s of ['quotas', 'exclusions', 'team']) {
    await page.getByTestId('next').click();
    await page.getByTestId(`step-${s}`).and(page.locator('[aria-current="step"]')).waitFor();
    assertAccessible(await a11yProblems(page), `on the ${s} step`);
    if (s === 'quotas') {
      const d = page.getByLabel('D 层的比例或数量');
      await d.fill('300');
      await d.press('Tab');
    }
  }
  // Every header up to the team step is open now; the freeze is not (the draft is not saved).
  for (const s of ['items', 'scope', 'quotas', 'exclusions']) {
    assert.equal(await page.getByTestId(`step-${s}`).isDisabled(), false, `${s} is open`);
  }
  assert.equal(await page.getByTestId('step-freeze').isDisabled(), true);
  await shot(page, 'wizard-team-headers');
  assert.deepEqual(page.problems, []);
});

test('an assignment that cannot be staffed is explained in Chinese, widened to neighbouring counties and staffed; all notices print', async () => {
  const api = await apiAs(env.sunlit.url, DEMO.deptAdmin);
  // 韶山市 has 4 active SCJG inspectors (demo, one more not on duty): no team of 5 there.
  const created = await api('POST', '/tasks', {
    bureau: 'XT',
    title: '韶山市市场主体登记事项抽查（端到端测试：人员不足）',
    kind: 'random',
    lead_department: 'SCJG',
    items: [{ department: 'SCJG', code: 'SCJG-001' }],
    scope: { region_prefixes: ['430382'] },
    stratify: 'none',
    quotas: [{ stratum: '', kind: 'count', value: 2 }],
    reserve: 1,
    team: [{ department: 'SCJG', count: 5 }],
    window_start: day(7),
    window_end: day(60),
    contact: { name: '王科长', phone: '0731-5555 0000', address: '湘潭市岳塘区' },
    materials: ['营业执照副本'],
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  const number = created.json.number;
  const frozen = await api('POST', `/tasks/${number}/freeze`, {
    sources: [{ name: '中国福利彩票 福彩3D', issue: '2026998期', how_written: '3个开奖号码，按开奖顺序', available_at: soon(3) }],
  });
  assert.equal(frozen.status, 200, JSON.stringify(frozen.json));
  let entered;
  for (let i = 0; i < 20; i++) {  // until the announced time has passed (not a timing assertion)
    await sleep(1000);
    entered = await api('POST', `/tasks/${number}/randomness`, { values: [[4, 8, 1]] });
    if (entered.status === 200) break;
  }
  assert.equal(entered.status, 200, JSON.stringify(entered.json));
  const drawn = await api('POST', `/tasks/${number}/draw`, {});
  assert.equal(drawn.status, 200, JSON.stringify(drawn.json));
  assert.equal(drawn.json.checks, 2);

  const page = await newPage(env.browser);
  await loginAs(page, env.sunlit.url, DEMO.deptAdmin);
  await page.goto(env.sunlit.url + `/staff/tasks/${number}`);
  await page.getByTestId('assign').click();
  const infeasible = page.getByTestId('infeasible');
  await infeasible.waitFor();
  const explanation = (await page.getByTestId('infeasible-explanation').textContent()).trim();
  assert.match(explanation, /^有 2 个检查对象无法组成检查组：/);
  assert.match(explanation, /湘潭市市场监督管理局需要 5 人，只能匹配 \d 人（候选 \d+ 人/);
  assert.match(explanation, /可扩大人员匹配范围（相邻区县或全市人员库）后重新匹配。$/);
  assert.doesNotMatch(explanation, /cannot|needs|[{}"]/, 'no English, no JSON');
  await shot(page, 'wizard-assign-infeasible');
  assertAccessible(await a11yProblems(page), 'on the infeasible assignment');

  // Widening without a county or a reason is refused in the page, not by the server.
  await page.getByTestId('widen').click();
  await page.getByRole('alert').filter({ hasText: '请选择要纳入匹配范围的相邻区县' }).waitFor();
  // Neighbouring counties, chosen by name from the server's list.
  const counties = page.getByRole('combobox', { name: '相邻区县' });
  await counties.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('option', { name: /湘乡市/ }).click();
  await page.getByRole('option', { name: /湘潭县/ }).click();
  await page.keyboard.press('Escape');
  await field(page, 'widen-reason').fill('韶山市具备资格的执法人员不足，与相邻的湘乡市、湘潭县交叉匹配');
  await shot(page, 'wizard-assign-widening');
  assertAccessible(await a11yProblems(page), 'on the widening form');
  await page.getByTestId('widen').click();
  await page.getByTestId('assigned').waitFor();
  const widenings = await api('GET', `/tasks/${number}/widenings`);
  assert.deepEqual(widenings.json.items.map((w) => w.regions), [[430321, 430381]]);
  await shot(page, 'wizard-assign-done');
  await page.getByRole('button', { name: '下一步' }).click();

  // The notices step offers every notice on one printable page.
  await page.getByTestId('notices').locator('tbody tr').first().waitFor();
  const checks = await api('GET', `/tasks/${number}/checks?limit=100`);
  const staffed = checks.json.items.filter((c) => c.state !== 'cancelled' && c.inspectors.length);
  assert.equal(staffed.length, 2);
  assertAccessible(await a11yProblems(page), 'on the notices step');
  await page.getByTestId('print-all').click();
  await page.waitForURL(new RegExp(`/staff/tasks/${number}/notices$`));
  const notices = page.getByTestId('notice');
  await notices.first().waitFor();
  assert.equal(await notices.count(), staffed.length);
  for (const c of staffed) {
    const one = notices.filter({ hasText: c.entity_code });
    assert.equal(await one.count(), 1, `one notice for ${c.entity_code}`);
    const text = await one.textContent();
    assert.match(text, /检查通知书/);
    assert.match(text, new RegExp(number));
    for (const m of c.inspectors) {
      const res = await api('GET', `/inspectors/${m.inspector_code}`);
      assert.ok(text.includes(res.json.name), `the notice names ${m.inspector_code}`);
    }
  }
  assert.match(await page.getByTestId('notices-summary').textContent(), /共 2 份检查通知书/);
  await shot(page, 'wizard-notices-all');
  assertAccessible(await a11yProblems(page), 'on the print-all page');

  // Print layout: the console's chrome is gone, each notice starts a page.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.staff-header').isVisible(), false, 'no header in print');
  assert.equal(await page.locator('nav.side').isVisible(), false, 'no menu in print');
  assert.equal(await page.getByTestId('print-all-now').isVisible(), false, 'no buttons in print');
  const breaks = await notices.evaluateAll((els) => els.map((e) => getComputedStyle(e).breakAfter));
  assert.deepEqual(breaks, ['page', 'auto']);
  await shot(page, 'wizard-notices-print-media');
  const pdf = await page.pdf({ format: 'A4' });
  mkdirSync(artifactsDir, { recursive: true });
  writeFileSync(path.join(artifactsDir, 'wizard-notices.pdf'), pdf);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
  assert.ok(pages >= staffed.length, `at least one PDF page per notice: ${pages} pages for ${staffed.length}`);
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(page.problems, []);
});

test('plans: a draft is edited, a stale version is refused in Chinese and reloaded, then saved, filed and published', async () => {
  const api = await apiAs(env.sunlit.url, DEMO.deptAdmin);
  const year = new Date().getFullYear() + 1;
  const made = await api('POST', '/plans', {
    kind: 'department_annual', year, department: 'SCJG', region: 430300,
    title: `湘潭市市场监督管理局${year}年度双随机抽查工作计划（编辑测试）`,
    tasks: [{ title: '企业公示信息抽查', departments: ['SCJG'], items: ['SCJG:SCJG-001'], scope: '全市', ratio_bp: 300, timing: '二季度' }],
  });
  assert.equal(made.status, 201, JSON.stringify(made.json));
  const id = made.json.id;

  const page = await newPage(env.browser);
  await loginAs(page, env.sunlit.url, DEMO.deptAdmin);
  await page.goto(env.sunlit.url + '/staff/plans');
  await page.getByRole('combobox', { name: '年度' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('option', { name: String(year), exact: true }).click();
  const plans = page.getByTestId('plans');
  await plans.getByText('（编辑测试）').waitFor();

  // 1. An edit, saved.
  await page.getByTestId(`edit-plan-${id}`).click();
  const form = page.getByTestId('plan-form');
  await form.waitFor();
  assert.match(await form.textContent(), /编辑计划草稿（第 1 版）/);
  assert.equal(await form.getByLabel('任务名称').inputValue(), '企业公示信息抽查');
  assertAccessible(await a11yProblems(page), 'on the plan edit form');
  await page.locator('h1').click();  // Tab from the top of the page
  const order = await tabOrder(page, 60);
  assert.ok(order.some((n) => /计划名称/.test(n)), `Tab reaches the plan title: ${order}`);
  await form.getByLabel('任务名称').fill('企业公示信息与登记事项抽查');
  await page.getByTestId('save-plan').click();
  await form.waitFor({ state: 'detached' });
  let stored = await api('GET', `/plans/${id}`);
  assert.equal(stored.json.tasks[0].title, '企业公示信息与登记事项抽查');
  assert.equal(stored.json.version, 2);
  await shot(page, 'plans-edited');

  // 2. Someone else saves while the form is open: the save is refused, said in Chinese.
  await page.getByTestId(`edit-plan-${id}`).click();
  await form.waitFor();
  const other = await api('PUT', `/plans/${id}`, {
    version: 2, kind: 'department_annual', year, department: 'SCJG', region: 430300,
    title: `湘潭市市场监督管理局${year}年度双随机抽查工作计划（编辑测试，他人修改）`,
    tasks: stored.json.tasks,
  });
  assert.equal(other.status, 200, JSON.stringify(other.json));
  await form.getByLabel('时间安排').fill('三季度');
  await page.getByTestId('save-plan').click();
  const refused = page.getByTestId('plan-error');
  await refused.waitFor();
  assert.match(await refused.textContent(), /该计划已被他人修改并保存了新版本，您的修改没有保存/);
  assert.doesNotMatch(await refused.textContent(), /[{}"]|stale|version/);
  await shot(page, 'plans-stale');
  assertAccessible(await a11yProblems(page), 'on the stale-version refusal');
  stored = await api('GET', `/plans/${id}`);
  assert.equal(stored.json.tasks[0].timing, '二季度', 'nothing of the refused save was stored');

  // 3. Reload the latest version, make the change again, save.
  await page.getByTestId('reload-plan').click();
  await form.getByText('编辑计划草稿（第 3 版）').waitFor();
  assert.match(await form.getByLabel('计划名称').inputValue(), /他人修改/);
  await form.getByLabel('时间安排').fill('三季度');
  await page.getByTestId('save-plan').click();
  await form.waitFor({ state: 'detached' });
  stored = await api('GET', `/plans/${id}`);
  assert.equal(stored.json.tasks[0].timing, '三季度');
  assert.equal(stored.json.version, 4);

  // 4. File and publish it.
  const row = plans.locator('tr').filter({ hasText: '他人修改' });
  await row.getByRole('button', { name: '备案' }).click();
  await row.getByText('已备案').waitFor();
  await row.getByRole('button', { name: '公示' }).click();
  await row.getByText('已公示').waitFor();
  stored = await api('GET', `/plans/${id}`);
  assert.equal(stored.json.state, 'published');
  assert.equal(await row.getByRole('button', { name: '编辑' }).count(), 0, 'a published plan is not editable');
  await shot(page, 'plans-published');
  assert.deepEqual(page.problems.filter((p) => !/409|Conflict/.test(p)), []);
});
