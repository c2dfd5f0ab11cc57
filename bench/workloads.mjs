// The benchmark workloads (issue 7), each written three ways with the same math: through our
// public JS API (any loaded nngraph-wasm facade), through TensorFlow.js (whichever backend is
// active), and as a line for the native server (bench/native_bench.cpp).
// A workload's make* returns { step(), dispose() }: step() is one iteration and leaves nothing
// behind (our outputs are module-owned; tfjs's are disposed by tidy).

export const SIZES = {
  gemm: [256, 512, 1024],
  linear: [64, 128, 256, 512, 1024],
};
export const SMOKE_SIZES = { gemm: [8], linear: [8] };
export const VARIANTS = [[false, false], [false, true], [true, false], [true, true]];
export const variantName = (ta, tb) => `${ta ? 'T' : 'N'}${tb ? 'T' : 'N'}`;

// Work per iteration, for GFLOP/s.
export const flops = {
  gemm: (n) => 2 * n ** 3,
  conv: (c) => convFlops(c),            // forward: one multiply-add per weight per output pixel
  convTrain: (c) => 3 * convFlops(c),   // + gradInput + gradWeight, the same work each
  linear: (n) => 3 * 2 * n ** 3,  // forward, gradInput, gradWeight: three n^3 products
};

export const MLP = { batch: 64, input: 784, hidden: 256, classes: 10, lr: 0.01 };
export const LSTM = { batch: 32, input: 128, hidden: 256 };
// Convolution rows (issue 15): a 5x5 convolution 32 -> 64 planes on 28x28 images, batch 32
// (valid: 24x24 out), and a LeNet-5-style training step, batch 64 on 1x28x28 digits.
export const CONV = { batch: 32, planes: 32, outPlanes: 64, size: 28, k: 5 };
export const SMOKE_CONV = { batch: 2, planes: 3, outPlanes: 4, size: 8, k: 5 };
export const LENET = { batch: 64, lr: 0.01 };
export const SMOKE_LENET = { batch: 2, lr: 0.01 };
export const convFlops = ({ batch, planes, outPlanes, size, k }) => 2 * batch * outPlanes * planes * k * k * (size - k + 1) ** 2;

// ---------------------------------------------------------------------------------------------
// ours (the public API: nn.*, torch.*)

// The seed graph: gModule({x, x_p} -> CAddTable(Linear(3,5)(x), Linear(3,5)(x_p))), forward +
// backward on 3x3 inputs, through any implementation of our API (ours, bench/jspeer.mjs).
function seedGraph({ torch, nn }) {
  const in1 = nn.Identity()(), in2 = nn.Identity()();
  const g = nn.gModule([in1, in2], [nn.CAddTable()([nn.Linear(3, 5)(in1), nn.Linear(3, 5)(in2)])]);
  const x = torch.rand(3, 3), xp = torch.rand(3, 3), err = torch.rand(3, 5);
  return { g, x, xp, err, input: [x, xp] };
}

// Per-call cost (issue 17): lin.forward(x) of a 3->5 Linear on a 3x3 input.
export function linForward(ng) {
  const lin = ng.nn.Linear(3, 5), x = ng.torch.rand(3, 3);
  return { step: () => lin.forward(x), dispose: () => ng.dispose(lin, x) };
}

// The pure-JS peer's seed graph (bench/jspeer.mjs: the same API in plain JS over Float32Arrays).
export const jsPeer = {
  seed(peer) {
    const { g, input, err } = seedGraph(peer);
    return {
      step() {
        g.forward(input);
        g.backward(input, err);
      },
      dispose() {},
    };
  },
};

// One SGD step of a classifier on a fixed batch x with labels 1, 2, ..., classes, 1, ...
function classifierStep(ng, net, crit, x, classes, lr) {
  const batch = x.shape[0];
  const labels = ng.torch.tensor(Float32Array.from({ length: batch }, (_, i) => 1 + (i % classes)), [batch]);
  return {
    step() {
      net.zeroGradParameters();
      const out = net.forward(x);
      crit.forward(out, labels);
      net.backward(x, crit.backward(out, labels));
      net.updateParameters(lr);
    },
    dispose: () => ng.dispose(net, crit, x, labels),
  };
}

