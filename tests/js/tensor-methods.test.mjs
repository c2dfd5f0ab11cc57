// Torch's tensor methods on Tensor (bindings/tensor_methods.mjs) against plain-JS expectations:
// values, views writing through, chaining, 1-D and 2-D, errors naming method and argument.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { torch, matmul, transpose, assertClose } from './helpers.mjs';

const A = [[1, 2, 3], [4, 5, 6]];
const map = (a, f) => a.map((r) => (Array.isArray(r) ? map(r, f) : f(r)));

describe('tensor methods: in place, chaining, values', () => {
  test('add(v), add(t), add(v, t), csub, mul, div, cmul, cdiv return the tensor', () => {
    const t = torch.tensor(A), u = torch.tensor([[1, 1, 1], [2, 2, 2]]);
    assert.equal(t.add(1), t);
    assert.deepEqual(t.toArray(), map(A, (x) => x + 1));
    t.add(u).add(2, u).csub(1).mul(2).div(4);
    const expected = A.map((r, i) => r.map((x) => ((x + 1 + 3 * (i + 1) - 1) * 2) / 4));
    assertClose(t.toArray(), expected);
    t.cmul(u).cdiv(torch.tensor([[2, 2, 2], [4, 4, 4]]));
    assertClose(t.toArray(), expected.map((r, i) => r.map((x) => (x * (i + 1)) / (2 * (i + 1)))));
  });
  test('unary functions in place: abs exp log tanh sigmoid sqrt pow', () => {
    const v = [-2, -0.5, 0.25, 3];
    const check = (name, f, ...args) => {
      const t = torch.tensor(v);
      assert.equal(t[name](...args), t);
      assertClose(t.toArray(), v.map(f), { what: name });
    };
    check('abs', Math.abs);
    check('exp', Math.exp);
    check('tanh', Math.tanh);
    check('sigmoid', (x) => 1 / (1 + Math.exp(-x)));
    check('pow', (x) => x * x, 2);
    const p = torch.tensor([1, 4, 9]);
    assert.deepEqual(p.sqrt().toArray(), [1, 2, 3]);
    assertClose(torch.tensor([1, Math.E]).log().toArray(), [0, 1]);
  });
  test('addmm and torch.mm against a plain matrix product', () => {
    const a = [[1, 2], [3, 4], [5, 6]], b = [[1, 0, -1], [2, 1, 0]];
    assert.deepEqual(torch.mm(torch.tensor(a), torch.tensor(b)).toArray(), matmul(a, b));
    const c = torch.ones(3, 3);
    c.addmm(torch.tensor(a), torch.tensor(b));
    assert.deepEqual(c.toArray(), map(matmul(a, b), (x) => x + 1));
    const d = torch.zeros(3, 3).addmm(0.5, torch.ones(3, 3), 2, torch.tensor(a), torch.tensor(b));
    assert.deepEqual(d.toArray(), map(matmul(a, b), (x) => 2 * x + 0.5));
    assert.deepEqual(torch.mm(torch.tensor(b).t(), torch.tensor(a).t()).toArray(), transpose(matmul(a, b)));
  });
  test('reductions: sum/mean/max/min, whole and along a dim (kept, 1-based positions)', () => {
    const t = torch.tensor([[1, 5, 3], [4, 2, 6]]);
    assert.equal(t.sum(), 21);
    assert.equal(t.mean(), 3.5);
    assert.equal(t.max(), 6);
    assert.equal(t.min(), 1);
    assert.deepEqual(t.sum(1).toArray(), [[5, 7, 9]]);
    assert.deepEqual(t.mean(2).toArray(), [[3], [4]]);
    const [values, positions] = t.max(2);
    assert.deepEqual(values.toArray(), [[5], [6]]);
    assert.deepEqual(positions.toArray(), [[2], [3]]);
    const [mins, at] = t.min(1);
    assert.deepEqual(mins.toArray(), [[1, 2, 3]]);
    assert.deepEqual(at.toArray(), [[1, 2, 1]]);
  });
  test('resize, resizeAs, zero, nElement, uniform, normal, float/double/long', () => {
    const t = torch.zeros(2, 3);
    assert.equal(t.resize(3, 2), t);
    assert.deepEqual(t.shape, [3, 2]);
    t.resizeAs(torch.zeros(6));
    assert.deepEqual(t.shape, [6]);
    assert.equal(t.nElement(), 6);
    torch.manualSeed(1);
    const u = torch.zeros(1000).uniform(-2, -1);
    assert.ok(u.min() >= -2 && u.max() < -1);
    const n = torch.zeros(4000).normal(3, 0.1);
    assert.ok(Math.abs(n.mean() - 3) < 0.01);
    const f = torch.tensor([1.7, -2.5]);
    assert.equal(f.float(), f);
    const d = f.double();
    assert.notEqual(d, f);
    d.fill(0);
    assertClose(f.toArray(), [1.7, -2.5]);
    assert.deepEqual(f.long().toArray(), [1, -2]);
    assert.equal(torch.tensor([3, 1]).zero().sum(), 0);
  });
});

