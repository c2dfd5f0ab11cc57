// The API contract of DESIGN.md, end to end through the npm entry point.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { load } from 'nngraph-wasm';
import {
  ng, torch, nn, info, needs, lstmCell, matmul, transpose, addRows, zip, assertClose, plain, onesLike,
} from './helpers.mjs';

describe('load', () => {
  test('load() is idempotent: the same promise, the same API', async () => {
    assert.equal(load(), load());
    assert.equal(await load(), ng);
  });
  test('CommonJS require gives the same load()', async () => {
    const require = createRequire(import.meta.url);
    const cjs = require('nngraph-wasm');
    assert.equal(typeof cjs.load, 'function');
    assert.equal(await cjs.load(), ng);
  });
  test('info lists version, SIMD and every registered module and criterion', () => {
    assert.match(info.version, /^\d+\.\d+\.\d+/);
    assert.equal(info.simd, true);
    for (const name of ['Linear', 'Identity', 'CAddTable', 'Tanh']) assert.ok(info.modules.includes(name), name);
    assert.ok(info.criterions.includes('MSECriterion'));
    for (const name of [...info.modules, ...info.criterions]) assert.equal(typeof nn[name], 'function', name);
  });
});

describe('tensors', () => {
  test('from nested arrays: shape, dim, numel, size, toArray, toFloat32Array', () => {
    const t = torch.tensor([[1, 2, 3], [4, 5, 6]]);
    assert.deepEqual(t.shape, [2, 3]);
    assert.equal(t.dim(), 2);
    assert.equal(t.numel(), 6);
    assert.equal(t.size(1), 2);
    assert.equal(t.size(-1), 3);
    assert.deepEqual(t.toArray(), [[1, 2, 3], [4, 5, 6]]);
    const data = t.toFloat32Array();
    assert.ok(data instanceof Float32Array);
    data[0] = 99;  // a copy: the tensor is unchanged
    assert.equal(t.toArray()[0][0], 1);
    t.dispose();
  });
  test('from data plus shape, and 1-D from a Float32Array', () => {
    const t = torch.tensor(new Float32Array([1, 2, 3, 4, 5, 6]), [3, 2]);
    assert.deepEqual(t.toArray(), [[1, 2], [3, 4], [5, 6]]);
    assert.deepEqual(torch.tensor([1, 2, 3, 4], [2, 2]).toArray(), [[1, 2], [3, 4]]);
    assert.deepEqual(torch.tensor(new Float32Array([7, 8])).shape, [2]);
    assert.deepEqual(torch.tensor([[[1], [2]]]).shape, [1, 2, 1]);
  });
  test('zeros, ones, rand, randn take sizes or an array; manualSeed makes rand repeatable', () => {
    assert.deepEqual(torch.zeros(2, 3).toArray(), [[0, 0, 0], [0, 0, 0]]);
    assert.deepEqual(torch.ones([2]).toArray(), [1, 1]);
    torch.manualSeed(7);
    const a = torch.rand(4).toArray();
    torch.manualSeed(7);
    assert.deepEqual(torch.rand(4).toArray(), a);
    assert.ok(a.every((v) => v >= 0 && v < 1));
    assert.deepEqual(torch.randn(3, 2).shape, [3, 2]);
  });
  test('clone is deep, toString prints like Torch, in-place add/mul/fill/copy', () => {
    const t = torch.tensor([1, 2]);
    const c = t.clone();
    c.fill(5);
    assert.deepEqual(t.toArray(), [1, 2]);
    assert.match(t.toString(), /\[torch\.FloatTensor of size 2\]/);
    t.add(torch.tensor([1, 1]), 2).mul(2);
    assert.deepEqual(t.toArray(), [6, 8]);
    t.add(0.5, torch.tensor([2, 2]));  // Torch's add(value, other)
    assert.deepEqual(t.toArray(), [7, 9]);
    t.copy(c);
    assert.deepEqual(t.toArray(), [5, 5]);
    assert.equal(torch.tensor([3]).item(), 3);
  });
  test('Symbol.dispose and dispose(): a disposed tensor throws a clear Error', () => {
    const t = torch.zeros(2);
    t[Symbol.dispose]();
    assert.equal(t.disposed, true);
    assert.throws(() => t.shape, { message: 'this Tensor was disposed' });
    t.dispose();  // idempotent
  });
});

