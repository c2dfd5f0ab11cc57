// The loaded API's torch and nn, for parts of the package that are handed an engine object and
// must work synchronously (nngraph-wasm/onnx's toONNX(module) builds probe modules and tensors
// with them). Filled in by buildApi through bindings/extensions.mjs; null until load() finished.
export const engine = { torch: null, nn: null };

export function installEngineRef(parts) {
  engine.torch = parts.torch;
  engine.nn = parts.nn;
}
