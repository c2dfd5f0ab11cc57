// Gradient oracle for the convolutional modules: SpatialConvolution (stride, padding, no bias,
// 3-D input), SpatialMaxPooling and SpatialAveragePooling (counting the padding or not) against
// TensorFlow.js's cpu backend with the same weights. Outputs and every input and parameter
// gradient must agree within 2e-4 relative. tfjs is NHWC with HWIO filters, Torch NCHW with
// OIHW weights: the tf side transposes, pads explicitly (zeros for convolution and average
// pooling, -Infinity for max pooling, which Torch's clipped windows equal) and transposes back.
import { test, describe, before } from 'node:test';
import { torch, nn, assertClose } from './helpers.mjs';

let tf;
before(async () => {
  const { log, warn } = console;
  console.log = console.warn = () => {};  // tfjs greets Node users with an advert for tfjs-node
  try {
    tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    await tf.ready();
    tf.tensor([0]).dispose();
  } finally {
    Object.assign(console, { log, warn });
  }
});

const T = (t) => tf.tensor(t.toArray());
const arr = (t) => t.arraySync();
const toNHWC = (x) => (x.rank === 3 ? tf.transpose(x, [1, 2, 0]) : tf.transpose(x, [0, 2, 3, 1]));
const toNCHW = (x) => (x.rank === 3 ? tf.transpose(x, [2, 0, 1]) : tf.transpose(x, [0, 3, 1, 2]));
const padHW = (x, padH, padW, value = 0) =>
  tf.pad(x, x.rank === 3 ? [[padH, padH], [padW, padW], [0, 0]] : [[0, 0], [padH, padH], [padW, padW], [0, 0]], value);

// Torch's SpatialConvolution in tfjs: weight [out, in, kH, kW] -> filter [kH, kW, in, out].
function tfConv({ dW, dH, padW, padH }) {
  return (x, w, b) => {
    const y = tf.conv2d(padHW(toNHWC(x), padH, padW), tf.transpose(w, [2, 3, 1, 0]), [dH, dW], 'valid');
    return toNCHW(b ? tf.add(y, b) : y);
  };
}

function checkConvolution({ nIn, nOut, kW, kH, dW = 1, dH = 1, padW = 0, padH = 0, shape, bias = true, seed }) {
  torch.manualSeed(seed);
  const conv = nn.SpatialConvolution(nIn, nOut, kW, kH, dW, dH, padW, padH);
  if (!bias) conv.noBias();
  const x = torch.randn(...shape);
  const y = conv.forward(x);
  const gy = torch.randn(...y.shape);
  conv.zeroGradParameters();
  const gx = conv.backward(x, gy);
  const f = tfConv({ dW, dH, padW, padH });
  const args = bias ? [x, conv.weight, conv.bias].map(T) : [x, conv.weight].map(T);
  assertClose(y.toArray(), arr(f(...args)), { what: 'output' });
  const grads = tf.grads(f)(args, T(gy));
  assertClose(gx.toArray(), arr(grads[0]), { what: 'gradInput' });
  assertClose(conv.gradWeight.toArray(), arr(grads[1]), { what: 'gradWeight' });
  if (bias) assertClose(conv.gradBias.toArray(), arr(grads[2]), { what: 'gradBias' });
  conv.dispose();
}

function checkPooling(module, tfPool, shape, seed) {
  const name = module.toString();
  torch.manualSeed(seed);
  const x = torch.randn(...shape);  // continuous values: no ties within a window
  const y = module.forward(x);
  const gy = torch.randn(...y.shape);
  const gx = module.backward(x, gy);
  const f = (input) => toNCHW(tfPool(toNHWC(input)));
  assertClose(y.toArray(), arr(f(T(x))), { what: `${name} output` });
  assertClose(gx.toArray(), arr(tf.grad(f)(T(x), T(gy))), { what: `${name} gradInput` });
  module.dispose();
}

