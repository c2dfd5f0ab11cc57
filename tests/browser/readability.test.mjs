// Issue 13's "defects seen" 1-13, each checked the way a reader would notice it, in headless
// Chromium against the production build (PLAYGROUND_URL, served by scripts/test.d/40-browser.sh).
// Screenshots in test-output/: readability-tables-1d.png (a 1-D gradBias and small tables),
// readability-wide-1024.png / -1440.png (1x64 and 24x24 tensors), readability-seed-graph.png,
// readability-split-graph.png (the LSTM's split(4)), readability-fan-out-1024.png,
// readability-failed-build.png (a graph whose nn.gModule failed, the named node outlined).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { launchChromium } from './chromium.mjs';
import { openPlaygroundPage, runFinished } from './playground-page.mjs';
import { encodeBase64Url } from '../../web/src/url-state.js';

const BASE = process.env.PLAYGROUND_URL;
const OUT = new URL('../../test-output/', import.meta.url);
const skip = !BASE && 'set PLAYGROUND_URL (scripts/test.d/40-browser.sh serves the page and sets it)';

let browser;
before(async () => {
  if (!BASE) return;
  mkdirSync(OUT, { recursive: true });
  browser = await launchChromium();
});
after(async () => {
  if (browser) await browser.close();
});

const open = (hash, size) => openPlaygroundPage(browser, BASE, `${BASE}#${hash}`, size);
const openCode = (code, size) => open(`code=${encodeBase64Url(code)}`, size);
const shot = (page, name, selector) => (selector ? page.locator(selector).first() : page).screenshot({ path: new URL(name, OUT).pathname });

function assertNoPageErrors(problems) {
  assert.deepEqual(problems.errors, [], 'no page errors');
  assert.deepEqual(problems.external, [], 'nothing fetched from outside the local server');
}

// Two inputs, 1x64 and 24x24, and tiny gradients (1e-4 scale: numbers like -4.8e-5).
const WIDE = `torch.manualSeed(5);
const a = nn.Identity()(), b = nn.Identity()();
const g = nn.gModule([a, b], [nn.Linear(64, 3)(a), nn.Linear(24, 24)(b)]);
const input = [torch.randn(1, 64), torch.randn(24, 24)];
g.forward(input);
g.backward(input, [torch.ones(1, 3).mul(1e-4), torch.ones(24, 24).mul(1e-4)]);
show(g, input);
`;

// --- 1. tables sized by their content; 1-D tensors compact; the Train canvas keeps its size ---
test('1: gradient tables are sized by their numbers (a 1-D gradBias is one short row), not forced to 200x200', { skip }, async () => {
  const { page, problems, close } = await open('example=seed', { width: 1440, height: 1000 });
  try {
    assert.equal(await runFinished(page), 'done');
    const tables = await page.$$eval('#gradients table.heatmap', (ts) => ts.map((t) => {
      const r = t.getBoundingClientRect();
      const cells = [...t.querySelectorAll('td')].map((td) => td.getBoundingClientRect());
      return { rows: t.rows.length, cols: t.rows[0].cells.length, width: r.width, height: r.height,
        maxCellHeight: Math.max(...cells.map((c) => c.height)), maxCellWidth: Math.max(...cells.map((c) => c.width)),
        testid: t.closest('[data-testid]')?.dataset.testid };
    }));
    assert.ok(tables.length >= 6, JSON.stringify(tables));
    for (const t of tables) {
      assert.ok(t.maxCellHeight < 26, `a cell is one line of text high: ${JSON.stringify(t)}`);
      assert.ok(t.maxCellWidth < 80, `a cell is as wide as its number: ${JSON.stringify(t)}`);
      assert.ok(t.height < t.rows * 26 && t.width < t.cols * 80, JSON.stringify(t));
    }
    const bias = tables.find((t) => /bias$/.test(t.testid));
    assert.ok(bias, 'a gradBias table');
    assert.equal(bias.rows, 1, '1-D: one row');
    assert.ok(bias.height < 26, `1-D gradBias is one short row: ${bias.height} px`);
    await shot(page, 'readability-tables-1d.png', '#gradients');
    assertNoPageErrors(problems);
  } finally {
    await close();
  }
});

test('1: the Train view\'s decision-boundary canvas keeps its 200x200 px', { skip }, async () => {
  const { page, problems, close } = await open('example=train-xor');
  try {
    assert.equal(await runFinished(page), 'done');
    const box = await page.$eval('#train-panel canvas.heatmap', (c) => c.getBoundingClientRect().toJSON());
    assert.equal(Math.round(box.width), 200);
    assert.equal(Math.round(box.height), 200);
    assertNoPageErrors(problems);
  } finally {
    await close();
  }
});

