// torch/nn's module-tree API and nngraph's node lists from JavaScript (issue 14): what
// tutorials do with them (char-rnn finds a layer by annotation to set its bias), checked
// against what Torch's Module.lua / gmodule.lua define.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ng, torch, nn, assertClose } from './helpers.mjs';

// x -> Linear(3,4) 'i2h' -> Tanh -> Linear(4,2) 'h2o'
function smallGraph() {
  const x = nn.Identity()();
  const i2h = nn.Linear(3, 4)(x).annotate({ name: 'i2h', description: 'input to hidden' });
  const h = nn.Tanh()(i2h);
  const out = nn.Linear(4, 2)(h).annotate({ name: 'h2o' });
  return nn.gModule([x], [out]);
}

describe('g.forwardnodes / g.backwardnodes', () => {
  test('nodes in forward order with node.data.module and node.data.annotations; backwardnodes reversed', () => {
    const g = smallGraph();
    const f = g.forwardnodes;
    assert.deepEqual(f.map((n) => n.data.module.typeName), ['nn.Identity', 'nn.Linear', 'nn.Tanh', 'nn.Linear']);
    assert.deepEqual(f.map((n) => n.data.annotations.name ?? null), [null, 'i2h', null, 'h2o']);
    assert.equal(f[1].data.annotations.description, 'input to hidden');
    assert.deepEqual(f[2].inputs, [f[1].id]);
    assert.deepEqual(g.backwardnodes.map((n) => n.id), f.map((n) => n.id).reverse());
    // the same JS objects every time, and the ones the graph was built from
    assert.equal(g.forwardnodes[1].data.module, f[1].data.module);
    g.dispose();
  });

  test('char-rnn style: find a layer by annotation name and set its bias; the graph computes with it', () => {
    const g = smallGraph();
    for (const node of g.forwardnodes)
      if (node.data.annotations.name === 'i2h') node.data.module.bias.copy(torch.tensor([1, 2, 3, 4]));
    const lin = g.forwardnodes.find((n) => n.data.annotations.name === 'i2h').data.module;
    assert.deepEqual(lin.bias.toArray(), [1, 2, 3, 4]);
    lin.weight.copy(torch.zeros(4, 3));
    const h2o = g.findModules('nn.Linear')[1];
    h2o.weight.copy(torch.tensor([[1, 0, 0, 0], [0, 0, 0, 1]]));
    h2o.bias.copy(torch.zeros(2));
    assertClose(g.forward(torch.rand(3)).toArray(), [Math.tanh(1), Math.tanh(4)]);
    g.dispose();
  });

  test('a loaded graph (no JS objects behind it) gets wrappers that the graph owns', () => {
    const g = smallGraph();
    const text = g.save();
    g.dispose();
    const before = ng.memory().modules;
    const h = nn.load(text);
    assert.equal(h.forwardnodes[1].data.annotations.name, 'i2h');
    assert.equal(h.forwardnodes[1].data.module, h.forwardnodes[1].data.module);
    h.dispose();
    assert.equal(ng.memory().modules, before);
  });
});

