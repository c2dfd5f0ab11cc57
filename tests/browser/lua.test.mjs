// The playground's Lua side in headless Chromium (served by scripts/test.d/40-browser.sh): the
// JS | Lua switch kept in the URL, the Lua examples rendering their graph and gradient tables,
// print output in the console, and the seed as written stopping at line 4 with the comment hint.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from './chromium.mjs';
import { encodeBase64Url } from '../../web/src/url-state.js';

const BASE = process.env.PLAYGROUND_URL;
let browser;

before(async () => {
  assert.ok(BASE, 'set PLAYGROUND_URL (scripts/test.d/40-browser.sh serves the page and sets it)');
  browser = await launchChromium();
});
after(async () => {
  if (browser) await browser.close();
});

async function open(url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(BASE) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.push(`external request: ${u}`);
  });
  await page.goto(url);
  return { page, problems, close: () => context.close() };
}

async function finished(page, n = 1) {
  await page.waitForFunction((runs) => {
    const s = document.getElementById('status');
    return s.dataset.runs === String(runs) && (s.dataset.state === 'done' || s.dataset.state === 'error');
  }, n, { timeout: 60000 });
  return page.$eval('#status', (s) => s.dataset.state);
}

test('the seed as the asker wrote it: the hint that Lua comments start with --, at line 4', async () => {
  const { page, problems, close } = await open(`${BASE}#example=lua-seed`);
  try {
    assert.equal(await finished(page), 'error');
    assert.equal(await page.inputValue('#language-select'), 'lua');
    const message = await page.textContent('#error-panel .error-message');
    assert.match(message, /^main\.lua:4: unexpected symbol near '#' \(Lua comments start with --, not #\)/);
    assert.match(await page.textContent('#error-panel'), /line 4/);
    const activeLine = await page.$eval('.cm-activeLine', (l) => l.textContent);
    assert.match(activeLine, /#gModule/, 'the cursor is on the failing line');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('the seed with -- comments (code in the URL, lang=lua): the strict backward error at line 12', async () => {
  const code = `input1 = nn.Identity()()
input2 = nn.Identity()()
score = nn.CAddTable()({nn.Linear(3, 5)(input1),nn.Linear(3, 5)(input2)})
g = nn.gModule({input1, input2}, {score})  --gModule

mlp = nn.Linear(3,3) --path2 layer

x = torch.rand(3,3)
x_p = mlp:forward(x)
result = g:forward({x,x_p})
error = torch.rand(result:size())
gradient1 = g:backward(x, error)  --this is a table of 2 tensors
`;
  const { page, problems, close } = await open(`${BASE}#code=${encodeBase64Url(code)}&lang=lua`);
  try {
    assert.equal(await finished(page), 'error');
    const message = await page.textContent('#error-panel .error-message');
    assert.match(message, /^main\.lua:12: nn\.gModule\(2 inputs -> 1 output.*backward expects the input of the last forward, a table of 2/);
    assert.match(await page.textContent('#error-panel'), /line 12/);
    assert.ok((await page.$$('#graph svg g.node')).length >= 4, 'the graph built before the error is drawn');
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('the Lua examples render their graph and gradient tables; print goes to the console; the switch is kept in the URL', async () => {
  const { page, problems, close } = await open(`${BASE}#example=lua-answer`);
  try {
    let run = 1;
    assert.equal(await finished(page, run), 'done', await page.textContent('#error-panel'));
    assert.match(await page.textContent('#console'), /30\n\[torch\.LongStorage of size 1\]/);
    assert.match(page.url(), /lang=lua/);
    for (const id of ['lua-answer', 'lua-mlp', 'lua-lstm']) {
      if (id !== 'lua-answer') {
        await page.selectOption('#example-select', id);
        assert.equal(await finished(page, ++run), 'done', `${id}: ${await page.textContent('#error-panel')}`);
      }
      assert.ok((await page.$$('#graph svg g.node')).length >= 3, `${id}: graph drawn`);
      assert.ok((await page.$$('[data-testid^="grad-input-"] td')).length > 0, `${id}: input gradients`);
    }
    assert.match(await page.textContent('#console'), /FloatTensor - size: 4/);   // lua-lstm's print(out)
    assert.match(await page.textContent('#graph svg'), /LuaScale/);
    // back to JS: the switch follows the example and leaves the URL
    await page.selectOption('#example-select', 'seed');
    assert.equal(await finished(page, ++run), 'done');
    assert.equal(await page.inputValue('#language-select'), 'js');
    assert.doesNotMatch(page.url(), /lang=lua/);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
