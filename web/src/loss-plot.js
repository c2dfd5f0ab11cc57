// The live loss curve (uPlot): step on x, loss on a log y axis. Points arrive in batches from the
// worker; past MAX_POINTS every other point is dropped, so drawing stays cheap on long runs.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const MAX_POINTS = 4000;

// A tick of the log loss axis: uPlot's default keeps a fixed number of decimals, so every tick
// under 0.01 read "0". Powers of ten below 0.01 as 1e-3; others with two significant digits.
export function formatLossTick(v) {
  if (v == null || !Number.isFinite(v)) return '';
  if (v === 0) return '0';
  if (Math.abs(v) < 0.01 || Math.abs(v) >= 1e4) {
    const [mantissa, exponent] = v.toExponential(1).split('e');
    return `${mantissa.replace(/\.0$/, '')}e${Number(exponent)}`;
  }
  return String(Number(v.toPrecision(2)));
}

export class LossPlot {
  constructor(container, { width = 420, height = 200 } = {}) {
    this.container = container;
    this.steps = [];
    this.losses = [];
    this.pending = false;
    this.plot = new uPlot({
      width,
      height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false }, y: { distr: 3 } },
      axes: [
        { label: 'step', size: 36, labelSize: 16 },
        // the ticks shown are kept in the container's data-y-ticks (what the tests read: the
        // axis itself is drawn on a canvas)
        { label: 'loss', size: 56, labelSize: 16, values: (u, splits) => this.yTicks(splits) },
      ],
      series: [{}, { label: 'loss', stroke: '#2563eb', width: 1.5, points: { show: false } }],
    }, [[], []], container);
  }

  yTicks(splits) {
    const ticks = splits.map(formatLossTick);
    this.container.dataset.yTicks = ticks.join('|');
    return ticks;
  }

  clear() {
    this.steps = [];
    this.losses = [];
    this.plot.setData([[], []]);
  }

  // losses: the values of steps firstStep, firstStep + 1, ...
  append(firstStep, losses) {
    for (let i = 0; i < losses.length; ++i) {
      this.steps.push(firstStep + i);
      this.losses.push(Math.max(losses[i], 1e-6));  // the log axis needs positive values
    }
    if (this.steps.length > MAX_POINTS) {
      this.steps = this.steps.filter((_, i) => i % 2 === 0);
      this.losses = this.losses.filter((_, i) => i % 2 === 0);
    }
    // Redraw at most once per frame however many batches arrive.
    if (!this.pending) {
      this.pending = true;
      requestAnimationFrame(() => {
        this.pending = false;
        this.plot.setData([this.steps, this.losses]);
      });
    }
  }

  get pointCount() { return this.steps.length; }
}
