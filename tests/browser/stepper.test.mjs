// The graph view's Step mode in headless Chromium (served by scripts/test.d/40-browser.sh):
// the order of the steps against a topological order derived here from the drawn graph's edges,
// the fan-out sums from the tables shown, the graph inputs' gradients arriving one after the
// other, the URL round trip, the keyboard shortcuts, play and jump, every example stepped to the
// end, nothing wider than the page at 1024 and 1440 px, and the same Step mode in <nngraph-example>.
// Screenshots in test-output/: stepper-seed-backward.png (the seed mid-backward, 1440 px),
// stepper-seed-backward-1024.png, stepper-fan-out.png (the answer's fan-out being summed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { launchChromium } from './chromium.mjs';
import { openPlaygroundPage, runFinished } from './playground-page.mjs';
import { serveStatic } from './static-server.mjs';
import { examples } from '../../web/src/examples.js';

const BASE = process.env.PLAYGROUND_URL;
const OUT = new URL('../../test-output/', import.meta.url);
let browser;

before(async () => {
  assert.ok(BASE, 'set PLAYGROUND_URL (scripts/test.d/40-browser.sh serves the page and sets it)');
  mkdirSync(OUT, { recursive: true });
  browser = await launchChromium();
});
after(async () => {
  if (browser) await browser.close();
});

// every example runs to the end here, some for a few seconds on a loaded machine
const open = (url, size) => openPlaygroundPage(browser, new URL(url).origin, url, size);
const finished = (page, n = 1) => runFinished(page, n, 60000);

// The step on screen: phase, index within the phase, node id (from the panel) and the node the
// graph highlights as current.
const current = (page) => page.evaluate(() => {
  const panel = document.querySelector('[data-testid="step-panel"]');
  const marked = [...document.querySelectorAll('#graph g.node.step-current')].map((g) => Number(g.id.replace('node', '')));
  return {
    phase: panel.dataset.phase,
    index: Number(panel.dataset.step),
    node: Number(panel.dataset.node),
    marked,
    fanOut: panel.dataset.fanOut ? Number(panel.dataset.fanOut) : 0,
    position: document.querySelector('[data-testid="step-position"]').textContent,
  };
});

// Waits until the panel shows a step other than `before` (or any step when before is null).
async function stepChanged(page, before) {
  await page.waitForFunction((b) => {
    const p = document.querySelector('[data-testid="step-panel"]');
    if (!p || p.hidden || !p.dataset.phase) return false;
    const mark = document.querySelector('#graph g.node.step-current');
    return mark && (!b || p.dataset.phase !== b.phase || Number(p.dataset.step) !== b.index);
  }, before);
  return current(page);
}

// Every edge of the drawn forward graph, as [from id, to id] (Graphviz titles them "n3->n5").
const forwardEdges = (page) => page.$$eval('#graph svg g.edge > title', (ts) => ts.map((t) => {
  const m = /^n(\d+)->n(\d+)$/.exec(t.textContent);
  return [Number(m[1]), Number(m[2])];
}));
const drawnNodes = (page) => page.$$eval('#graph svg g.node', (gs) => gs.map((g) => Number(g.id.replace('node', ''))));

const values = (page, selector) => page.$$eval(`[data-testid="step-panel"] ${selector} td`, (tds) => tds.map((td) => Number(td.dataset.value)));

// Clicks Step until the last step; returns every step seen (the first included).
async function stepToEnd(page) {
  const seen = [await current(page)];
  for (;;) {
    if (await page.$eval('[data-testid="step-next"]', (b) => b.disabled)) return seen;
    await page.click('[data-testid="step-next"]');
    seen.push(await stepChanged(page, seen[seen.length - 1]));
    if (seen.length > 2000) throw new Error('the stepper never reached its last step');
  }
}

