// nngraph-wasm/lua: Torch's Lua programs as written — the seed (as written, with -- comments,
// corrected), the accepted answer, the nngraph README examples, a torch.class module in an LSTM
// cell — with print formats, errors at the user's line, state reuse and no leaks; Lua-built
// graphs are checked against finite differences from JS.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { createLua } from 'nngraph-wasm/lua';
import { ng, torch, nn, assertClose } from './helpers.mjs';
import { findExample } from '../../web/src/examples.js';

const printed = [];
const lua = await createLua({ print: (line) => printed.push(line) });
// the message itself (assert.rejects with a RegExp would test "Error: ..." instead)
const rejectsWith = (promise, pattern) => assert.rejects(promise, (e) => {
  assert.match(e.message, pattern);
  return true;
});
const run = async (source, name = 'test.lua', options) => {
  printed.length = 0;
  return lua.run(source, name, options);
};

// The Lua examples are the playground's (web/src/examples.js): one copy of each, tested here.
const exampleCode = (id) => {
  const example = findExample(id);
  assert.ok(example && example.language === 'lua', `web/src/examples.js has the Lua example ${id}`);
  return example.code;
};
// The seed as the asker wrote it (Python-style # comments), then with -- comments.
const seedAsWritten = exampleCode('lua-seed');
const seedWithLuaComments = seedAsWritten.replace(/#/g, '--');
const seedCorrected = seedWithLuaComments
  .replace('gradient1 = g:backward(x, error)', 'gradient = g:backward({x, x_p}, error)')
  .replace(/gradient2 = .*\n/, 'print(gradient)\nreturn g, {x, x_p}, error, gradient\n');

// Central differences of sum(f(x) .* r) for each element of each input, in plain JS.
function numericGradients(f, inputs, r) {
  const rr = r.toArray().flat(Infinity);
  const loss = () => f().toArray().flat(Infinity).reduce((s, v, i) => s + v * rr[i], 0);
  return inputs.map((x) => {
    const g = [];
    for (let i = 1; i <= x.numel(); ++i) {
      const flat = x.view(x.numel());
      const v = flat.get(i);
      flat.set(i, v + 1e-2);
      const plus = loss();
      flat.set(i, v - 1e-2);
      const minus = loss();
      flat.set(i, v);
      flat.dispose();
      g.push((plus - minus) / 2e-2);
    }
    return g;
  });
}

describe('the seed', () => {
  test('as written: a syntax error at line 4 with the hint that Lua comments start with --', async () => {
    await assert.rejects(run(seedAsWritten, 'seed.lua'), (e) => {
      assert.match(e.message, /^seed\.lua:4: unexpected symbol near '#' \(Lua comments start with --, not #\)/);
      assert.equal(e.lineNumber, 4);
      return true;
    });
  });
  test('with -- comments: the strict backward error at line 12, naming what was expected', async () => {
    await assert.rejects(run(seedWithLuaComments, 'seed.lua'), (e) => {
      assert.match(e.message, /^seed\.lua:12: nn\.gModule\(2 inputs -> 1 output.*backward expects the input of the last forward, a table of 2 \{3x3, 3x3\}, but got a tensor of size 3x3/);
      assert.equal(e.lineNumber, 12);
      return true;
    });
  });
  test('corrected: two gradients, printed as Torch prints a table, matching finite differences', async () => {
    const [g, inputs, err, gradient] = await run(seedCorrected, 'seed.lua');
    assert.deepEqual(printed, ['{\n  1 : FloatTensor - size: 3x3\n  2 : FloatTensor - size: 3x3\n}']);
    assert.equal(gradient.length, 2);
    assert.ok(nn.isModule(g));
    const numeric = numericGradients(() => g.forward(inputs), inputs, err);
    gradient.forEach((gi, i) => assertClose(gi.toArray().flat(), numeric[i], { rtol: 2e-2, atol: 2e-3, what: `gradient ${i + 1}` }));
  });
});

describe('Torch code from elsewhere', () => {
  test("the accepted answer's CreateModule (CMulTable), gradient checked from JS", async () => {
    const [m, input, gradInput] = await run(`${exampleCode('lua-answer')}\nreturn my_module, input, gradInput`, 'answer.lua');
    assert.deepEqual(gradInput.shape, [30]);
    assert.equal(printed[0], ' 30\n[torch.LongStorage of size 1]');
    const check = nn.checkGradients(m, input);
    assert.ok(check.maxError < 2e-2, JSON.stringify(check));
  });

  test('nngraph README: two hidden layers MLP, with calls and with the - operator; graph.dot', async () => {
    const [shapes, same] = await run(`${exampleCode('lua-mlp')}
h1 = - nn.Linear(20,10)
h2 = h1
     - nn.Tanh()
     - nn.Linear(10,10)
     - nn.Tanh()
     - nn.Linear(10, 1)
mlp2 = nn.gModule({h1}, {h2})
local p1 = mlp:getParameters()
local p2 = mlp2:getParameters()
return {p1:size(1), p2:size(1)}, mlp2:forward(x):size(1)`, 'readme1.lua');
    const dot = printed[0];
    assert.match(dot, /^digraph/);
    assert.match(dot, /label="MLP"/);
    assert.match(dot, /Linear/);
    assert.deepEqual(shapes, [20 * 10 + 10 + 10 * 10 + 10 + 10 + 1, 331]);
    assert.equal(same, 1);
  });

  test('nngraph README: 2 inputs and 2 outputs, both spellings; gradients from JS', async () => {
    const [gmod, gmod2] = await run(`
h1 = nn.Linear(20, 20)()
h2 = nn.Linear(10, 10)()
hh1 = nn.Linear(20, 1)(nn.Tanh()(h1))
hh2 = nn.Linear(10, 1)(nn.Tanh()(h2))
madd = nn.CAddTable()({hh1, hh2})
oA = nn.Sigmoid()(madd)
oB = nn.Tanh()(madd)
gmod = nn.gModule({h1, h2}, {oA, oB})

x1 = torch.rand(20)
x2 = torch.rand(10)

gmod:updateOutput({x1, x2})
gmod:updateGradInput({x1, x2}, {torch.rand(1), torch.rand(1)})
graph.dot(gmod.fg, 'Big MLP')

h1 = - nn.Linear(20,20)
h2 = - nn.Linear(10,10)
hh1 = h1 - nn.Tanh() - nn.Linear(20,1)
hh2 = h2 - nn.Tanh() - nn.Linear(10,1)
madd = {hh1,hh2} - nn.CAddTable()
oA = madd - nn.Sigmoid()
oB = madd - nn.Tanh()
gmod2 = nn.gModule( {h1,h2}, {oA,oB} )
return gmod, gmod2`, 'readme2.lua');
    for (const g of [gmod, gmod2]) {
      const out = g.forward([torch.rand(20), torch.rand(10)]);
      assert.equal(out.length, 2);
      const check = nn.checkGradients(g, [torch.rand(20), torch.rand(10)]);
      assert.ok(check.maxError < 2e-2, JSON.stringify(check));
    }
  });

  test('nngraph README: containers with split(2), layers of two inputs, annotations; fg and bg', async () => {
    const [g, fwd, bwd, g2, g3] = await run(`
m = nn.Sequential()
m:add(nn.SplitTable(1))
m:add(nn.ParallelTable():add(nn.Linear(10, 20)):add(nn.Linear(10, 30)))
input = nn.Identity()()
input1, input2 = m(input):split(2)
m3 = nn.JoinTable(1)({input1, input2})

g = nn.gModule({input}, {m3})

indata = torch.rand(2, 10)
gdata = torch.rand(50)
g:forward(indata)
g:backward(indata, gdata)

local f = graph.dot(g.fg, 'Forward Graph')
local b = graph.dot(g.bg, 'Backward Graph')

input = - nn.Identity()
L1 =  input
     - nn.Linear(10, 20)
     - nn.Tanh()
L2 =  { input, L1 }
     -  nn.JoinTable(1)
     -  nn.Linear(30,60)
     -  nn.Tanh()
L3 = { L1,L2 }
     - nn.JoinTable(1)
     - nn.Linear(80,160)
     - nn.Tanh()
g2 = nn.gModule({input},{L3})

input = nn.Identity()()
L1 = nn.Tanh()(nn.Linear(10, 20)(input)):annotate{
   name = 'L1', description = 'Level 1 Node',
   graphAttributes = {color = 'red'}
}
L2 = nn.Tanh()(nn.Linear(30, 60)(nn.JoinTable(1)({input, L1}))):annotate{
   name = 'L2', description = 'Level 2 Node',
   graphAttributes = {color = 'blue', fontcolor = 'green'}
}
L3 = nn.Tanh()(nn.Linear(80, 160)(nn.JoinTable(1)({L1, L2}))):annotate{
   name = 'L3', description = 'Level 3 Node',
   graphAttributes = {color = 'green',
   style = 'filled', fillcolor = 'yellow'}
}
g3 = nn.gModule({input},{L3})
indata = torch.rand(10)
gdata = torch.rand(160)
g3:forward(indata)
g3:backward(indata, gdata)
return g, f, b, g2, g3`, 'readme3.lua');
    assert.deepEqual(g.forward(torch.rand(2, 10)).shape, [50]);
    assert.notEqual(fwd, bwd);
    assert.match(bwd, /label="Backward Graph"/);
    assert.match(g3.toDot(), /L2/);
    for (const graph of [g2, g3]) {
      const check = nn.checkGradients(graph, torch.rand(10));
      assert.ok(check.maxError < 2e-2, JSON.stringify(check));
    }
  });
});

describe('torch.class modules', () => {
  test('an LSTM cell with a Lua-defined module (parent.__init(self), weights); gradients from JS', async () => {
    const [cell, x, prevC, prevH] = await run(`${exampleCode('lua-lstm')}\nreturn cell, input[1], input[2], input[3]`, 'lstm.lua');
    assert.equal(printed[0], '{\n  1 : FloatTensor - size: 4\n  2 : FloatTensor - size: 4\n}');
    const inputs = [x, prevC, prevH];
    const check = nn.checkGradients(cell, inputs);
    assert.ok(check.maxError < 2e-2, JSON.stringify(check));
    assert.ok(check.parameters.some((p) => /LuaScale/.test(p.name)), JSON.stringify(check.parameters.map((p) => p.name)));
  });

  test('clone keeps the Lua class; clone with names shares; plain classes; no updateGradInput = no gradient', async () => {
    const [a, b, shared, plain, noGrad] = await run(`
local Twice = torch.class('nn.Twice', 'nn.Module')
function Twice:__init(k) nn.Module.__init(self) self.k = k or 2 end
function Twice:updateOutput(input) self.output = input:clone():mul(self.k) return self.output end
function Twice:updateGradInput(input, g) self.gradInput = g:clone():mul(self.k) return self.gradInput end
local a = nn.Twice(3)
local b = a:clone()
b.k = 5
local Point = torch.class('Point')
function Point:__init(x) self.x = x end
function Point:double() return 2 * self.x end
local p = Point(21)
local W = torch.class('nn.Weighted', 'nn.Module')
function W:__init() nn.Module.__init(self) self.weight = torch.ones(2) self.gradWeight = torch.zeros(2) end
function W:updateOutput(x) return self.output:resizeAs(x):copy(x):cmul(self.weight) end
local w = nn.Weighted()
local w2 = w:clone('weight', 'gradWeight')
w2.weight:fill(4)
local ids = nn.Identity()()
return a:forward(torch.ones(2)), b:forward(torch.ones(2)), w:forward(torch.ones(2)), p:double(),
  nn.gModule({ids}, {nn.Weighted()(ids)})`, 'classes.lua');
    assert.deepEqual(a.toArray(), [3, 3]);
    assert.deepEqual(b.toArray(), [5, 5]);
    assert.deepEqual(shared.toArray(), [4, 4]);
    assert.equal(plain, 42);
    noGrad.forward(torch.ones(2));
    const gi = noGrad.backward(torch.ones(2), torch.ones(2));
    assert.equal(gi.dim(), 0, 'a Lua module without updateGradInput gives no gradient');
  });
});

describe('print, tensors, optim', () => {
  test('print formats: tensors as th prints them, tables of tensors, nested tables, numbers and strings', async () => {
    await run(`
local t = torch.Tensor{{1, 2}, {3, 4}}
print(t)
print(torch.Tensor{1, 2, 3})
print({t, {a = 1, b = 'x'}, 3})
print(1, 'two', true)
print(t:size())`);
    assert.equal(printed[0], '    1.0000    2.0000\n    3.0000    4.0000\n[torch.FloatTensor of size 2x2]');
    assert.equal(printed[1], '    1.0000\n    2.0000\n    3.0000\n[torch.FloatTensor of size 3]');
    assert.equal(printed[2], '{\n  1 : FloatTensor - size: 2x2\n  2 : \n  {\n    a : 1\n    b : "x"\n  }\n  3 : 3\n}'.replace(' : \n  {', ' : {'));
    assert.equal(printed[3], '1\ttwo\ttrue');
    assert.equal(printed[4], ' 2\n 2\n[torch.LongStorage of size 2]');
  });

  test('tensor indexing t[i], t[i][j] = v, views writing through, operators, size objects', async () => {
    const [t, n, v, m] = await run(`
local t = torch.zeros(2, 3)
t[1][2] = 5
t[2] = 7
local row = t[1]
row:add(1)
local n = t[2][3]
local v = torch.Tensor{1, 2} * torch.Tensor{3, 4}
local m = (torch.eye(2) + 1) * torch.Tensor{{1}, {2}}
local z = torch.zeros(t:size())
assert(z:dim() == 2 and z:size(2) == 3)
assert(#t == 2)
return t, n, v, m`, 'index.lua');
    assert.deepEqual(t.toArray(), [[1, 6, 1], [7, 7, 7]]);
    assert.equal(n, 7);
    assert.equal(v, 11);
    assert.deepEqual(m.toArray(), [[4], [5]]);
  });

  test('optim.sgd(feval, x, config, state) trains a Lua-built regression', async () => {
    const [before, afterLoss] = await run(`
torch.manualSeed(1)
local model = nn.Sequential():add(nn.Linear(2, 1))
local criterion = nn.MSECriterion()
local params, grads = model:getParameters()
local x = torch.rand(8, 2)
local y = torch.rand(8, 1)
local config = { learningRate = 0.5 }
local function feval(p)
  grads:zero()
  local out = model:forward(x)
  local loss = criterion:forward(out, y)
  model:backward(x, criterion:backward(out, y))
  return loss, grads
end
local first = feval(params)
for i = 1, 50 do optim.sgd(feval, params, config) end
local _, fs = optim.sgd(feval, params, config)
return first, fs[1]`, 'sgd.lua');
    assert.ok(afterLoss < before / 2, `loss ${before} -> ${afterLoss}`);
  });

  test('require over files: require "model.LSTM" finds model/LSTM.lua; a missing file lists the files', async () => {
    const withFiles = await createLua({ files: { 'model/Double.lua': 'local M = {}\nfunction M.make() return nn.MulConstant(2) end\nreturn M' }, print: () => {} });
    try {
      const [y] = await withFiles.run("local D = require 'model.Double'\nreturn D.make():forward(torch.ones(2))", 'main.lua');
      assert.deepEqual(y.toArray(), [2, 2]);
      await rejectsWith(withFiles.run("require 'model.LSTM'", 'main.lua'), /main\.lua:1: module 'model\.LSTM' not found:[\s\S]*'model\/LSTM\.lua' among the files given to createLua \('model\/Double\.lua'\)/);
    } finally {
      withFiles.close();
    }
  });
});

describe('errors and state', () => {
  test('errors start with chunk:line:, with the engine sentence; helpers survive overwritten globals', async () => {
    await rejectsWith(run("error = torch.rand(2)\nprint = 3\nlocal m = nn.Linear(3, 2)\nm:forward(torch.rand(4))", 'bad.lua'),
      /^bad\.lua:4: nn\.Linear\(3 -> 2\): expected input of size 3/);
    await rejectsWith(run('local t = torch.zeros(2, 2)\n\nlocal x = t[3]', 'idx.lua'), /^idx\.lua:3: select\(1, 3\) is out of range for dimension 1 of size 2/);
    await rejectsWith(run("torch.zeros(2):cmul(torch.zeros(3))", 'c.lua'), /^c\.lua:1: cmul: the tensors have different numbers of elements/);
    await rejectsWith(run("local B = torch.class('nn.Bad', 'nn.Module')\nfunction B:updateOutput(x) return 3 end\nnn.Bad():forward(torch.ones(1))", 'bad2.lua'),
      /^bad2\.lua:3: .*nn\.Bad:updateOutput returned a number; it must return a tensor/);
    await rejectsWith(run("local B = torch.class('nn.Bad2', 'nn.Module')\nfunction B:updateOutput(x)\n  assert(false, 'my own error')\nend\nnn.Bad2():forward(torch.ones(1))", 'bad3.lua'),
      /^bad3\.lua:5: .*bad3\.lua:3: my own error/);
    await rejectsWith(run('while true do end', 'loop.lua', { instructionLimit: 1e6 }), /loop\.lua:1: stopped after 1000000 instructions/);
    await rejectsWith(run('local n = 0\nwhile true do n = n + 1 end', 'slow.lua', { timeLimit: 50 }), /slow\.lua:2: stopped after 50 ms \(the run's time limit\)/);
    await rejectsWith(run('return 1', 'opts.lua', { timeLimit: -1 }), /options\.timeLimit must be a non-negative number/);
    // state still usable after every error, and the overwritten globals are the script's business
    const [y] = await run('return nn.Tanh():forward(torch.zeros(2))');
    assert.deepEqual(y.toArray(), [0, 0]);
  });
});

describe('memory', () => {
  test('ng.memory() is back at its baseline after lua.close()', async () => {
    globalThis.gc?.();
    const before = ng.memory();
    const state = await createLua({ print: () => {} });
    await state.run(seedCorrected, 'seed.lua');
    await state.run("local S = torch.class('nn.MemScale', 'nn.Module')\nfunction S:updateOutput(x) return self.output:resizeAs(x):copy(x):mul(2) end\nlocal m = nn.MemScale()\nlocal g = nn.gModule({m()}, {})", 'x.lua').catch(() => {});
    await state.run("local x = nn.Identity()()\nlocal g = nn.gModule({x}, {nn.MemScale()(x)})\nfor i = 1, 5 do g:forward(torch.rand(3)) end\nlocal c = g:clone()\nc:forward(torch.rand(3))", 'y.lua');
    await state.run('torch.zeros(2):cmul(torch.zeros(3))', 'z.lua').catch(() => {});
    state.close();
    const after = ng.memory();
    assert.equal(after.tensors, before.tensors, 'tensors');
    assert.equal(after.modules, before.modules, 'modules');
    assert.equal(after.nodes, before.nodes, 'nodes');
    assert.equal(after.criterions, before.criterions, 'criterions');
  });
});

after(() => {
  lua.close();
  // wasmoon can keep Node 20 from exiting (a shutdown deadlock with concurrent wasm recompilation,
  // nodejs/node#54918): leave once the report is written
  setTimeout(() => process.exit(process.exitCode ?? 0), 0);
});
