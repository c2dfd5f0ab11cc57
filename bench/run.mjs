#!/usr/bin/env node
// `npm run bench` (scripts/bench.sh builds what this needs, then runs it).
//
// Runs every workload of bench/workloads.mjs through each contender, interleaved in one process
// run: for each workload, every contender warms up and calibrates its iterations per round, then
// the rounds go A B C ... A B C ... so that a change of machine load hits all of them alike.
// Per contender: median, min and max over the rounds of the per-iteration time.
// Contenders: ours (the npm package: dist/nngraph_core.mjs + bindings/index.mjs), ours-nosimd (the
// same engine built with NNG_WASM_SIMD=OFF), tfjs-wasm and tfjs-cpu (@tensorflow/tfjs 4.22),
// native-sse / native-avx2 (bench/native_bench.cpp, a child process answering one round per line),
// and the ceilings: a register-only f32x4 mul+add loop in wasm (bench/ceiling_wasm.cpp), its
// SSE twin and an AVX2 FMA loop natively.
//
// Times are CPU time of the process running the contender (process.cpuUsage / CLOCK_PROCESS_
// CPUTIME_ID): on this shared 2-core machine wall time includes whatever the scheduler gives to
// other processes. Wall times are recorded too (results.json).
//
//   node bench/run.mjs                 full run -> bench/RESULTS.md + bench/results.json
//   node bench/run.mjs --smoke         tiny sizes, one round, nothing written unless --out is given
//   options: --only=gemm,linear,seed,mlp,lstm,percall,conv,convTrain,lenet   --rounds=N   --round-ms=N   --out=DIR
//            --native-sse=EXE --native-avx2=EXE --ceiling=WASM --nosimd=MJS (other build trees)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawn, execSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SIZES, SMOKE_SIZES, VARIANTS, variantName, flops, ours, tfjs, jsPeer, linForward, nativeCommand, CONV, SMOKE_CONV, LENET, SMOKE_LENET } from './workloads.mjs';
import * as peer from './jspeer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = Object.fromEntries(process.argv.slice(2).map((a) => {
  const [k, v] = a.replace(/^--/, '').split('=');
  return [k, v ?? true];
}));
const smoke = !!argv.smoke;
const only = argv.only ? new Set(String(argv.only).split(',')) : null;
// 9 rounds: on this shared 2-core machine about one round in four of any contender runs 20-40 %
// slow (other tenants; the register-only ceiling shows it too), and the median of 9 rides that out.
const ROUNDS = Number(argv.rounds ?? (smoke ? 1 : 9));
const ROUND_SECONDS = Number(argv['round-ms'] ?? (smoke ? 1 : 60)) / 1000;
const WARM_SECONDS = smoke ? 0 : 0.15;
const outDir = argv.out ? path.resolve(String(argv.out)) : smoke ? null : path.join(root, 'bench');
const sizes = smoke ? SMOKE_SIZES : SIZES;
const log = (...a) => console.log(...a);

// ---------------------------------------------------------------------------------------------
// contenders

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

// A JS contender: before(): async set-up before each round (tfjs backend switch).
function jsRound(step, before) {
  return async (iterations) => {
    if (before) await before();
    const w0 = performance.now(), c0 = cpuNow();
    for (let i = 0; i < iterations; ++i) step();
    return { cpu: cpuNow() - c0, wall: (performance.now() - w0) / 1000 };
  };
}

class NativeServer {
  constructor(exe) {
    this.proc = spawn(exe, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.buffer = '';
    this.waiting = [];
    this.proc.stdout.on('data', (chunk) => {
      this.buffer += chunk;
      let nl;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        this.waiting.shift()(line);
      }
    });
  }
  ask(line) {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.proc.stdin.write(line + '\n');
    });
  }
  async round(command, iterations) {
    const reply = await this.ask(`${command} ${iterations}`);
    if (reply.startsWith('error')) throw new Error(`native: ${reply}`);
    const [wall, cpu] = reply.split(' ').map(Number);
    return { wall, cpu };
  }
  close() { this.proc.stdin.end(); }
}

