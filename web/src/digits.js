// A small handwritten-style digit dataset the project makes itself (nothing is downloaded): each
// digit 0-9 is a few strokes (polylines in a unit box), drawn with a random pose (scale, aspect,
// rotation, shear, shift), jittered stroke points, a random pen width and ink, then pixel noise.
// Deterministic: the same seed gives the same images. Images are size x size, row-major, values
// about 0 (paper) to 1 (ink); labels are 1-based classes (digit + 1), as ClassNLLCriterion wants.
import { random } from './datasets.js';

const TAU = 2 * Math.PI;

// An arc of the ellipse (cx, cy, rx, ry) from angle a0 to a1 (y grows downwards, so angle 1.5 pi
// is the top), as a polyline.
function arc(cx, cy, rx, ry, a0 = 0, a1 = TAU, steps = 16) {
  const points = [];
  for (let i = 0; i <= steps; ++i) {
    const t = a0 + ((a1 - a0) * i) / steps;
    points.push([cx + rx * Math.cos(t), cy + ry * Math.sin(t)]);
  }
  return points;
}

// Strokes of each digit, in a unit box (x right, y down).
const GLYPHS = [
  [arc(0.5, 0.5, 0.25, 0.38)],
  [[[0.34, 0.26], [0.52, 0.1], [0.52, 0.9]]],
  [[...arc(0.5, 0.32, 0.23, 0.21, 1.1 * Math.PI, 2.2 * Math.PI, 12), [0.24, 0.9], [0.79, 0.9]]],
  [arc(0.48, 0.3, 0.22, 0.19, 1.15 * Math.PI, 2.5 * Math.PI, 12), arc(0.48, 0.69, 0.25, 0.21, 1.5 * Math.PI, 2.85 * Math.PI, 12)],
  [[[0.63, 0.9], [0.63, 0.1], [0.2, 0.64], [0.8, 0.64]]],
  [[[0.75, 0.1], [0.35, 0.1], [0.31, 0.46]], arc(0.5, 0.66, 0.24, 0.23, 1.22 * Math.PI, 2.8 * Math.PI, 14)],
  [[[0.68, 0.1], [0.42, 0.3], [0.29, 0.62]], arc(0.5, 0.69, 0.22, 0.2)],
  [[[0.22, 0.1], [0.78, 0.1], [0.42, 0.9]]],
  [arc(0.5, 0.28, 0.19, 0.18), arc(0.5, 0.7, 0.23, 0.2)],
  [arc(0.5, 0.32, 0.21, 0.21), [[0.71, 0.33], [0.66, 0.62], [0.5, 0.9]]],
];

function gaussian(rand) {
  const u = Math.max(rand(), 1e-12), v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(TAU * v);
}

// Distance from (px, py) to the segment a-b.
function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
  const ex = px - (ax + t * dx), ey = py - (ay + t * dy);
  return Math.sqrt(ex * ex + ey * ey);
}

// One image of `digit` into out (size * size floats).
function drawDigit(digit, size, rand, out) {
  const scale = size * (0.62 + 0.22 * rand());
  const aspect = 0.85 + 0.3 * rand();
  const angle = (rand() - 0.5) * 0.4;
  const shear = (rand() - 0.5) * 0.4;
  const cx = size / 2 + (rand() - 0.5) * 0.25 * size, cy = size / 2 + (rand() - 0.5) * 0.25 * size;
  const cos = Math.cos(angle), sin = Math.sin(angle);
  const place = ([u, v]) => {
    // jitter in the unit box, then centre, shear, scale, rotate, shift into pixels
    const x = (u - 0.5 + 0.025 * gaussian(rand) + shear * (v - 0.5)) * scale * aspect;
    const y = (v - 0.5 + 0.025 * gaussian(rand)) * scale;
    return [cx + cos * x - sin * y, cy + sin * x + cos * y];
  };
  const segments = [];
  for (const stroke of GLYPHS[digit]) {
    const points = stroke.map(place);
    for (let i = 1; i < points.length; ++i) segments.push([...points[i - 1], ...points[i]]);
  }
  const pen = 0.45 + 0.5 * rand() * (size / 16);  // half the stroke width, in pixels
  const ink = 0.7 + 0.3 * rand();
  for (let r = 0; r < size; ++r)
    for (let c = 0; c < size; ++c) {
      const px = c + 0.5, py = r + 0.5;
      let d = Infinity;
      for (const [ax, ay, bx, by] of segments) d = Math.min(d, segmentDistance(px, py, ax, ay, bx, by));
      const coverage = Math.min(1, Math.max(0, pen + 0.6 - d));  // a soft edge about one pixel wide
      out[r * size + c] = ink * coverage + 0.08 * gaussian(rand);
    }
  // a few specks of dirt
  const specks = Math.floor(rand() * 3);
  for (let k = 0; k < specks; ++k) out[Math.floor(rand() * size * size)] += 0.5 * rand();
}

// { images: Float32Array (n x size x size), labels: Float32Array (n, classes 1..10), n, size }
export function makeDigits(n, { seed = 1, size = 16 } = {}) {
  const rand = random(seed * 7919 + 17);
  const images = new Float32Array(n * size * size), labels = new Float32Array(n);
  for (let i = 0; i < n; ++i) {
    const digit = i % 10;
    drawDigit(digit, size, rand, images.subarray(i * size * size, (i + 1) * size * size));
    labels[i] = digit + 1;
  }
  return { images, labels, n, size };
}
