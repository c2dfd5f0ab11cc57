// Issue 14's last modules and criterions from JavaScript: nn.MaskedSelect, nn.MixtureTable,
// nn.WeightedEuclidean, nn.Bottle(module), nn.DepthConcat, nn.CriterionTable(criterion),
// nn.ParallelCriterion / nn.MultiCriterion with add(criterion, weight): values computed here from
// the Lua sources' definitions, Jacobians against central differences (nn.checkGradients), and
// each in a graph, through clone, getParameters and save/load (or a clear refusal).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createLua } from 'nngraph-wasm/lua';
import { ng, torch, nn, assertClose, plain } from './helpers.mjs';

const gradOk = (r, what) => assert.ok(r.maxError < 2e-2, `${what}: ${JSON.stringify(r)}`);

describe('modules', () => {
  test('nn.WeightedEuclidean(3, 2): ||c_j .* (x - w_j)||, gradients of input, weight and diagCov', () => {
    const m = nn.WeightedEuclidean(3, 2);
    const [params] = m.parameters();
    assert.deepEqual(params.map((p) => p.shape), [[3, 2], [3, 2]]);
    params[1].copy(torch.tensor([[0.5, 2], [1, 1.5], [3, 0.25]]));
    const W = params[0].toArray(), C = params[1].toArray();
    const x = torch.tensor([[1, -2, 0.5], [0, 1, 2]]);
    const expected = x.toArray().map((row) => [0, 1].map((j) => Math.sqrt(row.reduce((s, v, i) => s + (C[i][j] * (v - W[i][j])) ** 2, 0))));
    assertClose(m.forward(x).toArray(), expected);
    gradOk(nn.checkGradients(m, torch.randn(4, 3)), 'batch');
    gradOk(nn.checkGradients(m, torch.randn(3)), 'vector');
    assert.equal(m.diagCov.shape.join('x'), '3x2');
    ng.dispose(m, x, params);
  });

  test('nn.MaskedSelect: the elements under the mask, the gradient scattered back', () => {
    const m = nn.MaskedSelect();
    const t = torch.tensor([[1, 2, 3], [4, 5, 6]]), mask = torch.tensor([[0, 1, 1], [1, 0, 0]]);
    assert.deepEqual(m.forward([t, mask]).toArray(), [2, 3, 4]);
    const [gt, gm] = m.backward([t, mask], torch.tensor([7, 8, 9]));
    assert.deepEqual(gt.toArray(), [[0, 7, 8], [9, 0, 0]]);
    assert.deepEqual(gm.toArray(), [[0, 0, 0], [0, 0, 0]]);
    assert.throws(() => m.forward([t, torch.tensor([2, 0, 0, 0, 0, 0])]), /only 0 and 1/);
    assert.deepEqual(m.forward([t, mask]).toArray(), [2, 3, 4], 'still works after the error');
    ng.dispose(m, t, mask);
  });

  test('nn.MixtureTable: gater weights times a table of experts, Jacobian-checked', () => {
    const m = nn.MixtureTable();
    const g = torch.tensor([[0.25, 0.75], [1, 0]]);
    const e1 = torch.tensor([[1, 2], [3, 4]]), e2 = torch.tensor([[10, 20], [30, 40]]);
    assertClose(m.forward([g, [e1, e2]]).toArray(), [[0.25 * 1 + 0.75 * 10, 0.25 * 2 + 0.75 * 20], [3, 4]]);
    gradOk(nn.checkGradients(m, [torch.rand(3, 2), [torch.randn(3, 4), torch.randn(3, 4)]]), 'table experts');
    gradOk(nn.checkGradients(m, [torch.rand(3, 2), torch.randn(3, 2, 4)]), 'tensor experts');
    ng.dispose(m, g, e1, e2);
  });

  test('nn.Bottle(module, nInputDim, nOutputDim): a Linear over a 3-D input', () => {
    const lin = nn.Linear(3, 2);
    const m = nn.Bottle(lin, 2, 2);
    const x = torch.randn(4, 5, 3);
    const y = m.forward(x);
    assert.deepEqual(y.shape, [4, 5, 2]);
    const flat = lin.forward(x.view(20, 3)).toArray();
    assertClose(y.toArray().flat(), flat);
    gradOk(nn.checkGradients(m, torch.randn(2, 3, 3)), 'Bottle');
    assert.throws(() => m.add(nn.Tanh()), /single module/);
    assert.ok(m.toString().startsWith('nn.Bottle @ nn.Linear(3 -> 2)'), m.toString());
    ng.dispose(m, x);
  });

  test('nn.DepthConcat(1): a 3x3 and a 5x5 convolution output side by side, the smaller centred', () => {
    const m = nn.DepthConcat(1);
    m.add(nn.SpatialConvolution(1, 1, 3, 3)).add(nn.SpatialConvolution(1, 1, 1, 1));
    const x = torch.randn(1, 5, 5);
    const y = m.forward(x).toArray();
    const small = m.get(1).forward(x).toArray()[0];
    assert.deepEqual(y[0][0], [0, 0, 0, 0, 0]);
    assertClose(y[0].slice(1, 4).map((row) => row.slice(1, 4)), small);
    gradOk(nn.checkGradients(m, torch.randn(1, 5, 5)), 'DepthConcat');
    ng.dispose(m, x);
  });
});