async function loadOurs() {
  const mod = await import(pathToFileURL(path.join(root, 'bindings/index.mjs')));
  return mod.load();
}

// The facade over another engine build: copies of bindings/index.mjs and bindings/load.mjs, the
// latter importing that build's loader, given that build's .wasm (found beside the loader).
async function loadFacadeOver(enginePath) {
  if (!fs.existsSync(enginePath)) return null;
  const wasmPath = enginePath.replace(/\.mjs$/, '.wasm');
  const url = (file) => JSON.stringify(pathToFileURL(file).href);
  // the copies live in the other tree: their relative imports become absolute
  const copyOf = (name, replacements) => {
    let text = fs.readFileSync(path.join(root, 'bindings', name), 'utf8');
    for (const [specifier, target] of replacements) {
      if (!text.includes(specifier)) throw new Error(`bindings/${name} no longer imports ${specifier}`);
      text = text.replaceAll(specifier, target);
    }
    text = text.replace(/from '\.\/([\w-]+\.mjs)'/g, (_, file) => `from ${url(path.join(root, 'bindings', file))}`);
    const copy = path.join(path.dirname(enginePath), `bench-${name}`);
    fs.writeFileSync(copy, text);
    return copy;
  };
  const loader = copyOf('load.mjs', [["'../dist/nngraph_core.mjs'", url(enginePath)]]);
  const facade = copyOf('index.mjs', [["'./load.mjs'", url(loader)]]);
  return (await import(pathToFileURL(facade))).load({ wasmBinary: fs.readFileSync(wasmPath) });
}

async function loadTf() {
  const require = createRequire(import.meta.url);
  const tf = await import('@tensorflow/tfjs');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // the npm package ships its .wasm files: load them from node_modules (offline)
  wasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist/');
  await tf.setBackend('wasm');
  await tf.ready();
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
  const threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
  await tf.setBackend('cpu');
  await tf.ready();
  return { tf, simd, threads };
}

// ---------------------------------------------------------------------------------------------
// measurement

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// entries: [{ name, round(iterations) -> {cpu, wall}, work? }] -> { name: stats }
async function measure(title, entries) {
  const calibrated = [];
  for (const e of entries) {
    try {
      // warm-up, then iterations per round so that a round takes about ROUND_SECONDS
      let t = (await e.round(1)).cpu, spent = t;
      while (spent < WARM_SECONDS) {
        const r = await e.round(1);
        t = Math.min(t, r.cpu);
        spent += r.cpu;
      }
      // At least 3 calls per round when a call is short enough (< 0.25 s): a round of one call
      // right after another contender's seconds-long calls measures cold caches, not throughput.
      const iterations = Math.max(t < 0.25 ? 3 : 1, Math.round(ROUND_SECONDS / Math.max(t, 1e-7)));
      const rounds = t > 1 ? Math.min(ROUNDS, 3) : ROUNDS;
      calibrated.push({ ...e, iterations, rounds, samples: [] });
    } catch (error) {
      log(`  ${e.name}: ${error.message}`);
    }
  }
  const maxRounds = Math.max(0, ...calibrated.map((e) => e.rounds));
  const runRound = async (e) => {
    const { cpu, wall } = await e.round(e.iterations);
    e.samples.push({ cpu: cpu / e.iterations, wall: wall / e.iterations });
  };
  for (let r = 0; r < maxRounds; ++r)
    for (const e of calibrated) if (r < e.rounds) await runRound(e);
  // Adaptive sampling: a contender whose rounds disagree (median absolute deviation over 5 % of
  // the median: slow periods on this shared machine hit most of its rounds) gets more rounds,
  // still interleaved with the other unsettled ones, up to three times as many.
  const unsettled = (e) => {
    const cpu = e.samples.map((s) => s.cpu), m = median(cpu);
    return median(cpu.map((c) => Math.abs(c - m))) > 0.05 * m;
  };
  for (let extra = 0; extra < 2 * ROUNDS; ++extra) {
    const noisy = calibrated.filter((e) => e.rounds === ROUNDS && unsettled(e));
    if (!noisy.length) break;
    for (const e of noisy) await runRound(e);
  }
  const out = {};
  for (const e of calibrated) {
    const cpu = e.samples.map((s) => s.cpu), wall = e.samples.map((s) => s.wall);
    out[e.name] = {
      median: median(cpu), min: Math.min(...cpu), max: Math.max(...cpu),
      wallMedian: median(wall), wallMin: Math.min(...wall), wallMax: Math.max(...wall),
      iterations: e.iterations, rounds: e.samples.length,
    };
    if (e.work) out[e.name].gflops = e.work / out[e.name].median / 1e9;
  }
  log(`${title}: ` + Object.entries(out).map(([k, v]) => `${k} ${fmtTime(v.median)}${v.gflops ? ` (${v.gflops.toFixed(1)} GF/s)` : ''}`).join(', '));
  return out;
}

