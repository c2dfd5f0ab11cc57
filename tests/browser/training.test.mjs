// The Train view. In Node (same engine, same scripts as the page): the three training demos
// converge from their fixed seeds. In headless Chromium against PLAYGROUND_URL: play runs the
// training in the worker and the loss plot grows while the page stays responsive, pause stops
// it, step takes exactly one step, the char-LSTM samples text. Screenshot: test-output/training.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { launchChromium } from './chromium.mjs';
import { load } from '../../bindings/index.mjs';
import { runScript } from '../../web/src/script.js';
import { findExample } from '../../web/src/examples.js';

const BASE = process.env.PLAYGROUND_URL;
const OUT = new URL('../../test-output/', import.meta.url);

// ---------------------------------------------------------------------------------------------
// The demos converge (Node)

async function trainerFor(id) {
  const ng = await load();
  const { result, state } = await runScript(ng, findExample(id).code);
  assert.equal(result.error, null, JSON.stringify(result.error));
  assert.ok(result.training, 'the script opened the Train view');
  return { ng, trainer: state.trainer, training: result.training };
}

test('demo XOR: the 2-layer MLP reaches 100 % accuracy within 300 Adam steps', async () => {
  const { trainer, training } = await trainerFor('train-xor');
  assert.equal(training.kind, 'classification');
  assert.equal(training.dataset, 'xor');
  assert.equal(training.points.length, 2 * training.labels.length);
  let reached = -1;
  for (let step = 1; step <= 300 && reached < 0; ++step) {
    trainer.step(1);
    if (step % 10 === 0 && trainer.snapshot({ heatmap: false }).accuracy === 1) reached = step;
  }
  assert.ok(reached > 0, 'XOR not learned in 300 steps');
});

test('demo XOR switched to circles: the same MLP separates the rings above 95 % within 600 steps', async () => {
  const { trainer } = await trainerFor('train-xor');
  trainer.setDataset('circles');
  assert.equal(trainer.info().dataset, 'circles');
  assert.equal(trainer.steps, 0);
  trainer.step(600);
  const { accuracy } = trainer.snapshot({ heatmap: false });
  assert.ok(accuracy > 0.95, `accuracy ${accuracy}`);
});

test('demo spirals: above 95 % accuracy within 1500 Adam steps; the heatmap covers the grid', async () => {
  const { trainer } = await trainerFor('train-spiral');
  trainer.step(1500);
  const snap = trainer.snapshot({ heatmap: true });
  assert.ok(snap.accuracy > 0.95, `accuracy ${snap.accuracy}, loss ${snap.loss}`);
  assert.equal(snap.heatmap.length, 48 * 48);
  assert.ok(snap.heatmap.every((p) => p >= 0 && p <= 1));
});

test('demo char-LSTM: shared clones learn the text, mean loss of the last 20 steps below 0.1 nats within 400 steps', async () => {
  const { ng, trainer, training } = await trainerFor('train-char-lstm');
  assert.equal(training.kind, 'custom');
  assert.ok(training.hasSample);
  const first = trainer.step(5);
  const before = ng.memory();
  const losses = trainer.step(395);
  const after = ng.memory();
  const recent = losses.slice(-20).reduce((a, b) => a + b, 0) / 20;
  assert.ok(first[0] > 2.5, `the first loss ${first[0]} is about log(23) = 3.1`);
  assert.ok(recent < 0.1, `mean loss of the last 20 steps ${recent}`);
  // loss() runs inside tidy: no Tensor handles pile up step after step
  assert.ok(after.tensors - before.tensors < 50, `tensors ${before.tensors} -> ${after.tensors}`);
  const text = trainer.snapshot({ sample: true }).sample;
  assert.equal(text.length, 101);
});

// ---------------------------------------------------------------------------------------------
// The page (Chromium)

let browser;
before(async () => {
  if (!BASE) return;
  mkdirSync(OUT, { recursive: true });
  browser = await launchChromium();
});
after(async () => {
  if (browser) await browser.close();
});

async function openExample(id, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  await page.goto(`${BASE}#example=${id}`);
  await page.waitForFunction(() => {
    const s = document.getElementById('status');
    return s.dataset.runs === '1' && (s.dataset.state === 'done' || s.dataset.state === 'error');
  }, null, { timeout: 30000 });
  assert.equal(await page.$eval('#status', (s) => s.dataset.state), 'done');
  await page.waitForSelector('#train-panel:not([hidden])');
  return { page, errors, close: () => context.close() };
}