// Checks the steps: forward visits every drawn node once, each after the nodes it reads;
// backward visits every node, each (its last step) before the nodes it reads.
function assertTopological(steps, nodes, edges, where) {
  const forward = steps.filter((s) => s.phase === 'forward').map((s) => s.node);
  assert.deepEqual([...forward].sort((a, b) => a - b), [...nodes].sort((a, b) => a - b), `${where}: forward visits every node once`);
  for (const [from, to] of edges) {
    assert.ok(forward.indexOf(from) < forward.indexOf(to), `${where}: forward runs n${from} before its consumer n${to}`);
  }
  const backward = steps.filter((s) => s.phase === 'backward');
  if (!backward.length) return;
  const lastStep = new Map();
  const firstStep = new Map();
  backward.forEach((s, i) => {
    lastStep.set(s.node, i);
    if (!firstStep.has(s.node)) firstStep.set(s.node, i);
  });
  assert.deepEqual([...lastStep.keys()].sort((a, b) => a - b), [...nodes].sort((a, b) => a - b), `${where}: backward visits every node`);
  for (const [from, to] of edges) {
    assert.ok(lastStep.get(to) < firstStep.get(from), `${where}: backward finishes n${to} before it reaches n${from}, which it reads`);
  }
  // A node's steps are consecutive (its contributions, one after the other).
  for (const [id, last] of lastStep) assert.ok(backward.slice(firstStep.get(id), last + 1).every((s) => s.node === id));
  steps.forEach((s) => assert.deepEqual(s.marked, [s.node], `${where}: the graph highlights the current node`));
}

const close = (a, b, tol = 1e-5) => Math.abs(a - b) <= tol * (1 + Math.abs(b));

test('the seed: steps in a topological order of the drawn graph, the two gradients arriving one after the other', async () => {
  const { page, problems, close: done } = await open(`${BASE}#example=seed`, { width: 1440 });
  try {
    assert.equal(await finished(page), 'done');
    const nodes = await drawnNodes(page);
    const edges = await forwardEdges(page);
    assert.equal(nodes.length, 5);
    assert.equal(edges.length, 4);
    assert.ok(await page.locator('[data-testid="step-controls"]').isHidden(), 'no step controls until Step is pressed');
    await page.click('[data-testid="step-toggle"]');
    await stepChanged(page, null);
    const steps = await stepToEnd(page);
    assertTopological(steps, nodes, edges, 'seed');
    assert.equal(steps.length, 10, 'no fan-out: one forward and one backward step per node');
    assert.match(page.url(), /step=backward-5/);

    // Walk backward again from its first step, noting when each input's gradient appears.
    await page.keyboard.press('b');
    let step = await stepChanged(page, steps[steps.length - 1]);
    const appeared = {};
    for (;;) {
      for (const i of [1, 2]) {
        const pending = await page.$(`[data-testid="step-grad-input-${i}"][data-pending]`);
        if (!pending && appeared[i] == null) appeared[i] = step.index;
      }
      if (step.index === 5) break;
      await page.keyboard.press('ArrowRight');
      step = await stepChanged(page, step);
    }
    assert.ok(appeared[1] != null && appeared[2] != null, JSON.stringify(appeared));
    assert.notEqual(appeared[1], appeared[2], 'one after the other, at different steps');
    // Once there, the stepper's tables equal the Gradients card's (what backward returned).
    for (const i of [1, 2]) {
      const shown = await values(page, `[data-testid="step-grad-input-${i}"]`);
      const card = await page.$$eval(`#gradients [data-testid="grad-input-${i}"] td`, (tds) => tds.map((td) => Number(td.dataset.value)));
      assert.equal(shown.length, 9);
      assert.deepEqual(shown, card);
    }

    // The screenshot: mid-backward, after the first input's gradient appeared, before the second.
    const mid = Math.min(appeared[1], appeared[2]);
    await page.goto(`${BASE}#example=seed&step=backward-${mid}`);
    await page.reload();
    await finished(page);
    await stepChanged(page, null);
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(wide <= 0, `at ${width} px the page is ${wide} px wider than the window`);
      await page.screenshot({ path: new URL(width === 1440 ? 'stepper-seed-backward.png' : 'stepper-seed-backward-1024.png', OUT).pathname, fullPage: true });
    }
    assert.deepEqual(problems.errors, []);
  } finally {
    await done();
  }
});

