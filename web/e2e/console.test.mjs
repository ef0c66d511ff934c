// The staff console, admin side, in Chromium against a real `sunlit serve` with the demo
// database: the session guard (login?next, 403, expiry), the menu (and its drawer at 375 px),
// the plans page, and the whole task wizard — an administrator creates a joint task (SCJG with
// 消防), sees the live pool count, freezes, is told the randomness is not public yet, enters it
// once it is, draws (selected and alternates), assigns inspectors (widening when the answer is
// infeasible) and opens a printable notice. Screenshots of every page; accessibility basics
// and keyboard order on the forms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectors } from 'playwright-core';
import {
  DEMO, newPage, shot, loginAs, a11yProblems, assertAccessible, tabOrder, useSunlitAndBrowser,
} from './harness.mjs';

// The views mark what tests look for with data-test (Element Plus passes it to the root, or
// for ElInput to the <input> itself: `field` finds either).
selectors.setTestIdAttribute('data-test');
const field = (page, id) => page.locator(`input[data-test="${id}"], [data-test="${id}"] input`).first();

const env = useSunlitAndBrowser();

// A time a few seconds ahead, as the server reads it ("2026-11-23T23:59:10Z").
const soon = (seconds) => new Date(Date.now() + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

test('without a session a console page sends to the login page, which comes back to it', async () => {
  const page = await newPage(env.browser);
  await page.goto(env.sunlit.url + '/staff/tasks');
  await page.waitForURL(/\/staff\/login\?next=/);
  assert.match(await page.getByTestId('login-notice').textContent(), /请先登录/);
  await page.getByLabel('用户名').fill(DEMO.deptAdmin.username);
  await page.getByLabel('密码').fill(DEMO.deptAdmin.password);
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname === '/staff/tasks');
  await page.getByTestId('tasks').getByText('XT-2026-0001').waitFor();
  assert.match(await page.getByTestId('who').textContent(), /scjg\.admin/);
  await shot(page, 'console-tasks');
  assertAccessible(await a11yProblems(page), 'on /staff/tasks');

  // The session ends behind the page's back: the next API call goes to the login page,
  // which says the session expired.
  await page.context().clearCookies();
  await page.goto(env.sunlit.url + '/staff');  // a fresh load: the guard asks the server
  await page.waitForURL(/\/staff\/login\?.*expired=1/);
  assert.match(await page.getByTestId('login-notice').textContent(), /登录已过期/);
  await shot(page, 'console-login-expired');
  assert.deepEqual(page.problems.filter((p) => !/401|Unauthorized/.test(p)), []);
});

test('the menu follows the permissions; a page without the permission is a 403 page', async () => {
  const page = await newPage(env.browser);
  await loginAs(page, env.sunlit.url, DEMO.reviewer);
  await page.getByRole('navigation', { name: '功能菜单' }).waitFor();
  const menu = await page.getByRole('navigation', { name: '功能菜单' }).textContent();
  assert.match(menu, /抽查任务/);
  await page.goto(env.sunlit.url + '/staff/tasks/new');
  await page.getByTestId('forbidden').waitFor();
  assert.match(await page.getByTestId('forbidden').textContent(), /没有访问权限/);
  await shot(page, 'console-forbidden');
  assertAccessible(await a11yProblems(page), 'on the 403 page');
});

test('at 375 px the menu is a drawer opened from the header', async () => {
  const page = await newPage(env.browser, { width: 375, height: 812 });
  await loginAs(page, env.sunlit.url, DEMO.deptAdmin);
  const toggle = page.getByRole('button', { name: '打开功能菜单' });
  await toggle.waitFor();
  assert.equal(await page.locator('nav.side').isVisible(), false, 'no side bar on a phone');
  await toggle.click();
  const drawerNav = page.locator('.el-drawer nav');
  await drawerNav.getByRole('link', { name: '抽查计划' }).waitFor();
  await shot(page, 'console-drawer-375');
  await drawerNav.getByRole('link', { name: '抽查计划' }).click();
  await page.waitForURL(/\/staff\/plans$/);
  await page.getByTestId('plans').waitFor();
  await shot(page, 'console-plans-375');
  assertAccessible(await a11yProblems(page), 'on /staff/plans at 375 px');
});

