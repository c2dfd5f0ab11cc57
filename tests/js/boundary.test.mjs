// The JS boundary (issue 16): what used to corrupt the heap, trap the wasm, answer wrongly or leak.
// Every case asserts the right numbers or the Error's sentence; afterwards the runtime still
// computes (a canary), ng.memory() is back at its baseline, and running the case 100 more times
// grows neither the malloc'd bytes nor the wasm memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ng, torch, nn, assertClose, matmul } from './helpers.mjs';

const { optim } = ng;

const counts = () => {
  const { tensors, modules, criterions, nodes } = ng.memory();
  return { tensors, modules, criterions, nodes };
};

// The canary: a computation with known numbers, disposing all it makes.
function assertStillWorks() {
  const lin = nn.Linear(2, 1), w = torch.tensor([[2, 3]]), x = torch.tensor([1, 1]);
  const weight = lin.weight, bias = lin.bias;
  weight.copy(w);
  bias.fill(1);
  assert.deepEqual(lin.forward(x).toArray(), [6]);
  ng.dispose(lin, w, x, weight, bias);
}

// Runs action(own) once with its assertions, then `repeat` more times, disposing what `own`
// registered after each run.
function boundaryCase(name, action, { repeat = 100 } = {}) {
  test(name, () => {
    const runOnce = () => {
      const made = [];
      const own = (x) => { made.push(x); return x; };
      try {
        action(own);
      } finally {
        for (const x of made.reverse()) ng.dispose(x);
      }
    };
    const baseline = counts();
    runOnce();
    assertStillWorks();
    assert.deepEqual(counts(), baseline, 'handles left behind');
    runOnce();  // warm-up: allocator bookkeeping settles
    const heap = ng.memory().heapBytes, heapSize = ng.memory().heapSize;
    for (let i = 0; i < repeat; ++i) runOnce();
    const growth = ng.memory().heapBytes - heap;
    assert.ok(growth <= 512, `malloc'd bytes grew by ${growth} over ${repeat} repetitions`);
    assert.equal(ng.memory().heapSize, heapSize, 'the wasm memory grew');
    assert.deepEqual(counts(), baseline, 'handles left behind after repeating');
    assertStillWorks();
  });
}

const throwsSentence = (fn, re, type = Error) => assert.throws(fn, (e) => {
  assert.ok(e instanceof type, `expected a ${type.name}, got ${e?.constructor?.name}: ${e?.message ?? e}`);
  assert.match(e.message, re);
  assert.ok(!e.message.includes('\n'), `one line, got: ${e.message}`);
  return true;
});

// ---- 1. more results than the fast call's slot block
for (const n of [70, 1000]) {
  boundaryCase(`1: SplitTable of ${n} rows, forward and backward called again and again`, (own) => {
    const s = own(nn.SplitTable(1)), x = own(torch.rand(n, 2));
    const rows = x.toArray();
    let first;
    for (let k = 0; k < 3; ++k) {
      const parts = s.forward(x);
      assert.equal(parts.length, n);
      parts.forEach((p, i) => assert.deepEqual(p.toArray(), rows[i]));
      if (first) parts.forEach((p, i) => assert.equal(p, first[i], 'the module reuses its result tensors'));
      first = parts;
    }
    const grads = Array.from({ length: n }, (_, i) => own(torch.tensor([i, -i])));
    for (let k = 0; k < 2; ++k) {
      const gi = s.backward(x, grads);
      assert.deepEqual(gi.toArray(), Array.from({ length: n }, (_, i) => [i, -i]));
    }
  }, { repeat: n > 100 ? 20 : 100 });
}

boundaryCase('1: ConcatTable of 65 children', (own) => {
  const c = own(nn.ConcatTable());
  for (let i = 0; i < 65; ++i) c.add(nn.MulConstant(i));
  const x = own(torch.tensor([1, 2]));
  for (let k = 0; k < 3; ++k) {
    const out = c.forward(x);
    assert.equal(out.length, 65);
    out.forEach((t, i) => assert.deepEqual(t.toArray(), [i, 2 * i]));
  }
});

