// "Check gradients": the numerical check's largest error per input and per parameter.
import { el } from './tables.js';

// Central differences in float32 are good to about 1e-3 relative on these sizes.
const TOLERANCE = 1e-2;

export function renderCheck(container, reply) {
  container.replaceChildren();
  if (reply.error) {
    container.append(el('p', 'error-text', reply.error.message));
    return;
  }
  const table = el('table', 'check-table');
  const head = el('tr');
  for (const h of ['', 'of', 'max relative error', 'max absolute error', '']) head.append(el('th', null, h));
  table.append(head);
  const rows = [...reply.check.inputs.map((r) => ['input', r]), ...reply.check.parameters.map((r) => ['parameter', r])];
  for (const [kind, r] of rows) {
    const tr = el('tr');
    const ok = r.maxError <= TOLERANCE;
    tr.append(el('td', null, r.name), el('td', 'kind', kind), el('td', 'num', r.maxError.toExponential(2)),
      el('td', 'num', r.maxAbsError.toExponential(2)), el('td', ok ? 'ok' : 'bad', ok ? '✓ matches' : '✗ differs'));
    table.append(tr);
  }
  container.append(table);
  container.append(el('p', 'note', `Analytic gradients against central differences; ✓ when the relative error is at most ${TOLERANCE}.`));
}
