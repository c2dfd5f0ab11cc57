// The selected node: what it is, what it computed, the gradient that reached it and, if several
// consumers sent gradients, each of them.
import { el, valueBlock } from './tables.js';
import { fanOutBlock, nodeLink, labelOf, gradName } from './gradients.js';

export function renderNodePanel(container, view, id, { onSelect }) {
  container.replaceChildren();
  const node = view && view.nodes.find((n) => n.id === id);
  if (!node) {
    container.append(el('p', 'empty', 'Click a node in the graph to see its output and gradOutput.'));
    return;
  }
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  container.dataset.node = String(node.id);
  const head = el('div', 'node-head');
  head.append(el('h3', 'node-title', labelOf(node, node.id)));
  const facts = [typeof node.toString === 'string' ? node.toString : node.type];
  if (node.isInput) facts.push(`graph input ${node.inputIndex}`);
  if (node.isOutput) facts.push(`graph output ${node.outputIndex}`);
  head.append(el('p', 'node-facts', facts.filter(Boolean).join(' · ')));
  if (node.description) head.append(el('p', 'node-description', node.description));
  if (node.inputs && node.inputs.length) {
    const from = el('p', 'node-inputs', 'inputs: ');
    node.inputs.forEach((inputId, i) => {
      if (i > 0) from.append(', ');
      from.append(nodeLink(byId.get(inputId) || { id: inputId, type: '?' }, onSelect));
    });
    head.append(from);
  }
  container.append(head);

  const values = el('div', 'node-values');
  values.append(valueBlock('output', node.output, { testId: 'node-output' }));
  values.append(valueBlock('gradOutput', node.gradOutput, { testId: 'node-grad-output' }));
  container.append(values);
  if ((node.contributions || []).length > 1) container.append(fanOutBlock(node, byId, onSelect));
  for (const p of node.parameters || []) {
    const row = el('div', 'node-values');
    row.append(valueBlock(p.name, p.value), valueBlock(p.gradName || gradName(p.name), p.grad));
    container.append(row);
  }
}
