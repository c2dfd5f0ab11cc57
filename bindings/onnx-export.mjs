// toONNX (nngraph-wasm/onnx): a module's saved-graph document (module.save()) written as an ONNX
// model. Torch resolves dimensions from the input's rank (JoinTable(2, 1), Reshape's batch mode,
// negative offsets), so every module runs on probe inputs of the given sizes with the batch of
// every graph input set to 1, 2 and 3: a size that changes with the batch becomes symbolic in
// ONNX; a module whose output rank or table length changes with the batch (Torch's View and
// Squeeze drop a batch of 1) has no single ONNX form and is refused with a sentence.
import { onnx, FLOAT, INT64, OPSET, IR_VERSION, base64ToBytes, floatsToBytes, bytesToFloats, product, transposed } from './onnx-common.mjs';
import { engine } from './engine-ref.mjs';

const PROBE_BATCHES = [1, 2, 3];

class ExportError extends Error {}

function refuse(where, reason) {
  throw new ExportError(`toONNX: ${where}: ${reason}`);
}

// A value flowing through the export: { tensor: onnxName, shapes: [sizes at batch 1, 2, 3] } or
// { table: [values] }.
const isTable = (v) => v.table !== undefined;

class Exporter {
  constructor(nn, torch, format) {
    this.nn = nn;
    this.torch = torch;
    this.format = format;
    this.nodes = [];
    this.initializers = [];
    this.names = new Set();
    this.parameterNames = new Map();  // a saved parameter -> its bytes and initializers
  }

  fresh(hint) {
    const base = String(hint || 'v').replace(/[^A-Za-z0-9_.:-]/g, '_');
    let name = base, k = 1;
    while (this.names.has(name)) name = `${base}_${++k}`;
    this.names.add(name);
    return name;
  }

  op(type, inputs, attributes = {}, outputCount = 1, hint = type) {
    const outputs = Array.from({ length: outputCount }, () => this.fresh(hint));
    const attribute = Object.entries(attributes).map(([name, value]) => attributeProto(name, value));
    this.nodes.push({ opType: type, input: inputs, output: outputs, name: this.fresh(`${type}_node`), attribute });
    return outputCount === 1 ? outputs[0] : outputs;
  }

  floats(hint, dims, values) {
    const name = this.fresh(hint);
    this.initializers.push({ name, dims, dataType: FLOAT, rawData: floatsToBytes(values) });
    return name;
  }

  floatBytes(hint, dims, bytes) {
    const name = this.fresh(hint);
    this.initializers.push({ name, dims, dataType: FLOAT, rawData: bytes });
    return name;
  }

  ints(hint, values, dims = [values.length]) {
    const name = this.fresh(hint);
    this.initializers.push({ name, dims, dataType: INT64, int64Data: values });
    return name;
  }

  scalar(hint, value) { return this.floats(hint, [], [value]); }

  // A parameter of a saved module as an initializer; parameters shared in the document (clone
  // with 'weight', MapTable's entries) are one initializer.
  parameter(doc, index, where) {
    const p = doc.parameters?.[index];
    if (!p) refuse(where, `parameter ${index + 1} is missing from the saved document`);
    const source = p.source ?? p;  // see resolveShared
    let entry = this.parameterNames.get(source);
    if (!entry) {
      entry = { shape: source.shape, bytes: base64ToBytes(source.data) };
      this.parameterNames.set(source, entry);
    }
    return entry;
  }

  parameterInitializer(doc, index, where, hint, dims) {
    const entry = this.parameter(doc, index, where);
    const key = JSON.stringify(dims ?? entry.shape);
    entry.byShape ??= new Map();
    if (!entry.byShape.has(key)) entry.byShape.set(key, this.floatBytes(hint, dims ?? entry.shape, entry.bytes));
    return entry.byShape.get(key);
  }

  // ---------------------------------------------------------------------------------------------
  // probes: the engine computes every output's sizes

  probe(doc, input, where) {
    const text = JSON.stringify({ ...this.format, ...doc }, (key, value) => (key === 'source' ? undefined : value));
    let m;
    try {
      m = this.nn.load(text);
    } catch (error) {
      refuse(where, `the module does not load from its saved form (${error.message})`);
    }
    try {
      m.evaluate();
      return PROBE_BATCHES.map((_, k) => {
        const value = this.probeValue(input, k);
        try {
          const result = m.forward(value);
          const sizes = structure(result);
          this.nnDispose(result);  // results the module's cache no longer holds are ours to free
          return sizes;
        } catch (error) {
          refuse(where, `with inputs of size ${describeShapes(input, k)} it fails: ${error.message}`);
        } finally {
          this.nnDispose(value);
        }
      });
    } finally {
      m.dispose();
    }
  }

