// fromONNX (nngraph-wasm/onnx): an ONNX model written as a saved-graph document of modules
// (core/serialize.cpp's format) and built by nn.load(), which checks it as it checks any saved
// graph; a model it refuses leaves nothing allocated.
import { onnx, FLOAT, INT64, bytesToBase64, floatsToBytes, bytesToFloats, product, transposed } from './onnx-common.mjs';
import { load } from './index.mjs';

class ImportError extends Error {}

function reject(reason) {
  throw new ImportError(`fromONNX: ${reason}`);
}

const toNumber = (v) => (typeof v === 'number' ? v : v && typeof v.toNumber === 'function' ? v.toNumber() : Number(v));
const DATA_TYPES = { 1: 'FLOAT', 2: 'UINT8', 3: 'INT8', 5: 'INT16', 6: 'INT32', 7: 'INT64', 9: 'BOOL', 10: 'FLOAT16', 11: 'DOUBLE', 12: 'UINT32', 13: 'UINT64', 16: 'BFLOAT16' };
// Weights travel to nn.load as base64 in one JSON string: at most this many floats in all
// (a 180 MB string; V8 strings end near 512 MB).
const MAX_ELEMENTS = 1 << 25;

// An initializer or Constant as { dims, values: Float32Array | number[] (int64) }.
function readTensor(t, what) {
  const dims = (t.dims ?? []).map(toNumber);
  if (dims.length > 32) reject(`${what} has ${dims.length} dimensions (at most 32)`);
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) reject(`${what} has invalid sizes [${dims.join(', ')}]`);
  const count = product(dims);
  if (count > MAX_ELEMENTS) reject(`${what} has ${count} elements (sizes ${dims.join('x')}); fromONNX reads models of at most ${MAX_ELEMENTS} weights`);
  if (t.dataLocation === 1) reject(`${what} keeps its data in an external file, which fromONNX cannot read (save the model with its weights inside)`);
  const raw = t.rawData && t.rawData.length ? t.rawData : null;
  if (t.dataType === FLOAT) {
    let values;
    if (raw) {
      if (raw.length !== count * 4) reject(`${what} has sizes ${dims.join('x')} (${count} floats) but ${raw.length} bytes of data`);
      values = bytesToFloats(raw);
    } else {
      if ((t.floatData ?? []).length !== count) reject(`${what} has sizes ${dims.join('x')} (${count} floats) but ${(t.floatData ?? []).length} values`);
      values = Float32Array.from(t.floatData);
    }
    return { dims, values, float: true };
  }
  if (t.dataType === INT64 || t.dataType === 6) {
    let values;
    if (raw) {
      const width = t.dataType === INT64 ? 8 : 4;
      if (raw.length !== count * width) reject(`${what} has sizes ${dims.join('x')} but ${raw.length} bytes of ${DATA_TYPES[t.dataType]} data`);
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      values = Array.from({ length: count }, (_, i) => (width === 8 ? Number(view.getBigInt64(i * 8, true)) : view.getInt32(i * 4, true)));
    } else {
      values = (t.dataType === INT64 ? t.int64Data ?? [] : t.int32Data ?? []).map(toNumber);
      if (values.length !== count) reject(`${what} has sizes ${dims.join('x')} but ${values.length} values`);
    }
    return { dims, values, float: false };
  }
  reject(`${what} has data type ${DATA_TYPES[t.dataType] ?? t.dataType}; fromONNX reads float32 tensors (and int64/int32 for sizes and indices)`);
}

class Importer {
  constructor(graph) {
    this.graph = graph;
    this.constants = new Map();  // ONNX name -> { dims, values, float }
    this.values = new Map();     // ONNX name -> { id } or { id, part } of a saved node
    this.nodes = [];
    this.consumers = new Map();
    this.nextId = 1;
  }

  // The sizes the model declares for a value (graph inputs, outputs, value_info), 0 where unknown.
  declaredDims(name) {
    const g = this.graph;
    const info = [...(g.input ?? []), ...(g.valueInfo ?? []), ...(g.output ?? [])].find((v) => v.name === name);
    const dim = info?.type?.tensorType?.shape?.dim;
    return dim ? dim.map((d) => toNumber(d.dimValue ?? 0)) : null;
  }

  where(node) { return `operator ${node.opType}${node.name ? ` '${node.name}'` : ''}`; }

