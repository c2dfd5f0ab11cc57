// 2-D classification data made in the page (like TensorFlow Playground's): XOR, circles and two
// spirals, from a small seeded generator so a demo gives the same points every time.
// Points are in [-1, 1]^2; labels are 1-based classes (1 or 2), as ClassNLLCriterion wants.

export const datasetNames = ['xor', 'circles', 'spirals'];

// mulberry32: a tiny deterministic PRNG (uniform in [0, 1)).
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand) {
  const u = Math.max(rand(), 1e-12), v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

// { points: Float32Array (n x 2, row-major), labels: Float32Array (n), n }
export function makeDataset(name, n = 200, { noise = 0.05, seed = 1 } = {}) {
  const rand = random(seed);
  const points = new Float32Array(2 * n), labels = new Float32Array(n);
  for (let i = 0; i < n; ++i) {
    let x, y, label;
    if (name === 'xor') {
      // four clusters at the corners: same sign -> class 1, opposite signs -> class 2
      x = rand() * 2 - 1;
      y = rand() * 2 - 1;
      const pad = 0.08;  // keep points off the axes so the classes are separable
      x += x > 0 ? pad : -pad;
      y += y > 0 ? pad : -pad;
      label = x * y > 0 ? 1 : 2;
    } else if (name === 'circles') {
      // class 1 inside radius 0.45, class 2 on a ring from 0.6 to 0.95
      label = i % 2 ? 2 : 1;
      const r = label === 1 ? rand() * 0.45 : 0.6 + rand() * 0.35, angle = rand() * 2 * Math.PI;
      x = r * Math.cos(angle);
      y = r * Math.sin(angle);
    } else if (name === 'spirals') {
      // two arms, the second turned by pi; the radius grows with the angle
      label = i % 2 ? 2 : 1;
      const t = Math.floor(i / 2) / Math.ceil(n / 2);
      const r = 0.08 + 0.87 * t, angle = 1.75 * 2 * Math.PI * t + (label === 2 ? Math.PI : 0);
      x = r * Math.cos(angle);
      y = r * Math.sin(angle);
    } else {
      throw new Error(`unknown dataset '${name}': choose one of ${datasetNames.join(', ')}`);
    }
    points[2 * i] = x + noise * gaussian(rand);
    points[2 * i + 1] = y + noise * gaussian(rand);
    labels[i] = label;
  }
  return { name, n, points, labels };
}
