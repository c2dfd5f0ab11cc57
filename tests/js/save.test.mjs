// module.save() / nn.load(text): an exact round trip through the saved-graph JSON format, and bad
// documents rejected with a sentence saying where the problem is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ng, torch, nn, lstmCell } from './helpers.mjs';

function seed() {
  const in1 = nn.Identity()(), in2 = nn.Identity()();
  const score = nn.CAddTable()([nn.Linear(3, 5)(in1), nn.Linear(3, 5)(in2)]);
  return nn.gModule([in1, in2], [score]);
}

const bits = (v) => (Array.isArray(v) ? v.map(bits) : Array.from(v.toFloat32Array()));

// forward + backward on both modules with the same (cloned) inputs; everything must be identical
function assertSameBehaviour(a, b, makeInput, makeGradOutput) {
  const input = makeInput(), gradOutput = makeGradOutput();
  try {
    assert.deepEqual(bits(b.forward(input)), bits(a.forward(input)), 'outputs differ after load');
    assert.deepEqual(bits(b.backward(input, gradOutput)), bits(a.backward(input, gradOutput)), 'gradInputs differ after load');
    const [pa, ga] = a.parameters(), [pb, gb] = b.parameters();
    assert.equal(pb.length, pa.length);
    assert.deepEqual(bits(pb), bits(pa), 'parameters differ after load');
    assert.deepEqual(bits(gb), bits(ga), 'parameter gradients differ after load');
    ng.dispose(pa, ga, pb, gb);
  } finally {
    ng.dispose(input, gradOutput);
  }
}

test('save/load: the seed graph round-trips exactly', () => {
  torch.manualSeed(7);
  const g = seed();
  const text = g.save();
  assert.equal(typeof text, 'string');
  const doc = JSON.parse(text);
  assert.equal(doc.format, 'nngraph-wasm');
  assert.equal(doc.type, 'nn.gModule');
  const g2 = nn.load(text);
  try {
    assert.equal(typeof g2.toDot, 'function');
    assert.equal(typeof g2.inspect, 'function');
    assert.equal(g2.typeName, 'nn.gModule');
    assert.equal(g2.save(), text, 'saving the loaded graph gives the same document');
    assertSameBehaviour(g, g2, () => [torch.randn(4, 3), torch.randn(4, 3)], () => torch.randn(4, 5));
    assert.match(g2.toDot(), /digraph/);
  } finally {
    g.dispose();
    g2.dispose();
  }
});

test('save/load: an LSTM cell round-trips exactly', () => {
  torch.manualSeed(11);
  const { g } = lstmCell(6, 4);
  const g2 = nn.load(g.save());
  try {
    assert.equal(typeof g2.toDot, 'function');
    assertSameBehaviour(g, g2, () => [torch.randn(3, 6), torch.randn(3, 4), torch.randn(3, 4)],
      () => [torch.randn(3, 4), torch.randn(3, 4)]);
    // evaluation mode survives too
    g.evaluate();
    const g3 = nn.load(g.save());
    assert.equal(g3.train, false);
    g3.dispose();
  } finally {
    g.dispose();
    g2.dispose();
  }
});

test('save/load: a plain module (not a gModule) comes back as that module', () => {
  torch.manualSeed(3);
  const m = nn.Sequential().add(nn.Linear(3, 2)).add(nn.Tanh());
  const m2 = nn.load(m.save());
  try {
    assert.equal(m2.typeName, 'nn.Sequential');
    assert.equal(m2.toDot, undefined);
    assertSameBehaviour(m, m2, () => torch.randn(2, 3), () => torch.randn(2, 2));
  } finally {
    m.dispose();
    m2.dispose();
  }
});

test('save/load: bad documents are rejected with where the problem is', () => {
  const lin = nn.Linear(3, 2);
  const good = JSON.parse(lin.save());
  lin.dispose();
  const before = ng.memory();
  const bad = [
    ['not JSON', '{"format": "nngraph-wasm", ', /cannot load the saved graph: it is not valid JSON/],
    ['unknown type', JSON.stringify({ ...good, type: 'nn.NoSuchModule' }), /cannot load the saved graph: at type: unknown module type "nn.NoSuchModule"/],
    ['wrong format tag', JSON.stringify({ ...good, format: 'torch7' }), /cannot load the saved graph: at format: expected "nngraph-wasm", got "torch7"/],
    ['bad argument', JSON.stringify({ ...good, args: [3, 'x'] }), /cannot load the saved graph: at args: nn.Linear: argument 2 \(outputSize\) must be an integer, got 'x'/],
  ];
  for (const [name, text, re] of bad) {
    assert.throws(() => nn.load(text), (e) => e instanceof Error && re.test(e.message), name);
  }
  assert.throws(() => nn.load(42), { name: 'TypeError', message: /nn.load\(text\): text must be the string/ });
  const after = ng.memory();
  assert.equal(after.modules, before.modules);
  assert.equal(after.tensors, before.tensors);
});
