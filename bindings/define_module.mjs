// nn.defineModule(name, spec): a module written in JS (README "Modules defined in JS"), held by
// the engine as one module type whose contract calls the spec's functions (core ScriptModule,
// bindings/embind_define.cpp), so it works in graphs, containers, clone and getParameters.
// `this` in the spec's functions: the script's own properties plus the module's tensors (below).
export const scriptStateKey = Symbol.for('nngraph.scriptState');
const tensorFields = ['output', 'gradInput', 'weight', 'bias', 'gradWeight', 'gradBias'];

export function installDefineModule(parts) {
  const { M, nn, Tensor, Module, rawOf, describe, wrapTensor, wrapModule, wrapValue, disposeValue, kRaw } = parts;
  const kAddress = Symbol('nngraph.scriptModule');
  const kCache = Symbol('nngraph.fieldCache');
  const hooks = ['updateOutput', 'updateGradInput', 'accGradParameters'];

  // `this` of the spec's functions: accessors for the engine module's tensors. While a call runs
  // they return one Tensor object per field (so `this.gradWeight.resizeAs(w)` sticks); what was
  // read or assigned is written back to the module when the call ends.
  const selfProto = {};
  for (const field of tensorFields) {
    Object.defineProperty(selfProto, field, {
      get() {
        const cache = this[kCache];
        if (cache && cache.has(field)) return cache.get(field);
        const t = wrapTensor(M.scriptGetTensor(addressOf(this, field), field));
        if (cache) cache.set(field, t);
        return t;
      },
      set(t) {
        if (!(t instanceof Tensor)) throw new TypeError(`this.${field} must be a Tensor, got ${describe(t)}`);
        if (this[kCache]) this[kCache].set(field, t);
        else M.scriptSetTensor(addressOf(this, field), field, rawOf(t, 'Tensor'));
      },
      enumerable: false, configurable: true,
    });
  }
  function addressOf(self, field) {
    if (!self[kAddress]) throw new Error(`this.${field}: the module was disposed`);
    return self[kAddress];
  }

  // Runs fn with the field cache on, writes the fields back, disposes what the call wrapped.
  function withFields(self, temporaries, fn) {
    const outer = self[kCache];
    const cache = new Map();
    self[kCache] = cache;
    try {
      return fn();
    } finally {
      self[kCache] = outer;
      for (const [field, t] of cache) {
        if (t[kRaw]) M.scriptSetTensor(self[kAddress], field, t[kRaw]);
        t.dispose();
      }
      temporaries.forEach(disposeValue);
    }
  }

  // The engine's handles for a hook's result (each an alias the engine takes over).
  function resultHandles(v, where) {
    if (v instanceof Tensor) return parts.tensorMethod(rawOf(v, 'Tensor'), 'Alias', []);
    if (Array.isArray(v)) return v.map((e, i) => resultHandles(e, `${where}[${i}]`));
    throw new TypeError(`${where} is ${describe(v)}; it must return a Tensor or an array (table) of Tensors, usually this.output / this.gradInput`);
  }

  // The generic dispatch the engine calls (embind_define.cpp). Also used by the Lua front-end,
  // whose spec functions call into Lua; spec.cloneState(self, copy) copies per-instance state.
  function makeDispatch(name, spec) {
    return (kind, address, self, input, gradOutput, scale) => {
      if (kind === 'release') {
        selves.delete(self[kAddress]);
        self[kAddress] = 0;
        if (spec.release) spec.release(self);
        return undefined;
      }
      try {
        if (kind === 'clone') {
          const copy = Object.create(Object.getPrototypeOf(self));
          for (const key of Object.keys(self)) copy[key] = self[key];
          copy[kAddress] = address;
          selves.set(address, copy);
          if (spec.cloneState) spec.cloneState(self, copy);
          return copy;
        }
        const args = [wrapValue(input), wrapValue(gradOutput)];
        const result = withFields(self, args, () => {
          const r = spec[kind].call(self, args[0], args[1], scale);
          return kind === 'accGradParameters' ? undefined : resultHandles(r, `nn.${name}:${kind}`);
        });
        return result;
      } catch (error) {
        const message = error && typeof error.message === 'string' ? error.message : String(error);
        return { error: message.startsWith(`nn.${name}`) ? message : `nn.${name}:${kind}: ${message}` };
      }
    };
  }

  // Makes the engine module, runs init with `this` bound, wraps it like any module.
  function instantiate(name, spec, dispatch, proto, args) {
    const self = Object.create(proto);
    const raw = M.createScriptModule(name, dispatch, self, typeof spec.updateGradInput === 'function', typeof spec.accGradParameters === 'function');
    self[kAddress] = M.scriptAddress(raw);
    selves.set(self[kAddress], self);
    try {
      if (spec.init) withFields(self, [], () => spec.init.apply(self, args));
    } catch (error) {
      raw.delete();
      throw error;
    }
    return wrapModule(raw);
  }

  function defineModule(name, spec) {
    if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw new TypeError(`nn.defineModule(name, spec): name must be an identifier like 'Double', got ${describe(name)}`);
    if (spec === null || typeof spec !== 'object')
      throw new TypeError(`nn.defineModule('${name}', spec): spec must be an object with init/updateOutput/updateGradInput/accGradParameters, got ${describe(spec)}`);
    if (typeof spec.updateOutput !== 'function')
      throw new TypeError(`nn.defineModule('${name}', spec): spec.updateOutput must be a function (input) => Tensor`);
    for (const key of ['init', ...hooks])
      if (spec[key] !== undefined && typeof spec[key] !== 'function')
        throw new TypeError(`nn.defineModule('${name}', spec): spec.${key} must be a function, got ${describe(spec[key])}`);
    if (Object.prototype.hasOwnProperty.call(nn, name) && !definedHere.has(name))
      throw new Error(`nn.defineModule('${name}', spec): nn.${name} is one of the engine's modules; choose another name`);
    const dispatch = makeDispatch(name, spec);
    const proto = Object.create(selfProto);
    for (const [key, value] of Object.entries(spec))
      if (!hooks.includes(key) && key !== 'init' && typeof value === 'function') proto[key] = value;  // helper methods
    const factory = (...args) => instantiate(name, spec, dispatch, proto, args);
    Object.defineProperty(factory, 'name', { value: name });
    definedHere.add(name);
    Object.defineProperty(nn, name, { value: factory, enumerable: true, configurable: true, writable: false });
    return factory;
  }
  const definedHere = new Set();

  nn.defineModule = defineModule;
  // m[scriptStateKey]: the `this` of a defined module (undefined for the engine's): how lua.mjs
  // finds its Lua object for a clone or a container's child.
  const selves = new Map();
  Object.defineProperty(Module.prototype, scriptStateKey, {
    get() {
      const address = M.scriptAddress(rawOf(this, 'Module'));
      return address ? selves.get(address) : undefined;
    },
    configurable: true,
  });
  // nn stays open for defineModule: the engine's own entries are fixed, new names may be added.
  parts.freezeNn = (table) => {
    for (const key of Object.keys(table)) Object.defineProperty(table, key, { writable: false, configurable: false });
    return table;
  };
}