// Arguments for the factories that need some, and inputs for modules that do not take a 2x3
// tensor. Modules not listed are built with no arguments and fed torch.rand(2, 3).
const pair = () => [torch.rand(2, 3), torch.rand(2, 3)];
const moduleCases = {
  Add: { args: [3] },
  AddConstant: { args: [2] },
  Bilinear: { args: [3, 4, 5], input: () => [torch.rand(2, 3), torch.rand(2, 4)] },
  CAdd: { args: [2, 3] },
  CMul: { args: [2, 3] },
  CAddTable: { input: pair },
  CSubTable: { input: pair },
  CMulTable: { input: pair },
  CDivTable: { input: () => [torch.rand(2, 3), torch.ones(2, 3)] },
  CMaxTable: { input: pair },
  CMinTable: { input: pair },
  Clamp: { args: [-0.5, 0.5] },
  Concat: { args: [2], build: (m) => m.add(nn.Linear(3, 2)).add(nn.Linear(3, 4)) },
  ConcatTable: { build: (m) => m.add(nn.Linear(3, 2)).add(nn.Tanh()) },
  CosineDistance: { input: () => [torch.rand(3), torch.rand(3)] },
  DotProduct: { input: () => [torch.rand(3), torch.rand(3)] },
  PairwiseDistance: { args: [2], input: () => [torch.rand(3), torch.rand(3)] },
  FlattenTable: { input: () => [[torch.rand(2), torch.rand(3)], torch.rand(1)] },
  JoinTable: { args: [2], input: pair },
  Linear: { args: [3, 4] },
  LookupTable: { args: [10, 4], input: () => torch.tensor([1, 3, 5]) },
  MM: { input: () => [torch.rand(2, 3), torch.rand(3, 4)] },
  MapTable: { build: (m) => m.add(nn.Linear(3, 2)), input: pair },
  Max: { args: [2] },
  Min: { args: [2] },
  Mean: { args: [2] },
  Sum: { args: [2] },
  MulConstant: { args: [2] },
  Narrow: { args: [2, 1, 2] },
  NarrowTable: { args: [1, 2], input: () => [torch.rand(2), torch.rand(2), torch.rand(2)] },
  ParallelTable: { build: (m) => m.add(nn.Linear(3, 2)).add(nn.Tanh()), input: pair },
  Power: { args: [2] },
  Replicate: { args: [2] },
  Reshape: { args: [3, 2] },
  Select: { args: [2, 1] },
  SelectTable: { args: [1], input: pair },
  Sequential: { build: (m) => m.add(nn.Linear(3, 2)).add(nn.Tanh()) },
  SplitTable: { args: [2] },
  Squeeze: { input: () => torch.rand(2, 1, 3) },
  Transpose: { args: [[1, 2]] },
  Unsqueeze: { args: [1] },
  View: { args: [6] },
  Sqrt: { input: () => torch.rand(2, 3).add(torch.ones(2, 3)) },
  Log: { input: () => torch.rand(2, 3).add(torch.ones(2, 3)) },
  // issue 14's zoo
  Cosine: { args: [3, 2] },
  Euclidean: { args: [3, 2] },
  L1Penalty: { args: [0.1] },
  MV: { input: () => [torch.rand(2, 3), torch.rand(3)] },
  Normalize: { args: [2] },
  Padding: { args: [2, 1] },
  Index: { args: [1], input: () => [torch.rand(3, 2), torch.tensor([3, 1])] },
  Parallel: { args: [1, 1], build: (m) => m.add(nn.Linear(3, 2)).add(nn.Linear(3, 4)) },
  ZipTable: { input: () => [[torch.rand(2), torch.rand(3)], [torch.rand(2), torch.rand(3)]] },
};