test('the answer\'s fan-out: the contributions shown, one per step, add up to the gradOutput', async () => {
  const { page, problems, close: done } = await open(`${BASE}#example=cmul`, { width: 1440 });
  try {
    assert.equal(await finished(page), 'done');
    const nodes = await drawnNodes(page);
    const edges = await forwardEdges(page);
    await page.click('[data-testid="step-toggle"]');
    const opened = await stepChanged(page, null);
    // Jump to 'a' (the Linear used twice), then to its first backward step.
    const a = await page.$$eval('#graph svg g.node', (gs) => gs.filter((g) => /^a\n?/.test(g.querySelector('text').textContent)).map((g) => Number(g.id.replace('node', ''))));
    assert.equal(a.length, 1, 'one node named a');
    const aOptions = await page.$$eval('[data-testid="step-jump"] option', (os) => os.map((o) => o.value));
    assert.ok(aOptions.includes(String(a[0])));
    await page.keyboard.press('b');
    let step = await stepChanged(page, opened);
    assert.equal(step.phase, 'backward');
    await page.selectOption('[data-testid="step-jump"]', String(a[0]));
    step = await stepChanged(page, step);
    await page.click('.graph-card h2');
    assert.equal(step.node, a[0]);
    assert.equal(step.fanOut, 1, 'the jump lands on the first contribution');

    const contributions = [];
    let runningSum = null;
    for (;;) {
      const mine = await values(page, '[data-testid="step-contribution"]');
      assert.ok(mine.length > 0);
      contributions.push(mine);
      if (step.fanOut > 1) {
        // Shown: the sum so far + this contribution = the new running sum.
        const before = await values(page, '[data-testid="step-sum-before"]');
        before.forEach((v, k) => assert.ok(close(v, runningSum[k]), 'the sum carried over from the previous step'));
      }
      const after = [...await values(page, '[data-testid="step-running-sum"]'), ...await values(page, '[data-testid="step-grad-output"]')];
      const expected = contributions[0].map((_, k) => contributions.reduce((s, c) => s + c[k], 0));
      after.forEach((v, k) => assert.ok(close(v, expected[k]), `running sum entry ${k}: shown ${v}, sum of the contributions shown ${expected[k]}`));
      runningSum = after;
      if (step.fanOut === 2) {
        await page.screenshot({ path: new URL('stepper-fan-out.png', OUT).pathname, fullPage: true });
        const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(wide <= 0, `the page is ${wide} px wider than the window`);
      }
      await page.keyboard.press('ArrowRight');
      const next = await stepChanged(page, step);
      if (next.node !== a[0]) break;
      step = next;
    }
    assert.equal(contributions.length, 2, 'a feeds CMulTable and CAddTable');

    // The final gradOutput, as the node panel shows it: the sum of the two contributions.
    await page.click(`#graph svg g#node${a[0]}`);
    const finalGrad = await page.$$eval('[data-testid="node-grad-output"] td', (tds) => tds.map((td) => Number(td.dataset.value)));
    assert.equal(finalGrad.length, contributions[0].length);
    finalGrad.forEach((v, k) => assert.ok(close(contributions[0][k] + contributions[1][k], v), `entry ${k}`));

    // The whole walk is in a topological order, with two backward steps for a.
    await page.keyboard.press('Home');
    await stepChanged(page, step);
    const steps = await stepToEnd(page);
    assertTopological(steps, nodes, edges, 'cmul');
    assert.equal(steps.filter((s) => s.phase === 'backward' && s.node === a[0]).length, 2);
    assert.deepEqual(problems.errors, []);
  } finally {
    await done();
  }
});

test('the URL keeps the step: a link to "backward, step 4" opens there, and stepping updates it', async () => {
  const { page, problems, close: done } = await open(`${BASE}#example=cmul&step=backward-4`);
  try {
    await finished(page);
    const step = await stepChanged(page, null);
    assert.equal(step.phase, 'backward');
    assert.equal(step.index, 4);
    assert.match(step.position, /^backward · step 4 of \d+ · /);
    await page.waitForFunction(() => document.querySelector('#graph svg g.graph > title')?.textContent === 'backward');
    const panelText = await page.textContent('[data-testid="step-panel"]');

    // The same URL in a fresh page shows the same step.
    const again = await open(page.url());
    try {
      await finished(again.page);
      const same = await stepChanged(again.page, null);
      assert.deepEqual(same, step);
      assert.equal(await again.page.textContent('[data-testid="step-panel"]'), panelText);
      assert.deepEqual(again.problems.errors, []);
    } finally {
      await again.close();
    }

    // Stepping writes the URL; leaving the Step mode removes the step from it.
    await page.click('[data-testid="step-back"]');
    await stepChanged(page, step);
    assert.match(page.url(), /step=backward-3/);
    await page.click('[data-testid="step-toggle"]');
    await page.waitForFunction(() => !/step=/.test(window.location.hash));
    assert.ok(await page.$eval('[data-testid="step-panel"]', (p) => p.hidden));
    assert.equal(await page.$$eval('#graph g.node.step-current', (gs) => gs.length), 0);

    // A step past the end is clamped to the phase's last step.
    await page.goto(`${BASE}#example=seed&step=forward-99`);
    await page.reload();
    await finished(page);
    const clamped = await stepChanged(page, null);
    assert.equal(clamped.phase, 'forward');
    assert.equal(clamped.index, 5);
    assert.deepEqual(problems.errors, []);
  } finally {
    await done();
  }
});

