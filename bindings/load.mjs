// Loading: instantiates the engine (dist/nngraph_core.mjs and .wasm) for load(options)
// (bindings/index.mjs). Where the binary comes from by default
// differs between Node and browsers: '#wasm-source' (package.json "imports").
import createNNGraphModule from '../dist/nngraph_core.mjs';
import { defaultWasmSource } from '#wasm-source';
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
