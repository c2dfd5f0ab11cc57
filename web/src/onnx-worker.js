// The worker's side of "Download ONNX" and "Open ONNX" (web/src/onnx-panel.js is the page's):
// export the graph the last run displayed, or import a model, run it on random inputs and
// backward with a gradOutput of ones, so that the page shows its graph and gradient tables.
// Loaded by the worker on first use: the ONNX codec is not part of a plain run.
import { toONNX, fromONNX } from 'nngraph-wasm/onnx';
import onnxProto from 'onnx-proto';
import { collectView, checkInput, describeError } from './script.js';

const BATCH = 2;  // the batch size the page picks for a model's symbolic batch dimension

// -> { bytes } or { error }
export function exportGraph(ng, state) {
  if (!state || !state.graph) return { error: { name: 'Error', message: 'Download ONNX: run a script that builds a graph first.', line: null } };
  try {
    // the sizes of the inputs it last ran on; before any forward, toONNX infers what it can
    let input;
    try {
      input = checkInput(ng, state);
    } catch {
      return { bytes: toONNX(state.graph) };
    }
    const shapes = (v) => (Array.isArray(v) ? v.map(shapes) : v.shape);
    const list = state.graph.inspect().nodes.filter((n) => n.isInput).length > 1 ? input : [input];
    const inputShapes = list.map(shapes);
    if (input !== state.input) ng.dispose(input);  // copies checkInput made from the last forward
    return { bytes: toONNX(state.graph, { inputShapes }) };
  } catch (e) {
    const error = describeError(e);
    return { error: { ...error, message: error.message.startsWith('toONNX') ? error.message : `Download ONNX: ${error.message}` } };
  }
}

// The sizes of a model's inputs, the symbolic batch (first) dimension set to BATCH.
function inputSizes(bytes) {
  const { onnx } = onnxProto;
  const graph = onnx.ModelProto.decode(bytes).graph;
  const initializers = new Set((graph.initializer || []).map((t) => t.name));
  return graph.input.filter((i) => !initializers.has(i.name)).map((input) => {
    const dims = input.type?.tensorType?.shape?.dim || [];
    return dims.map((d, k) => {
      const value = Number(d.dimValue || 0);
      if (value > 0) return value;
      if (k === 0) return BATCH;
      throw new Error(`Open ONNX: input '${input.name}' has a symbolic size in dimension ${k + 1} (${d.dimParam || 'unnamed'}); the page only chooses the batch size`);
    });
  });
}

// -> { result (as a run's), state }
export async function openModel(ng, bytes, fileName) {
  const started = Date.now();
  const logs = [];
  const state = { graph: null, input: undefined, shown: true, trainer: null };
  let error = null;
  try {
    const g = await fromONNX(bytes);
    state.graph = g;
    const sizes = inputSizes(bytes);
    const values = sizes.map((s) => ng.torch.randn(...s));
    const input = values.length === 1 ? values[0] : values;
    state.input = input;
    const output = g.forward(input);
    const ones = (v) => (Array.isArray(v) ? v.map(ones) : ng.torch.ones(...v.shape));
    g.backward(input, ones(output));
    const count = g.inspect().nodes.length;
    logs.push(`Opened ${fileName}: a gModule of ${count} nodes, run on random inputs of size ${sizes.map((s) => s.join('x')).join(', ')} and back with a gradOutput of ones.`);
  } catch (e) {
    error = describeError(e);
  }
  let view = null;
  if (state.graph) view = collectView(state.graph);
  return { result: { logs, error, view, elapsedMs: Date.now() - started, training: null }, state };
}
