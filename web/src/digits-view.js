// The digits demo's figures in the Train view: a grid of test digits, each with the network's
// guess (green when right, red when wrong), and the first convolution's filters drawn as
// images (grey is 0, white positive, black negative, each filter scaled by its largest weight).
// Draws the plain data of trainer.js's snapshots; no engine here.

const CELL = 3;        // screen pixels per image pixel in the grid
const COLUMNS = 8;
const FILTER_ZOOM = 8; // screen pixels per filter weight

export class DigitsView {
  constructor(info) {
    this.info = info;
    this.element = document.createElement('div');
    this.element.className = 'digits-figures';
    this.element.dataset.testid = 'digits-figures';

    const { size, testLabels } = info;
    const count = testLabels.length, rows = Math.ceil(count / COLUMNS);
    this.cell = size * CELL + 6;
    this.grid = canvas('digits-grid', COLUMNS * this.cell, rows * (this.cell + 14), 'test digits and the network\'s guesses');
    this.filters = info.filterShape ? canvas('digits-filters', 10, 10, 'first-layer filters') : null;
    this.element.append(figure('Test digits (guess below)', this.grid));
    if (this.filters) this.element.append(figure(`First layer: ${info.filterShape[0]} filters of ${info.filterShape[3]}x${info.filterShape[2]}`, this.filters));
    this.drawGrid(null);
  }

  update(progress) {
    if (progress.predictions) this.drawGrid(progress.predictions);
    if (progress.filters && this.filters) this.drawFilters(progress.filters);
  }

  drawGrid(predictions) {
    const { size, testImages, testLabels } = this.info;
    const ctx = this.grid.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, this.grid.width, this.grid.height);
    ctx.font = '11px sans-serif';
    ctx.textAlign = 'center';
    let wrong = 0;
    for (let i = 0; i < testLabels.length; ++i) {
      const x0 = (i % COLUMNS) * this.cell + 3, y0 = Math.floor(i / COLUMNS) * (this.cell + 14) + 3;
      const image = ctx.createImageData(size * CELL, size * CELL);
      for (let r = 0; r < size * CELL; ++r)
        for (let c = 0; c < size * CELL; ++c) {
          const v = testImages[i * size * size + Math.floor(r / CELL) * size + Math.floor(c / CELL)];
          const shade = 255 - Math.round(255 * Math.min(1, Math.max(0, v)));  // dark ink on paper
          const at = 4 * (r * size * CELL + c);
          image.data[at] = image.data[at + 1] = image.data[at + 2] = shade;
          image.data[at + 3] = 255;
        }
      ctx.putImageData(image, x0, y0);
      if (predictions) {
        const guess = predictions[i] - 1, right = predictions[i] === testLabels[i];
        wrong += !right;
        ctx.fillStyle = right ? '#1a7f37' : '#cf222e';
        ctx.fillText(String(guess), x0 + (size * CELL) / 2, y0 + size * CELL + 12);
      }
    }
    this.grid.dataset.wrong = predictions ? String(wrong) : '';
  }

  drawFilters(weights) {
    const [count, planes, kH, kW] = this.info.filterShape;
    const zoomW = kW * FILTER_ZOOM, zoomH = kH * FILTER_ZOOM, gap = 6;
    this.filters.width = count * (zoomW + gap);
    this.filters.height = zoomH;
    const ctx = this.filters.getContext('2d');
    for (let f = 0; f < count; ++f) {
      const base = f * planes * kH * kW;  // the first input plane of each filter
      let scale = 1e-12;
      for (let k = 0; k < kH * kW; ++k) scale = Math.max(scale, Math.abs(weights[base + k]));
      const image = ctx.createImageData(zoomW, zoomH);
      for (let r = 0; r < zoomH; ++r)
        for (let c = 0; c < zoomW; ++c) {
          const w = weights[base + Math.floor(r / FILTER_ZOOM) * kW + Math.floor(c / FILTER_ZOOM)] / scale;
          const shade = Math.round(128 + 127 * w);
          const at = 4 * (r * zoomW + c);
          image.data[at] = image.data[at + 1] = image.data[at + 2] = shade;
          image.data[at + 3] = 255;
        }
      ctx.putImageData(image, f * (zoomW + gap), 0);
    }
    this.filters.dataset.drawn = 'true';
  }
}

function canvas(testid, width, height, label) {
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  c.dataset.testid = testid;
  c.setAttribute('aria-label', label);
  return c;
}

function figure(caption, content) {
  const f = document.createElement('figure');
  const cap = document.createElement('figcaption');
  cap.textContent = caption;
  f.append(content, cap);
  return f;
}
