// nngraph-wasm: Torch7's nn + nngraph for JavaScript.
//
//   import { load } from 'nngraph-wasm';
//   const { torch, nn } = await load();
//
// This file is the idiomatic face of the Embind layer (bindings/embind.cpp): Tensor / Module /
// Criterion / Node objects over engine handles, callable modules that make graph nodes,
// argument checks for mistakes only JS can make, and handle bookkeeping (dispose, a
// FinalizationRegistry fallback, memory()). Engine semantics stay in the engine: every engine
// error arrives here as an Error carrying the engine's sentence.
import createNNGraphModule from '../dist/nngraph_core.mjs';
import { makeOptim } from './optim.mjs';
import { extensions } from './extensions.mjs';

let loading = null;

/**
 * Loads the engine once; later calls return the same promise (their options are ignored).
 * By default the engine's binary is dist/nngraph_core.wasm beside this package's files: read
 * with fs in Node, fetched from new URL(..., import.meta.url) in browsers (bundlers such as
 * Vite see that expression and ship the file). options.wasmBinary (bytes) or options.wasmUrl
 * (fetched) replace it; options.wasmModule (a WebAssembly.Module compiled from that binary, e.g.
 * once on a page and posted to each of its workers) skips fetching and compiling altogether;
 * options.locateFile is handed to the Emscripten loader.
 */
export function load(options = {}) {
  if (loading) return loading;
  loading = start(options).catch((error) => {
    loading = null;  // a failed load may be retried (e.g. with another wasmBinary)
    throw error;
  });
  return loading;
}

async function start(options) {
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
  return buildApi(await createNNGraphModule(factoryOptions));
}

// Where the engine's binary comes from when the caller does not say. The Emscripten 3.1.6 loader
// would look for it beside its own URL, which a bundler changes (the loader gets inlined into a
// chunk), and in Node it calls fetch() on a plain path, which Node's fetch rejects. So: Node
// reads the bytes itself; elsewhere the loader is pointed at a URL written as
// new URL('literal', import.meta.url), the form bundlers rewrite to the file they emit.
async function defaultWasmSource() {
  const wasmUrl = new URL('../dist/nngraph_core.wasm', import.meta.url);
  const isNode = typeof process === 'object' && process.versions != null && process.versions.node != null;
  if (isNode && wasmUrl.protocol === 'file:') {
    const fsModuleName = 'node:fs/promises';  // a variable, so that bundlers leave it alone
    const fs = typeof process.getBuiltinModule === 'function'
      ? process.getBuiltinModule('fs').promises : await import(fsModuleName);
    try {
      return { wasmBinary: await fs.readFile(wasmUrl) };
    } catch (error) {
      throw new Error(`load(): cannot read the engine's binary ${wasmUrl.pathname} (${error.code ?? error.message}); the package's dist/ folder is incomplete, or pass load({ wasmBinary }) yourself`);
    }
  }
  return { locateFile: (file, prefix) => (file.endsWith('.wasm') ? wasmUrl.href : prefix + file) };
}

export default load;

// ---------------------------------------------------------------------------------------------
// helpers independent of the engine

const kRaw = Symbol('nngraph.raw');
const kKind = Symbol('nngraph.kind');
const kPtr = Symbol('nngraph.ptr');          // the engine object's address, for the fast calls
const kOutput = Symbol('nngraph.output');    // cached result handles of the fast calls
const kGradInput = Symbol('nngraph.gradInput');
const disposeSymbol = Symbol.dispose ?? Symbol.for('Symbol.dispose');
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

function describe(v) {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v && v[kKind]) return `a ${v[kKind]}${v[kRaw] ? ` (${safeString(v)})` : ' (disposed)'}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'object') return `an object (${Object.prototype.toString.call(v).slice(8, -1)})`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '...' : v)}`;
  if (typeof v === 'number' && Number.isInteger(v) && !isInteger(v)) return `the number ${v} (outside the 32-bit integer range)`;
  if (typeof v === 'bigint') return `the BigInt ${v}n`;
  return `the ${typeof v} ${String(v)}`;
}

function safeString(v) {
  try {
    if (v[kKind] === 'Tensor') return `size ${v.shape.join('x') || 'empty'}`;
    const text = v.toString();
    return text.includes('\n') ? v.typeName : text;  // containers print as trees
  } catch {
    return v[kKind];
  }
}

// Integers the engine takes (indices, dimensions, counts, sizes) are 32-bit: a larger number
// would wrap on its way through Embind, so it is refused here.
function isInteger(n) {
  return typeof n === 'number' && Number.isInteger(n) && n >= -2147483648 && n <= 2147483647;
}

// How deep and how long a table (JS array) given to the engine may be: deeper nesting has no
// use and would exhaust the engine's stack; a longer array (a = []; a.length = 1e9) would hang.
const kMaxTableDepth = 200;
const kMaxTableEntries = 1 << 20;

// ---------------------------------------------------------------------------------------------
// the API over a loaded engine

