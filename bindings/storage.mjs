// Torch's storages in JS (documented in index.d.ts): torch.FloatStorage (alias torch.Storage),
// t.storage(), t.storageOffset(), t.stride() and torch.Tensor(storage, offset, sizes, strides).
// A tensor over a storage shares it: writes through either show in the other, as in Torch.
// A Storage object holds an engine Tensor handle, a 1-D window over an engine storage
// (core/tensor_storage.cpp), so a storage view (torch.FloatStorage(s, offset, size)) is one too.
// torch.LongStorage is Torch's size object: an array of sizes that torch.Tensor(...) reads as
// sizes, as t.size() returns (all tensors here are float32: a LongStorage backs no tensor).
export function installStorage(parts) {
  const { M, torch, Tensor, own, release, rawOf, describe, isInteger, wrapTensor, kKind, kRaw, disposeSymbol, inspectSymbol } = parts;
  // the engine's methods by number (bindings/embind_storage.cpp, enum StorageMethod: the same order)
  const ids = { Whole: 0, Size: 1, ViewOf: 2, Offset: 3, Strides: 4 };
  const call = (handle, name, args = []) => M.storageMethod(handle, ids[name], args);
  const tensorCall = parts.tensorMethod;  // bindings/tensor_methods.mjs
  const raw = (s) => rawOf(s, 'Storage');

  function integer(v, what) {
    if (!isInteger(v)) throw new TypeError(`${what} must be an integer, got ${describe(v)}`);
    return v;
  }
  function index(s, i, what) {
    integer(i, `${what}: index`);
    const n = s.size();
    if (i < 1 || i > n) throw new RangeError(`${what}: index ${i} is out of range for a storage of size ${n} (indices are 1-based)`);
    return i;
  }

  class Storage {
    constructor(token, handle) {
      if (token !== kRaw) throw new TypeError('storages are made by torch.FloatStorage(size | values | storage, offset, size) or t.storage()');
      own(this, handle, 'Storage');
    }
    get [kKind]() { return 'Storage'; }
    get typeName() { return 'torch.FloatStorage'; }
    /** Number of elements (Torch's s:size() and #s). */
    size() { return M.tensorNumel(raw(this)); }
    /** Element i, 1-based (Torch's s[i]). */
    get(i) { return tensorCall(raw(this), 'Get', [[index(this, i, 'FloatStorage.get(i)')]]); }
    /** Sets element i (1-based) to value; returns the storage. */
    set(i, value) {
      index(this, i, 'FloatStorage.set(i, value)');
      if (typeof value !== 'number') throw new TypeError(`FloatStorage.set(i, value): value must be a number, got ${describe(value)}`);
      tensorCall(raw(this), 'Set', [[i], value]);
      return this;
    }
    fill(value) {
      if (typeof value !== 'number') throw new TypeError(`FloatStorage.fill(value): value must be a number, got ${describe(value)}`);
      M.tensorFill(raw(this), value);
      return this;
    }
    /** Copies another storage (or a tensor) of the same number of elements into this one. */
    copy(source) {
      const handle = source instanceof Storage ? raw(source) : source instanceof Tensor ? rawOf(source, 'Tensor') : null;
      if (!handle) throw new TypeError(`FloatStorage.copy(source): source must be a FloatStorage or a Tensor, got ${describe(source)}`);
      const n = this.size(), m = M.tensorNumel(handle);
      if (n !== m) throw new Error(`FloatStorage.copy(source): the storage has ${n} elements and the source ${m}; they must match`);
      M.tensorCopy(raw(this), handle);
      return this;
    }
    toFloat32Array() { return M.tensorData(raw(this)); }
    toArray() { return Array.from(M.tensorData(raw(this))); }
    /** Torch's printing: one value a line, then "[torch.FloatStorage of size n]". */
    toString() {
      const n = this.size();
      if (n === 0) return '[torch.FloatStorage of size 0]\n';
      return M.tensorToString(raw(this)).replace(/\[torch\.FloatTensor of size (\d+)\]/, '[torch.FloatStorage of size $1]');
    }
    get disposed() { return !this[kRaw]; }
    dispose() { release(this); }
    [disposeSymbol]() { release(this); }
    [inspectSymbol]() { return this[kRaw] ? this.toString() : 'FloatStorage (disposed)'; }
  }
  const wrapStorage = (handle) => new Storage(kRaw, handle);

  // torch.FloatStorage(size) | (values: number[] | Float32Array) | (storage, offset = 1, size = rest)
  function FloatStorage(...args) {
    const sig = 'torch.FloatStorage(size | values | storage, offset, size)';
    const [a, ...rest] = args;
    if (a instanceof Storage) {
      const n = a.size();
      const offset = rest[0] === undefined ? 1 : integer(rest[0], `${sig}: offset`);
      const size = rest[1] === undefined ? n - (offset - 1) : integer(rest[1], `${sig}: size`);
      if (offset < 1 || size < 0 || offset - 1 + size > n)
        throw new RangeError(`${sig}: a view of ${size} elements from offset ${offset} does not fit a storage of size ${n} (offsets are 1-based)`);
      return wrapStorage(tensorCall(raw(a), 'Narrow', [1, offset, size]));
    }
    if (rest.length) throw new TypeError(`${sig}: expected one argument unless the first is a storage, got ${args.length}`);
    if (a === undefined) return wrapStorage(M.tensorZeros([0]));
    if (isInteger(a)) {
      if (a < 0) throw new RangeError(`${sig}: size must be >= 0, got ${a}`);
      return wrapStorage(M.tensorZeros([a]));
    }
    if (Array.isArray(a) || (ArrayBuffer.isView(a) && !(a instanceof DataView))) {
      const values = Array.from(a);
      values.forEach((v, i) => {
        if (typeof v !== 'number') throw new TypeError(`${sig}: values[${i}] is ${describe(v)}; a storage holds numbers`);
      });
      return wrapStorage(M.tensorFromData(values, [values.length]));
    }
    throw new TypeError(`${sig}: expected a size, an array of numbers or a storage, got ${describe(a)}`);
  }
  Object.defineProperty(FloatStorage, Symbol.hasInstance, { value: (x) => x instanceof Storage });

  // torch.LongStorage(size | sizes): Torch's size object (what t.size() returns)
  function LongStorage(a = 0) {
    const values = isInteger(a) && a >= 0 ? new Array(a).fill(0) : Array.isArray(a) ? Array.from(a) : null;
    if (!values) throw new TypeError(`torch.LongStorage(size | values): expected a size or an array of integers, got ${describe(a)}`);
    values.forEach((v, i) => integer(v, `torch.LongStorage(values): values[${i}]`));
    return parts.markSize(values);
  }

  // torch.Tensor(storage, offset = 1, sizes = [storage size], strides = contiguous), or Torch's
  // (storage, offset, size1, stride1, size2, stride2, ...); other forms as before.
  const sig = 'torch.Tensor(storage, offset, sizes, strides)';
  function intArray(v, what) {
    if (!Array.isArray(v)) throw new TypeError(`${sig}: ${what} must be an array of integers, got ${describe(v)}`);
    return Array.from(v).map((x, i) => integer(x, `${sig}: ${what}[${i}]`));
  }
  function overStorage(storage, args) {
    const handle = raw(storage);
    if (args.length === 0) return wrapTensor(call(handle, 'ViewOf', [0, [storage.size()], [1]]));
    const offset = integer(args[0], `${sig}: offset (1-based)`);
    let sizes, strides;
    if (args.length === 1) [sizes, strides] = [[storage.size() - (offset - 1)], []];
    else if (Array.isArray(args[1])) {
      if (args.length > 3) throw new TypeError(`${sig}: expected at most 4 arguments with arrays of sizes and strides, got ${args.length + 1}`);
      sizes = intArray(args[1], 'sizes');
      strides = args[2] === undefined ? [] : intArray(args[2], 'strides');
    } else {
      // Torch's pairs: size, stride, size, stride...; a missing stride is contiguous
      const pairs = args.slice(1).map((x, i) => integer(x, `${sig}: argument ${i + 3}`));
      sizes = pairs.filter((_, i) => i % 2 === 0);
      strides = sizes.map((_, k) => (2 * k + 1 < pairs.length ? pairs[2 * k + 1] : -1));
    }
    sizes.forEach((s, i) => {
      if (s < 0) throw new RangeError(`${sig}: size ${i + 1} must be >= 0, got ${s}`);
    });
    return wrapTensor(call(handle, 'ViewOf', [offset - 1, sizes, strides]));
  }
  const previous = torch.Tensor;
  function TensorFactory(...args) {
    if (args[0] instanceof Storage) return overStorage(args[0], args.slice(1));
    return previous(...args);
  }
  TensorFactory.prototype = Tensor.prototype;
  Object.defineProperty(TensorFactory, Symbol.hasInstance, { value: (x) => x instanceof Tensor });
  Object.defineProperty(TensorFactory, 'name', { value: 'Tensor' });

  const methods = {
    /** The storage this tensor is a view of (shared: writes show in both). */
    storage() { return wrapStorage(call(rawOf(this, 'Tensor'), 'Whole')); },
    /** 1-based position of the first element in the storage. */
    storageOffset() { return call(rawOf(this, 'Tensor'), 'Offset') + 1; },
    stride(dim) {
      const strides = call(rawOf(this, 'Tensor'), 'Strides');
      if (dim === undefined) return parts.markSize(strides);
      integer(dim, 'Tensor.stride(dim): dim');
      const d = dim < 0 ? strides.length + dim + 1 : dim;
      if (d < 1 || d > strides.length) throw new RangeError(`Tensor.stride(dim): dim ${dim} is out of range for a ${strides.length}-D tensor`);
      return strides[d - 1];
    },
  };
  for (const [key, value] of Object.entries(methods))
    Object.defineProperty(Tensor.prototype, key, { value, writable: true, configurable: true });

  Object.assign(torch, {
    Tensor: TensorFactory,
    FloatStorage, Storage: FloatStorage, LongStorage,
    isStorage: (x) => x instanceof Storage,
  });
  parts.Storage = Storage;
}
