// A training session, run in the worker (no DOM here): the optimizer loop over the flat
// parameters from getParameters(), and snapshots for the page as plain data (losses, accuracy,
// a decision-boundary grid, sampled text). Also imported by the browser tests in Node.
//
// Two kinds of spec, both made by the script's train(...):
//   classification  { model, criterion, data: 'xor' | 'circles' | 'spirals' }: the page generates
//                   the points; the model maps n x 2 points to n x 2 class scores (log-probs).
//   custom          { parameters: [flat, gradFlat], loss(), sample?(), reset?() }: loss() runs
//                   forward and backward (gradients are zeroed before) and returns the loss.
//   digits          { model, criterion, data: 'digits', size?, n?, testN?, batchSize? }: images of
//                   digits made by web/src/digits.js; the model maps batch x 1 x size x size to
//                   batch x 10 log-probs. Snapshots carry the test accuracy, the predictions for
//                   a grid of test digits and the first convolution's filters.
import { makeDataset, datasetNames } from './datasets.js';
import { makeDigits } from './digits.js';

export const optimizerNames = ['adam', 'sgd-momentum', 'sgd'];
export const GRID = 48;          // heatmap cells per side
export const EXTENT = 1.25;      // the heatmap covers [-EXTENT, EXTENT]^2

export class Trainer {
  constructor(ng, spec) {
    this.ng = ng;
    this.spec = spec;
    this.kind = spec.model && spec.criterion ? (spec.data === 'digits' ? 'digits' : 'classification') : 'custom';
    this.optimizer = spec.optimizer ?? 'adam';
    this.learningRate = spec.learningRate ?? 0.01;
    if (!optimizerNames.includes(this.optimizer))
      throw new Error(`train(...): optimizer must be one of ${optimizerNames.join(', ')}, got '${this.optimizer}'`);
    if (!(this.learningRate > 0)) throw new Error(`train(...): learningRate must be a positive number, got ${this.learningRate}`);
    [this.params, this.grads] = this.kind === 'custom' ? spec.parameters : spec.model.getParameters();
    this.initial = this.params.clone();  // for reset
    this.steps = 0;
    this.losses = [];  // since the last snapshot
    this.lastLoss = NaN;
    this.state = {};
    if (this.kind === 'classification') this.setDataset(spec.data ?? 'xor', { reset: false });
    if (this.kind === 'digits') this.setUpDigits();
  }

  // Plain summary for the page's controls.
  info() {
    return {
      kind: this.kind,
      optimizer: this.optimizer,
      learningRate: this.learningRate,
      dataset: this.dataset?.name ?? null,
      datasets: datasetNames,
      optimizers: optimizerNames,
      points: this.dataset ? Array.from(this.dataset.points) : null,
      labels: this.dataset ? Array.from(this.dataset.labels) : null,
      hasSample: typeof this.spec.sample === 'function',
      parameterCount: this.params.numel(),
      ...(this.kind === 'digits' ? this.digitsInfo() : {}),
    };
  }

  setDataset(name, { reset = true } = {}) {
    if (this.kind !== 'classification') return;
    const data = typeof name === 'string' ? makeDataset(name, this.spec.n ?? 200, { noise: this.spec.noise ?? 0.05, seed: this.spec.seed ?? 1 }) : name;
    const { torch } = this.ng;
    this.ng.dispose(this.x, this.y);
    this.dataset = data;
    this.x = torch.tensor(data.points, [data.n, 2]);
    this.y = torch.tensor(data.labels, [data.n]);
    if (!this.grid) {
      const cells = new Float32Array(GRID * GRID * 2);
      for (let r = 0; r < GRID; ++r)
        for (let c = 0; c < GRID; ++c) {
          // row 0 is the top of the picture (largest y)
          cells[2 * (r * GRID + c)] = -EXTENT + (2 * EXTENT * (c + 0.5)) / GRID;
          cells[2 * (r * GRID + c) + 1] = EXTENT - (2 * EXTENT * (r + 0.5)) / GRID;
        }
      this.grid = torch.tensor(cells, [GRID * GRID, 2]);
    }
    if (reset) this.reset();
  }

