// The seeded JS API fuzzer (tests/js/fuzz-api.mjs) for a bounded time: every outcome must be a
// clean Error or a right answer. FUZZ_API_SECONDS (default 20) and FUZZ_API_START (default 1)
// change the budget and the first seed; scripts/fuzz-api.mjs runs it longer and replays a seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ng } from './helpers.mjs';
import { createFuzzer, classifyError } from './fuzz-api.mjs';

const seconds = Number(process.env.FUZZ_API_SECONDS ?? 20);
const start = Number(process.env.FUZZ_API_START ?? 1);

test('the classification: engine internals and traps are not clean errors', () => {
  assert.equal(classifyError(new Error('nn.Linear(3 -> 5): expected input of size 3, got 4')).kind, 'clean');
  assert.equal(classifyError(new Error('memory access out of bounds')).kind, 'poor');
  assert.equal(classifyError(new Error('vector')).kind, 'poor');
  assert.equal(classifyError(new Error('line one\nline two')).kind, 'poor');
  assert.equal(classifyError(new WebAssembly.RuntimeError('unreachable')).kind, 'trap');
  assert.equal(classifyError(5242880).kind, 'trap');
});

test('the probes catch a wrong gradient and the bookkeeping catches a leak', () => {
  const wrongGradients = createFuzzer(ng, { sabotage: 'gradient' });
  for (let seed = 1; seed <= 40 && wrongGradients.totals.wrong === 0; ++seed) wrongGradients.runCase(seed, { confirmLeaks: false });
  assert.ok(wrongGradients.totals.wrong > 0, 'a gradient 10 % off was reported as wrong');
  const leaky = createFuzzer(ng, { sabotage: 'leak' });
  let leaked = false;
  for (let seed = 1; seed <= 20 && !leaked; ++seed) leaked = leaky.runCase(seed, { confirmLeaks: false }).failures.some((f) => f.kind === 'leak');
  assert.ok(leaked, 'an object left undisposed was reported as a leak');
  leaky.spared.forEach((x) => x.dispose());  // not left to the garbage collector mid-fuzzing
});

test(`fuzzing the JS API for ${seconds} s from seed ${start}`, () => {
  const fuzzer = createFuzzer(ng, { log: (line) => console.log(line) });
  const began = Date.now();
  let seed = start;
  while (Date.now() - began < seconds * 1000) fuzzer.runCase(seed++);
  console.log(`seeds ${start}..${seed - 1}: ${JSON.stringify(fuzzer.totals)}`);
  assert.ok(fuzzer.totals.probes > 0 && fuzzer.totals.clean > 0, 'the fuzzer ran probes and met errors');
  assert.deepEqual(fuzzer.failures, [], 'every outcome is a clean Error or a right answer');
});
