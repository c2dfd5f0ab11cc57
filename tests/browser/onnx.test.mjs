// The playground's "Download ONNX" and "Open ONNX" in headless Chromium, against the production
// build at PLAYGROUND_URL (scripts/test.d/40-browser.sh). The downloaded model runs in
// onnxruntime-node with the engine's outputs for the seed example's graph; an opened model shows
// its graph and the gradient tables the engine computes in Node; an operator the importer cannot
// take shows the importer's sentence. Screenshot: test-output/playground-onnx.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { launchChromium } from './chromium.mjs';
import { load } from '../../bindings/index.mjs';
import { runScript, checkInput } from '../../web/src/script.js';
import { findExample } from '../../web/src/examples.js';

const BASE = process.env.PLAYGROUND_URL;
const OUT = new URL('../../test-output/', import.meta.url);
const { onnx } = onnxProto;
let browser;

before(async () => {
  assert.ok(BASE, 'set PLAYGROUND_URL (scripts/test.d/40-browser.sh serves the page and sets it)');
  mkdirSync(OUT, { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close();
});

async function openPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  await page.goto(BASE);
  return { page, errors, close: () => context.close() };
}

async function finished(page, runs) {
  await page.waitForFunction((n) => {
    const s = document.getElementById('status');
    return s.dataset.runs === String(n) && (s.dataset.state === 'done' || s.dataset.state === 'error');
  }, runs, { timeout: 30000 });
  return page.$eval('#status', (s) => s.dataset.state);
}

// Gemm(x, W, b) with transB = 1: y = x W^T + b, W 3x2.
const W = [[1, -2], [0.5, 4], [-3, 1]];
function gemmModel(opType = 'Gemm') {
  const vi = (name, dims) => ({ name, type: { tensorType: { elemType: 1, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } } });
  return onnx.ModelProto.encode(onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'gemm',
      node: [{ opType, name: 'layer', input: ['x', 'W', 'b'], output: ['y'], attribute: [{ name: 'transB', type: 2, i: 1 }] }],
      initializer: [{ name: 'W', dims: [3, 2], dataType: 1, floatData: W.flat() }, { name: 'b', dims: [3], dataType: 1, floatData: [0, 0, 0] }],
      input: [vi('x', ['batch', 2])],
      output: [vi('y', ['batch', 3])],
    },
  })).finish();
}

test('Download ONNX: the seed graph runs in ONNX Runtime with the outputs the engine gives in Node', async () => {
  const { page, errors, close } = await openPage();
  try {
    assert.equal(await finished(page, 1), 'done');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#onnx-download')]);
    assert.equal(download.suggestedFilename(), 'graph.onnx');
    const bytes = new Uint8Array(readFileSync(await download.path()));

    const ng = await load();
    const { result, state } = await runScript(ng, findExample('seed').code);
    assert.equal(result.error, null);
    const session = await ort.InferenceSession.create(bytes);
    const [x, xp] = checkInput(ng, state);  // the inputs of the run the page showed
    const out = await session.run({
      [session.inputNames[0]]: new ort.Tensor('float32', x.toFloat32Array(), x.shape),
      [session.inputNames[1]]: new ort.Tensor('float32', xp.toFloat32Array(), xp.shape),
    });
    const ours = state.graph.forward([x, xp]).toFloat32Array();
    const theirs = out[session.outputNames[0]].data;
    assert.equal(theirs.length, ours.length);
    ours.forEach((v, i) => assert.ok(Math.abs(v - theirs[i]) <= 1e-5 * Math.max(1, Math.abs(v)), `entry ${i}: ${v} vs ${theirs[i]}`));
    await session.release();
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('Open ONNX: a Gemm model shows its graph and the gradient tables (dx = ones * W)', async () => {
  const file = new URL('gemm.onnx', OUT).pathname;
  writeFileSync(file, gemmModel());
  const { page, errors, close } = await openPage();
  try {
    await finished(page, 1);
    await page.setInputFiles('#onnx-file', file);
    assert.equal(await finished(page, 2), 'done');
    const text = await page.textContent('#graph svg');
    assert.match(text, /nn\.Linear/);
    assert.match(await page.textContent('#console'), /Opened gemm\.onnx/);
    assert.match(await page.textContent('#explanation'), /ONNX model: gemm\.onnx/);
    // y = x W^T: with a gradOutput of ones, every row of dy/dx is the column sums of W
    const shown = await page.$$eval('[data-testid="grad-input-1"] td', (tds) => tds.map((td) => Number(td.title)));
    const columnSums = [W.reduce((s, r) => s + r[0], 0), W.reduce((s, r) => s + r[1], 0)];
    assert.deepEqual(shown, [...columnSums, ...columnSums]);
    // Check gradients works on the opened model (its input: the random one it ran on)
    await page.click('#check');
    await page.waitForSelector('#check-panel .check-table, #check-panel .error-text', { timeout: 30000 });
    const rows = await page.$$eval('#check-panel .check-table tr', (trs) => trs.slice(1).map((tr) => tr.textContent));
    assert.equal(rows.length, 1 + 2, rows.join('\n') || await page.textContent('#check-panel'));  // x; weight, bias
    assert.ok(rows.every((r) => r.includes('✓')), rows.join('\n'));
    await page.screenshot({ path: new URL('playground-onnx.png', OUT).pathname, fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('Open ONNX: an operator the importer cannot take is a sentence in the error panel', async () => {
  const file = new URL('conv.onnx', OUT).pathname;
  writeFileSync(file, gemmModel('Conv'));
  const { page, errors, close } = await openPage();
  try {
    await finished(page, 1);
    await page.setInputFiles('#onnx-file', file);
    assert.equal(await finished(page, 2), 'error');
    assert.match(await page.textContent('#error-panel'), /operator Conv 'layer' is not supported/);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
