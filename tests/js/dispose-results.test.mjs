// A module's results (forward's return value, m.output, backward's gradInput) belong to the
// module, as in Torch: disposing the module or criterion releases them, so memory() returns to
// its baseline without waiting for garbage collection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from '../../bindings/index.mjs';

const ng = await load();
const { torch, nn } = ng;

const counts = () => {
  const { tensors, modules, criterions, nodes } = ng.memory();
  return { tensors, modules, criterions, nodes };
};

test('disposing a graph and a criterion releases their cached output and gradInput tensors', () => {
  const before = counts();
  const in1 = nn.Identity()(), in2 = nn.Identity()();
  const g = nn.gModule([in1, in2], [nn.CAddTable()([nn.Linear(3, 5)(in1), nn.Linear(3, 5)(in2)])]);
  const x = torch.rand(3, 3), xp = torch.rand(3, 3), err = torch.rand(3, 5);
  const y = g.forward([x, xp]);
  const grads = g.backward([x, xp], err);
  const crit = nn.MSECriterion();
  crit.forward(y, err);
  const dy = crit.backward(y, err);
  assert.ok(counts().tensors > before.tensors + 3);
  g.dispose();
  crit.dispose();
  [x, xp, err].forEach((t) => t.dispose());
  assert.deepEqual(counts(), before);
  assert.throws(() => y.toArray(), /disposed/);
  assert.throws(() => grads[0].toArray(), /disposed/);
  assert.throws(() => dy.toArray(), /disposed/);
});