describe('criterions', () => {
  test('nn.ParallelCriterion().add(c, w): the weighted sum over input[i], target[i]', () => {
    const pc = nn.ParallelCriterion().add(nn.MSECriterion(), 0.5).add(nn.AbsCriterion(), 2);
    const a = torch.tensor([1, 2]), at = torch.tensor([0, 0]), b = torch.tensor([3]), bt = torch.tensor([1]);
    assertClose(pc.forward([a, b], [at, bt]), 0.5 * (1 + 4) / 2 + 2 * 2);
    const [ga, gb] = pc.backward([a, b], [at, bt]);
    assertClose(ga.toArray(), [0.5, 1]);  // 0.5 * 2 (x - t) / 2
    assertClose(gb.toArray(), [2]);
    gradOk(nn.checkGradients(pc, [torch.randn(3), torch.randn(2)], [torch.randn(3), torch.randn(2)]), 'ParallelCriterion');
    const rep = nn.ParallelCriterion(true).add(nn.MSECriterion()).add(nn.MSECriterion(), 3);
    assertClose(rep.forward([a, a], at), 4 * 2.5);
    assert.throws(() => nn.MSECriterion().add(nn.MSECriterion()), /ParallelCriterion and nn.MultiCriterion only/);
    assert.throws(() => pc.add(nn.Linear(2, 2)), /expected a criterion/);
    const before = ng.memory().criterions;
    pc.dispose();
    assert.equal(ng.memory().criterions, before - 3, 'the added criterions go with their holder');
    ng.dispose(rep, a, at, b, bt);
  });

  test('nn.MultiCriterion().add(c, w): every criterion on the same input and target', () => {
    const mc = nn.MultiCriterion().add(nn.MSECriterion(), 2).add(nn.AbsCriterion());
    const x = torch.tensor([1, -1, 3]), t = torch.tensor([0, 0, 0]);
    assertClose(mc.forward(x, t), 2 * (1 + 1 + 9) / 3 + (1 + 1 + 3) / 3);
    gradOk(nn.checkGradients(mc, torch.randn(4), torch.randn(4)), 'MultiCriterion');
    const copy = mc.clone();
    assertClose(copy.forward(x, t), mc.forward(x, t));
    ng.dispose(mc, copy, x, t);
  });

  test('nn.CriterionTable(criterion): a loss as a module of {input, target}', () => {
    const m = nn.CriterionTable(nn.MSECriterion());
    const x = torch.tensor([1, 2]), t = torch.tensor([0, 0]);
    assertClose(m.forward([x, t]).toArray(), [2.5]);
    const [gx, gt] = m.backward([x, t], torch.tensor([1]));
    assertClose(gx.toArray(), [1, 2]);
    assert.deepEqual(gt.toArray(), [0, 0]);
    assert.throws(() => nn.CriterionTable(), /expected one criterion/);
    assert.throws(() => nn.CriterionTable(nn.Linear(2, 2)), /expected one criterion/);
    ng.dispose(m, x, t);
  });
});

