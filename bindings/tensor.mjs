// Tensor: the Tensor class over the engine's tensor handles, and torch's functions that make
// tensors (torch.tensor, zeros, ones, rand, randn, manualSeed). Torch's other tensor methods are
// added by bindings/tensor_methods.mjs.
import { kRaw, kKind, kMaxTableDepth, kMaxTableEntries, disposeSymbol, inspectSymbol, describe, isInteger, rawOf, ofKind } from './handles.mjs';

export function installTensor(parts) {
  const { M, own, release } = parts;

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
      let flat;
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

  Object.assign(parts, { Tensor, torch, wrapTensor, sizesArg });
}
