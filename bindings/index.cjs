// CommonJS entry: `const { load } = require('nngraph-wasm')`. The engine is an ES module, so
// load() imports it dynamically; it is asynchronous anyway, and idempotent like the ESM one.
'use strict';

function load(options) {
  return import('./index.mjs').then((api) => api.load(options));
}

module.exports = { load, default: load };