// Convolutional modules (issue 15): images are [batch x] planes x height x width.
const image = () => torch.rand(2, 3, 6, 5);
Object.assign(moduleCases, {
  SpatialConvolution: { args: [3, 4, 3, 3, 1, 1, 1, 1], input: image },
  SpatialConvolutionMM: { args: [3, 4, 3, 2], input: image },
  SpatialDilatedConvolution: { args: [3, 2, 2, 2, 1, 1, 0, 0, 2, 2], input: image },
  SpatialFullConvolution: { args: [3, 2, 3, 3, 2, 2, 1, 1, 1, 1], input: image },
  SpatialMaxPooling: { args: [2, 2, 2, 2], input: image },
  SpatialAveragePooling: { args: [3, 3, 1, 1, 1, 1], input: image },
  SpatialZeroPadding: { args: [1, 2, -1, 0], input: image },
  SpatialReplicationPadding: { args: [1, 1, 2, 0], input: image },
  BatchNormalization: { args: [3] },
  SpatialBatchNormalization: { args: [3], input: image },
  SpatialDropout: { args: [0.5], input: image },
  SpatialUpSamplingNearest: { args: [2], input: image },
  SpatialSoftMax: { input: image },
  SpatialLogSoftMax: { input: image },
  SpatialCrossMapLRN: { args: [3], input: image },
  TemporalConvolution: { args: [3, 4, 2] },
  TemporalMaxPooling: { args: [2], input: () => torch.rand(5, 3) },
});

// issue 14's composites (tests/js/zoo-composites.test.mjs has their values and gradients)
Object.assign(moduleCases, {
  WeightedEuclidean: { args: [3, 2] },
  MaskedSelect: { input: () => [torch.rand(2, 3), torch.tensor([[1, 0, 1], [0, 1, 1]])] },
  MixtureTable: { input: () => [torch.rand(2, 2), [torch.rand(2, 3), torch.rand(2, 3)]] },
  Bottle: { build: (m) => m.add(nn.Linear(3, 2)), input: () => torch.rand(2, 2, 3) },
  DepthConcat: { args: [2], build: (m) => m.add(nn.Linear(3, 2)).add(nn.Linear(3, 4)) },
  CriterionTable: { args: [nn.MSECriterion()], input: () => [torch.rand(2, 3), torch.rand(2, 3)] },
});

describe('every module factory exists, is callable, runs forward and backward', () => {
  for (const name of info.modules) {
    test(`nn.${name}`, (t) => {
      const spec = moduleCases[name] ?? {};
      let m;
      try {
        m = nn[name](...(spec.args ?? []));
      } catch (e) {
        if (!Object.hasOwn(moduleCases, name)) return t.skip(`nn.${name} needs constructor arguments: add it to moduleCases (${e.message})`);
        throw e;
      }
      assert.equal(typeof m, 'function', 'a module is callable');
      assert.ok(nn.isModule(m));
      if (spec.build) spec.build(m);
      assert.ok(m.toString().startsWith(`nn.${name}`), m.toString());
      assert.equal(m.typeName, `nn.${name}`);
      assert.equal(typeof m.description, 'string');
      const input = (spec.input ?? (() => torch.rand(2, 3)))();
      const out = m.forward(input);
      const gradIn = m.backward(input, onesLike(out));
      // gradInput mirrors the input's structure (LookupTable's indices get no gradient)
      if (name !== 'LookupTable') assert.equal(Array.isArray(gradIn), Array.isArray(input));
      const [params, grads] = m.parameters();
      assert.equal(params.length, grads.length);
      params.forEach((p, i) => assert.deepEqual(p.shape, grads[i].shape));
      const c = m.clone();
      assert.equal(c.toString(), m.toString());
      ng.dispose(m, c, input, out, gradIn, params, grads);
    });
  }
});