describe('in graphs, clone, getParameters and save/load', () => {
  test('WeightedEuclidean, Bottle and MixtureTable in one gModule round-trip through save/load', () => {
    const x = nn.Identity()();
    const gate = nn.SoftMax()(nn.Linear(3, 2)(x));
    const e1 = nn.WeightedEuclidean(3, 4)(x);
    const e2 = nn.Bottle(nn.Linear(3, 4))(x);
    const mix = nn.MixtureTable()([gate, nn.Identity()([e1, e2])]);
    const g = nn.gModule([x], [mix]);
    const input = torch.randn(5, 3);
    const y = plain(g.forward(input));
    gradOk(nn.checkGradients(g, torch.randn(2, 3)), 'graph');
    const back = nn.load(g.save());
    assertClose(plain(back.forward(input)), y);
    const copy = g.clone();
    assertClose(plain(copy.forward(input)), y);
    const [flat, gradFlat] = g.getParameters();
    // Linear 3->2 (8), WeightedEuclidean 3x4 twice (24), Linear 3->4 (16)
    assert.equal(flat.numel(), 8 + 24 + 16);
    assert.equal(gradFlat.numel(), flat.numel());
    assertClose(plain(g.forward(input)), y, { what: 'same output after getParameters' });
    ng.dispose(g, back, copy, input, flat, gradFlat);
  });

  test('DepthConcat, MaskedSelect and CriterionTable save and load; a ParallelCriterion inside a graph is refused with the reason', () => {
    const dc = nn.DepthConcat(1);
    dc.add(nn.SpatialConvolution(1, 2, 3, 3)).add(nn.SpatialConvolution(1, 1, 1, 1));
    const x = torch.randn(1, 4, 4);
    const back = nn.load(dc.save());
    assertClose(back.forward(x).toArray(), dc.forward(x).toArray());
    const ms = nn.MaskedSelect();
    assert.equal(nn.load(ms.save()).typeName, 'nn.MaskedSelect');
    const ct = nn.CriterionTable(nn.MSECriterion());
    const ct2 = nn.load(ct.save());
    assert.equal(ct2.toString(), 'nn.CriterionTable(nn.MSECriterion)');
    const p = nn.Identity()(), t = nn.Identity()();
    const loss = nn.ParallelCriterion(true).add(nn.MSECriterion())([p, t]);
    const g = nn.gModule([p, t], [loss]);
    assert.throws(() => g.save(), /holds criterions added with add\(\), which this format does not record/);
    const a = torch.tensor([1, 2]), b = torch.tensor([0, 0]);
    assertClose(g.forward([[a], b]).toArray(), [2.5]);
    ng.dispose(dc, back, x, ms, ct, ct2, g, a, b);
  });
});

test('Lua: c:add(criterion, weight) chains as in Torch code', async () => {
  const lua = await createLua({ print: () => {} });
  try {
    const [loss, gx] = await lua.run(`local c = nn.ParallelCriterion(true):add(nn.MSECriterion(), 0.5):add(nn.AbsCriterion())
local x, t = torch.ones(2):mul(2), torch.zeros(2)
local loss = c:forward({x, x}, t)
local g = c:backward({x, x}, t)
return loss, g[1]`, 'parallel.lua');
    assertClose(loss, 0.5 * 4 + 2);
    assertClose(gx.toArray(), [1, 1]);  // 0.5 * 2 (x - t) / 2
  } finally {
    lua.close();
  }
});
