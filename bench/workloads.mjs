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
  linear: (n) => 3 * 2 * n ** 3,  // forward, gradInput, gradWeight: three n^3 products
};

export const MLP = { batch: 64, input: 784, hidden: 256, classes: 10, lr: 0.01 };
export const LSTM = { batch: 32, input: 128, hidden: 256 };

// ---------------------------------------------------------------------------------------------
// ours (the public API: nn.*, torch.*)

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
    const { torch, nn } = ng;
    const in1 = nn.Identity()(), in2 = nn.Identity()();
    const g = nn.gModule([in1, in2], [nn.CAddTable()([nn.Linear(3, 5)(in1), nn.Linear(3, 5)(in2)])]);
    const x = torch.rand(3, 3), xp = torch.rand(3, 3), err = torch.rand(3, 5);
    const input = [x, xp];
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
    const x = torch.rand(batch, input);
    const labels = torch.tensor(Float32Array.from({ length: batch }, (_, i) => 1 + (i % classes)), [batch]);
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
};

// ---------------------------------------------------------------------------------------------
// TensorFlow.js: the same math; gradients with tf.grads / tf.variableGrads

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
    return {
      step() {
        tf.tidy(() => {
          const { value, grads } = tf.variableGrads(loss);
          optimizer.applyGradients(grads);
          tf.dispose([value, grads]);
        });
      },
      dispose: () => tf.dispose([w1, b1, w2, b2, x, onehot, optimizer]),
    };
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
};

// ---------------------------------------------------------------------------------------------
// the native server's command for a workload (bench/native_bench.cpp)

export const nativeCommand = {
  gemm: (n, ta, tb) => `gemm ${n} ${ta ? 1 : 0} ${tb ? 1 : 0}`,
  linear: (n) => `linear ${n}`,
  seed: () => 'seed',
  mlp: () => 'mlp',
  lstm: () => 'lstm',
};
