// The examples menu: each is a script for the worker (see the "Script API" note on the page) and
// one paragraph that says what to look at.

export const examples = [
  {
    id: 'seed',
    title: 'Two inputs, two gradients (the question)',
    explanation:
      'A Torch user built this graph and asked why g:backward returns two tensors. ' +
      'gradInput always has exactly the structure of the input: the graph takes a table of two ' +
      'inputs {x, x_p}, so backward returns a table of two gradients, ∂output/∂input1 and ' +
      '∂output/∂input2, one per input node. Each one is err · W of the Linear that input feeds. ' +
      'Click a node to see its output and the gradient that reached it.',
    code: `// The seed's graph: two inputs, each through its own Linear, added.
torch.manualSeed(42);
const input1 = nn.Identity()();
const input2 = nn.Identity()();
const score = nn.CAddTable()([nn.Linear(3, 5)(input1), nn.Linear(3, 5)(input2)]);
const g = nn.gModule([input1, input2], [score]);

const x = torch.rand(3, 3);
const x_p = nn.Linear(3, 3).forward(x);
const result = g.forward([x, x_p]);
const err = torch.rand(...result.shape);
const gradient = g.backward([x, x_p], err);   // a table of TWO gradients

print('backward returned', gradient.length, 'tensors of sizes', gradient.map((t) => t.shape.join('x')));
show(g);
`,
  },
  {
    id: 'cmul',
    title: 'CMulTable and fan-out (the answer)',
    explanation:
      'The answer multiplies the two paths element-wise with nn.CMulTable, and reuses the first ' +
      'Linear\'s output a second time. That node fans out to two consumers, so in backward it ' +
      'receives two gradients, one from each consumer, and nngraph adds them up. The "fan-out" ' +
      'section below shows each contribution and their sum, which is the gradOutput the Linear sees.',
    code: `// Element-wise product of two paths, and a node used twice (fan-out).
torch.manualSeed(7);
const x1 = nn.Identity()();
const x2 = nn.Identity()();
const a = nn.Linear(3, 4)(x1);
a.annotate({ name: 'a', description: 'used by CMulTable and by CAddTable' });
const b = nn.Tanh()(nn.Linear(3, 4)(x2));
const prod = nn.CMulTable()([a, b]);
const out = nn.CAddTable()([prod, a]);          // 'a' fans out: its gradients add up
const g = nn.gModule([x1, x2], [out]);

const input = [torch.rand(2, 3), torch.rand(2, 3)];
const y = g.forward(input);
g.backward(input, torch.ones(...y.shape));
show(g, input);
`,
  },
  {
    id: 'lstm',
    title: 'LSTM cell (char-rnn style)',
    explanation:
      'One step of an LSTM as in Karpathy\'s char-rnn: the input and previous hidden state go ' +
      'through Linear layers, are added, reshaped to 4 gates and split with SplitTable(2) + ' +
      'split(4). The cell state next_c is both a graph output and the input of a Tanh, so it fans ' +
      'out: its gradient is the graph\'s own gradOutput plus what Tanh sends back. The graph takes ' +
      'three inputs {x, prev_c, prev_h}, so backward returns three gradients.',
    code: `// One LSTM step: {x, prev_c, prev_h} -> {next_c, next_h}
torch.manualSeed(3);
const inputSize = 3, rnnSize = 4, batch = 2;
const x = nn.Identity()(), prevC = nn.Identity()(), prevH = nn.Identity()();
x.annotate({ name: 'x' }); prevC.annotate({ name: 'prev_c' }); prevH.annotate({ name: 'prev_h' });

const i2h = nn.Linear(inputSize, 4 * rnnSize)(x);
const h2h = nn.Linear(rnnSize, 4 * rnnSize)(prevH);
const sums = nn.CAddTable()([i2h, h2h]);
const gates = nn.SplitTable(2)(nn.Reshape(4, rnnSize)(sums));
const [n1, n2, n3, n4] = gates.split(4);
const inGate = nn.Sigmoid()(n1);
const forgetGate = nn.Sigmoid()(n2);
const outGate = nn.Sigmoid()(n3);
const inTransform = nn.Tanh()(n4);
const nextC = nn.CAddTable()([
  nn.CMulTable()([forgetGate, prevC]),
  nn.CMulTable()([inGate, inTransform]),
]);
nextC.annotate({ name: 'next_c' });
const nextH = nn.CMulTable()([outGate, nn.Tanh()(nextC)]);
nextH.annotate({ name: 'next_h' });
const cell = nn.gModule([x, prevC, prevH], [nextC, nextH]);

const input = [torch.randn(batch, inputSize), torch.randn(batch, rnnSize), torch.randn(batch, rnnSize)];
const [c, h] = cell.forward(input);
cell.backward(input, [torch.ones(...c.shape), torch.ones(...h.shape)]);
show(cell, input);
`,
  },
  {
    id: 'mlp',
    title: 'MLP with a criterion',
    explanation:
      'A two-layer perceptron ending in LogSoftMax, trained against class labels with ' +
      'ClassNLLCriterion. The criterion is outside the graph: its backward gives ∂loss/∂output, ' +
      'which is the gradOutput handed to g.backward. The tables then hold the gradient of the ' +
      'loss with respect to the input and to every weight and bias (gradWeight, gradBias).',
    code: `// MLP: Linear -> Tanh -> Linear -> LogSoftMax, loss = ClassNLLCriterion
torch.manualSeed(1);
const x = nn.Identity()();
const h = nn.Tanh()(nn.Linear(4, 6)(x));
h.annotate({ name: 'hidden' });
const logp = nn.LogSoftMax()(nn.Linear(6, 3)(h));
const g = nn.gModule([x], [logp]);
const criterion = nn.ClassNLLCriterion();

const input = torch.randn(5, 4);
const target = torch.tensor([1, 3, 2, 2, 1]);   // class labels are 1-based, as in Torch
const out = g.forward(input);
const loss = criterion.forward(out, target);
const dloss = criterion.backward(out, target);   // ∂loss/∂output
g.backward(input, dloss);
print('loss =', loss);
show(g, input);
`,
  },
  {
    id: 'nested',
    title: 'Nested tables with split',
    explanation:
      'A single graph input receiving a nested table {a, {b, c}}. split(2) takes the table apart, ' +
      'and split(2) again opens the inner table. Because gradInput mirrors the input, backward ' +
      'returns a nested table {∂a, {∂b, ∂c}} too: the gradient tables are labelled input1[1], ' +
      'input1[2][1] and input1[2][2].',
    code: `// One input that receives the nested table {a, {b, c}}
torch.manualSeed(5);
const inp = nn.Identity()();
const [a, bc] = inp.split(2);
const [b, c] = bc.split(2);
const s = nn.CAddTable()([nn.Linear(3, 3)(a), nn.CMulTable()([b, c])]);
const g = nn.gModule([inp], [s]);

const input = [torch.rand(2, 3), [torch.rand(2, 3), torch.rand(2, 3)]];
const y = g.forward(input);
const gi = g.backward(input, torch.ones(...y.shape));
print('gradInput structure:', JSON.stringify(gi.map((v) => Array.isArray(v) ? v.map((t) => t.shape) : v.shape)));
show(g, input);
`,
  },
  {
    id: 'wrong-backward',
    title: 'The silent mistake: g.backward(x, err)',
    explanation:
      'The question also noticed that g:backward(x, err) — one tensor where the graph expects ' +
      'the table {x, x_p} it was given in forward — raised no error in nngraph. Here backward ' +
      'checks its input against the last forward, so the script stops with a sentence that says ' +
      'what was expected and what was given. The graph and the gradients of the correct backward ' +
      'stay on screen, and the page keeps working: pick another example or fix the line and run.',
    code: `// The seed's graph, then the wrong call from the question.
torch.manualSeed(42);
const input1 = nn.Identity()();
const input2 = nn.Identity()();
const score = nn.CAddTable()([nn.Linear(3, 5)(input1), nn.Linear(3, 5)(input2)]);
const g = nn.gModule([input1, input2], [score]);

const x = torch.rand(3, 3);
const x_p = nn.Linear(3, 3).forward(x);
const result = g.forward([x, x_p]);
const err = torch.rand(...result.shape);
g.backward([x, x_p], err);   // right: the input of the last forward
g.backward(x, err);          // wrong: nngraph accepted this silently
`,
  },
  {
    id: 'shape-error',
    title: 'A shape error, located in the graph',
    explanation:
      'The second Linear expects 5 features but the first produces 4. The engine names the node ' +
      'where forward failed, and the page outlines that node in red in the graph so the mistake ' +
      'can be found without reading the whole script.',
    code: `// Linear(3, 4) followed by Linear(5, 2): the sizes do not chain.
torch.manualSeed(2);
const x = nn.Identity()();
const h = nn.Tanh()(nn.Linear(3, 4)(x));
const y = nn.Linear(5, 2)(h);
y.annotate({ name: 'classifier' });
const g = nn.gModule([x], [y]);
show(g);
g.forward(torch.rand(2, 3));
`,
  },
  {
    id: 'train-xor',
    title: 'Train: XOR with a 2-layer MLP',
    explanation:
      'Training in the browser. train({ model, criterion, data }) opens the Train view: press Play ' +
      'and the worker runs optim.adam over g.getParameters() (the flat vector of every weight and ' +
      'bias) while the page plots the loss and paints the decision boundary. XOR is the classic ' +
      'problem one Linear cannot solve: the hidden Tanh layer bends the boundary. Pause, Step, ' +
      'change the optimizer, the learning rate or the data (circles, spirals) at any time.',
    code: `// XOR with a 2-layer MLP, trained in the worker: press Play in the Train view.
torch.manualSeed(3);
const x = nn.Identity()();
const h = nn.Tanh()(nn.Linear(2, 8)(x));
h.annotate({ name: 'hidden' });
const logp = nn.LogSoftMax()(nn.Linear(8, 2)(h));
const g = nn.gModule([x], [logp]);
const criterion = nn.ClassNLLCriterion();

// One backward on the four corners, for the graph and gradient tables below.
const corners = torch.tensor([[-0.5, -0.5], [-0.5, 0.5], [0.5, -0.5], [0.5, 0.5]]);
const labels = torch.tensor([1, 2, 2, 1]);
show(g, corners, criterion.backward(g.forward(corners), labels));

train({ model: g, criterion, data: 'xor', optimizer: 'adam', learningRate: 0.03 });
`,
  },
  {
    id: 'train-spiral',
    title: 'Train: two spirals',
    explanation:
      'Two interleaved spirals need a deeper network: two hidden Tanh layers of 24 units. ' +
      'Press Play and watch the boundary wind itself around the arms; the accuracy climbs above ' +
      '95 % within about a thousand Adam steps. Try SGD, or a learning rate of 0.1, to see the ' +
      'loss curve change.',
    code: `// Two spirals: 2 -> 24 -> 24 -> 2, Adam. Press Play.
torch.manualSeed(4);
const x = nn.Identity()();
const h1 = nn.Tanh()(nn.Linear(2, 24)(x));
const h2 = nn.Tanh()(nn.Linear(24, 24)(h1));
const logp = nn.LogSoftMax()(nn.Linear(24, 2)(h2));
const g = nn.gModule([x], [logp]);
const criterion = nn.ClassNLLCriterion();

const probe = torch.tensor([[0.1, 0.2], [-0.3, 0.4]]), labels = torch.tensor([1, 2]);
show(g, probe, criterion.backward(g.forward(probe), labels));

train({ model: g, criterion, data: 'spirals', optimizer: 'adam', learningRate: 0.01 });
`,
  },
  {
    id: 'train-char-lstm',
    title: 'Train: a character-level LSTM',
    explanation:
      'char-rnn, the Torch way: one LSTM step is a gModule {x, prev_c, prev_h} -> {next_c, next_h, ' +
      'log-probs}; getParameters() flattens it, then T clones made with clone(\'weight\', \'bias\', ' +
      '\'gradWeight\', \'gradBias\') share that flat storage and are unrolled over T characters. ' +
      'loss() runs them forward, then backward from the last step to the first (truncated ' +
      'backprop through time), so every clone adds its gradient into the same flat vector. ' +
      'Press Play: the text sampled below turns from noise into the training text.',
    code: `// char-rnn: an LSTM step graph, cloned T times with shared parameters. Press Play.
const text = 'the cat sat on the mat. the dog sat on the log. ' +
  'a graph of modules learns to read, and gradients flow back through time. ';
const chars = [...new Set(text)];
const V = chars.length, E = 16, H = 64, T = 16;
const index = (i) => chars.indexOf(text[i % text.length]) + 1;   // 1-based, for LookupTable
torch.manualSeed(5);

function lstmStep() {
  const x = nn.Identity()(), prevC = nn.Identity()(), prevH = nn.Identity()();
  const e = nn.LookupTable(V, E)(x);
  const all = nn.CAddTable()([nn.Linear(E, 4 * H)(e), nn.Linear(H, 4 * H)(prevH)]);
  const [i, f, o, g] = nn.SplitTable(2)(nn.Reshape(4, H)(all)).split(4);
  const nextC = nn.CAddTable()([nn.CMulTable()([nn.Sigmoid()(f), prevC]),
                                nn.CMulTable()([nn.Sigmoid()(i), nn.Tanh()(g)])]);
  const nextH = nn.CMulTable()([nn.Sigmoid()(o), nn.Tanh()(nextC)]);
  nextC.annotate({ name: 'next_c' });
  nextH.annotate({ name: 'next_h' });
  const logp = nn.LogSoftMax()(nn.Linear(H, V)(nextH));
  return nn.gModule([x, prevC, prevH], [nextC, nextH, logp]);
}

const proto = lstmStep();
const [params, grads] = proto.getParameters();      // flatten first: clones made after share it
params.copy(torch.rand(params.numel()).add(torch.ones(params.numel()), -0.5).mul(0.16));
const clones = Array.from({ length: T }, () => proto.clone('weight', 'bias', 'gradWeight', 'gradBias'));
const criteria = Array.from({ length: T }, () => nn.ClassNLLCriterion());
const xs = Array.from({ length: T }, () => torch.zeros(1));
const ys = Array.from({ length: T }, () => torch.zeros(1));
const c0 = torch.zeros(1, H), h0 = torch.zeros(1, H), zeros = torch.zeros(1, H);
let position = 0;

function loss() {                                   // one chunk of T characters
  let c = c0, h = h0, total = 0;
  const inputs = [], logps = [];
  for (let t = 0; t < T; ++t) {
    xs[t].fill(index(position + t));
    ys[t].fill(index(position + t + 1));
    inputs[t] = [xs[t], c, h];
    [c, h, logps[t]] = clones[t].forward(inputs[t]);
    total += criteria[t].forward(logps[t], ys[t]);
  }
  let dc = zeros, dh = zeros;                       // truncated BPTT: back to this chunk's start
  for (let t = T - 1; t >= 0; --t) {
    const dlogp = criteria[t].backward(logps[t], ys[t]);
    [, dc, dh] = clones[t].backward(inputs[t], [dc, dh, dlogp]);
  }
  c0.copy(c);                                       // carry the state, not the gradient
  h0.copy(h);
  position += T;
  if (position >= text.length) { position = 0; c0.fill(0); h0.fill(0); }
  return total / T;
}

function sample() {                                 // 100 characters from the model
  let c = torch.zeros(1, H), h = torch.zeros(1, H), logp;
  const x = torch.tensor([index(0)]);
  let out = text[0];
  for (let n = 0; n < 100; ++n) {
    [c, h, logp] = proto.forward([x, c, h]).map((t) => t.clone());
    const p = logp.toFloat32Array();
    let r = Math.random(), k = 0;
    while (k < V - 1 && (r -= Math.exp(p[k])) > 0) ++k;
    out += chars[k];
    x.fill(k + 1);
  }
  return out;
}

print(V, 'characters,', params.numel(), 'parameters, unrolled over', T, 'steps');
// One step forward and backward on the first character, for the graph and gradient tables.
const first = [torch.tensor([index(0)]), torch.zeros(1, H), torch.zeros(1, H)];
const [, , logp0] = proto.forward(first);
show(proto, first, [zeros, zeros, nn.ClassNLLCriterion().backward(logp0, torch.tensor([index(1)]))]);
train({ parameters: [params, grads], loss, sample, optimizer: 'adam', learningRate: 0.01,
        reset() { position = 0; c0.fill(0); h0.fill(0); } });
`,
  },

  // Lua examples: Torch code as it was written, run by nngraph-wasm/lua.
  {
    id: 'lua-seed',
    language: 'lua',
    title: 'Lua: the question, exactly as asked',
    explanation:
      'The asker\'s code, as posted. Lua stops at line 4: "#" is not a Lua comment (Lua comments ' +
      'start with --). Replace each # with -- and run again: now the graph runs, and ' +
      'g:backward(x, error) on line 12 fails, because this graph takes a table of two inputs ' +
      '{x, x_p}, not x. Write g:backward({x, x_p}, error) to get the two gradients, one per input.',
    code: `input1 = nn.Identity()()
input2 = nn.Identity()()
score = nn.CAddTable()({nn.Linear(3, 5)(input1),nn.Linear(3, 5)(input2)})
g = nn.gModule({input1, input2}, {score})  #gModule

mlp = nn.Linear(3,3) #path2 layer

x = torch.rand(3,3)
x_p = mlp:forward(x)
result = g:forward({x,x_p})
error = torch.rand(result:size())
gradient1 = g:backward(x, error)  #this is a table of 2 tensors
gradient2 = g:backward(x_p, error)  #this is also  a table of 2 tensors
`,
  },
  {
    id: 'lua-answer',
    language: 'lua',
    title: 'Lua: the answer\'s CreateModule',
    explanation:
      'The accepted answer\'s module: the input is multiplied element-wise (nn.CMulTable) with its ' +
      'own image through two Linear layers. The input node fans out to two consumers, so its ' +
      'gradient is the sum of two contributions (see the fan-out section below).',
    code: `require 'torch'
require 'nn'
require 'nngraph'

function CreateModule(input_size)
    local input = nn.Identity()()   -- network input

    local nn_module_1 = nn.Linear(input_size, 100)(input)
    local nn_module_2 = nn.Linear(100, input_size)(nn_module_1)

    local output = nn.CMulTable()({input, nn_module_2})

    -- pack a graph into a convenient module with standard API (:forward(), :backward())
    return nn.gModule({input}, {output})
end

input = torch.rand(30)

my_module = CreateModule(input:size(1))

output = my_module:forward(input)
criterion_err = torch.rand(output:size())

gradInput = my_module:backward(input, criterion_err)
print(gradInput:size())
`,
  },
  {
    id: 'lua-mlp',
    language: 'lua',
    title: 'Lua: the nngraph README\'s MLP',
    explanation:
      'The first example of the nngraph README, unchanged: two hidden layers built by calling ' +
      'modules on nodes, then updateOutput / updateGradInput / accGradParameters. ' +
      'graph.dot(mlp.fg, \'MLP\') returns the DOT text of the forward graph, drawn here.',
    code: `h1 = nn.Linear(20, 10)()
h2 = nn.Linear(10, 1)(nn.Tanh()(nn.Linear(10, 10)(nn.Tanh()(h1))))
mlp = nn.gModule({h1}, {h2})

x = torch.rand(20)
dx = torch.rand(1)
mlp:updateOutput(x)
mlp:updateGradInput(x, dx)
mlp:accGradParameters(x, dx)

-- draw graph (the forward graph, '.fg')
print(graph.dot(mlp.fg, 'MLP'))
`,
  },
  {
    id: 'lua-lstm',
    language: 'lua',
    title: 'Lua: an LSTM cell with a torch.class module',
    explanation:
      'An LSTM cell in the char-rnn style, whose output passes through nn.LuaScale, a module ' +
      'written in Lua with torch.class (parent.__init(self), a weight and its gradient). It is an ' +
      'engine module like the others: it appears in the graph, its weight in the gradient tables.',
    code: `local Scale, parent = torch.class('nn.LuaScale', 'nn.Module')
function Scale:__init(n)
  parent.__init(self)
  self.weight = torch.Tensor(n):fill(1)
  self.gradWeight = torch.Tensor(n):zero()
end
function Scale:updateOutput(input)
  return self.output:resizeAs(input):copy(input):cmul(self.weight)
end
function Scale:updateGradInput(input, gradOutput)
  return self.gradInput:resizeAs(gradOutput):copy(gradOutput):cmul(self.weight)
end
function Scale:accGradParameters(input, gradOutput, scale)
  self.gradWeight:add(scale or 1, input:clone():cmul(gradOutput))
end

local n = 4
local x, prev_c, prev_h = nn.Identity()(), nn.Identity()(), nn.Identity()()
local gates = nn.CAddTable()({nn.Linear(n, 4 * n)(x), nn.Linear(n, 4 * n)(prev_h)})
local in_gate, forget_gate, out_gate, in_transform = nn.SplitTable(1)(nn.Reshape(4, n)(gates)):split(4)
in_gate = nn.Sigmoid()(in_gate)
forget_gate = nn.Sigmoid()(forget_gate)
out_gate = nn.Sigmoid()(out_gate)
in_transform = nn.Tanh()(in_transform)
local next_c = nn.CAddTable()({
  nn.CMulTable()({forget_gate, prev_c}),
  nn.CMulTable()({in_gate, in_transform})
})
local next_h = nn.LuaScale(n)(nn.CMulTable()({out_gate, nn.Tanh()(next_c)}))
local cell = nn.gModule({x, prev_c, prev_h}, {next_c, next_h})

torch.manualSeed(1)
local input = {torch.rand(n), torch.rand(n), torch.rand(n)}
local out = cell:forward(input)
cell:backward(input, {torch.rand(n), torch.rand(n)})
print(out)
`,
  },
  {
    id: 'train-digits',
    title: 'Train: digits with a LeNet-style convnet',
    explanation:
      'A convolutional network, Torch style: SpatialConvolution, ReLU and SpatialMaxPooling twice, ' +
      'then a Linear classifier, in one gModule. The digits are made by the page itself (strokes ' +
      'drawn with a random pose, pen and noise: nothing is downloaded). Press Play: the worker ' +
      'trains on minibatches of 32 with Adam, the test accuracy on 500 digits the network never ' +
      'trains on climbs past 95 %, the grid shows its guesses (red when wrong), and the first ' +
      'layer\'s 5x5 filters turn from noise into stroke detectors.',
    code: `// LeNet-style digits (1x16x16 images), trained in the worker: press Play.
torch.manualSeed(6);
const x = nn.Identity()();
const conv1 = nn.SpatialConvolution(1, 8, 5, 5)(x);              // 8 x 12 x 12
const pool1 = nn.SpatialMaxPooling(2, 2, 2, 2)(nn.ReLU()(conv1)); // 8 x 6 x 6
const conv2 = nn.SpatialConvolution(8, 16, 3, 3)(pool1);          // 16 x 4 x 4
const pool2 = nn.SpatialMaxPooling(2, 2, 2, 2)(nn.ReLU()(conv2)); // 16 x 2 x 2
const logp = nn.LogSoftMax()(nn.Linear(64, 10)(nn.View(-1, 64)(pool2)));
conv1.annotate({ name: 'conv1', description: '8 filters of 5x5, drawn in the Train view' });
conv2.annotate({ name: 'conv2' });
const g = nn.gModule([x], [logp]);
const criterion = nn.ClassNLLCriterion();

// One backward on two random images, for the graph and gradient tables below.
const probe = torch.rand(2, 1, 16, 16), labels = torch.tensor([1, 2]);
show(g, probe, criterion.backward(g.forward(probe), labels));

train({ model: g, criterion, data: 'digits', optimizer: 'adam', learningRate: 0.01 });
`,
  },
];

export const defaultExampleId = 'seed';

export function findExample(id) {
  return examples.find((e) => e.id === id);
}