function fmtTime(s) {
  if (s < 1e-6) return `${(s * 1e9).toFixed(1)} ns`;
  if (s >= 1) return `${s.toFixed(2)} s`;
  if (s >= 1e-3) return `${(s * 1e3).toFixed(s >= 0.1 ? 0 : 2)} ms`;
  return `${(s * 1e6).toFixed(s >= 1e-4 ? 0 : 1)} µs`;
}

// ---------------------------------------------------------------------------------------------
// main

const ng = await loadOurs();
const nosimdPath = path.resolve(root, String(argv.nosimd ?? 'build/bench-nosimd/bindings/nngraph_core.mjs'));
const ngNoSimd = await loadFacadeOver(nosimdPath);
if (!ngNoSimd) log(`(no ${path.relative(root, nosimdPath)}: run scripts/bench.sh to build the no-SIMD engine)`);
const { tf, simd: tfSimd, threads: tfThreads } = await loadTf();
const servers = {};
for (const [name, dir] of [['native-sse', 'build/bench-sse'], ['native-avx2', 'build/bench-native']]) {
  const exe = path.resolve(root, String(argv[name] ?? `${dir}/bench/nng_bench`));
  if (fs.existsSync(exe)) servers[name] = new NativeServer(exe);
  else log(`(no ${path.relative(root, exe)}: run scripts/bench.sh to build the native benchmark)`);
}
const ceilingPath = path.resolve(root, String(argv.ceiling ?? 'build/bench-wasm/bench/bench_ceiling.wasm'));
let ceilingWasm = null;
if (fs.existsSync(ceilingPath)) {
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(ceilingPath), {});
  ceilingWasm = instance.exports.ceiling;
} else log(`(no ${path.relative(root, ceilingPath)}: run scripts/bench.sh to build the wasm ceiling loop)`);
const CEILING_FLOPS = 12 * 8 * 1e6;  // per million steps: 12 chains x 4 lanes x (mul + add)

const tfBackend = (name) => async () => {
  if (tf.getBackend() !== name) await tf.setBackend(name);
};

// contenders of one workload case; args as for workloads.mjs
function contenders(kind, args, work, { tfCpu = true, nosimd = true } = {}) {
  const list = [];
  const made = [];
  const ourStep = (api) => {
    const w = ours[kind](api, ...args);
    made.push(w);
    return w.step;
  };
  list.push({ name: 'ours', round: jsRound(ourStep(ng)), work });
  if (jsPeer[kind]) list.push({ name: 'js-peer', round: jsRound(jsPeer[kind](peer).step), work });
  if (ngNoSimd && nosimd) list.push({ name: 'ours-nosimd', round: jsRound(ourStep(ngNoSimd)), work });
  for (const backend of tfCpu ? ['wasm', 'cpu'] : ['wasm']) {
    let w = null;
    const before = async () => {
      await tfBackend(backend)();
      if (!w) {
        w = tfjs[kind](tf, ...args);
        made.push(w);
      }
    };
    list.push({ name: `tfjs-${backend}`, round: jsRound(() => w.step(), before), work });
  }
  for (const [name, server] of Object.entries(servers))
    list.push({ name, round: (it) => server.round(nativeCommand[kind](...args), it), work });
  return { list, dispose: () => made.forEach((w) => w.dispose()) };
}