  probeValue(v, k) {
    return isTable(v) ? v.table.map((e) => this.probeValue(e, k)) : this.torch.ones(v.shapes[k]);
  }

  nnDispose(v) {
    if (Array.isArray(v)) v.forEach((e) => this.nnDispose(e));
    else v.dispose();
  }

  // ---------------------------------------------------------------------------------------------
  // modules

  module(doc, x, where) {
    const type = doc.type;
    const structural = this.structural(doc, x, where);
    if (structural) return structural;
    if (type === 'nn.gModule') return this.graph(doc, x, where);
    const container = CONTAINERS[type];
    if (container) return container.call(this, doc, x, where);
    if (type === 'nn.ModuleFromCriterion')
      refuse(where, `${doc.criterion?.type ?? 'a criterion'} is a training loss; export the model without it (an ONNX model of the forward computation has no targets)`);
    const rule = LEAVES[type];
    if (!rule) {
      refuse(where, `${type} cannot be exported: it has no ONNX mapping (a module defined in JavaScript runs code ONNX cannot carry; modules newer than this exporter are not mapped yet)`);
    }
    const probes = this.probe(doc, x, where);
    checkBatchIndependent(probes, where);
    const out = rule.call(this, doc, x, probes, where);
    return attach(out, probes);
  }

  // Modules that only rearrange tables: no ONNX operator.
  structural(doc, x, where) {
    const args = doc.args ?? [];
    switch (doc.type) {
      case 'nn.Identity': return x;
      case 'nn.Dropout':
        if (doc.training) refuse(where, 'nn.Dropout is in training mode, where it drops random units; call evaluate() on the model before exporting (it is then the identity)');
        return x;
      case 'nn.SelectTable': {
        const list = tableOf(x, where);
        const i = args[0] < 0 ? list.length + args[0] : args[0] - 1;
        if (!(i >= 0 && i < list.length)) refuse(where, `nn.SelectTable(${args[0]}) of a table of ${list.length}`);
        return list[i];
      }
      case 'nn.NarrowTable': {
        const list = tableOf(x, where);
        const offset = args[0], length = args[1] ?? 1;
        const n = length < 0 ? list.length - offset + length + 2 : length;
        if (offset < 1 || n < 1 || offset + n - 1 > list.length) refuse(where, `nn.NarrowTable(${offset}, ${length}) of a table of ${list.length}`);
        return { table: list.slice(offset - 1, offset - 1 + n) };
      }
      case 'nn.FlattenTable': {
        const flat = [];
        const walk = (v) => (isTable(v) ? v.table.forEach(walk) : flat.push(v));
        walk(x);
        return { table: flat };
      }
      default: return null;
    }
  }

  graph(doc, x, where) {
    const byId = new Map();
    const inputs = doc.inputs, outputs = doc.outputs;
    let given;
    if (inputs.length === 1) given = [x];
    else {
      if (!isTable(x) || x.table.length !== inputs.length) refuse(where, `the graph takes a table of ${inputs.length} inputs`);
      given = x.table;
    }
    // the top level's nodes as errors name them ("'h1' (nn.Linear #4)"); nested ones by path
    const top = where === 'the model' && this.labels;
    const label = (n) => (top ? `node ${this.labels[n.id - 1]}` : `${where}, node ${n.name ? `'${n.name}' ` : ''}(${n.module?.type ?? 'split part'}, node ${n.id} of the nested nn.gModule)`);
    for (const n of doc.nodes) {
      let value;
      if (n.splitOf !== undefined) {
        const parent = byId.get(n.splitOf);
        if (!parent || !isTable(parent)) refuse(label(n), `part ${n.splitIndex} of a node whose output is not a table`);
        value = parent.table[n.splitIndex - 1];
        if (!value) refuse(label(n), `part ${n.splitIndex} of a table of ${parent.table.length}`);
      } else {
        let input;
        const at = inputs.indexOf(n.id);
        if (n.inputs.length === 0) {
          if (at < 0) refuse(label(n), 'a node without inputs that is not a graph input');
          input = given[at];
        } else {
          const values = n.inputs.map((id) => byId.get(id));
          if (values.some((v) => !v)) refuse(label(n), 'the saved nodes are not in forward order');
          input = values.length === 1 && !n.asTable ? values[0] : { table: values };
        }
        value = this.module(n.module, input, label(n));
      }
      byId.set(n.id, value);
    }
    const results = outputs.map((id) => byId.get(id));
    return results.length === 1 ? results[0] : { table: results };
  }
}

