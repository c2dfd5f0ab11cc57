// The Step mode's model: the steps of one forward and one backward pass, replayed from what the
// engine recorded (g.inspect(): forwardOrder, backwardOrder, each node's input, output,
// gradOutput, and its contributions in the order backward summed them, with the running sum
// after each). Plain data in, plain data out: no DOM here (the view is stepper-view.js), so the
// tests can build the same steps in Node.
//
//   forward   one step per node, in the order forward ran them: the node's input and output.
//   backward  one step per node, in the order backward ran them: the gradOutput that arrived.
//             A node that fans out (several consumers sent gradients) takes one step per
//             contribution instead: contribution k added to the sum of the ones before it; the
//             last running sum is the node's gradOutput.

// [{ phase: 'forward' | 'backward', index (1-based within its phase), node (id),
//    contribution (1-based, 0 when the node received one gradient), contributions (how many) }]
export function buildSteps(view) {
  if (!view) return [];
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const steps = [];
  const forward = view.hasForward ? view.forwardOrder || [] : [];
  forward.forEach((id) => {
    steps.push({ phase: 'forward', index: steps.length + 1, node: id, contribution: 0, contributions: 0 });
  });
  const backward = view.hasBackward ? view.backwardOrder || [] : [];
  let index = 0;
  for (const id of backward) {
    const count = (byId.get(id)?.contributions || []).length;
    if (count > 1) {
      for (let k = 1; k <= count; k++) {
        steps.push({ phase: 'backward', index: ++index, node: id, contribution: k, contributions: count });
      }
    } else {
      steps.push({ phase: 'backward', index: ++index, node: id, contribution: 0, contributions: count });
    }
  }
  return steps;
}

// The position of { phase, index } in steps (clamped to that phase's steps), or -1 when that
// phase has no steps.
export function findStep(steps, phase, index) {
  const inPhase = steps.filter((s) => s.phase === phase);
  if (!inPhase.length) return -1;
  const wanted = inPhase[Math.min(Math.max(1, index), inPhase.length) - 1];
  return steps.indexOf(wanted);
}

// Where "jump to node" goes: that node's first step in the given phase (or in the other one).
export function stepOfNode(steps, id, phase) {
  const here = steps.findIndex((s) => s.node === id && s.phase === phase);
  return here >= 0 ? here : steps.findIndex((s) => s.node === id);
}

// What the graph shows at step `at`: the current node, the nodes whose step is done, and in
// backward the consumer whose gradient is arriving. Map id -> 'current' | 'done' | 'source' | 'pending'.
export function nodeMarks(view, steps, at) {
  const marks = new Map();
  const step = steps[at];
  if (!step) return marks;
  for (const n of view.nodes) marks.set(n.id, 'pending');
  // Forward: the nodes already run. Backward: every node ran forward; the ones whose gradient
  // is complete are "done".
  for (let i = 0; i < at; i++) {
    const s = steps[i];
    if (s.phase === step.phase && (s.contribution === 0 || s.contribution === s.contributions)) marks.set(s.node, 'done');
  }
  if (step.phase === 'backward') {
    const from = arrivingFrom(view, step);
    if (from != null) marks.set(from, 'source');
  }
  marks.set(step.node, 'current');
  return marks;
}

// The consumer whose gradient arrives at this backward step (null: the graph's own gradOutput).
export function arrivingFrom(view, step) {
  const node = view.nodes.find((n) => n.id === step.node);
  const contributions = node?.contributions || [];
  const c = contributions[step.contribution > 0 ? step.contribution - 1 : 0];
  return c ? c.from : null;
}

// The graph inputs whose gradient is known once step `at` is done: [inputIndex, ...].
export function inputsWithGradient(view, steps, at) {
  const known = [];
  for (let i = 0; i <= at && i < steps.length; i++) {
    const s = steps[i];
    if (s.phase !== 'backward') continue;
    const node = view.nodes.find((n) => n.id === s.node);
    if (node?.isInput && (s.contribution === 0 || s.contribution === s.contributions)) known.push(node.inputIndex);
  }
  return known;
}

// "forward-3" <-> { phase: 'forward', index: 3 }: the step in the URL.
export function stepToText(step) {
  return step ? `${step.phase}-${step.index}` : null;
}

export function parseStepText(text) {
  const m = /^(forward|backward)-(\d+)$/.exec(text || '');
  return m ? { phase: m[1], index: Number(m[2]) } : null;
}
