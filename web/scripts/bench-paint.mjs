#!/usr/bin/env node
// First meaningful paint of the staff console from a cold cache on loopback: a real
// `sunlit serve` over a fresh demo database (e2e/harness.mjs), Debian's Chromium, a new browser
// context per run (empty HTTP cache), logged in through the API so that the session cookie is
// there, then /staff/tasks is opened. Reported from the Performance API in the page:
//   fcp        first-contentful-paint (the header of the layout)
//   meaningful the moment the task table shows its first row (the page's content, after the
//              session check and GET /api/v1/tasks), measured with performance.now()
//   bytes      bytes transferred for the page (navigation + resources, compressed as sent)
// and the same for the login page (no session). Median and best of `runs` (default 5).
//
//   node scripts/bench-paint.mjs [runs]        (needs ../build/sunlit and dist/, as npm run e2e)
import { DEMO, startSunlit, launchBrowser } from '../e2e/harness.mjs';

const runs = Number(process.argv[2] ?? 5);

async function measure(browser, url, { login, ready }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  if (login) {
    const res = await context.request.post(new URL('/api/v1/session', url).href, { data: login });
    if (!res.ok()) throw new Error(`login failed: ${res.status()}`);
  }
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector(ready, { timeout: 30000 });
  const m = await page.evaluate(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
    const nav = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    const bytes = (nav?.transferSize ?? 0) + resources.reduce((n, r) => n + (r.transferSize ?? 0), 0);
    return { fcp, meaningful: performance.now(), bytes, requests: resources.length + 1 };
  });
  await context.close();
  return m;
}

function summary(name, list) {
  const pick = (k) => list.map((x) => x[k]).sort((a, b) => a - b);
  const med = (a) => a[Math.floor(a.length / 2)];
  const fcp = pick('fcp');
  const mean = pick('meaningful');
  console.log(
    `${name}: fcp median ${med(fcp).toFixed(0)} ms (best ${fcp[0].toFixed(0)}), ` +
      `content median ${med(mean).toFixed(0)} ms (best ${mean[0].toFixed(0)}), ` +
      `${(list[0].bytes / 1024).toFixed(0)} KiB in ${list[0].requests} requests`,
  );
}

const sunlit = await startSunlit();
const browser = await launchBrowser();
try {
  const tasks = [];
  const login = [];
  for (let i = 0; i < runs; i++) {
    tasks.push(await measure(browser, sunlit.url + '/staff/tasks', {
      login: DEMO.deptAdmin,
      ready: '[data-test="tasks"] tbody tr',
    }));
    login.push(await measure(browser, sunlit.url + '/staff/login', { ready: '#login-username' }));
  }
  console.log(`chromium headless, ${runs} cold runs each, ${sunlit.url}`);
  summary('/staff/tasks (logged in)', tasks);
  summary('/staff/login', login);
} finally {
  await browser.close();
  await sunlit.stop();
}
