// nngraph-wasm/onnx: exported models run in ONNX Runtime (onnxruntime-node, an independent engine)
// with our outputs; every exported model imports back with the same outputs; hand-built models
// import; unsupported operators and malformed bytes are Errors with sentences, leaving nothing
// allocated.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { toONNX, fromONNX } from 'nngraph-wasm/onnx';
import { ng, torch, nn, lstmCell } from './helpers.mjs';

const { onnx } = onnxProto;
const TOLERANCE = 1e-5;  // |ours - theirs| <= 1e-5 * max(1, |ours|, |theirs|)
const agreement = {};     // model -> max relative error against ONNX Runtime, over batches 1 and 7

const flatten = (v) => (Array.isArray(v) ? v.flatMap(flatten) : [v]);

// Inputs for one batch size from a shape spec (batch first): rand in [-1, 1), or in [0.5, 1.5)
// for modules that need positive inputs.
function inputsFor(spec, batch, positive, indices) {
  if (spec.every((s) => typeof s === 'number')) {
    const t = torch.rand(batch, ...spec.slice(1));
    const data = t.toFloat32Array().map((v) => (indices ? 1 + Math.floor(v * indices) : positive ? v + 0.5 : 2 * v - 1));
    t.dispose();
    return torch.tensor(data, [batch, ...spec.slice(1)]);
  }
  return spec.map((s) => inputsFor(s, batch, positive, indices));
}

function maxRelativeError(ours, theirs) {
  let worst = 0;
  for (let i = 0; i < ours.length; ++i)
    worst = Math.max(worst, Math.abs(ours[i] - theirs[i]) / Math.max(1, Math.abs(ours[i]), Math.abs(theirs[i])));
  return worst;
}

// Exports m, runs it in ONNX Runtime and in the engine at batch sizes 1 and 7, compares; then
// imports the bytes and compares the imported graph's outputs with ours.
async function roundTrip(name, m, inputShapes, { positive = false, indices = 0, infer = false } = {}) {
  m.evaluate();
  const bytes = toONNX(m, infer ? {} : { inputShapes });
  assert.ok(bytes instanceof Uint8Array && bytes.length > 0);
  const session = await ort.InferenceSession.create(bytes);
  const imported = await fromONNX(bytes);
  let worst = 0;
  try {
    for (const batch of [1, 7]) {
      const values = inputShapes.map((s) => inputsFor(s, batch, positive, indices));
      const graphInput = values.length > 1 ? values : values[0];
      const ours = flatten(m.forward(graphInput)).map((t) => ({ shape: t.shape, data: Float32Array.from(t.toFloat32Array()) }));
      const feeds = {};
      flatten(values).forEach((t, i) => { feeds[session.inputNames[i]] = new ort.Tensor('float32', t.toFloat32Array(), t.shape); });
      const results = await session.run(feeds);
      assert.equal(session.outputNames.length, ours.length, `${name}: ONNX outputs ${session.outputNames.length}, ours ${ours.length}`);
      session.outputNames.forEach((outName, i) => {
        const theirs = results[outName];
        assert.deepEqual(theirs.dims.map(Number), ours[i].shape, `${name}, batch ${batch}: output ${outName} has size ${theirs.dims.join('x')} in ONNX Runtime, ${ours[i].shape.join('x')} here`);
        const error = maxRelativeError(ours[i].data, theirs.data);
        worst = Math.max(worst, error);
        assert.ok(error <= TOLERANCE, `${name}, batch ${batch}: output ${outName} differs from ONNX Runtime's by ${error} (relative)`);
      });
      // ONNX has no tables: the imported graph takes and gives the flattened tensors
      const flatInput = flatten(values);
      const back = flatten(imported.forward(flatInput.length > 1 ? flatInput : flatInput[0])).map((t) => t.toFloat32Array());
      assert.equal(back.length, ours.length, `${name}: the imported graph gives ${back.length} outputs`);
      back.forEach((data, i) => {
        const error = maxRelativeError(ours[i].data, data);
        assert.ok(error <= 1e-6, `${name}, batch ${batch}: the imported graph's output ${i + 1} differs by ${error}`);
      });
      values.forEach(ng.dispose);
    }
  } finally {
    imported.dispose();
    await session.release();
  }
  agreement[name] = worst;
  return bytes;
}

after(() => {
  const rows = Object.entries(agreement).map(([k, v]) => `${k}: ${v.toExponential(2)}`);
  console.log(`# ONNX Runtime agreement (max relative error, batches 1 and 7):\n#   ${rows.join('\n#   ')}`);
});

const counts = () => {
  const { tensors, modules, criterions, nodes } = ng.memory();
  return { tensors, modules, criterions, nodes };
};