  setOptimizer(name) {
    if (!optimizerNames.includes(name)) throw new Error(`unknown optimizer '${name}'`);
    this.optimizer = name;
    this.state = {};  // a new optimizer starts with fresh moments
  }

  setLearningRate(lr) {
    if (typeof lr !== 'number' || !(lr > 0) || !Number.isFinite(lr)) throw new Error(`learning rate must be a positive number, got ${lr}`);
    this.learningRate = lr;
  }

  reset() {
    this.params.copy(this.initial);
    this.state = {};
    this.steps = 0;
    this.losses = [];
    this.lastLoss = NaN;
    if (typeof this.spec.reset === 'function') this.ng.tidy(() => this.spec.reset());
  }

  feval = () => {
    this.grads.fill(0);
    if (this.kind === 'custom') {
      const loss = this.ng.tidy(() => this.spec.loss());
      if (typeof loss !== 'number') throw new Error(`train(...): loss() must return a number, got ${typeof loss}`);
      return [loss, this.grads];
    }
    const { model, criterion } = this.spec;
    let x = this.x, y = this.y;
    if (this.kind === 'digits') {  // the next minibatch, round and round the training set
      ({ x, y } = this.batches[this.nextBatch]);
      this.nextBatch = (this.nextBatch + 1) % this.batches.length;
    }
    const loss = this.ng.tidy(() => {
      const out = model.forward(x);
      const value = criterion.forward(out, y);
      model.backward(x, criterion.backward(out, y));
      return value;
    });
    return [loss, this.grads];
  };

  // n optimizer steps; returns the losses.
  step(n = 1) {
    const { optim } = this.ng;
    const out = [];
    for (let i = 0; i < n; ++i) {
      let fx;
      if (this.optimizer === 'adam') [, [fx]] = optim.adam(this.feval, this.params, { learningRate: this.learningRate }, this.state);
      else if (this.optimizer === 'sgd-momentum') [, [fx]] = optim.sgd(this.feval, this.params, { learningRate: this.learningRate, momentum: 0.9, dampening: 0 }, this.state);
      else [, [fx]] = optim.sgd(this.feval, this.params, { learningRate: this.learningRate }, this.state);
      if (!Number.isFinite(fx)) throw new Error(`the loss is ${fx} at step ${this.steps + 1}: lower the learning rate and press Reset`);
      this.steps += 1;
      this.lastLoss = fx;
      this.losses.push(fx);
      out.push(fx);
    }
    return out;
  }

  // What the page draws now. Takes the losses collected since the last snapshot.
  snapshot({ heatmap = true, sample = false } = {}) {
    const snap = { step: this.steps, loss: this.lastLoss, losses: this.losses, accuracy: null, heatmap: null, sample: null };
    this.losses = [];
    if (this.kind === 'classification') {
      const { model } = this.spec;
      snap.accuracy = this.ng.tidy(() => accuracy(model.forward(this.x).toFloat32Array(), this.dataset.labels));
      if (heatmap) snap.heatmap = this.ng.tidy(() => classTwoProbability(model.forward(this.grid).toFloat32Array()));
    }
    if (this.kind === 'digits') Object.assign(snap, this.digitsSnapshot({ filters: sample }));
    if (sample && typeof this.spec.sample === 'function') snap.sample = String(this.ng.tidy(() => this.spec.sample()));
    return snap;
  }

  // ----- digits (issue 15) -----------------------------------------------------------------

