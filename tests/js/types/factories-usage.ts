// nn's factories are typed one by one (bindings/index.d.ts): Torch's constructor arguments, the
// right result type, and no index signature, so a misspelt factory is a compile error.
import { load, type Tensor, type GraphModule } from 'nngraph-wasm';

async function main(): Promise<void> {
  const { torch, nn } = await load();
  // @ts-expect-error: a misspelt factory does not compile
  nn.Lienar(4, 8);
  // @ts-expect-error: Linear takes (inputSize, outputSize[, bias])
  nn.Linear('4', 8);
  // @ts-expect-error: MSECriterion's argument is sizeAverage, a boolean
  nn.MSECriterion(3);

  // modules with a weight have it for sure (no "possibly undefined")
  const lin = nn.Linear(4, 8);
  const rows: number = lin.weight.shape[0];
  const conv = nn.SpatialConvolution(1, 8, 5, 5);
  conv.gradWeight.zero();
  const k: number = rows + conv.weight.dim();

  // a graph of one output gives a Tensor; of several, a table; gradInput mirrors the input
  const a = nn.Identity()(), b = nn.Identity()();
  const g = nn.gModule([a, b], [nn.CAddTable()([nn.Linear(3, 5)(a), nn.Linear(3, 5)(b)])]);
  const x = torch.rand(2, 3), xp = torch.rand(2, 3);
  const y: Tensor = g.forward([x, xp]);
  const [dx, dxp] = g.backward([x, xp], torch.rand(...y.shape));
  const sizes: number[][] = [dx.shape, dxp.shape];
  const two = nn.gModule([a], [nn.Tanh()(a), nn.Sigmoid()(a)]);
  const outs: Tensor[] = two.forward(x);
  const table: GraphModule<Tensor[]> = nn.gModule<Tensor[]>([a], [nn.SplitTable(1)(a)]);
  const gi: Tensor = lin.backward(x, torch.rand(2, 8));
  // @ts-expect-error: a tensor input gives a tensor gradient, not a table
  const wrong: Tensor[] = lin.backward(x, torch.rand(2, 8));

  // criterions, containers and the composite criterions
  const crit = nn.ClassNLLCriterion(null, true);
  const dl: Tensor = crit.backward(x, torch.tensor([1, 2]));
  const seq = nn.Sequential().add(nn.Linear(3, 5)).add(nn.Tanh());
  const both = nn.ParallelCriterion().add(nn.MSECriterion(), 0.5).add(nn.ClassNLLCriterion());
  nn.Transpose([1, 2], [3, 4]);
  nn.View(-1, 64);
  nn.Reshape(4, 5);
  nn.LeakyReLU(true);
  nn.AddConstant(torch.ones(3));
  void [k, sizes, outs, table, gi, wrong, dl, seq, both];

  // storages
  const s = torch.FloatStorage([1, 2, 3, 4, 5, 6]);
  const m: Tensor = torch.Tensor(s, 1, [2, 3]);
  const back: number = m.storage().size() + m.storageOffset() + m.stride(1);
  torch.Tensor(s, 2, 2, 1, 2, 2);
  const size: number[] = torch.LongStorage([2, 3]);
  void [back, size];
}
void main;
