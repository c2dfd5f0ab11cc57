// nn.defineModule (bindings/define_module.mjs): modules written in JS, with and without
// updateGradInput, with parameters, in a gModule and a container, cloned with shared parameters;
// gradients against finite differences computed here in plain JS.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ng, torch, nn, assertClose } from './helpers.mjs';

const Double = nn.defineModule('Double', {
  init(scale = 2) { this.scale = scale; },
  updateOutput(input) { return this.output.resizeAs(input).copy(input).mul(this.scale); },
  updateGradInput(input, gradOutput) { return this.gradInput.resizeAs(gradOutput).copy(gradOutput).mul(this.scale); },
});

// y = w .* x + b, a CMul plus a bias, with its parameters under Torch's names
const ScaleShift = nn.defineModule('ScaleShift', {
  init(n) {
    this.weight = torch.rand(n);
    this.bias = torch.rand(n);
    this.gradWeight = torch.zeros(n);
    this.gradBias = torch.zeros(n);
  },
  updateOutput(x) { return this.output.resizeAs(x).copy(x).cmul(this.weight).add(this.bias); },
  updateGradInput(x, gy) { return this.gradInput.resizeAs(gy).copy(gy).cmul(this.weight); },
  accGradParameters(x, gy, scale) {
    const d = x.clone().cmul(gy);
    this.gradWeight.add(scale, d);
    d.dispose();
    this.gradBias.add(scale, gy);
  },
});

// reads its input but gives it no gradient (Torch's default without updateGradInput)
const Squares = nn.defineModule('Squares', {
  updateOutput(x) { return this.output.resizeAs(x).copy(x).pow(2); },
});

// Central differences of L = sum(f(x) .* r) in plain JS over the tensor's elements.
function numericGradient(f, x, r) {
  const data = x.toArray().flat(Infinity), shape = x.shape, g = [];
  const loss = (values) => {
    const out = f(torch.tensor(Float32Array.from(values), shape));
    return out.toArray().flat(Infinity).reduce((s, v, i) => s + v * r[i], 0);
  };
  for (let i = 0; i < data.length; ++i) {
    const plus = data.slice(), minus = data.slice();
    plus[i] += 1e-2;
    minus[i] -= 1e-2;
    g.push((loss(plus) - loss(minus)) / 2e-2);
  }
  return g;
}

