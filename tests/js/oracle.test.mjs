// Gradient oracle: the same computations in TensorFlow.js (cpu backend) with the same weights;
// outputs and every input and parameter gradient must agree within 2e-4 relative.
import { test, describe, before } from 'node:test';
import { ng, torch, nn, needs, assertClose, lstmCell } from './helpers.mjs';

let tf;
before(async () => {
  const { log, warn } = console;
  console.log = console.warn = () => {};  // tfjs greets Node users with an advert for tfjs-node
  try {
    tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    await tf.ready();
    tf.tensor([0]).dispose();  // the advert comes with the backend's first tensor
  } finally {
    Object.assign(console, { log, warn });
  }
});

const T = (t) => tf.tensor(t.toArray());                   // nngraph Tensor -> tf tensor
const linear = (x, W, b) => tf.add(tf.matMul(x, W, false, true), b);  // Torch layout: W is out x in
const arr = (t) => t.arraySync();

function compareGrads(tfGrads, ngGrads, names) {
  tfGrads.forEach((g, i) => assertClose(ngGrads[i].toArray(), arr(g), { what: names[i] }));
}

describe('gradient oracle against @tensorflow/tfjs (cpu)', () => {
  test('the seed graph: output, both input gradients, all parameter gradients', () => {
    torch.manualSeed(11);
    const in1 = nn.Identity()(), in2 = nn.Identity()();
    const l1 = nn.Linear(3, 5), l2 = nn.Linear(3, 5);
    const g = nn.gModule([in1, in2], [nn.CAddTable()([l1(in1), l2(in2)])]);
    const x = torch.rand(3, 3);
    const xp = nn.Linear(3, 3).forward(x);
    const y = g.forward([x, xp]);
    const err = torch.rand(3, 5);
    g.zeroGradParameters();
    const [gx, gxp] = g.backward([x, xp], err);

    const f = (a, b, W1, b1, W2, b2) => tf.add(linear(a, W1, b1), linear(b, W2, b2));
    const args = [x, xp, l1.weight, l1.bias, l2.weight, l2.bias].map(T);
    assertClose(y.toArray(), arr(f(...args)), { what: 'output' });
    const grads = tf.grads(f)(args, T(err));
    compareGrads(grads, [gx, gxp, l1.gradWeight, l1.gradBias, l2.gradWeight, l2.gradBias],
      ['d/dx', 'd/dx_p', 'gradWeight 1', 'gradBias 1', 'gradWeight 2', 'gradBias 2']);
    g.dispose();
  });

  test('an LSTM cell: both outputs, three input gradients, four parameter gradients', needs('Narrow', 'Sigmoid', 'CMulTable'), () => {
    torch.manualSeed(12);
    const n = 4;
    const { g, i2h, h2h } = lstmCell(3, n);
    const x = torch.randn(2, 3), c = torch.randn(2, 4), h = torch.randn(2, 4);
    const [nc, nh] = g.forward([x, c, h]);
    const dc = torch.randn(2, 4), dh = torch.randn(2, 4);
    g.zeroGradParameters();
    const [gx, gc, gh] = g.backward([x, c, h], [dc, dh]);

    const cell = (xx, cc, hh, Wi, bi, Wh, bh) => {
      const all = tf.add(linear(xx, Wi, bi), linear(hh, Wh, bh));
      const [i, f, o, t] = tf.split(all, 4, 1);
      const nextC = tf.add(tf.mul(tf.sigmoid(f), cc), tf.mul(tf.sigmoid(i), tf.tanh(t)));
      const nextH = tf.mul(tf.sigmoid(o), tf.tanh(nextC));
      return [nextC, nextH];
    };
    const args = [x, c, h, i2h.weight, i2h.bias, h2h.weight, h2h.bias].map(T);
    const [tc, th] = cell(...args);
    assertClose(nc.toArray(), arr(tc), { what: 'next_c' });
    assertClose(nh.toArray(), arr(th), { what: 'next_h' });
    // one scalar whose gradient is the backward of gradOutputs {dc, dh}
    const loss = (...a) => {
      const [oc, oh] = cell(...a);
      return tf.add(tf.sum(tf.mul(oc, T(dc))), tf.sum(tf.mul(oh, T(dh))));
    };
    const grads = tf.grads(loss)(args);
    compareGrads(grads, [gx, gc, gh, i2h.gradWeight, i2h.gradBias, h2h.gradWeight, h2h.gradBias],
      ['d/dx', 'd/dprev_c', 'd/dprev_h', 'i2h gradWeight', 'i2h gradBias', 'h2h gradWeight', 'h2h gradBias']);
    g.dispose();
  });

  test('an MLP with LogSoftMax and ClassNLLCriterion', needs('Sequential', 'LogSoftMax', 'ClassNLLCriterion'), () => {
    torch.manualSeed(13);
    const l1 = nn.Linear(4, 6), l2 = nn.Linear(6, 3);
    const mlp = nn.Sequential().add(l1).add(nn.Tanh()).add(l2).add(nn.LogSoftMax());
    const crit = nn.ClassNLLCriterion();
    const x = torch.randn(5, 4);
    const labels = [1, 3, 2, 2, 1];
    const target = torch.tensor(labels);
    const out = mlp.forward(x);
    const lossValue = crit.forward(out, target);
    mlp.zeroGradParameters();
    const gx = mlp.backward(x, crit.backward(out, target));

    const oneHot = tf.oneHot(tf.tensor1d(labels.map((l) => l - 1), 'int32'), 3);
    const f = (xx, W1, b1, W2, b2) => {
      const logp = tf.logSoftmax(linear(tf.tanh(linear(xx, W1, b1)), W2, b2));
      return tf.div(tf.neg(tf.sum(tf.mul(logp, oneHot))), labels.length);  // sizeAverage
    };
    const args = [x, l1.weight, l1.bias, l2.weight, l2.bias].map(T);
    assertClose(lossValue, f(...args).arraySync(), { what: 'loss' });
    compareGrads(tf.grads(f)(args), [gx, l1.gradWeight, l1.gradBias, l2.gradWeight, l2.gradBias],
      ['d/dx', 'gradWeight 1', 'gradBias 1', 'gradWeight 2', 'gradBias 2']);
    ng.dispose(mlp, crit);
  });

  test('a Tanh / Sigmoid / SoftMax chain with MSECriterion', needs('Sequential', 'Sigmoid', 'SoftMax', 'MSECriterion'), () => {
    torch.manualSeed(14);
    const l1 = nn.Linear(4, 5), l2 = nn.Linear(5, 5), l3 = nn.Linear(5, 3);
    const net = nn.Sequential().add(l1).add(nn.Tanh()).add(l2).add(nn.Sigmoid()).add(l3).add(nn.SoftMax());
    const crit = nn.MSECriterion();
    const x = torch.randn(6, 4), target = torch.rand(6, 3);
    const out = net.forward(x);
    const lossValue = crit.forward(out, target);
    net.zeroGradParameters();
    const gx = net.backward(x, crit.backward(out, target));

    const f = (xx, W1, b1, W2, b2, W3, b3) => {
      const y = tf.softmax(linear(tf.sigmoid(linear(tf.tanh(linear(xx, W1, b1)), W2, b2)), W3, b3));
      return tf.mean(tf.square(tf.sub(y, T(target))));  // sizeAverage: divided by the element count
    };
    const args = [x, l1.weight, l1.bias, l2.weight, l2.bias, l3.weight, l3.bias].map(T);
    assertClose(lossValue, f(...args).arraySync(), { what: 'loss' });
    compareGrads(tf.grads(f)(args), [gx, l1.gradWeight, l1.gradBias, l2.gradWeight, l2.gradBias, l3.gradWeight, l3.gradBias],
      ['d/dx', 'gradWeight 1', 'gradBias 1', 'gradWeight 2', 'gradBias 2', 'gradWeight 3', 'gradBias 3']);
    ng.dispose(net, crit);
  });
});

