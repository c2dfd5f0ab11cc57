// nngraph-wasm/lua: Torch programs as they were written, in a real Lua VM (wasmoon: Lua 5.4
// compiled to WebAssembly), over the same engine as the JS API.
//
//   import { createLua } from 'nngraph-wasm/lua';
//   const lua = await createLua({ files: { 'model/LSTM.lua': text }, print: (line) => {} });
//   const values = await lua.run(source, 'seed.lua');
//   lua.close();
//
// The Lua side (bindings/lua_prelude.mjs) gives Torch's API in Lua; this file is its bridge to the
// JS API: every bridge function answers Lua with (kind, value), or ('error', message), so that
// the prelude raises the error at the user's line. Everything the state made is disposed on close.
import { LuaFactory, LuaMultiReturn } from 'wasmoon';
import { load } from './index.mjs';
import { luaPrelude } from './lua_prelude.mjs';
import { scriptStateKey } from './define_module.mjs';

let factory = null;  // one compiled Lua VM per process; every state is a fresh engine of it

/**
 * A Lua state with torch, nn, nngraph, optim and graph loaded.
 * options.files: { 'path/name.lua': source } that require finds; options.print(line): where
 * print goes (default console.log); options.onGraph(g): called with every gModule the code
 * builds (the playground shows the last); options.load: options for nngraph-wasm's load();
 * options.luaWasmUrl: where wasmoon's glue.wasm is (needed in browsers).
 */
export async function createLua(options = {}) {
  if (options === null || typeof options !== 'object') throw new TypeError(`createLua(options): options must be an object like { files, print }, got ${String(options)}`);
  const files = options.files ?? {};
  if (files === null || typeof files !== 'object') throw new TypeError('createLua(options): files must be an object { path: source }');
  for (const [path, text] of Object.entries(files))
    if (typeof text !== 'string') throw new TypeError(`createLua(options): files['${path}'] must be a string (the file's source)`);
  const print = options.print ?? ((line) => console.log(line));
  if (typeof print !== 'function') throw new TypeError('createLua(options): print must be a function (line) => void');
  const onGraph = options.onGraph ?? null;
  if (onGraph !== null && typeof onGraph !== 'function') throw new TypeError('createLua(options): onGraph must be a function (gModule) => void');
  const ng = await load(options.load ?? {});
  factory ??= new LuaFactory(luaWasmLocation(options.luaWasmUrl));
  const engine = await factory.createEngine();
  const state = new LuaState(ng, engine, files, print);
  state.onGraph = onGraph;
  return state;
}

// Where the Lua VM's wasm is: Node finds it beside wasmoon's own file; a page must say (wasmoon
// would otherwise fetch it from a CDN), e.g. with Vite: import url from 'wasmoon/dist/glue.wasm?url'.
function luaWasmLocation(url) {
  if (url !== undefined) {
    if (typeof url !== 'string' && !(url instanceof URL)) throw new TypeError('createLua(options): luaWasmUrl must be a string or URL (of wasmoon\'s dist/glue.wasm)');
    return String(url);
  }
  const isNode = typeof process === 'object' && process.versions != null && process.versions.node != null;
  if (!isNode)
    throw new Error("createLua in a browser needs options.luaWasmUrl, the URL of wasmoon's dist/glue.wasm (with Vite: import url from 'wasmoon/dist/glue.wasm?url')");
  return undefined;
}

const multi = (...values) => LuaMultiReturn.from(values);
// Module methods whose value is the module's own result (m.output, m.gradInput).
const resultMethods = new Set(['forward', 'backward', 'updateOutput', 'updateGradInput']);
// Every this many bytes of engine tensors made for Lua, Lua's collector is told (in KB).
const kReportBytes = 1 << 20;

// Modules and criterions are callable JS functions, which the VM would turn into Lua functions
// (losing what they are): Lua holds them in a Handle instead.
class Handle {
  constructor(value) { this.value = value; }
}