function tableOf(x, where) {
  if (!isTable(x)) refuse(where, 'expects a table but receives a tensor');
  return x.table;
}

// The sizes of a forward result: an array of numbers for a tensor, { table } for a table.
function structure(v) {
  if (Array.isArray(v)) return { table: v.map(structure) };
  return v.shape;
}

function sameStructure(a, b) {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length;
  if (a.table && b.table) return a.table.length === b.table.length && a.table.every((e, i) => sameStructure(e, b.table[i]));
  return false;
}

function describeStructure(s) {
  return Array.isArray(s) ? (s.length ? s.join('x') : 'empty') : `a table of ${s.table.length}`;
}

function describeShapes(v, k) {
  return isTable(v) ? `{${v.table.map((e) => describeShapes(e, k)).join(', ')}}` : v.shapes[k].join('x');
}

function checkBatchIndependent(probes, where) {
  for (let k = 1; k < probes.length; ++k) {
    if (!sameStructure(probes[0], probes[k]))
      refuse(where, `its output is ${describeStructure(probes[0])} for a batch of ${PROBE_BATCHES[0]} but ${describeStructure(probes[k])} for a batch of ${PROBE_BATCHES[k]}; an ONNX model has one output structure for every batch size (give the module its dimension or nInputDims so that it does not depend on the batch)`);
  }
}

// A parameter saved as shared ({ sharedWith: k }, k counting every parameter of the document in
// the order module.save() writes them) gets the shape and data of the one it shares and a link
// to it (source), so that each module loads alone for its probe and shared tensors are one
// initializer.
function resolveShared(doc) {
  const saved = [];
  const visit = (m) => {
    if (!m) return;
    if (m.type === 'nn.gModule') (m.nodes ?? []).forEach((n) => visit(n.module));
    (m.children ?? []).forEach(visit);
    for (const p of m.parameters ?? []) {
      if (p.sharedWith !== undefined) {
        const source = saved[p.sharedWith];
        if (!source) throw new Error(`toONNX: the saved document shares parameter ${p.sharedWith}, which it does not have`);
        p.source = source.source ?? source;
        p.shape = p.source.shape;
        p.data = p.source.data;
        delete p.sharedWith;
        delete p.gradShared;
      }
      saved.push(p);
    }
  };
  visit(doc);
}

// Joins the ONNX names a rule produced with the probed sizes.
function attach(names, probes) {
  const at = (k, path) => path.reduce((s, i) => s.table[i], probes[k]);
  const walk = (n, path) => {
    if (Array.isArray(n)) return { table: n.map((e, i) => walk(e, [...path, i])) };
    return { tensor: n, shapes: PROBE_BATCHES.map((_, k) => at(k, path)) };
  };
  return walk(names, []);
}

// Sizes that change with the batch, as booleans per dimension.
function batchDims(v) {
  const [, b2, b3] = v.shapes;
  return b2.map((s, i) => s !== b3[i]);
}

function rank(v) { return v.shapes[1].length; }

// Torch's rule shared by JoinTable, SplitTable, Sum, Mean, Max, Min: a negative dimension counts
// from the end; with nInputDims, an input with one more dimension is a batch.
function torchAxis(dimension, nInputDims, r, where) {
  let d = dimension;
  if (d < 0) d = r + d + 1;
  else if (nInputDims && r === nInputDims + 1) d += 1;
  if (d < 1 || d > r) refuse(where, `dimension ${dimension} is out of range for an input with ${r} dimensions`);
  return d - 1;
}

// A Reshape to the probed output sizes, the one batch-dependent size left for ONNX to infer.
function reshapeTo(ex, x, out, where) {
  const dims = out[1].map((s, i) => (s !== out[2][i] ? -1 : s));
  if (dims.filter((s) => s === -1).length > 1) refuse(where, `its output ${out[1].join('x')} has more than one size that depends on the batch`);
  return ex.op('Reshape', [x.tensor, ex.ints('shape', dims)]);
}

// A parameter of `count` elements broadcast over an input whose examples hold that many elements.
function exampleDims(x, count, where) {
  const batch = batchDims(x);
  const shape = x.shapes[1];
  if (product(shape) === count && !batch.some(Boolean)) return shape;
  if (batch[0] && !batch.slice(1).some(Boolean) && product(shape.slice(1)) === count) return shape.slice(1);
  refuse(where, `cannot broadcast a parameter of ${count} elements over an input of size ${shape.join('x')}`);
}

