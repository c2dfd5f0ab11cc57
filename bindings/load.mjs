// Loading: instantiates the engine (dist/nngraph_core.mjs and .wasm) for load(options)
// (bindings/index.mjs). The same file serves Node, browsers, workers and bundlers, and imports
// nothing of Node's: a bundler would try to resolve such an import for the browser (Vite:
// "Module node:fs/promises has been externalized"), and a page without one could not.
import createNNGraphModule from '../dist/nngraph_core.mjs';
import { describe } from './handles.mjs';

// The loaded Emscripten module for load(options) (checked here: what only JS can see).
export async function instantiate(options) {
  if (options === null || typeof options !== 'object')
    throw new TypeError(`load(options): options must be an object like { wasmBinary, wasmUrl, locateFile }, got ${describe(options)}`);
  const factoryOptions = {};
  if (options.wasmUrl !== undefined) {
    if (typeof options.wasmUrl !== 'string' && !(options.wasmUrl instanceof URL))
      throw new TypeError(`load(options): wasmUrl must be a string or URL, got ${describe(options.wasmUrl)}`);
    const response = await fetch(options.wasmUrl);
    if (!response.ok) throw new Error(`load(options): fetching wasmUrl ${options.wasmUrl} failed with HTTP ${response.status}`);
    factoryOptions.wasmBinary = new Uint8Array(await response.arrayBuffer());
  }
  if (options.wasmBinary !== undefined) {
    if (!(options.wasmBinary instanceof ArrayBuffer) && !ArrayBuffer.isView(options.wasmBinary))
      throw new TypeError(`load(options): wasmBinary must be an ArrayBuffer or Uint8Array, got ${describe(options.wasmBinary)}`);
    factoryOptions.wasmBinary = options.wasmBinary;
  }
  if (options.wasmModule !== undefined) {
    if (typeof WebAssembly !== 'object' || !(options.wasmModule instanceof WebAssembly.Module))
      throw new TypeError(`load(options): wasmModule must be a WebAssembly.Module (compiled from dist/nngraph_core.wasm), got ${describe(options.wasmModule)}`);
    const compiled = options.wasmModule;
    // Emscripten's hook for a caller that instantiates the binary itself: it hands over the
    // imports and waits for receiveInstance; the empty object means "exports will come async".
    factoryOptions.instantiateWasm = (imports, receiveInstance) => {
      WebAssembly.instantiate(compiled, imports).then((instance) => receiveInstance(instance, compiled));
      return {};
    };
  }
  if (options.locateFile !== undefined) {
    if (typeof options.locateFile !== 'function')
      throw new TypeError('load(options): locateFile must be a function (path, prefix) => url');
    factoryOptions.locateFile = options.locateFile;
  }
  if (factoryOptions.wasmBinary === undefined && factoryOptions.locateFile === undefined && factoryOptions.instantiateWasm === undefined)
    Object.assign(factoryOptions, await defaultWasmSource());
  return createNNGraphModule(factoryOptions);
}

// Where the engine's binary comes from when the caller does not say. The Emscripten 3.1.6 loader
// would look for it beside its own URL, which a bundler changes (the loader gets inlined into a
// chunk), and in Node it calls fetch() on a plain path, which Node's fetch rejects. So: Node
// reads the bytes itself, with the fs module from process.getBuiltinModule (Node >= 20.16, as the
// loader's own Node branch needs: bindings/node-esm-pre.js); elsewhere the loader is pointed at a
// URL written as new URL('literal', import.meta.url), the form bundlers rewrite to the file they emit.
async function defaultWasmSource() {
  const wasmUrl = new URL('../dist/nngraph_core.wasm', import.meta.url);
  const isNode = typeof process === 'object' && process.versions != null && process.versions.node != null;
  if (isNode && wasmUrl.protocol === 'file:') {
    if (typeof process.getBuiltinModule !== 'function')
      throw new Error(`load(): this Node (${process.version}) has no process.getBuiltinModule; use Node 20.16 or later, or pass load({ wasmBinary })`);
    try {
      return { wasmBinary: await process.getBuiltinModule('fs').promises.readFile(wasmUrl) };
    } catch (error) {
      throw new Error(`load(): cannot read the engine's binary ${wasmUrl.pathname} (${error.code ?? error.message}); the package's dist/ folder is incomplete, or pass load({ wasmBinary }) yourself`);
    }
  }
  return { locateFile: (file, prefix) => (file.endsWith('.wasm') ? wasmUrl.href : prefix + file) };
}