test('keyboard shortcuts, play at a chosen speed, and typing in the editor is not stepping', async () => {
  const { page, problems, close: done } = await open(`${BASE}#example=seed`);
  try {
    await finished(page);
    await page.click('.graph-card h2');  // focus away from the editor
    await page.keyboard.press('s');
    let step = await stepChanged(page, null);
    assert.deepEqual([step.phase, step.index], ['forward', 1]);
    await page.keyboard.press('ArrowRight');
    step = await stepChanged(page, step);
    assert.deepEqual([step.phase, step.index], ['forward', 2]);
    await page.keyboard.press('ArrowLeft');
    step = await stepChanged(page, step);
    assert.deepEqual([step.phase, step.index], ['forward', 1]);
    await page.keyboard.press('End');
    step = await stepChanged(page, step);
    assert.deepEqual([step.phase, step.index], ['backward', 5]);
    await page.keyboard.press('f');
    step = await stepChanged(page, step);
    assert.deepEqual([step.phase, step.index], ['forward', 1]);
    await page.keyboard.press('b');
    step = await stepChanged(page, step);
    assert.deepEqual([step.phase, step.index], ['backward', 1]);
    await page.keyboard.press('Home');
    step = await stepChanged(page, step);
    assert.deepEqual([step.phase, step.index], ['forward', 1]);

    // Space plays (at the speed chosen), and stops by itself at the last step.
    await page.selectOption('[data-testid="step-speed"]', '8');
    await page.click('.graph-card h2');  // keys go to a focused select, not to the stepper
    await page.keyboard.press(' ');
    assert.equal(await page.textContent('[data-testid="step-play"]'), 'Pause');
    await page.waitForFunction(() => document.querySelector('[data-testid="step-panel"]').dataset.phase === 'backward'
      && document.querySelector('[data-testid="step-panel"]').dataset.step === '5', null, { timeout: 20000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="step-play"]').textContent === 'Play');
    // Space pauses a running play.
    await page.keyboard.press('Home');
    await page.keyboard.press(' ');
    await page.keyboard.press(' ');
    assert.equal(await page.textContent('[data-testid="step-play"]'), 'Play');

    // Keys typed in the editor edit the code.
    step = await current(page);
    await page.click('.cm-content');
    await page.keyboard.press('End');
    await page.keyboard.type('// s b f');
    await page.keyboard.press('ArrowLeft');
    assert.deepEqual(await current(page), step);
    assert.match(await page.textContent('.cm-content'), /\/\/ s b f/);

    // Escape leaves the Step mode.
    await page.click('.graph-card h2');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelector('[data-testid="step-panel"]').hidden);
    assert.deepEqual(problems.errors, []);
  } finally {
    await done();
  }
});