describe('toONNX: the project graphs run in ONNX Runtime with our outputs', () => {
  test('the seed graph (two inputs, shapes inferred from the Linears)', async () => {
    torch.manualSeed(1);
    const in1 = nn.Identity()(), in2 = nn.Identity()();
    const score = nn.CAddTable()([nn.Linear(3, 5)(in1), nn.Linear(3, 5)(in2)]);
    const g = nn.gModule([in1, in2], [score]);
    const bytes = toONNX(g);
    const model = onnx.ModelProto.decode(bytes);
    assert.equal(Number(model.opsetImport[0].version), 17);
    assert.deepEqual(model.graph.input.map((i) => i.type.tensorType.shape.dim.map((d) => d.dimParam || Number(d.dimValue))), [['batch', 3], ['batch', 3]]);
    await roundTrip('seed graph', g, [[1, 3], [1, 3]], { infer: true });
    g.dispose();
  });

  test("the answer's fan-out graph, inputs and outputs named from annotations", async () => {
    torch.manualSeed(7);
    const x1 = nn.Identity()().annotate({ name: 'x1' }), x2 = nn.Identity()().annotate({ name: 'x2' });
    const a = nn.Linear(3, 4)(x1).annotate({ name: 'a' });
    const b = nn.Tanh()(nn.Linear(3, 4)(x2));
    const out = nn.CAddTable()([nn.CMulTable()([a, b]), a]).annotate({ name: 'score' });
    const g = nn.gModule([x1, x2], [out]);
    const model = onnx.ModelProto.decode(await roundTrip('fan-out graph', g, [[1, 3], [1, 3]]));
    assert.deepEqual(model.graph.input.map((i) => i.name), ['x1', 'x2']);
    assert.deepEqual(model.graph.output.map((o) => o.name), ['score']);
    g.dispose();
  });

  test('an MLP with LogSoftMax (an nn.Sequential, shape inferred)', async () => {
    torch.manualSeed(3);
    const mlp = nn.Sequential().add(nn.Linear(4, 8)).add(nn.Tanh()).add(nn.Linear(8, 3)).add(nn.LogSoftMax());
    await roundTrip('MLP with LogSoftMax', mlp, [[1, 4]], { infer: true });
    mlp.dispose();
  });

  test('an LSTM cell: Reshape + SplitTable + split', async () => {
    torch.manualSeed(4);
    const H = 4;
    const x = nn.Identity()(), prevC = nn.Identity()(), prevH = nn.Identity()();
    const all = nn.CAddTable()([nn.Linear(3, 4 * H)(x), nn.Linear(H, 4 * H)(prevH)]);
    const [i, f, o, gate] = nn.SplitTable(2)(nn.Reshape(4, H)(all)).split(4);
    const nextC = nn.CAddTable()([nn.CMulTable()([nn.Sigmoid()(f), prevC]), nn.CMulTable()([nn.Sigmoid()(i), nn.Tanh()(gate)])]);
    const nextH = nn.CMulTable()([nn.Sigmoid()(o), nn.Tanh()(nextC)]);
    const g = nn.gModule([x, prevC, prevH], [nextC, nextH]);
    await roundTrip('LSTM cell (Reshape + SplitTable)', g, [[1, 3], [1, H], [1, H]]);
    g.dispose();
  });

  test('an LSTM cell with Narrow gates (helpers.lstmCell)', async () => {
    torch.manualSeed(5);
    const { g } = lstmCell(3, 4);
    await roundTrip('LSTM cell (Narrow)', g, [[1, 3], [1, 4], [1, 4]]);
    g.dispose();
  });

  test('nested tables in and out: {a, {b, c}} -> {s, {b, c}}', async () => {
    torch.manualSeed(6);
    const inp = nn.Identity()();
    const [a, bc] = inp.split(2);
    const [b, c] = bc.split(2);
    const s = nn.CAddTable()([nn.Linear(3, 3)(a), nn.CMulTable()([b, c])]);
    const pair = nn.ConcatTable().add(nn.Tanh()).add(nn.Sigmoid())(c);
    const g = nn.gModule([inp], [s, pair]);
    const model = onnx.ModelProto.decode(await roundTrip('nested tables', g, [[[1, 3], [[1, 3], [1, 3]]]]));
    assert.deepEqual(model.graph.input.map((i) => i.name), ['input1_1', 'input1_2_1', 'input1_2_2']);
    assert.deepEqual(model.graph.output.map((o) => o.name), ['output1', 'output2_1', 'output2_2']);
    g.dispose();
  });

  test('shared parameters (clone with weight and bias) are one initializer', async () => {
    torch.manualSeed(9);
    const x = nn.Identity()();
    const first = nn.Linear(3, 3);
    const second = first.clone('weight', 'bias');
    const g = nn.gModule([x], [second(nn.Tanh()(first(x)))]);
    const model = onnx.ModelProto.decode(await roundTrip('shared parameters', g, [[1, 3]]));
    assert.equal(model.graph.initializer.length, 2, model.graph.initializer.map((t) => t.name).join(', '));
    const back = await fromONNX(onnx.ModelProto.encode(model).finish());
    const [a, b] = back.modules.filter((m) => m.typeName === 'nn.Linear');
    a.weight.fill(2);
    assert.equal(b.weight.toArray()[0][0], 2, 'imported back, the two Linears still share their weight');
    back.dispose();
    g.dispose();
  });

  test('a nested gModule is flattened', async () => {
    torch.manualSeed(8);
    const ix = nn.Identity()();
    const inner = nn.gModule([ix], [nn.Tanh()(nn.Linear(3, 4)(ix))]);
    const x = nn.Identity()();
    const h = inner(x);
    const g = nn.gModule([x], [nn.LogSoftMax()(nn.Linear(4, 2)(h))]);
    const model = onnx.ModelProto.decode(await roundTrip('nested gModule', g, [[1, 3]]));
    assert.ok(!model.graph.node.some((n) => n.opType === 'Function'), 'flattened into plain operators');
    g.dispose();
  });
});

