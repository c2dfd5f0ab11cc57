// The engine compiled once per page: the binary is fetched and compiled here, on the page, and
// the resulting WebAssembly.Module is posted to every worker (runner.js), which only instantiate
// it. Without this each run's fresh worker would fetch and compile the engine again, and each
// <nngraph-example> on a tutorial page would too.
const wasmUrl = new URL('../../dist/nngraph_core.wasm', import.meta.url);
let compiled = null;

export function engineModule() {
  compiled = compiled || compile().catch((error) => {
    compiled = null; // a failed fetch may be retried by the next run
    throw error;
  });
  return compiled;
}

async function compile() {
  const response = await fetch(wasmUrl);
  if (!response.ok) throw new Error(`fetching the engine ${wasmUrl.href} failed with HTTP ${response.status}`);
  // Streaming compilation needs the server to send application/wasm; fall back to bytes
  // (the same response, no second request) when it does not.
  if ((response.headers.get('content-type') || '').startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}