  attr(node, name, fallback) {
    const a = (node.attribute ?? []).find((x) => x.name === name);
    if (!a) return fallback;
    switch (a.type) {
      case 1: return a.f;
      case 2: return toNumber(a.i);
      case 7: return (a.ints ?? []).map(toNumber);
      case 6: return Array.from(a.floats ?? []);
      case 4: return a.t;
      default: reject(`${this.where(node)}: attribute '${name}' has a type fromONNX does not read`);
    }
  }

  checkAttributes(node, known) {
    for (const a of node.attribute ?? [])
      if (!known.includes(a.name)) reject(`${this.where(node)}: attribute '${a.name}' is not supported`);
  }

  constant(node, index, what) {
    const name = node.input[index];
    const c = name ? this.constants.get(name) : undefined;
    if (!c) reject(`${this.where(node)}: its ${what} (input ${index + 1}${name ? `, '${name}'` : ''}) must be an initializer or a Constant`);
    return c;
  }

  optionalConstant(node, index, what) {
    return node.input[index] ? this.constant(node, index, what) : null;
  }

  dynamic(node, index) {
    const name = node.input[index];
    const v = this.values.get(name);
    if (!v) {
      if (this.constants.has(name)) reject(`${this.where(node)}: input ${index + 1} ('${name}') is a constant where fromONNX expects a computed value`);
      reject(`${this.where(node)}: input ${index + 1} ('${name}') is not produced by any earlier node or graph input`);
    }
    return v;
  }

  add(module, inputs, asTable = false) {
    const id = this.nextId++;
    const refs = inputs.map((v) => this.ref(v));
    const doc = { id, module, inputs: refs };
    if (asTable && inputs.length === 1) doc.asTable = true;  // a one-entry table, not the value
    this.nodes.push(doc);
    return { id };
  }

  // A split part is its own saved node ({ splitOf, splitIndex }), made when first read.
  ref(v) {
    if (v.part === undefined) return v.id;
    if (!v.partId) {
      v.partId = this.nextId++;
      this.nodes.push({ id: v.partId, splitOf: v.id, splitIndex: v.part });
    }
    return v.partId;
  }

  define(name, value) { this.values.set(name, value); }

  run() {
    const g = this.graph;
    let total = 0;
    for (const t of g.initializer ?? []) {
      const c = readTensor(t, `initializer '${t.name}'`);
      total += c.values.length;
      if (total > MAX_ELEMENTS) reject(`the initializers hold more than ${MAX_ELEMENTS} weights, more than fromONNX reads`);
      this.constants.set(t.name, c);
    }
    for (const n of g.node ?? []) for (const i of n.input ?? []) this.consumers.set(i, (this.consumers.get(i) ?? 0) + 1);
    this.findSoftPlus();
    const inputs = [];
    for (const vi of g.input ?? []) {
      if (this.constants.has(vi.name)) continue;  // old models list initializers as inputs too
      const tt = vi.type?.tensorType;
      if (!tt) reject(`graph input '${vi.name}' is not a tensor (sequences and maps are not supported)`);
      if (tt.elemType !== FLOAT) reject(`graph input '${vi.name}' has data type ${DATA_TYPES[tt.elemType] ?? tt.elemType}; fromONNX reads float32 inputs`);
      const v = this.add(moduleDoc('nn.Identity', []), []);
      this.nodes[this.nodes.length - 1].name = vi.name;
      this.define(vi.name, v);
      inputs.push(v.id);
    }
    if (!inputs.length) reject('the graph has no inputs');
    for (const node of g.node ?? []) this.operator(node);
    const outputs = (g.output ?? []).map((vi) => {
      const v = this.values.get(vi.name);
      if (!v) reject(`graph output '${vi.name}' is ${this.constants.has(vi.name) ? 'a constant' : 'not produced by any node'}; fromONNX maps outputs computed from the inputs`);
      const id = this.ref(v);
      // name the output node (an input passed through gets an Identity of its own)
      let node = this.nodes.find((n) => n.id === id);
      if (node.name !== undefined || node.splitOf !== undefined) node = this.nodes[this.nodes.push({ id: this.nextId++, module: moduleDoc('nn.Identity', []), inputs: [id] }) - 1];
      node.name = vi.name;
      return node.id;
    });
    if (!outputs.length) reject('the graph has no outputs');
    this.shareParameters();
    // A graph input no operator reads (an exported nn.SelectTable dropped it) would not reach an
    // output, which a gModule refuses: the first output selects itself from a table with them,
    // so its value is unchanged and their gradient is zero.
    const read = new Set(this.nodes.flatMap((n) => n.inputs ?? (n.splitOf ? [n.splitOf] : [])));
    const unused = inputs.filter((id) => !read.has(id) && !outputs.includes(id));
    if (unused.length) {
      const first = this.nodes.find((n) => n.id === outputs[0]);
      const id = this.nextId++;
      this.nodes.push({ id, module: moduleDoc('nn.SelectTable', [1]), inputs: [outputs[0], ...unused], name: first.name });
      delete first.name;
      outputs[0] = id;
    }
    return { nodes: this.nodes, inputs, outputs };
  }

