// The gradient tables after a backward: one per graph input (gradInput mirrors the input, so a
// graph with a table of two inputs gets two), one per parameter of every module, and, where a
// node fans out, each consumer's contribution next to their sum.
import { el, valueBlock, leaves, shapeText } from './tables.js';

export function renderGradients(container, view, { onSelect }) {
  container.replaceChildren();
  if (!view || !view.hasBackward) {
    container.append(el('p', 'empty', 'No backward yet: call g.backward(input, gradOutput) or show(g, input, gradOutput).'));
    return;
  }
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const inputs = view.nodes.filter((n) => n.isInput).sort((a, b) => a.inputIndex - b.inputIndex);
  const outputs = view.nodes.filter((n) => n.isOutput);
  const outName = outputs.length === 1 ? 'output' : 'outputs';

  // Inputs.
  const inputSection = el('section', 'grad-section');
  inputSection.dataset.testid = 'input-gradients';
  const perInput = inputs.length === 1 ? [view.gradInput] : (view.gradInput || []);
  inputSection.append(el('h3', null, inputs.length === 1
    ? 'gradInput: one input, so one gradient'
    : `gradInput: a table of ${inputs.length} gradients, one per input`));
  inputs.forEach((node, i) => {
    const value = perInput[i] ?? node.gradOutput ?? null;
    const name = node.name ? ` — '${node.name}'` : '';
    for (const [path, tensor] of leaves(value)) {
      const title = `∂${outName}/∂input${i + 1}${path}`;
      inputSection.append(valueBlock(title, tensor, { note: name, testId: `grad-input-${i + 1}${path}` }));
    }
    if (value == null) inputSection.append(el('p', 'empty', `input ${i + 1}: no gradient`));
  });
  container.append(inputSection);

  // Fan-out.
  const fanOut = view.nodes.filter((n) => (n.contributions || []).length > 1);
  if (fanOut.length) {
    const section = el('section', 'grad-section');
    section.dataset.testid = 'fan-out';
    section.append(el('h3', null, 'Fan-out: gradients from several consumers add up'));
    for (const node of fanOut) {
      const block = fanOutBlock(node, byId, onSelect);
      // split(n) fans a node out to n selectors, each sending back a table that is zero but for
      // its own entry: correct, but long; folded unless asked for.
      const fromSplit = node.contributions.every((c) => c.from != null && byId.get(c.from)?.splitIndex);
      if (!fromSplit) {
        section.append(block);
        continue;
      }
      const folded = el('details', 'fan-out-folded');
      folded.append(el('summary', null,
        `${labelOf(node, node.id)} was split into ${node.contributions.length}: each split output sends back a table with only its own entry filled (show)`));
      folded.append(block);
      section.append(folded);
    }
    container.append(section);
  }

  // Parameters.
  const withParams = view.nodes.filter((n) => (n.parameters || []).length);
  if (withParams.length) {
    const section = el('section', 'grad-section');
    section.dataset.testid = 'parameter-gradients';
    section.append(el('h3', null, 'Parameter gradients (accumulated by backward)'));
    for (const node of withParams) {
      const group = el('div', 'param-group');
      const row = el('div', 'param-row');
      group.append(el('div', 'param-head', ''), row);
      group.firstChild.append(nodeLink(node, onSelect), el('span', 'value-shape', ` ${typeof node.toString === 'string' ? node.toString : ''}`));
      for (const p of node.parameters) {
        row.append(valueBlock(p.gradName || gradName(p.name), p.grad, { testId: `grad-param-${node.id}-${p.name}` }));
      }
      section.append(group);
    }
    container.append(section);
  }
}

// The contributions each consumer sent to node, then their sum (the node's gradOutput).
export function fanOutBlock(node, byId, onSelect) {
  const block = el('div', 'fan-out');
  block.dataset.node = String(node.id);
  const head = el('p', 'fan-out-head');
  head.append(nodeLink(node, onSelect), el('span', null,
    ` feeds ${node.contributions.length} consumers; its gradOutput is the sum of what each sends back:`));
  block.append(head);
  const row = el('div', 'fan-out-row');
  // Each "+" and the "=" stay with the table after them when the row wraps: an operator never
  // ends a line alone.
  node.contributions.forEach((c, i) => {
    const from = c.from == null ? 'the graph\'s gradOutput' : `from ${labelOf(byId.get(c.from), c.from)}`;
    const term = el('div', 'fan-out-term');
    if (i > 0) term.append(el('div', 'op', '+'));
    term.append(valueBlock(from, c.gradient));
    row.append(term);
  });
  const sum = el('div', 'fan-out-term fan-out-sum');
  sum.append(el('div', 'op', '='), valueBlock('sum = gradOutput', node.gradOutput));
  row.append(sum);
  block.append(row);
  return block;
}

export function nodeLink(node, onSelect) {
  const button = el('button', 'node-link', labelOf(node, node.id));
  button.type = 'button';
  button.addEventListener('click', () => onSelect(node.id));
  return button;
}

// How the page names a node: like the engine's errors, "'name' (nn.Type #ID)" or "nn.Type #ID".
export function labelOf(node, id) {
  if (!node) return `#${id}`;
  if (node.label) return node.label;
  const type = `${node.type} #${node.id}`;
  return node.name ? `'${node.name}' (${type})` : type;
}

export function gradName(name) {
  const s = String(name);
  return s.startsWith('grad') ? s : `grad${s.charAt(0).toUpperCase()}${s.slice(1)}`;
}

export { shapeText };