// --- 2. wide tensors scroll in their own box with a cue; 3. numbers never wrap ---
for (const width of [1024, 1440]) {
  test(`2, 3: at ${width} px, 1x64 and 24x24 tensors scroll inside their box with "showing 32 of 64"; the page is no wider than the window; numbers stay on one line`, { skip }, async () => {
    const { page, problems, close } = await openCode(WIDE, { width, height: 900 });
    try {
      assert.equal(await runFinished(page), 'done');
      const page_ = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
      assert.ok(page_.scrollWidth <= page_.innerWidth, `page ${page_.scrollWidth} px wide in a ${page_.innerWidth} px window`);

      const wraps = await page.$$eval('#gradients .heatmap-wrap', (ws) => ws.map((w) => {
        const box = w.getBoundingClientRect();
        const card = w.closest('.card').getBoundingClientRect();
        const note = w.querySelector('[data-testid="truncated"]');
        const noteBox = note && note.getBoundingClientRect();
        return { title: w.closest('figure')?.querySelector('.value-name')?.textContent, scrollWidth: w.scrollWidth,
          clientWidth: w.clientWidth, overflowX: getComputedStyle(w).overflowX, right: box.right, cardRight: card.right,
          note: note && note.textContent, noteVisible: !!noteBox && noteBox.left >= box.left - 1 && noteBox.left < box.right,
          more: w.querySelectorAll('th.more').length };
      }));
      const wide = wraps.find((w) => /input1/.test(w.title));
      assert.ok(wide, JSON.stringify(wraps));
      assert.equal(wide.note, 'showing 32 of 64 columns');
      assert.ok(wide.noteVisible, 'the cue is in view');
      assert.ok(wide.more >= 1, 'a "…" cell ends the cut rows');
      for (const w of wraps) {
        assert.ok(w.right <= w.cardRight + 1, `inside its card: ${JSON.stringify(w)}`);
        if (w.scrollWidth > w.clientWidth) assert.equal(w.overflowX, 'auto', `scrolls: ${JSON.stringify(w)}`);
      }
      const square = wraps.find((w) => /input2/.test(w.title));
      assert.equal(square.note, null, '24x24 is shown whole');

      // 3: every number on one line (no "4.8e-" / "5")
      const wrapped = await page.$$eval('#gradients td', (tds) => tds.filter((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        return range.getClientRects().length > 1;
      }).map((td) => td.textContent));
      assert.deepEqual(wrapped, []);
      const tiny = await page.$$eval('#gradients td', (tds) => tds.map((td) => td.textContent).filter((t) => /e-/.test(t)).length);
      assert.ok(tiny > 0, 'the script makes exponent-format numbers');
      await shot(page, `readability-wide-${width}.png`);
      assertNoPageErrors(problems);
    } finally {
      await close();
    }
  });
}

// --- 4. every label inside its node's box; the page renders the font Graphviz measured ---
const LONG_NAMES = `const x = nn.Identity()(), t = nn.Identity()();
x.annotate({ name: 'a rather long annotation for the input' });
const y = nn.Linear(3, 5)(x);
const loss = nn.CosineEmbeddingCriterion(0.5)([nn.JoinTable(1)([y, y]), t]);
show(nn.gModule([x, t], [loss]));
`;

async function labelsOutsideTheirBox(page) {
  return page.$$eval('#graph svg g.node', (gs) => gs.flatMap((g) => {
    const shape = g.querySelector('path, polygon, ellipse').getBBox();
    return [...g.querySelectorAll('text')].map((t) => ({ text: t.textContent, box: t.getBBox(), squeezed: t.hasAttribute('textLength') }))
      .filter(({ box, squeezed }) => squeezed || box.x < shape.x || box.y < shape.y - 0.5
        || box.x + box.width > shape.x + shape.width || box.y + box.height > shape.y + shape.height + 0.5)
      .map(({ text, box }) => ({ id: g.id, text, box: [box.x, box.width], shape: [shape.x, shape.width] }));
  }));
}

