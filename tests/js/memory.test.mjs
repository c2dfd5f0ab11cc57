// Memory: a training loop that disposes what it gets back leaves ng.memory() at its baseline and
// the wasm heap flat after warm-up; dispose() frees what it should; the FinalizationRegistry
// cleans up what users forget.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ng, torch, nn } from './helpers.mjs';

const ITERATIONS = 10000;
// A leak of one allocation per iteration would grow the heap by >= 16 bytes x ITERATIONS; a few
// bytes of one-off allocator bookkeeping are not a leak.
function assertHeapFlat(heapAfterWarmUp) {
  const growth = ng.memory().heapBytes - heapAfterWarmUp;
  assert.ok(growth <= 256, `malloc'd bytes grew by ${growth} over ${ITERATIONS} iterations after warm-up`);
}
const counts = () => {
  const { tensors, modules, criterions, nodes } = ng.memory();
  return { tensors, modules, criterions, nodes };
};

describe('memory', () => {
  test(`${ITERATIONS} forward/backward iterations of the seed graph`, () => {
    const in1 = nn.Identity()(), in2 = nn.Identity()();
    const g = nn.gModule([in1, in2], [nn.CAddTable()([nn.Linear(3, 5)(in1), nn.Linear(3, 5)(in2)])]);
    const x = torch.rand(3, 3), xp = torch.rand(3, 3), err = torch.rand(3, 5);
    const step = () => {
      const y = g.forward([x, xp]);
      const [a, b] = g.backward([x, xp], err);
      y.dispose(); a.dispose(); b.dispose();
    };
    for (let i = 0; i < 100; ++i) step();  // warm-up: buffers reach their size
    const baseline = counts(), heap = ng.memory().heapBytes, heapSize = ng.memory().heapSize;
    for (let i = 0; i < ITERATIONS; ++i) step();
    assert.deepEqual(counts(), baseline);
    assertHeapFlat(heap);
    assert.equal(ng.memory().heapSize, heapSize, 'the wasm memory did not grow');
    g.dispose();
    ng.dispose(x, xp, err);
  });

  test(`${ITERATIONS} training iterations of an MLP (Sequential + MSECriterion + updateParameters)`, () => {
    const mlp = nn.Sequential().add(nn.Linear(10, 32)).add(nn.Tanh()).add(nn.Linear(32, 4));
    const crit = nn.MSECriterion();
    const x = torch.randn(8, 10), target = torch.randn(8, 4);
    let first, last;
    const step = () => ng.tidy(() => {
      const out = mlp.forward(x);
      const loss = crit.forward(out, target);
      mlp.zeroGradParameters();
      mlp.backward(x, crit.backward(out, target));
      mlp.updateParameters(0.01);
      return loss;
    });
    for (let i = 0; i < 100; ++i) first ??= step();
    const baseline = counts(), heap = ng.memory().heapBytes;
    for (let i = 0; i < ITERATIONS; ++i) last = step();
    assert.deepEqual(counts(), baseline);
    assertHeapFlat(heap);
    assert.ok(last < first, `the loss went down (${first} -> ${last})`);
    ng.dispose(mlp, crit, x, target);
  });

  test('dispose() of a graph disposes its nodes and modules; counts return to zero', () => {
    const start = counts();
    const a = nn.Identity()(), b = nn.Identity()();
    const g = nn.gModule([a, b], [nn.CAddTable()([nn.Tanh()(a), b])]);
    assert.ok(counts().nodes > start.nodes);
    g.dispose();
    assert.deepEqual(counts(), start);
    assert.equal(a.disposed, true);
  });

  test('using: Symbol.dispose on tensors, modules, nodes and criterions', () => {
    const start = counts();
    for (const make of [() => torch.zeros(1), () => nn.Tanh(), () => nn.Identity()(), () => nn.MSECriterion()]) {
      const obj = make();
      obj[Symbol.dispose]();
      assert.equal(obj.disposed, true);
    }
    // the node's module wrapper is owned by no graph: dispose it by hand
    assert.ok(counts().modules - start.modules <= 1);
  });

  test('forgotten handles are freed by the FinalizationRegistry', { skip: typeof globalThis.gc !== 'function' && 'run node with --expose-gc' }, async () => {
    const before = counts().tensors;
    (() => {
      for (let i = 0; i < 1000; ++i) torch.zeros(4);
    })();
    assert.ok(counts().tensors >= before + 1000);
    for (let round = 0; round < 20 && counts().tensors > before; ++round) {
      globalThis.gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // <= : garbage of earlier tests may be collected in the same rounds
    assert.ok(counts().tensors <= before, `${counts().tensors} tensors alive, ${before} before`);
  });
});
