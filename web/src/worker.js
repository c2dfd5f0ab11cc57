// The sandbox: user scripts run here, in a module worker with the engine, never on the page's
// thread. The page creates a fresh worker for every run (and terminates a script that runs too
// long), so nothing a script does survives it. Only plain data goes back to the page.
import { load } from 'nngraph-wasm';
// the package's ./lua export (by path: the page's alias maps the bare name to the core entry)
import { createLua } from '../../bindings/lua.mjs';
import luaWasmUrl from 'wasmoon/dist/glue.wasm?url';
import { runScript, runCheck, collectView, describeError } from './script.js';

// The engine loads on the first message: an 'engine' message first hands over a compiled
// WebAssembly.Module (a page with many examples compiles the binary once, see embed/runtime.js);
// otherwise load() fetches and compiles it here.
let engine = null;
let state = null; // the graph and input of the last run, kept for "check gradients"
let pageLuaWasmUrl = null;

self.onmessage = async (event) => {
  const { type, id, code, language } = event.data || {};
  if (type === 'engine') {
    if (event.data.wasmModule) engine = engine || load({ wasmModule: event.data.wasmModule });
    // The page's URL of the Lua VM's binary: a bundler that re-bundles this worker from the
    // package (an app importing nngraph-wasm/embed) rewrites the page's asset URLs, not this one.
    if (event.data.luaWasmUrl) pageLuaWasmUrl = String(event.data.luaWasmUrl);
    return;
  }
  engine = engine || load();
  let ng;
  try {
    ng = await engine;
  } catch (e) {
    self.postMessage({ type: 'fatal', id, error: describeError(e) });
    return;
  }
  if (type === 'run') {
    const run = language === 'lua' ? await runLua(String(code)) : await runScript(ng, String(code));
    state = run.state;
    self.postMessage({ type: 'result', id, result: run.result });
  } else if (type === 'train') {
    train(event.data);
  } else if (type === 'onnx-import') {
    const { openModel } = await import('./onnx-worker.js');
    const opened = await openModel(ng, event.data.bytes, String(event.data.fileName || 'the model'));
    state = opened.state;
    self.postMessage({ type: 'result', id, result: opened.result });
  } else if (type === 'onnx-export') {
    const { exportGraph } = await import('./onnx-worker.js');
    self.postMessage({ type: 'onnx-bytes', id, ...exportGraph(ng, state) });
  } else if (type === 'check') {
    try {
      self.postMessage({ type: 'check-result', id, check: toPlainCheck(runCheck(ng, state || {})) });
    } catch (e) {
      self.postMessage({ type: 'check-result', id, error: describeError(e) });
    }
  }
};

// A Lua script: print goes to the console panel, the last gModule built is shown, an error
// carries its line (messages start with 'main.lua:<line>:'). The worker ends with the run, so
// the Lua state is left open for "check gradients".
async function runLua(code) {
  const logs = [];
  const state = { graph: null, input: undefined };
  let error = null;
  const started = Date.now();
  try {
    const lua = await createLua({ print: (line) => logs.push(line), onGraph: (g) => { state.graph = g; }, luaWasmUrl: pageLuaWasmUrl || luaWasmUrl });
    await lua.run(code, 'main.lua');
  } catch (e) {
    error = { name: 'Error', message: e && e.message ? e.message : String(e), line: e && e.lineNumber ? e.lineNumber : null,
      nodeId: e && Number.isInteger(e.nodeId) ? e.nodeId : null };
  }
  let view = null;
  if (state.graph) {
    try {
      view = collectView(state.graph);
    } catch (e) {
      error = error || describeError(e);
    }
  }
  return { result: { logs, error, view, elapsedMs: Date.now() - started, training: null }, state };
}

function toPlainCheck(report) {
  const rows = (list) => (list || []).map((r) => ({
    name: String(r.name),
    maxError: Number(r.maxError),
    maxAbsError: Number(r.maxAbsError),
  }));
  return { inputs: rows(report.inputs), parameters: rows(report.parameters) };
}

// ---------------------------------------------------------------------------------------------
// Training: the loop runs here in slices of about SLICE_MS, yielding to the message queue between
// slices so that pause, step and control changes from the page take effect at once. The page
// receives a snapshot (losses since the last one, accuracy, heatmap, sampled text) per slice.

const SLICE_MS = 40;
const SAMPLE_EVERY_MS = 1000;
// The Train view's speed: steps per frame of FRAME_MS, or Infinity for as many as fit in SLICE_MS.
const FRAME_MS = 33;
let stepsPerFrame = Infinity;
let playing = false;
let lastSampleAt = 0;
const rate = { last: 0, perSecond: 0 };  // steps per wall-clock second, smoothed over slices

function train({ action, value }) {
  const trainer = state && state.trainer;
  if (!trainer) return;
  try {
    if (action === 'play') {
      if (!playing) {
        playing = true;
        rate.last = performance.now();
        setTimeout(loop, 0);
      }
      return;
    }
    if (action === 'pause') playing = false;
    else if (action === 'step') trainer.step(1);
    else if (action === 'reset') trainer.reset();
    else if (action === 'optimizer') trainer.setOptimizer(value);
    else if (action === 'learningRate') trainer.setLearningRate(value);
    else if (action === 'dataset') trainer.setDataset(value);
    else if (action === 'speed') {
      stepsPerFrame = value === 'max' ? Infinity : Math.max(1, Math.floor(Number(value)) || 1);
      return;
    }
    report(trainer, { sample: action === 'step' || action === 'reset' || action === 'pause' });
  } catch (e) {
    playing = false;
    report(trainer, {}, e);
  }
}

function loop() {
  const trainer = state && state.trainer;
  if (!playing || !trainer) return;
  const start = performance.now();
  let steps = 0;
  try {
    // at full speed at least one step per slice, as many as fit in SLICE_MS; else the speed's
    if (Number.isFinite(stepsPerFrame)) {
      trainer.step(stepsPerFrame);
      steps = stepsPerFrame;
    } else {
      do {
        trainer.step(1);
        steps += 1;
      } while (performance.now() - start < SLICE_MS);
    }
  } catch (e) {
    playing = false;
    report(trainer, {}, e);
    return;
  }
  const now = performance.now();
  // Wall-clock time since the previous slice: includes the snapshots and the yield to messages.
  const current = (steps * 1000) / Math.max(now - rate.last, 1);
  rate.perSecond = rate.perSecond ? 0.8 * rate.perSecond + 0.2 * current : current;
  rate.last = now;
  const sample = now - lastSampleAt >= SAMPLE_EVERY_MS;
  if (sample) lastSampleAt = now;
  report(trainer, { sample });
  // a paced speed waits out the rest of its frame
  setTimeout(loop, Number.isFinite(stepsPerFrame) ? Math.max(0, FRAME_MS - (performance.now() - start)) : 0);
}

function report(trainer, { sample = false }, error = null) {
  let snap;
  try {
    snap = trainer.snapshot({ heatmap: true, sample });
  } catch (e) {
    error = error || e;
    snap = { step: trainer.steps, loss: trainer.lastLoss, losses: [] };
  }
  self.postMessage({
    type: 'train-progress',
    progress: { ...snap, playing, stepsPerSecond: rate.perSecond, error: error ? describeError(error) : null },
  });
}
