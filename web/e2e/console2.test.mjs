// The staff console, second part, in Chromium against a real `sunlit serve` with the demo
// database: the entity and inspector directories — search with filters and server paging,
// a bad filter caught on the page, an entity's record with its history, an inspector's
// record, the Excel export — with screenshots of every page, accessibility basics and the
// keyboard order of the search form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectors } from 'playwright-core';
import {
  DEMO, newPage, shot, loginAs, a11yProblems, assertAccessible, tabOrder, useSunlitAndBrowser,
} from './harness.mjs';

selectors.setTestIdAttribute('data-test');
const field = (page, id) => page.locator(`input[data-test="${id}"], [data-test="${id}"] input`).first();

const env = useSunlitAndBrowser();

const totalOf = async (page) => {
  const text = await page.getByTestId('total').textContent();
  const m = /共 (\d+) 条|超过 (\d+) 条/.exec(text);
  assert.ok(m, `a total is shown: ${text}`);
  return Number(m[1] ?? m[2]);
};

test('an inspector searches the entity directory, pages, and opens a record with its history', async () => {
  const page = await newPage(env.browser);
  await loginAs(page, env.sunlit.url, DEMO.inspector);
  const menu = page.getByRole('navigation', { name: '功能菜单' });
  await menu.getByRole('link', { name: '检查对象名录库' }).click();
  await page.waitForURL((u) => u.pathname === '/staff/entities');
  await page.getByTestId('directory').locator('tbody tr').first().waitFor();
  const all = await totalOf(page);
  assert.ok(all > 100, `the demo directory is listed: ${all}`);
  await shot(page, 'console2-entities');
  assertAccessible(await a11yProblems(page), 'on /staff/entities');
  const order = await tabOrder(page, 40);
  for (const label of ['统一社会信用代码', '名称', '行政区划', '风险分类']) {
    assert.ok(order.some((n) => n.includes(label)), `Tab reaches ${label}: ${order}`);
  }

  // A bad region is caught before any request; the form says which field.
  await field(page, 'f-region').fill('43x');
  await page.keyboard.press('Enter');
  await page.getByRole('alert').filter({ hasText: '“行政区划”的格式不正确' }).waitFor();

  // One county: every row in it, fewer than the whole directory; the search is in the URL.
  await field(page, 'f-region').fill('430302');
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.searchParams.get('region') === '430302');
  await page.getByTestId('total').filter({ hasNotText: '正在加载' }).waitFor();
  const county = await totalOf(page);
  assert.ok(county > 0 && county <= all, `${county} of ${all}`);
  const regions = await page.getByTestId('directory').locator('tbody tr td:nth-child(5)').allTextContents();
  assert.ok(regions.length > 0 && regions.every((r) => r.trim() === '430302'), regions.join(','));
  await shot(page, 'console2-entities-county');
  // The county's first code as a prefix finds exactly that entity (the count is exact).
  const firstCode = (await page.getByTestId('directory').locator('tbody tr td:first-child').first().textContent()).trim();
  await page.goto(env.sunlit.url + `/staff/entities?code=${firstCode.toLowerCase()}`);
  await page.getByTestId('total').filter({ hasText: '共 1 条' }).waitFor();
  assert.equal(await field(page, 'f-code').inputValue(), firstCode.toLowerCase());
  await page.goBack();
  await page.waitForURL((u) => u.searchParams.get('region') === '430302');
  await page.getByTestId('total').filter({ hasNotText: '正在加载' }).waitFor();

  // The second page continues (server paging), then back.
  if (county > 20) {
    const first = await page.getByTestId('directory').locator('tbody tr td:first-child').first().textContent();
    await page.locator('.el-pagination').getByText('2', { exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('page') === '2');
    await page.getByTestId('directory').locator('tbody tr td:first-child').first()
      .filter({ hasNotText: first.trim() }).waitFor();
  }

  // Nothing matches: the empty state.
  await field(page, 'f-name').fill('不存在的企业名称前缀');
  await page.keyboard.press('Enter');
  await page.getByText('没有符合条件的记录').waitFor();
  await shot(page, 'console2-entities-empty');

  // A record: its fields and history.
  await page.goto(env.sunlit.url + '/staff/entities?region=430302');
  const link = page.getByTestId('directory').locator('tbody tr td:first-child a').first();
  const code = (await link.textContent()).trim();
  await link.click();
  await page.waitForURL((u) => u.pathname === `/staff/entities/${code}`);
  await page.getByTestId('record').getByText(code).waitFor();
  await page.getByTestId('history').waitFor();
  await shot(page, 'console2-entity-record');
  assertAccessible(await a11yProblems(page), 'on an entity record');

  // An unknown code: the error state, in Chinese, not raw JSON.
  await page.goto(env.sunlit.url + '/staff/entities/91430300MA4L000000');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.doesNotMatch(await alert.textContent(), /[{}]/);
  await shot(page, 'console2-entity-missing');
});

