// error.nodeId: an engine error about a graph node carries that node's id (nn::Error's node,
// issue 17), through the Embind path and the fast path alike, and through the Lua front-end;
// "did you mean nn.Linear?" for a mistyped factory (bindings/nn_suggest.mjs); nn.sketchDot, the
// drawing of a graph whose nn.gModule call failed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { torch, nn, assertStillWorks } from './helpers.mjs';
import { editDistance, nearestName } from '../../bindings/nn_suggest.mjs';
import { createLua } from '../../bindings/lua.mjs';

// The Error fn throws; its message must match `pattern`.
function thrown(fn, pattern) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof Error, `an Error, got ${e}`);
    assert.match(e.message, pattern);
    return e;
  }
  assert.fail('expected an Error');
}

test('build errors: nodeId is the node the sentence names', () => {
  const x = nn.Identity()();
  const h = nn.Linear(3, 4)(x);
  const dangling = nn.Tanh()(h);
  const y = nn.Sigmoid()(h);
  const e = thrown(() => nn.gModule([x], [y]), /does not reach any output/);
  assert.equal(e.nodeId, dangling.id);
  assert.match(e.message, new RegExp(`#${dangling.id}\\b`));

  const a = nn.Identity()();
  const computed = nn.Tanh()(a);
  assert.equal(thrown(() => nn.gModule([computed], [nn.Tanh()(computed)]), /computed from other nodes/).nodeId, computed.id);

  const s = nn.Identity()();
  s.split(2);
  assert.equal(thrown(() => s.split(2), /already split/).nodeId, s.id);
  assertStillWorks();
});

test('errors about no node have no nodeId', () => {
  const e = thrown(() => torch.tensor([[1, 2], [3]]), /./);
  assert.equal(e.nodeId, undefined);
  const lin = nn.Linear(3, 2);
  assert.equal(thrown(() => lin.forward(torch.rand(2, 4)), /./).nodeId, undefined);
});

test('forward and backward errors: nodeId through the fast path (Tensor input) and the Embind path (tables)', () => {
  const x = nn.Identity()();
  const first = nn.Linear(3, 4)(x);
  const second = nn.Linear(5, 2)(first);
  const g = nn.gModule([x], [second]);
  const bad = thrown(() => g.forward(torch.rand(2, 3)), /forward failed at node/);
  assert.equal(bad.nodeId, second.id);

  const a = nn.Identity()(), b = nn.Identity()();
  const sum = nn.CAddTable()([nn.Linear(3, 2)(a), nn.Linear(4, 2)(b)]);
  const two = nn.gModule([a, b], [sum]);
  const input = [torch.rand(1, 3), torch.rand(1, 4)];
  two.forward(input);
  // gradOutput of the wrong size: the output node; another input than the last forward: that input's node
  assert.equal(thrown(() => two.backward(input, torch.rand(1, 3)), /gradOutput must have/).nodeId, sum.id);
  assert.equal(thrown(() => two.backward([input[0], torch.rand(2, 4)], torch.rand(1, 2)), /backward expects the input/).nodeId, b.id);

  // inside a container: the node of the graph inside it
  const seq = nn.Sequential().add(g.clone());
  const inSeq = thrown(() => seq.forward(torch.rand(2, 3)), /In module 1 of/);
  assert.equal(typeof inSeq.nodeId, 'number');
  assertStillWorks();
});