describe('nn.defineModule', () => {
  test('a factory on nn; forward/backward call the spec; this.scale is per instance', () => {
    assert.equal(nn.Double, Double);
    const d = nn.Double(3), e = nn.Double();
    const x = torch.tensor([1, -2, 0.5]);
    assert.deepEqual(d.forward(x).toArray(), [3, -6, 1.5]);
    assert.deepEqual(e.forward(x).toArray(), [2, -4, 1]);
    assert.deepEqual(d.backward(x, torch.ones(3)).toArray(), [3, 3, 3]);
    assert.equal(d.typeName, 'nn.Double');
    assert.deepEqual(d.output.toArray(), [3, -6, 1.5]);
  });

  test('parameters from weight/bias; gradients match finite differences; updateParameters', () => {
    torch.manualSeed(3);
    const m = nn.ScaleShift(4);
    const [params, grads] = m.parameters();
    assert.equal(params.length, 2);
    assert.equal(grads.length, 2);
    const x = torch.tensor([0.5, -1, 2, 0.1]), r = [1, -2, 0.5, 3];
    m.zeroGradParameters();
    m.forward(x);
    const gx = m.backward(x, torch.tensor(r));
    assertClose(gx.toArray(), numericGradient((v) => m.forward(v), x, r), { rtol: 1e-2, atol: 1e-3 });
    const w = m.weight.toArray();
    assertClose(m.gradWeight.toArray(), x.toArray().map((v, i) => v * r[i]));
    assertClose(m.gradBias.toArray(), r);
    const before = m.bias.toArray();
    m.updateParameters(0.1);
    assertClose(m.bias.toArray(), before.map((b, i) => b - 0.1 * r[i]));
    assertClose(m.weight.toArray(), w.map((v, i) => v - 0.1 * x.toArray()[i] * r[i]));
    const check = nn.checkGradients(m, x);
    assert.ok(check.maxError < 2e-2, JSON.stringify(check));
  });

  test('inside a gModule with a C++ module; an input without gradient gets an empty one', () => {
    const a = nn.Identity()(), b = nn.Identity()();
    const lin = nn.Linear(3, 3)(nn.Double(2)(a));
    const out = nn.CAddTable()([lin, nn.Squares()(b)]);
    const g = nn.gModule([a, b], [out]);
    const x = torch.tensor([1, 2, 3]), y = torch.tensor([1, -1, 2]);
    const result = g.forward([x, y]);
    const r = [1, 0.5, -1];
    const [gx, gy] = g.backward([x, y], torch.tensor(r));
    assertClose(gx.toArray(), numericGradient((v) => g.forward([v, y]).clone(), x, r), { rtol: 1e-2, atol: 1e-3 });
    assert.equal(gy.dim(), 0, 'no gradient for the input of a module without updateGradInput');
    assert.equal(result.shape[0], 3);
  });

  test('in a container; clone copies, clone with names shares; getParameters re-points', () => {
    torch.manualSeed(4);
    const m = nn.ScaleShift(2);
    const seq = nn.Sequential().add(m).add(nn.Double(2));
    const x = torch.tensor([1, 2]);
    const out = seq.forward(x).toArray();
    assertClose(out, x.toArray().map((v, i) => 2 * (v * m.weight.toArray()[i] + m.bias.toArray()[i])));
    const copy = m.clone();
    copy.weight.fill(0);
    assert.notDeepEqual(m.weight.toArray(), [0, 0]);
    const shared = m.clone('weight', 'bias', 'gradWeight', 'gradBias');
    shared.weight.fill(5);
    assert.deepEqual(m.weight.toArray(), [5, 5]);
    assert.deepEqual(shared.forward(x).toArray(), m.forward(x).toArray());
    const [flat] = seq.getParameters();
    assert.equal(flat.numel(), 4);
    flat.fill(1);
    assert.deepEqual(m.weight.toArray(), [1, 1]);
    assert.deepEqual(seq.forward(x).toArray(), [4, 6]);
  });

  test('errors: bad specs, a hook that throws or returns a non-tensor, save refuses; state stays usable', () => {
    assert.throws(() => nn.defineModule('Bad', {}), /spec.updateOutput must be a function/);
    assert.throws(() => nn.defineModule('Linear', { updateOutput() {} }), /one of the engine's modules/);
    const Broken = nn.defineModule('Broken', { updateOutput() { throw new Error('boom'); } });
    assert.throws(() => Broken().forward(torch.ones(2)), /nn\.Broken:updateOutput: boom/);
    const Nothing = nn.defineModule('Nothing', { updateOutput() { return 3; } });
    assert.throws(() => Nothing().forward(torch.ones(2)), /nn\.Nothing:updateOutput is the number 3; it must return a Tensor/);
    const a = nn.Identity()();
    const g = nn.gModule([a], [nn.Double()(a)]);
    assert.throws(() => g.save(), /cannot save nn\.Double: it is defined by a script/);
    assert.deepEqual(nn.Double().forward(torch.ones(1)).toArray(), [2]);
  });

  test('nothing leaked: handles back to the baseline after dispose', () => {
    const before = ng.memory();
    for (let i = 0; i < 3; ++i) {
      const m = nn.ScaleShift(3);
      const x = torch.ones(3);
      const gy = torch.ones(3);
      m.forward(x);
      m.backward(x, gy).dispose();
      m.clone().dispose();
      x.dispose();
      gy.dispose();
      m.dispose();
    }
    const after = ng.memory();
    assert.equal(after.tensors, before.tensors);
    assert.equal(after.modules, before.modules);
  });
});