// One small graph per module in the README's mapping table.
const graphOf = (build, count = 1) => () => {
  const ins = Array.from({ length: count }, () => nn.Identity()());
  return nn.gModule(ins, [build(count === 1 ? ins[0] : ins)]);
};
const MODULES = [
  ['nn.Linear', () => nn.Linear(5, 3), [[1, 5]]],
  ['nn.Linear without bias', () => nn.Linear(5, 3, false), [[1, 5]]],
  ['nn.Linear on a vector (Select first)', graphOf((x) => nn.Linear(5, 2)(nn.Select(1, 1)(x))), [[1, 5]]],
  ['nn.Tanh', () => nn.Tanh(), [[1, 5]]],
  ['nn.Sigmoid', () => nn.Sigmoid(), [[1, 5]]],
  ['nn.ReLU', () => nn.ReLU(), [[1, 5]]],
  ['nn.Abs', () => nn.Abs(), [[1, 5]]],
  ['nn.Exp', () => nn.Exp(), [[1, 5]]],
  ['nn.Log', () => nn.Log(), [[1, 5]], { positive: true }],
  ['nn.Sqrt', () => nn.Sqrt(), [[1, 5]], { positive: true }],
  ['nn.SoftSign', () => nn.SoftSign(), [[1, 5]]],
  ['nn.Square', () => nn.Square(), [[1, 5]]],
  ['nn.Power', () => nn.Power(2.5), [[1, 5]], { positive: true }],
  ['nn.AddConstant', () => nn.AddConstant(0.5), [[1, 5]]],
  ['nn.MulConstant', () => nn.MulConstant(-2), [[1, 5]]],
  ['nn.Clamp', () => nn.Clamp(-0.3, 0.4), [[1, 5]]],
  ['nn.HardTanh', () => nn.HardTanh(-0.5, 0.5), [[1, 5]]],
  ['nn.ELU', () => nn.ELU(0.7), [[1, 5]]],
  ['nn.LeakyReLU', () => nn.LeakyReLU(0.1), [[1, 5]]],
  ['nn.SoftPlus', () => nn.SoftPlus(), [[1, 5]]],
  ['nn.SoftPlus with beta and a low threshold (Where)', () => nn.SoftPlus(2, 0.2), [[1, 5]]],
  ['nn.SoftMax', () => nn.SoftMax(), [[1, 5]]],
  ['nn.LogSoftMax', () => nn.LogSoftMax(), [[1, 5]]],
  ['nn.Identity', () => nn.Identity(), [[1, 5]]],
  ['nn.Dropout (evaluate mode)', () => nn.Dropout(0.5), [[1, 5]]],
  ['nn.Add', () => nn.Add(5), [[1, 5]]],
  ['nn.Add (scalar)', () => nn.Add(5, true), [[1, 5]]],
  ['nn.CAdd', () => nn.CAdd(5), [[1, 5]]],
  ['nn.CAdd over 2x3 examples', () => nn.CAdd(2, 3), [[1, 2, 3]]],
  ['nn.CMul', () => nn.CMul(5), [[1, 5]]],
  ['nn.Mul', () => nn.Mul(), [[1, 5]]],
  ['nn.CAddTable', graphOf((xs) => nn.CAddTable()(xs), 3), [[1, 4], [1, 4], [1, 4]]],
  ['nn.CSubTable', graphOf((xs) => nn.CSubTable()(xs), 2), [[1, 4], [1, 4]]],
  ['nn.CMulTable', graphOf((xs) => nn.CMulTable()(xs), 3), [[1, 4], [1, 4], [1, 4]]],
  ['nn.CDivTable', graphOf((xs) => nn.CDivTable()(xs), 2), [[1, 4], [1, 4]], { positive: true }],
  ['nn.CMaxTable', graphOf((xs) => nn.CMaxTable()(xs), 3), [[1, 4], [1, 4], [1, 4]]],
  ['nn.CMinTable', graphOf((xs) => nn.CMinTable()(xs), 2), [[1, 4], [1, 4]]],
  ['nn.JoinTable', graphOf((xs) => nn.JoinTable(2)(xs), 2), [[1, 4], [1, 3]]],
  ['nn.JoinTable with nInputDims', graphOf((xs) => nn.JoinTable(1, 1)(xs), 2), [[1, 4], [1, 3]]],
  ['nn.JoinTable along the batch', graphOf((xs) => nn.JoinTable(1)(xs), 2), [[1, 4], [1, 4]]],
  ['nn.SplitTable', graphOf((x) => nn.CSubTable()(nn.SplitTable(2)(x).split(2))), [[1, 2, 3]]],
  ['nn.SplitTable (negative dimension)', graphOf((x) => nn.CAddTable()(nn.SplitTable(-1)(x).split(3))), [[1, 2, 3]]],
  ['nn.Reshape', () => nn.Reshape(2, 3), [[1, 6]]],
  ['nn.View(-1, n)', () => nn.View(-1, 3), [[1, 6]]],
  ['nn.Squeeze(d)', () => nn.Squeeze(2), [[1, 1, 4]]],
  ['nn.Unsqueeze', () => nn.Unsqueeze(2), [[1, 4]]],
  ['nn.Transpose', () => nn.Transpose([2, 3]), [[1, 2, 3]]],
  ['nn.Transpose (two pairs)', () => nn.Transpose([1, 3], [2, 3]), [[1, 2, 3]]],
  ['nn.Narrow', () => nn.Narrow(2, 2, 3), [[1, 6]]],
  ['nn.Narrow (negative length: to the end but one)', () => nn.Narrow(2, 2, -2), [[1, 6]]],
  ['nn.Narrow (negative offset: Narrow.lua takes 1..size - length)', () => nn.Narrow(2, -2, 2), [[1, 6]]],
  ['nn.Select', () => nn.Select(2, 3), [[1, 4]]],
  ['nn.Select (negative index)', () => nn.Select(-1, -1), [[1, 2, 4]]],
  ['nn.Sum', () => nn.Sum(2), [[1, 4]]],
  ['nn.Sum (sizeAverage, no squeeze)', () => nn.Sum(2, null, true, false), [[1, 3, 4]]],
  ['nn.Mean', () => nn.Mean(2), [[1, 4]]],
  ['nn.Mean with nInputDims', () => nn.Mean(1, 1), [[1, 4]]],
  ['nn.Max', () => nn.Max(2), [[1, 4]]],
  ['nn.Min', () => nn.Min(-1), [[1, 3, 4]]],
  ['nn.Replicate', () => nn.Replicate(3, 2), [[1, 4]]],
  ['nn.Replicate with ndim', () => nn.Replicate(2, 1, 1), [[1, 4]]],
  ['nn.MM', graphOf((xs) => nn.MM()(xs), 2), [[1, 2, 3], [1, 3, 4]]],
  ['nn.MM (transposed)', graphOf((xs) => nn.MM(true, true)(xs), 2), [[1, 3, 2], [1, 4, 3]]],
  ['nn.DotProduct', graphOf((xs) => nn.DotProduct()(xs), 2), [[1, 4], [1, 4]]],
  ['nn.SelectTable', graphOf((xs) => nn.Tanh()(nn.SelectTable(-1)(xs)), 2), [[1, 4], [1, 3]]],
  ['nn.NarrowTable + nn.FlattenTable', graphOf((x) => nn.CAddTable()(nn.NarrowTable(2, 2)(nn.FlattenTable()(x)))), [[[1, 3], [[1, 3], [1, 3]]]]],
  ['nn.CosineDistance', graphOf((xs) => nn.CosineDistance()(xs), 2), [[1, 4], [1, 4]]],
  ['nn.PairwiseDistance', graphOf((xs) => nn.PairwiseDistance(2)(xs), 2), [[1, 4], [1, 4]]],
  ['nn.PairwiseDistance (p = 1)', graphOf((xs) => nn.PairwiseDistance(1)(xs), 2), [[1, 4], [1, 4]]],
  ['nn.PairwiseDistance (p = 3)', graphOf((xs) => nn.PairwiseDistance(3)(xs), 2), [[1, 4], [1, 4]]],
  ['nn.Bilinear', graphOf((xs) => nn.Bilinear(3, 4, 2)(xs), 2), [[1, 3], [1, 4]]],
  ['nn.Bilinear without bias', graphOf((xs) => nn.Bilinear(3, 4, 2, false)(xs), 2), [[1, 3], [1, 4]]],
  ['nn.LookupTable', () => nn.LookupTable(6, 3), [[1, 4]], { indices: 6 }],
  ['nn.Sequential', () => nn.Sequential().add(nn.Linear(4, 3)).add(nn.ReLU()), [[1, 4]]],
  ['nn.ConcatTable', graphOf((x) => nn.CAddTable()(nn.ConcatTable().add(nn.Linear(4, 2)).add(nn.Linear(4, 2))(x))), [[1, 4]]],
  ['nn.ParallelTable', graphOf((xs) => nn.JoinTable(2)(nn.ParallelTable().add(nn.Linear(4, 2)).add(nn.Tanh())(xs)), 2), [[1, 4], [1, 3]]],
  ['nn.MapTable', graphOf((xs) => nn.CAddTable()(nn.MapTable(nn.Linear(3, 2))(xs)), 2), [[1, 3], [1, 3]]],
  ['nn.Concat', () => nn.Concat(2).add(nn.Linear(4, 2)).add(nn.Tanh()), [[1, 4]]],
];

