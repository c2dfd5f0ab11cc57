// Type-checks issue 14's API additions: the module-tree API, forwardnodes, number targets and the
// rest of optim.
import { load } from 'nngraph-wasm';

async function main(): Promise<void> {
  const ng = await load();
  const { torch, nn, optim } = ng;

  const x = nn.Identity()();
  const h = nn.Linear(3, 4)(x).annotate({ name: 'i2h' });
  const g = nn.gModule([x], [nn.Tanh()(h)]);
  for (const node of g.forwardnodes) {
    if (node.data.annotations.name === 'i2h') node.data.module.bias?.copy(torch.zeros(4));
}
const ids: number[] = g.backwardnodes.map((n) => n.id);
const linears = g.findModules('nn.Linear');
g.apply((m) => { m.clearState(); }).reset(0.1).listModules();
const replaced = g.replace((m) => (m.typeName === 'nn.Tanh' ? nn.ReLU() : m));
nn.View(4).setNumInputDims(2);
const loss: number = nn.ClassNLLCriterion().forward(torch.tensor([-1, -2]), 2);

const [params, grads] = nn.Linear(2, 1).getParameters();
const feval = (p: typeof params): [number, typeof grads] => [0, grads];
const [, fs] = optim.lbfgs(feval, params, { maxIter: 3 }, {});
const last: number = fs[fs.length - 1];
optim.rmsprop(feval, params, { learningRate: 0.01, alpha: 0.9 });
optim.nag(feval, params, { momentum: 0.9 });
// @ts-expect-error adamax has no momentum key
optim.adamax(feval, params, { momentum: 0.9 });
void [ids, linears, replaced, loss, last];
}
void main;
