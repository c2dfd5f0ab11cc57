// The Train view: play / pause / step / reset, optimizer, learning rate and data controls, live
// stats (step, loss, accuracy, steps per second), the loss plot, the decision-boundary heatmap
// and sampled text. Training itself runs in the worker; this view only sends controls and draws
// the snapshots it receives. The digits demo (web/src/digits-view.js) adds a grid of test digits
// with the network's guesses and the first layer's filters.
import { LossPlot } from './loss-plot.js';
import { DigitsView } from './digits-view.js';
import { Heatmap } from './heatmap.js';
import { GRID, EXTENT } from './trainer.js';

const LEARNING_RATES = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1];
const OPTIMIZER_LABELS = { adam: 'Adam', 'sgd-momentum': 'SGD + momentum 0.9', sgd: 'SGD' };
const DATASET_LABELS = { xor: 'XOR', circles: 'Circles', spirals: 'Spirals' };
// Speed: training steps per frame (the worker draws about 30 frames a second), or 'max' (as many
// as fit in a frame). The 2-D demos start slow enough to watch the boundary form (XOR is learnt in
// a few hundred steps: at full speed, in well under a second).
const SPEEDS = [['1', '1 step/frame'], ['2', '2 steps/frame'], ['5', '5 steps/frame'], ['20', '20 steps/frame'], ['100', '100 steps/frame'], ['max', 'as fast as possible']];
const defaultSpeed = (kind) => (kind === 'classification' ? '2' : 'max');

export class TrainView {
  // send(action, value) posts a control to the worker.
  constructor(panel, { send }) {
    this.panel = panel;
    this.send = send;
    this.playing = false;
    this.info = null;
    this.plot = null;
  }

  hide() {
    this.panel.hidden = true;
    this.panel.replaceChildren();
    this.plot = null;
    this.playing = false;
  }

  show(info) {
    this.info = info;
    this.playing = false;
    this.panel.hidden = false;
    this.panel.dataset.step = '0';
    this.panel.dataset.playing = 'false';
    this.panel.dataset.points = '0';

    this.playButton = button('Play ▶', 'train-play', 'primary', () => this.send(this.playing ? 'pause' : 'play'));
    const stepButton = button('Step', 'train-step', '', () => this.send('step'));
    const resetButton = button('Reset', 'train-reset', '', () => {
      this.plot.clear();
      this.send('reset');
    });
    this.stepButton = stepButton;

    const optimizer = selectOf('train-optimizer', info.optimizers.map((o) => [o, OPTIMIZER_LABELS[o] ?? o]), info.optimizer,
      (v) => this.send('optimizer', v));
    const rates = LEARNING_RATES.includes(info.learningRate) ? LEARNING_RATES : [...LEARNING_RATES, info.learningRate].sort((a, b) => a - b);
    const learningRate = selectOf('train-learning-rate', rates.map((r) => [String(r), String(r)]), String(info.learningRate),
      (v) => this.send('learningRate', Number(v)));
    const speed = selectOf('train-speed', SPEEDS, defaultSpeed(info.kind), (v) => this.send('speed', v));
    this.send('speed', defaultSpeed(info.kind));
    const controls = el('div', 'train-controls', this.playButton, stepButton, resetButton,
      labelled('Speed', speed), labelled('Optimizer', optimizer), labelled('Learning rate', learningRate));
    if (info.kind === 'classification') {
      const data = selectOf('train-dataset', info.datasets.map((d) => [d, DATASET_LABELS[d] ?? d]), info.dataset, (v) => {
        this.plot.clear();
        this.send('dataset', v);
      });
      controls.append(labelled('Data', data));
    }

    this.stats = el('div', 'train-stats');
    this.stats.dataset.testid = 'train-stats';
    const plotBox = el('div', 'loss-plot');
    const figures = el('div', 'train-figures', plotBox);
    if (info.kind === 'classification') {
      const canvas = el('canvas', 'heatmap');
      canvas.width = canvas.height = 200;
      canvas.setAttribute('aria-label', 'decision boundary');
      this.heatmap = new Heatmap(canvas, { grid: GRID, extent: EXTENT });
      this.heatmap.setData(info.points, info.labels);
      this.heatmap.draw(null);
      figures.append(canvas);
    } else {
      this.heatmap = null;
    }
    this.digits = info.kind === 'digits' ? new DigitsView(info) : null;
    if (this.digits) figures.append(this.digits.element);
    this.sample = info.hasSample ? el('pre', 'train-sample') : null;
    this.error = el('p', 'train-error');
    this.error.hidden = true;

    this.panel.replaceChildren(
      el('div', 'card-head', el('h2', null, 'Train'), el('span', 'note', `${info.parameterCount} parameters, updated in the worker`)),
      controls, this.stats, figures, this.error);
    if (this.sample) this.panel.append(el('h3', null, 'Sampled text'), this.sample);
    this.plot = new LossPlot(plotBox, { width: info.kind === 'custom' ? 600 : 380, height: 200 });
    this.renderStats({ step: 0, loss: NaN, accuracy: null, stepsPerSecond: 0 });
  }

  update(progress) {
    if (!this.plot) return;
    const first = progress.step - progress.losses.length + 1;
    if (progress.step < Number(this.panel.dataset.step)) this.plot.clear();  // reset
    if (progress.losses.length) this.plot.append(first, progress.losses);
    this.playing = progress.playing;
    this.playButton.textContent = this.playing ? 'Pause ❚❚' : 'Play ▶';
    this.stepButton.disabled = this.playing;
    this.panel.dataset.step = String(progress.step);
    this.panel.dataset.playing = String(progress.playing);
    this.panel.dataset.points = String(this.plot.pointCount);
    this.renderStats(progress);
    if (this.heatmap && progress.heatmap) this.heatmap.draw(progress.heatmap);
    if (this.digits) {
      this.digits.update(progress);
      if (progress.accuracy != null) this.panel.dataset.accuracy = String(progress.accuracy);
    }
    if (this.sample && progress.sample != null) this.sample.textContent = progress.sample;
    this.error.hidden = !progress.error;
    this.error.textContent = progress.error ? progress.error.message : '';
  }

  renderStats({ step, loss, accuracy, stepsPerSecond }) {
    const parts = [
      ['step', String(step)],
      ['loss', Number.isFinite(loss) ? loss.toPrecision(4) : '–'],
    ];
    if (accuracy != null) parts.push([this.info?.kind === 'digits' ? 'test accuracy' : 'accuracy', `${(accuracy * 100).toFixed(1)} %`]);
    parts.push(['steps/s', stepsPerSecond ? String(Math.round(stepsPerSecond)) : '–']);
    this.stats.replaceChildren(...parts.map(([k, v]) => el('span', 'stat', el('b', null, v), ` ${k}`)));
  }
}

// An element with a class and children (strings or nodes).
function el(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children.filter((c) => c != null));
  return node;
}

function button(text, testid, cls, onClick) {
  const b = el('button', cls || null, text);
  b.type = 'button';
  b.dataset.testid = testid;
  b.addEventListener('click', onClick);
  return b;
}

function selectOf(testid, options, value, onChange) {
  const s = el('select');
  s.dataset.testid = testid;
  for (const [v, text] of options) s.append(new Option(text, v));
  s.value = value;
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

function labelled(text, control) {
  return el('label', null, text, control);
}