describe('toONNX: every module of the mapping table agrees with ONNX Runtime (batches 1 and 7)', () => {
  for (const [name, build, shapes, opts] of MODULES) {
    test(name, async () => {
      torch.manualSeed(11);
      const m = build();
      try {
        await roundTrip(name, m, shapes, opts);
      } finally {
        m.dispose();
      }
    });
  }
});

describe('toONNX: modules ONNX cannot express are Errors naming the node and the reason', () => {
  const refused = (build, shapes, pattern) => () => {
    const m = build();
    const before = counts();
    try {
      assert.throws(() => toONNX(m, shapes ? { inputShapes: shapes } : {}), (e) => e instanceof Error && pattern.test(e.message));
      assert.deepEqual(counts(), before, 'nothing left allocated');
    } finally {
      m.dispose();
    }
  };
  test('Dropout in training mode', refused(() => nn.Sequential().add(nn.Linear(3, 3)).add(nn.Dropout(0.5)), [[1, 3]],
    /module 2 of the nn.Sequential: nn.Dropout is in training mode.*evaluate\(\)/));
  test('a View whose rank changes with the batch size', refused(() => nn.View(2, 3), [[1, 6]],
    /output is 2x3 for a batch of 1 but 2x2x3 for a batch of 2/));
  test('SplitTable along the batch', refused(() => {
    const x = nn.Identity()();
    return nn.gModule([x], [nn.CAddTable()(nn.SplitTable(1)(x).split(2))]);
  }, [[1, 3]], /node \(nn\.SplitTable #\d+\)|table of 1 but|batch/));
  test('a criterion in the graph names it', refused(() => {
    const x = nn.Identity()(), t = nn.Identity()();
    return nn.gModule([x, t], [nn.MSECriterion()([nn.Linear(3, 3)(x), t])]);
  }, [[1, 3], [1, 3]], /nn\.MSECriterion is a training loss/));
  test('an annotated node is named', refused(() => {
    const x = nn.Identity()();
    return nn.gModule([x], [nn.Dropout(0.2)(nn.Linear(3, 3)(x)).annotate({ name: 'drop' })]);
  }, [[1, 3]], /node 'drop' \(nn\.Dropout #\d+\): nn\.Dropout is in training mode/));
  test('input sizes that do not fit say so', refused(() => nn.Linear(3, 2), [[1, 4]], /with inputs of size 1x4 it fails/));
  test('input sizes that cannot be inferred ask for them', refused(() => nn.Tanh(), null, /cannot tell the sizes.*inputShapes/));
});

// Hand-built models (what other exporters write).
function tensorProto(name, dims, values, dataType = 1) {
  const t = { name, dims, dataType };
  if (dataType === 1) t.floatData = Array.from(values);
  else if (dataType === 7) t.int64Data = Array.from(values);
  else if (dataType === 11) t.doubleData = Array.from(values);
  return t;
}
function model({ nodes, initializers = [], inputs, outputs, opset = 17 }) {
  const vi = (name, dims) => ({ name, type: { tensorType: { elemType: 1, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } } });
  return onnx.ModelProto.encode(onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: opset }],
    graph: { name: 'hand', node: nodes, initializer: initializers, input: inputs.map(([n, d]) => vi(n, d)), output: outputs.map(([n, d]) => vi(n, d)) },
  })).finish();
}
const intAttr = (name, i) => ({ name, type: 2, i });
const floatAttr = (name, f) => ({ name, type: 1, f });

// Plain-JS reference: x (rows) times W.
const matmul = (a, b) => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));