const criterionCases = {
  BCECriterion: { input: () => torch.tensor([[0.2, 0.7], [0.9, 0.4]]), target: () => torch.tensor([[0, 1], [1, 0]]) },
  ClassNLLCriterion: { input: () => torch.tensor([[-1, -2, -0.5], [-0.3, -2, -3]]), target: () => torch.tensor([3, 1]) },
  CrossEntropyCriterion: { input: () => torch.rand(2, 3), target: () => torch.tensor([2, 1]) },
  DistKLDivCriterion: { input: () => torch.tensor([[-1, -2], [-0.5, -0.7]]), target: () => torch.tensor([[0.3, 0.7], [0.6, 0.4]]) },
  // issue 14's zoo
  WeightedMSECriterion: { args: () => [torch.tensor([1, 2, 3])], input: () => torch.rand(2, 3), target: () => torch.rand(2, 3) },
  MultiMarginCriterion: { input: () => torch.rand(2, 3), target: () => torch.tensor([2, 1]) },
  MarginRankingCriterion: { input: () => [torch.rand(3), torch.rand(3)], target: () => torch.tensor([1, -1, 1]) },
  CosineEmbeddingCriterion: { input: () => [torch.rand(2, 3), torch.rand(2, 3)], target: () => torch.tensor([1, -1]) },
  L1HingeEmbeddingCriterion: { input: () => [torch.rand(3), torch.rand(3)], target: () => torch.tensor([-1]) },
  MultiLabelMarginCriterion: { input: () => torch.rand(2, 3), target: () => torch.tensor([[1, 0, 0], [2, 3, 0]]) },
};
const shapesOf = (v) => (Array.isArray(v) ? v.map(shapesOf) : v.shape);

criterionCases.SpatialClassNLLCriterion = {  // issue 15: a class per pixel
  input: () => torch.rand(2, 3, 2, 2).mul(-1),
  target: () => torch.tensor([[[1, 2], [3, 1]], [[2, 2], [3, 3]]]),
};

criterionCases.ParallelCriterion = { input: () => [torch.rand(2, 3)], target: () => [torch.rand(2, 3)] };  // issue 14

describe('every criterion factory exists and runs', () => {
  for (const name of info.criterions) {
    test(`nn.${name}`, () => {
      const spec = criterionCases[name] ?? { input: () => torch.rand(2, 3), target: () => torch.rand(2, 3) };
      const c = nn[name](...(spec.args?.() ?? []));
      assert.ok(nn.isCriterion(c));
      assert.equal(c.typeName, `nn.${name}`);
      const input = spec.input(), target = spec.target();
      const loss = c.forward(input, target);
      assert.equal(typeof loss, 'number');
      assert.ok(Number.isFinite(loss), `loss ${loss}`);
      assert.equal(c.output, loss);
      const grad = c.backward(input, target);
      assert.deepEqual(shapesOf(grad), shapesOf(input));
      ng.dispose(c, input, target, grad);
    });
  }
  test('MSECriterion: value and gradient by hand', () => {
    const c = nn.MSECriterion();
    const x = torch.tensor([1, 2, 3]), y = torch.tensor([1, 0, 0]);
    assert.ok(Math.abs(c.forward(x, y) - (0 + 4 + 9) / 3) < 1e-6);
    assertClose(c.backward(x, y).toArray(), [0, 4 / 3, 2]);
    c.sizeAverage = false;
    assert.ok(Math.abs(c.forward(x, y) - 13) < 1e-5);
  });
});

function seedGraph() {
  const in1 = nn.Identity()(), in2 = nn.Identity()();
  const l1 = nn.Linear(3, 5), l2 = nn.Linear(3, 5);
  const score = nn.CAddTable()([l1(in1), l2(in2)]);
  return { g: nn.gModule([in1, in2], [score]), l1, l2, in1, in2, score };
}

