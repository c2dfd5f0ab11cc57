// Vite config for nngraph-wasm/embed (root: web/): dist/embed.js, the entry an author's page
// loads, and its lazily loaded parts in dist/embed/ (the runtime with the views, CodeMirror,
// Graphviz, the worker with the engine's loader, the engine's .wasm). Every reference between
// them is relative to import.meta.url, so the files work from any static server or sub-path and
// through a bundler that processes the package. scripts/pack.d/20-embed.sh runs this.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

// The Train view's loss plot imports uPlot's stylesheet for the playground's document; in the
// element that sheet belongs in the shadow root (embed.js adds it there, as ?inline), and loading
// it into the page's <head> would leak its rules onto the author's page.
const uplotCssInShadowRootOnly = {
  name: 'uplot-css-in-shadow-root-only',
  enforce: 'pre',
  resolveId: (id) => (id === 'uplot/dist/uPlot.min.css' ? '\0uplot-css-elsewhere' : null),
  load: (id) => (id === '\0uplot-css-elsewhere' ? '' : null),
};

export default defineConfig({
  root: here('.'),
  base: './',
  publicDir: false,
  plugins: [uplotCssInShadowRootOnly],
  // the package's own entries by name, exactly (a plain 'nngraph-wasm' key would also catch
  // 'nngraph-wasm/onnx' and turn it into bindings/index.mjs/onnx)
  resolve: {
    alias: [
      { find: /^nngraph-wasm\/onnx$/, replacement: here('../bindings/onnx.mjs') },
      { find: /^nngraph-wasm\/lua$/, replacement: here('../bindings/lua.mjs') },
      { find: /^nngraph-wasm$/, replacement: here('../bindings/index.mjs') },
    ],
  },
  worker: {
    format: 'es',
    rolldownOptions: { output: { entryFileNames: 'embed/[name]-[hash].js', chunkFileNames: 'embed/[name]-[hash].js', assetFileNames: 'embed/[name]-[hash][extname]' } },
  },
  build: {
    outDir: here('../dist'),
    emptyOutDir: false, // dist/ also holds the engine (scripts/build.sh); the pack step clears dist/embed*
    assetsDir: 'embed',
    modulePreload: false,
    copyPublicDir: false,
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      input: here('src/embed.js'),
      preserveEntrySignatures: 'exports-only',
      output: {
        entryFileNames: 'embed.js',
        chunkFileNames: 'embed/[name]-[hash].js',
        assetFileNames: 'embed/[name]-[hash][extname]',
      },
    },
  },
});