class LuaState {
  constructor(ng, engine, files, print) {
    this.ng = ng;
    this.engine = engine;
    this.files = files;
    this.printLine = print;
    this.owned = new Set();          // JS objects handed to Lua: disposed on close
    // Lua's share of what it holds (lua_prelude.mjs's __gc): JS object -> how many live Lua
    // wrappers own it. At zero the object is disposed before close, so a long loop of
    // temporaries does not grow the engine's memory. Objects that also belong to JS (a run's
    // results, a graph given to onGraph) are not in it.
    this.collectable = new Map();
    // the Lua wrappers that own one: wrapper id (a number Lua keeps) -> object. Lua hands back ids,
    // not the objects: a userdata met again in a finalizer may already stand for another object.
    this.ownerIds = new Map();
    this.nextOwnerId = 0;
    this.pendingBytes = 0;           // engine bytes made for Lua since Lua's GC last heard of them
    this.hookDepth = 0;              // > 0 while the engine runs a torch.class module's hook
    this.luaModules = new Map();     // Lua object id -> JS module wrapper
    this.results = [];
    this.closed = false;
    const bridge = makeBridge(this);
    engine.global.set('NNGRAPH_BRIDGE', bridge);
    engine.global.set('NNGRAPH_BRIDGE_NAMES', Object.keys(bridge).join(','));
    // the prelude as a chunk named '=[nngraph]', with the bridge as its argument
    engine.global.set('NNGRAPH_PRELUDE_SOURCE', luaPrelude);
    this.ready = engine.doString("local f = assert(load(NNGRAPH_PRELUDE_SOURCE, '=[nngraph]', 't')); NNGRAPH_PRELUDE_SOURCE = nil; local B = NNGRAPH_BRIDGE; NNGRAPH_BRIDGE = nil; f(B, NNGRAPH_BRIDGE_NAMES); NNGRAPH_BRIDGE_NAMES = nil")
      .then(() => {
        this.hook = engine.global.get('NNGRAPH_HOOK');
        this.closeLua = engine.global.get('NNGRAPH_CLOSE');
        this.runChunk = engine.global.get('NNGRAPH_RUN');
      });
  }

  /**
   * Runs a chunk; resolves to its return values as JS API objects (Tensor, Module, Node, arrays,
   * numbers). Errors are Errors whose message starts with `name:line:`; error.lineNumber holds
   * the line. options.instructionLimit / options.timeLimit (ms) stop runaway loops.
   */
  async run(source, name = 'main.lua', options = {}) {
    if (this.closed) throw new Error('lua.run: this Lua state was closed');
    if (typeof source !== 'string') throw new TypeError(`lua.run(source, name): source must be a string, got ${typeof source}`);
    if (typeof name !== 'string' || !name) throw new TypeError('lua.run(source, name): name must be a non-empty string such as "seed.lua"');
    const { instructionLimit = 0, timeLimit = 0 } = options ?? {};
    for (const [key, v] of [['instructionLimit', instructionLimit], ['timeLimit', timeLimit]])
      if (typeof v !== 'number' || !(v >= 0)) throw new TypeError(`lua.run(source, name, options): options.${key} must be a non-negative number, got ${String(v)}`);
    await this.ready;
    this.results = [];
    this.lastError = undefined;
    this.lastEngineError = undefined;
    const outcome = this.runChunk(source, name, instructionLimit, timeLimit);
    if (outcome !== true) {
      // the message of a failed run comes back through the second result: read it from the stack
      const error = luaError(this.lastError ?? 'the Lua run failed', name);
      // The run failed with the last engine error (the message ends with its sentence, after
      // the script's position), not with one raised later: that error's node is this one's.
      const engine = this.lastEngineError;
      if (engine && engine.nodeId !== undefined && error.message.endsWith(engine.message)) error.nodeId = engine.nodeId;
      throw error;
    }
    return this.results;
  }