function ceilingContenders() {
  const list = [];
  if (ceilingWasm) list.push({ name: 'ceiling-wasm', round: jsRound(() => ceilingWasm(1, 0.9999, 1e-4)), work: CEILING_FLOPS });
  if (servers['native-sse']) list.push({ name: 'ceiling-sse', round: (it) => servers['native-sse'].round('ceiling128', it), work: CEILING_FLOPS });
  if (servers['native-avx2']) list.push({ name: 'ceiling-avx2', round: (it) => servers['native-avx2'].round('ceiling256', it), work: 2 * CEILING_FLOPS });
  return list;
}

const want = (k) => !only || only.has(k);
const results = { gemm: [], linear: [], seed: null, mlp: null, lstm: null, percall: null, conv: null, convTrain: null, lenet: null, memory: {} };

// heap and handle counts of our contender around a workload: flat after the first iteration?
function memoryProbe(kind, args) {
  const w = ours[kind](ng, ...args);
  w.step();
  const before = ng.memory();
  for (let i = 0; i < (smoke ? 3 : 200); ++i) w.step();
  const after = ng.memory();
  w.dispose();
  return {
    heapBytesGrowth: after.heapBytes - before.heapBytes,
    heapSizeGrowth: after.heapSize - before.heapSize,
    tensorHandlesGrowth: after.tensors - before.tensors,
  };
}

if (want('gemm')) {
  for (const n of sizes.gemm) {
    for (const [ta, tb] of VARIANTS) {
      const c = contenders('gemm', [n, ta, tb], flops.gemm(n), { tfCpu: n <= 512 });
      const stats = await measure(`gemm ${n} ${variantName(ta, tb)}`, [...c.list, ...ceilingContenders()]);
      c.dispose();
      results.gemm.push({ n, variant: variantName(ta, tb), stats });
    }
  }
  results.memory.gemm = memoryProbe('gemm', [sizes.gemm[0], false, false]);
}
if (want('linear')) {
  for (const n of sizes.linear) {
    const c = contenders('linear', [n], flops.linear(n), { tfCpu: n <= 256, nosimd: n <= 512 });
    const stats = await measure(`linear ${n}`, c.list);
    c.dispose();
    results.linear.push({ n, stats });
  }
  results.memory.linear = memoryProbe('linear', [sizes.linear[0]]);
}
for (const kind of ['seed', 'mlp', 'lstm']) {
  if (!want(kind)) continue;
  const c = contenders(kind, []);
  results[kind] = await measure(kind, c.list);
  c.dispose();
  results.memory[kind] = memoryProbe(kind, []);
}
// Per-call cost (issue 17): lin.forward(x) of a 3->5 Linear on 3x3, next to an empty wasm export
// called from JS (nng_empty_call, of a second instance of the same engine) in the same run.
if (want('percall')) {
  const lin = linForward(ng);
  const engine = await (await import(pathToFileURL(path.join(root, 'dist/nngraph_core.mjs')))).default({ wasmBinary: fs.readFileSync(path.join(root, 'dist/nngraph_core.wasm')) });
  const empty = engine._nng_empty_call;
  let sink = 0;
  results.percall = await measure('per call', [
    { name: 'lin.forward', round: jsRound(lin.step) },
    { name: 'empty export', round: jsRound(() => { sink += empty(1); }) },
  ]);
  if (sink < 0) log(sink);
  lin.dispose();
}
// Convolution rows (issue 15): tfjs-wasm has no Conv2DBackpropFilter kernel, so its
// forward+backward and LeNet rounds fail in calibration and only tfjs-cpu is left to compare.
const convCase = smoke ? SMOKE_CONV : CONV, lenetCase = smoke ? SMOKE_LENET : LENET;
for (const [kind, arg, work] of [['conv', convCase, flops.conv(convCase)], ['convTrain', convCase, flops.convTrain(convCase)], ['lenet', lenetCase, undefined]]) {
  if (!want(kind)) continue;
  const c = contenders(kind, [arg], work, { nosimd: kind !== 'convTrain' });
  results[kind] = await measure(kind, [...c.list, ...(kind === 'conv' ? ceilingContenders() : [])]);
  c.dispose();
  results.memory[kind] = memoryProbe(kind, [arg]);
}
Object.values(servers).forEach((s) => s.close());