// ---- 2. a method called with a foreign `this`
boundaryCase('2: module methods called on a tensor, criterion, node or plain object', (own) => {
  const tanh = own(nn.Tanh()), lin = own(nn.Linear(2, 2)), crit = own(nn.MSECriterion());
  const x = own(torch.rand(2)), input = own(nn.Identity()), node = own(input());
  for (const other of [x, crit, node, {}, null, 3]) {
    throwsSentence(() => tanh.forward.call(other, x), /expected a Module here \(as `this` or argument\), got/, TypeError);
    throwsSentence(() => tanh.backward.call(other, x, x), /expected a Module here/, TypeError);
    throwsSentence(() => lin.zeroGradParameters.call(other), /expected a Module here/, TypeError);
    throwsSentence(() => lin.updateParameters.call(other, 0.1), /expected a Module here/, TypeError);
    throwsSentence(() => lin.parameters.call(other), /expected a Module here/, TypeError);
  }
  for (const other of [x, tanh, node, {}])
    throwsSentence(() => crit.forward.call(other, x, x), /expected a Criterion here/, TypeError);
  for (const other of [tanh, crit, node])
    throwsSentence(() => x.toArray.call(other), /expected a Tensor here/, TypeError);
  throwsSentence(() => node.split.call(x, 2), /expected a Node here/, TypeError);
});

// ---- 3. disposed while its own arguments are being read
boundaryCase('3: a module or tensor disposed by a getter of its own argument', (own) => {
  const m = nn.CAddTable(), a = own(torch.ones(2)), b = own(torch.ones(2));
  const input = [a];
  Object.defineProperty(input, 1, { get() { m.dispose(); return b; } });
  throwsSentence(() => m.forward(input), /^this Module was disposed$/);
  const c = own(nn.CAddTable()), doomed = torch.ones(2);
  const input2 = [doomed];
  Object.defineProperty(input2, 1, { get() { doomed.dispose(); return b; } });
  throwsSentence(() => c.forward(input2), /^this Tensor was disposed$/);
  const nested = [[a]];
  Object.defineProperty(nested, 1, { get() { c.dispose(); return [b]; } });
  throwsSentence(() => c.forward(nested), /^this Module was disposed$/);
});

// ---- 4. share between parameters of different sizes
boundaryCase('4: share between parameters of different sizes is refused', (own) => {
  const a = own(nn.Linear(2, 2)), b = own(nn.Linear(3, 3));
  for (const name of ['weight', 'bias', 'gradWeight', 'gradBias'])
    throwsSentence(() => a.share(b, name), new RegExp(`share: '${name}' has size .* here but .* in nn.Linear\\(3 -> 3\\); only parameters of the same size can be shared`));
  assert.deepEqual(own(a.weight).shape, [2, 2]);
  own(a.weight).copy(own(torch.tensor([[1, 2], [3, 4]])));
  own(a.bias).fill(0);
  assert.deepEqual(a.forward(own(torch.tensor([1, 1]))).toArray(), [3, 7]);
  throwsSentence(() => a.share(own(nn.Bilinear(2, 2, 2)), 'weight'), /share: .*nn.Bilinear/);
});

// ---- 5. deep structures: cycles, long chains, deep tables
boundaryCase('5: a container cycle is refused', (own) => {
  const a = own(nn.Sequential()), b = own(nn.Sequential()), c = own(nn.ConcatTable());
  a.add(b);
  throwsSentence(() => b.add(a), /add: nn.Sequential already contains this nn.Sequential, so adding it would make a cycle/);
  b.add(c);
  throwsSentence(() => c.add(a), /would make a cycle/);
  throwsSentence(() => a.add(a), /cannot contain itself/);
});

function tanhChain(own, length) {
  const x = own(nn.Identity()());
  let h = x;
  for (let i = 0; i < length; ++i) h = nn.Tanh()(h);
  return own(nn.gModule([x], [h]));
}