describe('fromONNX: hand-built models', () => {
  const W = [[1, 2, 3], [4, 5, 6]];  // 2 x 3
  const x = [[0.5, -1], [2, 0.25]];

  test('Gemm with transB (an nn.Linear, weights exact)', async () => {
    const Wt = [[1, 4], [2, 5], [3, 6]];  // out x in = 3 x 2 used with transB = 1
    const bytes = model({
      nodes: [{ opType: 'Gemm', input: ['x', 'W', 'b'], output: ['y'], attribute: [intAttr('transB', 1)] }],
      initializers: [tensorProto('W', [3, 2], Wt.flat()), tensorProto('b', [3], [0.5, 0, -1])],
      inputs: [['x', ['N', 2]]], outputs: [['y', ['N', 3]]],
    });
    const g = await fromONNX(bytes);
    const lin = g.modules.find((m) => m.typeName === 'nn.Linear');
    assert.deepEqual(lin.weight.toArray(), Wt);
    const y = g.forward(torch.tensor(x)).toArray();
    assert.deepEqual(y, matmul(x, W).map((r) => r.map((v, j) => v + [0.5, 0, -1][j])));
    g.dispose();
  });

  test('Gemm with transA, alpha and beta, no transB', async () => {
    const bytes = model({
      nodes: [{ opType: 'Gemm', input: ['x', 'W', 'c'], output: ['y'], attribute: [intAttr('transA', 1), floatAttr('alpha', 2), floatAttr('beta', 0.5)] }],
      initializers: [tensorProto('W', [2, 3], W.flat()), tensorProto('c', [1], [4])],
      inputs: [['x', [2, 2]]], outputs: [['y', [2, 3]]],
    });
    const g = await fromONNX(bytes);
    const xt = [[x[0][0], x[1][0]], [x[0][1], x[1][1]]];
    assert.deepEqual(g.forward(torch.tensor(x)).toArray(), matmul(xt, W).map((r) => r.map((v) => 2 * v + 2)));
    g.dispose();
  });

  test('MatMul + Add becomes one nn.Linear with a bias', async () => {
    const bytes = model({
      nodes: [
        { opType: 'MatMul', input: ['x', 'W'], output: ['xw'] },
        { opType: 'Add', input: ['xw', 'b'], output: ['y'] },
        { opType: 'Relu', input: ['y'], output: ['z'] },
      ],
      initializers: [tensorProto('W', [2, 3], W.flat()), tensorProto('b', [3], [-10, 0, 1])],
      inputs: [['x', ['N', 2]]], outputs: [['z', ['N', 3]]],
    });
    const g = await fromONNX(bytes);
    assert.deepEqual(g.modules.map((m) => m.typeName).filter((t) => t !== 'nn.Identity'), ['nn.Linear', 'nn.ReLU']);
    const expected = matmul(x, W).map((r) => r.map((v, j) => Math.max(0, v + [-10, 0, 1][j])));
    assert.deepEqual(g.forward(torch.tensor(x)).toArray(), expected);
    g.dispose();
  });

  test('one initializer read by two Gemms is one shared weight; equal but distinct initializers are not tied', async () => {
    const bytes = model({
      nodes: [
        { opType: 'Gemm', input: ['x', 'W', 'b1'], output: ['h'], attribute: [intAttr('transB', 1)] },
        { opType: 'Gemm', input: ['h', 'W', 'b2'], output: ['y'], attribute: [intAttr('transB', 1)] },
      ],
      initializers: [tensorProto('W', [2, 2], [1, 2, 3, 4]), tensorProto('b1', [2], [0, 0]), tensorProto('b2', [2], [0, 0])],
      inputs: [['x', ['N', 2]]], outputs: [['y', ['N', 2]]],
    });
    const g = await fromONNX(bytes);
    const [first, second] = g.modules.filter((m) => m.typeName === 'nn.Linear');
    first.weight.fill(0.5);
    assert.deepEqual(second.weight.toArray(), [[0.5, 0.5], [0.5, 0.5]], 'the weight is one tensor');
    first.bias.fill(1);
    assert.deepEqual(second.bias.toArray(), [0, 0], 'b2 is its own tensor');
    g.dispose();
  });

  test('Flatten of an input whose sizes the model declares (a PyTorch-style MLP head)', async () => {
    const bytes = model({
      nodes: [
        { opType: 'Flatten', input: ['img'], output: ['flat'], attribute: [intAttr('axis', 1)] },
        { opType: 'Gemm', input: ['flat', 'W', 'b'], output: ['y'], attribute: [intAttr('transB', 1)] },
        { opType: 'LogSoftmax', input: ['y'], output: ['logp'], attribute: [intAttr('axis', 1)] },
      ],
      initializers: [tensorProto('W', [3, 4], [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1]), tensorProto('b', [3], [0, 0, 0])],
      inputs: [['img', ['N', 2, 2]]], outputs: [['logp', ['N', 3]]],
    });
    const g = await fromONNX(bytes);
    const y = g.forward(torch.tensor([[[1, 2], [3, 4]]])).toArray()[0];
    const logits = [1, 2, 7], lse = Math.log(logits.reduce((s, v) => s + Math.exp(v), 0));
    y.forEach((v, i) => assert.ok(Math.abs(v - (logits[i] - lse)) < 1e-5, `${v} vs ${logits[i] - lse}`));
    g.dispose();
  });

  test('Constant operands, Concat and Softmax', async () => {
    const bytes = model({
      nodes: [
        { opType: 'Constant', output: ['two'], attribute: [{ name: 'value', type: 4, t: tensorProto('', [], [2]) }] },
        { opType: 'Mul', input: ['x', 'two'], output: ['x2'] },
        { opType: 'Concat', input: ['x', 'x2'], output: ['cat'], attribute: [intAttr('axis', 1)] },
        { opType: 'Softmax', input: ['cat'], output: ['y'], attribute: [intAttr('axis', -1)] },
      ],
      inputs: [['x', ['N', 2]]], outputs: [['y', ['N', 4]]],
    });
    const g = await fromONNX(bytes);
    const y = g.forward(torch.tensor(x)).toArray();
    const expected = x.map((r) => {
      const e = [...r, ...r.map((v) => 2 * v)].map(Math.exp);
      const s = e.reduce((a, b) => a + b);
      return e.map((v) => v / s);
    });
    y.flat().forEach((v, i) => assert.ok(Math.abs(v - expected.flat()[i]) < 1e-6));
    g.dispose();
  });
});

