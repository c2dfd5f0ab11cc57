// Vite config for the playground (root: web/). The page imports the package by its npm name;
// the alias points it at the repo's ESM entry, so the page uses only the public API.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: './',
  resolve: {
    alias: [
      { find: /^nngraph-wasm\/onnx$/, replacement: here('../bindings/onnx.mjs') },
      { find: /^nngraph-wasm\/lua$/, replacement: here('../bindings/lua.mjs') },
      { find: /^nngraph-wasm$/, replacement: here('../bindings/index.mjs') },
    ],
  },
  worker: { format: 'es' },
  build: {
    outDir: here('../build/web'),
    emptyOutDir: true,
    // viz (Graphviz in wasm) and the engine (wasm inlined) are large by nature.
    chunkSizeWarningLimit: 4096,
  },
  server: { host: '127.0.0.1', fs: { allow: [here('..')] } },
  preview: { host: '127.0.0.1' },
});
