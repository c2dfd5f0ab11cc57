// torch.FloatStorage and torch.Tensor(storage, offset, sizes, strides) in JS (bindings/storage.mjs
// over core/tensor_storage.cpp): a tensor over a storage shares it both ways, storage views share
// too, t.storage() is the whole storage, and views that do not fit are Errors naming the sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ng, torch, assertStillWorks } from './helpers.mjs';

test('a tensor over a storage shares it both ways (Torch doc: a 10-element storage seen as 2x5)', () => {
  const s = torch.FloatStorage(10).fill(1);
  const x = torch.Tensor(s, 1, torch.LongStorage([2, 5]));
  assert.deepEqual(x.shape, [2, 5]);
  assert.deepEqual(x.toArray(), [[1, 1, 1, 1, 1], [1, 1, 1, 1, 1]]);
  x.zero();                                       // the storage's contents change
  assert.deepEqual(s.toArray(), new Array(10).fill(0));
  s.set(7, 42);                                   // element 7 is row 2, column 2
  assert.equal(x.get(2, 2), 42);
  assert.equal(s.get(7), 42);
  assert.equal(s.size(), 10);
  assert.ok(x.storage().size() === 10 && torch.isStorage(x.storage()));
  assert.ok(x instanceof torch.Tensor && s instanceof torch.FloatStorage);
});

