#!/usr/bin/env node
// The JS API fuzzer (tests/js/fuzz-api.mjs) from the command line:
//   node --expose-gc scripts/fuzz-api.mjs --seconds 600          run cases from a random first seed
//   node --expose-gc scripts/fuzz-api.mjs --seconds 60 --start 1  seeds 1, 2, 3, ...
//   node --expose-gc scripts/fuzz-api.mjs --start 5 --end 900     seeds 5..900 whatever the time (a replay)
//   node --expose-gc scripts/fuzz-api.mjs --seed 1234 --verbose   replay one case, printing every call
// Prints the outcome counts and every failure with its seed; exits 1 if there was any failure.
import { load } from '../bindings/index.mjs';
import { createFuzzer } from '../tests/js/fuzz-api.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? fallback : args[i + 1];
};
const seconds = Number(option('seconds', 30));
const single = option('seed', undefined);
const verbose = args.includes('--verbose');
const start = Number(option('start', Math.floor(Math.random() * 1e9)));
// A range replays what a timed run did on a faster or slower machine: the engine's state carries
// over from case to case, so a failure may need every case before it.
const end = option('end', undefined) === undefined ? Infinity : Number(option('end'));

const ng = await load();
const fuzzer = createFuzzer(ng, { log: (line) => console.log(line) });
const began = Date.now();
let seed = single !== undefined ? Number(single) : start;
if (single !== undefined) {
  fuzzer.runCase(seed, { verbose });
} else {
  console.log(end === Infinity ? `fuzzing the JS API for ${seconds} s from seed ${start}` : `fuzzing the JS API on seeds ${start}..${end}`);
  let nextReport = began + 60000;
  while (end === Infinity ? Date.now() - began < seconds * 1000 : seed <= end) {
    fuzzer.runCase(seed++);
    if (Date.now() > nextReport) {
      nextReport += 60000;
      console.log(`  ${Math.round((Date.now() - began) / 1000)} s: ${JSON.stringify(fuzzer.totals)}`);
    }
  }
  console.log(`seeds ${start}..${seed - 1}`);
}
console.log(JSON.stringify({ seconds: Math.round((Date.now() - began) / 1000), ...fuzzer.totals }));
const bad = fuzzer.failures.length;
console.log(bad ? `${bad} failures (replay one: node --expose-gc scripts/fuzz-api.mjs --seed N --verbose)` : 'no failures');
process.exit(bad ? 1 : 0);
