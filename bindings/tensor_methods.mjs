// Torch's tensor methods on Tensor (documented in index.d.ts) and torch.eye/mm/cat/range/
// linspace/Tensor, with Torch's names and 1-based dims: in-place methods change the tensor (a view
// writes through to its source) and return it, views share storage. The engine does the work
// (core/tensor_methods.cpp via bindings/embind_tensor.cpp); this file checks what only JS can get
// wrong (types, counts) and names the method and argument.
export function installTensorMethods(parts) {
  const { M, torch, Tensor, rawOf, describe, isInteger, wrapTensor, sizesArg } = parts;
  const raw = (t) => rawOf(t, 'Tensor');
  // the engine's methods by number (bindings/embind_tensor.cpp, enum Method: the same order)
  const methodIds = Object.fromEntries(["Resize", "ResizeAs", "AddScalar", "Div", "Cmul", "Cdiv", "Addmm", "Abs", "Exp", "Log", "Tanh", "Sigmoid", "Sqrt", "Pow", "Uniform", "Normal", "Truncate", "IndexCopy", "Transpose", "Narrow", "Select", "Sub", "View", "Index", "Contiguous", "Alias", "IsContiguous", "SameStorage", "SumAll", "MeanAll", "MaxAll", "MinAll", "SumDim", "MeanDim", "MaxDim", "MinDim", "Get", "Set", "Eye", "Mm", "Cat", "Range", "Linspace"].map((name, i) => [name, i]));
  const call = (handle, name, args) => M.tensorMethod(handle, methodIds[name], args);
  let receiver = null;  // the factories are methods too: any tensor receives them
  const make = (name, args) => call(receiver ??= M.tensorZeros([]), name, args);
  parts.tensorMethod = call;  // for the parts installed after this one (define_module.mjs)

  function number(v, what) {
    if (typeof v !== 'number') throw new TypeError(`${what} must be a number, got ${describe(v)}`);
    return v;
  }
  function integer(v, what) {
    if (!isInteger(v)) throw new TypeError(`${what} must be an integer (1-based, as in Torch), got ${describe(v)}`);
    return v;
  }
  function tensor(v, what) {
    if (!(v instanceof Tensor)) throw new TypeError(`${what} must be a Tensor, got ${describe(v)}`);
    return raw(v);
  }
  function arity(args, min, max, signature) {
    if (args.length < min || args.length > max)
      throw new TypeError(`${signature}: expected ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, got ${args.length}`);
  }
  // (1, 2), ([1, 2]) or a size from t.size()
  function intList(args, what) {
    const list = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
    list.forEach((v, i) => integer(v, `${what}: argument ${i + 1}`));
    return list;
  }

  // t.size() is Torch's size object: an array of sizes, marked so that torch.Tensor(t.size())
  // reads it as sizes rather than as data (torch.zeros/rand take any array of sizes).
  const kSize = Symbol('nngraph.size');
  parts.markSize = (list) => Object.defineProperty(list, kSize, { value: true });  // storage.mjs's LongStorage
  const originalSize = Tensor.prototype.size;
  const originalAdd = Tensor.prototype.add;
  const methods = {
    size(dim) {
      const result = originalSize.call(this, dim);
      if (dim === undefined) Object.defineProperty(result, kSize, { value: true });
      return result;
    },
    nElement() { return this.numel(); },
    add(...args) {
      arity(args, 1, 2, 'Tensor.add(value | other | value, other)');
      if (args.length === 1 && typeof args[0] === 'number') {
        call(raw(this), 'AddScalar', [args[0]]);
        return this;
      }
      return originalAdd.apply(this, args);
    },
    csub(...args) {
      arity(args, 1, 2, 'Tensor.csub(value | other | value, other)');
      if (args.length === 1 && typeof args[0] === 'number') {
        call(raw(this), 'AddScalar', [-args[0]]);
        return this;
      }
      const [value, other] = args.length === 2 ? args : [1, args[0]];
      return originalAdd.call(this, tensorFor(other, 'Tensor.csub(other)'), -number(value, 'Tensor.csub(value, other): value'));
    },
    div(value) {
      call(raw(this), 'Div', [number(value, 'Tensor.div(value): value')]);
      return this;
    },
    cmul(other) {
      call(raw(this), 'Cmul', [tensor(other, 'Tensor.cmul(other): other')]);
      return this;
    },
    cdiv(other) {
      call(raw(this), 'Cdiv', [tensor(other, 'Tensor.cdiv(other): other')]);
      return this;
    },
    addmm(...args) {
      const sig = 'Tensor.addmm([beta,] [m,] [alpha,] a, b)';
      arity(args, 2, 5, sig);
      const a = args[args.length - 2], b = args[args.length - 1];
      let rest = args.slice(0, -2), beta = 1, alpha = 1, m = this;
      if (rest.length && typeof rest[0] === 'number') beta = rest.shift();
      if (rest.length && rest[0] instanceof Tensor) m = rest.shift();
      if (rest.length && typeof rest[0] === 'number') alpha = rest.shift();
      if (rest.length) throw new TypeError(`${sig}: could not read argument ${args.length - 2 - rest.length + 1}, ${describe(rest[0])}`);
      call(raw(this), 'Addmm', [beta, tensor(m, `${sig}: m`), alpha, tensor(a, `${sig}: a`), tensor(b, `${sig}: b`)]);
      return this;
    },
    zero() { return this.fill(0); },
    resize(...sizes) {
      call(raw(this), 'Resize', [sizesArg(sizes, 'Tensor.resize')]);
      return this;
    },
    resizeAs(other) {
      call(raw(this), 'ResizeAs', [tensor(other, 'Tensor.resizeAs(other): other')]);
      return this;
    },
    pow(exponent) {
      call(raw(this), 'Pow', [number(exponent, 'Tensor.pow(exponent): exponent')]);
      return this;
    },
    uniform(a = 0, b = 1) {
      call(raw(this), 'Uniform', [number(a, 'Tensor.uniform(a, b): a'), number(b, 'Tensor.uniform(a, b): b')]);
      return this;
    },
    normal(mean = 0, stdv = 1) {
      call(raw(this), 'Normal', [number(mean, 'Tensor.normal(mean, stdv): mean'), number(stdv, 'Tensor.normal(mean, stdv): stdv')]);
      return this;
    },
    // Storage is always float32: float() is the tensor itself; double() a copy (as Torch's
    // conversion to another type); long() a copy with values truncated toward zero.
    float() { raw(this); return this; },
    double() { return this.clone(); },
    long() {
      const copy = this.clone();
      call(raw(copy), 'Truncate', []);
      return copy;
    },
    // views: share storage with this tensor
    t() {
      if (this.dim() !== 2) throw new Error(`Tensor.t(): t() transposes a 2-D tensor, this one has size ${this.shape.join('x') || 'empty'} (use transpose(dim1, dim2))`);
      return wrapTensor(call(raw(this), 'Transpose', [1, 2]));
    },
    transpose(dim1, dim2) {
      return wrapTensor(call(raw(this), 'Transpose', [integer(dim1, 'Tensor.transpose(dim1, dim2): dim1'), integer(dim2, 'Tensor.transpose(dim1, dim2): dim2')]));
    },
    narrow(dim, index, length) {
      const sig = 'Tensor.narrow(dim, index, length)';
      return wrapTensor(call(raw(this), 'Narrow', [integer(dim, `${sig}: dim`), integer(index, `${sig}: index`), integer(length, `${sig}: length`)]));
    },
    select(dim, index) {
      const sig = 'Tensor.select(dim, index)';
      return wrapTensor(call(raw(this), 'Select', [integer(dim, `${sig}: dim`), integer(index, `${sig}: index`)]));
    },
    sub(...bounds) { return wrapTensor(call(raw(this), 'Sub', [intList(bounds, 'Tensor.sub')])); },
    view(...sizes) { return wrapTensor(call(raw(this), 'View', [intList(sizes, 'Tensor.view')])); },
    contiguous() { return wrapTensor(call(raw(this), 'Contiguous', [])); },
    isContiguous() { return call(raw(this), 'IsContiguous', []); },
    isSetTo(other) { return call(raw(this), 'SameStorage', [tensor(other, 'Tensor.isSetTo(other): other')]); },
    index(dim, idx) {
      return wrapTensor(call(raw(this), 'Index', [integer(dim, 'Tensor.index(dim, idx): dim'), indexTensor(idx, 'Tensor.index(dim, idx): idx')]));
    },
    indexCopy(dim, idx, source) {
      const sig = 'Tensor.indexCopy(dim, idx, source)';
      call(raw(this), 'IndexCopy', [integer(dim, `${sig}: dim`), indexTensor(idx, `${sig}: idx`), tensor(source, `${sig}: source`)]);
      return this;
    },
    sum(dim) { return dim === undefined ? call(raw(this), 'SumAll', []) : wrapTensor(call(raw(this), 'SumDim', [integer(dim, 'Tensor.sum(dim): dim')])); },
    mean(dim) { return dim === undefined ? call(raw(this), 'MeanAll', []) : wrapTensor(call(raw(this), 'MeanDim', [integer(dim, 'Tensor.mean(dim): dim')])); },
    max(dim) { return dim === undefined ? call(raw(this), 'MaxAll', []) : call(raw(this), 'MaxDim', [integer(dim, 'Tensor.max(dim): dim')]).map(wrapTensor); },
    min(dim) { return dim === undefined ? call(raw(this), 'MinAll', []) : call(raw(this), 'MinDim', [integer(dim, 'Tensor.min(dim): dim')]).map(wrapTensor); },
    get(...index) { return call(raw(this), 'Get', [intList(index, 'Tensor.get')]); },
    set(...args) {
      if (args.length < 2) throw new TypeError(`Tensor.set(...index, value): expected the coordinates and a value, got ${args.length} argument${args.length === 1 ? '' : 's'}`);
      const value = number(args[args.length - 1], 'Tensor.set(...index, value): value');
      call(raw(this), 'Set', [intList(args.slice(0, -1), 'Tensor.set'), value]);
      return this;
    },
  };
  for (const name of ['abs', 'exp', 'log', 'tanh', 'sigmoid', 'sqrt']) {
    const id = name[0].toUpperCase() + name.slice(1);
    methods[name] = function () { call(raw(this), id, []); return this; };
  }
  for (const [key, value] of Object.entries(methods))
    Object.defineProperty(Tensor.prototype, key, { value, writable: true, configurable: true });

  function tensorFor(v, what) {
    if (!(v instanceof Tensor)) throw new TypeError(`${what}: expected a Tensor, got ${describe(v)}`);
    return v;
  }

  // An index argument as an engine tensor: a Tensor is used as is, an array of integers is
  // turned into a temporary one.
  function indexTensor(idx, what) {
    if (idx instanceof Tensor) return raw(idx);
    if (Array.isArray(idx)) {
      idx.forEach((v, i) => integer(v, `${what}[${i}]`));
      return keepUntilNextTick(M.tensorFromData(idx, [idx.length]));
    }
    throw new TypeError(`${what} must be a Tensor or an array of 1-based positions, got ${describe(idx)}`);
  }
  // temporaries made from arrays live only for the call that needs them
  const temporaries = [];
  function keepUntilNextTick(handle) {
    temporaries.push(handle);
    if (temporaries.length === 1) queueMicrotask(() => temporaries.splice(0).forEach((h) => h.delete()));
    return handle;
  }

  // torch.Tensor(sizes...) / torch.Tensor(nested arrays) / torch.Tensor(Float32Array): callable with
  // or without `new`, as Torch's constructor; `x instanceof torch.Tensor` still works.
  function TensorFactory(...args) {
    if (args.length === 0) return wrapTensor(M.tensorZeros([]));  // no dimension, as Torch's
    if (args.length === 1 && (Array.isArray(args[0]) && args[0].some(Array.isArray))) return torch.tensor(args[0]);
    if (args.length === 1 && ArrayBuffer.isView(args[0])) return torch.tensor(args[0]);
    if (args.length === 1 && Array.isArray(args[0]) && args[0].length && args[0].every((v) => typeof v === 'number') && !args[0][kSize])
      return torch.tensor(args[0]);
    if (args.length === 1 && args[0] instanceof Tensor) return wrapTensor(call(raw(args[0]), 'Alias', []));
    return torch.zeros(...sizesArg(args.length === 1 && Array.isArray(args[0]) ? args[0] : args, 'torch.Tensor'));
  }
  TensorFactory.prototype = Tensor.prototype;
  Object.defineProperty(TensorFactory, Symbol.hasInstance, { value: (x) => x instanceof Tensor });
  Object.defineProperty(TensorFactory, 'name', { value: 'Tensor' });

  Object.assign(torch, {
    Tensor: TensorFactory,
    eye(n, m = n) { return wrapTensor(make('Eye', [integer(n, 'torch.eye(n, m): n'), integer(m, 'torch.eye(n, m): m')])); },
    mm(a, b) { return wrapTensor(make('Mm', [tensor(a, 'torch.mm(a, b): a'), tensor(b, 'torch.mm(a, b): b')])); },
    cat(...args) {
      let list, dim;
      if (Array.isArray(args[0])) [list, dim] = args;
      else if (args.length && typeof args[args.length - 1] === 'number') [list, dim] = [args.slice(0, -1), args[args.length - 1]];
      else list = args;
      if (!list.length) throw new TypeError('torch.cat(tensors, dim): no tensors given');
      const raws = list.map((t, i) => tensor(t, `torch.cat: tensor ${i + 1}`));
      if (dim === undefined) dim = Math.max(...list.map((t) => t.dim()));
      return wrapTensor(make('Cat', [raws, integer(dim, 'torch.cat(tensors, dim): dim')]));
    },
    range(from, to, step = 1) {
      return wrapTensor(make('Range', [number(from, 'torch.range(from, to, step): from'), number(to, 'torch.range(from, to, step): to'), number(step, 'torch.range(from, to, step): step')]));
    },
    linspace(from, to, count = 100) {
      return wrapTensor(make('Linspace', [number(from, 'torch.linspace(from, to, n): from'), number(to, 'torch.linspace(from, to, n): to'), integer(count, 'torch.linspace(from, to, n): n')]));
    },
  });
}
