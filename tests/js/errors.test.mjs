// Mistakes made from JS: each one is an Error (or TypeError) whose message says what was wrong,
// and the runtime keeps working afterwards.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ng, torch, nn, needs, assertStillWorks } from './helpers.mjs';

function seed() {
  const in1 = nn.Identity()(), in2 = nn.Identity()();
  const score = nn.CAddTable()([nn.Linear(3, 5)(in1), nn.Linear(3, 5)(in2)]);
  return nn.gModule([in1, in2], [score]);
}

// [title, action, expected message (RegExp), error class, test options]
const cases = [
  ['torch.tensor: ragged nested array', () => torch.tensor([[1, 2, 3], [4, 5]]),
    /ragged nested array: data\[1\] has 2 entries but 3 were expected/, Error],
  ['torch.tensor: a string among the numbers', () => torch.tensor([1, 'two', 3]),
    /torch.tensor: data\[1\] is the string "two", expected a number/, TypeError],
  ['torch.tensor: data does not fill the shape', () => torch.tensor(new Float32Array(5), [2, 3]),
    /5 values do not fill a tensor of size 2x3 \(6 elements\)/, Error],
  ['torch.tensor: a bare number', () => torch.tensor(5),
    /torch.tensor: expected a \(nested\) array of numbers, or a Float32Array and a shape, got the number 5/, TypeError],
  ['torch.zeros: negative size', () => torch.zeros(2, -1),
    /torch.zeros: size 2 must be a non-negative integer, got the number -1/, TypeError],
  ['torch.ones: size given as a string', () => torch.ones('3'),
    /torch.ones: size 1 must be a non-negative integer, got the string "3"/, TypeError],
  ['a disposed Tensor', () => { const t = torch.zeros(2); t.dispose(); t.toArray(); },
    /^this Tensor was disposed$/, Error],
  ['a disposed Module', () => { const m = nn.Tanh(); m.dispose(); m.forward(torch.zeros(2)); },
    /^this Module was disposed$/, Error],
  ['a disposed Node', () => { const n = nn.Identity()(); n.dispose(); nn.Tanh()(n); },
    /^this Node was disposed$/, Error],
  ['a disposed Criterion', () => { const c = nn.MSECriterion(); c.dispose(); c.forward(torch.zeros(1), torch.zeros(1)); },
    /^this Criterion was disposed$/, Error],
  ['a disposed Tensor passed to forward', () => { const t = torch.zeros(3); t.dispose(); nn.Linear(3, 2).forward(t); },
    /^this Tensor was disposed$/, Error],
  ['Linear: wrong input size (engine sentence)', () => nn.Linear(3, 5).forward(torch.zeros(4)),
    /nn.Linear\(3 -> 5\): expected input of size 3 or batch x 3, got 4/, Error],
  ['Linear: a table where a tensor is expected', () => nn.Linear(3, 5).forward([torch.zeros(3)]),
    /nn.Linear\(3 -> 5\): expected a tensor input but got a table/, Error],
  ['forward with a number', () => nn.Tanh().forward(5),
    /forward\(input\): input is the number 5, expected a Tensor or an array \(table\) of Tensors; make tensors with torch.tensor/, TypeError],
  ['forward with undefined', () => nn.Tanh().forward(undefined),
    /forward\(input\): input is undefined, expected a Tensor/, TypeError],
  ['forward with a nested plain number array', () => nn.Tanh().forward([[1, 2]]),
    /input\[0\]\[0\] is the number 1/, TypeError],
  ['a module where a node is expected: did you forget ()?', () => nn.Linear(3, 5)(nn.Identity()),
    /nn.Linear\(3 -> 5\) was called with the module nn.Identity as its argument, not a node: did you forget \(\)\?/, TypeError],
  ['a module inside the array of nodes', () => nn.CAddTable()([nn.Identity()(), nn.Identity()]),
    /was called with the module nn.Identity at position 2 of the array, not a node: did you forget \(\)\?/, TypeError],
  ['a Tensor where a node is expected', () => nn.Tanh()(torch.zeros(2)),
    /nn.Tanh was called with a Tensor as its argument: calling a module builds a graph from nodes; to compute, use forward\(tensor\)/, TypeError],
  ['a module called with two arguments', () => { const a = nn.Identity()(), b = nn.Identity()(); nn.CAddTable()(a, b); },
    /was called with 2 arguments; to read several nodes pass one array, m\(\[a, b\]\)/, TypeError],
  ['a module called with an empty array', () => nn.CAddTable()([]),
    /called with an empty array of nodes; call it with no arguments, m\(\), to make a graph input/, Error],
  ['gModule: inputs not an array', () => { const x = nn.Identity()(); nn.gModule(x, [nn.Tanh()(x)]); },
    /nn.gModule\(inputs, outputs\): inputs must be an array of nodes, got a Node/, TypeError],
  ['gModule: a module among the outputs', () => { const x = nn.Identity()(); nn.gModule([x], [nn.Tanh()]); },
    /nn.gModule was called with the module nn.Tanh as output 1, not a node: did you forget \(\)\?/, TypeError],
  ['the seed: g.backward(x, err) with one tensor for a two-input graph', () => {
    const g = seed(); const x = torch.rand(3, 3);
    const y = g.forward([x, x]); g.backward(x, torch.rand(...y.shape));
  }, /backward expects the input of the last forward, a table of 2 \{3x3, 3x3\}, but got a tensor of size 3x3/, Error],
  ['backward before forward', () => seed().backward([torch.rand(3, 3), torch.rand(3, 3)], torch.rand(3, 5)),
    /backward called before forward; call forward\(input\) first/, Error],
  ['gradOutput of the wrong size', () => {
    const g = seed(); const x = torch.rand(3, 3); g.forward([x, x]); g.backward([x, x], torch.rand(3, 4));
  }, /gradOutput must have the structure and sizes of the output, a tensor of size 3x5, but got a tensor of size 3x4/, Error],
  ['backward with other values than the last forward', () => {
    const g = seed(); const x = torch.rand(3, 3); g.forward([x, x]); g.backward([x, torch.rand(3, 3)], torch.rand(3, 5));
  }, /backward got a different tensor \(entry 2\) than the last forward/, Error],
  ['an unused split output', () => {
    const x = nn.Identity()(); const [a] = nn.Identity()(x).split(2); nn.gModule([x], [nn.Tanh()(a)]);
  }, /output 2 of .*:split\(2\) is not used by any output; every part of a split must be used/, Error],
  ['the same module instance in two nodes', () => {
    const x = nn.Identity()(); const lin = nn.Linear(2, 2); nn.gModule([x], [nn.CAddTable()([lin(x), lin(x)])]);
  }, /the same nn.Linear\(2 -> 2\) instance is used by two nodes/, Error],
  ['forward failure inside a graph names the node', () => {
    const x = nn.Identity()(); const g = nn.gModule([x], [nn.Linear(3, 2)(x).annotate({ name: 'h1' })]); g.forward(torch.zeros(4));
  }, /forward failed at node 'h1' \(nn.Linear #\d+\): nn.Linear\(3 -> 2\): expected input of size 3/, Error],
  ['CAddTable: entries of different sizes', () => nn.CAddTable().forward([torch.zeros(2), torch.zeros(3)]),
    /table entry 2 has size 3 but entry 1 has size 2; all entries must have the same size/, Error],
  ['a factory argument of the wrong type', () => nn.Linear('3', 5),
    /nn.Linear: argument 1 \(inputSize\) must be an integer, got '3'/, Error],
  ['a missing constructor argument', () => nn.Linear(3),
    /nn.Linear: argument 2 \(outputSize\) must be an integer, got nothing/, Error],
  ['a node as a constructor argument', () => nn.Linear(nn.Identity()(), 3),
    /nn.Linear: argument 1 is a node; build the module first, then call it on nodes/, TypeError],
  ['MSECriterion: input and target sizes differ', () => nn.MSECriterion().forward(torch.zeros(2, 3), torch.zeros(4)),
    /nn.MSECriterion: input has size 2x3 but target has size 4; they must have the same number of elements/, Error],
  ['ClassNLLCriterion: class index out of range', () => nn.ClassNLLCriterion().forward(torch.zeros(2, 3), torch.tensor([1, 4])),
    /nn.ClassNLLCriterion: the target of sample 2 is 4, but class indices must be integers from 1 to 3/, Error, needs('ClassNLLCriterion')],
  ['add() on a module that is not a container', () => nn.Linear(2, 2).add(nn.Tanh()),
    /add is not a function/, TypeError],
  ['add(node) on a container', () => nn.Sequential().add(nn.Identity()()),
    /^nn.Sequential.add\(module\): expected a module, got a Node .* \(containers take modules; nodes are for nn.gModule\)/, TypeError],
  ['container get() out of range', () => nn.Sequential().add(nn.Tanh()).get(3),
    /nn.Sequential: get\(3\): index out of range, the container has 1 module/, Error],
  ['split(0)', () => nn.Identity()().split(0),
    /split\(0\) of node .*: the count must be at least 1/, Error],
  ['annotate with a string', () => nn.Identity()().annotate('h1'),
    /node.annotate\(\.\.\.\) takes an object \{ name, description \}, got the string "h1"/, TypeError],
  ['Tensor.size of a dimension that does not exist', () => torch.zeros(2, 3).size(3),
    /dimension 3 is out of range for a 2-D tensor of size 2x3/, Error],
  ['torch.manualSeed(-1)', () => torch.manualSeed(-1),
    /torch.manualSeed\(seed\): seed must be a non-negative integer, got the number -1/, TypeError],
  ['backward scale is not a number', () => { const m = nn.Tanh(); const x = torch.zeros(2); m.forward(x); m.backward(x, x, 'big'); },
    /scale must be a number, got the string "big"/, TypeError],
  ['updateParameters without a learning rate', () => nn.Linear(2, 2).updateParameters(),
    /updateParameters\(learningRate\): learningRate must be a number, got undefined/, TypeError],
];

describe('errors from JS (each keeps the runtime working)', () => {
  test(`at least 25 cases`, () => assert.ok(cases.length >= 25, `${cases.length}`));
  for (const [title, action, message, type, options = {}] of cases) {
    test(title, options, () => {
      assert.throws(action, (e) => {
        assert.ok(e instanceof type, `expected a ${type.name}, got ${e?.constructor?.name}: ${e?.message}`);
        assert.match(e.message, message);
        return true;
      });
      assertStillWorks();
    });
  }
});

describe('load options', () => {
  test('load(options) after loading returns the same promise (options are not re-applied)', async () => {
    const { load } = await import('nngraph-wasm');
    assert.equal(await load({ wasmBinary: new Uint8Array(1) }), ng);
  });
});
