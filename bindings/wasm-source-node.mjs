// Where the engine's binary comes from when load() is not told, in Node (package.json "imports",
// condition "node"; browsers get bindings/wasm-source.mjs). The Emscripten 3.1.6 loader calls
// fetch() on a plain path, which Node's fetch rejects: read the bytes here instead.
import { readFile } from 'node:fs/promises';

export async function defaultWasmSource() {
  const wasmUrl = new URL('../dist/nngraph_core.wasm', import.meta.url);
  try {
    return { wasmBinary: await readFile(wasmUrl) };
  } catch (error) {
    throw new Error(`load(): cannot read the engine's binary ${wasmUrl.pathname} (${error.code ?? error.message}); the package's dist/ folder is incomplete, or pass load({ wasmBinary }) yourself`);
  }
}
