// The Step mode of the graph view: replays the last forward and backward node by node (the
// steps come from stepper.js, the data from the engine's inspect()). It adds a "Step" button to
// the graph card's head, a row of controls and a panel under the graph:
//   forward   the current node highlighted, its input and its output;
//   backward  the gradOutput arriving at the node, from which consumer; at a fan-out node each
//             contribution added to the running sum; and the graph inputs' gradients filling in.
// Keys while the Step mode is on (not while typing in the editor): → / ← step and back,
// Home / End first and last step, Space play / pause, F / B first forward / backward step,
// Escape leave the Step mode. Styles: stepper.css (the playground imports it; <nngraph-example>
// puts it in its shadow root).
import { el, valueBlock, leaves } from './tables.js';
import { labelOf } from './gradients.js';
import {
  buildSteps, findStep, stepOfNode, nodeMarks, arrivingFrom, inputsWithGradient, stepToText, parseStepText,
} from './stepper.js';

const SPEEDS = [0.5, 1, 2, 4, 8];  // steps per second
const DEFAULT_SPEED = 1;

export class StepperView {
  // head: where the Step button goes; graphCard: the card the controls and panel go in (after
  // the graph); graph: the GraphView; onChange(stepText | null): the step changed (for the URL);
  // onPhase(phase): the step moved into forward or backward (to draw that graph); keyTarget: where
  // the keys are listened to (the page: document; an embedded example: its own card).
  constructor({ head, graphCard, graph, onChange = () => {}, onPhase = () => {}, keyTarget = document }) {
    this.graph = graph;
    this.onChange = onChange;
    this.onPhase = onPhase;
    this.view = null;
    this.steps = [];
    this.at = -1;
    this.active = false;
    this.timer = null;
    this.speed = DEFAULT_SPEED;

    this.toggleButton = button('Step', 'step-toggle', 'Step through forward and backward node by node (S)');
    this.toggleButton.setAttribute('aria-pressed', 'false');
    this.toggleButton.addEventListener('click', () => (this.active ? this.close() : this.open()));
    // Next to the Forward | Backward switch when there is one.
    const toggle = head.querySelector('.toggle');
    if (toggle) toggle.after(this.toggleButton);
    else head.append(this.toggleButton);

    this.controls = el('div', 'step-controls');
    this.controls.dataset.testid = 'step-controls';
    this.controls.hidden = true;
    this.firstButton = button('First', 'step-first', 'First step (Home)');
    this.backButton = button('◀ Back', 'step-back', 'Previous step (←)');
    this.nextButton = button('Step ▶', 'step-next', 'Next step (→)');
    this.playButton = button('Play', 'step-play', 'Play / pause (Space)');
    this.lastButton = button('Last', 'step-last', 'Last step (End)');
    this.firstButton.addEventListener('click', () => this.go(0));
    this.backButton.addEventListener('click', () => this.go(this.at - 1));
    this.nextButton.addEventListener('click', () => this.go(this.at + 1));
    this.lastButton.addEventListener('click', () => this.go(this.steps.length - 1));
    this.playButton.addEventListener('click', () => (this.timer ? this.pause() : this.play()));

    this.speedSelect = el('select');
    this.speedSelect.dataset.testid = 'step-speed';
    this.speedSelect.setAttribute('aria-label', 'Steps per second');
    for (const s of SPEEDS) this.speedSelect.append(new Option(`${s} / s`, String(s)));
    this.speedSelect.value = String(DEFAULT_SPEED);
    this.speedSelect.addEventListener('change', () => {
      this.speed = Number(this.speedSelect.value);
      if (this.timer) this.play();  // restart at the new speed
    });

    this.nodeSelect = el('select');
    this.nodeSelect.dataset.testid = 'step-jump';
    this.nodeSelect.setAttribute('aria-label', 'Jump to a node');
    this.nodeSelect.addEventListener('change', () => {
      const id = Number(this.nodeSelect.value);
      if (!id) return;
      const phase = this.steps[this.at]?.phase || 'forward';
      this.go(stepOfNode(this.steps, id, phase));
      this.nodeSelect.value = '';
    });

    this.slider = el('input', 'step-slider');
    this.slider.type = 'range';
    this.slider.min = '0';
    this.slider.dataset.testid = 'step-slider';
    this.slider.setAttribute('aria-label', 'Step');
    this.slider.addEventListener('input', () => this.go(Number(this.slider.value)));

    this.position = el('span', 'step-position');
    this.position.dataset.testid = 'step-position';
    this.position.setAttribute('role', 'status');
    const speedLabel = el('label', 'step-label', 'speed ');
    speedLabel.append(this.speedSelect);
    const jumpLabel = el('label', 'step-label', 'jump to ');
    jumpLabel.append(this.nodeSelect);
    const legend = el('span', 'step-legend');
    legend.append(el('i', 'sw step-sw-current'), 'current node', el('i', 'sw step-sw-source'), 'gradient from', el('i', 'sw step-sw-pending'), 'not yet');
    this.controls.append(this.firstButton, this.backButton, this.nextButton, this.playButton, this.lastButton,
      speedLabel, jumpLabel, this.slider, this.position, legend);

    this.panel = el('div', 'step-panel');
    this.panel.dataset.testid = 'step-panel';
    this.panel.hidden = true;
    graphCard.insertBefore(this.controls, graph.container);
    graphCard.append(this.panel);

    keyTarget.addEventListener('keydown', (event) => this.onKey(event));
  }