describe('tensor methods: views share storage and write through', () => {
  test('narrow, select, sub, t, transpose, view', () => {
    const t = torch.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    t.narrow(1, 2, 1).fill(0);
    assert.deepEqual(t.toArray(), [[1, 2, 3], [0, 0, 0], [7, 8, 9]]);
    t.select(2, 3).add(10);
    assert.deepEqual(t.toArray(), [[1, 2, 13], [0, 0, 10], [7, 8, 19]]);
    t.sub(1, 2, 1, 2).mul(-1);
    assert.deepEqual(t.toArray(), [[-1, -2, 13], [0 * -1, 0 * -1, 10], [7, 8, 19]]);
    const tr = t.t();
    assert.equal(tr.isContiguous(), false);
    assert.ok(tr.isSetTo(t));
    tr.select(1, 1).fill(5);  // the first column of t
    assert.deepEqual(t.toArray().map((r) => r[0]), [5, 5, 5]);
    assert.deepEqual(t.transpose(1, 2).toArray(), transpose(t.toArray()));
    const v = t.view(9);
    v.set(9, 42);
    assert.equal(t.get(3, 3), 42);
    assert.deepEqual(t.view(-1, 9).shape, [1, 9]);
    assert.deepEqual(t.contiguous().shape, [3, 3]);
  });
  test('index and indexCopy with 1-based positions (Tensor or array)', () => {
    const t = torch.tensor([[1, 2], [3, 4], [5, 6]]);
    assert.deepEqual(t.index(1, [3, 1]).toArray(), [[5, 6], [1, 2]]);
    assert.deepEqual(t.index(2, torch.tensor([2])).toArray(), [[2], [4], [6]]);
    const i = t.index(1, [1]);
    i.fill(0);  // index copies
    assert.deepEqual(t.toArray()[0], [1, 2]);
    assert.equal(t.indexCopy(1, [2], torch.tensor([[-1, -1]])), t);
    assert.deepEqual(t.toArray(), [[1, 2], [-1, -1], [5, 6]]);
  });
  test('get/set of single elements, 1-D and 2-D', () => {
    const v = torch.tensor([1, 2, 3]);
    v.set(2, 7);
    assert.equal(v.get(2), 7);
    const m = torch.zeros(2, 2).set(2, 1, 3);
    assert.deepEqual(m.toArray(), [[0, 0], [3, 0]]);
  });
});