test('offsets, strides and Torch\'s (size, stride) pairs; storage views; t.storage() of a view', () => {
  const s = torch.FloatStorage([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(torch.Tensor(s).toArray(), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);   // all of it, 1-D
  assert.deepEqual(torch.Tensor(s, 4).toArray(), [4, 5, 6, 7, 8, 9, 10]);          // from element 4
  const m = torch.Tensor(s, 3, [2, 3]);                                           // elements 3..8
  assert.deepEqual(m.toArray(), [[3, 4, 5], [6, 7, 8]]);
  assert.equal(m.storageOffset(), 3);
  assert.deepEqual(m.stride(), [3, 1]);
  assert.equal(m.stride(1), 3);
  assert.equal(m.stride(-1), 1);
  const cols = torch.Tensor(s, 1, [3, 2], [1, 3]);                                 // a transposed view
  assert.deepEqual(cols.toArray(), [[1, 4], [2, 5], [3, 6]]);
  assert.equal(cols.isContiguous(), false);
  assert.deepEqual(torch.Tensor(s, 1, 2, 5, 3, 1).toArray(), [[1, 2, 3], [6, 7, 8]]); // size, stride pairs
  assert.deepEqual(torch.Tensor(s, 2, 2, -1, 2).toArray(), [[2, 3], [4, 5]]);       // -1 or missing: contiguous
  assert.deepEqual(torch.Tensor(s, 1, [3], [0]).toArray(), [1, 1, 1]);              // stride 0 repeats

  const view = torch.FloatStorage(s, 3, 5);        // Torch doc: a view on elements 3..7
  s.fill(0);
  view.fill(1);
  assert.deepEqual(s.toArray(), [0, 0, 1, 1, 1, 1, 1, 0, 0, 0]);
  assert.equal(torch.FloatStorage(s, 8).size(), 3);

  const t = torch.tensor([[1, 2, 3], [4, 5, 6]]);
  const column = t.select(2, 3);
  const whole = column.storage();                   // the view's storage is all six elements
  assert.deepEqual(whole.toArray(), [1, 2, 3, 4, 5, 6]);
  assert.equal(column.storageOffset(), 3);
  whole.set(6, 60);
  assert.deepEqual(column.toArray(), [3, 60]);
  const again = torch.Tensor(whole, 4, [3]);         // the second row, through the storage
  again.mul(10);
  assert.deepEqual(t.toArray(), [[1, 2, 3], [40, 50, 600]]);
  // printed as a 1-D tensor of the same values is, with Torch's storage footer
  assert.equal(String(torch.FloatStorage([1.5, 2])), torch.tensor([1.5, 2]).toString().replace('[torch.FloatTensor of size 2]', '[torch.FloatStorage of size 2]'));
  assert.match(String(torch.FloatStorage([1.5, 2])), /1\.5[\s\S]*2[\s\S]*\n\[torch\.FloatStorage of size 2\]\n$/);
  assert.equal(String(torch.FloatStorage()), '[torch.FloatStorage of size 0]\n');
  torch.FloatStorage(3).copy(torch.FloatStorage([7, 8, 9]));
  assert.deepEqual(torch.LongStorage(2), [0, 0]);
  assert.deepEqual(torch.Tensor(torch.LongStorage([2, 3])).shape, [2, 3]);         // a LongStorage is sizes
});

test('bad input: a clear Error naming the sizes, and the engine keeps working', () => {
  const s = torch.FloatStorage(6);
  const cases = [
    [() => torch.Tensor(s, 1, [2, 4]), /torch\.Tensor\(storage, offset, sizes, strides\): a view of size 2x4 \(strides 4x1\) from offset 1 reaches element 8 of a storage of size 6/],
    [() => torch.Tensor(s, 3, [2, 3]), /a view of size 2x3 \(strides 3x1\) from offset 3 reaches element 8 of a storage of size 6/],
    [() => torch.Tensor(s, 0, [2]), /offset 0 is outside the storage of size 6 \(offsets are 1-based\)/],
    [() => torch.Tensor(s, 1, [2, 2], [1]), /2 sizes \(2x2\) but 1 strides \(1\); give one stride per size/],
    [() => torch.Tensor(s, 1, [-2]), /size 1 must be >= 0, got -2/],
    [() => torch.Tensor(s, 1.5), /offset \(1-based\) must be an integer, got the number 1\.5/],
    [() => torch.Tensor(s, 1, ['2']), /sizes\[0\] must be an integer, got the string "2"/],
    [() => torch.Tensor(torch.FloatStorage(s, 2, 2), 1, [3]), /reaches element 3 of a storage of size 2/],   // a storage view bounds it
    [() => s.get(7), /FloatStorage\.get\(i\): index 7 is out of range for a storage of size 6 \(indices are 1-based\)/],
    [() => s.get(0), /index 0 is out of range/],
    [() => s.set(1, 'x'), /value must be a number, got the string "x"/],
    [() => s.copy(torch.FloatStorage(2)), /the storage has 6 elements and the source 2; they must match/],
    [() => torch.FloatStorage(s, 5, 3), /a view of 3 elements from offset 5 does not fit a storage of size 6/],
    [() => torch.FloatStorage(-1), /size must be >= 0, got -1/],
    [() => torch.FloatStorage([1, 'a']), /values\[1\] is the string "a"; a storage holds numbers/],
    [() => torch.FloatStorage({}), /expected a size, an array of numbers or a storage/],
    [() => torch.LongStorage([1.5]), /values\[0\] must be an integer/],
    [() => torch.ones(2).stride(3), /dim 3 is out of range for a 1-D tensor/],
  ];
  for (const [f, pattern] of cases) {
    assert.throws(f, (e) => {
      assert.ok(e instanceof Error);
      assert.match(e.message, pattern);
      return true;
    });
  }
  const disposed = torch.FloatStorage(2);
  disposed.dispose();
  assert.throws(() => disposed.size(), /this Storage was disposed/);
  assertStillWorks();
});

test('storages are counted by memory() and freed by dispose; the elements live while a tensor does', () => {
  const before = ng.memory();
  const s = torch.FloatStorage([1, 2, 3, 4]);
  const t = torch.Tensor(s, 2, [2]);
  assert.equal(ng.memory().storages, before.storages + 1);
  s.dispose();
  assert.deepEqual(t.toArray(), [2, 3]);            // the tensor keeps the elements alive
  t.dispose();
  const after = ng.memory();
  assert.equal(after.storages, before.storages);
  assert.equal(after.tensors, before.tensors);
});
