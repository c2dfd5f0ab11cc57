// Long run: 100 000 forward/backward iterations of an LSTM cell gModule (batch 8, input 16,
// hidden 32) through the public API, printing the wasm heap and the live handle counts every
// 10 000 iterations. Steady state must not grow. Not part of npm test (takes a while):
//   node bench/longrun.mjs [iterations]
import { load } from '../bindings/index.mjs';

const ng = await load();
const { torch, nn } = ng;
const iterations = Number(process.argv[2] ?? 100000);
const batch = 8, inputSize = 16, hidden = 32;

function lstmCell() {
  const x = nn.Identity()(), prevC = nn.Identity()(), prevH = nn.Identity()();
  const all = nn.CAddTable()([nn.Linear(inputSize, 4 * hidden)(x), nn.Linear(hidden, 4 * hidden)(prevH)]);
  const chunk = (k) => nn.Narrow(2, k * hidden + 1, hidden)(all);
  const inGate = nn.Sigmoid()(chunk(0)), forgetGate = nn.Sigmoid()(chunk(1));
  const outGate = nn.Sigmoid()(chunk(2)), inTransform = nn.Tanh()(chunk(3));
  const nextC = nn.CAddTable()([nn.CMulTable()([forgetGate, prevC]), nn.CMulTable()([inGate, inTransform])]);
  const nextH = nn.CMulTable()([outGate, nn.Tanh()(nextC)]);
  return nn.gModule([x, prevC, prevH], [nextC, nextH]);
}

torch.manualSeed(1);
const g = lstmCell();
const input = [torch.randn(batch, inputSize), torch.randn(batch, hidden), torch.randn(batch, hidden)];
const gradOutput = [torch.randn(batch, hidden), torch.randn(batch, hidden)];

const report = (i, ms) => {
  const m = ng.memory();
  console.log(`iter ${String(i).padStart(6)}  heapBytes ${m.heapBytes}  heapSize ${m.heapSize}  ` +
    `tensors ${m.tensors} modules ${m.modules} criterions ${m.criterions} nodes ${m.nodes}` +
    (ms === undefined ? '' : `  (${(ms / 10000 * 1000).toFixed(1)} us/iter)`));
};

report(0);
let t0 = performance.now();
for (let i = 1; i <= iterations; ++i) {
  g.forward(input);
  g.zeroGradParameters();
  g.backward(input, gradOutput);
  if (i % 10000 === 0) {
    const t1 = performance.now();
    report(i, t1 - t0);
    t0 = performance.now();
  }
}
ng.dispose(input, gradOutput);
g.dispose();
report('end');
