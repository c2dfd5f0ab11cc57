// Tensors as heatmap tables: diverging colour (blue negative, white zero, red positive, scaled
// by the largest magnitude in the tensor), a short number in the cell, the exact value on hover.
// Values are plain data ({ shape, data } or nested arrays of them); everything is built with
// textContent, never innerHTML.

const MAX_ROWS = 32;
const MAX_COLS = 32;

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function isPlainTensor(v) {
  return v != null && !Array.isArray(v) && Array.isArray(v.shape) && Array.isArray(v.data);
}

// "3×3", or "table of 2 {3×3, 3×3}".
export function shapeText(v) {
  if (v == null) return 'nil';
  if (isPlainTensor(v)) return v.shape.length ? v.shape.join('×') : 'scalar';
  return `table of ${v.length} {${v.map(shapeText).join(', ')}}`;
}

// A titled block: a heading then the value's table(s). Nested tables become labelled sub-blocks
// ("[1]", "[2][1]", ...) so that the structure of a gradInput stays visible.
export function valueBlock(title, value, options = {}) {
  const block = el('figure', 'value-block');
  if (options.testId) block.dataset.testid = options.testId;
  const caption = el('figcaption', 'value-title');
  caption.append(el('span', 'value-name', title), el('span', 'value-shape', ` (${shapeText(value)})`));
  if (options.note) caption.append(el('span', 'value-note', ` ${options.note}`));
  block.append(caption);
  block.append(valueBody(value, ''));
  return block;
}

function valueBody(value, path) {
  if (value == null) return el('p', 'empty', 'nil (not computed yet)');
  if (isPlainTensor(value)) return heatmap(value);
  const list = el('div', 'value-table');
  value.forEach((entry, i) => {
    const sub = el('div', 'value-entry');
    const key = `${path}[${i + 1}]`;
    sub.append(el('div', 'value-key', `${key} ${shapeText(entry)}`));
    sub.append(valueBody(entry, key));
    list.append(sub);
  });
  return list;
}

// Every leaf of a nested value with its Torch-style path: [['[1]', t], ['[2][1]', t], ...].
export function leaves(value, path = '') {
  if (value == null) return [];
  if (isPlainTensor(value)) return [[path, value]];
  return value.flatMap((entry, i) => leaves(entry, `${path}[${i + 1}]`));
}

export function heatmap(tensor) {
  const { shape, data } = tensor;
  // Rows x columns: a vector is one row; higher ranks are shown as (all leading dims) x last dim.
  const cols = shape.length === 0 ? 1 : shape[shape.length - 1];
  const rows = cols === 0 ? 0 : data.length / cols;
  const scale = data.reduce((m, v) => Math.max(m, Math.abs(v)), 0) || 1;
  const wrap = el('div', 'heatmap-wrap');
  const table = el('table', 'heatmap');
  const shownRows = Math.min(rows, MAX_ROWS);
  const shownCols = Math.min(cols, MAX_COLS);
  for (let r = 0; r < shownRows; r++) {
    const tr = el('tr');
    for (let c = 0; c < shownCols; c++) {
      const v = data[r * cols + c];
      const td = el('td', null, formatShort(v));
      td.title = String(v);
      td.dataset.value = String(v);
      td.style.background = divergingColour(v / scale);
      if (Math.abs(v / scale) > 0.6) td.classList.add('strong');
      tr.append(td);
    }
    if (cols > shownCols) tr.append(el('th', 'more', '…'));  // th: not a value cell
    table.append(tr);
  }
  if (rows > shownRows) {
    const tr = el('tr');
    for (let c = 0; c < shownCols; c++) tr.append(el('th', 'more', '⋮'));
    table.append(tr);
  }
  wrap.append(table);
  const cut = truncationNote(shape.length, rows, cols, shownRows, shownCols);
  if (cut) {
    const note = el('p', 'note', cut);
    note.dataset.testid = 'truncated';
    wrap.append(note);
  }
  if (shape.length > 2) wrap.append(el('p', 'note', `${shape.join('×')} shown as ${rows}×${cols}`));
  return wrap;
}

// "showing 32 of 64 values" (a vector), "showing 32 of 64 columns", "showing 32×32 of 64×64".
function truncationNote(rank, rows, cols, shownRows, shownCols) {
  if (rows === shownRows && cols === shownCols) return null;
  if (rank <= 1) return `showing ${shownCols} of ${cols} values`;
  if (rows === shownRows) return `showing ${shownCols} of ${cols} columns`;
  if (cols === shownCols) return `showing ${shownRows} of ${rows} rows`;
  return `showing ${shownRows}×${shownCols} of ${rows}×${cols}`;
}

export function formatShort(v) {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(1);
  return v.toFixed(a >= 100 ? 1 : 3);
}

// t in [-1, 1] -> blue ... white ... red (RdBu-like), as an rgb() string.
export function divergingColour(t) {
  const x = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  const white = [255, 255, 255];
  const end = x >= 0 ? [214, 64, 52] : [44, 110, 186];
  const k = Math.abs(x);
  const c = white.map((w, i) => Math.round(w + (end[i] - w) * k));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}
