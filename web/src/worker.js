// The sandbox: user scripts run here, in a module worker with the engine, never on the page's
// thread. The page creates a fresh worker for every run (and terminates a script that runs too
// long), so nothing a script does survives it. Only plain data goes back to the page.
import { load } from 'nngraph-wasm';
import { runScript, runCheck, describeError } from './script.js';

const engine = load();
let state = null; // the graph and input of the last run, kept for "check gradients"

self.onmessage = async (event) => {
  const { type, id, code } = event.data || {};
  let ng;
  try {
    ng = await engine;
  } catch (e) {
    self.postMessage({ type: 'fatal', id, error: describeError(e) });
    return;
  }
  if (type === 'run') {
    const run = await runScript(ng, String(code));
    state = run.state;
    self.postMessage({ type: 'result', id, result: run.result });
  } else if (type === 'check') {
    try {
      self.postMessage({ type: 'check-result', id, check: toPlainCheck(runCheck(ng, state || {})) });
    } catch (e) {
      self.postMessage({ type: 'check-result', id, error: describeError(e) });
    }
  }
};

function toPlainCheck(report) {
  const rows = (list) => (list || []).map((r) => ({
    name: String(r.name),
    maxError: Number(r.maxError),
    maxAbsError: Number(r.maxAbsError),
  }));
  return { inputs: rows(report.inputs), parameters: rows(report.parameters) };
}