// ---------------------------------------------------------------------------------------------
// targets, package size, report

// every JS and wasm file the package ships (package.json "files" minus the types and README)
const pkgFiles = ['dist/nngraph_core.mjs', 'dist/nngraph_core.wasm', 'bindings/index.mjs', 'bindings/index.cjs', 'bindings/optim.mjs',
  'bindings/load.mjs', 'bindings/handles.mjs', 'bindings/values.mjs', 'bindings/tensor.mjs',
  'bindings/node.mjs', 'bindings/module.mjs', 'bindings/criterion.mjs',
  'bindings/extensions.mjs', 'bindings/tensor_methods.mjs', 'bindings/define_module.mjs'];  // (not ./lua: its own export)
const gzipBytes = pkgFiles.reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(root, f)), { level: 9 }).length, 0);
const rawBytes = pkgFiles.reduce((sum, f) => sum + fs.statSync(path.join(root, f)).size, 0);

const ratio = (a, b) => (a && b ? a / b : null);
const targets = [];
const target = (name, value, goal, detail) => targets.push({ name, value, goal, met: value !== null && value >= goal, detail });
for (const g of results.gemm) {
  const s = g.stats;
  if (g.n < 256 && !smoke) continue;
  target(`GEMM ${g.n} ${g.variant}: fraction of the wasm ceiling`, ratio(s.ours?.gflops, s['ceiling-wasm']?.gflops), 0.85,
    `${s.ours?.gflops?.toFixed(1)} of ${s['ceiling-wasm']?.gflops?.toFixed(1)} GFLOP/s`);
  const tfNN = results.gemm.find((x) => x.n === g.n && x.variant === 'NN')?.stats['tfjs-wasm'];
  target(`GEMM ${g.n} ${g.variant}: vs tfjs-wasm matMul NN`, ratio(s.ours?.gflops, tfNN?.gflops), 1.2,
    `tfjs-wasm NN ${tfNN?.gflops?.toFixed(1)} GFLOP/s, tfjs-wasm ${g.variant} ${s['tfjs-wasm']?.gflops?.toFixed(1)}`);
  target(`GEMM ${g.n} ${g.variant}: wasm vs native SSE4.1`, ratio(s.ours?.gflops, s['native-sse']?.gflops), 0.85,
    `native-sse ${s['native-sse']?.gflops?.toFixed(1)} GFLOP/s`);
}
for (const l of results.linear) {
  if (l.n < 256 && !smoke) continue;
  target(`Linear ${l.n} fwd+bwd: speed-up vs tfjs-wasm`, ratio(l.stats['tfjs-wasm']?.median, l.stats.ours?.median), 5,
    `${fmtTime(l.stats.ours?.median)} vs ${fmtTime(l.stats['tfjs-wasm']?.median)}`);
}
for (const [kind, goal, label] of [['mlp', 4, 'MLP training step'], ['lstm', 3, 'LSTM cell fwd+bwd'], ['seed', 50, 'Seed graph fwd+bwd']]) {
  const s = results[kind];
  if (!s) continue;
  target(`${label}: speed-up vs tfjs-wasm`, ratio(s['tfjs-wasm']?.median, s.ours?.median), goal, `${fmtTime(s.ours?.median)} vs ${fmtTime(s['tfjs-wasm']?.median)}`);
}
if (results.seed) {
  const s = results.seed;
  target('Seed graph fwd+bwd: 1.5 µs / time', ratio(1.5e-6, s.ours?.median), 1, `${fmtTime(s.ours?.median)}`);
  target('Seed graph fwd+bwd: speed-up vs the pure-JS peer (bench/jspeer.mjs)', ratio(s['js-peer']?.median, s.ours?.median), 3,
    `${fmtTime(s.ours?.median)} vs ${fmtTime(s['js-peer']?.median)}`);
}
if (results.percall) {
  const s = results.percall;
  target('lin.forward(x), Linear 3->5 on 3x3: 4 x empty export call / time', ratio(4 * s['empty export']?.median, s['lin.forward']?.median), 1,
    `${fmtTime(s['lin.forward']?.median)} per call vs ${fmtTime(s['empty export']?.median)} per empty export call`);
}
if (results.conv) {
  const s = results.conv;
  target('Conv 5x5 32->64, 28x28, batch 32 forward: speed-up vs tfjs-wasm conv2d', ratio(s['tfjs-wasm']?.median, s.ours?.median), 1,
    `${fmtTime(s.ours?.median)} vs ${fmtTime(s['tfjs-wasm']?.median)} (tfjs-cpu ${fmtTime(s['tfjs-cpu']?.median)})`);
  target('Conv forward (im2col included): fraction of the wasm ceiling', ratio(s.ours?.gflops, s['ceiling-wasm']?.gflops), 0.8,
    `${s.ours?.gflops?.toFixed(1)} of ${s['ceiling-wasm']?.gflops?.toFixed(1)} GFLOP/s`);
}
// the fastest tfjs backend that computed a workload
const fastestTf = (s) => ['tfjs-wasm', 'tfjs-cpu'].filter((n) => s[n]).sort((a, b) => s[a].median - s[b].median)[0];
for (const [kind, goal, label] of [['convTrain', 5, 'Conv forward+backward'], ['lenet', 1, 'LeNet training step, batch 64 (no goal in the issue)']]) {
  const s = results[kind];
  if (!s) continue;
  const best = fastestTf(s);
  target(`${label}: speed-up vs the fastest tfjs backend that runs it`, ratio(s[best]?.median, s.ours?.median), goal,
    `${fmtTime(s.ours?.median)} vs ${best ?? 'none'} ${fmtTime(s[best]?.median)}${s['tfjs-wasm'] ? '' : ' (tfjs-wasm cannot: no Conv2DBackpropFilter)'}`);
}
for (const [kind, m] of Object.entries(results.memory))
  target(`No allocation in steady state (${kind}): heap growth after the first iteration`, m.heapSizeGrowth === 0 && m.heapBytesGrowth <= 256 ? 1 : 0, 1,
    `malloc'd bytes ${m.heapBytesGrowth >= 0 ? '+' : ''}${m.heapBytesGrowth}, wasm memory +${m.heapSizeGrowth}, tensor handles ${m.tensorHandlesGrowth >= 0 ? '+' : ''}${m.tensorHandlesGrowth}`);
