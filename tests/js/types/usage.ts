// Compiled with `tsc --noEmit` by tests/js/types.test.mjs: the declarations in
// bindings/index.d.ts must accept the documented API and reject misuse (the @ts-expect-error lines).
import { load, type Tensor, type Module, type GraphModule, type NodeInspection, type PlainValue } from 'nngraph-wasm';

async function main(): Promise<void> {
  const ng = await load({ wasmBinary: new Uint8Array(0) });
  const { torch, nn, info } = ng;
  const x: Tensor = torch.rand(3, 3);
  const shape: number[] = x.shape;
  const data: Float32Array = x.toFloat32Array();
  const n: number = x.numel() + x.dim() + x.size(1) + shape.length + data.length;
  torch.manualSeed(n);

  const mlp: Module = nn.Linear(3, 3);
  const w: Tensor | undefined = mlp.weight;
  const xp = mlp.forward(x);
  const in1 = nn.Identity()(), in2 = nn.Identity()();
  const score = nn.CAddTable()([nn.Linear(3, 5)(in1), nn.Linear(3, 5)(in2)]).annotate({ name: 'score' });
  const g: GraphModule = nn.gModule([in1, in2], [score]);
  const y = g.forward([x, xp]);
  const gi = g.backward([x, xp], torch.rand(3, 5));
  const dot: string = g.toDot({ backward: true });
  const nodes: NodeInspection[] = g.inspect().nodes;
  const out: PlainValue = nodes[0].output;
  const [params, grads] = g.parameters();
  const seq = nn.Sequential().add(nn.Linear(3, 4)).add(nn.Tanh());
  const loss: number = nn.MSECriterion().forward(seq.forward(x), torch.zeros(3, 4));
  const check = nn.checkGradients(g, [x, xp]);
  const mem = ng.memory();
  const [a, b] = nn.Identity()().split(2);
  {
    using t = torch.zeros(2);
    t.fill(1);
  }
  ng.dispose(y, gi, params, grads, w);
  console.log(info.version, dot.length, out, loss, check.maxError, mem.heapBytes, a.id, b.label);

  // optim: functional form over getParameters(), object form over a module
  const { optim } = ng;
  const [flat, gradFlat] = mlp.getParameters();
  const state = {};
  const [same, [fx]] = optim.sgd((p: Tensor) => [p.numel(), gradFlat], flat, { learningRate: 0.1, momentum: 0.9 }, state);
  optim.adam(() => [0, gradFlat], same, { beta1: 0.9 });
  const opt = optim.adam(mlp, { learningRate: 0.01 });
  const stepLoss: number = opt.zeroGrad().step(() => fx);
  opt.learningRate = stepLoss;
  optim.sgd(mlp.parameters(), {}).dispose();
  // @ts-expect-error sgd's config has no beta1
  optim.sgd(mlp, { beta1: 0.9 });

  // @ts-expect-error shape is read-only
  x.shape = [1];
  // @ts-expect-error forward takes Tensors, not numbers
  mlp.forward(5);
  // @ts-expect-error gModule takes arrays of nodes
  nn.gModule(in1, score);
  // @ts-expect-error annotate takes an object
  score.annotate('h1');

  // convolutional networks (issue 15)
  const convnet: Module = nn.Sequential()
    .add(nn.SpatialConvolution(1, 8, 5, 5).noBias())
    .add(nn.SpatialMaxPooling(2, 2, 2, 2).ceil())
    .add(nn.SpatialAveragePooling(3, 3, 1, 1, 1, 1).setCountExcludePad())
    .add(nn.SpatialBatchNormalization(8));
  const runningMean: Tensor | undefined = convnet.running_mean;
  void runningMean;
  nn.SpatialClassNLLCriterion().forward(x, x);
}
void main;
