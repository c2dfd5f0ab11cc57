// The decision boundary: the model's probability of class 2 over a grid covering the data (from
// the worker), painted like TensorFlow Playground (orange = class 1, blue = class 2), with the
// training points on top.

const ORANGE = [245, 147, 34], BLUE = [8, 119, 189];

export class Heatmap {
  constructor(canvas, { grid, extent }) {
    this.canvas = canvas;
    this.grid = grid;
    this.extent = extent;
    this.cells = document.createElement('canvas');
    this.cells.width = this.cells.height = grid;
    this.points = null;
    this.labels = null;
  }

  setData(points, labels) {
    this.points = points;
    this.labels = labels;
  }

  // probabilities: grid * grid values in [0, 1], row 0 at the top; null draws the points only.
  draw(probabilities) {
    const ctx = this.canvas.getContext('2d');
    const { width, height } = this.canvas;
    ctx.clearRect(0, 0, width, height);
    if (probabilities) {
      const cellCtx = this.cells.getContext('2d');
      const image = cellCtx.createImageData(this.grid, this.grid);
      for (let i = 0; i < probabilities.length; ++i) {
        const p = probabilities[i];
        const confidence = Math.abs(p - 0.5) * 2;
        for (let k = 0; k < 3; ++k) {
          const color = ORANGE[k] * (1 - p) + BLUE[k] * p;
          image.data[4 * i + k] = 255 - (255 - color) * (0.25 + 0.6 * confidence);
        }
        image.data[4 * i + 3] = 255;
      }
      cellCtx.putImageData(image, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(this.cells, 0, 0, width, height);
    }
    if (!this.points) return;
    const toPx = (v, size, flip) => ((flip ? -v : v) + this.extent) / (2 * this.extent) * size;
    for (let i = 0; i < this.labels.length; ++i) {
      const x = toPx(this.points[2 * i], width, false), y = toPx(this.points[2 * i + 1], height, true);
      ctx.beginPath();
      ctx.arc(x, y, 3.2, 0, 2 * Math.PI);
      ctx.fillStyle = `rgb(${(this.labels[i] === 1 ? ORANGE : BLUE).join(',')})`;
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = '#fff';
      ctx.stroke();
    }
  }
}