describe('nn.Module API', () => {
  test('listModules: self first, then depth-first; modules; findModules by type; apply visits the same list', () => {
    const inner = nn.Sequential().add(nn.Linear(2, 2)).add(nn.Tanh());
    const seq = nn.Sequential().add(nn.Linear(3, 2)).add(inner).add(nn.Linear(2, 1));
    const list = seq.listModules();
    assert.deepEqual(list.map((m) => m.typeName), ['nn.Sequential', 'nn.Linear', 'nn.Sequential', 'nn.Linear', 'nn.Tanh', 'nn.Linear']);
    assert.equal(list[0], seq);
    assert.equal(list[2], inner);
    assert.deepEqual(seq.modules, [list[1], inner, list[5]]);
    assert.equal(seq.findModules('nn.Linear').length, 3);
    assert.equal(seq.findModules('Tanh')[0], list[4]);
    assert.deepEqual(seq.findModules('nn.ReLU'), []);
    const seen = [];
    assert.equal(seq.apply((m) => seen.push(m)), seq);
    assert.deepEqual(seen, list);
    assert.throws(() => seq.findModules(3), /typename must be a string/);
    seq.dispose();
  });

  test('a gModule lists its node modules (Torch: gModule.modules)', () => {
    const g = smallGraph();
    assert.deepEqual(g.listModules().map((m) => m.typeName), ['nn.gModule', 'nn.Identity', 'nn.Linear', 'nn.Tanh', 'nn.Linear']);
    assert.equal(g.modules.length, 4);
    g.dispose();
  });

  test('share(other, "weight", "bias"): the tensors alias, so an update of one is seen by the other', () => {
    const a = nn.Linear(2, 2), b = nn.Linear(2, 2);
    b.share(a, 'weight', 'bias');
    a.weight.copy(torch.tensor([[1, 2], [3, 4]]));
    assert.deepEqual(b.weight.toArray(), [[1, 2], [3, 4]]);
    a.dispose();
    b.dispose();
  });

  test('clearState forgets output and gradInput, recursively; the module still works', () => {
    const seq = nn.Sequential().add(nn.Linear(3, 2)).add(nn.Tanh());
    const x = torch.rand(3);
    seq.forward(x);
    seq.backward(x, torch.ones(2));
    assert.deepEqual(seq.get(1).output.shape, [2]);
    assert.equal(seq.clearState(), seq);
    assert.equal(seq.output.numel(), 0);
    assert.equal(seq.get(1).output.numel(), 0);
    assert.equal(seq.get(2).gradInput.numel(), 0);
    assert.deepEqual(seq.forward(x).shape, [2]);
    seq.dispose();
  });

  test('reset(stdv): uniform(-stdv*sqrt(3), stdv*sqrt(3)) for Linear; default 1/sqrt(inputSize); LookupTable normal(0, stdv)', () => {
    torch.manualSeed(3);
    const lin = nn.Linear(400, 50);
    const shared = lin.clone('weight', 'bias');
    lin.reset(0.01);
    const w = lin.weight.toFloat32Array();
    const bound = 0.01 * Math.sqrt(3);
    assert.ok(w.every((v) => Math.abs(v) <= bound + 1e-7));
    assert.ok(Math.max(...w) > 0.9 * bound);
    // sample standard deviation close to stdv
    const mean = w.reduce((s, v) => s + v, 0) / w.length;
    const sd = Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length);
    assert.ok(Math.abs(sd - 0.01) < 0.0005, `sd ${sd}`);
    assert.deepEqual(shared.weight.toFloat32Array(), w);  // in place: sharing survives
    lin.reset();
    assert.ok(lin.weight.toFloat32Array().every((v) => Math.abs(v) <= 1 / 20 + 1e-7));
    const lt = nn.LookupTable(100, 100);
    lt.reset(2);
    const e = lt.weight.toFloat32Array();
    const sdE = Math.sqrt(e.reduce((s, v) => s + v * v, 0) / e.length);
    assert.ok(Math.abs(sdE - 2) < 0.1, `sd ${sdE}`);
    assert.throws(() => lin.reset('big'), /stdv must be a number/);
    assert.throws(() => lin.reset(-1), /stdv must be a positive number/);
    for (const m of [lin, shared, lt]) m.dispose();
  });

  test('replace(fn): nngraph and Module.lua swap submodules for what fn returns', () => {
    const g = smallGraph();
    const x = torch.tensor([0.5, -1, 2]);
    const before = g.forward(x).toArray();
    // replace Tanh by ReLU, as a user converting a model would
    g.replace((m) => (m.typeName === 'nn.Tanh' ? nn.ReLU() : m));
    assert.deepEqual(g.forwardnodes.map((n) => n.data.module.typeName), ['nn.Identity', 'nn.Linear', 'nn.ReLU', 'nn.Linear']);
    const [l1, l2] = g.findModules('nn.Linear');
    const h = l1.forward(x).toArray().map((v) => Math.max(0, v));
    const w = l2.weight.toArray(), b = l2.bias.toArray();
    const want = w.map((row, i) => row.reduce((s, v, j) => s + v * h[j], b[i]));
    assertClose(g.forward(x).toArray(), want);
    assert.notDeepEqual(before, want);
    const seq = nn.Sequential().add(nn.Tanh()).add(nn.Linear(2, 2));
    seq.replace((m) => (m.typeName === 'nn.Tanh' ? nn.Sigmoid() : m));
    assert.equal(seq.get(1).typeName, 'nn.Sigmoid');
    assert.throws(() => seq.replace((m) => (m.typeName === 'nn.Sigmoid' ? 42 : m)), /fn must return a module/);
    g.dispose();
    seq.dispose();
  });

  test('View.setNumInputDims(n) infers the batch (View.lua) and a save/load keeps it', () => {
    const v = nn.View(4).setNumInputDims(2);
    assert.deepEqual(v.forward(torch.rand(3, 2, 2)).shape, [3, 4]);
    assert.deepEqual(v.forward(torch.rand(2, 2)).shape, [4]);
    const back = nn.load(v.save());
    assert.deepEqual(back.forward(torch.rand(5, 2, 2)).shape, [5, 4]);
    assert.throws(() => nn.Linear(2, 2).setNumInputDims(2), /setNumInputDims exists on nn.View only/);
    v.dispose();
    back.dispose();
  });
});

describe('criterion targets as Torch takes them', () => {
  test('ClassNLLCriterion and CrossEntropyCriterion take a plain number as the class of a 1-D input', () => {
    const logp = torch.tensor([-1, -2, -3]);
    const nll = nn.ClassNLLCriterion();
    assert.equal(nll.forward(logp, 2), 2);
    assert.deepEqual(nll.backward(logp, 2).toArray(), [0, -1, 0]);
    const ce = nn.CrossEntropyCriterion();
    const x = torch.tensor([1, 2, 3]);
    const lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    assertClose(ce.forward(x, 3), lse - 3);
    assert.throws(() => nn.MSECriterion().forward(x, 3), /expected a Tensor/);
    nll.dispose();
    ce.dispose();
  });

  test('ClassNLLCriterion(weights, sizeAverage, ignoreIndex)', () => {
    const nll = nn.ClassNLLCriterion(torch.tensor([1, 2, 3]), true, 2);
    const logp = torch.tensor([[-1, -2, -3], [-4, -5, -6]]);
    assertClose(nll.forward(logp, torch.tensor([1, 2])), 1);  // sample 2 ignored: -(1 * -1) / 1
    nll.dispose();
  });
});