const unary = (type) => function (doc, x) { return this.op(type, [x.tensor]); };
const variadic = (type) => function (doc, x, probes, where) {
  const list = tableOf(x, where);
  if (list.length === 1) return this.op('Identity', [list[0].tensor]);
  return this.op(type, list.map((e) => e.tensor));
};
const chained = (type) => function (doc, x, probes, where) {
  const list = tableOf(x, where);
  return list.slice(1).reduce((acc, e) => this.op(type, [acc, e.tensor]), list.length === 1 ? this.op('Identity', [list[0].tensor]) : list[0].tensor);
};
const binary = (type) => function (doc, x, probes, where) {
  const list = tableOf(x, where);
  if (list.length !== 2) refuse(where, `expects a table of 2 tensors, got ${list.length}`);
  return this.op(type, [list[0].tensor, list[1].tensor]);
};
const reduce = (sumType) => function (doc, x, probes, where) {
  const [dimension = 1, nInputDims] = doc.args;
  const axis = torchAxis(dimension, nInputDims ?? 0, rank(x), where);
  const squeeze = doc.type === 'nn.Sum' ? doc.args[3] !== false : true;
  const keepdims = squeeze && rank(x) > 1 ? 0 : 1;
  const average = doc.type === 'nn.Mean' || (doc.type === 'nn.Sum' && doc.args[2] === true);
  const type = doc.type === 'nn.Max' ? 'ReduceMax' : doc.type === 'nn.Min' ? 'ReduceMin' : average ? 'ReduceMean' : sumType;
  // ReduceSum takes its axes as an input from opset 13, the others from opset 18.
  if (type === 'ReduceSum') return this.op(type, [x.tensor, this.ints('axes', [axis])], { keepdims });
  return this.op(type, [x.tensor], { axes: [axis], keepdims });
};