describe('convolution oracle against @tensorflow/tfjs (cpu)', () => {
  test('SpatialConvolution 3x3, 4-D batch: output, gradInput, gradWeight, gradBias', () => {
    checkConvolution({ nIn: 3, nOut: 4, kW: 3, kH: 3, shape: [2, 3, 7, 6], seed: 1 });
  });
  test('SpatialConvolution with stride and padding (different on each axis), non-square kernel', () => {
    checkConvolution({ nIn: 2, nOut: 5, kW: 3, kH: 2, dW: 2, dH: 1, padW: 1, padH: 2, shape: [3, 2, 8, 9], seed: 2 });
  });
  test('SpatialConvolution 5x5 with padding 2 on a 3-D image (no batch dimension)', () => {
    checkConvolution({ nIn: 3, nOut: 6, kW: 5, kH: 5, padW: 2, padH: 2, shape: [3, 9, 9], seed: 3 });
  });
  test('SpatialConvolution stride 2 without bias (noBias())', () => {
    checkConvolution({ nIn: 4, nOut: 3, kW: 4, kH: 4, dW: 2, dH: 2, padW: 1, padH: 1, shape: [2, 4, 10, 10], bias: false, seed: 4 });
  });
  test('SpatialConvolution 1x1 (the pointwise path without im2col)', () => {
    checkConvolution({ nIn: 5, nOut: 3, kW: 1, kH: 1, shape: [2, 5, 4, 3], seed: 5 });
  });

  test('SpatialMaxPooling 2x2 stride 2, and 3x3 stride 2 with padding 1', () => {
    checkPooling(nn.SpatialMaxPooling(2, 2, 2, 2), (x) => tf.maxPool(x, [2, 2], [2, 2], 'valid'), [2, 3, 8, 6], 6);
    checkPooling(nn.SpatialMaxPooling(3, 3, 2, 2, 1, 1),
      (x) => tf.maxPool(padHW(x, 1, 1, -Infinity), [3, 3], [2, 2], 'valid'), [2, 2, 9, 7], 7);
    checkPooling(nn.SpatialMaxPooling(3, 2, 1, 2), (x) => tf.maxPool(x, [2, 3], [2, 1], 'valid'), [3, 7, 6], 8);
  });

  test('SpatialAveragePooling, counting the padding (Torch default) and not (tfjs "same")', () => {
    checkPooling(nn.SpatialAveragePooling(2, 2, 2, 2), (x) => tf.avgPool(x, [2, 2], [2, 2], 'valid'), [2, 3, 8, 6], 9);
    checkPooling(nn.SpatialAveragePooling(3, 3, 2, 2, 1, 1),
      (x) => tf.avgPool(padHW(x, 1, 1), [3, 3], [2, 2], 'valid'), [2, 2, 9, 7], 10);
    // Excluding the padding: tfjs's 'same' avgPool has that forward, but its backward divides by
    // kH * kW everywhere (gradients wrong at the border), so the tf side is written as the mean
    // over the zero-padded image divided by the fraction of the window inside the image, which
    // differentiates correctly; its forward is checked against 'same' once here.
    const excludePad = (x) => tf.div(tf.avgPool(padHW(x, 1, 1), [3, 3], [1, 1], 'valid'),
      tf.avgPool(padHW(tf.onesLike(x), 1, 1), [3, 3], [1, 1], 'valid'));
    const probe = tf.randomNormal([2, 6, 5, 3]);
    assertClose(arr(excludePad(probe)), arr(tf.avgPool(probe, [3, 3], [1, 1], 'same')), { what: 'tf exclude-pad formulation' });
    checkPooling(nn.SpatialAveragePooling(3, 3, 1, 1, 1, 1).setCountExcludePad(), excludePad, [2, 3, 6, 5], 11);
    checkPooling(nn.SpatialAveragePooling(3, 3, 2, 2, 1, 1).setCountExcludePad(),
      (x) => tf.div(tf.avgPool(padHW(x, 1, 1), [3, 3], [2, 2], 'valid'), tf.avgPool(padHW(tf.onesLike(x), 1, 1), [3, 3], [2, 2], 'valid')),
      [2, 7, 9], 12);
  });
});
