// A seeded random fuzzer of the public JS API (issue 16). Each case is one seed: a fresh random
// program over the API, replayable on its own (node scripts/fuzz-api.mjs --seed N --verbose).
//
// A case has two halves:
//  - chaos: random modules (every registered type, random arguments), containers, graphs,
//    criterions and tensors, and random methods called on random objects (a foreign `this`
//    included) with random arguments, among them hostile JS values: NaN, 2**32 + 1, holes,
//    BigInts, proxies, arrays whose getters dispose objects or run other forwards;
//  - probes: a random valid graph of smooth modules whose answers are checked: gradInput and
//    parameter gradients against central finite differences computed here through the public
//    API, repeated forwards, clone() and save()/nn.load() round trips bit for bit.
// Every call's outcome is classified:
//   clean   an Error whose message is one sentence;
//   poor    an Error, but its message is empty, multi-line or an engine internal ("vector",
//           "memory access out of bounds", "Cannot read properties of undefined", ...);
//   trap    a WebAssembly.RuntimeError, a stack overflow, or a thrown non-Error;
//   hang    one call that took longer than HANG_MS;
//   wrong   a probe's answer disagreed;
//   leak    handles (ng.memory() counts) or malloc'd bytes left after everything was disposed
//           (bytes are confirmed by running the case a second time).
// Anything but clean counts as a failure.

import { random as mulberry32 } from '../../web/src/datasets.js';  // the page's seeded PRNG

const HANG_MS = 3000;