// module type -> (doc, input, probes, where) => ONNX name (tensor) or nested arrays (table)
const LEAVES = {
  'nn.Linear'(doc, x, probes, where) {
    const [inputSize, outputSize, withBias = true] = doc.args;
    if (rank(x) === 2) {
      const inputs = [x.tensor, this.parameterInitializer(doc, 0, where, 'weight')];
      if (withBias) inputs.push(this.parameterInitializer(doc, 1, where, 'bias'));
      return this.op('Gemm', inputs, { transB: 1 });
    }
    // a single example: x (in) times weight^T (in x out)
    const entry = this.parameter(doc, 0, where);
    const wt = this.floats('weight_t', [inputSize, outputSize], transposed(bytesToFloats(entry.bytes), outputSize, inputSize));
    const y = this.op('MatMul', [x.tensor, wt]);
    return withBias ? this.op('Add', [y, this.parameterInitializer(doc, 1, where, 'bias')]) : y;
  },
  'nn.Tanh': unary('Tanh'),
  'nn.Sigmoid': unary('Sigmoid'),
  'nn.ReLU': unary('Relu'),
  'nn.Abs': unary('Abs'),
  'nn.Exp': unary('Exp'),
  'nn.Log': unary('Log'),
  'nn.Sqrt': unary('Sqrt'),
  'nn.SoftSign': unary('Softsign'),
  'nn.Square'(doc, x) { return this.op('Mul', [x.tensor, x.tensor]); },
  'nn.Power'(doc, x) { return this.op('Pow', [x.tensor, this.scalar('exponent', doc.args[0])]); },
  'nn.AddConstant'(doc, x) { return this.op('Add', [x.tensor, this.scalar('constant', doc.args[0])]); },
  'nn.MulConstant'(doc, x) { return this.op('Mul', [x.tensor, this.scalar('constant', doc.args[0])]); },
  'nn.Clamp'(doc, x) { return this.op('Clip', [x.tensor, this.scalar('min', doc.args[0]), this.scalar('max', doc.args[1])]); },
  'nn.HardTanh'(doc, x) {
    const [min = -1, max = 1] = doc.args;
    return this.op('Clip', [x.tensor, this.scalar('min', min), this.scalar('max', max)]);
  },
  'nn.ELU'(doc, x) { return this.op('Elu', [x.tensor], { alpha: doc.args[0] ?? 1 }); },
  'nn.LeakyReLU'(doc, x) { return this.op('LeakyRelu', [x.tensor], { alpha: doc.args[0] ?? 0.01 }); },
  // Torch's SoftPlus: log(1 + exp(beta x)) / beta, and x itself where beta x > threshold. With
  // the defaults, ONNX's Softplus is the same function in float32 (past 20, log(1 + e^x) rounds
  // to x); otherwise the threshold needs a Where.
  'nn.SoftPlus'(doc, x) {
    const [beta = 1, threshold = 20] = doc.args;
    if (beta === 1 && threshold === 20) return this.op('Softplus', [x.tensor]);
    const bx = this.op('Mul', [x.tensor, this.scalar('beta', beta)]);
    const soft = this.op('Div', [this.op('Softplus', [bx]), this.scalar('beta', beta)]);
    return this.op('Where', [this.op('Greater', [bx, this.scalar('threshold', threshold)]), x.tensor, soft]);
  },
  // The engine's SoftMax and LogSoftMax take a vector or a batch x n matrix and normalize the
  // last dimension (Torch's rule for 1-D and 2-D inputs).
  'nn.SoftMax'(doc, x) { return this.op('Softmax', [x.tensor], { axis: -1 }); },
  'nn.LogSoftMax'(doc, x) { return this.op('LogSoftmax', [x.tensor], { axis: -1 }); },
  'nn.CAddTable': variadic('Sum'),
  'nn.CMaxTable': variadic('Max'),
  'nn.CMinTable': variadic('Min'),
  'nn.CMulTable': chained('Mul'),
  'nn.CSubTable': binary('Sub'),
  'nn.CDivTable': binary('Div'),
  'nn.JoinTable'(doc, x, probes, where) {
    const list = tableOf(x, where);
    const axis = torchAxis(doc.args[0], doc.args[1] ?? 0, rank(list[0]), where);
    return this.op('Concat', list.map((e) => e.tensor), { axis });
  },
  // A table of the slices along one dimension: Split into ones, then drop that dimension (a
  // vector is split into one-element vectors, as in Torch).
  'nn.SplitTable'(doc, x, probes, where) {
    const axis = torchAxis(doc.args[0], doc.args[1] ?? 0, rank(x), where);
    if (batchDims(x)[axis]) refuse(where, 'splitting along the batch dimension gives a table whose length is the batch size; ONNX outputs are fixed');
    const n = x.shapes[1][axis];
    const parts = n === 1 ? [this.op('Identity', [x.tensor])] : this.op('Split', [x.tensor, this.ints('split', new Array(n).fill(1))], { axis }, n, 'slice');
    if (rank(x) === 1) return parts;
    const axes = this.ints('axes', [axis]);
    return parts.map((p) => this.op('Squeeze', [p, axes]));
  },
  'nn.Narrow'(doc, x, probes, where) {
    const [dimension, offset, length = 1] = doc.args;
    const r = rank(x);
    const dim = dimension < 0 ? r + dimension + 1 : dimension;
    // Narrow.lua's rules: a negative length is size - offset + length + 2 elements; a negative
    // offset means index 1 and size - length elements
    const resolved = x.shapes.map((shape) => {
      const n = shape[dim - 1];
      const l = length < 0 ? n - offset + length + 2 : length;
      return offset < 0 ? [1, n - l] : [offset, l];
    });
    if (resolved.some(([o, l]) => o !== resolved[1][0] || l !== resolved[1][1]))
      refuse(where, `nn.Narrow(${doc.args.join(', ')}) counts from the end of the batch dimension, so it takes different elements for each batch size`);
    const [o, l] = resolved[1];
    return this.op('Slice', [x.tensor, this.ints('starts', [o - 1]), this.ints('ends', [o - 1 + l]), this.ints('axes', [dim - 1])]);
  },
  'nn.Select'(doc, x, probes, where) {
    const [dimension, index] = doc.args;
    const dim = dimension < 0 ? rank(x) + dimension + 1 : dimension;
    if (batchDims(x)[dim - 1] && index > 1) refuse(where, `selecting entry ${index} of the batch dimension depends on the batch size`);
    return this.op('Gather', [x.tensor, this.ints('index', [index > 0 ? index - 1 : index], [])], { axis: dim - 1 });
  },
  'nn.Reshape'(doc, x, probes, where) { return reshapeTo(this, x, probes, where); },
  'nn.View'(doc, x, probes, where) { return reshapeTo(this, x, probes, where); },
  'nn.Squeeze'(doc, x, probes, where) { return reshapeTo(this, x, probes, where); },
  'nn.Unsqueeze'(doc, x, probes, where) { return reshapeTo(this, x, probes, where); },
  'nn.Transpose'(doc, x, probes, where) {
    const r = rank(x);
    const perm = Array.from({ length: r }, (_, i) => i);
    for (let i = 0; i < doc.args.length; i += 2) {
      const a = (doc.args[i] < 0 ? r + doc.args[i] + 1 : doc.args[i]) - 1;
      const b = (doc.args[i + 1] < 0 ? r + doc.args[i + 1] + 1 : doc.args[i + 1]) - 1;
      [perm[a], perm[b]] = [perm[b], perm[a]];
    }
    return this.op('Transpose', [x.tensor], { perm });
  },
  'nn.Replicate'(doc, x, probes, where) {
    const [nf, dim = 1, ndim = 0] = doc.args;
    const rdim = dim + (ndim && ndim < rank(x) ? 1 : 0);
    // nf copies side by side (Concat rather than Expand: it imports back as a JoinTable)
    const unsqueezed = this.op('Unsqueeze', [x.tensor, this.ints('axes', [rdim - 1])]);
    return this.op('Concat', new Array(nf).fill(unsqueezed), { axis: rdim - 1 });
  },
  'nn.Sum': reduce('ReduceSum'),
  'nn.Mean': reduce('ReduceSum'),
  'nn.Max': reduce('ReduceSum'),
  'nn.Min': reduce('ReduceSum'),
  'nn.MM'(doc, x, probes, where) {
    const [transA = false, transB = false] = doc.args;
    const list = tableOf(x, where);
    const r = rank(list[0]);
    const perm = r === 3 ? [0, 2, 1] : [1, 0];
    const a = transA ? this.op('Transpose', [list[0].tensor], { perm }) : list[0].tensor;
    const b = transB ? this.op('Transpose', [list[1].tensor], { perm }) : list[1].tensor;
    return this.op('MatMul', [a, b]);
  },
  'nn.DotProduct'(doc, x, probes, where) {
    const [a, b] = tableOf(x, where);
    const sum = this.op('ReduceSum', [this.op('Mul', [a.tensor, b.tensor]), this.ints('axes', [-1])], { keepdims: 0 });
    return rank(a) === 1 ? this.op('Reshape', [sum, this.ints('shape', [1])]) : sum;
  },
  // cos = a.b / sqrt((a.a + eps)(b.b + eps)) per row, eps = 1e-12 as Torch's (and the engine's)
  'nn.CosineDistance'(doc, x, probes, where) {
    const [a, b] = tableOf(x, where);
    const axes = this.ints('axes', [-1]);
    const dot = (u, v) => this.op('ReduceSum', [this.op('Mul', [u, v]), axes], { keepdims: 0 });
    const eps = this.scalar('epsilon', 1e-12);
    const norms = this.op('Mul', [this.op('Add', [dot(a.tensor, a.tensor), eps]), this.op('Add', [dot(b.tensor, b.tensor), eps])]);
    const cos = this.op('Div', [dot(a.tensor, b.tensor), this.op('Sqrt', [norms])]);
    return rank(a) === 1 ? this.op('Reshape', [cos, this.ints('shape', [1])]) : cos;
  },
  // ||a - b||_p per row
  'nn.PairwiseDistance'(doc, x, probes, where) {
    const [a, b] = tableOf(x, where);
    const p = doc.args[0] ?? 2;
    let d = this.op('Abs', [this.op('Sub', [a.tensor, b.tensor])]);
    if (p !== 1) d = this.op('Pow', [d, this.scalar('p', p)]);
    let y = this.op('ReduceSum', [d, this.ints('axes', [-1])], { keepdims: 0 });
    if (p !== 1) y = this.op('Pow', [y, this.scalar('inverse_p', 1 / p)]);
    return rank(a) === 1 ? this.op('Reshape', [y, this.ints('shape', [1])]) : y;
  },
  // y[b, k] = x1[b] W_k x2[b] (+ bias_k)
  'nn.Bilinear'(doc, x, probes, where) {
    const [x1, x2] = tableOf(x, where);
    const withBias = doc.args[3] !== false;
    const y = this.op('Einsum', [x1.tensor, this.parameterInitializer(doc, 0, where, 'weight'), x2.tensor], { equation: 'bi,kij,bj->bk' });
    return withBias ? this.op('Add', [y, this.parameterInitializer(doc, 1, where, 'bias')]) : y;
  },
  // Indices are float32 in the engine and 1-based: Cast, minus one, Gather rows of the weight.
  'nn.LookupTable'(doc, x, probes, where) {
    const indices = this.op('Sub', [this.op('Cast', [x.tensor], { to: INT64 }), this.ints('one', [1], [])]);
    return this.op('Gather', [this.parameterInitializer(doc, 0, where, 'weight'), indices], { axis: 0 });
  },
  // Learnable biases and scales, broadcast over the examples of a batch.
  'nn.Add'(doc, x, probes, where) {
    const scalar = doc.args[1] === true;
    const count = scalar ? 1 : doc.args[0];
    const dims = scalar ? [1] : exampleDims(x, count, where);
    return this.op('Add', [x.tensor, this.parameterInitializer(doc, 0, where, 'bias', dims)]);
  },
  'nn.CAdd'(doc, x, probes, where) {
    const count = product(doc.parameters[0].shape ?? doc.args);
    return this.op('Add', [x.tensor, this.parameterInitializer(doc, 0, where, 'bias', exampleDims(x, count, where))]);
  },
  'nn.CMul'(doc, x, probes, where) {
    const count = product(doc.parameters[0].shape ?? doc.args);
    return this.op('Mul', [x.tensor, this.parameterInitializer(doc, 0, where, 'weight', exampleDims(x, count, where))]);
  },
  'nn.Mul'(doc, x, probes, where) {
    return this.op('Mul', [x.tensor, this.parameterInitializer(doc, 0, where, 'weight', [1])]);
  },
};

