// The error panel: the engine's sentence as text, the script line when known, and which node of
// the graph the error is about (the engine's errors carry it as error.nodeId).
import { el } from './tables.js';
import { labelOf } from './gradients.js';

// How the panel names the node an error is about: from the run's node data, or else from the
// drawn graph (a graph that failed to build has no node data, only its sketch).
export function errorNodeLabel(error, view, graphView) {
  const id = error && Number.isInteger(error.nodeId) ? error.nodeId : null;
  if (id == null) return null;
  const node = view && view.nodes.find((n) => n.id === id);
  if (node) return labelOf(node, id);
  return graphView ? graphView.nodeText(id) : null;
}

export function showError(panel, error, { nodeLabel } = {}) {
  panel.replaceChildren();
  if (!error) {
    panel.hidden = true;
    return;
  }
  panel.hidden = false;
  const head = el('div', 'error-head');
  head.append(el('strong', null, error.name === 'Error' ? 'Error' : error.name));
  if (error.line) head.append(el('span', 'error-line', ` at line ${error.line} of the script`));
  panel.append(head);
  panel.append(el('p', 'error-message', error.message));
  if (nodeLabel) panel.append(el('p', 'error-node-note', `Outlined in red in the graph: ${nodeLabel}`));
}