boundaryCase('5: a 5000-node chain computes forward and backward', (own) => {
  const g = tanhChain(own, 5000);
  const x = own(torch.tensor([0.5, -1]));
  let v = [0.5, -1], d = [1, 1];
  for (let i = 0; i < 5000; ++i) {
    v = v.map(Math.tanh);
    d = d.map((di, j) => di * (1 - v[j] * v[j]));
  }
  assertClose(g.forward(x).toArray(), v, { rtol: 1e-3, atol: 1e-5 });
  assertClose(g.backward(x, own(torch.ones(2))).toArray(), d, { rtol: 1e-2, atol: 1e-7 });
}, { repeat: 20 });

boundaryCase("5: a loaded 10000-node document clones and computes", (own) => {
  const g = tanhChain(own, 9999);
  const loaded = own(nn.load(g.save()));
  const copy = own(loaded.clone());
  const x = own(torch.tensor([0.25]));
  assert.deepEqual(copy.forward(x).toArray(), g.forward(x).toArray());
}, { repeat: 20 });

boundaryCase('5: tables nested 10000 deep are refused with a sentence', (own) => {
  let v = own(torch.rand(2));
  for (let i = 0; i < 10000; ++i) v = [v];
  throwsSentence(() => own(nn.Identity()).forward(v), /nn.Identity.forward\(input\): the input nests tables more than 200 levels deep/);
  const arr = [];
  arr.length = 1e9;
  throwsSentence(() => own(nn.Identity()).forward(arr), /input is a table of 1000000000 entries/);
}, { repeat: 20 });

// ---- 6. re-entrancy
boundaryCase('6: a getter that runs another forward mid-call does not change the first', (own) => {
  const c = own(nn.CAddTable());
  const a = own(torch.tensor([1, 2])), b = own(torch.tensor([10, 20])), z = own(torch.tensor([100, 200]));
  const input = [a];
  Object.defineProperty(input, 1, { get() { c.forward([z, z]); return b; } });
  assert.deepEqual(c.forward(input).toArray(), [11, 22]);
  const lin = own(nn.Linear(2, 1));
  own(lin.weight).copy(own(torch.tensor([[1, 1]])));
  own(lin.bias).fill(0);
  const tableInput = [a];
  Object.defineProperty(tableInput, 1, { get() { lin.forward(z); return b; } });
  assert.deepEqual(c.forward(tableInput).toArray(), [11, 22]);
});

// ---- 7. a module fed its own output (or gradInput)
boundaryCase('7: l.forward(l.forward(x)) and nn.MM fed its own output compute correctly', (own) => {
  const l = own(nn.Linear(2, 2));
  const W = [[1, 2], [3, 4]], bias = [0.5, -0.5];
  own(l.weight).copy(own(torch.tensor(W)));
  own(l.bias).copy(own(torch.tensor(bias)));
  const apply = (v) => W.map((row, i) => row[0] * v[0] + row[1] * v[1] + bias[i]);
  const x = own(torch.tensor([1, 2]));
  assert.deepEqual(l.forward(l.forward(x)).toArray(), apply(apply([1, 2])));
  const m = own(nn.MM());
  const A = own(torch.tensor([[1, 2], [3, 4]]));
  const AA = matmul([[1, 2], [3, 4]], [[1, 2], [3, 4]]);
  const o = m.forward([A, A]);
  assert.deepEqual(m.forward([o, A]).toArray(), matmul(AA, [[1, 2], [3, 4]]));
  const t = own(nn.Tanh()), y = own(torch.tensor([0.5, -0.25]));
  t.forward(y);
  const g1 = t.backward(y, own(torch.tensor([1, 1]))).toArray();
  const expected = [0.5, -0.25].map((v, i) => g1[i] * (1 - Math.tanh(v) ** 2));
  assertClose(t.backward(y, t.gradInput).toArray(), expected);
});