test('plans: the demo plans with their states and deadline warnings; a new plan is saved as a draft', async () => {
  const page = await newPage(env.browser);
  await loginAs(page, env.sunlit.url, DEMO.deptAdmin);
  await page.goto(env.sunlit.url + '/staff/plans');
  const year = new Date().getFullYear();
  await page.getByTestId('plans').getByText('湘潭市市场监督管理局2026年度双随机抽查工作计划').waitFor();
  await shot(page, 'console-plans');
  assertAccessible(await a11yProblems(page), 'on /staff/plans');
  await page.getByTestId('new-plan').click();
  const form = page.getByTestId('plan-form');
  await form.waitFor();
  assertAccessible(await a11yProblems(page), 'on the new-plan form');
  await form.getByLabel('计划名称').fill(`湘潭市市场监督管理局${year + 1}年度双随机抽查工作计划（测试）`);
  await form.getByLabel('任务名称').fill('企业公示信息抽查');
  await page.getByTestId('save-plan').click();
  await page.getByTestId('plan-form').waitFor({ state: 'detached' });
  await page.getByTestId('plans').getByText('（测试）').waitFor();
  await shot(page, 'console-plans-created');
});

test('an administrator runs a joint task through the wizard: freeze, randomness, draw, assignment, notices', async () => {
  const page = await newPage(env.browser);
  await loginAs(page, env.sunlit.url, DEMO.deptAdmin);
  await page.goto(env.sunlit.url + '/staff/tasks');
  await page.getByTestId('new-task').click();
  await page.waitForURL(/\/staff\/tasks\/new$/);

  // 1. items
  await page.getByTestId('items').waitFor();
  assertAccessible(await a11yProblems(page), 'on the wizard, step 1');
  const order = await tabOrder(page, 40);
  assert.ok(order.some((n) => /任务名称/.test(n)), `Tab reaches the title: ${order}`);
  await page.getByTestId('next').click();  // nothing filled: told what is missing
  await page.getByRole('alert').filter({ hasText: '请填写任务名称' }).waitFor();
  await page.getByLabel('任务名称').fill('2026年雨湖区市场主体与消防安全联合抽查（端到端测试）');
  // By keyboard, as a person without a mouse would open it.
  await page.getByRole('combobox', { name: '联合部门' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('option', { name: '湘潭市消防救援支队' }).click();
  await page.keyboard.press('Escape');
  await page.getByTestId('items').getByText('SCJG-001').click();
  await page.getByTestId('items').getByText('XFJY-001').click();
  await shot(page, 'console-wizard-1-items');
  await page.getByTestId('next').click();

  // 2. scope, with the live count
  await page.getByLabel(/行政区划/).fill('430302');
  const count = page.getByTestId('pool-count');
  await count.getByText(/\d+ 户（名录库共 \d+ 户/).waitFor();
  const poolSize = Number((await count.textContent()).match(/(\d+) 户（/)[1]);
  assert.ok(poolSize > 0, 'the 雨湖区 pool is not empty');
  await shot(page, 'console-wizard-2-scope');
  assertAccessible(await a11yProblems(page), 'on the wizard, scope');
  await page.getByTestId('next').click();

  // 3. quotas per risk class
  await page.getByTestId('quotas').waitFor();
  for (const [label, bp] of [['A', 300], ['B', 200], ['C', 100], ['D', 100], ['U', 100]]) {
    const input = page.getByLabel(`${label} 层的比例或数量`);
    await input.fill(String(bp));
    await input.press('Tab');
  }
  await shot(page, 'console-wizard-3-quotas');
  assertAccessible(await a11yProblems(page), 'on the wizard, quotas');
  await page.getByTestId('next').click();

  // 4. exclusions: the annual cap leaves out what other tasks drew this year
  await page.getByText('排除本年度已被其他任务抽中的对象').click();
  await count.getByText(/因年度已抽中排除 \d+ 户/).waitFor();
  await shot(page, 'console-wizard-4-exclusions');
  await page.getByTestId('next').click();

  // 5. team composition
  for (const code of ['SCJG', 'XFJY']) {
    const input = field(page, `team-${code}`);
    await input.fill('1');
    await input.press('Tab');
  }
  await shot(page, 'console-wizard-5-team');
  assertAccessible(await a11yProblems(page), 'on the wizard, team');
  await page.getByTestId('save').click();
  await page.waitForURL(/\/staff\/tasks\/XT-\d{4}-\d{4}$/);
  const number = (await page.getByTestId('task-number').textContent()).trim();

  // 6. freeze with a source published a few seconds from now
  await field(page, 'source-issue').fill('2026999期');
  await field(page, 'source-available').fill(soon(6));
  await shot(page, 'console-wizard-6-freeze-form');
  assertAccessible(await a11yProblems(page), 'on the wizard, freeze');
  await page.getByTestId('freeze').click();
  await page.getByTestId('pool-root').waitFor();
  assert.match(await page.getByTestId('pool-root').textContent(), /^[0-9a-f]{64}$/);
  assert.match(await page.getByTestId('commitment').textContent(), /^[0-9a-f]{64}$/);
  assert.match(await page.getByTestId('future-issue').textContent(), /2026999期/);
  await shot(page, 'console-wizard-6-frozen');
  await page.getByTestId('frozen').getByRole('button', { name: '下一步' }).click();

  // 7. randomness: refused in Chinese while the lottery is not public, accepted after
  await field(page, 'numbers-0').fill('3 9 1');
  await page.getByTestId('enter-randomness').click();
  const refused = page.getByTestId('wizard-error');
  await refused.waitFor();
  assert.match(await refused.textContent(), /当前状态下不能执行此操作/);
  assert.doesNotMatch(await refused.textContent(), /[{}"]/);
  await shot(page, 'console-wizard-7-too-early');
  await page.waitForTimeout(7000);  // until the announced time has passed (not a timing assertion)
  await page.getByTestId('enter-randomness').click();

  // 8. draw
  await page.getByTestId('draw').click();
  await page.getByTestId('selected').locator('tbody tr').first().waitFor();
  const selected = await page.getByTestId('selected').locator('tbody tr').count();
  assert.ok(selected > 0, 'entities were selected');
  await page.getByText(/备选对象（\d+ 户）/).waitFor();
  await shot(page, 'console-wizard-8-drawn');
  await page.getByRole('button', { name: '下一步' }).click();

  // 9. assignment (widening the pool when the bureau's own inspectors are not enough)
  await page.getByTestId('assign').click();
  const outcome = await Promise.race([
    page.getByTestId('assigned').waitFor().then(() => 'assigned'),
    page.getByTestId('infeasible').waitFor().then(() => 'infeasible'),
  ]);
  if (outcome === 'infeasible') {
    await shot(page, 'console-wizard-9-infeasible');
    await page.getByText('全市人员库').click();
    await field(page, 'widen-reason').fill('本区县执法人员不足，按规定扩大到全市人员库');
    await page.getByTestId('widen').click();
    await page.getByTestId('assigned').waitFor();
  }
  await shot(page, 'console-wizard-9-assigned');
  await page.getByRole('button', { name: '下一步' }).click();

  // 10. notices: one printable page per check
  const notices = page.getByTestId('notices');
  await notices.locator('tbody tr').first().waitFor();
  assert.equal(await notices.locator('tbody tr').count(), selected);
  const href = await notices.getByRole('link', { name: '打开并打印' }).first().getAttribute('href');
  const notice = await page.request.get(env.sunlit.url + href);
  assert.equal(notice.status(), 200);
  assert.match(notice.headers()['content-type'], /text\/html/);
  assert.match(await notice.text(), /检查通知书|通知书/);
  await shot(page, 'console-wizard-10-notices');
  assertAccessible(await a11yProblems(page), 'on the wizard, notices');

  // The task list shows it assigned; reopening it resumes at the notices.
  await page.goto(env.sunlit.url + '/staff/tasks');
  await page.getByTestId('tasks').getByText(number).waitFor();
  await page.goto(env.sunlit.url + `/staff/tasks/${number}`);
  await page.getByTestId('notices').waitFor();
  assert.deepEqual(page.problems.filter((p) => !/409|Conflict/.test(p)), []);
});

test('users: the department administrator creates an inspector and sees the password once', async () => {
  const page = await newPage(env.browser);
  await loginAs(page, env.sunlit.url, DEMO.deptAdmin);
  await page.getByRole('navigation', { name: '功能菜单' }).getByRole('link', { name: '用户管理' }).click();
  await page.getByTestId('users').getByText('scjg.inspector').waitFor();
  assertAccessible(await a11yProblems(page), 'on /staff/users');
  await field(page, 'new-username').fill('e2e.inspector');
  await page.getByRole('combobox', { name: '角色' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('option', { name: '执法人员' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: '创建用户' }).click();
  await page.getByTestId('created').getByText(/初始密码 \S{10,}/).waitFor();
  await page.getByTestId('users').getByText('e2e.inspector').waitFor();
  await shot(page, 'console-users');
});