  operator(node) {
    if (node.fusedInto) return;  // folded into a module made at another operator
    const rule = OPERATORS[node.opType];
    if ((node.domain ?? '') !== '' && node.domain !== 'ai.onnx') reject(`${this.where(node)} of domain '${node.domain}' is not supported (only the default ONNX domain)`);
    if (!rule) reject(`${this.where(node)} is not supported (fromONNX maps ${Object.keys(OPERATORS).join(', ')})`);
    rule.call(this, node);
  }

  // one output from one module on the node's dynamic inputs
  simple(node, module, dynamicInputs = [0]) {
    const inputs = dynamicInputs.map((i) => this.dynamic(node, i));
    this.define(node.output[0], this.add(module, inputs));
  }
}

function moduleDoc(type, args, parameters) {
  const doc = { type, args, training: false };
  if (parameters) doc.parameters = parameters;
  return doc;
}

// `from` names the constant and how the values were derived from it ('T' transposed, '*2'
// scaled): parameters made the same way from the same constant are tied (shareParameters).
function parameterDoc(name, shape, floats, from) {
  return { name, shape, data: bytesToBase64(floatsToBytes(floats)), from };
}

const constantIds = new WeakMap();
let nextConstantId = 1;
function derived(c, how = '') {
  if (!constantIds.has(c)) constantIds.set(c, nextConstantId++);
  return `${constantIds.get(c)}${how}`;
}

function scalarOf(c, what, node, self) {
  if (c.values.length !== 1) reject(`${self.where(node)}: its ${what} must be one number`);
  return c.values[0];
}

function oneAxis(self, node, axes) {
  if (!axes || axes.length !== 1) reject(`${self.where(node)}: only one axis is supported, got [${(axes ?? []).join(', ')}]`);
  return axes[0];
}

// ONNX axis (0-based, negative from the end) -> Torch dimension (1-based, negative from the end)
const torchDim = (axis) => (axis < 0 ? axis : axis + 1);

const elementwise = (type) => function (node) {
  this.checkAttributes(node, []);
  this.simple(node, moduleDoc(type, []));
};

// Add/Sub/Mul/Div: two computed values (a CxxTable), or one and a constant.
const arithmetic = (tableType, withConstant) => function (node) {
  this.checkAttributes(node, []);
  const [a, b] = node.input;
  if (this.values.has(a) && this.values.has(b)) {
    this.define(node.output[0], this.add(moduleDoc(tableType, []), [this.dynamic(node, 0), this.dynamic(node, 1)]));
    return;
  }
  const constantAt = this.constants.has(b) ? 1 : 0;
  if (constantAt === 0 && node.opType !== 'Add' && node.opType !== 'Mul') reject(`${this.where(node)}: a constant first operand is not supported`);
  const c = this.constant(node, constantAt, 'operand');
  const x = this.dynamic(node, 1 - constantAt);
  this.define(node.output[0], this.add(withConstant.call(this, node, c), [x]));
};

function fusedLinear(self, node, weightOutIn, outSize, inSize, bias, weightFrom, biasFrom) {
  const params = [parameterDoc('weight', [outSize, inSize], weightOutIn, weightFrom)];
  if (bias) params.push(parameterDoc('bias', [outSize], bias, biasFrom));
  return moduleDoc('nn.Linear', [inSize, outSize, !!bias], params);
}

function biasVector(self, node, c, outSize) {
  if (!c.float) reject(`${self.where(node)}: the bias must be float32`);
  if (c.values.length === outSize) return c.values;
  if (c.values.length === 1) return new Float32Array(outSize).fill(c.values[0]);
  reject(`${self.where(node)}: a bias of sizes [${c.dims.join(', ')}] does not broadcast to ${outSize} outputs`);
}