describe('fromONNX: what it cannot take is an Error with a sentence, nothing leaked', () => {
  const refusedImport = (bytes, pattern) => async () => {
    const before = counts();
    await assert.rejects(fromONNX(bytes), (e) => e instanceof Error && pattern.test(e.message));
    assert.deepEqual(counts(), before, 'nothing left allocated');
  };
  const conv = model({
    nodes: [{ opType: 'Conv', name: 'conv1', input: ['x', 'W'], output: ['y'] }],
    initializers: [tensorProto('W', [1, 1, 3, 3], new Array(9).fill(1))],
    inputs: [['x', [1, 1, 5, 5]]], outputs: [['y', [1, 1, 3, 3]]],
  });
  test('an unsupported operator is named', refusedImport(conv, /operator Conv 'conv1' is not supported/));
  test('Flatten of sizes the model does not declare is named', refusedImport(model({
    nodes: [{ opType: 'Relu', input: ['x'], output: ['r'] }, { opType: 'Flatten', input: ['r'], output: ['y'] }],
    inputs: [['x', [2, 3, 4]]], outputs: [['y', [2, 12]]],
  }), /operator Flatten is supported with axis 1 on a value whose sizes .* here axis 1, sizes not declared/));
  test('a Where that is not SoftPlus is named', refusedImport(model({
    nodes: [{ opType: 'Where', input: ['x', 'x', 'x'], output: ['y'] }],
    inputs: [['x', [2, 3]]], outputs: [['y', [2, 3]]],
  }), /operator Where is supported only as the threshold of Torch's SoftPlus/));
  test('an unsupported attribute is named', refusedImport(model({
    nodes: [{ opType: 'Softmax', input: ['x'], output: ['y'], attribute: [intAttr('axis', 0)] }],
    inputs: [['x', [2, 3]]], outputs: [['y', [2, 3]]],
  }), /operator Softmax: axis 0 is not supported/));
  test('an unsupported data type is named', refusedImport(model({
    nodes: [{ opType: 'Gemm', input: ['x', 'W'], output: ['y'] }],
    initializers: [tensorProto('W', [2, 2], [1, 2, 3, 4], 11)],
    inputs: [['x', [2, 2]]], outputs: [['y', [2, 2]]],
  }), /initializer 'W' has data type DOUBLE/));
  test('truncated bytes', async () => {
    const bytes = toONNX(nn.Linear(3, 2));
    await refusedImport(bytes.subarray(0, bytes.length - 7), /fromONNX: the bytes are not an ONNX model .*protobuf decoder says/)();
  });
  test('bytes that are not protobuf at all', refusedImport(new TextEncoder().encode('{"format": "nngraph-wasm"} not onnx'), /fromONNX: the bytes/));
  test('a field with the wrong wire type', refusedImport(Uint8Array.of(0x08, 0x08, 0x3a, 0x05, 0x0d, 0xff, 0xff, 0xff), /fromONNX: the bytes/));
  test('huge dims', refusedImport(model({
    nodes: [{ opType: 'Gemm', input: ['x', 'W'], output: ['y'] }],
    initializers: [{ name: 'W', dims: [1e9, 1e9], dataType: 1, rawData: new Uint8Array(16) }],
    inputs: [['x', [2, 2]]], outputs: [['y', [2, 2]]],
  }), /initializer 'W' has 1000000000000000000 elements \(sizes 1000000000x1000000000\); fromONNX reads models of at most 33554432 weights/));
  test('negative dims', refusedImport(model({
    nodes: [{ opType: 'Gemm', input: ['x', 'W'], output: ['y'] }],
    initializers: [{ name: 'W', dims: [-2, 2], dataType: 1, rawData: new Uint8Array(16) }],
    inputs: [['x', [2, 2]]], outputs: [['y', [2, 2]]],
  }), /initializer 'W' has invalid sizes \[-2, 2\]/));
  test('data that does not fill the dims', refusedImport(model({
    nodes: [{ opType: 'Gemm', input: ['x', 'W'], output: ['y'] }],
    initializers: [{ name: 'W', dims: [3, 3], dataType: 1, rawData: new Uint8Array(16) }],
    inputs: [['x', [2, 3]]], outputs: [['y', [2, 3]]],
  }), /initializer 'W' has sizes 3x3 \(9 floats\) but 16 bytes/));
  test('modules that do not fit together are reported by the engine', refusedImport(model({
    nodes: [{ opType: 'Sum', input: ['x'], output: ['y'] }, { opType: 'Squeeze', input: ['y', 'axes'], output: ['z'] }],
    initializers: [tensorProto('axes', [2], [0, 1], 7)],
    inputs: [['x', [2, 3]]], outputs: [['z', [2, 3]]],
  }), /only one axis is supported/));
  test('not bytes at all', async () => {
    await assert.rejects(fromONNX('model.onnx'), (e) => e instanceof TypeError && /expected a Uint8Array or an ArrayBuffer/.test(e.message));
  });
  test('an old opset', refusedImport(model({
    nodes: [{ opType: 'Relu', input: ['x'], output: ['y'] }],
    inputs: [['x', [2, 3]]], outputs: [['y', [2, 3]]], opset: 9,
  }), /the model uses opset 9; fromONNX reads opset 13 and later/));
  test('the engine keeps working afterwards', async () => {
    const g = await fromONNX(toONNX(nn.Sequential().add(nn.Linear(2, 2)).add(nn.Tanh())));
    assert.deepEqual(g.forward(torch.zeros(1, 2)).shape, [1, 2]);
    g.dispose();
  });
});

const FUZZ_COUNT = Number(process.env.ONNX_FUZZ_COUNT ?? 20000);

// Byte-level: bit flips, replaced, inserted bytes, truncation.
function mutateBytes(original, pick) {
  let mutated = Uint8Array.from(original);
  const edits = 1 + pick(4);
  for (let e = 0; e < edits && mutated.length; ++e) {
    const at = pick(mutated.length);
    switch (pick(4)) {
      case 0: mutated[at] ^= 1 << pick(8); break;
      case 1: mutated[at] = pick(256); break;
      case 2: mutated = mutated.subarray(0, at); break;
      default: mutated = Uint8Array.from([...mutated.subarray(0, at), pick(256), ...mutated.subarray(at)]);
    }
  }
  return mutated;
}

// Structure-level, on the decoded model: other operators, attribute values, sizes, data types,
// wired inputs, dropped nodes (what a faulty exporter writes), re-encoded.
const OPS = ['Gemm', 'MatMul', 'Add', 'Mul', 'Sub', 'Div', 'Relu', 'Softmax', 'LogSoftmax', 'Concat', 'Split', 'Squeeze', 'Reshape', 'Slice', 'Gather', 'ReduceSum', 'ReduceMax', 'Transpose', 'Clip', 'Pow', 'Constant', 'Conv', 'Sum', 'Identity'];
function mutateModel(original, pick, random) {
  const m = onnx.ModelProto.decode(original);
  const g = m.graph;
  const names = [...g.input.map((i) => i.name), ...g.node.flatMap((n) => n.output), ...g.initializer.map((t) => t.name), 'nowhere'];
  const huge = [0, -1, 1, 2, 7, 2 ** 31, -(2 ** 31), 1e15];
  for (let e = 1 + pick(3); e > 0; --e) {
    const node = g.node[pick(g.node.length)];
    const t = g.initializer.length ? g.initializer[pick(g.initializer.length)] : null;
    switch (pick(8)) {
      case 0: if (node) node.opType = OPS[pick(OPS.length)]; break;
      case 1: if (node?.attribute.length) { const a = node.attribute[pick(node.attribute.length)]; a.i = huge[pick(huge.length)]; a.f = random() * 4 - 2; a.ints = a.ints?.map(() => huge[pick(huge.length)]); } break;
      case 2: if (node?.input.length) node.input[pick(node.input.length)] = names[pick(names.length)]; break;
      case 3: if (t?.dims.length) t.dims[pick(t.dims.length)] = huge[pick(huge.length)]; break;
      case 4: if (t) t.dataType = pick(17); break;
      case 5: if (node) g.node.splice(g.node.indexOf(node), 1); break;
      case 6: if (t?.int64Data?.length) t.int64Data[pick(t.int64Data.length)] = huge[pick(huge.length)]; break;
      default: if (node) node.attribute.push({ name: ['axis', 'keepdims', 'perm', 'transA', 'alpha'][pick(5)], type: 2, i: huge[pick(huge.length)] });
    }
  }
  return onnx.ModelProto.encode(m).finish();
}

// A seeded fuzzer over mutated models: every call ends in a gModule or an Error with a message,
// never a crash, an aborted runtime or a leak. Deterministic (fixed seed and count).
describe('fromONNX fuzzing', () => {
  test(`${FUZZ_COUNT} mutated models: an Error or a working graph, nothing leaked`, async () => {
    let seed = 0x5eed;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const pick = (n) => Math.floor(random() * n);
    torch.manualSeed(2);
    const seeds = [];
    for (const [, build, shapes] of MODULES.slice(0, 40)) {
      const m = build();
      m.evaluate();
      seeds.push({ bytes: toONNX(m, { inputShapes: shapes }), shapes });
      m.dispose();
    }
    const before = counts();
    let built = 0, refused = 0;
    for (let k = 0; k < FUZZ_COUNT; ++k) {
      const { bytes: original, shapes } = seeds[pick(seeds.length)];
      const mutated = k % 2 ? mutateBytes(original, pick) : mutateModel(original, pick, random);
      try {
        const g = await fromONNX(mutated);
        built++;
        try {
          const input = shapes.map((s) => (s.every((d) => typeof d === 'number') ? torch.rand(2, ...s.slice(1)) : null));
          if (input.every(Boolean)) {
            try {
              ng.dispose(g.forward(input.length === 1 ? input[0] : input));
            } catch (error) {
              assert.ok(error instanceof Error && error.message.length > 10, `forward of a mutated model threw ${error}`);
            }
          }
          input.forEach((t) => t && t.dispose());
        } finally {
          g.dispose();
        }
      } catch (error) {
        refused++;
        assert.ok(error instanceof Error, `mutation ${k} threw a non-Error: ${error}`);
        assert.ok(/^(fromONNX|toONNX)?/.test(error.message) && error.message.length > 15, `mutation ${k}: ${error.message}`);
      }
    }
    assert.ok(built > 0 && refused > 0, `both outcomes occur (built ${built}, refused ${refused})`);
    console.log(`# fuzz: ${built} mutated models built and ran, ${refused} refused with a sentence`);
    assert.deepEqual(counts(), before, 'nothing left allocated');
  });
});
