// The error panel: the engine's sentence as text, the script line when known, and which node of
// the graph the sentence names (the engine names nodes "'name' (nn.Type #ID)" or "nn.Type #ID").
import { el } from './tables.js';

// The id of the first node named in an engine message, or null.
export function nodeIdInMessage(message) {
  const m = /\bnn\.[A-Za-z_][A-Za-z0-9_]*(?:\([^()\n]*\))? #(\d+)/.exec(String(message));
  return m ? Number(m[1]) : null;
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