const OPERATORS = {
  Identity: elementwise('nn.Identity'),
  Relu: elementwise('nn.ReLU'),
  Tanh: elementwise('nn.Tanh'),
  Sigmoid: elementwise('nn.Sigmoid'),
  Abs: elementwise('nn.Abs'),
  Exp: elementwise('nn.Exp'),
  Log: elementwise('nn.Log'),
  Sqrt: elementwise('nn.Sqrt'),
  Softsign: elementwise('nn.SoftSign'),
  Softplus: elementwise('nn.SoftPlus'),
  Dropout(node) {
    // inference: the identity (a mask output, if asked for, cannot be given)
    if (node.output.length > 1 && node.output[1]) reject(`${this.where(node)}: its mask output is not supported`);
    this.simple(node, moduleDoc('nn.Identity', []));
  },
  Elu(node) { this.checkAttributes(node, ['alpha']); this.simple(node, moduleDoc('nn.ELU', [this.attr(node, 'alpha', 1)])); },
  LeakyRelu(node) { this.checkAttributes(node, ['alpha']); this.simple(node, moduleDoc('nn.LeakyReLU', [this.attr(node, 'alpha', 0.01)])); },
  Clip(node) {
    this.checkAttributes(node, []);
    const min = this.optionalConstant(node, 1, 'minimum'), max = this.optionalConstant(node, 2, 'maximum');
    const lo = min ? scalarOf(min, 'minimum', node, this) : -3.4028234663852886e38;
    const hi = max ? scalarOf(max, 'maximum', node, this) : 3.4028234663852886e38;
    this.simple(node, moduleDoc('nn.Clamp', [lo, hi]));
  },
  Pow(node) {
    this.checkAttributes(node, []);
    this.simple(node, moduleDoc('nn.Power', [scalarOf(this.constant(node, 1, 'exponent'), 'exponent', node, this)]));
  },
  Softmax(node) { this.softmax(node, 'nn.SoftMax'); },
  LogSoftmax(node) { this.softmax(node, 'nn.LogSoftMax'); },
  Add: arithmetic('nn.CAddTable', function (node, c) {
    if (c.values.length === 1) return moduleDoc('nn.AddConstant', [scalarOf(c, 'constant', node, this)]);
    if (!c.float) reject(`${this.where(node)}: the constant must be float32`);
    return moduleDoc('nn.CAdd', c.dims.length ? c.dims : [1], [parameterDoc('bias', c.dims, c.values, derived(c))]);
  }),
  Mul: arithmetic('nn.CMulTable', function (node, c) {
    if (c.values.length === 1) return moduleDoc('nn.MulConstant', [scalarOf(c, 'constant', node, this)]);
    if (!c.float) reject(`${this.where(node)}: the constant must be float32`);
    return moduleDoc('nn.CMul', c.dims.length ? c.dims : [1], [parameterDoc('weight', c.dims, c.values, derived(c))]);
  }),
  Sub: arithmetic('nn.CSubTable', function (node, c) {
    return moduleDoc('nn.AddConstant', [-scalarOf(c, 'constant subtrahend', node, this)]);
  }),
  Div: arithmetic('nn.CDivTable', function (node, c) {
    return moduleDoc('nn.MulConstant', [1 / scalarOf(c, 'constant divisor', node, this)]);
  }),
  Sum(node) { this.variadic(node, 'nn.CAddTable'); },
  Max(node) { this.variadic(node, 'nn.CMaxTable'); },
  Min(node) { this.variadic(node, 'nn.CMinTable'); },
  Gemm(node) {
    this.checkAttributes(node, ['alpha', 'beta', 'transA', 'transB']);
    const alpha = this.attr(node, 'alpha', 1), beta = this.attr(node, 'beta', 1);
    const transA = this.attr(node, 'transA', 0), transB = this.attr(node, 'transB', 0);
    const w = this.constant(node, 1, 'weight matrix B');
    if (!w.float || w.dims.length !== 2) reject(`${this.where(node)}: B must be a 2-D float32 matrix`);
    const [outSize, inSize] = transB ? w.dims : [w.dims[1], w.dims[0]];
    let weight = transB ? w.values : transposed(w.values, w.dims[0], w.dims[1]);
    if (alpha !== 1) weight = weight.map((v) => v * alpha);
    const c = this.optionalConstant(node, 2, 'bias C');
    let bias = c ? biasVector(this, node, c, outSize) : null;
    if (bias && beta !== 1) bias = bias.map((v) => v * beta);
    let x = this.dynamic(node, 0);
    if (transA) x = this.add(moduleDoc('nn.Transpose', [1, 2]), [x]);
    const weightFrom = derived(w, `${transB ? '' : 'T'}*${alpha}`), biasFrom = c ? derived(c, `*${beta}`) : undefined;
    this.define(node.output[0], this.add(fusedLinear(this, node, weight, outSize, inSize, bias, weightFrom, biasFrom), [x]));
  },
  // MatMul by a constant [in, out] matrix is a Linear without bias; an Add of a constant bias
  // that is its only reader becomes that Linear's bias. MatMul of two computed values is nn.MM.
  MatMul(node) {
    this.checkAttributes(node, []);
    if (this.values.has(node.input[1])) {
      this.define(node.output[0], this.add(moduleDoc('nn.MM', [false, false]), [this.dynamic(node, 0), this.dynamic(node, 1)]));
      return;
    }
    const w = this.constant(node, 1, 'matrix B');
    if (!w.float || w.dims.length !== 2) reject(`${this.where(node)}: a constant B must be a 2-D float32 matrix`);
    const [inSize, outSize] = w.dims;
    const weight = transposed(w.values, inSize, outSize);
    const x = this.dynamic(node, 0);
    const biasAdd = this.pendingBias(node.output[0], outSize);
    if (biasAdd) {
      biasAdd.fused = true;
      this.define(biasAdd.output, this.add(fusedLinear(this, node, weight, outSize, inSize, biasAdd.bias, derived(w, 'T*1'), biasAdd.from), [x]));
    } else this.define(node.output[0], this.add(fusedLinear(this, node, weight, outSize, inSize, null, derived(w, 'T*1')), [x]));
  },
  Concat(node) {
    this.checkAttributes(node, ['axis']);
    const inputs = node.input.map((_, i) => this.dynamic(node, i));
    this.define(node.output[0], this.add(moduleDoc('nn.JoinTable', [torchDim(this.attr(node, 'axis', 0))]), inputs, true));
  },
  Reshape(node) {
    this.checkAttributes(node, ['allowzero']);
    const shape = this.constant(node, 1, 'shape');
    const sizes = shape.values.slice();
    if (sizes.filter((s) => s === -1 || s === 0).length > 1) reject(`${this.where(node)}: shape [${sizes.join(', ')}] has more than one size to infer (-1 or 0)`);
    if (sizes.some((s) => s < -1)) reject(`${this.where(node)}: shape [${sizes.join(', ')}] has a negative size`);
    this.simple(node, moduleDoc('nn.View', sizes.map((s) => (s === 0 ? -1 : s))));
  },
  // batch x everything else: a View(-1, n) when the model declares the input's other sizes
  Flatten(node) {
    this.checkAttributes(node, ['axis']);
    const axis = this.attr(node, 'axis', 1);
    const dims = this.declaredDims(node.input[0]);
    const rest = dims && dims.slice(1);
    if (axis !== 1 || !rest || rest.some((d) => !(d > 0)))
      reject(`${this.where(node)} is supported with axis 1 on a value whose sizes after the first the model declares (graph input or value_info); here axis ${axis}, sizes ${dims ? `[${dims.map((d) => d || '?').join(', ')}]` : 'not declared'}`);
    this.simple(node, moduleDoc('nn.View', [-1, product(rest)]));
  },
  Squeeze(node) {
    this.checkAttributes(node, ['axes']);
    const axes = node.input[1] ? this.constant(node, 1, 'axes').values : this.attr(node, 'axes');
    this.simple(node, moduleDoc('nn.Squeeze', [torchDim(oneAxis(this, node, axes))]));
  },
  Unsqueeze(node) {
    this.checkAttributes(node, ['axes']);
    const axes = node.input[1] ? this.constant(node, 1, 'axes').values : this.attr(node, 'axes');
    const axis = oneAxis(this, node, axes);
    if (axis < 0) reject(`${this.where(node)}: a negative axis is not supported`);
    this.simple(node, moduleDoc('nn.Unsqueeze', [axis + 1]));
  },
  Transpose(node) {
    this.checkAttributes(node, ['perm']);
    const perm = this.attr(node, 'perm');
    if (!perm) reject(`${this.where(node)}: without 'perm' (reversing every dimension) it is not supported`);
    // the permutation as a sequence of swaps, applied in order as nn.Transpose does
    const current = perm.map((_, i) => i), pairs = [];
    for (let i = 0; i < perm.length; ++i) {
      if (current[i] === perm[i]) continue;
      const j = current.indexOf(perm[i]);
      [current[i], current[j]] = [current[j], current[i]];
      pairs.push(i + 1, j + 1);
    }
    this.simple(node, moduleDoc(pairs.length ? 'nn.Transpose' : 'nn.Identity', pairs));
  },
  Slice(node) {
    this.checkAttributes(node, []);
    const starts = this.constant(node, 1, 'starts').values, ends = this.constant(node, 2, 'ends').values;
    const axes = node.input[3] ? this.constant(node, 3, 'axes').values : [0];
    const steps = node.input[4] ? this.constant(node, 4, 'steps').values : [1];
    if (starts.length !== 1 || ends.length !== 1 || axes.length !== 1) reject(`${this.where(node)}: only a slice of one axis is supported`);
    if (steps[0] !== 1) reject(`${this.where(node)}: only step 1 is supported, got ${steps[0]}`);
    const [s, e] = [starts[0], ends[0]];
    if (s < 0 || e < 0) reject(`${this.where(node)}: negative starts or ends are not supported`);
    const toEnd = e >= 2 ** 31 - 1;
    if (!toEnd && e <= s) reject(`${this.where(node)}: an empty slice (${s}..${e}) is not supported`);
    this.simple(node, moduleDoc('nn.Narrow', [torchDim(axes[0]), s + 1, toEnd ? -1 : e - s]));
  },
  // Split into parts along one axis: a ConcatTable of Narrows, read through split(n).
  Split(node) {
    this.checkAttributes(node, ['axis']);
    const axis = this.attr(node, 'axis', 0);
    const split = node.input[1] ? this.constant(node, 1, 'split').values : null;
    if (!split) reject(`${this.where(node)}: a Split without its sizes (input 2) is not supported`);
    if (split.length !== node.output.length) reject(`${this.where(node)}: ${split.length} sizes for ${node.output.length} outputs`);
    if (axis < 0) reject(`${this.where(node)}: a negative axis is not supported`);
    let offset = 1;
    const children = split.map((n) => {
      const m = moduleDoc('nn.Narrow', [axis + 1, offset, n]);
      offset += n;
      return m;
    });
    const doc = { ...moduleDoc('nn.ConcatTable', []), children };
    const v = this.add(doc, [this.dynamic(node, 0)]);
    this.nodes[this.nodes.length - 1].split = split.length;
    node.output.forEach((name, i) => this.define(name, { id: v.id, part: i + 1 }));
  },
  // Integer indices are float32 in the engine: a Cast to an integer type is the identity (a
  // LookupTable refuses non-integers with a sentence).
  Cast(node) {
    this.checkAttributes(node, ['to', 'saturate']);
    const to = this.attr(node, 'to');
    if (to !== INT64 && to !== 6 && to !== FLOAT) reject(`${this.where(node)}: a cast to ${DATA_TYPES[to] ?? to} is not supported (float32, int64 and int32 are)`);
    this.simple(node, moduleDoc('nn.Identity', []));
  },
  Einsum(node) {
    this.checkAttributes(node, ['equation']);
    const a = (node.attribute ?? []).find((x) => x.name === 'equation');
    const equation = a && a.s ? new TextDecoder().decode(a.s).replace(/\s/g, '') : '';
    if (equation !== 'bi,kij,bj->bk') reject(`${this.where(node)}: only the bilinear form 'bi,kij,bj->bk' (nn.Bilinear) is supported, got '${equation}'`);
    const w = this.constant(node, 1, 'weight');
    if (!w.float || w.dims.length !== 3) reject(`${this.where(node)}: the weight must be a 3-D float32 tensor`);
    const [out, n1, n2] = w.dims;
    const doc = moduleDoc('nn.Bilinear', [n1, n2, out, false], [parameterDoc('weight', w.dims, w.values, derived(w))]);
    this.define(node.output[0], this.add(doc, [this.dynamic(node, 0), this.dynamic(node, 2)]));
  },
  Gather(node) {
    this.checkAttributes(node, ['axis']);
    if (this.constants.has(node.input[0]) && this.values.has(node.input[1])) {
      // rows of a constant matrix at computed 0-based indices: an nn.LookupTable (1-based)
      const w = this.constant(node, 0, 'data');
      if (this.attr(node, 'axis', 0) !== 0 || !w.float || w.dims.length !== 2) reject(`${this.where(node)}: only rows (axis 0) of a 2-D float32 matrix are supported`);
      const shifted = this.add(moduleDoc('nn.AddConstant', [1]), [this.dynamic(node, 1)]);
      this.define(node.output[0], this.add(moduleDoc('nn.LookupTable', w.dims, [parameterDoc('weight', w.dims, w.values, derived(w))]), [shifted]));
      return;
    }
    const index = this.constant(node, 1, 'indices');
    if (index.dims.length !== 0 || index.float) reject(`${this.where(node)}: only one scalar integer index is supported (nn.Select)`);
    const i = index.values[0];
    this.simple(node, moduleDoc('nn.Select', [torchDim(this.attr(node, 'axis', 0)), i >= 0 ? i + 1 : i]));
  },
  ReduceSum(node) { this.reduce(node, 'nn.Sum'); },
  ReduceMean(node) { this.reduce(node, 'nn.Mean'); },
  ReduceMax(node) { this.reduce(node, 'nn.Max'); },
  ReduceMin(node) { this.reduce(node, 'nn.Min'); },
  Where(node) {
    if (!node.softPlus) reject(`${this.where(node)} is supported only as the threshold of Torch's SoftPlus (Where(Greater(beta x, threshold), x, Softplus(beta x) / beta))`);
    this.define(node.output[0], this.add(moduleDoc('nn.SoftPlus', node.softPlus), [this.dynamic(node, 1)]));
  },
  Constant(node) {
    this.checkAttributes(node, ['value', 'value_float', 'value_floats', 'value_int', 'value_ints']);
    const a = (node.attribute ?? [])[0];
    if (!a) reject(`${this.where(node)}: no value`);
    let c;
    if (a.name === 'value') c = readTensor(a.t ?? {}, `the value of ${this.where(node)}`);
    else if (a.name === 'value_float') c = { dims: [], values: Float32Array.of(a.f), float: true };
    else if (a.name === 'value_floats') c = { dims: [a.floats.length], values: Float32Array.from(a.floats), float: true };
    else if (a.name === 'value_int') c = { dims: [], values: [toNumber(a.i)], float: false };
    else c = { dims: [a.ints.length], values: a.ints.map(toNumber), float: false };
    this.constants.set(node.output[0], c);
  },
};