describe('graphs', () => {
  test('the seed graph: output, a gradient table of two mirroring the input, values = err·W', () => {
    const { g, l1, l2 } = seedGraph();
    const x = torch.rand(3, 3);
    const mlp = nn.Linear(3, 3);
    const xp = mlp.forward(x);
    const y = g.forward([x, xp]);
    const W1 = l1.weight.toArray(), b1 = l1.bias.toArray(), W2 = l2.weight.toArray(), b2 = l2.bias.toArray();
    const expected = zip(addRows(matmul(x.toArray(), transpose(W1)), b1), addRows(matmul(xp.toArray(), transpose(W2)), b2), (a, b) => a + b);
    assertClose(y.toArray(), expected, { what: 'score' });
    const err = torch.rand(...y.shape);
    const gi = g.backward([x, xp], err);
    assert.ok(Array.isArray(gi));
    assert.equal(gi.length, 2);
    assert.deepEqual(gi[0].shape, [3, 3]);
    assertClose(gi[0].toArray(), matmul(err.toArray(), W1), { what: 'dscore/dx' });
    assertClose(gi[1].toArray(), matmul(err.toArray(), W2), { what: 'dscore/dx_p' });
    // parameter gradients: gradWeight = err^T x
    assertClose(l1.gradWeight.toArray(), matmul(transpose(err.toArray()), x.toArray()), { what: 'gradWeight' });
    assert.deepEqual(plain(g.gradInput), plain(gi));
    assert.throws(() => g.backward(x, err), { message: /backward expects the input of the last forward, a table of 2 \{3x3, 3x3\}, but got a tensor of size 3x3/ });
    g.dispose();
  });

  test('a module is callable: m(), m(node), m([a]) is a one-element table', () => {
    const a = nn.Identity()();
    assert.ok(nn.isNode(a));
    const j = nn.Identity()([a]);
    const g = nn.gModule([a], [j]);
    const y = g.forward(torch.ones(2));
    assert.ok(Array.isArray(y), 'm([a]) hands the module a table of one');
    assert.equal(y.length, 1);
    g.dispose();
  });

  test('the answer\'s CMulTable graph with fan-out: contributions are summed', () => {
    const x1 = nn.Identity()().annotate({ name: 'x1' });
    const x2 = nn.Identity()().annotate({ name: 'x2' });
    const lin = nn.Linear(3, 3);
    const h = lin(x1).annotate({ name: 'h', description: 'used twice' });
    const prod = nn.CMulTable()([h, x2]);
    const out = nn.CAddTable()([h, prod]);
    const g = nn.gModule([x1, x2], [out]);
    const a = torch.rand(2, 3), b = torch.rand(2, 3);
    const y = g.forward([a, b]);
    const W = lin.weight.toArray(), bias = lin.bias.toArray();
    const hv = addRows(matmul(a.toArray(), transpose(W)), bias);
    assertClose(y.toArray(), zip(hv, b.toArray(), (hh, bb) => hh + hh * bb));
    const err = torch.rand(2, 3);
    const [ga, gb] = g.backward([a, b], err);
    const dh = zip(err.toArray(), b.toArray(), (e, bb) => e + e * bb);  // fan-out: err + err*b
    assertClose(ga.toArray(), matmul(dh, W), { what: 'd/dx1' });
    assertClose(gb.toArray(), zip(err.toArray(), hv, (e, hh) => e * hh), { what: 'd/dx2' });
    const report = g.inspect();
    const hNode = report.nodes.find((n) => n.name === 'h');
    assert.equal(hNode.description, 'used twice');
    assert.equal(hNode.contributions.length, 2);
    const sum = zip(hNode.contributions[0].gradient.data, hNode.contributions[1].gradient.data, (p, q) => p + q);
    assertClose(hNode.gradOutput.data, sum, { what: 'summed gradient' });
    assert.deepEqual(hNode.gradOutput.shape, [2, 3]);
    g.dispose();
  });

  test('inspect() describes every node as plain data', () => {
    const { g } = seedGraph();
    let report = g.inspect();
    assert.equal(report.nodes.length, 5);
    assert.ok(report.nodes.every((n) => n.output === null && n.gradOutput === null));
    const x = torch.rand(3, 3);
    const y = g.forward([x, x]);
    g.backward([x, x], torch.ones(...y.shape));
    report = g.inspect();
    const inputs = report.nodes.filter((n) => n.isInput).sort((p, q) => p.inputIndex - q.inputIndex);
    assert.deepEqual(inputs.map((n) => n.inputIndex), [1, 2]);
    const output = report.nodes.find((n) => n.isOutput);
    assert.equal(output.type, 'nn.CAddTable');
    assert.equal(output.outputIndex, 1);
    assert.equal(output.inputs.length, 2);
    assert.deepEqual(output.output.shape, [3, 5]);
    assert.equal(output.contributions[0].from, null);  // the graph's own gradOutput
    const linear = report.nodes.find((n) => n.type === 'nn.Linear');
    assert.deepEqual(linear.parameters.map((p) => p.name), ['weight', 'bias']);
    assert.deepEqual(linear.parameters[0].grad.shape, [5, 3]);
    assert.equal(linear.contributions[0].from, output.id);
    assert.equal(typeof linear.label, 'string');
    assert.equal(linear.toString, 'nn.Linear(3 -> 5)');
    assert.doesNotThrow(() => structuredClone(report));
    g.dispose();
  });

  test('toDot gives the forward and the backward graph', () => {
    const { g } = seedGraph();
    assert.match(g.toDot(), /^digraph forward/);
    assert.match(g.toDot({ backward: true }), /^digraph backward/);
    g.dispose();
  });

  test('split(n) gives n nodes; nested tables flow through graphs', () => {
    const a = nn.Identity()();
    const [p, q] = nn.Identity()(a).split(2);
    assert.ok(nn.isNode(p) && nn.isNode(q));
    const s = nn.CAddTable()([p, q]);
    const g = nn.gModule([a], [s, a]);
    const u = torch.ones(2), v = torch.tensor([1, 2]);
    const out = g.forward([u, v]);
    assert.ok(Array.isArray(out) && out.length === 2);
    assert.deepEqual(out[0].toArray(), [2, 3]);
    assert.deepEqual(plain(out[1]), [[1, 1], [1, 2]]);
    const gi = g.backward([u, v], [torch.ones(2), [torch.ones(2), torch.ones(2)]]);
    assert.deepEqual(plain(gi), [[2, 2], [2, 2]]);
    g.dispose();
  });

  test('a gModule is a module: callable inside another graph', () => {
    const inner = nn.gModule(...(() => { const i = nn.Identity()(); return [[i], [nn.Tanh()(i)]]; })());
    const x = nn.Identity()();
    const outer = nn.gModule([x], [inner(x)]);
    const y = outer.forward(torch.zeros(2));
    assert.deepEqual(y.toArray(), [0, 0]);
    outer.dispose();
  });

  test('nn.checkGradients on a graph', () => {
    const { g } = seedGraph();
    const r = nn.checkGradients(g, [torch.rand(2, 3), torch.rand(2, 3)]);
    assert.equal(r.inputs.length, 2);
    assert.equal(r.parameters.length, 4);
    // each parameter named by the graph node that holds it: two Linear(3, 5) stay apart
    const names = r.parameters.map((e) => e.name);
    assert.equal(new Set(names).size, 4, names.join(', '));
    for (const name of names) assert.match(name, /^(weight|bias) of nn\.Linear #\d+$/);
    assert.ok(r.inputs.every((e) => e.maxError < 1e-2), JSON.stringify(r));
    g.dispose();
  });

  test('an LSTM cell built from nodes', needs('Narrow', 'Sigmoid', 'CMulTable'), () => {
    const { g } = lstmCell(3, 4);
    const x = torch.rand(2, 3), c = torch.rand(2, 4), h = torch.rand(2, 4);
    const [nc, nh] = g.forward([x, c, h]);
    assert.deepEqual(nc.shape, [2, 4]);
    assert.deepEqual(nh.shape, [2, 4]);
    const gi = g.backward([x, c, h], [torch.ones(2, 4), torch.ones(2, 4)]);
    assert.deepEqual(gi.map((t) => t.shape), [[2, 3], [2, 4], [2, 4]]);
    const r = nn.checkGradients(g, [x, c, h]);
    assert.ok(r.inputs.every((e) => e.maxError < 1e-2), JSON.stringify(r));
    g.dispose();
  });
});

describe('containers', () => {
  test('Sequential add() chains and computes in order', () => {
    const lin = nn.Linear(2, 2);
    lin.weight.copy(torch.tensor([[1, 0], [0, -1]]));
    lin.bias.fill(0);
    const seq = nn.Sequential().add(lin).add(nn.Tanh());
    assert.equal(seq.size(), 2);
    assertClose(seq.forward(torch.tensor([1, 2])).toArray(), [Math.tanh(1), Math.tanh(-2)]);
    assert.equal(seq.get(1).toString(), 'nn.Linear(2 -> 2)');
    assert.equal(seq.modules.length, 2);
    const [params] = seq.parameters();
    assert.equal(params.length, 2);
    seq.dispose();
    assert.equal(lin.disposed, true, 'disposing a container disposes what was added to it');
  });
  test('ParallelTable and ConcatTable', needs('ParallelTable', 'ConcatTable'), () => {
    const par = nn.ParallelTable().add(nn.Linear(10, 20)).add(nn.Linear(10, 30));
    const out = par.forward([torch.rand(10), torch.rand(10)]);
    assert.deepEqual(out.map((t) => t.shape), [[20], [30]]);
    const cat = nn.ConcatTable().add(nn.Identity()).add(nn.Tanh());
    const o2 = cat.forward(torch.zeros(3));
    assert.equal(o2.length, 2);
    ng.dispose(par, cat);
  });
  test('parameters alias the module: updateParameters moves weight by -lr * gradWeight', () => {
    const lin = nn.Linear(2, 1);
    lin.zeroGradParameters();
    const x = torch.tensor([1, 2]);
    lin.forward(x);
    lin.backward(x, torch.tensor([1]));
    assert.deepEqual(lin.gradWeight.toArray(), [[1, 2]]);
    const [[w]] = lin.parameters();
    const before = w.toArray();
    lin.updateParameters(0.5);
    assertClose(w.toArray(), [[before[0][0] - 0.5, before[0][1] - 1]]);
    lin.evaluate();
    assert.equal(lin.train, false);
    lin.training();
    assert.equal(lin.train, true);
    const shared = lin.clone('weight', 'bias');
    shared.weight.fill(3);
    assert.deepEqual(lin.weight.toArray(), [[3, 3]]);
    ng.dispose(lin, shared);
  });
});

describe('criterions in graphs', () => {
  test('crit([prediction, target]) makes a ModuleFromCriterion node', () => {
    const p = nn.Identity()(), t = nn.Identity()();
    const loss = nn.MSECriterion()([p, t]);
    const g = nn.gModule([p, t], [loss]);
    const y = g.forward([torch.tensor([1, 2]), torch.tensor([0, 0])]);
    assertClose(y.toArray(), [2.5]);
    g.dispose();
  });
});


describe('load options (fresh instances of the facade)', () => {
  // the engine's binary as the package ships it, beside the loader
  const embedded = async () => {
    const { readFileSync } = await import('node:fs');
    return readFileSync(new URL('../../dist/nngraph_core.wasm', import.meta.url)).toString('base64');
  };
  test('wasmBinary: the engine from given bytes', async () => {
    const fresh = await import('../../bindings/index.mjs?wasmBinary');
    const api = await fresh.load({ wasmBinary: Buffer.from(await embedded(), 'base64') });
    assert.notEqual(api, ng);
    assert.deepEqual(api.torch.ones(2).toArray(), [1, 1]);
  });
  test('wasmUrl: the engine fetched from a URL', async () => {
    const fresh = await import('../../bindings/index.mjs?wasmUrl');
    const api = await fresh.load({ wasmUrl: `data:application/wasm;base64,${await embedded()}` });
    assert.deepEqual(api.info.modules, info.modules);
  });
  test('bad options reject with a TypeError, and a later load may succeed', async () => {
    const fresh = await import('../../bindings/index.mjs?badOptions');
    await assert.rejects(fresh.load({ wasmBinary: 'bytes' }), { name: 'TypeError', message: /wasmBinary must be an ArrayBuffer or Uint8Array, got the string "bytes"/ });
    await assert.rejects(fresh.load({ locateFile: 3 }), { name: 'TypeError', message: /locateFile must be a function/ });
    // the bytes really are used: garbage does not compile
    const warn = console.warn;
    console.warn = () => {};  // the loader reports the abort on stderr as well
    try {
      await assert.rejects(fresh.load({ wasmBinary: new Uint8Array([0, 1, 2, 3]) }));
    } finally {
      console.warn = warn;
    }
    const api = await fresh.load();
    assert.equal(api.info.simd, true);
  });
});
