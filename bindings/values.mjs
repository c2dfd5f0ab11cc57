// Values and marshalling: what forward, backward and the criterion calls take (a Tensor or
// nested arrays of Tensors, Torch's tables) and give back, and the one way they cross into the
// engine. An argument is read once into plain arrays (readValue), written as words into the
// engine's call buffer (tensor addresses and table headers, bindings/embind_call.cpp), and the
// call is one wasm export, nng_call. Results come back in handles the module keeps between calls,
// so a forward returns the same Tensor objects each time (Torch's m.output) instead of new ones.
import { kRaw, kKind, kAddress, kMaxTableDepth, kMaxTableEntries, describe, rawOf } from './handles.mjs';

// The engine's operations (embind_call.cpp's Op) and their statuses.
export const Op = Object.freeze({
  forward: 0, backward: 1, updateOutput: 2, updateGradInput: 3, accGradParameters: 4,
  zeroGradParameters: 5, updateParameters: 6, criterionForward: 7, criterionBackward: 8,
});
const RESULT_CHANGED = 1, FAILED = -1;  // and 0: done, the results are in the owner's handles
const NO_RESULTS = 0xffffffff;
const FULL = Symbol('call buffer full');

export const kOutput = Symbol('nngraph.output');      // a module's cached result handles
export const kGradInput = Symbol('nngraph.gradInput');
// where each op's result goes (none for accGradParameters, zeroGradParameters, updateParameters
// and a criterion's forward, whose loss is a number)
const resultKeys = [kOutput, kGradInput, kOutput, kGradInput, null, null, null, null, kGradInput];

export function installValues(parts) {
  const { M, Tensor, wrapTensor, release, rebind, withoutTidy } = parts;

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

  // The Embind handles of a value, for the parts of the API that hand values to Embind functions
  // of their own (the `parts` object's toRawValue).
  function toRawValue(v, what, path) {
    const rawValue = (x) => (x instanceof Tensor ? rawOf(x, 'Tensor') : x.map(rawValue));
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

  // -------------------------------------------------------------------------------------------
  // The call buffer: words at `base` (a word index into HEAPU32), `capacity` of them

  let base = M._nng_call_words(0) >>> 2;
  let capacity = M._nng_call_capacity();
  const numberAt = M._nng_call_number() >>> 3;
  let heap = null, at = 0, end = 0;

  function word(w) {
    if (at === end) throw FULL;
    heap[at++] = w;
  }

  function tensorAddress(t) {
    const raw = t[kRaw];
    if (!raw) rawOf(t, 'Tensor');  // throws: this Tensor was disposed
    return t[kAddress] ?? (t[kAddress] = M.tensorAddress(raw));
  }

  function putValue(v) {
    if (v instanceof Tensor) return word(tensorAddress(v));
    word(((v.length << 1) | 1) >>> 0);
    for (let i = 0; i < v.length; ++i) putValue(v[i]);
  }

  // The module's result handles in the structure they hold, for the engine to assign into.
  function putResults(cache) {
    if (!cache || !cache.tensors.every((t) => t[kRaw])) return word(NO_RESULTS);  // none yet, or one was disposed
    const put = (layout) => {
      if (layout === null) return word(0);
      if (typeof layout === 'number') return word(tensorAddress(cache.tensors[layout]));
      word(((layout.length << 1) | 1) >>> 0);
      layout.forEach(put);
    };
    put(cache.layout);
  }

  // Writes a call's arguments (readValue results; b may be undefined) and, when resultKey is
  // given, the owner's result handles.
  function putArgs(a, b, owner, resultKey) {
    for (;;) {
      heap = M.HEAPU32;  // re-read: memory growth replaces the view
      at = base;
      end = base + capacity;
      try {
        if (a !== undefined) putValue(a);
        if (b !== undefined) putValue(b);
        if (resultKey) putResults(owner[resultKey]);
        return;
      } catch (error) {
        if (error !== FULL) throw error;
        base = M._nng_call_words(capacity * 2) >>> 2;
        capacity = M._nng_call_capacity();
      }
    }
  }

  function addressOf(owner) {
    return owner[kAddress] ?? (owner[kAddress] = owner[kKind] === 'Module' ? M.moduleAddress(owner[kRaw]) : M.criterionAddress(owner[kRaw]));
  }

  // Every forward, backward, updateOutput, updateGradInput, accGradParameters,
  // zeroGradParameters, updateParameters and criterion call goes through here. The caller has
  // read its arguments (readValue) and checked that owner is live after that.
  function call(owner, op, scalar, a, b) {
    const resultKey = resultKeys[op];
    putArgs(a, b, owner, resultKey);
    const status = M._nng_call(op, addressOf(owner), scalar);
    if (status === FAILED) M.rethrowCallError();
    if (op === Op.criterionForward) return M.HEAPF64[numberAt];
    if (!resultKey) return undefined;
    if (status === RESULT_CHANGED) adoptResult(owner, resultKey, readResult(owner, resultKey));
    return resultValue(owner[resultKey]);
  }

  function readResult(owner, key) {
    const raw = owner[kRaw];
    if (owner[kKind] === 'Criterion') return M.criterionGradInput(raw);
    return key === kOutput ? M.moduleOutput(raw) : M.moduleGradInput(raw);
  }

  // -------------------------------------------------------------------------------------------
  // Result handles

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
    return (owner[key] = { layout, tensors: withoutTidy(() => raws.map(wrapTensor)) });
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
    return build(cache.layout);
  }

  // m.output / m.gradInput / crit.gradInput read through Embind into the owner's handles.
  function result(owner, key) {
    return resultValue(adoptResult(owner, key, readResult(owner, key)));
  }

  // A module's output/gradInput tensors belong to the module, as in Torch: disposing the module
  // disposes them too.
  function releaseResults(owner) {
    for (const key of [kOutput, kGradInput]) {
      const cache = owner[key];
      if (!cache) continue;
      cache.tensors.forEach(release);
      owner[key] = undefined;
    }
  }

  Object.assign(parts, { readValue, toRawValue, wrapValue, disposeValue, call, putArgs, result, releaseResults });
}