  /** Disposes everything the state made (tensors, modules, nodes) and closes the Lua VM. */
  close() {
    if (this.closed) return;
    this.closed = true;
    // lua_close runs every pending __gc: they must not call back into a half-closed bridge
    if (this.closeLua) this.closeLua();
    this.collectable.clear();
    this.ownerIds.clear();
    for (const obj of this.owned) {
      try {
        obj.dispose();
      } catch {
        // already disposed with its owner
      }
    }
    this.owned.clear();
    this.luaModules.clear();
    this.engine.global.close();
  }
}

function luaError(message, name) {
  const text = String(message).replace(/\nstack traceback:[\s\S]*$/, '');
  const error = new Error(text);
  const match = /^([^:\n]+):(\d+):/.exec(text);
  if (match) {
    error.chunkName = match[1];
    error.lineNumber = Number(match[2]);
  }
  return error;
}

// ---------------------------------------------------------------------------------------------
// the bridge: JS API calls for the prelude

function makeBridge(state) {
  const { torch, nn, optim } = state.ng;

  const kindOf = (v) => {
    if (v === undefined || v === null) return 'nil';
    if (torch.isTensor(v)) return 'T';
    if (torch.isStorage(v)) return 'St';
    if (nn.isNode(v)) return 'N';
    if (nn.isCriterion(v)) return 'C';
    if (nn.isModule(v)) return 'M';
    if (Array.isArray(v)) return 'A';
    return typeof v === 'number' ? 'n' : typeof v === 'string' ? 's' : typeof v === 'boolean' ? 'b' : 'o';
  };
  const handled = new Set(['T', 'St', 'N', 'C', 'M']);
  const isLuaClassModule = (v) => v[scriptStateKey] !== undefined && v[scriptStateKey].luaId !== undefined;

  // How Lua comes to hold a JS object (state.collectable; the prelude's __gc gives it back):
  //   'fresh'  made for this call (a new tensor, view, module, node): Lua owns it;
  //   'result' a module's or criterion's own result (m.output, what forward returns): Lua gets
  //            and owns an alias of it (the same storage, offset and sizes), so neither the module
  //            nor Lua's collector frees what the other still uses;
  //   'shared' owned elsewhere (a hook's own fields...): Lua owns it only if it already does.
  // Returns [value, own]: own is undefined when Lua does not own the value, else { id, kb }: the
  // id of the Lua wrapper to be made, and the kilobytes of engine memory Lua's collector should
  // be told about (engine tensors are invisible to it).
  const ownFlags = new WeakMap();  // array given to Lua -> own of each element (read by at())
  function adopt(v, how) {
    if (Array.isArray(v)) {
      if (!v.some((e) => e !== null && typeof e === 'object' || typeof e === 'function')) return [v, undefined];
      const adopted = v.map((e) => adopt(e, how));
      const values = adopted.map(([e]) => e);
      ownFlags.set(values, adopted.map(([, own]) => own));
      return [values, undefined];
    }
    const kind = kindOf(v);
    if (!handled.has(kind) || (kind === 'M' && isLuaClassModule(v))) return [v, undefined];
    if (how === 'result' && kind === 'T') [v, how] = [torch.Tensor(v), 'fresh'];
    const count = state.collectable.get(v);
    if (count === undefined && how !== 'fresh') return [v, undefined];
    state.collectable.set(v, (count ?? 0) + 1);
    const id = ++state.nextOwnerId;
    state.ownerIds.set(id, v);
    let kb = 0;
    if (count === undefined && (kind === 'T' || kind === 'St')) {
      state.pendingBytes += 4 * (kind === 'T' ? v.numel() : v.size());
      if (state.pendingBytes >= kReportBytes) {
        kb = Math.floor(state.pendingBytes / 1024);
        state.pendingBytes = 0;
      }
    }
    return [v, { id, kb }];
  }
  // A Lua wrapper (by id) was collected: dispose its object if Lua was the only owner.
  function collect(id) {
    const v = state.ownerIds.get(id);
    if (v === undefined) return;
    state.ownerIds.delete(id);
    const count = state.collectable.get(v);
    if (count === undefined) return;
    if (count > 1) {
      state.collectable.set(v, count - 1);
      return;
    }
    state.collectable.delete(v);
    state.owned.delete(v);
    try {
      // a container's or graph's parts have Lua wrappers of their own, freed one by one
      if (nn.isModule(v)) v._owned = null;
      v.dispose();
    } catch {
      // already disposed with its owner
    }
  }
  // a run's results and onGraph's graphs belong to JS from then on
  const pin = (v) => {
    if (Array.isArray(v)) v.forEach(pin);
    else state.collectable.delete(v);
  };

  // a JS value for Lua: its kind, itself and whether Lua owns it; modules of Lua classes come
  // back as their Lua object
  const toLua = (v, how = 'shared') => push(...adopt(v, how));
  function push(v, own, track = true) {
    const kind = kindOf(v);
    if (track && (kind === 'T' || kind === 'N' || kind === 'C' || kind === 'St')) state.owned.add(v);
    if (kind === 'M') {
      state.owned.add(v);
      const self = v[scriptStateKey];
      if (self && self.luaId !== undefined) {
        if (!state.luaModules.has(self.luaId)) {
          state.luaModules.set(self.luaId, v);
          state.hook('bind', self.luaId, new Handle(v));
        }
        return multi('L', self.luaId);
      }
      return multi('M', new Handle(v), own?.id, own?.kb);
    }
    if (kind === 'C') return multi('C', new Handle(v), own?.id, own?.kb);
    if (kind === 'A') {
      if (v.isSize) return multi('S', v);
      return multi('A', v);
    }
    return multi(kind, v, own?.id, own?.kb);
  }
  // what Lua sent (handles, arrays copied from Lua tables) -> JS API values
  const fromLua = (v) => {
    if (v instanceof Handle) return v.value;
    if (Array.isArray(v)) return v.map(fromLua);
    if (v === null) return undefined;
    return v;
  };
  const guard = (fn) => (...args) => {
    try {
      return fn(...args.map(fromLua));
    } catch (error) {
      const message = error && error.message ? error.message : String(error);
      // the node an engine error is about (error.nodeId), kept for the run's error (see run())
      state.lastEngineError = { message, nodeId: error && Number.isInteger(error.nodeId) ? error.nodeId : undefined };
      return multi('error', message);
    }
  };
  const asSize = (size) => Object.defineProperty(size, 'isSize', { value: true });

  return {
    len: (arr) => arr.length,
    at: (arr, i) => push(arr[i - 1], ownFlags.get(arr)?.[i - 1]),
    collect: (ids) => {
      if (!state.closed) for (const id of Array.isArray(ids) ? ids : [ids]) collect(id);
    },
    now: () => performance.now(),
    print: (line) => { state.printLine(line); },
    newObject: () => ({}),
    setResults: (values, n) => {
      const list = Array.isArray(values) ? values : [];
      state.results = Array.from({ length: n }, (_, i) => fromLua(list[i]));
      pin(state.results);
    },
    setError: (message) => { state.lastError = message; },
    findFile: (name) => {
      const candidates = [`${name.replace(/\./g, '/')}.lua`, `${name.replace(/\./g, '/')}/init.lua`];
      for (const path of candidates) if (Object.prototype.hasOwnProperty.call(state.files, path)) return multi(path, state.files[path]);
      const held = Object.keys(state.files);
      return multi(undefined, `'${candidates[0]}' among the files given to createLua (${held.length ? held.map((p) => `'${p}'`).join(', ') : 'none'})`);
    },
    hasFactory: (name) => name in nn && typeof nn[name] === 'function' && name !== 'defineModule' && name !== 'gModule',
    tcall: guard((t, name, ...args) => {
      if (name === 'size' || name === 'stride') return toLua(args[0] === undefined ? asSize(t[name]()) : t[name](args[0]));
      if (name === 'toString') return multi('s', t.toString());
      const r = t[name](...args);
      return r === t ? multi('self') : toLua(r, 'fresh');
    }),
    tget: guard((t, i) => {
      if (t.dim() === 1) return multi('n', t.get(i));
      return toLua(t.select(1, i), 'fresh');
    }),
    tset: guard((t, i, v) => {
      if (t.dim() === 1) {
        if (typeof v !== 'number') throw new TypeError(`t[${i}] = v: a 1-D tensor's element is a number, got ${typeof v}`);
        t.set(i, v);
      } else {
        const slice = t.select(1, i);
        if (typeof v === 'number') slice.fill(v);
        else slice.copy(v);
        slice.dispose();
      }
      return multi('nil');
    }),
    arith: guard((op, a, b) => {
      const isT = torch.isTensor;
      if (!isT(a) && isT(b)) {
        if (op === 'add' || op === 'mul') [a, b] = [b, a];
        else if (op === 'sub') return toLua(b.clone().mul(-1).add(a), 'fresh');
        else throw new TypeError(`number / tensor is not defined (Torch divides a tensor by a number: t / 2)`);
      }
      if (!isT(a)) throw new TypeError(`arithmetic on ${typeof a} and ${typeof b}`);
      if (op === 'mul' && isT(b)) {
        if (a.dim() === 1 && b.dim() === 1) return multi('n', a.clone().cmul(b).sum());
        if (a.dim() === 2 && b.dim() === 1) {
          const column = b.view(b.numel(), 1);
          const product = torch.mm(a, column);
          const vector = product.view(product.numel());
          column.dispose();
          product.dispose();
          return toLua(vector, 'fresh');
        }
        return toLua(torch.mm(a, b), 'fresh');
      }
      const r = a.clone();
      if (op === 'add') r.add(b);
      else if (op === 'sub') typeof b === 'number' ? r.add(-b) : r.add(-1, b);
      else if (op === 'mul') r.mul(b);
      else if (op === 'div') {
        if (typeof b !== 'number') throw new TypeError('tensor / tensor: use t:cdiv(u) for an elementwise division');
        r.div(b);
      }
      return toLua(r, 'fresh');
    }),
    torch: guard((name, ...args) => {
      if (name === 'manualSeed') {
        torch.manualSeed(args[0]);
        return multi('nil');
      }
      return toLua(torch[name](...args), 'fresh');
    }),
    scall: guard((s, name, ...args) => {
      if (name === 'toString') return multi('s', s.toString());
      const r = s[name](...args);
      return r === s ? multi('self') : toLua(r, 'fresh');
    }),
    nn: guard((name, ...args) => {
      const made = nn[name](...args);
      if (name === 'gModule' && state.onGraph) {
        state.onGraph(made);
        return toLua(made);  // the page's from now on
      }
      return toLua(made, 'fresh');
    }),
    mcall: guard((m, name, ...args) => {
      const r = m[name](...args);
      if (name === 'parameters' || name === 'getParameters') {
        const [a, b] = r;
        return toLua([a, b], 'fresh');
      }
      return r === m ? multi('self') : toLua(r, resultMethods.has(name) ? 'result' : 'fresh');
    }),
    mget: guard((m, key) => {
      if (key === 'toString') return multi('s', m.toString());
      if (key === 'modules') return toLua(m.modules, 'fresh');
      if (key === 'output' || key === 'gradInput') return toLua(m[key], 'result');
      if (key === 'train') return multi('b', m.train);
      const v = m[key];
      if (typeof v === 'function') return multi('nil');
      // a parameter (lin.weight: a getter of the wrapper's own) is a new handle each time
      const getter = Object.getOwnPropertyDescriptor(m, key)?.get;
      return toLua(v, getter ? 'fresh' : 'shared');
    }),
    node: guard((target, arg, none) => toLua(none ? target() : target(arg), 'fresh')),
    ncall: guard((n, name, ...args) => {
      if (name === 'annotate') {
        const a = args[0] ?? {};
        n.annotate({ name: a.name ?? '', description: a.description ?? '' });
        return multi('self');
      }
      return toLua(n[name](...args), 'fresh');
    }),
    nget: guard((n, key) => (key === 'toString' ? multi('s', n.toString()) : toLua(typeof n[key] === 'function' ? undefined : n[key]))),
    ccall: guard((c, name, ...args) => toLua(c[name](...args), name === 'clone' ? 'fresh' : 'result')),
    cget: guard((c, key) => (key === 'toString' ? multi('s', c.toString()) : toLua(typeof c[key] === 'function' ? undefined : c[key], 'result'))),
    dot: guard((g, backward, title) => {
      let dot = g.toDot({ backward: !!backward });
      if (typeof title === 'string' && title) dot = dot.replace('{', `{\n  label=${JSON.stringify(title)};`);
      return multi('s', dot);
    }),
    optim: guard((kind, feval, x, config, jsState) => {
      optim[kind]((xt) => {
        const r = feval(xt);
        if (!Array.isArray(r)) throw new TypeError(`optim.${kind}(feval, x, config, state): feval(x) must return the loss and the gradient`);
        return r.map(fromLua);
      }, x, config, jsState);
      return multi('nil');
    }),
    // torch.class modules: the engine's ScriptModule through nn.defineModule
    newLuaModule: guard((name, id, hasGrad, hasAcc, ...args) => {
      const factory = luaModuleFactory(state, name, hasGrad, hasAcc);
      const m = factory(id, ...args);
      state.owned.add(m);
      state.luaModules.set(id, m);
      return multi('M', new Handle(m));
    }),
    // in a hook, self's fields are the hook's own (define_module.mjs disposes them after it)
    sget: guard((self, field) => (state.hookDepth > 0 ? push(self[field], undefined, false) : toLua(self[field], 'fresh'))),
    sset: guard((self, field, t) => {
      self[field] = t;
      return multi('nil');
    }),
  };
}

