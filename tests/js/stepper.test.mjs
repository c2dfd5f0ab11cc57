// The Step mode's model (web/src/stepper.js) on what the engine records, in Node: for every JS
// example of the playground, the steps built from g.inspect() follow a topological order of the
// graph (derived here from each node's inputs), take one backward step per contribution at a
// fan-out node, and the running sums the engine reports add up (summed here) to the gradOutput.
// The page's side of it is tests/browser/stepper.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from '../../bindings/index.mjs';
import { runScript } from '../../web/src/script.js';
import { examples } from '../../web/src/examples.js';
import { buildSteps, findStep, nodeMarks, inputsWithGradient, parseStepText, stepToText } from '../../web/src/stepper.js';

const ng = await load();

function leavesOf(v) {
  if (v == null) return [];
  if (!Array.isArray(v)) return [v];
  return v.flatMap(leavesOf);
}

for (const example of examples.filter((e) => (e.language || 'js') === 'js' && !e.id.startsWith('train-'))) {
  test(`${example.id}: steps in topological order, fan-out sums equal the gradOutput`, async () => {
    const { result } = await runScript(ng, example.code);
    const view = result.view;
    assert.ok(view, 'the example builds a graph');
    const steps = buildSteps(view);
    if (!view.hasForward) {
      assert.deepEqual(steps, []);
      return;
    }
    const byId = new Map(view.nodes.map((n) => [n.id, n]));
    const forward = steps.filter((s) => s.phase === 'forward').map((s) => s.node);
    assert.deepEqual([...forward].sort((a, b) => a - b), view.nodes.map((n) => n.id).sort((a, b) => a - b));
    for (const n of view.nodes) for (const i of n.inputs) assert.ok(forward.indexOf(i) < forward.indexOf(n.id), `n${i} before n${n.id}`);
    if (!view.hasBackward) return;

    const backward = steps.filter((s) => s.phase === 'backward');
    const expectedCount = view.nodes.reduce((sum, n) => sum + Math.max(1, n.contributions.length), 0);
    assert.equal(backward.length, expectedCount);
    const first = new Map(), last = new Map();
    backward.forEach((s, k) => { if (!first.has(s.node)) first.set(s.node, k); last.set(s.node, k); });
    for (const n of view.nodes) for (const i of n.inputs) assert.ok(last.get(n.id) < first.get(i), `n${n.id}'s gradient before n${i}'s`);
    assert.deepEqual(backward.map((s) => s.index), backward.map((_, k) => k + 1));

    for (const n of view.nodes.filter((m) => m.contributions.length > 1)) {
      // Running sum k = contributions 1..k, summed here; the last is the gradOutput.
      const total = [];
      n.contributions.forEach((c, k) => {
        leavesOf(c.gradient).forEach((t, j) => {
          total[j] = total[j] || t.data.map(() => 0);
          t.data.forEach((v, e) => { total[j][e] += v; });
        });
        const shown = leavesOf(c.runningSum);
        assert.equal(shown.length, total.length);
        shown.forEach((t, j) => t.data.forEach((v, e) => assert.ok(Math.abs(v - total[j][e]) <= 1e-5 * (1 + Math.abs(v)), `${byId.get(n.id).label} sum ${k + 1}`)));
      });
      leavesOf(n.gradOutput).forEach((t, j) => t.data.forEach((v, e) => assert.ok(Math.abs(v - total[j][e]) <= 1e-5 * (1 + Math.abs(v)))));
    }
    for (const n of view.nodes.filter((m) => m.contributions.length === 1)) assert.equal(n.contributions[0].runningSum, null);

    // At the last step every graph input has its gradient; at the first backward step only the
    // inputs whose step it is.
    const inputs = view.nodes.filter((n) => n.isInput).map((n) => n.inputIndex).sort();
    assert.deepEqual(inputsWithGradient(view, steps, steps.length - 1).sort(), inputs);
    assert.ok(inputsWithGradient(view, steps, findStep(steps, 'backward', 1)).length <= 1);
    const marks = nodeMarks(view, steps, steps.length - 1);
    assert.equal([...marks.values()].filter((m) => m === 'current').length, 1);
  });
}

test('the step in the URL: forward-3 and backward-4 round-trip, anything else is no step', () => {
  assert.deepEqual(parseStepText('backward-4'), { phase: 'backward', index: 4 });
  assert.equal(stepToText({ phase: 'forward', index: 3 }), 'forward-3');
  for (const bad of ['', 'sideways-1', 'backward-', 'backward-x', null]) assert.equal(parseStepText(bad), null);
});

test('findStep clamps to the phase, and a missing phase is -1', () => {
  const steps = [
    { phase: 'forward', index: 1, node: 1 }, { phase: 'forward', index: 2, node: 2 },
    { phase: 'backward', index: 1, node: 2 }, { phase: 'backward', index: 2, node: 1 },
  ];
  assert.equal(findStep(steps, 'forward', 99), 1);
  assert.equal(findStep(steps, 'backward', 0), 2);
  assert.equal(findStep(steps.slice(0, 2), 'backward', 1), -1);
});