test('every example (JS and Lua) steps through to the end without errors', async () => {
  const { page, problems, close: done } = await open(`${BASE}#example=seed`);
  try {
    await finished(page);
    let runs = 1;
    const stepped = [];
    for (const example of examples) {
      await page.selectOption('#example-select', example.id);
      await finished(page, ++runs);
      const where = example.id;
      const canStep = await page.$eval('[data-testid="step-toggle"]', (b) => !b.disabled);
      // The engine's DOT adds each node's output shape (backward graph: gradient shape) as a line
      // of its label once forward (backward) ran.
      const ranForward = await page.$$eval('#graph svg g.node text', (ts) => ts.some((t) => /^(grad )?(\d+(x\d+)*|\{.*\})$/.test(t.textContent.trim())));
      if (!canStep) {
        assert.ok(!ranForward, `${where}: a graph that ran forward can be stepped`);
        continue;
      }
      assert.ok(ranForward, `${where}: only a graph that ran forward can be stepped`);
      if (!(await page.$eval('[data-testid="step-panel"]', (p) => !p.hidden))) await page.click('[data-testid="step-toggle"]');
      await page.click('.graph-card h2');
      await page.keyboard.press('Home');
      await page.waitForFunction(() => document.querySelector('[data-testid="step-panel"]').dataset.phase === 'forward'
        && document.querySelector('[data-testid="step-panel"]').dataset.step === '1');
      await page.waitForFunction(() => document.querySelector('#graph svg g.graph > title')?.textContent === 'forward');
      const nodes = await drawnNodes(page);
      const edges = await forwardEdges(page);
      const steps = await stepToEnd(page);
      assertTopological(steps, nodes, edges, where);
      stepped.push(`${where}:${steps.length}`);
      assert.deepEqual(problems.errors, [], where);
    }
    // The graphs that ran forward and backward, JS and Lua, were all stepped.
    for (const id of ['seed', 'cmul', 'lstm', 'mlp', 'nested', 'wrong-backward', 'lua-answer', 'lua-mlp', 'lua-lstm']) {
      assert.ok(stepped.some((s) => s.startsWith(`${id}:`)), `${id} was stepped (${stepped.join(' ')})`);
    }
  } finally {
    await done();
  }
});

test('<nngraph-example> has the Step mode too, with its keys scoped to its own graph card', async () => {
  // The element as the package ships it (dist/embed.js, built here from web/), on a plain page.
  const root = new URL('../../', import.meta.url).pathname;
  execFileSync('node', ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.embed.config.mjs', '--logLevel', 'warn'], { cwd: root, stdio: 'ignore' });
  mkdirSync(new URL('stepper-embed/', OUT), { recursive: true });
  const example = (id) => `<nngraph-example id="${id}" panels="graph,gradients">
const a = nn.Identity()(), b = nn.Identity()();
const h = nn.Linear(3, 3)(a);
const g = nn.gModule([a, b], [nn.CAddTable()([nn.CMulTable()([h, b]), h])]);
const x = [torch.rand(2, 3), torch.rand(2, 3)];
const y = g.forward(x);
g.backward(x, torch.ones(...y.shape));
</nngraph-example>`;
  writeFileSync(new URL('stepper-embed/index.html', OUT), `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module" src="../../dist/embed.js"></script></head><body>${example('one')}${example('two')}</body></html>`);
  const server = await serveStatic(root);
  const { page, problems, close: done } = await open(`${server.url}test-output/stepper-embed/index.html`);
  try {
    const inside = (id, selector) => page.locator(`#${id}`).locator(selector);
    for (const id of ['one', 'two']) {
      await page.locator(`#${id}`).scrollIntoViewIfNeeded();  // an element runs when it nears the viewport
      await page.waitForFunction((i) => document.getElementById(i).dataset.runs === '1', id, { timeout: 60000 });
    }
    assert.ok(await inside('two', '[data-testid="step-toggle"]').isEnabled());
    assert.ok(await inside('one', '[data-testid="step-controls"]').isHidden(), 'no step controls until Step is pressed');
    await inside('one', '[data-testid="step-toggle"]').click();
    const panel = inside('one', '[data-testid="step-panel"]');
    await panel.waitFor();
    assert.equal(await panel.getAttribute('data-phase'), 'forward');
    assert.equal(await panel.getAttribute('data-step'), '1');
    // Keys go to the example that has the focus (the Step button just clicked), not the other.
    await page.keyboard.press('End');
    await page.waitForFunction(() => document.getElementById('one').shadowRoot.querySelector('[data-testid="step-panel"]').dataset.phase === 'backward');
    const steps = Number(await panel.getAttribute('data-step'));
    assert.equal(steps, 6, 'backward: 5 nodes, the Linear fanning out to 2 consumers takes 2 steps');
    assert.ok(await inside('two', '[data-testid="step-panel"]').isHidden(), 'the other example did not react');
    await page.waitForFunction(() => document.getElementById('one').shadowRoot.querySelector('.graph svg g.graph > title')?.textContent === 'backward');
    assert.equal(await inside('one', '.graph g.node.step-current').count(), 1);
    assert.deepEqual(problems.errors, []);
  } finally {
    await done();
    server.close();
  }
});