  // A new run's view. pending: the step to open at ("backward-4", from the URL), or null to
  // keep the Step mode's place (the same phase and index, clamped) when it is on.
  setView(view, pending = null) {
    this.pause();
    const keep = pending ? parseStepText(pending) : this.active ? this.steps[this.at] : null;
    this.view = view;
    this.steps = buildSteps(view);
    this.fillNodeSelect();
    this.toggleButton.disabled = this.steps.length === 0;
    this.toggleButton.title = this.steps.length
      ? 'Step through forward and backward node by node (S)'
      : 'Nothing to step through: the graph has not run forward';
    if (!this.steps.length) {
      if (this.active) this.close();
      else if (pending) this.onChange(null);  // a step in the URL that this graph does not have
      return;
    }
    if (keep) {
      let at = findStep(this.steps, keep.phase, keep.index);
      if (at < 0) at = 0;
      this.open(at);
    } else if (this.active) {
      this.open(0);
    }
  }

  open(at = 0) {
    if (!this.steps.length) return;
    this.active = true;
    this.toggleButton.setAttribute('aria-pressed', 'true');
    this.controls.hidden = false;
    this.panel.hidden = false;
    this.slider.max = String(this.steps.length - 1);
    this.at = -1;
    this.go(at);
  }

  close() {
    this.pause();
    this.active = false;
    this.at = -1;
    this.toggleButton.setAttribute('aria-pressed', 'false');
    this.controls.hidden = true;
    this.panel.hidden = true;
    this.panel.replaceChildren();
    this.graph.stepMarks = null;
    this.graph.mark();
    this.onChange(null);
  }

  go(at) {
    if (!this.active || !this.steps.length) return;
    const next = Math.max(0, Math.min(this.steps.length - 1, at));
    const phaseChanged = this.steps[this.at]?.phase !== this.steps[next].phase;
    this.at = next;
    this.render();
    this.onChange(stepToText(this.steps[next]));
    if (phaseChanged) this.onPhase(this.steps[next].phase);
    if (this.timer && next === this.steps.length - 1) this.pause();
  }

  play() {
    clearInterval(this.timer);
    if (this.at >= this.steps.length - 1) this.go(0);
    this.timer = setInterval(() => this.go(this.at + 1), 1000 / this.speed);
    this.playButton.textContent = 'Pause';
    this.playButton.setAttribute('aria-pressed', 'true');
  }

  pause() {
    clearInterval(this.timer);
    this.timer = null;
    this.playButton.textContent = 'Play';
    this.playButton.setAttribute('aria-pressed', 'false');
  }

  onKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const t = event.target;
    const typing = t && t.closest && t.closest('input, textarea, select, [contenteditable="true"], .cm-editor');
    if (typing) return;
    if (!this.active) {
      if ((event.key === 's' || event.key === 'S') && this.steps.length) {
        event.preventDefault();
        this.open(0);
      }
      return;
    }
    const phaseStart = (phase) => findStep(this.steps, phase, 1);
    const actions = {
      ArrowRight: () => this.go(this.at + 1),
      ArrowLeft: () => this.go(this.at - 1),
      Home: () => this.go(0),
      End: () => this.go(this.steps.length - 1),
      ' ': () => (this.timer ? this.pause() : this.play()),
      f: () => this.go(phaseStart('forward')),
      b: () => { const at = phaseStart('backward'); if (at >= 0) this.go(at); },
      s: () => this.close(),
      Escape: () => this.close(),
    };
    const action = actions[event.key.length === 1 ? event.key.toLowerCase() : event.key];
    if (!action) return;
    event.preventDefault();
    action();
  }

  fillNodeSelect() {
    this.nodeSelect.replaceChildren(new Option('a node…', ''));
    if (!this.view) return;
    for (const id of this.view.forwardOrder || []) {
      const node = this.byId(id);
      this.nodeSelect.append(new Option(labelOf(node, id), String(id)));
    }
  }

  byId(id) {
    return this.view.nodes.find((n) => n.id === id);
  }

  render() {
    const step = this.steps[this.at];
    const inPhase = this.steps.filter((s) => s.phase === step.phase).length;
    const node = this.byId(step.node);
    this.slider.value = String(this.at);
    this.backButton.disabled = this.firstButton.disabled = this.at === 0;
    this.nextButton.disabled = this.lastButton.disabled = this.at === this.steps.length - 1;
    this.position.textContent = `${step.phase} · step ${step.index} of ${inPhase} · ${labelOf(node, step.node)}`;
    this.graph.stepMarks = nodeMarks(this.view, this.steps, this.at);
    this.graph.mark();

    const panel = this.panel;
    panel.replaceChildren();
    panel.dataset.phase = step.phase;
    panel.dataset.step = String(step.index);
    panel.dataset.node = String(step.node);
    if (step.phase === 'forward') this.renderForward(step, node);
    else this.renderBackward(step, node);
  }

  renderForward(step, node) {
    const head = el('p', 'step-head');
    head.append(el('b', null, `Forward, step ${step.index}: `), el('span', null, `${labelOf(node, node.id)} computes its output`));
    const from = (node.inputs || []).map((id) => labelOf(this.byId(id), id));
    const note = node.isInput
      ? `graph input ${node.inputIndex}: it receives entry ${node.inputIndex} of the gModule's input`
      : `it receives the output of ${from.join(' and ')}${from.length > 1 ? ', as a table' : ''}`;
    const row = el('div', 'step-row');
    row.append(valueBlock('input', node.input ?? null, { testId: 'step-input' }), el('div', 'op', '→'),
      valueBlock(`output of ${node.toString || node.type}`, node.output ?? null, { testId: 'step-output' }));
    this.panel.append(head, el('p', 'note', note), row);
  }

  renderBackward(step, node) {
    const view = this.view;
    const contributions = node.contributions || [];
    const from = arrivingFrom(view, step);
    const fromText = this.senderText(from, node);
    const head = el('p', 'step-head');
    const row = el('div', 'step-row');
    if (step.contribution > 0) {
      // Fan-out: contribution k joins the sum of the ones before it.
      const k = step.contribution;
      head.append(el('b', null, `Backward, step ${step.index}: `), el('span', null,
        `${labelOf(node, node.id)} fans out to ${step.contributions} consumers; gradient ${k} of ${step.contributions} arrives, from ${fromText}`));
      this.panel.dataset.fanOut = String(k);
      if (k > 1) {
        const before = k === 2 ? `gradient 1, from ${this.senderText(contributions[0].from)}` : `sum of gradients 1–${k - 1}`;
        row.append(valueBlock(before, contributions[k - 2].runningSum, { testId: 'step-sum-before' }), el('div', 'op', '+'));
      }
      row.append(valueBlock(`gradient ${k}, from ${fromText}`, contributions[k - 1].gradient, { testId: 'step-contribution' }));
      const last = k === step.contributions;
      const sum = el('div', 'step-sum');
      sum.append(el('div', 'op', '='), valueBlock(last ? 'sum = gradOutput' : k === 1 ? 'sum so far' : `sum of gradients 1–${k}`,
        contributions[k - 1].runningSum, { testId: last ? 'step-grad-output' : 'step-running-sum' }));
      row.append(sum);
      this.panel.append(head, row);
      if (!last) {
        this.panel.append(el('p', 'note', `${step.contributions - k} more to come: the node's backward waits until every consumer has sent its gradient.`));
        this.appendInputGradients();
        return;
      }
    } else {
      delete this.panel.dataset.fanOut;
      head.append(el('b', null, `Backward, step ${step.index}: `), el('span', null,
        `gradOutput arrives at ${labelOf(node, node.id)}, from ${fromText}`));
      row.append(valueBlock('gradOutput', node.gradOutput ?? null, { testId: 'step-grad-output' }));
      this.panel.append(head, row);
    }
    this.appendSentBack(node);
    this.appendInputGradients();
  }

  // Who sent a gradient: a consumer node, or (null) the graph's own gradOutput.
  senderText(from, node = null) {
    if (from != null) return labelOf(this.byId(from), from);
    return node && node.outputIndex ? `the graph's gradOutput (output ${node.outputIndex})` : 'the graph\'s gradOutput';
  }

  // What the node's backward sends on: to each node it reads, or, for a graph input, the gradient
  // backward returns for it.
  appendSentBack(node) {
    const row = el('div', 'step-row');
    if (node.isInput) {
      this.panel.append(el('p', 'note', `graph input ${node.inputIndex}: its gradient is entry ${node.inputIndex} of what backward returns (below).`));
      return;
    }
    for (const id of new Set(node.inputs || [])) {
      const target = this.byId(id);
      for (const c of target?.contributions || []) {
        if (c.from === node.id) row.append(valueBlock(`sent back to ${labelOf(target, id)}`, c.gradient, { testId: 'step-sent' }));
      }
    }
    if (row.childElementCount) this.panel.append(el('p', 'note', 'its backward sends on:'), row);
  }

  // The gradients backward returns, one per graph input, each shown once its input's step is done.
  appendInputGradients() {
    const view = this.view;
    const inputs = view.nodes.filter((n) => n.isInput).sort((a, b) => a.inputIndex - b.inputIndex);
    const known = new Set(inputsWithGradient(view, this.steps, this.at));
    const perInput = inputs.length === 1 ? [view.gradInput] : (view.gradInput || []);
    const outName = view.nodes.filter((n) => n.isOutput).length === 1 ? 'output' : 'outputs';
    const section = el('div', 'step-inputs');
    section.dataset.testid = 'step-input-gradients';
    section.append(el('p', 'note', `what backward returns (${inputs.length === 1 ? 'one gradient' : `${inputs.length} gradients, one per input`}):`));
    const row = el('div', 'step-row');
    inputs.forEach((node, i) => {
      const name = node.name ? ` '${node.name}'` : '';
      if (!known.has(node.inputIndex)) {
        const waiting = el('figure', 'value-block step-waiting');
        waiting.dataset.testid = `step-grad-input-${i + 1}`;
        waiting.dataset.pending = 'true';
        waiting.append(el('figcaption', 'value-title', `∂${outName}/∂input${i + 1}${name}`), el('p', 'empty', 'not yet: backward has not reached this input'));
        row.append(waiting);
        return;
      }
      const value = perInput[i] ?? node.gradOutput ?? null;
      const parts = leaves(value);
      if (!parts.length) row.append(valueBlock(`∂${outName}/∂input${i + 1}${name}`, null, { testId: `step-grad-input-${i + 1}` }));
      for (const [path, tensor] of parts) {
        row.append(valueBlock(`∂${outName}/∂input${i + 1}${path}${name}`, tensor, { testId: `step-grad-input-${i + 1}${path}` }));
      }
    });
    section.append(row);
    this.panel.append(section);
  }
}

function button(text, testId, title) {
  const b = el('button', null, text);
  b.type = 'button';
  b.dataset.testid = testId;
  b.title = title;
  return b;
}
