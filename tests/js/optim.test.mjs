// optim from JavaScript: Torch's functional form over getParameters(), the object form over
// module.parameters(), hand-computed steps, and XOR trained to 100 % from a fixed seed.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ng, torch, nn, assertClose } from './helpers.mjs';

const { optim } = ng;

// f(x) = 0.5 |x|^2: df/dx = x, written into `grad` like a module's flat gradient.
function halfSquare(grad) {
  return (x) => {
    grad.copy(x);
    const v = x.toFloat32Array();
    return [0.5 * v.reduce((s, a) => s + a * a, 0), grad];
  };
}

describe('optim functional form', () => {
  test('sgd: momentum (dampening = momentum by default) and weight decay, two steps by hand', () => {
    // step 1: g = 1.1 x0 = (1.1, -2.2), buffer = g, x1 = x0 - 0.1 g = (0.89, -1.78)
    // step 2: g = 1.1 x1, buffer = 0.9 (1.1, -2.2) + 0.1 g = (1.0879, -2.1758), x2 = (0.78121, -1.56242)
    const x = torch.tensor([1, -2]), grad = torch.zeros(2);
    const config = { learningRate: 0.1, momentum: 0.9, weightDecay: 0.1 };
    const state = {};
    const [x1, [fx]] = optim.sgd(halfSquare(grad), x, config, state);
    assert.equal(x1, x);
    assert.equal(fx, 2.5);
    assertClose(x.toArray(), [0.89, -1.78]);
    optim.sgd(halfSquare(grad), x, config, state);
    assertClose(x.toArray(), [0.78121, -1.56242]);
    assert.equal(state.evalCounter, 2);
  });

  test('sgd: nesterov, and the state defaults to the config table as in Torch', () => {
    const x = torch.tensor([1, -2]), grad = torch.zeros(2);
    const config = { learningRate: 0.1, momentum: 0.9, dampening: 0, nesterov: true };
    optim.sgd(halfSquare(grad), x, config);
    assertClose(x.toArray(), [0.81, -1.62]);
    optim.sgd(halfSquare(grad), x, config);
    assertClose(x.toArray(), [0.5751, -1.1502]);
    assert.equal(config.evalCounter, 2);
  });

  test('adam: three steps with bias correction match the formula', () => {
    const lr = 0.05, b1 = 0.8, b2 = 0.99, eps = 1e-3;
    const ref = [1, -2, 0.5], m = [0, 0, 0], v = [0, 0, 0];
    const x = torch.tensor(ref), grad = torch.zeros(3);
    const state = {};
    for (let t = 1; t <= 3; ++t) {
      for (let i = 0; i < 3; ++i) {
        const g = ref[i];
        m[i] = b1 * m[i] + (1 - b1) * g;
        v[i] = b2 * v[i] + (1 - b2) * g * g;
        ref[i] -= (lr * Math.sqrt(1 - b2 ** t) / (1 - b1 ** t)) * m[i] / (Math.sqrt(v[i]) + eps);
      }
      optim.adam(halfSquare(grad), x, { learningRate: lr, beta1: b1, beta2: b2, epsilon: eps }, state);
      assertClose(x.toArray(), ref, { rtol: 1e-5, atol: 1e-6, what: `step ${t}` });
    }
    assert.equal(state.t, 3);
  });

  test('adam: the first step moves each coordinate by the learning rate', () => {
    const x = torch.tensor([1, -2, 0.5]), grad = torch.zeros(3);
    optim.adam(halfSquare(grad), x, { learningRate: 0.1 }, {});
    assertClose(x.toArray(), [0.9, -1.9, 0.4], { rtol: 1e-5 });
  });

  test('errors are sentences', () => {
    const x = torch.tensor([1]);
    assert.throws(() => optim.sgd(() => 3, x, {}), /feval\(x\) must return \[loss, gradient\]/);
    assert.throws(() => optim.sgd(() => [0, x], x, { learningRate: '0.1' }), /config.learningRate must be a number/);
    assert.throws(() => optim.sgd(() => [0, x], x, { momentum: 0.9, nesterov: true }), /Nesterov momentum requires a momentum and zero dampening/);
    assert.throws(() => optim.adam(() => [0, torch.zeros(4)], x, {}), /feval must return the gradient as a contiguous tensor of 1 elements/);
    assert.throws(() => optim.adam(42, {}), /expected a module or module.parameters\(\)/);
  });
});