Object.assign(Importer.prototype, {
  softmax(node, type) {
    this.checkAttributes(node, ['axis']);
    const axis = this.attr(node, 'axis', -1);
    if (axis !== -1 && axis !== 1)
      reject(`${this.where(node)}: axis ${axis} is not supported; ${type} normalizes the last dimension of a vector or a batch x n matrix (axis -1, or 1 for a batch)`);
    this.simple(node, moduleDoc(type, []));
  },
  variadic(node, type) {
    this.checkAttributes(node, []);
    const inputs = node.input.map((_, i) => this.dynamic(node, i));
    this.define(node.output[0], this.add(moduleDoc(type, []), inputs, true));
  },
  reduce(node, type) {
    this.checkAttributes(node, ['axes', 'keepdims', 'noop_with_empty_axes']);
    const axes = node.input[1] ? this.constant(node, 1, 'axes').values : this.attr(node, 'axes');
    const axis = oneAxis(this, node, axes);
    const keepdims = this.attr(node, 'keepdims', 1);
    if (type === 'nn.Sum' || type === 'nn.Mean') {
      this.simple(node, moduleDoc('nn.Sum', [torchDim(axis), null, type === 'nn.Mean', !keepdims]));
      return;
    }
    if (keepdims) reject(`${this.where(node)}: keepdims = 1 is not supported (${type} drops the dimension)`);
    this.simple(node, moduleDoc(type, [torchDim(axis)]));
  },
  // One initializer read by several operators is one tensor in ONNX: the modules made from it
  // the same way share it, as Torch's clone('weight', 'bias', 'gradWeight', 'gradBias') does, in
  // the saved format's { sharedWith: k } (k counts parameters in the order nn.load builds them,
  // which for these documents is the order of the nodes).
  shareParameters() {
    const first = new Map();
    let index = 0;
    for (const n of this.nodes) {
      const params = n.module?.parameters ?? [];
      params.forEach((p, i) => {
        const key = p.from === undefined ? undefined : `${p.from}|${p.name}|${p.shape.join('x')}`;
        if (key !== undefined && first.has(key)) params[i] = { name: p.name, sharedWith: first.get(key), gradShared: true };
        else if (key !== undefined) first.set(key, index);
        delete p.from;
        index++;
      });
    }
  },
  // Torch's SoftPlus as toONNX writes it with a beta or threshold of its own:
  //   Where(Greater(bx, threshold), x, Div(Softplus(bx), beta)) with bx = Mul(x, beta)
  // is one nn.SoftPlus(beta, threshold) at the Where; the operators inside are skipped.
  findSoftPlus() {
    const producer = new Map();
    for (const n of this.graph.node ?? []) for (const o of n.output ?? []) producer.set(o, n);
    const scalar = (name) => {
      const c = this.constants.get(name);
      return c && c.float && c.values.length === 1 ? c.values[0] : undefined;
    };
    const only = (name, count) => this.consumers.get(name) === count && !this.graph.output?.some((o) => o.name === name);
    for (const where of this.graph.node ?? []) {
      if (where.opType !== 'Where' || where.input.length !== 3) continue;
      const [condName, x, elseName] = where.input;
      const greater = producer.get(condName), div = producer.get(elseName);
      if (greater?.opType !== 'Greater' || div?.opType !== 'Div') continue;
      const soft = producer.get(div.input[0]), mul = producer.get(greater.input[0]);
      if (soft?.opType !== 'Softplus' || mul?.opType !== 'Mul' || soft.input[0] !== mul.output[0] || mul.input[0] !== x) continue;
      const beta = scalar(mul.input[1]), threshold = scalar(greater.input[1]);
      if (beta === undefined || threshold === undefined || scalar(div.input[1]) !== beta || !(beta > 0)) continue;
      if (!only(mul.output[0], 2) || !only(soft.output[0], 1) || !only(div.output[0], 1) || !only(greater.output[0], 1)) continue;
      for (const n of [mul, soft, div, greater]) n.fusedInto = where;
      where.softPlus = [beta, threshold];
    }
  },
  // The Add of a constant vector that is the only reader of a MatMul's output, fused into it.
  pendingBias(name, outSize) {
    if (this.consumers.get(name) !== 1 || this.graph.output?.some((o) => o.name === name)) return null;
    const add = (this.graph.node ?? []).find((n) => n.opType === 'Add' && n.input.includes(name));
    if (!add) return null;
    const other = add.input[0] === name ? add.input[1] : add.input[0];
    const c = this.constants.get(other);
    if (!c || !c.float || (c.values.length !== outSize && c.values.length !== 1)) return null;
    add.fusedInto = true;
    return { output: add.output[0], bias: biasVector(this, add, c, outSize), from: derived(c, '*1') };
  },
});


