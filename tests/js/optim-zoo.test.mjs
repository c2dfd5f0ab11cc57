// optim.rmsprop / adagrad / adadelta / adamax / nag / lbfgs from JavaScript (issue 14): Torch's
// functional form over getParameters(), the state table Torch keeps, each first step written out
// by hand, and a small regression trained with each.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ng, torch, nn, assertClose } from './helpers.mjs';

const { optim } = ng;

// f(x) = 0.5 (x1^2 + 4 x2^2): df/dx = (x1, 4 x2), written into `grad`.
function quadratic(grad) {
  return (x) => {
    const [a, b] = x.toFloat32Array();
    grad.copy(torch.tensor([a, 4 * b]));
    return [0.5 * (a * a + 4 * b * b), grad];
  };
}

describe('optim zoo: first steps by hand', () => {
  test('rmsprop: m = 0.01 g^2, x -= lr g / (sqrt(m) + 1e-8)', () => {
    const x = torch.tensor([1, -1]), grad = torch.zeros(2);
    const [x1, [fx]] = optim.rmsprop(quadratic(grad), x, { learningRate: 0.1 });
    assert.equal(x1, x);
    assert.equal(fx, 2.5);
    // g = (1, -4): sqrt(m) = 0.1 |g|, so each step is lr * sign(g) / 0.1 = 1
    assertClose(x.toArray(), [1 - 1, -1 + 1], { atol: 1e-5 });
  });

  test('adagrad: state.evalCounter counts steps, as adagrad.lua', () => {
    const x = torch.tensor([1, -1]), grad = torch.zeros(2), state = {};
    optim.adagrad(quadratic(grad), x, { learningRate: 0.5 }, state);
    assertClose(x.toArray(), [0.5, -0.5]);  // x -= 0.5 g / |g|
    assert.equal(state.evalCounter, 1);
    optim.adagrad(quadratic(grad), x, { learningRate: 0.5 }, state);
    // g = (0.5, -2), v = (1.25, 20): x = (0.5 - 0.25 / sqrt(1.25), -0.5 + 1 / sqrt(20))
    assertClose(x.toArray(), [0.5 - 0.25 / Math.sqrt(1.25), -0.5 + 1 / Math.sqrt(20)]);
    assert.equal(state.evalCounter, 2);
  });

  test('adadelta: delta = sqrt(eps) / sqrt(0.1 g^2 + eps) g on the first step', () => {
    const x = torch.tensor([1, -1]), grad = torch.zeros(2), state = {};
    optim.adadelta(quadratic(grad), x, { rho: 0.9, eps: 1e-6 }, state);
    const step = (g) => Math.sqrt(1e-6) / Math.sqrt(0.1 * g * g + 1e-6) * g;
    assertClose(x.toArray(), [1 - step(1), -1 - step(-4)]);
    assert.equal(state.evalCounter, 1);
  });

  test('adamax: x -= lr / (1 - beta1) * (0.1 g) / |g| on the first step; state.t', () => {
    const x = torch.tensor([1, -1]), grad = torch.zeros(2), state = {};
    optim.adamax(quadratic(grad), x, { learningRate: 0.1 }, state);
    assertClose(x.toArray(), [0.9, -0.9]);
    assert.equal(state.t, 1);
  });

  test('nag: the second evaluation happens at x + momentum v', () => {
    const seen = [];
    const grad = torch.zeros(2);
    const f = quadratic(grad);
    const x = torch.tensor([1, -1]), state = {};
    const feval = (p) => { seen.push(p.toArray()); return f(p); };
    optim.nag(feval, x, { learningRate: 0.1, momentum: 0.5 }, state);
    assertClose(x.toArray(), [0.9, -0.6]);  // v = -0.1 g = (-0.1, 0.4)
    optim.nag(feval, x, { learningRate: 0.1, momentum: 0.5 }, state);
    assertClose(seen[1], [0.85, -0.4]);      // x + 0.5 v
    assert.equal(state.evalCounter, 2);
    assert.throws(() => optim.nag(feval, x, { momentum: 0 }, {}), /Momentum must be positive/);
  });

  test('lbfgs: every loss in order, state.funcEval and state.nIter as lbfgs.lua', () => {
    const x = torch.tensor([1.5, -2]), grad = torch.zeros(2), state = {};
    const [, fs] = optim.lbfgs(quadratic(grad), x, { maxIter: 30 }, state);
    assert.equal(fs[0], 0.5 * (2.25 + 16));
    assert.ok(fs[fs.length - 1] < 1e-8, `final loss ${fs[fs.length - 1]}`);
    assert.equal(state.funcEval, fs.length);
    assert.ok(state.nIter >= 2);
    assertClose(x.toArray(), [0, 0], { atol: 1e-4 });
  });

  test('bad arguments are sentences', () => {
    const x = torch.tensor([1, 2]);
    assert.throws(() => optim.rmsprop(() => 3, x, {}), /feval\(x\) must return \[loss, gradient\]/);
    assert.throws(() => optim.adagrad((p) => [0, p], x, { learningRate: 'fast' }), /config.learningRate must be a number/);
    assert.throws(() => optim.lbfgs(nn.Linear(2, 2), {}), /optim.lbfgs has no object form: its search direction couples every parameter/);
    assert.throws(() => optim.lbfgs((p) => { throw new Error('feval failed here'); }, x, {}), /feval failed here/);
    assert.throws(() => optim.lbfgs(quadratic(torch.zeros(2)), x, { maxIter: Infinity }), /config.maxIter must be a positive integer/);
    assert.throws(() => optim.lbfgs(quadratic(torch.zeros(2)), x, { nCorrection: 0.5 }), /config.nCorrection must be a positive integer/);
    // the engine keeps working after these errors
    const [, [f]] = optim.rmsprop(quadratic(torch.zeros(2)), torch.tensor([1, 1]), {});
    assert.equal(f, 2.5);
  });
});

describe('optim zoo: training a small regression', () => {
  // y = 2 a - b + 0.5 from a Linear(2, 1), trained on 8 fixed samples with each method.
  const methods = {
    rmsprop: { learningRate: 0.01 },
    adagrad: { learningRate: 0.5 },
    adadelta: { rho: 0.95, eps: 1e-6 },
    adamax: { learningRate: 0.05 },
    nag: { learningRate: 0.05, momentum: 0.9 },
    lbfgs: { maxIter: 5 },
  };
  for (const [name, config] of Object.entries(methods)) {
    test(`${name} lowers the loss by 100x`, () => {
      torch.manualSeed(7);
      const model = nn.Linear(2, 1);
      const crit = nn.MSECriterion();
      const inputs = torch.tensor([[0, 0], [1, 0], [0, 1], [1, 1], [2, 1], [1, 2], [-1, 0], [0, -1]]);
      const targets = torch.tensor(inputs.toArray().map(([a, b]) => [2 * a - b + 0.5]));
      const [params, grads] = model.getParameters();
      const feval = () => {
        grads.fill(0);
        const out = model.forward(inputs);
        const loss = crit.forward(out, targets);
        model.backward(inputs, crit.backward(out, targets));
        return [loss, grads];
      };
      const first = feval()[0];
      const state = {};
      const steps = name === 'lbfgs' ? 10 : name === 'adadelta' ? 3000 : 400;
      for (let i = 0; i < steps; ++i) optim[name](feval, params, config, state);
      const last = feval()[0];
      assert.ok(last < first / 100, `${name}: loss ${first} -> ${last}`);
      model.dispose();
      crit.dispose();
    });
  }
});