test('the export downloads the directory as an Excel file', async () => {
  const page = await newPage(env.browser);
  await loginAs(page, env.sunlit.url, DEMO.deptAdmin);
  await page.goto(env.sunlit.url + '/staff/entities');
  await page.getByTestId('directory').locator('tbody tr').first().waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-xlsx').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'sunlit-entities.xlsx');
  const stream = await download.createReadStream();
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  const bytes = Buffer.concat(chunks);
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX is a ZIP');
  assert.ok(bytes.length > 10000, `${bytes.length} bytes`);
});

test('the inspector directory filters by department and opens an inspector', async () => {
  const page = await newPage(env.browser);
  await loginAs(page, env.sunlit.url, DEMO.reviewer);
  await page.goto(env.sunlit.url + '/staff/inspectors');
  await page.getByTestId('directory').locator('tbody tr').first().waitFor();
  const all = await totalOf(page);
  await field(page, 'f-department').fill('XFJY');
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.searchParams.get('department') === 'XFJY');
  await page.getByTestId('total').filter({ hasNotText: '正在加载' }).waitFor();
  const xf = await totalOf(page);
  assert.ok(xf > 0 && xf < all, `${xf} of ${all}`);
  await shot(page, 'console2-inspectors');
  assertAccessible(await a11yProblems(page), 'on /staff/inspectors');
  await page.getByTestId('directory').locator('tbody tr td:first-child a').first().click();
  await page.getByTestId('record').waitFor();
  assert.match(await page.getByTestId('record').textContent(), /XFJY/);
  await shot(page, 'console2-inspector-record');
  assertAccessible(await a11yProblems(page), 'on an inspector record');
});

test('the dashboard shows the year of the demo: stages, risk mix, rates, workload, deadlines', async () => {
  const page = await newPage(env.browser);
  await loginAs(page, env.sunlit.url, DEMO.deptAdmin);
  await page.getByRole('navigation', { name: '功能菜单' }).getByRole('link', { name: '工作台' }).click();
  await page.waitForURL((u) => u.pathname === '/staff/dashboard');
  const taskTotal = page.getByTestId('task-total');
  await taskTotal.waitFor();
  assert.match(await taskTotal.textContent(), /本年度共 [1-9]\d* 项任务/);
  assert.match(await page.getByTestId('directory-size').textContent(), /存续检查对象 [1-9]\d* 户/);
  // The department table carries the rates as text; the industry panel has results.
  await page.getByTestId('panel-departments').locator('tbody tr').first().waitFor();
  assert.match(await page.getByTestId('panel-departments').textContent(), /\d+\.\d%/);
  await page.getByTestId('panel-industry').locator('tbody tr').first().waitFor();
  await page.getByTestId('panel-deadlines').getByTestId('overdue').waitFor();
  // ECharts drew into canvases (loaded after the figures).
  await page.locator('[data-test="chart"] canvas').nth(4).waitFor();
  await shot(page, 'console2-dashboard');
  assertAccessible(await a11yProblems(page), 'on /staff/dashboard');
  assert.deepEqual(page.problems, []);
});