function decodeModel(bytes) {
  if (bytes instanceof ArrayBuffer) bytes = new Uint8Array(bytes);
  if (!(bytes instanceof Uint8Array)) throw new TypeError('fromONNX(bytes): expected a Uint8Array or an ArrayBuffer of an ONNX model (.onnx file)');
  let model;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    reject(`the bytes are not an ONNX model (${bytes.length} bytes; the protobuf decoder says: ${error.message})`);
  }
  if (!model.graph) reject('the bytes decode to no ONNX graph (is this an .onnx file?)');
  const opset = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  if (opset && toNumber(opset.version) < 13) reject(`the model uses opset ${toNumber(opset.version)}; fromONNX reads opset 13 and later (convert it with onnx.version_converter)`);
  return model;
}

/**
 * A gModule built from an ONNX model's operators that map onto modules (see the README's table):
 * inputs and outputs in the model's order, annotated with their ONNX names; weights loaded
 * exactly. Loads the engine if needed. An operator, attribute or data type it cannot map, or bytes
 * that are not an ONNX model, give an Error naming it; nothing is left allocated.
 */
export async function fromONNX(bytes) {
  const { nn } = await load();
  let doc;
  try {
    const model = decodeModel(bytes);
    const { nodes, inputs, outputs } = new Importer(model.graph).run();
    doc = { ...savedHeader(nn), ...moduleDoc('nn.gModule', []), nodes, inputs, outputs };
  } catch (error) {
    if (error instanceof ImportError) throw new Error(error.message);
    throw error;
  }
  try {
    return nn.load(JSON.stringify(doc));
  } catch (error) {
    throw new Error(`fromONNX: the model's operators map onto modules that do not fit together: ${error.message.replace(/^cannot load the saved graph: /, '')}`);
  }
}

// The saved-graph format's name and version, as this engine writes them.
function savedHeader(nn) {
  const m = nn.Identity();
  try {
    const { format, version } = JSON.parse(m.save());
    return { format, version };
  } finally {
    m.dispose();
  }
}
