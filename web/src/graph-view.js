// The graph drawn by Graphviz (@viz-js/viz, compiled to wasm) from the engine's DOT. The engine
// escapes labels and gives each node the SVG id "node<ID>"; this view only adds classes for the
// selected node and the node an error names, and reports clicks as node ids.
//
// One font for layout and drawing: Graphviz sizes every box with its own table of the metrics of
// the DOT's font, which the engine names "DejaVu Sans" (core/graph.h kGraphFont); the page
// renders the labels with that very font, shipped with the page (@fontsource/dejavu-sans) and
// registered on the document (so it reaches <nngraph-example>'s shadow root too), not with
// whatever the reader's system substitutes. Labels then fit their boxes without squeezing.
import graphFontUrl from '@fontsource/dejavu-sans/files/dejavu-sans-latin-400-normal.woff2?url';

export const GRAPH_FONT = 'DejaVu Sans';

let fontPromise = null;
function graphFont() {
  if (!fontPromise) {
    const face = new FontFace(GRAPH_FONT, `url(${graphFontUrl})`, { style: 'normal', weight: '400' });
    document.fonts.add(face);
    // Drawn anyway if the font cannot load (the labels may then overflow, as before).
    fontPromise = face.load().catch(() => null);
  }
  return fontPromise;
}

let vizPromise = null;
function viz() {
  // Loaded once, lazily: it is the largest asset of the page.
  vizPromise = vizPromise || import('@viz-js/viz').then((m) => m.instance());
  return Promise.all([vizPromise, graphFont()]).then(([instance]) => instance);
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
    for (const g of svg.querySelectorAll('g.node')) {
      g.setAttribute('tabindex', '0');
      // Graphviz titles a node by its DOT name ("n3"), which the browser shows on hover; the
      // engine's tooltip (label and shapes) is the one to show.
      const link = g.querySelector('a');
      const tooltip = link && (link.getAttribute('xlink:title') || link.getAttribute('title'));
      const title = g.querySelector(':scope > title');
      if (tooltip && title) title.textContent = tooltip;
    }
    this.container.append(svg);
    this.mark();
  }

  hasNode(id) {
    return id != null && this.container.querySelector(`g.node#node${Number(id)}`) != null;
  }

  // The drawn label of node id (its lines joined), or null.
  nodeText(id) {
    const g = id == null ? null : this.container.querySelector(`g.node#node${Number(id)}`);
    return g ? [...g.querySelectorAll('text')].map((t) => t.textContent).join(' ') : null;
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

function nodeIdOf(g) {
  const m = /^node(\d+)$/.exec(g.id || '');
  return m ? Number(m[1]) : null;
}