test('the dashboard is not offered to an inspector', async () => {
  const page = await newPage(env.browser);
  await loginAs(page, env.sunlit.url, DEMO.inspector);
  const menu = await page.getByRole('navigation', { name: '功能菜单' }).textContent();
  assert.doesNotMatch(menu, /工作台/);
  await page.goto(env.sunlit.url + '/staff/dashboard');
  await page.getByTestId('forbidden').waitFor();
});

test('an import with a bad row imports nothing and lists the row; the corrected file imports', async () => {
  const page = await newPage(env.browser);
  await loginAs(page, env.sunlit.url, DEMO.deptAdmin);
  await page.getByRole('navigation', { name: '功能菜单' }).getByRole('link', { name: '名录导入' }).click();
  await page.waitForURL((u) => u.pathname === '/staff/imports');
  await shot(page, 'console2-import');
  assertAccessible(await a11yProblems(page), 'on /staff/imports');
  const order = await tabOrder(page, 30);
  assert.ok(order.some((n) => n.includes('导入内容')), `Tab reaches the kind: ${order}`);
  assert.ok(order.some((n) => n.includes('文件')), `Tab reaches the file: ${order}`);

  // One entity of the demo, renamed; a second row with a broken credit code.
  const answer = await page.evaluate(async () => (await fetch('/api/v1/entities?region=430304&limit=1')).json());
  const code = answer.items[0].code;
  const header = 'code,name,type,region,industry,risk,last_inspected,status,unit,tags,address\n';
  const good = `${code},端到端改名测试有限公司,enterprise,430304,5211,B,,active,,,湘潭市岳塘区\n`;
  const bad = '91430300XXXXXXXXXX,坏代码企业,enterprise,430304,5211,B,,active,,,湘潭市\n';
  await page.getByLabel('文件').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(header + good + bad) });
  await page.getByTestId('upload').click();
  await page.getByTestId('import-refused').waitFor();
  const firstRow = page.getByTestId('problems').locator('tbody tr').first();
  await firstRow.waitFor();
  assert.match(await firstRow.textContent(), /^3/);
  await shot(page, 'console2-import-refused');
  const unchanged = await page.evaluate(async (c) => (await fetch(`/api/v1/entities/${c}`)).json(), code);
  assert.notEqual(unchanged.name, '端到端改名测试有限公司');

  await page.getByLabel('文件').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(header + good) });
  await page.getByTestId('upload').click();
  await page.getByTestId('import-done').waitFor();
  assert.match(await page.getByTestId('import-done').textContent(), /更新 1/);
  await shot(page, 'console2-import-done');

  // The directory shows the new name, and the record its history.
  await page.goto(env.sunlit.url + `/staff/entities/${code}`);
  await page.getByTestId('history').getByText('端到端改名测试有限公司').waitFor();
  await shot(page, 'console2-entity-history');
});