describe('tensor factories', () => {
  test('eye, cat, range, linspace', () => {
    assert.deepEqual(torch.eye(2).toArray(), [[1, 0], [0, 1]]);
    assert.deepEqual(torch.eye(2, 3).toArray(), [[1, 0, 0], [0, 1, 0]]);
    assert.deepEqual(torch.cat(torch.tensor([1, 2]), torch.tensor([3])).toArray(), [1, 2, 3]);
    assert.deepEqual(torch.cat([torch.ones(1, 2), torch.zeros(1, 2)], 1).toArray(), [[1, 1], [0, 0]]);
    assert.deepEqual(torch.cat(torch.ones(1, 2), torch.zeros(1, 1)).toArray(), [[1, 1, 0]]);  // last dim
    assert.deepEqual(torch.range(1, 5).toArray(), [1, 2, 3, 4, 5]);
    assert.deepEqual(torch.range(1, 2, 0.5).toArray(), [1, 1.5, 2]);
    assert.deepEqual(torch.linspace(-1, 1, 5).toArray(), [-1, -0.5, 0, 0.5, 1]);
  });
  test('torch.Tensor(sizes | nested | Float32Array | size object), with or without new', () => {
    assert.deepEqual(torch.Tensor(2, 3).shape, [2, 3]);
    assert.deepEqual(new torch.Tensor([[1, 2], [3, 4]]).toArray(), [[1, 2], [3, 4]]);
    assert.deepEqual(torch.Tensor([1, 2, 3]).toArray(), [1, 2, 3]);
    assert.deepEqual(torch.Tensor(new Float32Array([4, 5])).toArray(), [4, 5]);
    const size = torch.rand(4, 2).size();
    assert.deepEqual(size, [4, 2]);
    assert.deepEqual(torch.Tensor(size).shape, [4, 2]);
    assert.deepEqual(torch.rand(size).shape, [4, 2]);
    assert.deepEqual(torch.zeros(size).shape, [4, 2]);
    assert.equal(torch.Tensor().dim(), 0);
    assert.ok(torch.ones(1) instanceof torch.Tensor);
  });
});

describe('tensor methods: errors name the method, sizes and argument; the engine keeps working', () => {
  const cases = [
    ['cmul of different sizes', () => torch.ones(3).cmul(torch.ones(2)), /cmul: the tensors have different numbers of elements, 3 \(size 3\) and 2 \(size 2\)/],
    ['mm inner sizes', () => torch.mm(torch.ones(2, 3), torch.ones(2, 3)), /cannot multiply a 2x3 matrix by a 2x3 matrix/],
    ['narrow out of range', () => torch.ones(2, 3).narrow(2, 3, 2), /narrow\(2, 3, 2\) is out of range for dimension 2 of size 3/],
    ['select on a vector', () => torch.ones(3).select(1, 1), /cannot select on a 1-D tensor/],
    ['view of a non-contiguous tensor', () => torch.ones(2, 3).t().view(6), /view of a non-contiguous tensor/],
    ['index position', () => torch.ones(2, 2).index(1, [3]), /index\(1, index\): position 3 is out of range for dimension 1 of size 2/],
    ['sum dim', () => torch.ones(2).sum(2), /sum: dimension 2 is out of range/],
    ['get out of range', () => torch.ones(2, 2).get(1, 3), /index 3 is out of range for dimension 2 of size 2/],
    ['type of a number argument', () => torch.ones(2).div('2'), /Tensor.div\(value\): value must be a number, got the string "2"/],
    ['type of a dim', () => torch.ones(2).narrow(1.5, 1, 1), /Tensor.narrow\(dim, index, length\): dim must be an integer/],
    ['tensor argument', () => torch.ones(2).cmul([1, 2]), /Tensor.cmul\(other\): other must be a Tensor, got an array of 2/],
    ['argument count', () => torch.ones(2).add(), /Tensor.add\(value \| other \| value, other\): expected 1 to 2 arguments, got 0/],
    ['t() of a vector', () => torch.ones(3).t(), /t\(\) transposes a 2-D tensor/],
    ['range step sign', () => torch.range(3, 1), /step's sign/],
    ['cat sizes', () => torch.cat([torch.ones(2, 2), torch.ones(3, 3)], 1), /tensor 2 has size 3x3 but tensor 1 has size 2x2/],
  ];
  for (const [name, fn, pattern] of cases) {
    test(name, () => {
      assert.throws(fn, (e) => e instanceof Error && pattern.test(e.message), `expected ${pattern}`);
      assert.deepEqual(torch.ones(2).add(1).toArray(), [2, 2]);
    });
  }
});
