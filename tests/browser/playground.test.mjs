// The playground in headless Chromium (playwright-core + Debian's /usr/bin/chromium), against
// the production build served at PLAYGROUND_URL (scripts/test.d/40-browser.sh starts it).
// Screenshots in test-output/: playground-default.png (seed example), playground-error.png
// (g.backward(x, err)), playground-shape-error.png (node outlined), playground-embed.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { launchChromium } from './chromium.mjs';
import { openPlaygroundPage, runFinished } from './playground-page.mjs';
import { load } from '../../bindings/index.mjs';
import { runScript } from '../../web/src/script.js';
import { examples, findExample } from '../../web/src/examples.js';
import { encodeBase64Url } from '../../web/src/url-state.js';

const BASE = process.env.PLAYGROUND_URL;
const OUT = new URL('../../test-output/', import.meta.url);
const XSS = '<img src=x onerror=alert(1)>';

let browser;

before(async () => {
  assert.ok(BASE, 'set PLAYGROUND_URL (scripts/test.d/40-browser.sh serves the page and sets it)');
  mkdirSync(OUT, { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close();
});

// A fresh page with its problems recorded (tests/browser/playground-page.mjs).
const openPage = (url, size) => openPlaygroundPage(browser, BASE, url, size);

async function selectExample(page, id, runNumber) {
  await page.selectOption('#example-select', id);
  return runFinished(page, runNumber);
}

const graphNodeTexts = (page) =>
  page.$$eval('#graph svg g.node', (gs) => gs.map((g) => ({ id: g.id, text: [...g.querySelectorAll('text')].map((t) => t.textContent).join('\n') })));  // the drawn label, not the <title> tooltip

const tableValues = (page, testId) =>
  page.$$eval(`[data-testid="${testId}"] td`, (tds) => tds.map((td) => Number(td.title)));

function assertClean(problems) {
  assert.deepEqual(problems.errors, [], 'no page errors');
  assert.deepEqual(problems.dialogs, [], 'no dialogs');
  assert.deepEqual(problems.external, [], 'nothing fetched from outside the local server');
}

test('the seed example is loaded by default and renders its graph: two inputs, two Linear, a CAddTable', async () => {
  const { page, problems, close } = await openPage(BASE);
  try {
    assert.equal(await runFinished(page), 'done');
    const nodes = await graphNodeTexts(page);
    assert.equal(nodes.length, 5, JSON.stringify(nodes));
    const text = nodes.map((n) => n.text).join('\n');
    assert.equal(text.match(/nn\.Identity/g).length, 2);
    assert.equal(text.match(/nn\.Linear/g).length, 2);
    assert.match(text, /nn\.CAddTable/);
    assert.match(text, /input 1/);
    assert.match(text, /input 2/);
    assert.match(text, /output 1/);
    assert.ok(nodes.every((n) => /^node\d+$/.test(n.id)));
    const captions = await page.$$eval('[data-testid^="grad-input-"] figcaption', (cs) => cs.map((c) => c.textContent));
    assert.deepEqual(captions, ['∂output/∂input1 (3×3)', '∂output/∂input2 (3×3)']);
    assert.match(await page.textContent('#explanation'), /two gradients/);
    await page.screenshot({ path: new URL('playground-default.png', OUT).pathname, fullPage: true });

    // The backward graph: edges reversed and labelled with gradient sizes.
    await page.click('#view-backward');
    await page.waitForFunction(() => document.querySelector('#graph svg g.graph > title')?.textContent === 'backward');
    assert.match(await page.textContent('#graph svg'), /grad 3x5/);
    assert.match(page.url(), /view=backward/);
    assertClean(problems);
  } finally {
    await close();
  }
});

test('the two gradient tables show the values the engine computes in Node for the same seed', async () => {
  const ng = await load();
  const { result } = await runScript(ng, findExample('seed').code);
  assert.equal(result.error, null);
  const expected = result.view.gradInput;
  assert.equal(expected.length, 2);

  const { page, problems, close } = await openPage(BASE);
  try {
    await runFinished(page);
    for (let i = 0; i < 2; i++) {
      const shown = await tableValues(page, `grad-input-${i + 1}`);
      assert.deepEqual(expected[i].shape, [3, 3]);
      assert.equal(shown.length, expected[i].data.length);
      shown.forEach((v, k) => {
        const want = expected[i].data[k];
        assert.ok(Math.abs(v - want) <= 1e-6 * (1 + Math.abs(want)), `input ${i + 1} entry ${k}: page ${v}, node ${want}`);
      });
    }
    assertClean(problems);
  } finally {
    await close();
  }
});

test('every example runs without page errors; the error examples show the engine sentence', async () => {
  const { page, problems, close } = await openPage(BASE);
  try {
    await runFinished(page);
    let run = 1;
    for (const example of examples) {
      if (example.id === 'lua-seed') continue;  // stops at its syntax error: tests/browser/lua.test.mjs
      const state = await selectExample(page, example.id, ++run);
      const panelVisible = await page.isVisible('#error-panel');
      const expectsError = example.id === 'wrong-backward' || example.id === 'shape-error';
      const message = panelVisible ? await page.textContent('#error-panel') : '';
      assert.equal(state, expectsError ? 'error' : 'done', `${example.id}: ${message}`);
      assert.equal(panelVisible, expectsError, `${example.id}: error panel`);
      assert.ok((await page.$$('#graph svg g.node')).length >= 3, `${example.id}: graph drawn`);
      if (!expectsError) {
        assert.ok((await page.$$('[data-testid^="grad-input-"] td')).length > 0, `${example.id}: input gradients`);
      }
    }
    assertClean(problems);
  } finally {
    await close();
  }
});

test('g.backward(x, err) shows the engine sentence, and the page keeps working afterwards', async () => {
  const { page, problems, close } = await openPage(`${BASE}#example=wrong-backward`);
  try {
    assert.equal(await runFinished(page), 'error');
    const message = await page.textContent('#error-panel .error-message');
    assert.match(message, /backward expects the input of the last forward/);
    assert.match(message, /table of 2/);
    assert.match(await page.textContent('#error-panel'), /line 13/);
    // The first, correct backward is still on screen.
    assert.equal((await tableValues(page, 'grad-input-1')).length, 9);
    await page.screenshot({ path: new URL('playground-error.png', OUT).pathname, fullPage: true });

    // A shape error names its node, which is outlined in the graph.
    assert.equal(await selectExample(page, 'shape-error', 2), 'error');
    assert.match(await page.textContent('#error-panel'), /classifier/);
    const outlined = await page.$$eval('#graph g.node.error-node', (gs) => gs.map((g) => [...g.querySelectorAll('text')].map((t) => t.textContent).join('\n')));
    assert.equal(outlined.length, 1);
    assert.match(outlined[0], /classifier/);
    await page.screenshot({ path: new URL('playground-shape-error.png', OUT).pathname, fullPage: true });

    // Still usable: back to the seed.
    assert.equal(await selectExample(page, 'seed', 3), 'done');
    await page.click('#run');
    assert.equal(await runFinished(page, 4), 'done');
    assert.equal(await page.isVisible('#error-panel'), false);
    assert.equal((await graphNodeTexts(page)).length, 5);
    assertClean(problems);
  } finally {
    await close();
  }
});

test('Ctrl+Enter runs edited code, and the URL restores the code and the selected node', async () => {
  const { page, problems, close } = await openPage(BASE);
  let copy;
  try {
    await runFinished(page);
    await page.click('.cm-content');
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText("\nprint('round trip ✓');\n");
    await page.keyboard.press('Control+Enter');
    assert.equal(await runFinished(page, 2), 'done');
    assert.match(await page.textContent('#console'), /round trip ✓/);
    // Select the CAddTable node.
    const nodes = await graphNodeTexts(page);
    const add = nodes.find((n) => /CAddTable/.test(n.text));
    await page.click(`#graph svg g#${add.id}`);
    assert.match(await page.textContent('#node-panel'), /nn\.CAddTable/);
    await page.waitForFunction(() => /node=\d+/.test(location.hash));
    const url = page.url();
    assert.match(url, /code=/);
    const editorLines = (p) => p.$$eval('.cm-content .cm-line', (ls) => ls.map((l) => l.textContent).join('\n'));
    const code = await editorLines(page);

    copy = await openPage(url);
    assert.equal(await runFinished(copy.page), 'done');
    assert.match(await copy.page.textContent('#console'), /round trip ✓/);
    assert.match(await copy.page.textContent('.cm-content'), /round trip/);
    assert.equal(await editorLines(copy.page), code);
    assert.match(await copy.page.textContent('#node-panel'), /nn\.CAddTable/);
    assert.equal(await copy.page.$eval('#graph g.node.selected', (g) => g.id), add.id);
    assertClean(problems);
    assertClean(copy.problems);
  } finally {
    await close();
    if (copy) await copy.close();
  }
});

test('embed mode (?embed=1) shows the graph and the tables only', async () => {
  const { page, problems, close } = await openPage(`${BASE}?embed=1#example=cmul`, { width: 900, height: 800 });
  try {
    assert.equal(await runFinished(page), 'done');
    assert.equal(await page.isVisible('#editor'), false);
    assert.equal(await page.isVisible('#example-select'), false);
    assert.equal(await page.isVisible('#graph svg'), true);
    assert.ok((await page.$$('[data-testid^="grad-input-"] td')).length > 0);
    // The CMulTable example's Linear 'a' fans out: two contributions and their sum.
    assert.equal(await page.isVisible('[data-testid="fan-out"]'), true);
    assert.match(await page.textContent('[data-testid="fan-out"]'), /'a'/);
    await page.screenshot({ path: new URL('playground-embed.png', OUT).pathname, fullPage: true });
    assertClean(problems);
  } finally {
    await close();
  }
});

test('an annotation name like <img src=x onerror=alert(1)> is shown as text, never as markup', async () => {
  const code = `
const x = nn.Identity()();
const h = nn.Linear(3, 2)(x);
h.annotate({ name: ${JSON.stringify(XSS)}, description: ${JSON.stringify('<b>bold</b><script>alert(2)</script>')} });
const g = nn.gModule([x], [h]);
show(g, torch.rand(2, 3), torch.ones(2, 2));
`;
  // The same graph, then a forward that fails at that node: the sentence contains the name.
  const failing = `${code}g.forward(torch.rand(2, 4));\n`;
  const noMarkup = (page) => page.$$eval('body img, body b, body script', (els) => els.length);
  const { page, problems, close } = await openPage(`${BASE}#code=${encodeBase64Url(code)}`);
  const second = await openPage(`${BASE}#code=${encodeBase64Url(failing)}`);
  try {
    assert.equal(await runFinished(page), 'done');
    assert.ok((await page.textContent('#graph svg')).includes(XSS));
    const linear = (await graphNodeTexts(page)).find((n) => n.text.includes(XSS));
    await page.click(`#graph svg g#${linear.id}`);
    assert.ok((await page.textContent('#node-panel')).includes(XSS));
    assert.ok((await page.textContent('#node-panel')).includes('<b>bold</b>'));
    assert.ok((await page.textContent('[data-testid="parameter-gradients"]')).includes(XSS));
    assert.equal(await noMarkup(page), 0);

    assert.equal(await runFinished(second.page), 'error');
    assert.ok((await second.page.textContent('#error-panel')).includes(XSS));
    assert.equal(await second.page.$$eval('#graph g.node.error-node', (gs) => gs.length), 1);
    assert.equal(await noMarkup(second.page), 0);
    await page.waitForTimeout(300);
    assertClean(problems);
    assertClean(second.problems);
  } finally {
    await close();
    await second.close();
  }
});

test('user code runs in the worker: it has no DOM, and the page survives it', async () => {
  const code = "print(typeof document, typeof window);\ndocument.body.textContent = 'pwned';\n";
  const { page, problems, close } = await openPage(`${BASE}#code=${encodeBase64Url(code)}`);
  try {
    assert.equal(await runFinished(page), 'error');
    assert.match(await page.textContent('#console'), /undefined undefined/);
    assert.match(await page.textContent('#error-panel'), /document is not defined/);
    assert.equal(await page.isVisible('#graph'), true);
    assertClean(problems);
  } finally {
    await close();
  }
});

test('check gradients reports a small error for every input and parameter of the seed graph', async () => {
  const { page, problems, close } = await openPage(BASE);
  try {
    await runFinished(page);
    await page.click('#check');
    await page.waitForSelector('#check-panel .check-table, #check-panel .error-text', { timeout: 30000 });
    const rows = await page.$$eval('#check-panel .check-table tr', (trs) => trs.slice(1).map((tr) => tr.textContent));
    assert.equal(rows.length, 2 + 4, rows.join('\n') || await page.textContent('#check-panel'));
    assert.ok(rows.every((r) => r.includes('✓')), rows.join('\n'));
    assertClean(problems);
  } finally {
    await close();
  }
});

test('the layout works at 1024 px: editor and graph side by side, no horizontal scroll', async () => {
  const { page, problems, close } = await openPage(BASE, { width: 1024, height: 768 });
  try {
    await runFinished(page);
    const layout = await page.evaluate(() => {
      const r = (s) => document.querySelector(s).getBoundingClientRect();
      return { editor: r('#editor'), graph: r('#graph'), scroll: document.documentElement.scrollWidth };
    });
    assert.ok(layout.scroll <= 1024, `page is ${layout.scroll} px wide`);
    assert.ok(layout.editor.right <= layout.graph.left, 'editor left of the graph');
    assert.ok(layout.graph.width >= 400, `graph is ${layout.graph.width} px wide`);
    assertClean(problems);
  } finally {
    await close();
  }
});
