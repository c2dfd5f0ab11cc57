// nngraph-wasm/embed: the <nngraph-example> element, for tutorials. One self-contained ES module
// (built into dist/embed.js by web/vite.embed.config.mjs); this file is light on purpose: it
// reads the element's code and attributes, draws the code and the empty panels in an open shadow
// root, and waits until the element is near the viewport. Only then does it load the heavy parts
// (embed/runtime.js: the views, the worker with the engine, Graphviz; CodeMirror if editable),
// which every element of the page shares.
//
//   <script type="module" src=".../dist/embed.js"></script>
//   <nngraph-example language="js" panels="code,graph,gradients" editable>
//     ...code...
//   </nngraph-example>
//
// Attributes: language (js | lua), panels (comma-separated: code, graph, gradients, node,
// console, train), editable, theme (light | dark; default: the reader's prefers-color-scheme),
// time-limit (seconds a run may take, default 15). Reflected: status = loading | running | done |
// error. Events (bubbling, composed): nngraph-done { elapsedMs }, nngraph-error { error }.
import viewStyles from './style.css?inline';
import embedStyles from './embed/embed.css?inline';
import stepperStyles from './stepper.css?inline';
import { codeFromText } from './embed/code-text.js';
import { el } from './tables.js';
import uplotStyles from 'uplot/dist/uPlot.min.css?inline';

export const PANELS = ['code', 'graph', 'gradients', 'node', 'console', 'train'];
export const LANGUAGES = ['js', 'lua'];
const DEFAULT_PANELS = 'code,graph,gradients,console';
const NEAR_VIEWPORT = '300px';

let runtime = null;
const loadRuntime = () => (runtime = runtime || import('./embed/runtime.js'));

let observer = null;
function whenNearViewport(element, callback) {
  if (typeof IntersectionObserver !== 'function') {
    callback();
    return;
  }
  observer = observer || new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      observer.unobserve(entry.target);
      entry.target.nearViewport();
    }
  }, { rootMargin: NEAR_VIEWPORT });
  element.nearViewport = callback;
  observer.observe(element);
}

export class NNGraphExample extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return; // moved within the page: keep what it shows
    const root = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = `${viewStyles}\n${stepperStyles}\n${uplotStyles}\n${embedStyles}`;
    root.append(style);
    this.frame = el('div', 'nge');
    root.append(this.frame);
    // The parser may still be adding the element's text: read it once the document is parsed.
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', () => this.setup(), { once: true });
    } else {
      this.setup();
    }
  }

  setup() {
    // The code may sit in a <script type="text/plain"> child, whose text HTML does not parse.
    const wrapped = this.querySelector(':scope > script[type="text/plain"]');
    this.code = codeFromText((wrapped || this).textContent);
    this.language = (this.getAttribute('language') || 'js').trim().toLowerCase();
    const { panels, unknown } = parsePanels(this.getAttribute('panels'));
    this.panels = panels;
    this.editable = this.hasAttribute('editable');
    const problem = configurationProblem(this, unknown);
    // A misconfigured element shows only its code (if any) and the message saying what to fix.
    if (problem) this.panels = this.code.trim() && this.panels.includes('code') ? ['code'] : [];
    this.parts = buildParts(this);
    this.setStatus('loading');
    if (problem) {
      this.fail({ name: 'Error', message: problem, line: null });
      return;
    }
    whenNearViewport(this, () => this.start());
  }

  async start() {
    try {
      const { Controller } = await loadRuntime();
      this.controller = new Controller(this);
      await this.controller.start();
    } catch (e) {
      this.fail({ name: 'Error', message: `The example could not start: ${e && e.message ? e.message : e}`, line: null });
    }
  }

  setStatus(status, text) {
    this.setAttribute('status', status);
    const badge = this.parts.status;
    badge.dataset.state = status;
    badge.textContent = text || { loading: 'loading…', running: 'running…', done: 'done', error: 'error' }[status];
  }

  // A failure before anything ran (bad attributes, empty code, an engine that cannot load).
  fail(error) {
    const panel = this.parts.error;
    panel.hidden = false;
    panel.replaceChildren(el('div', 'error-head', 'Error'), el('p', 'error-message', error.message));
    this.setStatus('error');
    this.dispatchEvent(new CustomEvent('nngraph-error', { bubbles: true, composed: true, detail: { error } }));
  }
}

function parsePanels(attribute) {
  const names = (attribute == null ? DEFAULT_PANELS : attribute).split(/[\s,]+/).map((s) => s.trim().toLowerCase()).filter(Boolean);
  return { panels: names.filter((n) => PANELS.includes(n)), unknown: names.filter((n) => !PANELS.includes(n)) };
}