// ---- 8. one node, two graphs
boundaryCase('8: a node that belongs to a gModule is refused by another', (own) => {
  const x = own(nn.Identity()()), h = own(nn.Tanh()(x));
  own(h.module);
  const g1 = own(nn.gModule([x], [h]));
  throwsSentence(() => own(nn.gModule([x], [h])), /node nn.Identity #\d+ already belongs to another gModule; .*clone\(\) the first gModule/);
  const v = own(torch.tensor([0.5]));
  assertClose(g1.forward(v).toArray(), [Math.tanh(0.5)]);
  assertClose(g1.backward(v, own(torch.ones(1))).toArray(), [1 - Math.tanh(0.5) ** 2]);
  const copy = own(g1.clone());
  assertClose(copy.forward(v).toArray(), [Math.tanh(0.5)]);
});

// ---- 9. integers outside the 32-bit range
boundaryCase('9: integers outside the 32-bit range are errors, not wrapped', (own) => {
  const t = own(torch.rand(2, 3));
  throwsSentence(() => t.size(2 ** 32 + 1), /dim must be an integer.*4294967297 \(outside the 32-bit integer range\)/, TypeError);
  const n = own(own(nn.Identity())());
  throwsSentence(() => n.split(2 ** 32 + 2), /split\(n\): n must be an integer.*outside the 32-bit integer range/, TypeError);
  throwsSentence(() => own(nn.Sequential().add(nn.Tanh())).get(1e300), /get\(index\): index must be an integer \(1-based\), got the number 1e\+300/, TypeError);
  throwsSentence(() => own(torch.zeros(2 ** 32)), /torch.zeros: size 1 must be a non-negative integer, got the number 4294967296/, TypeError);
  throwsSentence(() => torch.manualSeed(2 ** 64), /seed must be a non-negative integer/, TypeError);
});

// ---- 10. holes, BigInt and other typed arrays
boundaryCase('10: holes get a sentence; BigInt and other typed arrays convert', (own) => {
  // eslint-disable-next-line no-sparse-arrays
  throwsSentence(() => own(torch.tensor([1, , 3], [3])), /data\[1\] is a hole \(an empty slot\)/, TypeError);
  // eslint-disable-next-line no-sparse-arrays
  throwsSentence(() => own(torch.tensor([[1, , 3]])), /data\[0\]\[1\] is undefined, expected a number/, TypeError);
  assert.deepEqual(own(torch.tensor(new BigInt64Array([1n, -2n, 3n]))).toArray(), [1, -2, 3]);
  assert.deepEqual(own(torch.tensor(new BigUint64Array([4n, 5n]), [2, 1])).toArray(), [[4], [5]]);
  assert.deepEqual(own(torch.tensor(new Int32Array([7, -8]))).toArray(), [7, -8]);
  assert.deepEqual(own(torch.tensor(new Float64Array([0.5, 1.5]), [1, 2])).toArray(), [[0.5, 1.5]]);
  assert.deepEqual(own(torch.tensor(new Uint8ClampedArray([255, 0]))).toArray(), [255, 0]);
  const selfNested = [];
  selfNested[0] = selfNested;
  throwsSentence(() => own(torch.tensor(selfNested)), /data nests arrays more than 200 levels deep/);
});

// ---- 11. backward before forward; gradOutput not shaped like the output
boundaryCase('11: backward checks forward ran and gradOutput has the output\'s size, for every module', (own) => {
  const x = own(torch.rand(2)), wrong = own(torch.rand(3));
  throwsSentence(() => own(nn.Linear(2, 2)).backward(x, own(torch.rand(2))), /^nn.Linear\(2 -> 2\): backward called before forward; call forward\(input\) first$/);
  throwsSentence(() => own(nn.Tanh()).updateGradInput(x, x), /^nn.Tanh: backward called before forward/);
  throwsSentence(() => own(nn.Linear(2, 2)).accGradParameters(x, x), /backward called before forward/);
  const id = own(nn.Identity());
  id.forward(x);
  throwsSentence(() => id.backward(x, wrong), /^nn.Identity: gradOutput must have the structure and sizes of the output, a tensor of size 2, but got a tensor of size 3$/);
  const seq = own(nn.Sequential());
  seq.forward(x);
  throwsSentence(() => seq.backward(x, wrong), /^nn.Sequential: gradOutput must have the structure and sizes of the output/);
  throwsSentence(() => seq.updateGradInput(x, [x]), /gradOutput must have the structure and sizes of the output, a tensor of size 2, but got a table/);
  assert.deepEqual(id.backward(x, x).toArray(), x.toArray());  // still works with a right one
});

// ---- 12. one NaN rule
boundaryCase('12: NaN or infinite learning rates and scales are refused everywhere', (own) => {
  const l = own(nn.Linear(2, 2)), x = own(torch.rand(2)), before = own(l.weight).toArray();
  for (const bad of [NaN, Infinity, -Infinity]) {
    throwsSentence(() => l.updateParameters(bad), /updateParameters\(learningRate\): learningRate must be a finite number/, RangeError);
    l.forward(x);
    throwsSentence(() => l.backward(x, x, bad), /scale must be a finite number/, RangeError);
    throwsSentence(() => l.accGradParameters(x, x, bad), /scale must be a finite number/, RangeError);
    const opt = own(optim.sgd(l, { learningRate: 0.1 }));
    throwsSentence(() => { opt.learningRate = bad; }, /learningRate must be a finite number/);
    throwsSentence(() => own(optim.sgd(l, { learningRate: bad })), /learningRate must be a finite number/);
  }
  assert.deepEqual(own(l.weight).toArray(), before);
});

// ---- 13. failing calls with string arguments
const badDocument = `{"format":"nngraph-wasm","junk":"${'x'.repeat(100000)}"`;
boundaryCase('13: a failing nn.load of a 100 KB document and failing factories keep no bytes', (own) => {
  throwsSentence(() => own(nn.load(badDocument)), /./);
  throwsSentence(() => own(nn.Linear('3', 5)), /nn.Linear: argument 1 \(inputSize\) must be an integer, got '3'/);
  throwsSentence(() => own(nn.MSECriterion('x')), /nn.MSECriterion/);
  throwsSentence(() => own(own(nn.Identity())()).annotate({ name: 5 }), /name and description must be strings/, TypeError);
});

// ---- 14. result handles are owned by the module
boundaryCase('14: nested results and nested inputs leave no handles behind', (own) => {
  const inner = nn.ConcatTable().add(nn.Identity()).add(nn.Tanh());
  const c = own(nn.ConcatTable().add(inner).add(nn.Identity()));
  const x = own(torch.tensor([0.5]));
  const before = counts().tensors;
  let first;
  for (let i = 0; i < 10; ++i) {
    const out = c.forward(x);
    assert.equal(out[0][0].toArray()[0], 0.5);
    assertClose(out[0][1].toArray(), [Math.tanh(0.5)]);
    if (first) assert.equal(out[0][1], first[0][1], 'the same result tensors each time');
    first = out;
  }
  assert.equal(counts().tensors - before, 3, 'three result tensors, owned by the module');
  assert.equal(c.output[0][1], first[0][1], 'm.output is what forward returned');
  const id = own(nn.Identity());
  for (let i = 0; i < 10; ++i) id.forward([[x], x]);
  const flat = own(nn.FlattenTable());
  for (let i = 0; i < 10; ++i) assert.equal(flat.forward([[x], [x, [x]]]).length, 3);
  assert.equal(counts().tensors - before, 3 + 2 + 3);
});

// ---- 15. failed constructions leave nothing alive
boundaryCase('15: a factory, a gModule or a container cycle that fails leaves nothing behind', (own) => {
  throwsSentence(() => own(nn.MapTable(nn.Tanh(), nn.Sigmoid())), /MapTable/);
  throwsSentence(() => own(nn.Tanh(nn.Sigmoid())), /nn.Tanh does not take a module argument/, TypeError);
  throwsSentence(() => own(nn.Linear(nn.Tanh())), /nn.Linear: argument 1 \(inputSize\) must be an integer, got nothing/);
  const a = own(nn.Identity()()), b = own(nn.Identity()());
  own(a.module); own(b.module);
  const h = own(nn.Tanh()(a));
  own(h.module);
  throwsSentence(() => own(nn.gModule([a, b], [h])), /input 2, node nn.Identity #\d+, is not used/);
  const s = own(nn.Sequential()), t = own(nn.Sequential());
  s.add(t);
  throwsSentence(() => t.add(s), /would make a cycle/);
});

// ---- 16. counts limited up front
boundaryCase('16: split(1e9) is refused at once', (own) => {
  const n = own(own(nn.Identity())());
  throwsSentence(() => n.split(1e9), /split\(1000000000\) of node nn.Identity #\d+: a split makes at most 10000 parts/);
  assert.equal(n.split(3).map(own).length, 3);
});

// ---- the messages the issue lists
boundaryCase('messages: no Embind internals, the module the user made, one line', (own) => {
  const a = own(own(nn.Identity())());
  // eslint-disable-next-line no-sparse-arrays
  throwsSentence(() => own(nn.gModule([, a], [a])), /nn.gModule expects a node or an array of nodes, got undefined as input 1/, TypeError);
  // eslint-disable-next-line no-sparse-arrays
  throwsSentence(() => own(own(nn.CAddTable())([a, , a])), /got undefined at position 2 of the array/, TypeError);
  const l = own(nn.Linear(2, 2));
  const opt = optim.sgd(l, { learningRate: 0.1 });
  throwsSentence(() => opt.step(() => { opt.dispose(); return 0; }), /^this Optimizer was disposed$/);
  throwsSentence(() => own(nn.Mean(0)), /^nn.Mean\(0\): dimensions are 1-based/);
  throwsSentence(() => own(nn.Linear(2 ** 31, 2)), /^nn.Linear: a tensor of size 2x2147483648 is too large/);
  const seq = own(nn.Sequential().add(nn.Linear(2, 2)).add(nn.Tanh()));
  throwsSentence(() => seq.share(own(nn.Linear(3, 3)), 'weight'), /^nn.Sequential: share: 'weight' has size 2x2 here but 3x3 in nn.Linear\(3 -> 3\)/);
  throwsSentence(() => own(nn.Sequential().add(nn.Linear(3, 3))).share(seq, 'weight'), /share: 'weight' has size 3x3 here but 2x2 in nn.Sequential;/);
  const x = own(own(nn.Identity())());
  const s2 = own(nn.Sequential().add(nn.Tanh()).add(nn.Tanh()));
  const n1 = own(s2(x)), n2 = own(s2(n1));
  throwsSentence(() => own(nn.gModule([x], [n2])), /the same nn.Sequential instance is used by two nodes/);
  const named = own(own(nn.Identity())()).annotate({ name: 'two\nlines' }), other = own(own(nn.Identity())());
  throwsSentence(() => own(nn.gModule([named, other], [own(own(nn.Tanh())(other))])), /input 1, node 'two\\nlines' \(nn.Identity #\d+\), is not used/);
  throwsSentence(() => own(nn.load('{"format":"nngraph-wasm","version":1,"type":"nn.\\nTanh","args":[]}')), /unknown module type "nn.\\nTanh"/);
});

// Found by the long fuzzer run after the module-tree API landed: a criterion method taking a
// number target (Torch's `type(target) == 'number'`) read this.typeName before the `this` check.
test('a number-target criterion method with a missing `this` is a TypeError naming it', () => {
  const c = nn.ClassNLLCriterion();
  for (const key of ['forward', 'backward', 'updateOutput', 'updateGradInput'])
    for (const self of [undefined, null])
      throwsSentence(() => c[key].call(self, torch.rand(3), 1), /expected a Criterion here \(as `this` or argument\), got (undefined|null)/, TypeError);
  const logp = nn.LogSoftMax().forward(torch.tensor([0.5, 1, 2]));
  assertClose([c.forward(logp, 2)], [-logp.toArray()[1]]);  // the canary: -log p(class 2)
  c.dispose();
});