  setUpDigits() {
    const { torch } = this.ng;
    const size = this.spec.size ?? 16, batchSize = this.spec.batchSize ?? 32, seed = this.spec.seed ?? 1;
    const train = makeDigits(this.spec.n ?? 2000, { seed, size });
    const test = makeDigits(this.spec.testN ?? 500, { seed: seed + 1000, size });
    // The training set shuffled once (deterministically), cut into fixed minibatch tensors.
    const order = Array.from({ length: train.n }, (_, i) => i);
    let state = seed;
    for (let i = order.length - 1; i > 0; --i) {
      state = (state * 1103515245 + 12345) % 2147483648;
      const j = state % (i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const pixels = size * size;
    this.batches = [];
    for (let b = 0; b + batchSize <= train.n; b += batchSize) {
      const images = new Float32Array(batchSize * pixels), labels = new Float32Array(batchSize);
      for (let k = 0; k < batchSize; ++k) {
        const i = order[b + k];
        images.set(train.images.subarray(i * pixels, (i + 1) * pixels), k * pixels);
        labels[k] = train.labels[i];
      }
      this.batches.push({ x: torch.tensor(images, [batchSize, 1, size, size]), y: torch.tensor(labels, [batchSize]) });
    }
    this.nextBatch = 0;
    this.digits = { size, train, test };
    this.testX = torch.tensor(test.images, [test.n, 1, size, size]);
    this.filtersModule = findFirstConvolution(this.spec.model);
    this.testAccuracyAt = -1;
  }

  digitsInfo() {
    const { size, test, train } = this.digits;
    const shown = Math.min(DIGIT_GRID, test.n);
    return {
      size, trainCount: train.n, testCount: test.n, batchSize: this.batches[0]?.x.shape[0] ?? 0,
      testImages: Array.from(test.images.subarray(0, shown * size * size)),
      testLabels: Array.from(test.labels.subarray(0, shown)),
      filterShape: this.filtersModule ? this.filtersModule.weight.shape : null,
    };
  }

  // Test accuracy (cached per step), predictions for the shown test digits, and the first
  // convolution's filters when asked.
  digitsSnapshot({ filters = false } = {}) {
    if (this.testAccuracyAt !== this.steps) {
      const scores = this.ng.tidy(() => this.spec.model.forward(this.testX).toFloat32Array());
      const labels = this.digits.test.labels;
      const classes = scores.length / labels.length;
      const predictions = new Float32Array(labels.length);
      let right = 0;
      for (let i = 0; i < labels.length; ++i) {
        let best = 0;
        for (let c = 1; c < classes; ++c) if (scores[i * classes + c] > scores[i * classes + best]) best = c;
        predictions[i] = best + 1;
        right += predictions[i] === labels[i];
      }
      this.testAccuracy = right / labels.length;
      this.testPredictions = predictions;
      this.testAccuracyAt = this.steps;
    }
    const out = {
      accuracy: this.testAccuracy,
      predictions: Array.from(this.testPredictions.subarray(0, Math.min(DIGIT_GRID, this.testPredictions.length))),
    };
    if (filters && this.filtersModule) out.filters = Array.from(this.ng.tidy(() => this.filtersModule.weight.toFloat32Array()));
    return out;
  }
}

export const DIGIT_GRID = 24;  // test digits shown with their predictions

// The first nn.SpatialConvolution (or ...MM) of a module, depth-first, for drawing its filters.
function findFirstConvolution(module) {
  if (/^nn\.SpatialConvolution(MM)?$/.test(module.typeName)) return module;
  for (const child of module.modules ?? []) {
    const found = findFirstConvolution(child);
    if (found) return found;
  }
  return null;
}

// rows of 2 scores -> fraction whose larger score is the labelled (1-based) class
export function accuracy(scores, labels) {
  let right = 0;
  for (let i = 0; i < labels.length; ++i) right += (scores[2 * i + 1] > scores[2 * i] ? 2 : 1) === labels[i];
  return right / labels.length;
}

// rows of 2 scores (log-probs or raw) -> softmax probability of class 2 per row
function classTwoProbability(scores) {
  const p = new Float32Array(scores.length / 2);
  for (let i = 0; i < p.length; ++i) p[i] = 1 / (1 + Math.exp(scores[2 * i] - scores[2 * i + 1]));
  return p;
}