describe('getParameters', () => {
  test('flat views: writing the flat vector changes module.weight; shared clones map to one region', () => {
    const lin = nn.Linear(3, 2);
    const twin = lin.clone('weight', 'bias', 'gradWeight', 'gradBias');
    const seq = nn.Sequential().add(lin).add(twin);
    const [flat, gradFlat] = seq.getParameters();
    assert.deepEqual(flat.shape, [8]);
    assert.deepEqual(gradFlat.shape, [8]);
    flat.fill(0.5);
    assert.deepEqual(lin.weight.toArray(), [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5]]);
    assert.deepEqual(twin.bias.toArray(), [0.5, 0.5]);
    gradFlat.fill(0);
    const x1 = torch.tensor([1, 2, 3]), x2 = torch.tensor([-1, 0, 4]), g = torch.tensor([1, -1]);
    lin.forward(x1); lin.backward(x1, g);
    twin.forward(x2); twin.backward(x2, g);
    // gradWeight = g x1^T + g x2^T, gradBias = 2 g, in one region
    assertClose(gradFlat.toArray(), [0, 2, 7, 0, -2, -7, 2, -2]);
    seq.dispose();
  });
});

describe('optim object form', () => {
  test('step() applies the accumulated gradients; zeroGrad() clears them; shared tensors move once', () => {
    const lin = nn.Linear(2, 1);
    lin.weight.copy(torch.tensor([[1, 2]]));
    lin.bias.fill(0);
    const twin = lin.clone('weight', 'bias', 'gradWeight', 'gradBias');
    const seq = nn.Sequential().add(lin).add(twin);
    const opt = optim.sgd(seq, { learningRate: 0.1 });
    assert.equal(opt.learningRate, 0.1);
    opt.zeroGrad();
    const x = torch.tensor([1, -1]);
    lin.forward(x);
    lin.backward(x, torch.tensor([1]));  // gradWeight = (1, -1), gradBias = 1
    opt.step();
    assertClose(lin.weight.toArray(), [[0.9, 2.1]]);
    assertClose(twin.bias.toArray(), [-0.1]);
    assert.equal(opt.stepCount, 1);
    opt.zeroGrad();
    assert.deepEqual(lin.gradWeight.toArray(), [[0, 0]]);
    opt.learningRate = 0.5;
    assert.equal(opt.learningRate, 0.5);
    opt.dispose();
    assert.throws(() => opt.step(), /this Optimizer was disposed/);
    seq.dispose();
  });

  test('over module.parameters(), adam with a closure returns its loss', () => {
    const lin = nn.Linear(1, 1);
    lin.weight.fill(1);
    lin.bias.fill(0);
    const opt = optim.adam(lin.parameters(), { learningRate: 0.1 });
    const crit = nn.MSECriterion();
    const x = torch.tensor([[2]]), y = torch.tensor([[0]]);
    const loss = opt.step(() => {
      opt.zeroGrad();
      const out = lin.forward(x);
      const l = crit.forward(out, y);
      lin.backward(x, crit.backward(out, y));
      return l;
    });
    assert.equal(loss, 4);
    // adam's first step: lr against the gradient's sign for each parameter
    assertClose(lin.weight.toArray(), [[0.9]], { rtol: 1e-5 });
    assertClose(lin.bias.toArray(), [-0.1], { rtol: 1e-5 });
  });
});

describe('training', () => {
  test('XOR with a 2-layer MLP reaches 100% accuracy within 100 sgd steps (seed 123)', () => {
    torch.manualSeed(123);
    const net = nn.Sequential().add(nn.Linear(2, 4)).add(nn.Tanh()).add(nn.Linear(4, 2)).add(nn.LogSoftMax());
    const crit = nn.ClassNLLCriterion();
    const x = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]), y = torch.tensor([1, 2, 2, 1]);
    const [params, grads] = net.getParameters();
    const feval = () => {
      grads.fill(0);
      const out = net.forward(x);
      const loss = crit.forward(out, y);
      net.backward(x, crit.backward(out, y));
      return [loss, grads];
    };
    const config = { learningRate: 0.3, momentum: 0.9, dampening: 0 };
    const state = {};
    const accuracy = () => {
      const scores = net.forward(x).toArray();
      return scores.filter((row, i) => (row[0] > row[1] ? 1 : 2) === [1, 2, 2, 1][i]).length / 4;
    };
    let reached = -1, loss = 0;
    for (let step = 1; step <= 100 && reached < 0; ++step) {
      [, [loss]] = optim.sgd(feval, params, config, state);
      if (accuracy() === 1) reached = step;
    }
    assert.ok(reached > 0, `XOR not learned in 100 steps (loss ${loss})`);
    net.dispose();
  });
});