const panel = (page) => page.$eval('#train-panel', (p) => ({ step: Number(p.dataset.step), playing: p.dataset.playing, points: Number(p.dataset.points) }));
const waitFor = (page, fn, arg, timeout = 30000) => page.waitForFunction(fn, arg, { timeout });

test('Train view: play trains in the worker and the loss plot updates; pause stops it; step takes one step', { skip: !BASE && 'set PLAYGROUND_URL (scripts/test.d/40-browser.sh)' }, async () => {
  const { page, errors, close } = await openExample('train-xor');
  try {
    assert.equal((await panel(page)).step, 0);
    assert.ok(await page.$('#train-panel .uplot canvas'), 'a uPlot chart');
    await page.selectOption('[data-testid="train-speed"]', 'max');  // the 2-D demos start slow
    await page.click('[data-testid="train-play"]');
    await waitFor(page, () => Number(document.getElementById('train-panel').dataset.points) > 50);

    // The page stays responsive while training: a round trip through its event loop is quick.
    const lags = [];
    for (let i = 0; i < 5; ++i) {
      const t0 = Date.now();
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
      lags.push(Date.now() - t0);
    }
    assert.ok(Math.max(...lags) < 500, `event-loop round trips ${lags} ms`);
    const stats = await page.$eval('[data-testid="train-stats"]', (s) => s.textContent);
    assert.match(stats, /\d+ steps\/s/);
    assert.match(stats, /accuracy/);

    await page.click('[data-testid="train-play"]');  // now "Pause"
    await waitFor(page, () => document.getElementById('train-panel').dataset.playing === 'false');
    const paused = await panel(page);
    await page.waitForTimeout(600);
    assert.equal((await panel(page)).step, paused.step, 'no steps after pause');
    assert.ok(paused.points > 50 && paused.points <= paused.step);

    await page.click('[data-testid="train-step"]');
    await waitFor(page, (n) => Number(document.getElementById('train-panel').dataset.step) === n + 1, paused.step);

    // Accuracy on XOR reaches 100 % (the stats line) after some more play.
    await page.click('[data-testid="train-play"]');
    await waitFor(page, () => /100\.0 %/.test(document.querySelector('[data-testid="train-stats"]').textContent));
    await page.click('[data-testid="train-play"]');
    await waitFor(page, () => document.getElementById('train-panel').dataset.playing === 'false');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('Train view: spirals with the decision boundary; screenshot of the training view', { skip: !BASE && 'set PLAYGROUND_URL (scripts/test.d/40-browser.sh)' }, async () => {
  const { page, errors, close } = await openExample('train-spiral', { width: 1400, height: 950 });
  try {
    await page.selectOption('[data-testid="train-learning-rate"]', '0.01');
    await page.selectOption('[data-testid="train-speed"]', 'max');
    await page.click('[data-testid="train-play"]');
    await waitFor(page, () => /(9[5-9]|100)\.\d %/.test(document.querySelector('[data-testid="train-stats"]').textContent), null, 60000);
    await page.click('[data-testid="train-play"]');
    await waitFor(page, () => document.getElementById('train-panel').dataset.playing === 'false');
    // The heatmap has both colours painted (orange and blue regions).
    const colours = await page.$eval('#train-panel canvas.heatmap', (c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let orange = 0, blue = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i] > d[i + 2] + 40) orange++;
        else if (d[i + 2] > d[i] + 40) blue++;
      }
      return { orange, blue };
    });
    assert.ok(colours.orange > 2000 && colours.blue > 2000, JSON.stringify(colours));
    await page.screenshot({ path: new URL('training.png', OUT).pathname });
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('Train view: the char-LSTM demo samples text as it learns', { skip: !BASE && 'set PLAYGROUND_URL (scripts/test.d/40-browser.sh)' }, async () => {
  const { page, errors, close } = await openExample('train-char-lstm');
  try {
    await page.click('[data-testid="train-play"]');
    await waitFor(page, () => Number(document.getElementById('train-panel').dataset.step) >= 150, null, 60000);
    await page.click('[data-testid="train-play"]');
    await waitFor(page, () => document.getElementById('train-panel').dataset.playing === 'false');
    const sample = await page.$eval('#train-panel .train-sample', (p) => p.textContent);
    assert.equal(sample.length, 101);
    await page.screenshot({ path: new URL('training-char-lstm.png', OUT).pathname });
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
