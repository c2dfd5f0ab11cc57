// The heavy half of <nngraph-example> (loaded when the first element nears the viewport): runs
// the element's code in a worker and draws the results with the playground's own views. Shared
// by every element of the page, because this module is loaded once: the compiled engine
// (engine-module.js), Graphviz (graph-view.js loads it once), CodeMirror (editor.js).
import { Runner } from '../runner.js';
import { engineModule } from '../engine-module.js';
import { GraphView } from '../graph-view.js';
import { StepperView } from '../stepper-view.js';
import { renderGradients, labelOf } from '../gradients.js';
import { renderNodePanel } from '../node-panel.js';
import { showError, errorNodeLabel } from '../errors.js';
import { renderConsole } from '../console-view.js';
import { el } from '../tables.js';
// Resolved here, on the page's side, where a bundler re-bundling the package rewrites it.
import luaWasmUrl from 'wasmoon/dist/glue.wasm?url';

// Graphviz lays out on the page's thread: beyond this many nodes the drawing would freeze the
// page for seconds and be unreadable anyway.
export const MAX_DRAWN_NODES = 300;

export class Controller {
  constructor(element) {
    this.element = element;
    this.parts = element.parts;
    this.runner = new Runner({
      wasmModule: engineModule(),
      luaWasmUrl,
      timeLimitMs: 1000 * Number(element.getAttribute('time-limit') || 15),
    });
    this.view = null;
    this.node = null;
    this.backward = false;
    this.runs = 0;
    this.editor = null;
    if (this.parts.graph) {
      this.graph = new GraphView(this.parts.graph, { onSelect: (id) => this.select(id) });
      this.parts.forward.addEventListener('click', () => this.setDirection(false));
      this.parts.backward.addEventListener('click', () => this.setDirection(true));
      // The Step mode, as in the playground; its keys act while the focus is in this graph card.
      const card = this.parts.graph.parentElement;
      this.stepper = new StepperView({
        head: card.querySelector('.card-head'),
        graphCard: card,
        graph: this.graph,
        keyTarget: card,
        onPhase: (phase) => { if ((phase === 'backward') !== this.backward) this.setDirection(phase === 'backward'); },
      });
    }
  }

  async start() {
    const { element, parts } = this;
    if (element.editable && parts.code) {
      const { createEditor } = await import('../editor.js');
      parts.code.replaceChildren();
      this.editor = createEditor(parts.code, {
        doc: element.code,
        root: element.shadowRoot,
        language: element.language,
        onRun: () => this.run(),
        onChange: () => {},
      });
      parts.run.disabled = false;
      parts.run.addEventListener('click', () => this.run());
    }
    await this.run();
  }

  code() {
    return this.editor ? this.editor.getCode() : this.element.code;
  }

  async run() {
    const { element, parts } = this;
    const runId = ++this.runs;
    element.setStatus('running');
    if (this.trainView) this.trainView.hide();
    const code = this.code();
    const result = code.trim() === ''
      ? { error: { name: 'Error', message: 'There is no code to run.', line: null } }
      : await this.runner.run(code, element.language);
    if (runId !== this.runs) return; // a newer run replaced this one
    await this.render(result);
    element.dataset.runs = String(runId);
    if (result.error) {
      element.setStatus('error');
      element.dispatchEvent(new CustomEvent('nngraph-error', { bubbles: true, composed: true, detail: { error: result.error } }));
    } else {
      element.setStatus('done', `done in ${result.elapsedMs ?? '?'} ms`);
      element.dispatchEvent(new CustomEvent('nngraph-done', { bubbles: true, composed: true, detail: { elapsedMs: result.elapsedMs } }));
    }
  }

  async render(result) {
    const { parts } = this;
    if (parts.console) parts.consoleCard.hidden = !renderConsole(parts.console, result.logs);
    this.view = result.view || null;
    const view = this.view;
    const known = (id) => view && view.nodes.some((n) => n.id === id);
    if (!known(this.node)) this.node = null;

    if (parts.train) await this.showTraining(result.training);
    if (this.graph) {
      this.graph.errorId = result.error ? result.error.nodeId ?? null : null;
      this.graph.selectedId = this.node;
      await this.drawGraph();
      this.stepper.setView(view);
    }
    const outlined = this.graph && this.graph.hasNode(this.graph.errorId);
    showError(parts.error, result.error, { nodeLabel: outlined && errorNodeLabel(result.error, view, this.graph) });
    this.markLine(result.error && result.error.line);
    this.renderNode();
    if (parts.gradients) renderGradients(parts.gradients, view, { onSelect: (id) => this.select(id) });
  }

  // The failing line: highlighted in the read-only listing, the cursor put on it in the editor.
  markLine(line) {
    const { code } = this.parts;
    if (!code) return;
    if (this.editor) {
      if (line) this.editor.goToLine(line);
      return;
    }
    for (const row of code.querySelectorAll('.nge-line')) row.classList.toggle('nge-error-line', Number(row.dataset.line) === line);
  }

  async drawGraph() {
    const { parts, view } = this;
    parts.forward.setAttribute('aria-pressed', String(!this.backward));
    parts.backward.setAttribute('aria-pressed', String(this.backward));
    if (!view) {
      parts.graph.replaceChildren(el('p', 'empty', 'No graph: the code did not build a gModule (or failed before it did).'));
      return;
    }
    if (view.nodes.length > MAX_DRAWN_NODES) {
      parts.graph.replaceChildren(el('p', 'empty', `This graph has ${view.nodes.length} nodes: too many to draw here (at most ${MAX_DRAWN_NODES}).`));
      return;
    }
    await this.graph.render(this.backward ? view.dotBackward : view.dot);
  }

  renderNode() {
    if (this.parts.node) renderNodePanel(this.parts.node, this.view, this.node, { onSelect: (id) => this.select(id) });
  }

  select(id) {
    this.node = id;
    if (this.graph) this.graph.select(id);
    this.renderNode();
  }

  async setDirection(backward) {
    this.backward = backward;
    await this.drawGraph();
  }

  async showTraining(training) {
    if (!training) {
      if (this.trainView) this.trainView.hide();
      return;
    }
    if (!this.trainView) {
      const { TrainView } = await import('../train-view.js');
      this.trainView = new TrainView(this.parts.train, { send: (action, value) => this.runner.train(action, value) });
      this.runner.onTrainProgress = (progress) => this.trainView.update(progress);
    }
    this.trainView.show(training);
  }
}