export const ours = {
  gemm(ng, n, ta, tb) {
    const { torch, nn } = ng;
    const mm = nn.MM(ta, tb), a = torch.rand(n, n), b = torch.rand(n, n);
    const input = [a, b];
    return { step: () => mm.forward(input), dispose: () => ng.dispose(mm, a, b) };
  },
  linear(ng, n) {
    const { torch, nn } = ng;
    const lin = nn.Linear(n, n), x = torch.rand(n, n), gy = torch.rand(n, n);
    return {
      step() {
        lin.forward(x);
        lin.backward(x, gy);
      },
      dispose: () => ng.dispose(lin, x, gy),
    };
  },
  seed(ng) {
    const { g, x, xp, err, input } = seedGraph(ng);
    return {
      step() {
        g.forward(input);
        g.backward(input, err);
      },
      dispose: () => ng.dispose(g, x, xp, err),
    };
  },
  mlp(ng) {
    const { torch, nn } = ng;
    const { batch, input, hidden, classes, lr } = MLP;
    const net = nn.Sequential().add(nn.Linear(input, hidden)).add(nn.ReLU()).add(nn.Linear(hidden, classes)).add(nn.LogSoftMax());
    const crit = nn.ClassNLLCriterion();
    return classifierStep(ng, net, crit, torch.rand(batch, input), classes, lr);
  },
  lstm(ng) {
    const { torch, nn } = ng;
    const { batch, input: inputSize, hidden: rnn } = LSTM;
    const x = nn.Identity()(), prevC = nn.Identity()(), prevH = nn.Identity()();
    const all = nn.CAddTable()([nn.Linear(inputSize, 4 * rnn)(x), nn.Linear(rnn, 4 * rnn)(prevH)]);
    const chunk = (k) => nn.Narrow(2, k * rnn + 1, rnn)(all);
    const inGate = nn.Sigmoid()(chunk(0)), forgetGate = nn.Sigmoid()(chunk(1));
    const outGate = nn.Sigmoid()(chunk(2)), inTransform = nn.Tanh()(chunk(3));
    const nextC = nn.CAddTable()([nn.CMulTable()([forgetGate, prevC]), nn.CMulTable()([inGate, inTransform])]);
    const nextH = nn.CMulTable()([outGate, nn.Tanh()(nextC)]);
    const g = nn.gModule([x, prevC, prevH], [nextC, nextH]);
    const input = [torch.rand(batch, inputSize), torch.rand(batch, rnn), torch.rand(batch, rnn)];
    const gradOutput = [torch.rand(batch, rnn), torch.rand(batch, rnn)];
    return {
      step() {
        g.forward(input);
        g.backward(input, gradOutput);
      },
      dispose: () => ng.dispose(g, input, gradOutput),
    };
  },
  // nn.SpatialConvolution forward (conv), or forward + backward (convTrain: gradInput, gradWeight, gradBias)
  conv(ng, c, backward = false) {
    const { torch, nn } = ng;
    const conv = nn.SpatialConvolution(c.planes, c.outPlanes, c.k, c.k);
    const x = torch.rand(c.batch, c.planes, c.size, c.size);
    const gy = torch.rand(c.batch, c.outPlanes, c.size - c.k + 1, c.size - c.k + 1);
    return {
      step() {
        conv.forward(x);
        if (backward) conv.backward(x, gy);
      },
      dispose: () => ng.dispose(conv, x, gy),
    };
  },
  convTrain: (ng, c) => ours.conv(ng, c, true),
  // LeNet-5 style: conv 5x5 1->6, ReLU, max-pool 2, conv 5x5 6->16, ReLU, max-pool 2, 256-120-84-10
  lenet(ng, { batch, lr }) {
    const { torch, nn } = ng;
    const net = nn.Sequential()
      .add(nn.SpatialConvolution(1, 6, 5, 5)).add(nn.ReLU()).add(nn.SpatialMaxPooling(2, 2, 2, 2))
      .add(nn.SpatialConvolution(6, 16, 5, 5)).add(nn.ReLU()).add(nn.SpatialMaxPooling(2, 2, 2, 2))
      .add(nn.View(-1, 256)).add(nn.Linear(256, 120)).add(nn.ReLU()).add(nn.Linear(120, 84)).add(nn.ReLU())
      .add(nn.Linear(84, 10)).add(nn.LogSoftMax());
    return classifierStep(ng, net, nn.ClassNLLCriterion(), torch.rand(batch, 1, 28, 28), 10, lr);
  },
};

