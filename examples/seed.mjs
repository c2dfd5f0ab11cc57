// The seed's question, in JavaScript: why does backward of a two-input graph return two tensors,
// and what happens when backward gets the wrong input?  Run: node examples/seed.mjs
import { load } from 'nngraph-wasm';

const { torch, nn } = await load();
torch.manualSeed(1);

// input1 = nn.Identity()(); input2 = nn.Identity()()
// score  = nn.CAddTable()({nn.Linear(3,5)(input1), nn.Linear(3,5)(input2)})
const input1 = nn.Identity()().annotate({ name: 'input1' });
const input2 = nn.Identity()().annotate({ name: 'input2' });
const score = nn.CAddTable()([nn.Linear(3, 5)(input1), nn.Linear(3, 5)(input2)]).annotate({ name: 'score' });
const g = nn.gModule([input1, input2], [score]);

const x = torch.rand(3, 3);
const mlp = nn.Linear(3, 3);
const xp = mlp.forward(x);                           // x_p = nn.Linear(3,3):forward(x)

const result = g.forward([x, xp]);
console.log('input1 = x:');
console.log(x.toString());
console.log('input2 = x_p = nn.Linear(3,3):forward(x):');
console.log(xp.toString());
console.log('score = g:forward({x, x_p}):');
console.log(result.toString());

const err = torch.rand(...result.shape);
const gradient = g.backward([x, xp], err);           // a table of TWO gradients: it mirrors the input
console.log(`g:backward({x, x_p}, err) returned a table of ${gradient.length} tensors, one per input:`);
gradient.forEach((grad, i) => {
  console.log(`∂score/∂input${i + 1}  (gradient for ${i === 0 ? 'x' : 'x_p'}, size ${grad.shape.join('x')}):`);
  console.log(grad.toString());
});

try {
  g.backward(x, err);                                // the wrong input: Torch would not notice
} catch (e) {
  console.log('g:backward(x, err) now fails with:');
  console.log(`  ${e.message}`);
}

g.dispose();
mlp.dispose();
for (const t of [x, xp, result, err, ...gradient]) t.dispose();