test('4: every graph label lies inside its node\'s box, drawn in the font Graphviz laid it out with (DejaVu Sans, shipped with the page)', { skip }, async () => {
  const { page, problems, close } = await open('example=seed', { width: 1440, height: 1000 });
  try {
    assert.equal(await runFinished(page), 'done');
    const font = await page.evaluate(() => [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'DejaVu Sans').map((f) => f.status));
    assert.deepEqual(font, ['loaded'], 'the page loaded its own DejaVu Sans');
    const family = await page.$eval('#graph svg g.node text', (t) => getComputedStyle(t).fontFamily);
    assert.match(family, /DejaVu Sans/);
    assert.deepEqual(await labelsOutsideTheirBox(page), [], 'seed');
    await shot(page, 'readability-seed-graph.png', '.graph-card');
    let run = 1;
    for (const id of ['cmul', 'lstm', 'mlp', 'nested']) {
      await page.selectOption('#example-select', id);
      assert.equal(await runFinished(page, ++run), 'done', id);
      await page.click('#view-backward');
      assert.deepEqual(await labelsOutsideTheirBox(page), [], `${id}, backward`);
      await page.click('#view-forward');
      assert.deepEqual(await labelsOutsideTheirBox(page), [], id);
    }
    assertNoPageErrors(problems);
  } finally {
    await close();
  }
  const longNames = await openCode(LONG_NAMES);
  try {
    assert.equal(await runFinished(longNames.page), 'done');
    assert.match(await longNames.page.$eval('#graph svg', (s) => s.textContent), /CosineEmbeddingCriterion/);
    assert.deepEqual(await labelsOutsideTheirBox(longNames.page), [], 'a long criterion name and annotation');
  } finally {
    await longNames.close();
  }
});

