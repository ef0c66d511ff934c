// @vitest-environment happy-dom
// The /verify page in a DOM: drop the two files, verify, see "已验证" and check one code; a
// tampered record shows the first mismatch. (Real browsers come with the playwright tests.)
import { createApp, nextTick } from 'vue';
import { createMemoryHistory } from 'vue-router';
import { afterEach, describe, expect, it } from 'vitest';
import App from '../App.vue';
import { makeI18n } from '../i18n.js';
import { makeRouter } from '../router.js';

import examplePool from '../verify/testdata/worked-example.pool.csv?raw';
import exampleRecord from '../verify/testdata/worked-example.record.json?raw';

const fixtures = { 'worked-example.pool.csv': examplePool, 'worked-example.record.json': exampleRecord };
const fixture = (name) => fixtures[name];

async function until(predicate, what, ms = 10000) {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function drop(target, name, text) {
  const event = new Event('drop', { bubbles: true, cancelable: true });
  event.dataTransfer = { files: [new File([text], name)] };
  target.dispatchEvent(event);
}

let app;
let root;

async function mountVerify(locale = 'zh-CN') {
  root = document.createElement('div');
  document.body.appendChild(root);
  const router = makeRouter(createMemoryHistory());
  await router.push('/verify');
  await router.isReady();
  app = createApp(App).use(makeI18n(locale)).use(router);
  app.mount(root);
  await until(() => root.querySelectorAll('.drop').length === 2, 'the page');
  return root;
}

async function verify(poolText, recordText) {
  const [poolDrop, recordDrop] = root.querySelectorAll('.drop');
  drop(poolDrop, 'pool.csv', poolText);
  drop(recordDrop, 'record.json', recordText);
  await until(() => root.querySelectorAll('.drop.chosen').length === 2, 'both files read');
  const run = [...root.querySelectorAll('button')].find((b) => /开始验证|Verify/.test(b.textContent));
  expect(run.disabled).toBe(false);
  run.click();
  await until(() => root.querySelector('.el-result'), 'a result');
  await nextTick();
}

afterEach(() => {
  app?.unmount();
  root?.remove();
});

describe('the /verify page', () => {
  it('starts empty, with the verify button disabled', async () => {
    await mountVerify();
    expect(root.textContent).toContain('请选择抽查名录和抽取记录两个文件');
    const run = [...root.querySelectorAll('button')].find((b) => b.textContent.includes('开始验证'));
    expect(run.disabled).toBe(true);
    // Every file input and the code input is named by a label.
    // (A label names an input by for= or by wrapping it, as Element Plus's radio buttons do.)
    for (const input of root.querySelectorAll('input')) {
      const named = (input.id && root.querySelector(`label[for="${input.id}"]`)) || input.closest('label');
      expect(named, input.outerHTML).toBeTruthy();
    }
  });

  it('verifies the worked example and answers the self-check', async () => {
    await mountVerify();
    await verify(fixture('worked-example.pool.csv'), fixture('worked-example.record.json'));
    expect(root.querySelector('.el-result').textContent).toContain('已验证');
    expect(root.textContent).toContain('30489b1ab486220e402d1708c224d22b614a870e4c3b14f6f3aad1038e864673');

    const input = root.querySelector('#self-code');
    input.value = '91430302MB2KLRPMXB';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await nextTick();
    root.querySelector('.member-check form').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await until(() => root.querySelector('.member-check .facts'), 'the self-check');
    const text = root.querySelector('.member-check').textContent;
    expect(text).toContain('1c5be0c50ceb1cb243577b26329f37ddba35fac00f986bd7caa2a23a3f10125d');
    expect(text).toContain('第 2 名 / 共 8 家');
    expect(text).toContain('抽中');
    expect(text).toContain('有效');
  });

  it('shows the first mismatch of a tampered record, in English when asked', async () => {
    await mountVerify('en');
    const record = fixture('worked-example.record.json').replace(
      '30489b1ab486220e402d1708c224d22b614a870e4c3b14f6f3aad1038e864673',
      '30489b1ab486220e402d1708c224d22b614a870e4c3b14f6f3aad1038e864674',
    );
    await verify(fixture('worked-example.pool.csv'), record);
    const result = root.querySelector('.el-result').textContent;
    expect(result).toContain('Not verified');
    expect(result).toContain('First mismatch: pool root');
    expect(root.querySelector('.mismatch').textContent).toContain('30489b1ab486220e402d1708c224d22b614a870e4c3b14f6f3aad1038e864674');
  });
});