test('Lua: a run that fails with an engine error about a node carries its nodeId', async () => {
  const lua = await createLua({ print: () => {} });
  try {
    await assert.rejects(lua.run(`
      local x = nn.Identity()()
      local h = nn.Linear(3, 4)(x)
      local y = nn.Linear(5, 2)(h)
      local g = nn.gModule({x}, {y})
      g:forward(torch.rand(2, 3))
    `, 'shape.lua'), (e) => {
      assert.match(e.message, /^shape\.lua:6: .*forward failed at node nn\.Linear #(\d+)/);
      assert.equal(e.nodeId, Number(/#(\d+)/.exec(e.message)[1]));
      return true;
    });
    // an error of the script's own after a caught engine error gets no nodeId
    await assert.rejects(lua.run(`
      local x = nn.Identity()()
      pcall(function() nn.gModule({x}, {nn.Linear(5, 2)(nn.Linear(3, 4)(x))}):forward(torch.rand(2, 3)) end)
      error('my own error')
    `, 'own.lua'), (e) => e.nodeId === undefined && /my own error/.test(e.message));
  } finally {
    lua.close();
  }
});

test('nn.Lienar(4, 8) throws an Error naming the nearest factory; other names read as before', () => {
  assert.throws(() => nn.Lienar(4, 8), { name: 'Error', message: 'nn.Lienar does not exist: did you mean nn.Linear?' });
  assert.throws(() => nn.Tahn(), /did you mean nn\.Tanh\?/);
  assert.throws(() => nn.MSECritreion(), /did you mean nn\.MSECriterion\?/);
  assert.throws(() => nn.CompletelyDifferent(), /nn\.CompletelyDifferent does not exist: it is not a module or criterion/);
  // lower-case keys, symbols, `in` and the real factories are untouched
  assert.equal(nn.then, undefined);
  assert.equal(nn.linear, undefined);
  assert.equal('Lienar' in nn, false);
  assert.equal(typeof nn.Linear, 'function');
  assert.equal(typeof nn[Symbol.iterator], 'undefined');
  // a module defined later is found, and suggested
  nn.defineModule('DoubleIt', { updateOutput(input) { return this.output.resizeAs(input).copy(input).mul(2); } });
  assert.deepEqual(nn.DoubleIt().forward(torch.tensor([1, 2])).toArray(), [2, 4]);
  assert.throws(() => nn.DoubleTi(), /did you mean nn\.DoubleIt\?/);
  assertStillWorks();
});

test('editDistance counts a swap of neighbours as one edit; nearestName stays silent when nothing is close', () => {
  assert.equal(editDistance('lienar', 'linear'), 1);
  assert.equal(editDistance('tanh', 'tanh'), 0);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(nearestName('Sigmiod', ['Sigmoid', 'Tanh']), 'Sigmoid');
  assert.equal(nearestName('Zebra', ['Sigmoid', 'Tanh']), null);
});

test('nn.sketchDot draws what a failed nn.gModule was given, the dangling node included', () => {
  const x = nn.Identity()();
  const h = nn.Linear(3, 4)(x);
  const dangling = nn.Tanh()(h);
  const y = nn.Sigmoid()(h);
  const e = thrown(() => nn.gModule([x], [y]), /does not reach any output/);
  const dot = nn.sketchDot([x], [y]);
  for (const n of [x, h, dangling, y]) assert.ok(dot.includes(`id="node${n.id}"`), `node ${n.id} drawn`);
  assert.ok(dot.includes(`id="node${e.nodeId}"`));
  assert.match(dot, /input 1/);
  assert.match(dot, /output 1/);
  // a module where a node belongs is left out, not an error
  assert.ok(nn.sketchDot([x], [nn.LogSoftMax()]).includes(`id="node${x.id}"`));
});

test('a module given as an output: the hint says how to make an output node', () => {
  const x = nn.Identity()();
  nn.Linear(4, 3)(x);
  const e = thrown(() => nn.gModule([x], [nn.LogSoftMax()]), /as output 1, not a node/);
  assert.ok(e instanceof TypeError);
  assert.match(e.message, /Make it an output node by calling it on the node it reads, e\.g\. nn\.LogSoftMax\(\)\(h\)/);
  assert.doesNotMatch(e.message, /graph input/);
  // as an input, the graph-input hint stays
  assert.match(thrown(() => nn.gModule([nn.Identity()], [x]), /as input 1/).message, /nn\.Identity\(\)\(\) for a graph input/);
});