const POOR = [
  /^\s*$/, /^-?\d+$/, /null function/, /signature mismatch/, /memory access out of bounds/, /table index/,
  /unreachable/, /Cannot read properties/, /Cannot pass deleted/, /is not a function/, /^vector$/,
  /bad_alloc/, /std::/, /Maximum call stack/, /Expected null or instance/, /BindingError/,
  /UnboundTypeError/, /Invalid typed array length/, /Cannot convert/, /index out of range$/,
  /\bnan\b/, /\$\$/, /is not iterable/, /undefined \(reading/,
];

export function classifyError(e) {
  if (!(e instanceof Error)) return { kind: 'trap', detail: `threw a non-Error: ${String(e)}` };
  if (typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError) return { kind: 'trap', detail: e.message };
  if (e instanceof RangeError && /call stack/i.test(e.message)) return { kind: 'trap', detail: e.message };
  const message = String(e.message);
  if (message.includes('\n') || POOR.some((re) => re.test(message))) return { kind: 'poor', detail: message };
  return { kind: 'clean', detail: message };
}

// options.sabotage ('gradient' | 'leak') breaks the fuzzer's own bookkeeping on purpose, so a
// test can show that wrong answers and leaks are caught.
export function createFuzzer(ng, { log = () => {}, sabotage = null } = {}) {
  const { torch, nn, info } = ng;
  const counts = () => {
    const { tensors, modules, criterions, nodes } = ng.memory();
    return { tensors, modules, criterions, nodes };
  };
  const totals = { calls: 0, ok: 0, clean: 0, poor: 0, trap: 0, hang: 0, wrong: 0, leak: 0, probes: 0, cases: 0 };
  const failures = [];
  const spared = [];  // what sabotage 'leak' left undisposed

  function runCase(seed, { verbose = false, confirmLeaks = true } = {}) {
    const baseline = counts(), heapBefore = ng.memory().heapBytes;
    const caseFailures = [];
    const before = caseFailures.length;
    const result = playCase(seed, verbose, caseFailures);
    const after = counts();
    if (JSON.stringify(after) !== JSON.stringify(baseline))
      caseFailures.push({ kind: 'leak', seed, detail: `handles left: ${JSON.stringify(baseline)} -> ${JSON.stringify(after)}` });
    const grown = ng.memory().heapBytes - heapBefore;
    if (grown > 256 && confirmLeaks && !caseFailures.some((f) => f.kind === 'trap')) {
      // the first run may initialise things once; the same program again must not grow
      const heapAgain = ng.memory().heapBytes;
      playCase(seed, false, []);
      const again = ng.memory().heapBytes - heapAgain;
      if (again > 256) caseFailures.push({ kind: 'leak', seed, detail: `malloc'd bytes grew by ${grown}, then by ${again} when the case ran again` });
    }
    totals.cases++;
    for (const f of caseFailures.slice(before)) {
      totals[f.kind]++;
      failures.push(f);
      log(`seed ${seed}: ${f.kind}: ${f.detail}${f.op ? ` (step ${f.step}: ${f.op})` : ''}`);
    }
    return { failures: caseFailures, ...result };
  }

  function playCase(seed, verbose, caseFailures) {
    const rnd = mulberry32(seed);
    const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
    const pick = (list) => list[Math.floor(rnd() * list.length)];
    const chance = (p) => rnd() < p;

    const owned = [];
    const own = (x) => {
      const walk = (v, depth) => {
        if (depth > 4 || v === null || v === undefined) return;
        if (Array.isArray(v)) { v.forEach((e) => walk(e, depth + 1)); return; }
        if (typeof v === 'object' || typeof v === 'function') {
          if (torch.isTensor(v) || nn.isModule(v) || nn.isCriterion(v) || nn.isNode(v) || v instanceof ng.optim.Optimizer) owned.push(v);
        }
      };
      walk(x, 0);
      return x;
    };
    const pool = { tensors: [], modules: [], criterions: [], nodes: [] };
    const remember = (v) => {
      const walk = (x, depth) => {
        if (depth > 3 || x === null || x === undefined) return;
        if (Array.isArray(x)) { x.slice(0, 8).forEach((e) => walk(e, depth + 1)); return; }
        if (torch.isTensor(x)) pool.tensors.push(x);
        else if (nn.isModule(x)) pool.modules.push(x);
        else if (nn.isCriterion(x)) pool.criterions.push(x);
        else if (nn.isNode(x)) pool.nodes.push(x);
      };
      walk(v, 0);
      return v;
    };

    let step = 0;
    // One API call: timed, its outcome classified, what it returns owned and remembered.
    const call = (what, fn) => {
      step++;
      totals.calls++;
      const start = Date.now();
      if (verbose) console.log(`  ${step}. ${what}`);
      let outcome;
      try {
        const value = fn();
        own(value);
        remember(value);
        totals.ok++;
        outcome = 'ok';
        return value;
      } catch (e) {
        const c = classifyError(e);
        outcome = `${c.kind}: ${c.detail.slice(0, 160)}`;
        if (c.kind === 'clean') totals.clean++;
        else caseFailures.push({ kind: c.kind, seed, step, op: what, detail: c.detail.slice(0, 500) });
        if (c.kind === 'trap') throw new TrapStop();
        return undefined;
      } finally {
        const ms = Date.now() - start;
        if (ms > HANG_MS) caseFailures.push({ kind: 'hang', seed, step, op: what, detail: `took ${ms} ms` });
        if (verbose) console.log(`     -> ${outcome}`);
      }
    };

    // ---- values
    const smallInt = () => int(1, 4);
    const hostileNumbers = [NaN, Infinity, -Infinity, -0, 0, -1, 0.5, 2 ** 31, 2 ** 32 + 1, -(2 ** 31) - 1, 1e9, 1e300, Number.MAX_SAFE_INTEGER + 2];
    const randomShape = () => Array.from({ length: int(0, 3) }, () => int(0, 4));
    const makeTensor = () => {
      const shape = randomShape();
      const kind = int(0, 4);
      const label = `torch.${['zeros', 'ones', 'rand', 'randn', 'tensor'][kind]}(${shape})`;
      return call(label, () => {
        if (kind < 4) return torch[['zeros', 'ones', 'rand', 'randn'][kind]](...shape);
        const n = shape.reduce((a, b) => a * b, 1);
        return torch.tensor(Float32Array.from({ length: n }, () => rnd() * 2 - 1), shape);
      });
    };
    const anyOf = (list) => (list.length ? pick(list) : undefined);
    const hostile = (depth = 0) => {
      switch (int(0, 15)) {
        case 0: return pick(hostileNumbers);
        case 1: return pick([undefined, null, true, 'x', '', '3', Symbol('s'), 10n, () => 1]);
        case 2: return {};
        case 3: return [];
        // eslint-disable-next-line no-sparse-arrays
        case 4: return [anyOf(pool.tensors), , anyOf(pool.tensors)];
        case 5: {
          const a = [anyOf(pool.tensors)];
          const victim = anyOf([...pool.tensors, ...pool.modules, ...pool.criterions]);
          Object.defineProperty(a, 1, { get() { if (victim) victim.dispose(); return anyOf(pool.tensors); }, enumerable: true });
          return a;
        }
        case 6: {
          const a = [anyOf(pool.tensors)];
          const m = anyOf(pool.modules), x = anyOf(pool.tensors);
          Object.defineProperty(a, 1, { get() { try { if (m && x) m.forward(x); } catch { /* its own outcome */ } return anyOf(pool.tensors); }, enumerable: true });
          return a;
        }
        case 7: return new Proxy([anyOf(pool.tensors)], {});
        case 8: return pick([new Float32Array(3), new BigInt64Array(2), new Int8Array(1), new DataView(new ArrayBuffer(4))]);
        case 9: return depth < 2 ? [hostile(depth + 1), hostile(depth + 1)] : null;
        case 10: return anyOf(pool.nodes);
        case 11: return anyOf(pool.modules);
        case 12: return anyOf(pool.criterions);
        case 13: { const a = []; a.length = pick([1e6 + 7, 2 ** 32 - 1]); return a; }
        default: return anyOf(pool.tensors);
      }
    };
    const argument = () => {
      const r = rnd();
      if (r < 0.45) return anyOf(pool.tensors) ?? makeTensor();
      if (r < 0.6) return [anyOf(pool.tensors), anyOf(pool.tensors)].filter(Boolean);
      if (r < 0.75) return smallInt();
      return hostile();
    };

    // ---- modules, containers, graphs, criterions
    const moduleNames = info.modules.filter((n) => n !== 'gModule');
    const constructorArgs = () => {
      const n = int(0, 3);
      return Array.from({ length: n }, () => (chance(0.8) ? smallInt() : chance(0.5) ? pick(hostileNumbers) : hostile()));
    };
    const makeModule = () => {
      const name = pick(moduleNames), args = constructorArgs();
      return call(`nn.${name}(${args.map(show)})`, () => nn[name](...args));
    };
    const makeContainer = () => {
      const name = pick(['Sequential', 'ConcatTable', 'ParallelTable', 'Concat']);
      const c = call(`nn.${name}()`, () => (name === 'Concat' ? nn.Concat(smallInt()) : nn[name]()));
      if (!c) return;
      for (let i = int(0, 3); i > 0; --i) {
        const child = chance(0.7) ? makeModule() : anyOf(pool.modules);
        if (child) call(`${name}.add(${show(child)})`, () => c.add(child));
      }
    };
    const makeNodes = () => {
      const m = chance(0.7) ? makeModule() : anyOf(pool.modules);
      if (!m) return;
      if (chance(0.4) || !pool.nodes.length) call(`${show(m)}()`, () => m());
      else if (chance(0.5)) { const n = anyOf(pool.nodes); call(`${show(m)}(node)`, () => m(n)); }
      else { const list = [anyOf(pool.nodes), anyOf(pool.nodes)]; call(`${show(m)}([a, b])`, () => m(list)); }
    };
    const makeGraph = () => {
      const inputs = pool.nodes.filter(() => chance(0.3)).slice(0, 3);
      const outputs = pool.nodes.filter(() => chance(0.3)).slice(0, 3);
      call(`nn.gModule(${inputs.length} inputs, ${outputs.length} outputs)`, () => nn.gModule(chance(0.9) ? inputs : hostile(), outputs));
    };
    const makeCriterion = () => {
      const name = pick(info.criterions);
      call(`nn.${name}()`, () => nn[name]());
    };

    const saveAndLoad = () => {
      const m = anyOf(pool.modules);
      if (!m) return;
      const text = call(`${show(m)}.save()`, () => m.save());
      if (typeof text !== 'string') return;
      let doc = text;
      if (chance(0.5)) {  // a corrupted document: cut, or one character changed
        const at = int(0, text.length - 1);
        doc = chance(0.5) ? text.slice(0, at) : text.slice(0, at) + pick(['"', '9', '-', '{', ']', 'x', '\\']) + text.slice(at + 1);
      }
      call(`nn.load(${doc === text ? 'saved text' : 'corrupted text'})`, () => nn.load(doc));
    };
    const optimize = () => {
      const m = anyOf(pool.modules);
      if (!m) return;
      const kind = pick(['sgd', 'adam']), config = { learningRate: chance(0.8) ? 0.01 : pick(hostileNumbers) };
      const opt = call(`optim.${kind}(${show(m)}, ${show(config.learningRate)})`, () => ng.optim[kind](m, config));
      if (!opt) return;
      call('optimizer.zeroGrad()', () => opt.zeroGrad());
      call('optimizer.step()', () => opt.step(chance(0.2) ? () => { opt.dispose(); return 0; } : undefined));
    };

    // ---- random calls
    const moduleMethods = ['forward', 'backward', 'updateOutput', 'updateGradInput', 'accGradParameters', 'parameters',
      'getParameters', 'zeroGradParameters', 'updateParameters', 'training', 'evaluate', 'clone', 'share', 'save',
      'toString', 'dispose', 'add', 'get', 'size', 'toDot', 'inspect', 'arguments'];
    const tensorMethods = ['shape', 'dim', 'numel', 'size', 'toArray', 'toFloat32Array', 'item', 'clone', 'fill', 'copy', 'add', 'mul', 'toString', 'dispose'];
    const nodeMethods = ['split', 'annotate', 'dispose', 'toString'];
    const criterionMethods = ['forward', 'backward', 'clone', 'dispose', 'toString'];
    const invoke = () => {
      const r = rnd();
      let target, method, proto;
      if (r < 0.55 && pool.modules.length) { target = pick(pool.modules); method = pick(moduleMethods); }
      else if (r < 0.75 && pool.tensors.length) { target = pick(pool.tensors); method = pick(tensorMethods); }
      else if (r < 0.87 && pool.nodes.length) { target = pick(pool.nodes); method = pick(nodeMethods); }
      else if (pool.criterions.length) { target = pick(pool.criterions); method = pick(criterionMethods); }
      else return;
      proto = target;
      if (chance(0.05)) target = hostile();  // a foreign `this`
      const args = method === 'forward' || method === 'backward' || method === 'updateOutput' || method === 'updateGradInput' || method === 'accGradParameters'
        ? probableArgs(proto, method) : Array.from({ length: int(0, 2) }, argument);
      if (method === 'updateParameters' && chance(0.7)) args[0] = pick([0.01, -0.1, NaN, Infinity, 0]);
      if (method === 'share' || method === 'clone') { args.length = 0; if (method === 'share') args.push(anyOf(pool.modules)); for (let i = int(0, 2); i > 0; --i) args.push(pick(['weight', 'bias', 'gradWeight', 'gradBias', 'x', 3])); }
      if (method === 'split') args[0] = chance(0.8) ? int(1, 4) : pick(hostileNumbers);
      if (method === 'annotate') args[0] = chance(0.8) ? { name: 'n', description: 'd' } : hostile();
      if (method === 'get') args[0] = chance(0.8) ? int(-3, 3) : pick(hostileNumbers);
      // a copy of a plain input (a Tensor or an array of Tensors, no getters), made before the call
      const frozen = method === 'forward' && target === proto && chance(0.3) ? freeze(args[0]) : undefined;
      const result = call(`${show(target)}.${method}(${args.map(show)})`, () => {
        if (method === 'shape') return Reflect.get(Object.getPrototypeOf(proto), 'shape', target);
        const fn = proto[method];
        if (typeof fn !== 'function') return fn;
        return fn.apply(target, args);
      });
      if (frozen !== undefined && result !== undefined) copiesAgree(proto, frozen, result);
    };
    const freeze = (v) => {
      const plain = (x) => torch.isTensor(x) && !x.disposed;
      if (plain(v)) return own(v.clone());
      if (Array.isArray(v) && v.length <= 8 && Object.keys(v).length === v.length &&
          Object.getOwnPropertyNames(v).every((k) => k === 'length' || !Object.getOwnPropertyDescriptor(v, k).get) && v.every(plain))
        return own(v.map((t) => t.clone()));
      return undefined;
    };
    // A module that computed an output: its clone() and its save()/nn.load() copy compute the
    // same numbers on the same input (modules that draw random numbers aside).
    const copiesAgree = (m, input, result) => {
      const expected = safely(() => JSON.stringify(valuesOf(result)));
      if (expected === undefined || /Dropout|RReLU/.test(safely(() => m.toString()) ?? "Dropout")) return;
      for (const [how, make] of [['clone()', () => m.clone()], ['save()/nn.load()', () => nn.load(m.save())]]) {
        const copy = call(`${show(m)}.${how}`, make);
        if (!copy) continue;
        const got = call(`${how} copy.forward(same input)`, () => JSON.stringify(valuesOf(copy.forward(input))));
        if (got !== undefined && got !== expected)
          caseFailures.push({ kind: 'wrong', seed, step, op: `${show(m)} ${how}`, detail: `the copy computes ${got.slice(0, 120)}, the module ${expected.slice(0, 120)}` });
      }
    };
    // forward/backward mostly with inputs of a plausible structure, sometimes anything
    const probableArgs = (m, method) => {
      const input = chance(0.3) ? safely(() => m.output) : argument();
      if (method === 'forward' || method === 'updateOutput') return [input];
      const grad = chance(0.5) ? safely(() => likeValue(m.output)) : argument();
      return method === 'accGradParameters' ? [input, grad, chance(0.8) ? 1 : pick(hostileNumbers)] : [input, grad];
    };
    const safely = (f) => { try { return f(); } catch { return undefined; } };
    const likeValue = (v) => (Array.isArray(v) ? v.map(likeValue) : torch.isTensor(v) ? own(remember(torch.ones(...v.shape))) : v);

    // ---- probes: answers checked
    const probe = () => {
      totals.probes++;
      const made = [];
      const keep = (x) => { made.push(x); return x; };
      try {
        const { g, inputs, describe } = randomSmoothGraph(keep, { int, pick, chance, rnd });
        checkProbe(g, inputs, describe, keep, caseFailures, seed, () => step);
      } catch (e) {
        if (e instanceof TrapStop) throw e;
        const c = classifyError(e);
        caseFailures.push({ kind: c.kind === 'clean' ? 'wrong' : c.kind, seed, step, op: 'probe', detail: `a valid graph failed: ${c.detail.slice(0, 400)}` });
        if (c.kind === 'trap') throw new TrapStop();
      } finally {
        for (const x of made.reverse()) safely(() => x.dispose());
      }
    };

    let trapped = false;
    try {
      for (let i = int(2, 4); i > 0; --i) makeTensor();
      const steps = int(10, 40);
      for (let i = 0; i < steps; ++i) {
        const r = rnd();
        if (r < 0.1) makeTensor();
        else if (r < 0.25) makeModule();
        else if (r < 0.3) makeContainer();
        else if (r < 0.4) makeNodes();
        else if (r < 0.45) makeGraph();
        else if (r < 0.48) makeCriterion();
        else if (r < 0.52) probe();
        else if (r < 0.55) saveAndLoad();
        else if (r < 0.57) optimize();
        else invoke();
      }
      if (chance(0.5)) probe();
    } catch (e) {
      if (!(e instanceof TrapStop)) throw e;
      trapped = true;
    } finally {
      if (sabotage === 'leak' && owned.length) spared.push(owned.pop());
      for (const x of owned.reverse()) safely(() => x.dispose());
    }
    return { steps: step, trapped };
  }

  // A random valid graph of smooth modules over [batch, n] tensors: unary layers, merges of two
  // nodes of the same size (CAddTable, CSubTable, CMulTable), JoinTable(2), and sometimes a
  // Sequential or ConcatTable + CAddTable standing for a layer. Every sink is an output.
  function randomSmoothGraph(keep, { int, pick, chance, rnd }) {
    const batch = int(1, 3);
    const nodes = [];  // { node, n }
    const consumers = new Map();
    const use = (entry) => consumers.set(entry, true);
    const inputCount = int(1, 3);
    const inputs = [];
    for (let i = 0; i < inputCount; ++i) {
      const m = keep(nn.Identity()), node = keep(m());
      const entry = { node, n: int(1, 4) };
      nodes.push(entry);
      inputs.push(entry);
    }
    const unary = (n) => {
      switch (int(0, 12)) {
        case 0: { const out = int(1, 4); return [nn.Linear(n, out), out, 'Linear']; }
        case 1: return [nn.Tanh(), n, 'Tanh'];
        case 2: return [nn.Sigmoid(), n, 'Sigmoid'];
        case 3: return [nn.MulConstant(Math.round((rnd() * 4 - 2) * 100) / 100), n, 'MulConstant'];
        case 4: return [nn.AddConstant(0.5), n, 'AddConstant'];
        case 5: return [nn.CMul(n), n, 'CMul'];
        case 6: return [nn.Add(n), n, 'Add'];
        case 7: return [nn.SoftPlus(), n, 'SoftPlus'];
        case 8: return [nn.LogSoftMax(), n, 'LogSoftMax'];
        case 9: return [nn.SoftMax(), n, 'SoftMax'];
        case 10: { if (n < 2) return [nn.Identity(), n, 'Identity']; const len = int(1, n - 1); return [nn.Narrow(2, int(1, n - len + 1), len), len, 'Narrow']; }
        case 11: { const out = int(1, 3); return [nn.Sequential().add(nn.Linear(n, out)).add(nn.Tanh()), out, 'Sequential']; }
        default: return [nn.ConcatTable().add(nn.Identity()).add(nn.Square()), null, 'ConcatTable'];
      }
    };
    const names = [];
    for (let i = int(1, 6); i > 0; --i) {
      const a = pick(nodes);
      if (chance(0.3)) {
        const same = nodes.filter((e) => e !== a && e.n === a.n);
        if (same.length && chance(0.7)) {
          const b = pick(same), kind = pick(['CAddTable', 'CSubTable', 'CMulTable']);
          const node = keep(keep(nn[kind]())([a.node, b.node]));
          use(a); use(b);
          nodes.push({ node, n: a.n });
          names.push(kind);
          continue;
        }
        const b = pick(nodes);
        if (b !== a) {
          const node = keep(keep(nn.JoinTable(2))([a.node, b.node]));
          use(a); use(b);
          nodes.push({ node, n: a.n + b.n });
          names.push('JoinTable');
          continue;
        }
      }
      const [module, outSize, name] = unary(a.n);
      keep(module);
      let node = keep(module(a.node));
      let n = outSize;
      if (outSize === null) { node = keep(keep(nn.CAddTable())(node)); n = a.n; }
      use(a);
      nodes.push({ node, n });
      names.push(name);
    }
    const sinks = nodes.filter((e) => !consumers.has(e));
    const g = keep(nn.gModule(inputs.map((e) => e.node), sinks.map((e) => e.node)));
    const values = inputs.map((e) => keep(torch.tensor(Float32Array.from({ length: batch * e.n }, () => Math.round((rnd() * 2 - 1) * 64) / 64), [batch, e.n])));
    return { g, inputs: inputs.length === 1 ? values[0] : values, describe: `${inputs.length} inputs [${batch} x ${inputs.map((e) => e.n)}], ${names.join(' ')}, ${sinks.length} outputs` };
  }

  const flat = (v) => (Array.isArray(v) ? v.flatMap(flat) : [v]);
  const valuesOf = (v) => (Array.isArray(v) ? v.map(valuesOf) : Array.from(v.toFloat32Array()));

  function checkProbe(g, input, describe, keep, caseFailures, seed, stepOf) {
    const wrong = (detail) => caseFailures.push({ kind: 'wrong', seed, step: stepOf(), op: `probe: ${describe}`, detail });
    const out1 = valuesOf(g.forward(input));
    const out2 = valuesOf(g.forward(input));
    if (JSON.stringify(out1) !== JSON.stringify(out2)) wrong('two forwards of the same input differ');
    const copy = keep(g.clone());
    if (JSON.stringify(valuesOf(copy.forward(input))) !== JSON.stringify(out1)) wrong('clone() computes another output');
    const loaded = keep(nn.load(g.save()));
    if (JSON.stringify(valuesOf(loaded.forward(input))) !== JSON.stringify(out1)) wrong('save()/nn.load() computes another output');
    const outShapes = (() => { const o = g.forward(input); return Array.isArray(o) ? o.map((t) => t.shape) : o.shape; })();
    // a fixed random gradOutput; f(x) = sum(output .* gradOutput)
    let k = 0;
    const gradValues = (Array.isArray(outShapes[0]) ? outShapes : [outShapes]).map((s) => Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => ((k++ * 7919) % 13) / 13 - 0.5));
    const gradOutput = (Array.isArray(outShapes[0]) ? outShapes : [outShapes]).map((s, i) => keep(torch.tensor(Float32Array.from(gradValues[i]), s)));
    const gy = Array.isArray(outShapes[0]) ? gradOutput : gradOutput[0];
    const objective = (x) => {
      const o = flat(g.forward(x));
      let sum = 0;
      o.forEach((t, i) => { const d = t.toFloat32Array(); for (let j = 0; j < d.length; ++j) sum += d[j] * gradValues[i][j]; });
      return sum;
    };
    g.zeroGradParameters();
    g.forward(input);
    let analytic = valuesOf(g.backward(input, gy));
    if (sabotage === 'gradient') analytic = JSON.parse(JSON.stringify(analytic), (k, v) => (typeof v === 'number' ? v * 1.1 + 0.01 : v));
    const [params, grads] = g.parameters();
    params.forEach(keep); grads.forEach(keep);
    const gradParams = grads.map((t) => Array.from(t.toFloat32Array()));
    const inputs = flat(input);
    const eps = 1e-2;
    const close = (a, n) => Math.abs(a - n) <= 2e-2 * Math.max(1, Math.abs(a), Math.abs(n));
    inputs.forEach((x, i) => {
      const base = Array.from(x.toFloat32Array()), shape = x.shape;
      const analyticI = Array.isArray(input) ? analytic[i] : analytic;
      for (let j = 0; j < base.length; ++j) {
        const at = (delta) => {
          const v = base.slice();
          v[j] += delta;
          const moved = keep(torch.tensor(Float32Array.from(v), shape));
          const all = inputs.map((t, q) => (q === i ? moved : t));
          return objective(Array.isArray(input) ? all : all[0]);
        };
        const numeric = (at(eps) - at(-eps)) / (2 * eps);
        if (!close(analyticI[j], numeric)) { wrong(`d/d input ${i + 1}[${j}]: backward says ${analyticI[j]}, finite differences ${numeric}`); return; }
      }
    });
    params.slice(0, 3).forEach((p, i) => {
      const base = Array.from(p.toFloat32Array()), shape = p.shape;
      for (let j = 0; j < Math.min(base.length, 4); ++j) {
        const at = (delta) => {
          const v = base.slice();
          v[j] += delta;
          const t = keep(torch.tensor(Float32Array.from(v), shape));
          p.copy(t);
          return objective(input);
        };
        const numeric = (at(eps) - at(-eps)) / (2 * eps);
        p.copy(keep(torch.tensor(Float32Array.from(base), shape)));
        if (!close(gradParams[i][j], numeric)) { wrong(`d/d parameter ${i + 1}[${j}]: backward says ${gradParams[i][j]}, finite differences ${numeric}`); return; }
      }
    });
  }

  return { runCase, totals, failures, spared };
}

class TrapStop extends Error {}

function show(v) {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'symbol') return 'Symbol()';
  if (typeof v === 'string') return JSON.stringify(v.slice(0, 20));
  if (Array.isArray(v)) return v.length > 4 ? `[array of ${v.length}]` : `[${Array.from(v, show)}]`;
  if (ArrayBuffer.isView(v)) return v.constructor.name;
  try {
    if (v.disposed) return '(disposed)';
    if (typeof v.shape !== 'undefined' && typeof v.numel === 'function') return `Tensor(${v.shape.join('x')})`;
    if (typeof v.typeName === 'string') return v.typeName;
    if (typeof v.label === 'string') return `Node ${v.label}`;
  } catch { /* a foreign object */ }
  return typeof v === 'function' ? 'a function' : 'an object';
}