// the stricter reading of "300 KB": 300 000 bytes
target('Package JS + wasm gzipped: 300 KB / size', 300000 / gzipBytes, 1, `${(gzipBytes / 1000).toFixed(1)} KB gzip -9 (${(rawBytes / 1000).toFixed(0)} KB raw; KB = 1000 bytes) of ${pkgFiles.join(' + ')}`);

const sh = (cmd) => {
  try {
    return execSync(cmd, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '?';
  }
};
const machine = {
  cpu: os.cpus()[0]?.model ?? '?',
  cores: os.cpus().length,
  loadAverage: os.loadavg().map((x) => x.toFixed(1)).join(' '),
  node: process.version,
  emscripten: sh('em++ --version | head -1'),
  gxx: sh('g++ --version | head -1'),
  tfjs: tf.version.tfjs,
  tfjsWasmSimd: tfSimd,
  tfjsWasmThreads: tfThreads,
  oursSimd: ng.info.simd,
  commit: sh(`git -C ${root} rev-parse --short HEAD`) + (sh(`git -C ${root} status --porcelain -- core bindings bench ':!bench/RESULTS.md' ':!bench/results.json'`) ? ' (+ uncommitted changes)' : ''),
};
const report = { date: new Date().toISOString(), machine, smoke, rounds: ROUNDS, roundSeconds: ROUND_SECONDS, results, targets, package: { gzipBytes, rawBytes, files: pkgFiles } };

if (smoke) {
  for (const [kind, m] of Object.entries(results.memory)) log(`memory ${kind}: ${JSON.stringify(m)}`);
  log(`package: ${(gzipBytes / 1000).toFixed(1)} KB gzipped`);
}
if (outDir) {
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify(report, null, 1) + '\n');
  fs.writeFileSync(path.join(outDir, 'RESULTS.md'), markdown(report));
  log(`wrote ${path.relative(process.cwd(), path.join(outDir, 'RESULTS.md'))} and results.json`);
}
process.exit(0);  // tfjs keeps timers alive

