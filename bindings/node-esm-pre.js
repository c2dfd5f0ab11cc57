// Prepended outside the Emscripten factory (--extern-pre-js). The 3.1.6 loader's Node branch
// uses require() and __dirname, which an ES module does not have; give it both. Browsers and
// bundlers skip this (no process object), and process.getBuiltinModule avoids a static import
// of node:module that a bundler would try to resolve.
var require, __dirname;
if (typeof process === 'object' && process.versions && process.versions.node && typeof process.getBuiltinModule === 'function') {
  require = process.getBuiltinModule('module').createRequire(import.meta.url);
  __dirname = process.getBuiltinModule('path').dirname(process.getBuiltinModule('url').fileURLToPath(import.meta.url));
}
