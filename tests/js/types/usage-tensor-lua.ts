// Type usage of the tensor methods, nn.defineModule and nngraph-wasm/lua (issue 11).
import { load, type Tensor } from 'nngraph-wasm';
import { createLua, type LuaError } from 'nngraph-wasm/lua';

async function main(): Promise<void> {
  const { torch, nn } = await load();
  const t: Tensor = torch.Tensor(2, 3).uniform(-1, 1).add(1).mul(2).cmul(torch.ones(2, 3));
  const u = new torch.Tensor([[1, 2], [3, 4]]);
  const [values, positions] = u.max(2);
  const total: number = u.sum() + values.sum(1).sum() + positions.numel();
  const v: Tensor = torch.cat([t.narrow(2, 1, 2), u], 1).t().contiguous().view(-1);
  const m = torch.mm(torch.eye(2), u).addmm(0.5, u, 2, u, u).index(1, [2, 1]);
  const Double = nn.defineModule('Double', {
    init(scale = 2) { this.scale = scale; },
    updateOutput(input) { return this.output.resizeAs(input as Tensor).copy(input as Tensor).mul(this.scale); },
  });
  const d = Double(3);
  d.forward(torch.range(1, 3));
  const lua = await createLua({ files: { 'a.lua': 'return 1' }, print: (line: string) => void line });
  try {
    const [first] = await lua.run('return torch.rand(2)', 'x.lua', { instructionLimit: 1e6 });
    console.log(first, total, v.dim(), m.dim());
  } catch (e) {
    console.log((e as LuaError).lineNumber);
  } finally {
    lua.close();
  }
  // @ts-expect-error max(dim) is a pair
  const wrong: Tensor = u.max(1);
  void wrong;
}
void main;
