// The object form of every optimizer (issue 17): optim.X(model, config) with zeroGrad/step gives
// the numbers of the functional form optim.X(feval, x, config, state) over getParameters(), step
// by step, for the same model, data and config; lbfgs has no object form and says why.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { load } from '../../bindings/index.mjs';

let torch, nn, optim;
before(async () => ({ torch, nn, optim } = await load()));

const configs = {
  sgd: { learningRate: 0.1, momentum: 0.9, weightDecay: 0.01 },
  adam: { learningRate: 0.05, weightDecay: 0.01 },
  rmsprop: { learningRate: 0.01, alpha: 0.9, weightDecay: 0.01 },
  adagrad: { learningRate: 0.1, learningRateDecay: 0.01 },
  adadelta: { rho: 0.8, weightDecay: 0.01 },
  adamax: { learningRate: 0.02, weightDecay: 0.01 },
  nag: { learningRate: 0.05, momentum: 0.8, weightDecay: 0.01 },
};

function problem() {
  torch.manualSeed(7);
  const model = nn.Sequential().add(nn.Linear(3, 4)).add(nn.Tanh()).add(nn.Linear(4, 2));
  const x = torch.randn(5, 3), target = torch.randn(5, 2);
  const crit = nn.MSECriterion();
  // loss and gradients of m at its current parameters (accumulated into its gradients)
  const evaluate = (m) => {
    const out = m.forward(x);
    const loss = crit.forward(out, target);
    m.backward(x, crit.backward(out, target));
    return loss;
  };
  return { model, evaluate };
}

const flat = (tensors) => tensors.flatMap((t) => Array.from(t.toFloat32Array()));

describe('optim object form = functional form', () => {
  for (const [kind, config] of Object.entries(configs)) {
    test(`${kind}: five steps, same losses and parameters`, () => {
      const { model, evaluate } = problem();
      const twin = model.clone();
      const [x, dfdx] = model.getParameters();
      const state = {};
      const feval = () => {
        dfdx.zero();
        return [evaluate(model), dfdx];
      };
      const opt = optim[kind](twin, config);
      assert.equal(opt.kind, kind);
      for (let step = 0; step < 5; ++step) {
        const [, [fx]] = optim[kind](feval, x, config, state);
        const closure = () => {
          opt.zeroGrad();
          return evaluate(twin);
        };
        let loss;
        if (kind === 'nag') loss = opt.step(closure);
        else {
          loss = closure();
          opt.step();
        }
        assert.ok(Math.abs(loss - fx) <= 1e-6 * Math.max(1, Math.abs(fx)), `${kind} step ${step + 1}: loss ${loss} vs ${fx}`);
      }
      const ours = flat(twin.parameters()[0]), theirs = Array.from(x.toFloat32Array());
      assert.equal(ours.length, theirs.length);
      const initial = flat(problem().model.parameters()[0]);
      assert.ok(theirs.some((v, i) => Math.abs(v - initial[i]) > 1e-4), 'the parameters moved');
      ours.forEach((v, i) => assert.ok(Math.abs(v - theirs[i]) <= 1e-5, `${kind}: parameter ${i}: ${v} vs ${theirs[i]}`));
      assert.equal(opt.stepCount, 5);
      opt.dispose();
    });
  }
});

describe('optim object form: what differs between methods', () => {
  test('nag needs step(closure): its gradient is taken after the look-ahead step', () => {
    const { model, evaluate } = problem();
    const opt = optim.nag(model, { learningRate: 0.1 });
    evaluate(model);
    assert.throws(() => opt.step(), /optim.nag: the gradient must be computed after the look-ahead step .*call step\(closure\)/);
    assert.equal(typeof opt.step(() => evaluate(model)), 'number', 'works with a closure afterwards');
  });

  test('adadelta has no learning rate; lbfgs has no object form', () => {
    const { model } = problem();
    const opt = optim.adadelta(model, {});
    assert.ok(Number.isNaN(opt.learningRate));
    assert.throws(() => { opt.learningRate = 0.1; }, /optim.adadelta has no learningRate/);
    assert.throws(() => optim.lbfgs(model, {}), /optim.lbfgs has no object form: .*use optim.lbfgs\(feval, x, config, state\)/);
    assert.throws(() => optim.rmsprop(model, { alpha: 'big' }), /config.alpha must be a number, got the string "big"/);
    assert.throws(() => optim.adamax(model, { learningRate: -1 }), /optim.adamax: learningRate must be a finite number >= 0, got -1/);
  });
});