const CONTAINERS = {
  'nn.Sequential'(doc, x, where) {
    return (doc.children ?? []).reduce((v, child, i) => this.module(child, v, `${where}, module ${i + 1} of the nn.Sequential`), x);
  },
  'nn.ConcatTable'(doc, x, where) {
    return { table: (doc.children ?? []).map((child, i) => this.module(child, x, `${where}, module ${i + 1} of the nn.ConcatTable`)) };
  },
  'nn.ParallelTable'(doc, x, where) {
    const list = tableOf(x, where);
    const children = doc.children ?? [];
    if (list.length < children.length) refuse(where, `nn.ParallelTable has ${children.length} modules but receives a table of ${list.length}`);
    return { table: children.map((child, i) => this.module(child, list[i], `${where}, module ${i + 1} of the nn.ParallelTable`)) };
  },
  'nn.MapTable'(doc, x, where) {
    const list = tableOf(x, where);
    const child = doc.children?.[0];
    if (!child) refuse(where, 'nn.MapTable without a module');
    return { table: list.map((e, i) => this.module(child, e, `${where}, entry ${i + 1} of the nn.MapTable`)) };
  },
  'nn.Concat'(doc, x, where) {
    const outs = (doc.children ?? []).map((child, i) => this.module(child, x, `${where}, module ${i + 1} of the nn.Concat`));
    if (outs.some(isTable)) refuse(where, 'nn.Concat joins tensors, but a module gives a table');
    const d = doc.args[0], r = rank(outs[0]);
    const axis = d < 0 ? r + d : d - 1;
    const name = this.op('Concat', outs.map((o) => o.tensor), { axis });
    const shapes = outs[0].shapes.map((s, k) => s.map((size, i) => (i === axis ? outs.reduce((acc, o) => acc + o.shapes[k][i], 0) : size)));
    return { tensor: name, shapes };
  },
};