function markdown(r) {
  const order = ['ours', 'ours-nosimd', 'js-peer', 'lin.forward', 'empty export', 'tfjs-wasm', 'tfjs-cpu', 'native-sse', 'native-avx2', 'ceiling-wasm', 'ceiling-sse', 'ceiling-avx2'];
  const cell = (s, showFlops) => (s ? `${fmtTime(s.median)} (${fmtTime(s.min)}–${fmtTime(s.max)})${showFlops && s.gflops ? ` **${s.gflops.toFixed(1)}**` : ''}` : '–');
  const table = (rows, showFlops) => {
    const names = order.filter((n) => rows.some((row) => row.stats[n]));
    const head = `| case | ${names.join(' | ')} |\n|---|${names.map(() => '---').join('|')}|\n`;
    return head + rows.map((row) => `| ${row.label} | ${names.map((n) => cell(row.stats[n], showFlops)).join(' | ')} |`).join('\n') + '\n';
  };
  const m = r.machine;
  let s = `# Benchmark results\n\nGenerated by \`npm run bench\` (bench/run.mjs) on ${r.date}.\n\n`;
  s += `- Machine: ${m.cpu}, ${m.cores} cores (shared with other jobs; load average at the end ${m.loadAverage}), ${m.node}, ${m.emscripten}, ${m.gxx}\n`;
  s += `- Commit ${m.commit}; tfjs ${m.tfjs} (wasm backend SIMD ${m.tfjsWasmSimd}, threads ${m.tfjsWasmThreads}); ours SIMD ${m.oursSimd}\n`;
  s += `- Commands: \`npm run bench\` = \`bash scripts/bench.sh\` (builds build/bench-wasm, build/bench-nosimd with NNG_WASM_SIMD=OFF, build/bench-sse with NNG_NATIVE_SSE=ON, build/bench-native (AVX2+FMA), then \`node bench/run.mjs\`)\n`;
  s += `- Method: per workload, each contender warms up and calibrates iterations per round (~${(r.roundSeconds * 1000).toFixed(0)} ms, and at least 3 calls when a call takes under 0.25 s), then ${r.rounds} rounds interleaved A B C … A B C … (more, up to 3x, for a contender whose rounds disagree by over 5 % median absolute deviation); cells are the **median** per-iteration CPU time of the contender's process, with the (min–max) over rounds; bold numbers are GFLOP/s at the median. Wall times are in results.json.\n\n`;
  s += `## Targets (ratios measured in this run)\n\n| target | reached | goal | met | detail |\n|---|---|---|---|---|\n`;
  for (const t of r.targets) s += `| ${t.name} | ${t.value === null ? '–' : t.value.toFixed(2)} | ${t.goal} | ${t.met ? 'yes' : '**no**'} | ${t.detail} |\n`;
  s += `\n## 1. GEMM through nn.MM (n x n x n; GFLOP/s bold)\n\n`;
  s += table(r.results.gemm.map((g) => ({ label: `${g.n} ${g.variant}`, stats: g.stats })), true);
  s += `\n## 2. Linear forward + backward (batch n, n -> n; gradInput, gradWeight, gradBias)\n\n`;
  s += table(r.results.linear.map((l) => ({ label: `${l.n}`, stats: l.stats })), true);
  s += `\n## 3–5. Seed graph, MLP training step, LSTM cell\n\n`;
  s += table(['seed', 'mlp', 'lstm', 'percall'].filter((k) => r.results[k]).map((k) => ({ label: k, stats: r.results[k] })), false);
  s += `\n- seed: two Linear(3,5) + CAddTable on 3x3 inputs, one forward + backward (js-peer: the same graph through bench/jspeer.mjs, a general-purpose pure-JS implementation of our API)\n- percall: lin.forward(x) of a Linear(3,5) on a 3x3 input, and an empty wasm export called from JS\n- mlp: 784-256-10, batch 64, ReLU, LogSoftMax + ClassNLLCriterion, zeroGradParameters + forward + backward + SGD update (tfjs: tf.variableGrads + sgd.applyGradients)\n- lstm: nngraph LSTM cell, batch 32, input 128, hidden 256, forward + backward (tfjs: tf.grads over inputs and parameters)\n`;
  const convRows = ['conv', 'convTrain', 'lenet'].filter((k) => r.results[k]);
  if (convRows.length) {
    s += `\n## 7. Convolution (issue 15)\n\n`;
    s += table(convRows.map((k) => ({ label: k, stats: r.results[k] })), true);
    s += `\n- conv: nn.SpatialConvolution(32, 64, 5, 5) forward on 32x32x28x28 (tfjs: conv2d + bias, NHWC, its own layout)\n- convTrain: the same, forward + backward (gradInput, gradWeight, gradBias; tfjs: tf.grads)\n- lenet: conv 5x5 1->6, ReLU, max-pool, conv 5x5 6->16, ReLU, max-pool, 256-120-84-10, LogSoftMax + ClassNLL, batch 64, one SGD step\n`;
  }
  s += `\n## 6. What SIMD buys (ours vs ours-nosimd, same run)\n\n| case | SIMD | no SIMD | speed-up |\n|---|---|---|---|\n`;
  const simdRows = [...r.results.gemm.map((g) => [`GEMM ${g.n} ${g.variant}`, g.stats]), ...r.results.linear.map((l) => [`Linear ${l.n}`, l.stats]),
    ...['seed', 'mlp', 'lstm', 'conv', 'lenet'].filter((k) => r.results[k]).map((k) => [k, r.results[k]])];
  for (const [label, st] of simdRows) if (st.ours && st['ours-nosimd']) s += `| ${label} | ${fmtTime(st.ours.median)} | ${fmtTime(st['ours-nosimd'].median)} | ${(st['ours-nosimd'].median / st.ours.median).toFixed(2)}x |\n`;
  s += `\n## Memory (ours, 200 iterations after the first)\n\n| workload | malloc'd bytes growth | wasm memory growth | tensor handle growth |\n|---|---|---|---|\n`;
  for (const [k, v] of Object.entries(r.results.memory)) s += `| ${k} | ${v.heapBytesGrowth} | ${v.heapSizeGrowth} | ${v.tensorHandlesGrowth} |\n`;
  s += `\n## Package\n\n${(r.package.gzipBytes / 1000).toFixed(1)} KB gzip -9 (${(r.package.rawBytes / 1000).toFixed(0)} KB raw; KB = 1000 bytes): ${r.package.files.join(' + ')}\n`;
  return s;
}
