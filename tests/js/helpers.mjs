// Shared by the node:test suites: the loaded API and small plain-JS references.
import assert from 'node:assert/strict';
import { load } from 'nngraph-wasm';

export const ng = await load();
export const { torch, nn, info } = ng;

export const has = (...names) => names.every((n) => info.modules.includes(n) || info.criterions.includes(n));
export const missing = (...names) => names.filter((n) => !has(n));
// Options for test(): skips with a reason while a module the test needs is not in the engine yet.
export const needs = (...names) => (missing(...names).length ? { skip: `needs nn.${missing(...names).join(', nn.')} (not in info.modules yet)` } : {});

// plain-JS linear algebra on nested arrays
export const matmul = (a, b) => a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
export const transpose = (a) => a[0].map((_, j) => a.map((row) => row[j]));
export const addRows = (a, v) => a.map((row) => row.map((x, j) => x + v[j]));
export const zip = (a, b, f) => (Array.isArray(a) ? a.map((x, i) => zip(x, b[i], f)) : f(a, b));

// |a - b| <= rtol * max(|a|, |b|) + atol, elementwise over nested arrays
export function assertClose(actual, expected, { rtol = 2e-4, atol = 2e-6, what = 'value' } = {}) {
  const flat = (v) => (Array.isArray(v) ? v.flat(Infinity) : [v]);
  const a = flat(actual), e = flat(expected);
  assert.equal(a.length, e.length, `${what}: ${a.length} elements, expected ${e.length}`);
  for (let i = 0; i < a.length; ++i) {
    const tol = rtol * Math.max(Math.abs(a[i]), Math.abs(e[i])) + atol;
    if (!(Math.abs(a[i] - e[i]) <= tol))
      assert.fail(`${what}: element ${i} is ${a[i]}, expected ${e[i]} (difference ${Math.abs(a[i] - e[i])} > ${tol})`);
  }
}

// Tensor or nested arrays of Tensors -> nested plain arrays
export const plain = (v) => (Array.isArray(v) ? v.map(plain) : v.toArray());

// A value of ones shaped like v (for gradOutputs)
export const onesLike = (v) => (Array.isArray(v) ? v.map(onesLike) : torch.ones(...v.shape));

// After an error, the runtime must still compute correctly.
export function assertStillWorks() {
  const lin = nn.Linear(2, 1);
  lin.weight.copy(torch.tensor([[2, 3]]));
  lin.bias.fill(1);
  const y = lin.forward(torch.tensor([1, 1]));
  assert.deepEqual(y.toArray(), [6]);
  lin.dispose();
}

// nngraph's LSTM cell: gates from one Linear per input, split with Narrow along dim 2.
export function lstmCell(inputSize, rnnSize) {
  const x = nn.Identity()(), prevC = nn.Identity()(), prevH = nn.Identity()();
  const i2h = nn.Linear(inputSize, 4 * rnnSize), h2h = nn.Linear(rnnSize, 4 * rnnSize);
  const all = nn.CAddTable()([i2h(x), h2h(prevH)]);
  const chunk = (k) => nn.Narrow(2, k * rnnSize + 1, rnnSize)(all);
  const inGate = nn.Sigmoid()(chunk(0)), forgetGate = nn.Sigmoid()(chunk(1));
  const outGate = nn.Sigmoid()(chunk(2)), inTransform = nn.Tanh()(chunk(3));
  const nextC = nn.CAddTable()([nn.CMulTable()([forgetGate, prevC]), nn.CMulTable()([inGate, inTransform])]);
  const nextH = nn.CMulTable()([outGate, nn.Tanh()(nextC)]);
  return { g: nn.gModule([x, prevC, prevH], [nextC, nextH]), i2h, h2h };
}