// One nn.defineModule per Lua class (and hook set): its functions call back into Lua.
function luaModuleFactory(state, name, hasGrad, hasAcc) {
  const key = `${name}/${hasGrad}/${hasAcc}`;
  state.factories ??= new Map();
  if (state.factories.has(key)) return state.factories.get(key);
  const { torch } = state.ng;
  const kindOf = (v) => (v === null || v === undefined ? 'nil' : torch.isTensor(v) ? 'T' : Array.isArray(v) ? 'A' : 'o');
  const toHandles = (v) => {
    if (Array.isArray(v)) return v.map(toHandles);
    if (v && typeof v === 'object' && !torch.isTensor(v)) {
      const h = v.__h ?? v.__m;
      if (h !== undefined) return h;
    }
    return v;
  };
  const callLua = (kind, self, a, b, scale) => {
    // each tensor handed to Lua is valid for this call only (define_module.mjs disposes it)
    state.hookDepth++;
    try {
      return toHandles(state.hook(kind, self.luaId, self, kindOf(a), a, kindOf(b), b, scale));
    } finally {
      state.hookDepth--;
    }
  };
  const spec = {
    init(id, ...args) {
      this.luaId = id;
      state.hookDepth++;
      try {
        state.hook('init', id, this, 'nil', undefined, 'nil', undefined, 0, ...args);
      } finally {
        state.hookDepth--;
      }
    },
    updateOutput(input) { return callLua('updateOutput', this, input); },
    cloneState(self, copy) {
      copy.luaId = state.hook('clone', self.luaId, copy);
    },
    release(self) {
      if (!state.closed && self.luaId !== undefined) state.hook('release', self.luaId);
    },
  };
  if (hasGrad) spec.updateGradInput = function (input, gradOutput) { return callLua('updateGradInput', this, input, gradOutput); };
  if (hasAcc) spec.accGradParameters = function (input, gradOutput, scale) { callLua('accGradParameters', this, input, gradOutput, scale); };
  const factory = state.ng.nn.defineModule(name, spec);
  state.factories.set(key, factory);
  return factory;
}

export default createLua;