function buildApi(M) {
  // Live JS-owned handles, by kind; each wrapper owns exactly one engine handle.
  const live = { Tensor: 0, Module: 0, Criterion: 0, Node: 0, Optimizer: 0 };
  const finalizer = new FinalizationRegistry(({ raw, kind }) => {
    if (!raw.isDeleted()) raw.delete();
    live[kind]--;
  });
  let tidyScopes = [];
  let untracked = false;  // set while wrapping a module's result handles (not tidy's to dispose)

  function own(wrapper, raw, kind) {
    wrapper[kRaw] = raw;  // a symbol key: invisible to Object.keys and JSON
    if (fast) wrapper[kPtr] = raw.$$.ptr;
    live[kind]++;
    finalizer.register(wrapper, { raw, kind }, wrapper);
    if (kind === 'Tensor' && tidyScopes.length && !untracked) tidyScopes[tidyScopes.length - 1].push(wrapper);
    return wrapper;
  }

  // ---------------------------------------------------------------------------------------------
  // Fast calls (embind.cpp, "Fast calls"): forward/backward with a Tensor or a flat array of
  // Tensors pass raw pointers to plain wasm exports, and results come back in handles the module
  // keeps between calls, so a forward returns the same Tensor object each time (Torch's
  // m.output) instead of a new one. Anything else takes the Embind path below, which also
  // produces every argument error. Embind's handle layout ($$.ptr) is checked once here.
  const fast = (() => {
    if (typeof M._nng_fast_forward !== 'function' || typeof M.tensorAddress !== 'function') return null;
    const probe = M.tensorZeros([1]);
    const probeModule = M.createModule('Identity', []);
    try {
      if (!probe.$$ || probe.$$.ptr !== M.tensorAddress(probe)) return null;
      if (!probeModule.$$ || probeModule.$$.ptr !== M.moduleAddress(probeModule)) return null;
    } finally {
      probe.delete();
      probeModule.delete();
    }
    return { base: M._nng_fast_slots() >>> 2 };
  })();
  const NOT_FAST = -100, MISMATCH = -2, FAILED = -3, SLOTS = fast ? M._nng_fast_slot_count() : 0;

  // The engine's error from the last failed fast call, as the Embind path throws it: an Error
  // with the sentence, and `nodeId` when it is about a graph node.
  function fastFailure() {
    const error = new Error(M.fastLastError());
    const nodeId = M.fastLastErrorNode();
    if (nodeId) error.nodeId = nodeId;
    return error;
  }

  // Writes the pointers of a Tensor (-> -1) or a flat array of Tensors (-> its length) into
  // slot block `block`; NOT_FAST for anything else (disposed tensors, more than a block holds).
  // `v` comes from readValue: reading it runs no user code.
  function putValue(v, block) {
    const heap = M.HEAPU32, base = fast.base + block * SLOTS;
    if (v instanceof Tensor) {
      if (!v[kRaw]) return NOT_FAST;
      heap[base] = v[kPtr];
      return -1;
    }
    if (!Array.isArray(v) || v.length > SLOTS) return NOT_FAST;
    for (let i = 0; i < v.length; ++i) {
      const t = v[i];
      if (!(t instanceof Tensor) || !t[kRaw]) return NOT_FAST;
      heap[base + i] = t[kPtr];
    }
    return v.length;
  }

  // The cached result handles into slot block 2; the structure they hold (-1 or k), or a count
  // the engine never matches when there is no usable cache.
  function putResults(cache) {
    if (!cache || cache.count === NOT_FAST || cache.tensors.length > SLOTS) return NOT_FAST;
    const heap = M.HEAPU32, base = fast.base + 2 * SLOTS, tensors = cache.tensors;
    for (let i = 0; i < tensors.length; ++i) {
      if (!tensors[i][kRaw]) return NOT_FAST;  // the user disposed it: make new ones
      heap[base + i] = tensors[i][kPtr];
    }
    return cache.count;
  }

  function takeResult(owner, key, code, readSlow) {
    if (code === FAILED) throw fastFailure();
    // first call, another structure, a disposed handle or more results than the slot block
    // holds: read the result the Embind way into the module's handles
    if (code === MISMATCH) adoptResult(owner, key, readSlow());
    return resultValue(owner[key]);
  }

  // A module's results (what forward and backward return, m.output, m.gradInput) are handles the
  // module owns, as Torch's m.output belongs to m: they are reused call after call (a new engine
  // value of the same structure is rebound into the same Tensor objects), released when the
  // structure changes, and released with the module. So no call leaves handles nobody owns.
  function adoptResult(owner, key, raw) {
    const raws = [];
    const layout = layoutOf(raw, raws);
    const cache = owner[key];
    if (cache && sameLayout(cache.layout, layout) && cache.tensors.every((t) => t[kRaw])) {
      for (let i = 0; i < raws.length; ++i) rebind(cache.tensors[i], raws[i]);
      return cache;
    }
    if (cache) cache.tensors.forEach(release);
    untracked = true;
    try {
      const tensors = raws.map(wrapTensor);
      const count = typeof layout === 'number' ? -1
        : Array.isArray(layout) && layout.every((e) => typeof e === 'number') ? layout.length : NOT_FAST;
      return (owner[key] = { layout, tensors, count });
    } finally {
      untracked = false;
    }
  }

  // An engine value's structure: an index into `raws` for a tensor, null for nil, arrays for tables.
  function layoutOf(raw, raws) {
    if (raw === null || raw === undefined) return null;
    if (Array.isArray(raw)) return raw.map((e) => layoutOf(e, raws));
    raws.push(raw);
    return raws.length - 1;
  }

  function sameLayout(a, b) {
    if (!Array.isArray(a) || !Array.isArray(b)) return a === b;
    return a.length === b.length && a.every((e, i) => sameLayout(e, b[i]));
  }

  function resultValue(cache) {
    const build = (layout) => (layout === null ? null : Array.isArray(layout) ? layout.map(build) : cache.tensors[layout]);
    return cache.count === -1 ? cache.tensors[0] : build(cache.layout);
  }

  // Points a result wrapper at a new engine handle of the same tensor (the old one is freed).
  function rebind(wrapper, raw) {
    const old = wrapper[kRaw];
    if (old === raw) return;
    wrapper[kRaw] = raw;
    if (fast) wrapper[kPtr] = raw.$$.ptr;
    finalizer.unregister(wrapper);
    finalizer.register(wrapper, { raw, kind: 'Tensor' }, wrapper);
    old.delete();
  }

  // A module's output/gradInput tensors (m.output, what forward returns) belong to the module,
  // as in Torch: disposing the module disposes them too.
  function releaseResults(owner) {
    for (const key of [kOutput, kGradInput]) {
      const cache = owner[key];
      if (!cache) continue;
      cache.tensors.forEach(release);
      owner[key] = undefined;
    }
  }

  function ofKind(obj, kind) {
    if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function') || obj[kKind] !== kind)
      throw new TypeError(`expected a ${kind} here (as \`this\` or argument), got ${describe(obj)}`);
    return obj;
  }

  function release(wrapper) {
    const raw = wrapper[kRaw];
    if (!raw) return false;
    wrapper[kRaw] = null;
    finalizer.unregister(wrapper);
    raw.delete();
    live[wrapper[kKind]]--;
    return true;
  }

  // The engine handle of obj, which must be a live object of this kind: a method called with
  // another `this` (nn.Tanh().forward.call(tensor, ...)) or a disposed object never reaches the
  // engine, whose pointers would then be of the wrong type.
  function rawOf(obj, kind) {
    const raw = ofKind(obj, kind)[kRaw];
    if (!raw) throw new Error(`this ${kind} was disposed`);
    return raw;
  }

  // ---------------------------------------------------------------------------------------------
  // Tensor

  class Tensor {
    constructor(token, raw) {
      if (token !== kRaw)
        throw new TypeError('Tensors are made by torch.tensor(...), torch.zeros(...), torch.ones(...), torch.rand(...) or torch.randn(...)');
      own(this, raw, 'Tensor');
    }
    get [kKind]() { return 'Tensor'; }
    /** Sizes, e.g. [2, 3]. */
    get shape() { return M.tensorShape(rawOf(this, 'Tensor')); }
    dim() { return M.tensorShape(rawOf(this, 'Tensor')).length; }
    numel() { return M.tensorNumel(rawOf(this, 'Tensor')); }
    size(dim) {
      const raw = rawOf(this, 'Tensor');
      if (dim === undefined) return M.tensorShape(raw);
      if (!isInteger(dim)) throw new TypeError(`Tensor.size(dim): dim must be an integer (1-based, as in Torch), got ${describe(dim)}`);
      return M.tensorSize(raw, dim);
    }
    toFloat32Array() { return M.tensorData(rawOf(this, 'Tensor')); }
    toArray() {
      const raw = rawOf(this, 'Tensor');
      return nest(M.tensorData(raw), M.tensorShape(raw));
    }
    item() { return M.tensorItem(rawOf(this, 'Tensor')); }
    clone() { return wrapTensor(M.tensorClone(rawOf(this, 'Tensor'))); }
    fill(value) {
      if (typeof value !== 'number') throw new TypeError(`Tensor.fill(value): value must be a number, got ${describe(value)}`);
      M.tensorFill(rawOf(this, 'Tensor'), value);
      return this;
    }
    copy(source) {
      M.tensorCopy(rawOf(this, 'Tensor'), tensorArg(source, 'Tensor.copy(source)'));
      return this;
    }
    /** In place: this += alpha * other (also Torch's add(alpha, other)). */
    add(a, b) {
      if (typeof a === 'number' && b !== undefined) [a, b] = [b, a];
      const alpha = b === undefined ? 1 : b;
      if (typeof alpha !== 'number') throw new TypeError(`Tensor.add(other, alpha): alpha must be a number, got ${describe(alpha)}`);
      M.tensorAdd(rawOf(this, 'Tensor'), tensorArg(a, 'Tensor.add(other)'), alpha);
      return this;
    }
    /** In place: this *= factor. */
    mul(factor) {
      if (typeof factor !== 'number') throw new TypeError(`Tensor.mul(factor): factor must be a number, got ${describe(factor)}`);
      M.tensorMul(rawOf(this, 'Tensor'), factor);
      return this;
    }
    toString() { return M.tensorToString(rawOf(this, 'Tensor')); }
    get disposed() { return !this[kRaw]; }
    dispose() { release(ofKind(this, 'Tensor')); }
    [disposeSymbol]() { release(ofKind(this, 'Tensor')); }
    [inspectSymbol]() { return this[kRaw] ? this.toString() : 'Tensor (disposed)'; }
  }

  function wrapTensor(raw) { return new Tensor(kRaw, raw); }

  function tensorArg(t, what) {
    if (!(t instanceof Tensor)) throw new TypeError(`${what}: expected a Tensor, got ${describe(t)}`);
    return rawOf(t, 'Tensor');
  }

  function nest(data, shape) {
    if (shape.length === 0) return [];
    const build = (dim, offset) => {
      const n = shape[dim];
      if (dim === shape.length - 1) return Array.from(data.subarray(offset, offset + n));
      const stride = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
      const out = new Array(n);
      for (let i = 0; i < n; ++i) out[i] = build(dim + 1, offset + i * stride);
      return out;
    };
    return build(0, 0);
  }

  // nested arrays of numbers -> { data: Float32Array, shape }
  function flattenNested(data) {
    const shape = [];
    for (let level = data; Array.isArray(level); level = level[0]) {
      if (shape.length >= kMaxTableDepth) throw new Error(`torch.tensor: data nests arrays more than ${kMaxTableDepth} levels deep`);
      shape.push(level.length);
      if (level.length === 0) break;
    }
    const numel = shape.reduce((a, b) => a * b, 1);
    if (numel > kMaxTableEntries * 512)
      throw new Error(`torch.tensor: a tensor of size ${shape.join('x')} is too large`);
    const flat = new Float32Array(numel);
    let k = 0;
    const walk = (v, depth, path) => {
      if (depth === shape.length) {
        if (typeof v !== 'number')
          throw new TypeError(`torch.tensor: ${path} is ${describe(v)}, expected a number${Array.isArray(v) ? ' (the array is nested deeper here than in its first entry)' : ''}`);
        flat[k++] = v;
        return;
      }
      if (!Array.isArray(v))
        throw new Error(`torch.tensor: ragged nested array: ${path} is ${describe(v)} but an array of ${shape[depth]} was expected (every row must have the same length)`);
      if (v.length !== shape[depth])
        throw new Error(`torch.tensor: ragged nested array: ${path} has ${v.length} entries but ${shape[depth]} were expected (every row must have the same length)`);
      for (let i = 0; i < v.length; ++i) walk(v[i], depth + 1, `${path}[${i}]`);
    };
    walk(data, 0, 'data');
    return { flat, shape };
  }

  // A typed array's values as numbers the engine converts: BigInt64Array / BigUint64Array hold
  // BigInts, which become (float32) numbers here like every other element type.
  function typedData(data) {
    if (typeof BigInt64Array !== 'undefined' && (data instanceof BigInt64Array || data instanceof BigUint64Array))
      return Float32Array.from(data, Number);
    return data;
  }

  function sizesArg(args, what) {
    const given = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
    if (given.length > kMaxTableDepth) throw new TypeError(`${what}: ${given.length} sizes, more dimensions than a tensor may have`);
    const sizes = Array.from(given);  // holes read as undefined and are refused
    sizes.forEach((s, i) => {
      if (!isInteger(s) || s < 0)
        throw new TypeError(`${what}: size ${i + 1} must be a non-negative integer, got ${describe(s)} (write ${what}(2, 3) or ${what}([2, 3]))`);
    });
    return sizes;
  }

  function tensor(data, shape) {
    if (data instanceof Tensor) return data.clone();
    if (shape !== undefined) {
      if (!Array.isArray(shape)) throw new TypeError(`torch.tensor(data, shape): shape must be an array of sizes like [2, 3], got ${describe(shape)}`);
      shape = sizesArg([shape], 'torch.tensor');
      const numel = shape.reduce((a, b) => a * b, 1);
      let flat;
      if ((ArrayBuffer.isView(data) || Array.isArray(data)) && data.length !== numel)
        throw new Error(`torch.tensor: ${data.length} values do not fill a tensor of size ${shape.join('x')} (${numel} elements)`);
      if (ArrayBuffer.isView(data) && !(data instanceof DataView)) flat = typedData(data);
      else if (Array.isArray(data)) {
        flat = Array.from(data);  // holes become undefined and are refused below
        for (let i = 0; i < flat.length; ++i) {
          if (typeof flat[i] !== 'number')
            throw new TypeError(`torch.tensor(data, shape): with a shape, data must be flat numbers (or a Float32Array); data[${i}] is ${i in data ? describe(flat[i]) : 'a hole (an empty slot)'}`);
        }
      } else throw new TypeError(`torch.tensor(data, shape): data must be a Float32Array or an array of numbers, got ${describe(data)}`);
      return wrapTensor(M.tensorFromData(flat, shape));
    }
    if (ArrayBuffer.isView(data) && !(data instanceof DataView)) {
      const flat = typedData(data);
      return wrapTensor(M.tensorFromData(flat, [flat.length]));
    }
    if (!Array.isArray(data))
      throw new TypeError(`torch.tensor: expected a (nested) array of numbers, or a Float32Array and a shape, got ${describe(data)}`);
    const { flat, shape: sizes } = flattenNested(data);
    return wrapTensor(M.tensorFromData(flat, sizes));
  }

  const torch = {
    Tensor,
    tensor,
    zeros: (...sizes) => wrapTensor(M.tensorZeros(sizesArg(sizes, 'torch.zeros'))),
    ones: (...sizes) => wrapTensor(M.tensorOnes(sizesArg(sizes, 'torch.ones'))),
    rand: (...sizes) => wrapTensor(M.tensorRand(sizesArg(sizes, 'torch.rand'))),
    randn: (...sizes) => wrapTensor(M.tensorRandn(sizesArg(sizes, 'torch.randn'))),
    manualSeed(seed) {
      if (!Number.isSafeInteger(seed) || seed < 0) throw new TypeError(`torch.manualSeed(seed): seed must be a non-negative integer, got ${describe(seed)}`);
      M.manualSeed(seed);
    },
    isTensor: (x) => x instanceof Tensor,
  };

  // ---------------------------------------------------------------------------------------------
  // Values: a Tensor or nested arrays of them (Torch tables)

  // Reads a Tensor or nested arrays of Tensors (Torch tables) into plain arrays before any engine
  // work: getters and proxies in the argument run here, once, so nothing they do (another
  // forward, a dispose) can change or free an argument while the engine computes. Holes read as
  // undefined and are refused like it. `what` is a function: the message is built only on error.
  function readValue(v, what, path, depth = 0) {
    if (v instanceof Tensor) return v;
    if (Array.isArray(v)) {
      if (depth >= kMaxTableDepth) throw new Error(`${what()}: the ${path.slice(0, path.indexOf('['))} nests tables more than ${kMaxTableDepth} levels deep`);
      const n = v.length;
      if (n > kMaxTableEntries) throw new Error(`${what()}: ${path} is a table of ${n} entries, more than the ${kMaxTableEntries} a table may hold`);
      const out = new Array(n);
      for (let i = 0; i < n; ++i) out[i] = readValue(v[i], what, `${path}[${i}]`, depth + 1);
      return out;
    }
    let hint = '';
    if (typeof v === 'number') hint = '; make tensors with torch.tensor([...])';
    else if (v && v[kKind] === 'Node') hint = '; nodes are for building graphs (m(node)); forward takes tensors';
    else if (v && (v[kKind] === 'Module' || v[kKind] === 'Criterion')) hint = '; did you mean to pass its output?';
    else if (ArrayBuffer.isView(v)) hint = '; wrap it with torch.tensor(data, shape)';
    throw new TypeError(`${what()}: ${path} is ${describe(v)}, expected a Tensor or an array (table) of Tensors${hint}`);
  }

  // The engine handles of a readValue result (runs no user code; a disposed tensor throws).
  function rawValue(v) {
    return v instanceof Tensor ? rawOf(v, 'Tensor') : v.map(rawValue);
  }

  function toRawValue(v, what, path) {
    return rawValue(readValue(v, typeof what === 'function' ? what : () => what, path));
  }

  function wrapValue(raw) {
    if (raw === null || raw === undefined) return null;
    if (Array.isArray(raw)) return raw.map(wrapValue);
    return wrapTensor(raw);
  }

  function disposeValue(v) {
    if (Array.isArray(v)) v.forEach(disposeValue);
    else if (v && typeof v.dispose === 'function') v.dispose();
  }

  // ---------------------------------------------------------------------------------------------
  // Nodes

  class Node {
    constructor(token, raw, module, inputs) {
      if (token !== kRaw) throw new TypeError('nodes are made by calling a module: nn.Identity()(), nn.Linear(3, 5)(x)');
      own(this, raw, 'Node');
      // JS objects this node was made from, so a graph can dispose what it was built from.
      this._module = module;
      this._inputs = inputs;
    }
    get [kKind]() { return 'Node'; }
    get id() { return M.nodeId(rawOf(this, 'Node')); }
    /** How errors name this node: "'h1' (nn.Linear #4)". */
    get label() { return M.nodeLabel(rawOf(this, 'Node')); }
    get name() { return M.nodeName(rawOf(this, 'Node')); }
    get description() { return M.nodeDescription(rawOf(this, 'Node')); }
    get module() {
      rawOf(this, 'Node');
      return this._module;
    }
    split(count) {
      const raw = rawOf(this, 'Node');
      if (!isInteger(count)) throw new TypeError(`node.split(n): n must be an integer, got ${describe(count)}`);
      return M.nodeSplit(raw, count).map((part) => new Node(kRaw, part, null, [this]));
    }
    annotate(annotation) {
      const raw = rawOf(this, 'Node');
      if (annotation === null || typeof annotation !== 'object' || Array.isArray(annotation))
        throw new TypeError(`node.annotate(...) takes an object { name, description }, got ${describe(annotation)}`);
      const { name = '', description = '' } = annotation;
      if (typeof name !== 'string' || typeof description !== 'string')
        throw new TypeError('node.annotate({ name, description }): name and description must be strings');
      M.nodeAnnotate(raw, name, description);
      return this;
    }
    toString() { return this instanceof Node && this[kRaw] ? `Node ${this.label}` : 'Node (disposed)'; }
    get disposed() { return !this[kRaw]; }
    dispose() { release(ofKind(this, 'Node')); }
    [disposeSymbol]() { release(ofKind(this, 'Node')); }
    [inspectSymbol]() { return this.toString(); }
  }

  function nodeArg(n, owner, where) {
    if (n instanceof Node) return rawOf(n, 'Node');
    if (n && (n[kKind] === 'Module' || n[kKind] === 'Criterion')) {
      // An output is computed from other nodes; only an input is made with no arguments.
      const example = /^as output/.test(where)
        ? `make it an output node by calling it on the node it reads, e.g. ${shortName(n)}()(h) where h is the node before it, and pass that node`
        : `Calling a module makes a node, e.g. ${shortName(n)}()() for a graph input`;
      throw new TypeError(`${owner} was called with the module ${safeString(n)} ${where}, not a node: did you forget ()? ${example.charAt(0).toUpperCase()}${example.slice(1)}`);
    }
    if (n instanceof Tensor)
      throw new TypeError(`${owner} was called with a Tensor ${where}: calling a module builds a graph from nodes; to compute, use forward(tensor)`);
    throw new TypeError(`${owner} expects a node or an array of nodes, got ${describe(n)} ${where}`);
  }

  // A plain copy of an array of nodes (holes become undefined, getters run once).
  function readNodeList(list, owner) {
    if (list.length > kMaxTableEntries) throw new Error(`${owner}: an array of ${list.length} nodes is more than a graph may hold`);
    return Array.from(list);
  }

  function shortName(m) {
    try {
      return m.typeName;
    } catch {
      return 'nn.Identity';
    }
  }

  // m(), m(node), m([a, b])
  function callAsNode(obj, args, rawModule) {
    const owner = safeString(obj);
    if (args.length === 0) return new Node(kRaw, M.nodeInput(rawModule()), obj, []);
    if (args.length > 1)
      throw new TypeError(`${owner} was called with ${args.length} arguments; to read several nodes pass one array, m([a, b])`);
    const arg = args[0];
    if (Array.isArray(arg)) {
      const list = readNodeList(arg, owner);  // holes and getters read once, before any engine work
      if (list.length === 0)
        throw new Error(`${owner} was called with an empty array of nodes; call it with no arguments, m(), to make a graph input`);
      list.forEach((n, i) => nodeArg(n, owner, `at position ${i + 1} of the array`));
      const raws = list.map((n) => rawOf(n, 'Node'));
      return new Node(kRaw, M.nodeMake(rawModule(), raws, true), obj, list);
    }
    const raw = nodeArg(arg, owner, 'as its argument');
    return new Node(kRaw, M.nodeMake(rawModule(), [raw], false), obj, [arg]);
  }

  // ---------------------------------------------------------------------------------------------
  // Modules: function objects (callable to make nodes) with these methods

  function Module() {
    throw new TypeError('modules are made by their factories, e.g. nn.Linear(3, 5)');
  }
  Module.prototype = Object.create(Function.prototype);
  const moduleMethods = {
    forward(input) {
      rawOf(this, 'Module');
      const x = readValue(input, () => `${safeString(this)}.forward(input)`, 'input');
      const raw = rawOf(this, 'Module');  // again: reading the input may have disposed it
      if (fast) {
        const n = putValue(x, 0);
        if (n !== NOT_FAST)
          return takeResult(this, kOutput, M._nng_fast_forward(this[kPtr], n, putResults(this[kOutput])), () => M.moduleOutput(raw));
      }
      return resultValue(adoptResult(this, kOutput, M.moduleForward(raw, rawValue(x))));
    },
    backward(input, gradOutput, scale = 1) {
      rawOf(this, 'Module');
      checkScale(scale, 'backward');
      const what = () => `${safeString(this)}.backward(input, gradOutput)`;
      const x = readValue(input, what, 'input'), g = readValue(gradOutput, what, 'gradOutput');
      const raw = rawOf(this, 'Module');
      if (fast) {
        const n = putValue(x, 0), k = n === NOT_FAST ? NOT_FAST : putValue(g, 1);
        if (k !== NOT_FAST)
          return takeResult(this, kGradInput, M._nng_fast_backward(this[kPtr], n, k, scale, putResults(this[kGradInput])), () => M.moduleGradInput(raw));
      }
      return resultValue(adoptResult(this, kGradInput, M.moduleBackward(raw, rawValue(x), rawValue(g), scale)));
    },
    updateOutput(input) {
      rawOf(this, 'Module');
      const x = readValue(input, () => `${safeString(this)}.updateOutput(input)`, 'input');
      return resultValue(adoptResult(this, kOutput, M.moduleUpdateOutput(rawOf(this, 'Module'), rawValue(x))));
    },
    updateGradInput(input, gradOutput) {
      rawOf(this, 'Module');
      const what = () => `${safeString(this)}.updateGradInput(input, gradOutput)`;
      const x = readValue(input, what, 'input'), g = readValue(gradOutput, what, 'gradOutput');
      return resultValue(adoptResult(this, kGradInput, M.moduleUpdateGradInput(rawOf(this, 'Module'), rawValue(x), rawValue(g))));
    },
    accGradParameters(input, gradOutput, scale = 1) {
      rawOf(this, 'Module');
      checkScale(scale, 'accGradParameters');
      const what = () => `${safeString(this)}.accGradParameters(input, gradOutput)`;
      const x = readValue(input, what, 'input'), g = readValue(gradOutput, what, 'gradOutput');
      M.moduleAccGradParameters(rawOf(this, 'Module'), rawValue(x), rawValue(g), scale);
    },
    parameters() {
      const list = M.moduleParameterList(rawOf(this, 'Module'));
      return [list.map((p) => wrapTensor(p.value)), list.map((p) => wrapTensor(p.grad))];
    },
    /** Torch's getParameters(): [flatParams, flatGradParams], the module's tensors become views
     *  into them (shared clones keep sharing). Call it once, before cloning for shared weights. */
    getParameters() {
      const [params, grads] = M.moduleGetParameters(rawOf(this, 'Module'));
      return [wrapTensor(params), wrapTensor(grads)];
    },
    zeroGradParameters() {
      const raw = rawOf(this, 'Module');
      if (fast) {
        if (M._nng_fast_zero_grad(this[kPtr]) === FAILED) throw fastFailure();
      } else M.moduleZeroGradParameters(raw);
      return this;
    },
    updateParameters(learningRate) {
      const raw = rawOf(this, 'Module');
      finiteNumber(learningRate, () => `${safeString(this)}.updateParameters(learningRate): learningRate`);
      if (fast) {
        if (M._nng_fast_update_parameters(this[kPtr], learningRate) === FAILED) throw fastFailure();
      } else M.moduleUpdateParameters(raw, learningRate);
      return this;
    },
    training() {
      M.moduleTraining(rawOf(this, 'Module'));
      return this;
    },
    evaluate() {
      M.moduleEvaluate(rawOf(this, 'Module'));
      return this;
    },
    clone(...names) {
      const raw = rawOf(this, 'Module');
      names.forEach((n) => {
        if (typeof n !== 'string') throw new TypeError(`clone(...names): names are strings like 'weight', got ${describe(n)}`);
      });
      return wrapModule(M.moduleClone(raw, names));
    },
    share(other, ...names) {
      const raw = rawOf(this, 'Module');
      if (!other || other[kKind] !== 'Module') throw new TypeError(`share(other, ...names): other must be a module, got ${describe(other)}`);
      M.moduleShare(raw, rawOf(other, 'Module'), names);
      return this;
    },
    arguments() {
      return wrapArgs(M.moduleArguments(rawOf(this, 'Module')));
    },
    /** The module (gModule or not) as a saved-graph JSON document; nn.load(text) rebuilds it. */
    save() {
      return M.moduleSave(rawOf(this, 'Module'));
    },
    toString() { return this?.[kKind] === 'Module' && this[kRaw] ? M.moduleToString(this[kRaw]) : 'Module (disposed)'; },
    dispose() {
      if (!release(ofKind(this, 'Module'))) return;
      releaseResults(this);
      // what this object was built from in JS (children added, nodes of a graph)
      for (const owned of this._owned ?? []) owned.dispose();
      this._owned = null;
    },
    [disposeSymbol]() { this.dispose(); },
    [inspectSymbol]() { return this.toString(); },
  };
  for (const [key, value] of Object.entries(moduleMethods)) Object.defineProperty(Module.prototype, key, { value, writable: true, configurable: true });
  for (const sym of [disposeSymbol, inspectSymbol]) Object.defineProperty(Module.prototype, sym, { value: moduleMethods[sym], configurable: true });
  const moduleGetters = {
    [kKind]() { return 'Module'; },
    output() { return resultValue(adoptResult(this, kOutput, M.moduleOutput(rawOf(this, 'Module')))); },
    gradInput() { return resultValue(adoptResult(this, kGradInput, M.moduleGradInput(rawOf(this, 'Module')))); },
    typeName() { return M.moduleTypeName(rawOf(this, 'Module')); },
    description() { return M.moduleDescription(rawOf(this, 'Module')); },
    train() { return M.moduleIsTraining(rawOf(this, 'Module')); },
    disposed() { return !this[kRaw]; },
    modules() { return M.moduleChildren(rawOf(this, 'Module')).map(wrapModule); },
  };
  for (const key of Reflect.ownKeys(moduleGetters)) Object.defineProperty(Module.prototype, key, { get: moduleGetters[key], configurable: true });

  function checkScale(scale, what) {
    finiteNumber(scale, () => `${what}(input, gradOutput, scale): scale`);
  }

  // One rule for learning rates and gradient scales (modules and optim alike): a finite number.
  // NaN or Infinity would silently fill every parameter with NaN.
  function finiteNumber(v, what) {
    if (typeof v !== 'number') throw new TypeError(`${what()} must be a number, got ${describe(v)}`);
    if (!Number.isFinite(v)) throw new RangeError(`${what()} must be a finite number, got ${v}`);
  }

  const ContainerProto = Object.create(Module.prototype, {
    add: {
      value(module) {
        const raw = rawOf(this, 'Module');
        if (!module || module[kKind] !== 'Module') {
          const hint = module instanceof Node ? ' (containers take modules; nodes are for nn.gModule)' : '';
          throw new TypeError(`${safeString(this)}.add(module): expected a module, got ${describe(module)}${hint}`);
        }
        M.containerAdd(raw, rawOf(module, 'Module'));
        (this._owned ??= []).push(module);
        return this;
      },
      writable: true, configurable: true,
    },
    get: {
      value(index) {
        const raw = rawOf(this, 'Module');
        if (!isInteger(index)) throw new TypeError(`get(index): index must be an integer (1-based), got ${describe(index)}`);
        return wrapModule(M.containerGet(raw, index));
      },
      writable: true, configurable: true,
    },
    size: {
      value() { return M.containerSize(rawOf(this, 'Module')); },
      writable: true, configurable: true,
    },
  });

  const GraphProto = Object.create(Module.prototype, {
    toDot: {
      value(options = {}) {
        const raw = rawOf(this, 'Module');
        const backward = typeof options === 'boolean' ? options : !!(options && options.backward);
        return M.graphToDot(raw, backward);
      },
      writable: true, configurable: true,
    },
    inspect: {
      value() { return M.graphInspect(rawOf(this, 'Module')); },
      writable: true, configurable: true,
    },
  });

  function wrapModule(raw, owned = null) {
    const m = function (...args) {
      return callAsNode(m, args, () => rawOf(m, 'Module'));
    };
    const proto = M.isGraph(raw) ? GraphProto : M.isContainer(raw) ? ContainerProto : Module.prototype;
    Object.setPrototypeOf(m, proto);
    own(m, raw, 'Module');
    if (owned) m._owned = owned;
    // lin.weight, lin.gradWeight, ... for a module's own parameters (not a container's children's)
    if (proto === Module.prototype) {
      for (const p of M.moduleParameterList(raw)) {
        const name = p.name, gradName = p.gradName;
        p.value.delete();
        p.grad.delete();
        for (const [key, pick] of [[name, 'value'], [gradName, 'grad']]) {
          if (key in m) continue;
          Object.defineProperty(m, key, {
            get() {
              const list = M.moduleParameterList(rawOf(m, 'Module'));
              let found = null;
              for (const q of list) {
                for (const which of ['value', 'grad']) {
                  if (!found && q.name === name && which === pick) found = q[which];
                  else q[which].delete();
                }
              }
              return wrapTensor(found);
            },
            configurable: true,
          });
        }
      }
    }
    return m;
  }

  function wrapArgs(list) {
    return list.map((a) => (Array.isArray(a) || a === null || typeof a !== 'object' ? a : wrapTensor(a)));
  }

  function factoryArgs(name, args) {
    const modules = [];
    const raws = [];
    args.forEach((a, i) => {
      if (a === undefined || a === null || typeof a === 'number' || typeof a === 'boolean' || typeof a === 'string') raws.push(a);
      else if (a instanceof Tensor) raws.push(rawOf(a, 'Tensor'));
      else if (Array.isArray(a)) {
        if (a.length > kMaxTableEntries) throw new TypeError(`nn.${name}: argument ${i + 1} is an array of ${a.length} entries; array arguments hold a few numbers (sizes)`);
        const numbers = Array.from(a);  // holes read as undefined and are refused
        numbers.forEach((x, j) => {
          if (typeof x !== 'number') throw new TypeError(`nn.${name}: argument ${i + 1} is an array whose entry ${j + 1} is ${describe(x)}; array arguments hold numbers (sizes)`);
        });
        raws.push(numbers);
      } else if (a && a[kKind] === 'Module' && raws.length === 0) modules.push(a);  // nn.MapTable(m): Torch's module-taking constructors
      else if (a instanceof Node) throw new TypeError(`nn.${name}: argument ${i + 1} is a node; build the module first, then call it on nodes: nn.${name}(...)(node)`);
      else throw new TypeError(`nn.${name}: argument ${i + 1} is ${describe(a)}; constructor arguments are numbers, booleans, arrays of numbers or Tensors`);
    });
    return { raws, modules };
  }

  function moduleFactory(name) {
    const factory = (...args) => {
      const { raws, modules } = factoryArgs(name, args);
      let m;
      try {
        m = wrapModule(M.createModule(name, raws));
      } catch (error) {
        modules.forEach((child) => child.dispose());
        throw error;
      }
      if (!modules.length) return m;
      try {
        if (!(Object.getPrototypeOf(m) === ContainerProto)) throw new TypeError(`nn.${name} does not take a module argument`);
        for (const child of modules) m.add(child);
      } catch (error) {
        // Modules given to a factory belong to what it makes, and a failed construction leaves
        // nothing alive: nn.MapTable(nn.Tanh(), nn.Sigmoid()) leaks neither module.
        m.dispose();
        modules.forEach((child) => child.dispose());
        throw error;
      }
      return m;
    };
    Object.defineProperty(factory, 'name', { value: name });
    return factory;
  }

  function gModule(inputs, outputs) {
    const check = (list, what) => {
      if (!Array.isArray(list)) {
        const hint = list instanceof Node ? ` (wrap it: nn.gModule([${what === 'inputs' ? 'x' : 'x'}], [y]))` : '';
        throw new TypeError(`nn.gModule(inputs, outputs): ${what} must be an array of nodes, got ${describe(list)}${hint}`);
      }
      return readNodeList(list, 'nn.gModule');
    };
    inputs = check(inputs, 'inputs');
    outputs = check(outputs, 'outputs');
    inputs.forEach((n, i) => nodeArg(n, 'nn.gModule', `as input ${i + 1}`));
    outputs.forEach((n, i) => nodeArg(n, 'nn.gModule', `as output ${i + 1}`));
    const raw = M.makeGraph(inputs.map((n) => rawOf(n, 'Node')), outputs.map((n) => rawOf(n, 'Node')));
    // The graph keeps what it was built from: disposing it disposes these JS objects too.
    // A loop, not recursion: a chain of thousands of nodes would overflow the stack (a worker's
    // is smaller than Node's).
    const owned = new Set();
    const pending = [...outputs, ...inputs];
    while (pending.length) {
      const node = pending.pop();
      if (!node || owned.has(node)) continue;
      owned.add(node);
      if (node._module) owned.add(node._module);
      pending.push(...node._inputs);
    }
    return wrapModule(raw, [...owned]);
  }

  // ---------------------------------------------------------------------------------------------
  // Criterions: callable too (crit([prediction, target]) makes a ModuleFromCriterion node)

  function Criterion() {
    throw new TypeError('criterions are made by their factories, e.g. nn.MSECriterion()');
  }
  Criterion.prototype = Object.create(Function.prototype);
  const criterionMethods = {
    forward(input, target) {
      rawOf(this, 'Criterion');
      const what = () => `${this}.forward(input, target)`;
      const x = readValue(input, what, 'input'), t = readValue(target, what, 'target');
      const raw = rawOf(this, 'Criterion');
      if (fast) {
        const n = putValue(x, 0), k = n === NOT_FAST ? NOT_FAST : putValue(t, 1);
        if (k !== NOT_FAST) {
          const loss = M._nng_fast_criterion_forward(this[kPtr], n, k);
          if (M._nng_fast_failed()) throw fastFailure();
          return loss;
        }
      }
      return M.criterionForward(raw, rawValue(x), rawValue(t));
    },
    backward(input, target) {
      rawOf(this, 'Criterion');
      const what = () => `${this}.backward(input, target)`;
      const x = readValue(input, what, 'input'), t = readValue(target, what, 'target');
      const raw = rawOf(this, 'Criterion');
      if (fast) {
        const n = putValue(x, 0), k = n === NOT_FAST ? NOT_FAST : putValue(t, 1);
        if (k !== NOT_FAST)
          return takeResult(this, kGradInput, M._nng_fast_criterion_backward(this[kPtr], n, k, putResults(this[kGradInput])), () => M.criterionGradInput(raw));
      }
      return resultValue(adoptResult(this, kGradInput, M.criterionBackward(raw, rawValue(x), rawValue(t))));
    },
    clone() { return wrapCriterion(M.criterionClone(rawOf(this, 'Criterion'))); },
    toString() { return this?.[kKind] === 'Criterion' && this[kRaw] ? M.criterionToString(this[kRaw]) : 'Criterion (disposed)'; },
    dispose() { if (release(ofKind(this, 'Criterion'))) releaseResults(this); },
  };
  criterionMethods.updateOutput = criterionMethods.forward;
  criterionMethods.updateGradInput = criterionMethods.backward;
  for (const [key, value] of Object.entries(criterionMethods)) Object.defineProperty(Criterion.prototype, key, { value, writable: true, configurable: true });
  Object.defineProperty(Criterion.prototype, disposeSymbol, { value() { this.dispose(); }, configurable: true });
  Object.defineProperty(Criterion.prototype, inspectSymbol, { value() { return this.toString(); }, configurable: true });
  const criterionGetters = {
    [kKind]() { return 'Criterion'; },
    output() { return M.criterionOutput(rawOf(this, 'Criterion')); },
    gradInput() { return resultValue(adoptResult(this, kGradInput, M.criterionGradInput(rawOf(this, 'Criterion')))); },
    typeName() { return M.criterionTypeName(rawOf(this, 'Criterion')); },
    description() { return M.criterionDescription(rawOf(this, 'Criterion')); },
    disposed() { return !this[kRaw]; },
  };
  for (const key of Reflect.ownKeys(criterionGetters)) Object.defineProperty(Criterion.prototype, key, { get: criterionGetters[key], configurable: true });
  Object.defineProperty(Criterion.prototype, 'sizeAverage', {
    get() { return M.criterionGetSizeAverage(rawOf(this, 'Criterion')); },
    set(v) {
      if (typeof v !== 'boolean') throw new TypeError(`sizeAverage must be a boolean, got ${describe(v)}`);
      M.criterionSetSizeAverage(rawOf(this, 'Criterion'), v);
    },
    configurable: true,
  });

  function wrapCriterion(raw) {
    const c = function (...args) {
      // The node's module is a fresh nn.ModuleFromCriterion around this criterion.
      const wrapper = wrapModule(M.moduleFromCriterion(rawOf(c, 'Criterion')));
      try {
        return callAsNode(c, args, () => rawOf(wrapper, 'Module'));
      } finally {
        wrapper.dispose();  // the node holds the engine module; the JS wrapper is not needed
      }
    };
    Object.setPrototypeOf(c, Criterion.prototype);
    own(c, raw, 'Criterion');
    return c;
  }

  function criterionFactory(name) {
    const factory = (...args) => {
      const { raws, modules } = factoryArgs(name, args);
      if (modules.length) throw new TypeError(`nn.${name} does not take a module argument`);
      return wrapCriterion(M.createCriterion(name, raws));
    };
    Object.defineProperty(factory, 'name', { value: name });
    return factory;
  }

  // ---------------------------------------------------------------------------------------------
  // nn, info, memory

  const moduleNames = M.moduleNames();
  const criterionNames = M.criterionNames();
  const nn = {};
  for (const name of moduleNames) nn[name] = moduleFactory(name);
  for (const name of criterionNames) nn[name] = criterionFactory(name);
  nn.gModule = gModule;
  nn.load = (text) => {
    if (typeof text !== 'string') throw new TypeError(`nn.load(text): text must be the string module.save() returned, got ${describe(text)}`);
    return wrapModule(M.moduleLoad(text));
  };
  nn.checkGradients = (target, input, criterionTarget) => {
    if (target && target[kKind] === 'Criterion')
      return M.checkCriterionGradients(rawOf(target, 'Criterion'), toRawValue(input, 'nn.checkGradients(criterion, input, target)', 'input'),
        toRawValue(criterionTarget, 'nn.checkGradients(criterion, input, target)', 'target'));
    if (!target || target[kKind] !== 'Module')
      throw new TypeError(`nn.checkGradients(module, input): expected a module, graph or criterion, got ${describe(target)}`);
    return M.checkModuleGradients(rawOf(target, 'Module'), toRawValue(input, 'nn.checkGradients(module, input)', 'input'));
  };
  nn.isModule = (x) => !!x && x[kKind] === 'Module';
  nn.isCriterion = (x) => !!x && x[kKind] === 'Criterion';
  nn.isNode = (x) => x instanceof Node;

  const info = Object.freeze({
    version: M.version(),
    simd: M.simd(),
    modules: Object.freeze(moduleNames.slice()),
    criterions: Object.freeze(criterionNames.slice()),
  });

  // Parts of the API kept in files of their own (bindings/extensions.mjs): each gets what it needs
  // of this closure and adds its methods and functions before torch and nn are frozen.
  const parts = {
    M, torch, nn, Tensor, Node, Module, ContainerProto, GraphProto, Criterion,
    own, release, rawOf, describe, isInteger, safeString, kKind, kRaw, disposeSymbol, inspectSymbol,
    wrapTensor, wrapModule, wrapCriterion, wrapValue, toRawValue, disposeValue, sizesArg,
    moduleFactory, criterionFactory,
  };
  for (const extend of extensions) extend(parts);

  // optim.sgd / optim.adam (bindings/optim.mjs): Torch's functional form and an object form.
  const optim = Object.freeze(makeOptim({ M, Tensor, own, release, rawOf, describe, kKind, kRaw, disposeSymbol }));

  function memory() {
    return {
      tensors: live.Tensor,
      modules: live.Module,
      criterions: live.Criterion,
      nodes: live.Node,
      heapBytes: M.heapUsedBytes(),
      heapSize: M.HEAP8 ? M.HEAP8.buffer.byteLength : 0,
    };
  }

  function dispose(...things) {
    things.forEach(disposeValue);
  }

  // Disposes every Tensor made while fn runs, except those it returns (like tf.tidy).
  function tidy(fn) {
    if (typeof fn !== 'function') throw new TypeError(`tidy(fn): fn must be a function, got ${describe(fn)}`);
    const scope = [];
    tidyScopes.push(scope);
    let result;
    try {
      result = fn();
    } finally {
      tidyScopes.pop();
      const keep = new Set();
      const collect = (v) => {
        if (v instanceof Tensor) keep.add(v);
        else if (Array.isArray(v)) v.forEach(collect);
      };
      collect(result);
      for (const t of scope) if (!keep.has(t)) t.dispose();
      if (tidyScopes.length) for (const t of keep) tidyScopes[tidyScopes.length - 1].push(t);
    }
    return result;
  }

  return Object.freeze({ torch: Object.freeze(torch), nn: (parts.freezeNn ?? Object.freeze)(nn), optim, info, memory, dispose, tidy });
}