function attributeProto(name, value) {
  if (typeof value === 'string') return { name, type: onnx.AttributeProto.AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: onnx.AttributeProto.AttributeType.INTS, ints: value };
  if (Number.isInteger(value) && name !== 'alpha' && name !== 'beta') return { name, type: onnx.AttributeProto.AttributeType.INT, i: value };
  return { name, type: onnx.AttributeProto.AttributeType.FLOAT, f: value };
}

function valueInfo(name, shapes) {
  const [, b2, b3] = shapes;
  const dim = b2.map((s, i) => (s === b3[i] ? { dimValue: s } : s === 2 && b3[i] === 3 ? { dimParam: 'batch' } : {}));
  return { name, type: { tensorType: { elemType: FLOAT, shape: { dim } } } };
}

// The sizes of the model's inputs when the caller does not give them: a graph input (or a
// container) read first by an nn.Linear takes batch x inputSize.
function inferInputShapes(doc) {
  const linearSize = (m) => {
    if (!m) return null;
    if (m.type === 'nn.Linear') return [1, m.args[0]];
    if (m.type === 'nn.Sequential') return linearSize(m.children?.[0]);
    if (m.type === 'nn.gModule') {
      const shapes = inferInputShapes(m);
      return shapes && shapes.length === 1 ? shapes[0] : null;
    }
    return null;
  };
  if (doc.type !== 'nn.gModule') {
    const s = linearSize(doc);
    return s ? [s] : null;
  }
  const shapes = doc.inputs.map((id) => {
    const input = doc.nodes.find((n) => n.id === id);
    if (input.module.type !== 'nn.Identity') return linearSize(input.module);
    const readers = doc.nodes.filter((n) => n.inputs && n.inputs.length === 1 && n.inputs[0] === id);
    for (const r of readers) {
      const s = linearSize(r.module);
      if (s) return s;
    }
    return null;
  });
  return shapes.every(Boolean) ? shapes : null;
}

