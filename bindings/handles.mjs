// Handles and memory: every JS object of the API (Tensor, Module, Criterion, Node, Optimizer)
// owns exactly one engine handle, kept under a symbol key. This file holds the bookkeeping:
// owning and releasing handles (dispose, a FinalizationRegistry fallback, tidy scopes, the
// counts memory() reports), the checks that a `this` or an argument is a live object of the
// expected kind, and how such objects are described in error sentences.

export const kRaw = Symbol('nngraph.raw');
export const kKind = Symbol('nngraph.kind');
export const kAddress = Symbol('nngraph.address');  // the engine object's address (bindings/values.mjs)
export const disposeSymbol = Symbol.dispose ?? Symbol.for('Symbol.dispose');
export const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

// How deep and how long a table (JS array) given to the engine may be: deeper nesting has no
// use and would exhaust the engine's stack; a longer array (a = []; a.length = 1e9) would hang.
export const kMaxTableDepth = 200;
export const kMaxTableEntries = 1 << 20;

export function describe(v) {
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

export function safeString(v) {
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
export function isInteger(n) {
  return typeof n === 'number' && Number.isInteger(n) && n >= -2147483648 && n <= 2147483647;
}

export function ofKind(obj, kind) {
  if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function') || obj[kKind] !== kind)
    throw new TypeError(`expected a ${kind} here (as \`this\` or argument), got ${describe(obj)}`);
  return obj;
}

// The engine handle of obj, which must be a live object of this kind: a method called with
// another `this` (nn.Tanh().forward.call(tensor, ...)) or a disposed object never reaches the
// engine, whose pointers would then be of the wrong type.
export function rawOf(obj, kind) {
  const raw = ofKind(obj, kind)[kRaw];
  if (!raw) throw new Error(`this ${kind} was disposed`);
  return raw;
}

// Handle bookkeeping over one loaded engine.
export function makeHandles(M) {
  // Live JS-owned handles, by kind; each wrapper owns exactly one engine handle.
  const live = { Tensor: 0, Module: 0, Criterion: 0, Node: 0, Optimizer: 0, Storage: 0 };
  const finalizer = new FinalizationRegistry(({ raw, kind }) => {
    if (!raw.isDeleted()) raw.delete();
    live[kind]--;
  });
  const tidyScopes = [];
  let untracked = false;  // set while wrapping a module's result handles (not tidy's to dispose)

  function own(wrapper, raw, kind) {
    wrapper[kRaw] = raw;  // a symbol key: invisible to Object.keys and JSON
    live[kind]++;
    finalizer.register(wrapper, { raw, kind }, wrapper);
    if (kind === 'Tensor' && tidyScopes.length && !untracked) tidyScopes[tidyScopes.length - 1].push(wrapper);
    return wrapper;
  }

  function release(wrapper) {
    const raw = wrapper[kRaw];
    if (!raw) return false;
    wrapper[kRaw] = null;
    wrapper[kAddress] = undefined;
    finalizer.unregister(wrapper);
    raw.delete();
    live[wrapper[kKind]]--;
    return true;
  }

  // Points a wrapper at a new engine handle of the same kind (the old one is freed).
  function rebind(wrapper, raw) {
    const old = wrapper[kRaw];
    if (old === raw) return;
    wrapper[kRaw] = raw;
    wrapper[kAddress] = undefined;
    finalizer.unregister(wrapper);
    finalizer.register(wrapper, { raw, kind: wrapper[kKind] }, wrapper);
    old.delete();
  }

  // Runs make() with the tensors it wraps left out of tidy scopes (a module's result tensors
  // belong to the module).
  function withoutTidy(make) {
    untracked = true;
    try {
      return make();
    } finally {
      untracked = false;
    }
  }

  // Disposes every Tensor made while fn runs, except those it returns (like tf.tidy).
  function tidy(fn, Tensor) {
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

  function memory() {
    return {
      tensors: live.Tensor,
      modules: live.Module,
      criterions: live.Criterion,
      nodes: live.Node,
      storages: live.Storage,
      heapBytes: M.heapUsedBytes(),
      heapSize: M.HEAP8 ? M.HEAP8.buffer.byteLength : 0,
    };
  }

  return { own, release, rebind, withoutTidy, tidy, memory };
}
