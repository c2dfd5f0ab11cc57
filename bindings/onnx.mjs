// nngraph-wasm/onnx: a graph out to ONNX (toONNX) and an ONNX model in as a gModule (fromONNX).
//
//   import { toONNX, fromONNX } from 'nngraph-wasm/onnx';
//   const bytes = toONNX(g, { inputShapes: [[1, 3], [1, 3]] });  // Uint8Array, an ONNX ModelProto
//   const g2 = await fromONNX(bytes);                            // a gModule
//
// Layered over the public API only, like the playground: the module's structure and weights come
// from its saved-graph document (module.save(), core/serialize.cpp), an imported model is written
// as such a document and built by nn.load(). The wire format is onnx-proto's (generated protobufjs
// code for onnx.proto), kept out of the core entry so that the engine keeps its size budget.
//
// Shapes: Torch resolves dimensions from the input's rank (JoinTable(2, 1), Reshape's batch mode,
// negative offsets), so the exporter runs every module on probe inputs of the given sizes, with
// the batch of every graph input set to 1, 2 and 3. A size that changes with the batch becomes
// symbolic in ONNX; a module whose output rank or table length changes with the batch (Torch's
// View and Squeeze drop a batch of 1) has no single ONNX form and is refused with a sentence.
import onnxProto from 'onnx-proto';
import { load } from './index.mjs';
import { engine } from './engine-ref.mjs';

const { onnx } = onnxProto;
const FLOAT = 1, INT64 = 7;
export const OPSET = 17;
export const IR_VERSION = 8;
const PROBE_BATCHES = [1, 2, 3];

// ---------------------------------------------------------------------------------------------
// bytes <-> base64 (the saved-graph format keeps float32 little-endian data in base64)

function bytesToBase64(bytes) {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function base64ToBytes(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; ++i) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function floatsToBytes(values) {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return bytes;
}

function bytesToFloats(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < out.length; ++i) out[i] = view.getFloat32(i * 4, true);
  return out;
}

const product = (sizes) => sizes.reduce((a, b) => a * b, 1);

// rows x cols row-major -> cols x rows
function transposed(values, rows, cols) {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; ++r) for (let c = 0; c < cols; ++c) out[c * rows + r] = values[r * cols + c];
  return out;
}

// =============================================================================================
// Export

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
    const resolved = x.shapes.map((shape) => {
      const n = shape[dim - 1];
      const o = offset < 0 ? n + offset + 1 : offset;
      return [o, length < 0 ? n - o + length + 2 : length];
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

// =============================================================================================
// Import

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