// ---------------------------------------------------------------------------------------------
// TensorFlow.js: the same math; gradients with tf.grads / tf.variableGrads

// One optimizer step per step(): the gradients of loss() for the variables it reads, applied.
function tfSgdSteps(tf, loss, optimizer, tensors) {
  return {
    step() {
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(loss);
        optimizer.applyGradients(grads);
        tf.dispose([value, grads]);
      });
    },
    dispose: () => tf.dispose([...tensors, optimizer]),
  };
}

export const tfjs = {
  gemm(tf, n, ta, tb) {
    const a = tf.randomUniform([n, n]), b = tf.randomUniform([n, n]);
    return { step: () => tf.matMul(a, b, ta, tb).dispose(), dispose: () => tf.dispose([a, b]) };
  },
  // y = x W^T + b, gradients for x, W and b (what Linear's backward computes)
  linear(tf, n) {
    const x = tf.randomUniform([n, n]), w = tf.randomUniform([n, n]), b = tf.randomUniform([n]), gy = tf.randomUniform([n, n]);
    const grads = tf.grads((x, w, b) => tf.add(tf.matMul(x, w, false, true), b));
    return { step: () => tf.dispose(grads([x, w, b], gy)), dispose: () => tf.dispose([x, w, b, gy]) };
  },
  seed(tf) {
    const r = (...s) => tf.randomUniform(s);
    const args = [r(3, 3), r(3, 3), r(5, 3), r(5), r(5, 3), r(5)];
    const err = r(3, 5);
    const grads = tf.grads((x, xp, w1, b1, w2, b2) =>
      tf.add(tf.add(tf.matMul(x, w1, false, true), b1), tf.add(tf.matMul(xp, w2, false, true), b2)));
    return { step: () => tf.dispose(grads(args, err)), dispose: () => tf.dispose([...args, err]) };
  },
  mlp(tf) {
    const { batch, input, hidden, classes, lr } = MLP;
    const w1 = tf.variable(tf.randomUniform([input, hidden], -0.036, 0.036)), b1 = tf.variable(tf.zeros([hidden]));
    const w2 = tf.variable(tf.randomUniform([hidden, classes], -0.0625, 0.0625)), b2 = tf.variable(tf.zeros([classes]));
    const x = tf.randomUniform([batch, input]);
    const onehot = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % classes), 'int32'), classes).toFloat();
    const optimizer = tf.train.sgd(lr);
    const loss = () => {
      const logits = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2);
      return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), onehot), 1)));
    };
    return tfSgdSteps(tf, loss, optimizer, [w1, b1, w2, b2, x, onehot]);
  },
  lstm(tf) {
    const { batch, input, hidden } = LSTM;
    const r = (...s) => tf.randomUniform(s, -0.1, 0.1);
    // x, prevC, prevH, Wi (4h x in), bi, Wh (4h x h), bh: the same parameters as two nn.Linear
    const args = [r(batch, input), r(batch, hidden), r(batch, hidden), r(4 * hidden, input), r(4 * hidden), r(4 * hidden, hidden), r(4 * hidden)];
    const dy = tf.concat([r(batch, hidden), r(batch, hidden)], 1);
    const grads = tf.grads((x, c, h, wi, bi, wh, bh) => {
      const all = tf.add(tf.add(tf.matMul(x, wi, false, true), bi), tf.add(tf.matMul(h, wh, false, true), bh));
      const [i, f, o, g] = tf.split(all, 4, 1);
      const nextC = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
      const nextH = tf.mul(tf.sigmoid(o), tf.tanh(nextC));
      return tf.concat([nextC, nextH], 1);
    });
    return { step: () => tf.dispose(grads(args, dy)), dispose: () => tf.dispose([...args, dy]) };
  },
  // NHWC as tfjs prefers (its kernels' layout), filter HWIO; valid padding, stride 1
  conv(tf, c, backward = false) {
    const x = tf.randomUniform([c.batch, c.size, c.size, c.planes]);
    const w = tf.randomUniform([c.k, c.k, c.planes, c.outPlanes], -0.03, 0.03), b = tf.randomUniform([c.outPlanes]);
    const o = c.size - c.k + 1;
    const gy = tf.randomUniform([c.batch, o, o, c.outPlanes]);
    const f = (x, w, b) => tf.add(tf.conv2d(x, w, 1, 'valid'), b);
    if (!backward) return { step: () => tf.tidy(() => f(x, w, b)).dispose(), dispose: () => tf.dispose([x, w, b, gy]) };
    const grads = tf.grads(f);
    return { step: () => tf.dispose(grads([x, w, b], gy)), dispose: () => tf.dispose([x, w, b, gy]) };
  },
  convTrain: (tf, c) => tfjs.conv(tf, c, true),
  lenet(tf, { batch, lr }) {
    const u = (shape, fanIn) => tf.variable(tf.randomUniform(shape, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn)));
    const c1 = u([5, 5, 1, 6], 25), cb1 = u([6], 25), c2 = u([5, 5, 6, 16], 150), cb2 = u([16], 150);
    const l1 = u([256, 120], 256), lb1 = u([120], 256), l2 = u([120, 84], 120), lb2 = u([84], 120);
    const l3 = u([84, 10], 84), lb3 = u([10], 84);
    const x = tf.randomUniform([batch, 28, 28, 1]);
    const onehot = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 10), 'int32'), 10).toFloat();
    const optimizer = tf.train.sgd(lr);
    const loss = () => {
      let h = tf.maxPool(tf.relu(tf.add(tf.conv2d(x, c1, 1, 'valid'), cb1)), 2, 2, 'valid');
      h = tf.maxPool(tf.relu(tf.add(tf.conv2d(h, c2, 1, 'valid'), cb2)), 2, 2, 'valid');
      h = tf.reshape(h, [batch, 256]);
      h = tf.relu(tf.add(tf.matMul(h, l1), lb1));
      h = tf.relu(tf.add(tf.matMul(h, l2), lb2));
      const logits = tf.add(tf.matMul(h, l3), lb3);
      return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), onehot), 1)));
    };
    return tfSgdSteps(tf, loss, optimizer, [c1, cb1, c2, cb2, l1, lb1, l2, lb2, l3, lb3, x, onehot]);
  },
};

// ---------------------------------------------------------------------------------------------
// the native server's command for a workload (bench/native_bench.cpp)

export const nativeCommand = {
  gemm: (n, ta, tb) => `gemm ${n} ${ta ? 1 : 0} ${tb ? 1 : 0}`,
  linear: (n) => `linear ${n}`,
  seed: () => 'seed',
  mlp: () => 'mlp',
  lstm: () => 'lstm',
  conv: (c) => `conv ${c.batch} ${c.planes} ${c.outPlanes} ${c.size} ${c.k} 0`,
  convTrain: (c) => `conv ${c.batch} ${c.planes} ${c.outPlanes} ${c.size} ${c.k} 1`,
  lenet: (l) => `lenet ${l.batch}`,
};