test('items: browse a list, add an item, revise it into version 2, see its versions; build a checklist', async () => {
  const page = await newPage(env.browser);
  await loginAs(page, env.sunlit.url, DEMO.deptAdmin);
  await page.getByRole('navigation', { name: '功能菜单' }).getByRole('link', { name: '抽查事项与一业一查清单' }).click();
  await page.waitForURL((u) => u.pathname === '/staff/items');
  await page.getByTestId('items').locator('tbody tr').first().waitFor();
  await shot(page, 'console2-items');
  assertAccessible(await a11yProblems(page), 'on /staff/items');

  await page.getByTestId('new-item').click();
  const form = page.getByTestId('item-form');
  await form.waitFor();
  await form.getByRole('button', { name: '保存' }).click();
  await form.getByRole('alert').filter({ hasText: '请填写“事项编码”' }).waitFor();
  await field(page, 'i-code').fill('SCJG-E2E');
  await field(page, 'i-name').fill('端到端测试事项');
  await page.locator('textarea[data-test="i-basis"], [data-test="i-basis"] textarea').first().fill('《企业信息公示暂行条例》第十四条');
  await field(page, 'i-method').fill('书面检查');
  await shot(page, 'console2-item-form');
  assertAccessible(await a11yProblems(page), 'on the item form');
  await form.getByRole('button', { name: '保存' }).click();
  await page.getByTestId('item-saved').or(form.getByRole('alert')).first().waitFor();
  await shot(page, 'console2-item-saved');
  await page.getByTestId('item-saved').filter({ hasText: '已保存为新版本' }).waitFor({ timeout: 5000 });
  const row = page.getByTestId('items').locator('tbody tr', { hasText: 'SCJG-E2E' });
  await row.waitFor();

  await row.getByRole('button', { name: '修订' }).click();
  await field(page, 'i-method').fill('书面检查、现场检查');
  await page.getByTestId('item-form').getByRole('button', { name: '保存' }).click();
  await page.getByTestId('items').locator('tbody tr', { hasText: '书面检查、现场检查' }).waitFor();
  await row.getByRole('button', { name: '历史版本' }).click();
  const versions = page.getByTestId('item-history').locator('tbody tr');
  await versions.nth(1).waitFor();
  assert.equal(await versions.count(), 2);
  assert.match(await versions.first().textContent(), /^2/);
  await shot(page, 'console2-item-history');
  await page.keyboard.press('Escape');

  // The demo's own checklist's industries under a new code: a new checklist, version 1.
  const demo = await page.evaluate(async () => (await fetch('/api/v1/checklists')).json());
  assert.ok(demo.items.length > 0, 'the demo has a checklist');
  await field(page, 'cl-code').fill('e2e-joint');
  await field(page, 'cl-name').fill('端到端测试行业清单');
  await field(page, 'cl-industries').fill(demo.items[0].industry_prefixes.join(', '));
  await field(page, 'cl-tags').fill(demo.items[0].tags.join(', '));
  await page.getByTestId('cl-save').click();
  await page.getByTestId('cl-result').or(page.getByRole('alert')).first().waitFor();
  await shot(page, 'console2-checklist-built');
  await page.getByTestId('cl-result').filter({ hasText: '第 1 版' }).waitFor();
  await page.getByTestId('cl-save').click();
  await page.getByTestId('cl-result').filter({ hasText: '未产生新版本' }).waitFor();
  await page.getByTestId('checklists').getByText('e2e-joint').waitFor();
  await shot(page, 'console2-checklists');
});

test('the system administrator adds and renames a department; a department administrator only reads', async () => {
  const page = await newPage(env.browser);
  await loginAs(page, env.sunlit.url, DEMO.admin);
  await page.goto(env.sunlit.url + '/staff/departments');
  await page.getByTestId('departments').locator('tbody tr').first().waitFor();
  await field(page, 'd-code').fill('e2e_dept');
  await field(page, 'd-name').fill('端到端测试局');
  await page.getByTestId('d-save').click();
  await page.getByTestId('d-saved').filter({ hasText: '已新增部门 E2E_DEPT' }).waitFor();
  const row = page.getByTestId('departments').locator('tbody tr', { hasText: 'E2E_DEPT' });
  await row.getByRole('button', { name: '修改' }).click();
  await field(page, 'd-name').fill('端到端测试局（改名）');
  await page.getByTestId('d-save').click();
  await page.getByTestId('departments').getByText('端到端测试局（改名）').waitFor();
  await shot(page, 'console2-departments');
  assertAccessible(await a11yProblems(page), 'on /staff/departments');

  const other = await newPage(env.browser);
  await loginAs(other, env.sunlit.url, DEMO.deptAdmin);
  await other.goto(env.sunlit.url + '/staff/departments');
  await other.getByTestId('departments').getByText('端到端测试局（改名）').waitFor();
  assert.equal(await other.getByTestId('department-form').count(), 0);
});