// --- 5. split: each part's own entry on its edge, parts left to right in split order ---
test('5: split(4) draws its parts in order 1, 2, 3, 4, each edge labelled with its own entry, labels not overlapping', { skip }, async () => {
  const { page, problems, close } = await open('example=lstm', { width: 1440, height: 1000 });
  try {
    assert.equal(await runFinished(page), 'done');
    const parts = await page.$$eval('#graph svg g.node', (gs) => gs.map((g) => {
      const m = /SelectTable\((\d+)\)/.exec(g.textContent);
      const b = g.getBBox();
      return m && { index: Number(m[1]), x: b.x + b.width / 2 };
    }).filter(Boolean));
    assert.equal(parts.length, 4);
    const byX = [...parts].sort((a, b) => a.x - b.x).map((p) => p.index);
    assert.deepEqual(byX, [1, 2, 3, 4]);
    const edges = await page.$$eval('#graph svg g.edge', (es) => es.map((e) => {
      const t = e.querySelector('text');
      return t && { text: [...e.querySelectorAll('text')].map((x) => x.textContent).join(' '), box: t.getBBox() };
    }).filter(Boolean));
    const splitEdges = edges.filter((e) => /^\[\d\]/.test(e.text));
    assert.deepEqual(splitEdges.map((e) => e.text).sort(), ['[1] 2x4', '[2] 2x4', '[3] 2x4', '[4] 2x4']);
    assert.ok(edges.every((e) => !/\{.*,.*,.*,/.test(e.text)), 'no edge shows the whole table of 4');
    const overlap = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    for (let i = 0; i < edges.length; ++i)
      for (let j = i + 1; j < edges.length; ++j)
        assert.ok(!overlap(edges[i].box, edges[j].box), `edge labels "${edges[i].text}" and "${edges[j].text}" overlap`);
    await shot(page, 'readability-split-graph.png', '.graph-card');
    assertNoPageErrors(problems);
  } finally {
    await close();
  }
});

// --- 6. the fan-out sum keeps "=" with what it equals ---
test('6: at 1024 px the fan-out row keeps "=" (and each "+") on the line of the table after it', { skip }, async () => {
  const { page, problems, close } = await open('example=cmul', { width: 1024, height: 900 });
  try {
    assert.equal(await runFinished(page), 'done');
    const ops = await page.$$eval('[data-testid="fan-out"] .fan-out-row .op', (os) => os.map((o) => {
      const next = o.nextElementSibling;
      const a = o.getBoundingClientRect(), b = next.getBoundingClientRect();
      return { op: o.textContent, centre: a.top + a.height / 2, top: b.top, bottom: b.bottom, gap: b.left - a.right };
    }));
    assert.ok(ops.some((o) => o.op === '='), JSON.stringify(ops));
    for (const o of ops) {
      assert.ok(o.centre > o.top && o.centre < o.bottom && o.gap >= 0 && o.gap < 30, `"${o.op}" beside what follows it: ${JSON.stringify(o)}`);
    }
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(wide <= 0, `page wider than the window by ${wide} px`);
    await shot(page, 'readability-fan-out-1024.png', '[data-testid="fan-out"]');
    assertNoPageErrors(problems);
  } finally {
    await close();
  }
});

// --- 7. loss ticks under 0.01 readable; a speed control that starts slow ---
test('7: Train: a Speed control (steps per frame) that starts slow; the log loss axis labels ticks under 0.01 (not "0")', { skip }, async () => {
  const { page, problems, close } = await open('example=train-xor');
  try {
    assert.equal(await runFinished(page), 'done');
    assert.equal(await page.$eval('[data-testid="train-speed"]', (s) => s.value), '2', 'starts at 2 steps per frame');
    // Every snapshot the worker sends is one frame: the step counter moves by the speed.
    await page.evaluate(() => {
      window.stepsSeen = [];
      new MutationObserver((records) => records.forEach((r) => window.stepsSeen.push(Number(r.target.dataset.step))))
        .observe(document.getElementById('train-panel'), { attributes: true, attributeFilter: ['data-step'] });
    });
    await page.click('[data-testid="train-play"]');
    await page.waitForFunction(() => window.stepsSeen.length >= 8, null, { timeout: 30000 });
    await page.selectOption('[data-testid="train-speed"]', '20');
    await page.waitForFunction(() => window.stepsSeen.length >= 20, null, { timeout: 30000 });
    await page.click('[data-testid="train-play"]');
    await page.waitForFunction(() => document.getElementById('train-panel').dataset.playing === 'false');
    const seen = await page.evaluate(() => window.stepsSeen);
    const steps = [...new Set(seen)];
    const deltas = steps.slice(1).map((s, i) => s - steps[i]);
    assert.deepEqual(deltas.slice(0, 6), [2, 2, 2, 2, 2, 2], `steps seen ${steps}`);
    assert.ok(deltas.slice(-5).every((d) => d === 20 || d === 0), `then 20 per frame: ${deltas}`);

    // Train on at full speed until the loss is under 0.01, then read the axis's ticks.
    await page.selectOption('[data-testid="train-speed"]', 'max');
    await page.click('[data-testid="train-play"]');
    await page.waitForFunction(() => {
      // the stats read "<value> loss"
      const m = /([\d.e+-]+)\s*loss/.exec(document.querySelector('[data-testid="train-stats"]').textContent);
      return m && Number(m[1]) < 0.005;
    }, null, { timeout: 60000 });
    await page.click('[data-testid="train-play"]');
    await page.waitForFunction(() => document.getElementById('train-panel').dataset.playing === 'false');
    await page.waitForTimeout(200);  // the plot redraws on the next frame
    const ticks = (await page.$eval('#train-panel .loss-plot', (p) => p.dataset.yTicks)).split('|').filter(Boolean);
    assert.ok(ticks.length >= 3, `ticks ${ticks}`);
    assert.ok(!ticks.includes('0'), `no tick reads "0": ${ticks}`);
    assert.equal(new Set(ticks).size, ticks.length, `ticks are distinct: ${ticks}`);
    assert.ok(ticks.some((t) => /e-[3-9]/.test(t)), `a tick under 0.01 in exponent form: ${ticks}`);
    assertNoPageErrors(problems);
  } finally {
    await close();
  }
});

// --- 8. editing switches the explanation to "Your code" ---
test('8: after an edit the title and explanation say "Your code"; picking the example restores its text', { skip }, async () => {
  const { page, problems, close } = await open('example=seed');
  try {
    assert.equal(await runFinished(page), 'done');
    assert.match(await page.$eval('#explanation h2', (h) => h.textContent), /Two inputs/);
    await page.click('#editor .cm-content');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n// my change\n');
    await page.waitForFunction(() => document.querySelector('#explanation h2').textContent === 'Your code');
    assert.match(await page.$eval('#explanation p', (p) => p.textContent), /edited from "Two inputs/);
    await page.selectOption('#example-select', 'cmul');
    await runFinished(page, 2);
    assert.match(await page.$eval('#explanation h2', (h) => h.textContent), /CMulTable/);
    assertNoPageErrors(problems);
  } finally {
    await close();
  }
});

// --- 9. a SyntaxError names its line and moves the cursor there ---
test('9: a SyntaxError gives its line and puts the cursor on it', { skip }, async () => {
  const code = 'const x = nn.Identity()();\nconst y = nn.Linear(3, 5)(x);\nconst g = nn.gModule([x], [y]) +* 2;\nshow(g);\n';
  const { page, problems, close } = await openCode(code);
  try {
    assert.equal(await runFinished(page), 'error');
    assert.match(await page.$eval('#error-panel .error-head', (h) => h.textContent), /SyntaxError at line 3 of the script/);
    // CodeMirror marks the line that holds the cursor
    const cursorLines = await page.$$eval('#editor .cm-activeLine', (ls) => ls.map((l) => l.textContent));
    assert.deepEqual(cursorLines, ['const g = nn.gModule([x], [y]) +* 2;']);
    assertNoPageErrors(problems);
  } finally {
    await close();
  }
});

// --- 10, 11: the messages a typo and a module-as-output get ---
test('10, 11: nn.Lienar suggests nn.Linear; a module given as an output says how to make an output node', { skip }, async () => {
  const typo = await openCode('const x = nn.Identity()();\nconst h = nn.Lienar(4, 8)(x);\n');
  try {
    assert.equal(await runFinished(typo.page), 'error');
    assert.match(await typo.page.$eval('#error-panel', (p) => p.textContent), /nn\.Lienar does not exist: did you mean nn\.Linear\?/);
    assert.match(await typo.page.$eval('#error-panel .error-head', (h) => h.textContent), /at line 2/);
  } finally {
    await typo.close();
  }
  const output = await openCode('const x = nn.Identity()();\nconst h = nn.Linear(4, 3)(x);\nconst g = nn.gModule([x], [nn.LogSoftMax()]);\n');
  try {
    assert.equal(await runFinished(output.page), 'error');
    const text = await output.page.$eval('#error-panel .error-message', (p) => p.textContent);
    assert.match(text, /as output 1, not a node/);
    assert.match(text, /Make it an output node by calling it on the node it reads, e\.g\. nn\.LogSoftMax\(\)\(h\)/);
    assert.doesNotMatch(text, /for a graph input/);
  } finally {
    await output.close();
  }
});

// --- 12. a failed build draws what was built, the node the error is about outlined ---
test('12: a graph whose nn.gModule fails is drawn as built, with the node the error names (error.nodeId) outlined', { skip }, async () => {
  const code = `const x = nn.Identity()();
const h = nn.Linear(3, 4)(x);
const unused = nn.Tanh()(h);
unused.annotate({ name: 'forgotten' });
const y = nn.Sigmoid()(h);
const g = nn.gModule([x], [y]);
`;
  const { page, problems, close } = await openCode(code);
  try {
    assert.equal(await runFinished(page), 'error');
    const message = await page.$eval('#error-panel .error-message', (p) => p.textContent);
    assert.match(message, /'forgotten' \(nn\.Tanh #(\d+)\).*does not reach any output/);
    const nodes = await page.$$eval('#graph svg g.node', (gs) => gs.map((g) => ({ id: g.id, text: g.textContent, error: g.classList.contains('error-node') })));
    assert.equal(nodes.length, 4, JSON.stringify(nodes));
    const outlined = nodes.filter((n) => n.error);
    assert.equal(outlined.length, 1);
    assert.match(outlined[0].text, /forgotten/);
    const stroke = await page.$eval('#graph svg g.node.error-node path, #graph svg g.node.error-node polygon', (p) => getComputedStyle(p).stroke);
    assert.equal(stroke, 'rgb(220, 38, 38)');
    assert.match(await page.$eval('#error-panel .error-node-note', (p) => p.textContent), /Outlined in red in the graph: forgotten/);
    await shot(page, 'readability-failed-build.png', 'main');
    assertNoPageErrors(problems);
  } finally {
    await close();
  }
});

// --- 13. the Example menu shows whole titles; tooltips name the node and its shapes ---
for (const width of [1024, 1440]) {
  test(`13: at ${width} px the Example menu is wide enough for its longest title; node tooltips give the label and shapes, not "n3"`, { skip }, async () => {
    const { page, problems, close } = await open('example=seed', { width, height: 900 });
    try {
      assert.equal(await runFinished(page), 'done');
      const menu = await page.$eval('#example-select', (s) => {
        const probe = document.createElement('span');
        probe.style.font = getComputedStyle(s).font;
        probe.style.whiteSpace = 'pre';
        document.body.append(probe);
        const widths = [...s.options].map((o) => { probe.textContent = o.textContent; return probe.getBoundingClientRect().width; });
        probe.remove();
        return { longest: Math.max(...widths), width: s.clientWidth };
      });
      assert.ok(menu.width >= menu.longest + 16, `menu ${menu.width} px for a ${menu.longest} px title`);
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the top bar fits the window');
      const titles = await page.$$eval('#graph svg g.node > title', (ts) => ts.map((t) => t.textContent));
      assert.equal(titles.length, 5);
      for (const t of titles) assert.doesNotMatch(t, /^n\d+$/);
      assert.ok(titles.some((t) => /nn\.Linear\(3 -> 5\) #\d+ 3x5/.test(t)), JSON.stringify(titles));
      assertNoPageErrors(problems);
    } finally {
      await close();
    }
  });
}