function configurationProblem(element, unknownPanels) {
  const quoted = (list) => list.map((s) => `"${s}"`).join(', ');
  if (!LANGUAGES.includes(element.language))
    return `<nngraph-example>: language="${element.getAttribute('language')}" is not supported; use ${quoted(LANGUAGES)}.`;
  if (unknownPanels.length)
    return `<nngraph-example>: panels names ${quoted(unknownPanels)}, which ${unknownPanels.length === 1 ? 'is not a panel' : 'are not panels'}; the panels are ${quoted(PANELS)}.`;
  if (element.code.trim() === '')
    return '<nngraph-example> has no code: write the example\'s code as the element\'s text.';
  const limit = element.getAttribute('time-limit');
  if (limit != null && !(Number(limit) > 0))
    return `<nngraph-example>: time-limit="${limit}" must be a number of seconds greater than 0.`;
  return null;
}

// The element's panels, in the order the author listed them; the error panel goes after the code
// (or first when there is no code panel) and is shown whenever a run fails.
function buildParts(element) {
  const frame = element.frame;
  frame.replaceChildren();
  const parts = {};
  const bar = el('div', 'nge-bar');
  bar.append(el('span', 'nge-brand', `nngraph · ${element.language === 'lua' ? 'Lua' : 'JavaScript'}`));
  if (element.editable && element.panels.includes('code')) {
    parts.run = el('button', 'primary nge-run', 'Run ▶');
    parts.run.type = 'button';
    parts.run.title = 'Run (Ctrl/Cmd+Enter)';
    parts.run.disabled = true;
    bar.append(parts.run);
  }
  parts.status = el('span', 'status nge-status');
  parts.status.setAttribute('role', 'status');
  bar.append(parts.status);
  frame.append(bar);

  parts.error = el('div', 'card error-panel');
  parts.error.setAttribute('role', 'alert');
  parts.error.hidden = true;
  if (!element.panels.includes('code')) frame.append(parts.error);

  for (const name of element.panels) {
    if (name === 'code') {
      parts.code = el('div', 'card editor nge-code');
      parts.code.append(codeLines(element.code));
      frame.append(parts.code, parts.error);
    } else if (name === 'console') {
      parts.consoleCard = el('div', 'card console-card');
      parts.console = el('pre', 'console');
      parts.consoleCard.append(el('h2', null, 'Console'), parts.console);
      parts.consoleCard.hidden = true; // until something is printed
      frame.append(parts.consoleCard);
    } else if (name === 'graph') {
      const card = el('div', 'card graph-card');
      const head = el('div', 'card-head');
      const toggle = el('div', 'toggle');
      toggle.setAttribute('role', 'group');
      toggle.setAttribute('aria-label', 'Graph direction');
      parts.forward = el('button', null, 'Forward');
      parts.backward = el('button', null, 'Backward');
      for (const b of [parts.forward, parts.backward]) b.type = 'button';
      parts.forward.setAttribute('aria-pressed', 'true');
      parts.backward.setAttribute('aria-pressed', 'false');
      toggle.append(parts.forward, parts.backward);
      head.append(el('h2', null, 'Graph'), toggle);
      parts.graph = el('div', 'graph');
      parts.graph.append(el('p', 'empty', 'The graph is drawn when the example runs.'));
      card.append(head, parts.graph);
      frame.append(card);
    } else if (name === 'node') {
      parts.node = el('div', 'card node-panel');
      frame.append(parts.node);
    } else if (name === 'gradients') {
      const card = el('div', 'card');
      parts.gradients = el('div', 'gradients');
      card.append(el('h2', null, 'Gradients'), parts.gradients);
      frame.append(card);
    } else if (name === 'train') {
      parts.train = el('div', 'card train-panel');
      parts.train.hidden = true;
      frame.append(parts.train);
    }
  }
  return parts;
}

// Read-only code: one row per line with its number; long lines wrap instead of scrolling.
export function codeLines(code) {
  const pre = el('pre', 'nge-lines');
  pre.setAttribute('aria-label', 'Code');
  code.split('\n').forEach((line, i) => {
    const row = el('span', 'nge-line');
    row.dataset.line = String(i + 1);
    row.append(el('span', 'nge-ln', String(i + 1)), el('span', 'nge-text', line || ' '));
    pre.append(row);
  });
  return pre;
}

if (!customElements.get('nngraph-example')) customElements.define('nngraph-example', NNGraphExample);
