// The convolutional modules through the JS API (issue 15): Torch's methods noBias(), ceil(),
// floor(), setCountExcludePad() / setCountIncludePad(), the running statistics of batch
// normalization, save/load, and errors as sentences that leave the module usable.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { torch, nn } from './helpers.mjs';

describe('convolutional modules in JS', () => {
  test('SpatialConvolution: Torch sizes, layout and noBias() (which chains and survives save/load)', () => {
    torch.manualSeed(1);
    const conv = nn.SpatialConvolution(3, 4, 5, 3, 2, 1, 1, 1);
    assert.deepEqual(conv.weight.shape, [4, 3, 3, 5]);
    assert.deepEqual(conv.forward(torch.rand(2, 3, 9, 10)).shape, [2, 4, 9, 4]);  // (9+2-3)/1+1, (10+2-5)/2+1
    assert.deepEqual(conv.forward(torch.rand(3, 9, 10)).shape, [4, 9, 4]);
    assert.equal(conv.noBias(), conv);
    assert.equal(conv.bias, undefined);
    assert.equal(conv.parameters()[0].length, 1);
    assert.match(conv.toString(), /without bias/);
    const x = torch.rand(3, 9, 10);
    const y = conv.forward(x).clone();
    const back = nn.load(conv.save());
    assert.deepEqual(back.forward(x).toArray(), y.toArray());
    assert.equal(back.parameters()[0].length, 1);
    back.dispose();
    conv.dispose();
  });

  test('SpatialMaxPooling.ceil() and .floor() change the output size; SpatialAveragePooling counts the padding or not', () => {
    const pool = nn.SpatialMaxPooling(2, 2, 2, 2);
    const x = torch.rand(1, 5, 5);
    assert.deepEqual(pool.forward(x).shape, [1, 2, 2]);
    assert.equal(pool.ceil(), pool);
    assert.deepEqual(pool.forward(x).shape, [1, 3, 3]);
    assert.deepEqual(nn.load(pool.save()).forward(x).shape, [1, 3, 3]);
    pool.floor();
    assert.deepEqual(pool.forward(x).shape, [1, 2, 2]);

    const avg = nn.SpatialAveragePooling(2, 2, 2, 2, 1, 1);
    const ones = torch.ones(1, 3, 3);
    assert.equal(avg.forward(ones).toArray()[0][0][0], 0.25);  // corner window: 1 pixel of 4
    assert.equal(avg.setCountExcludePad(), avg);
    assert.equal(avg.forward(ones).toArray()[0][0][0], 1);
    avg.setCountIncludePad();
    assert.equal(avg.forward(ones).toArray()[0][0][0], 0.25);
    pool.dispose();
    avg.dispose();
  });

  test('methods of other modules throw an Error naming the module', () => {
    const lin = nn.Linear(2, 3);
    assert.throws(() => lin.ceil(), { message: /nn\.Linear\(2 -> 3\): ceil\(\) is a method of nn\.SpatialMaxPooling/ });
    assert.throws(() => lin.noBias(), { message: /noBias\(\) is a method of nn\.SpatialConvolution/ });
    assert.throws(() => nn.SpatialMaxPooling(2, 2).setCountExcludePad(), { message: /setCountExcludePad\(\) is a method of nn\.SpatialAveragePooling/ });
    assert.equal(lin.running_mean, undefined);
    lin.dispose();
  });

  test('SpatialBatchNormalization: running_mean / running_var move while training, are used in evaluate(), and are saved', () => {
    torch.manualSeed(2);
    const bn = nn.SpatialBatchNormalization(3);
    assert.deepEqual(bn.running_mean.toArray(), [0, 0, 0]);
    assert.deepEqual(bn.running_var.toArray(), [1, 1, 1]);
    const x = torch.rand(4, 3, 2, 2).mul(3);
    bn.forward(x);
    const mean = bn.running_mean.toArray();
    assert.ok(mean.every((m) => m > 0.05 && m < 0.3), `running_mean ${mean} is 0.1 x the batch mean (about 1.5)`);
    bn.evaluate();
    const probe = torch.rand(3, 2, 2);
    const out = bn.forward(probe).clone();
    const back = nn.load(bn.save());
    assert.deepEqual(back.running_mean.toArray(), bn.running_mean.toArray());
    assert.deepEqual(back.forward(probe).toArray(), out.toArray());
    back.dispose();
    bn.dispose();
  });

  test('bad inputs are Errors with a sentence, and the module keeps working', () => {
    const conv = nn.SpatialConvolution(3, 2, 3, 3);
    assert.throws(() => conv.forward(torch.rand(2, 4, 5, 5)), { message: /expected 3 input planes \(dimension 2 of the input\), got size 2x4x5x5/ });
    assert.throws(() => conv.forward(torch.rand(3, 2, 2)), { message: /smaller than the kernel/ });
    assert.throws(() => nn.SpatialConvolution(3, 2), { message: /argument 3 \(kW\)/ });
    assert.deepEqual(conv.forward(torch.rand(3, 5, 5)).shape, [2, 3, 3]);
    const crit = nn.SpatialClassNLLCriterion();
    assert.throws(() => crit.forward(torch.rand(2, 3, 2, 2), torch.ones(2, 2)), { message: /takes a target of size 2x2x2/ });
    conv.dispose();
  });

  test('a convnet gModule trains: the loss of a fixed batch falls', () => {
    torch.manualSeed(3);
    const x = nn.Identity()();
    const h = nn.SpatialMaxPooling(2, 2, 2, 2)(nn.ReLU()(nn.SpatialConvolution(1, 4, 3, 3, 1, 1, 1, 1)(x)));
    const out = nn.LogSoftMax()(nn.Linear(4 * 4 * 4, 3)(nn.View(-1, 64)(h)));
    const g = nn.gModule([x], [out]);
    const crit = nn.ClassNLLCriterion();
    const images = torch.rand(6, 1, 8, 8), labels = torch.tensor([1, 2, 3, 1, 2, 3]);
    let first, last;
    for (let i = 0; i < 60; ++i) {
      g.zeroGradParameters();
      const y = g.forward(images);
      last = crit.forward(y, labels);
      if (i === 0) first = last;
      g.backward(images, crit.backward(y, labels));
      g.updateParameters(0.5);
    }
    assert.ok(last < first * 0.5, `loss ${first} -> ${last}`);
    g.dispose();
  });
});
