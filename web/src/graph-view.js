// The graph drawn by Graphviz (@viz-js/viz, compiled to wasm) from the engine's DOT. The engine
// escapes labels and gives each node the SVG id "node<ID>"; this view only adds classes for the
// selected node and the node an error names, and reports clicks as node ids.

let vizPromise = null;
function viz() {
  // Loaded once, lazily: it is the largest asset of the page.
  vizPromise = vizPromise || import('@viz-js/viz').then((m) => m.instance());
  return vizPromise;
}

export class GraphView {
  constructor(container, { onSelect }) {
    this.container = container;
    this.onSelect = onSelect;
    this.selectedId = null;
    this.errorId = null;
    this.stepMarks = null;  // the Step mode's Map id -> 'current' | 'done' | 'source' | 'pending'
    container.addEventListener('click', (event) => {
      const g = event.target.closest('g.node');
      if (!g || !container.contains(g)) return;
      const id = nodeIdOf(g);
      if (id != null) this.onSelect(id);
    });
    container.addEventListener('keydown', (event) => {
      const g = event.target.closest && event.target.closest('g.node');
      if (!g || (event.key !== 'Enter' && event.key !== ' ')) return;
      event.preventDefault();
      const id = nodeIdOf(g);
      if (id != null) this.onSelect(id);
    });
  }

  async render(dot) {
    this.container.replaceChildren();
    if (!dot) return;
    const instance = await viz();
    let svg;
    try {
      svg = instance.renderSVGElement(dot);
    } catch (e) {
      const p = document.createElement('p');
      p.className = 'error-text';
      p.textContent = `Graphviz could not draw this graph: ${e.message}`;
      this.container.append(p);
      return;
    }
    // Natural size at most (small graphs stay small), shrunk to the card's width when wider.
    svg.removeAttribute('height');
    svg.classList.add('graph-svg');
    for (const g of svg.querySelectorAll('g.node')) g.setAttribute('tabindex', '0');
    this.container.append(svg);
    fitLabels(svg);
    this.mark();
  }

  select(id) {
    this.selectedId = id;
    this.mark();
  }

  markError(id) {
    this.errorId = id;
    this.mark();
  }

  mark() {
    for (const g of this.container.querySelectorAll('g.node')) {
      const id = nodeIdOf(g);
      g.classList.toggle('selected', id != null && id === this.selectedId);
      g.classList.toggle('error-node', id != null && id === this.errorId);
      const step = id != null && this.stepMarks ? this.stepMarks.get(id) : null;
      for (const mark of STEP_MARKS) g.classList.toggle(`step-${mark}`, step === mark);
    }
  }
}

const STEP_MARKS = ['current', 'done', 'source', 'pending'];

// Graphviz sizes each box for its own metrics of the DOT's font (Helvetica). Where the reader has
// no Helvetica and the browser substitutes a wider font (Linux: DejaVu Sans), labels would spill
// over their boxes: such a line is squeezed to the width the box leaves for it.
const LABEL_MARGIN = 8;
function fitLabels(svg) {
  for (const node of svg.querySelectorAll('g.node')) {
    const shape = node.querySelector('path, polygon, ellipse');
    if (!shape) continue;
    const room = shape.getBBox().width - 2 * LABEL_MARGIN;
    for (const text of node.querySelectorAll('text')) {
      if (room > 0 && text.getComputedTextLength() > room) {
        text.setAttribute('textLength', String(room));
        text.setAttribute('lengthAdjust', 'spacingAndGlyphs');
      }
    }
  }
}

function nodeIdOf(g) {
  const m = /^node(\d+)$/.exec(g.id || '');
  return m ? Number(m[1]) : null;
}