function checkShapeSpec(spec, path) {
  if (!Array.isArray(spec)) throw new TypeError(`toONNX: ${path} must be an array of sizes (batch first) or an array of such arrays (a table), got ${typeof spec}`);
  if (spec.every((s) => typeof s === 'number')) {
    if (spec.length === 0 || !spec.every((s) => Number.isInteger(s) && s > 0))
      throw new TypeError(`toONNX: ${path} must hold positive integer sizes, batch first, e.g. [1, 3]; got [${spec.join(', ')}]`);
    return;
  }
  spec.forEach((s, i) => checkShapeSpec(s, `${path}[${i}]`));
}

/**
 * An ONNX model (opset 17, IR version 8) of a module's forward computation, in evaluate mode:
 * parameters as float32 initializers, inputs and outputs named from the gModule's annotations
 * (input1..., output1... otherwise; a table becomes one ONNX value per tensor, name_1, name_2),
 * the batch dimension symbolic. options.inputShapes gives the sizes of the model's inputs, one
 * entry per input of a gModule (one for other modules), the batch size first; an entry that is an
 * array of entries is a table. Without it, inputs read by an nn.Linear take [batch, inputSize].
 * An unexportable module is an Error naming its node and the reason.
 */
export function toONNX(module, options = {}) {
  const { nn, torch } = engine;
  if (!nn) throw new Error('toONNX: the engine is not loaded; await load() from nngraph-wasm first');
  if (!nn.isModule(module)) throw new TypeError(`toONNX(module): expected a module or gModule of nngraph-wasm, got ${module === null ? 'null' : typeof module}`);
  if (options === null || typeof options !== 'object') throw new TypeError('toONNX(module, options): options must be an object like { inputShapes, name }');
  const doc = JSON.parse(module.save());
  const { format, version } = doc;
  resolveShared(doc);
  const inputCount = doc.type === 'nn.gModule' ? doc.inputs.length : 1;
  let specs = options.inputShapes;
  if (specs === undefined) {
    specs = inferInputShapes(doc);
    if (!specs)
      throw new Error(`toONNX: cannot tell the sizes of the model's ${inputCount === 1 ? 'input' : `${inputCount} inputs`} (only inputs read by an nn.Linear are inferred); pass them: toONNX(m, { inputShapes: [${Array(inputCount).fill('[1, 3]').join(', ')}] }), batch size first`);
  }
  checkShapeSpec(specs, 'options.inputShapes');
  if (specs.length !== inputCount || specs.every((s) => typeof s === 'number'))
    throw new TypeError(`toONNX: options.inputShapes needs one entry per model input (${inputCount}), each an array of sizes such as [1, 3]`);

  const ex = new Exporter(nn, torch, { format, version });
  if (doc.type === 'nn.gModule') ex.labels = module.inspect().nodes.map((n) => n.label);  // save()'s node order
  const inputNames = doc.type === 'nn.gModule'
    ? doc.inputs.map((id, i) => doc.nodes.find((n) => n.id === id).name || `input${i + 1}`)
    : ['input1'];
  const graphInputs = [];
  const makeInput = (spec, name) => {
    if (spec.every((s) => typeof s === 'number')) {
      const tensor = ex.fresh(name);
      const shapes = PROBE_BATCHES.map((b) => [b, ...spec.slice(1)]);
      graphInputs.push(valueInfo(tensor, shapes));
      return { tensor, shapes };
    }
    return { table: spec.map((s, i) => makeInput(s, `${name}_${i + 1}`)) };
  };
  const values = specs.map((spec, i) => makeInput(spec, inputNames[i]));
  const x = values.length === 1 ? values[0] : { table: values };

  let result;
  try {
    result = ex.module(doc, x, 'the model');
  } catch (error) {
    if (error instanceof ExportError) throw new Error(error.message);
    throw error;
  }

  const outputNames = doc.type === 'nn.gModule'
    ? doc.outputs.map((id, i) => doc.nodes.find((n) => n.id === id).name || `output${i + 1}`)
    : ['output1'];
  const graphOutputs = [];
  const makeOutput = (v, name) => {
    if (isTable(v)) return v.table.forEach((e, i) => makeOutput(e, `${name}_${i + 1}`));
    graphOutputs.push(valueInfo(ex.op('Identity', [v.tensor], {}, 1, name), v.shapes));
  };
  if (outputNames.length === 1) makeOutput(result, outputNames[0]);
  else result.table.forEach((v, i) => makeOutput(v, outputNames[i]));

  const model = {
    irVersion: IR_VERSION,
    producerName: 'nngraph-wasm',
    opsetImport: [{ domain: '', version: OPSET }],
    graph: {
      name: options.name ?? doc.type,
      node: ex.nodes,
      initializer: ex.initializers,
      input: graphInputs,
      output: graphOutputs,
    },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

