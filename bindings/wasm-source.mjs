// Where the engine's binary comes from when load() is not told: browsers, workers and bundlers.
// Node gets bindings/wasm-source-node.mjs instead (package.json "imports", condition "node"), so
// a browser build of an app holds no Node-only import.
//
// The Emscripten 3.1.6 loader would look for the binary beside its own URL, which a bundler
// changes (the loader gets inlined into a chunk): point it at a URL written as
// new URL('literal', import.meta.url), the form bundlers rewrite to the file they emit.
export async function defaultWasmSource() {
  const wasmUrl = new URL('../dist/nngraph_core.wasm', import.meta.url);
  return { locateFile: (file, prefix) => (file.endsWith('.wasm') ? wasmUrl.href : prefix + file) };
}
