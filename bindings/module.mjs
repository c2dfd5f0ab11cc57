// Modules: function objects (callable to make graph nodes, bindings/node.mjs) with Torch's
// methods, containers (add/get/size) and graphs (toDot/inspect) as prototypes of their own, and
// the nn.X factories that make them. Every value-taking method goes through values.mjs's call().
import { kRaw, kKind, kMaxTableEntries, disposeSymbol, inspectSymbol, describe, safeString, isInteger, rawOf, ofKind } from './handles.mjs';
import { Op, kOutput, kGradInput } from './values.mjs';

export function installModules(parts) {
  const { M, Tensor, Node, own, release, readValue, call, result, releaseResults, callAsNode, wrapTensor } = parts;

  function Module() {
    throw new TypeError('modules are made by their factories, e.g. nn.Linear(3, 5)');
  }
  Module.prototype = Object.create(Function.prototype);
  const moduleMethods = {
    forward(input) {
      rawOf(this, 'Module');
      const x = readValue(input, () => `${safeString(this)}.forward(input)`, 'input');
      rawOf(this, 'Module');  // again: reading the input may have disposed it
      return call(this, Op.forward, 0, x);
    },
    backward(input, gradOutput, scale = 1) {
      rawOf(this, 'Module');
      checkScale(scale, 'backward');
      const what = () => `${safeString(this)}.backward(input, gradOutput)`;
      const x = readValue(input, what, 'input'), g = readValue(gradOutput, what, 'gradOutput');
      rawOf(this, 'Module');
      return call(this, Op.backward, scale, x, g);
    },
    updateOutput(input) {
      rawOf(this, 'Module');
      const x = readValue(input, () => `${safeString(this)}.updateOutput(input)`, 'input');
      rawOf(this, 'Module');
      return call(this, Op.updateOutput, 0, x);
    },
    updateGradInput(input, gradOutput) {
      rawOf(this, 'Module');
      const what = () => `${safeString(this)}.updateGradInput(input, gradOutput)`;
      const x = readValue(input, what, 'input'), g = readValue(gradOutput, what, 'gradOutput');
      rawOf(this, 'Module');
      return call(this, Op.updateGradInput, 0, x, g);
    },
    accGradParameters(input, gradOutput, scale = 1) {
      rawOf(this, 'Module');
      checkScale(scale, 'accGradParameters');
      const what = () => `${safeString(this)}.accGradParameters(input, gradOutput)`;
      const x = readValue(input, what, 'input'), g = readValue(gradOutput, what, 'gradOutput');
      rawOf(this, 'Module');
      call(this, Op.accGradParameters, scale, x, g);
    },
    parameters() {
      const list = M.moduleParameterList(rawOf(this, 'Module'));
      return [list.map((p) => wrapTensor(p.value)), list.map((p) => wrapTensor(p.grad))];
    },
    /** Torch's getParameters(): [flatParams, flatGradParams], the module's tensors become views
     *  into them (shared clones keep sharing). Call it once, before cloning for shared weights. */
    getParameters() {
      const [params, grads] = M.moduleGetParameters(rawOf(this, 'Module'));
      return [wrapTensor(params), wrapTensor(grads)];
    },
    zeroGradParameters() {
      rawOf(this, 'Module');
      call(this, Op.zeroGradParameters, 0);
      return this;
    },
    updateParameters(learningRate) {
      rawOf(this, 'Module');
      finiteNumber(learningRate, () => `${safeString(this)}.updateParameters(learningRate): learningRate`);
      call(this, Op.updateParameters, learningRate);
      return this;
    },
    training() {
      M.moduleTraining(rawOf(this, 'Module'));
      return this;
    },
    evaluate() {
      M.moduleEvaluate(rawOf(this, 'Module'));
      return this;
    },
    clone(...names) {
      const raw = rawOf(this, 'Module');
      names.forEach((n) => {
        if (typeof n !== 'string') throw new TypeError(`clone(...names): names are strings like 'weight', got ${describe(n)}`);
      });
      return wrapModule(M.moduleClone(raw, names));
    },
    share(other, ...names) {
      const raw = rawOf(this, 'Module');
      if (!other || other[kKind] !== 'Module') throw new TypeError(`share(other, ...names): other must be a module, got ${describe(other)}`);
      M.moduleShare(raw, rawOf(other, 'Module'), names);
      return this;
    },
    arguments() {
      return wrapArgs(M.moduleArguments(rawOf(this, 'Module')));
    },
    /** The module (gModule or not) as a saved-graph JSON document; nn.load(text) rebuilds it. */
    save() {
      return M.moduleSave(rawOf(this, 'Module'));
    },
    toString() { return this?.[kKind] === 'Module' && this[kRaw] ? M.moduleToString(this[kRaw]) : 'Module (disposed)'; },
    dispose() {
      if (!release(ofKind(this, 'Module'))) return;
      releaseResults(this);
      // what this object was built from in JS (children added, nodes of a graph)
      for (const owned of this._owned ?? []) owned.dispose();
      this._owned = null;
    },
    [disposeSymbol]() { this.dispose(); },
    [inspectSymbol]() { return this.toString(); },
  };
  for (const [key, value] of Object.entries(moduleMethods)) Object.defineProperty(Module.prototype, key, { value, writable: true, configurable: true });
  for (const sym of [disposeSymbol, inspectSymbol]) Object.defineProperty(Module.prototype, sym, { value: moduleMethods[sym], configurable: true });
  const moduleGetters = {
    [kKind]() { return 'Module'; },
    output() {
      rawOf(this, 'Module');
      return result(this, kOutput);
    },
    gradInput() {
      rawOf(this, 'Module');
      return result(this, kGradInput);
    },
    typeName() { return M.moduleTypeName(rawOf(this, 'Module')); },
    description() { return M.moduleDescription(rawOf(this, 'Module')); },
    train() { return M.moduleIsTraining(rawOf(this, 'Module')); },
    disposed() { return !this[kRaw]; },
    modules() { return M.moduleChildren(rawOf(this, 'Module')).map(wrapModule); },
  };
  for (const key of Reflect.ownKeys(moduleGetters)) Object.defineProperty(Module.prototype, key, { get: moduleGetters[key], configurable: true });

  function checkScale(scale, what) {
    finiteNumber(scale, () => `${what}(input, gradOutput, scale): scale`);
  }

  // One rule for learning rates and gradient scales (modules and optim alike): a finite number.
  // NaN or Infinity would silently fill every parameter with NaN.
  function finiteNumber(v, what) {
    if (typeof v !== 'number') throw new TypeError(`${what()} must be a number, got ${describe(v)}`);
    if (!Number.isFinite(v)) throw new RangeError(`${what()} must be a finite number, got ${v}`);
  }

  const ContainerProto = Object.create(Module.prototype, {
    add: {
      value(module) {
        const raw = rawOf(this, 'Module');
        if (!module || module[kKind] !== 'Module') {
          const hint = module instanceof Node ? ' (containers take modules; nodes are for nn.gModule)' : '';
          throw new TypeError(`${safeString(this)}.add(module): expected a module, got ${describe(module)}${hint}`);
        }
        M.containerAdd(raw, rawOf(module, 'Module'));
        (this._owned ??= []).push(module);
        return this;
      },
      writable: true, configurable: true,
    },
    get: {
      value(index) {
        const raw = rawOf(this, 'Module');
        if (!isInteger(index)) throw new TypeError(`get(index): index must be an integer (1-based), got ${describe(index)}`);
        return wrapModule(M.containerGet(raw, index));
      },
      writable: true, configurable: true,
    },
    size: {
      value() { return M.containerSize(rawOf(this, 'Module')); },
      writable: true, configurable: true,
    },
  });

  const GraphProto = Object.create(Module.prototype, {
    toDot: {
      value(options = {}) {
        const raw = rawOf(this, 'Module');
        const backward = typeof options === 'boolean' ? options : !!(options && options.backward);
        return M.graphToDot(raw, backward);
      },
      writable: true, configurable: true,
    },
    inspect: {
      value() { return M.graphInspect(rawOf(this, 'Module')); },
      writable: true, configurable: true,
    },
  });

  function wrapModule(raw, owned = null) {
    const m = function (...args) {
      return callAsNode(m, args, () => rawOf(m, 'Module'));
    };
    const proto = M.isGraph(raw) ? GraphProto : M.isContainer(raw) ? ContainerProto : Module.prototype;
    Object.setPrototypeOf(m, proto);
    own(m, raw, 'Module');
    if (owned) m._owned = owned;
    // lin.weight, lin.gradWeight, ... for a module's own parameters (not a container's children's)
    if (proto === Module.prototype) {
      for (const p of M.moduleParameterList(raw)) {
        const name = p.name, gradName = p.gradName;
        p.value.delete();
        p.grad.delete();
        for (const [key, pick] of [[name, 'value'], [gradName, 'grad']]) {
          if (key in m) continue;
          Object.defineProperty(m, key, {
            get() {
              const list = M.moduleParameterList(rawOf(m, 'Module'));
              let found = null;
              for (const q of list) {
                for (const which of ['value', 'grad']) {
                  if (!found && q.name === name && which === pick) found = q[which];
                  else q[which].delete();
                }
              }
              return wrapTensor(found);
            },
            configurable: true,
          });
        }
      }
    }
    return m;
  }

  function wrapArgs(list) {
    return list.map((a) => (Array.isArray(a) || a === null || typeof a !== 'object' ? a : wrapTensor(a)));
  }

  function factoryArgs(name, args) {
    const modules = [];
    const raws = [];
    args.forEach((a, i) => {
      if (a === undefined || a === null || typeof a === 'number' || typeof a === 'boolean' || typeof a === 'string') raws.push(a);
      else if (a instanceof Tensor) raws.push(rawOf(a, 'Tensor'));
      else if (Array.isArray(a)) {
        if (a.length > kMaxTableEntries) throw new TypeError(`nn.${name}: argument ${i + 1} is an array of ${a.length} entries; array arguments hold a few numbers (sizes)`);
        const numbers = Array.from(a);  // holes read as undefined and are refused
        numbers.forEach((x, j) => {
          if (typeof x !== 'number') throw new TypeError(`nn.${name}: argument ${i + 1} is an array whose entry ${j + 1} is ${describe(x)}; array arguments hold numbers (sizes)`);
        });
        raws.push(numbers);
      } else if (a && a[kKind] === 'Module' && raws.length === 0) modules.push(a);  // nn.MapTable(m): Torch's module-taking constructors
      else if (a instanceof Node) throw new TypeError(`nn.${name}: argument ${i + 1} is a node; build the module first, then call it on nodes: nn.${name}(...)(node)`);
      else throw new TypeError(`nn.${name}: argument ${i + 1} is ${describe(a)}; constructor arguments are numbers, booleans, arrays of numbers or Tensors`);
    });
    return { raws, modules };
  }

  function moduleFactory(name) {
    const factory = (...args) => {
      const { raws, modules } = factoryArgs(name, args);
      let m;
      try {
        m = wrapModule(M.createModule(name, raws));
      } catch (error) {
        modules.forEach((child) => child.dispose());
        throw error;
      }
      if (!modules.length) return m;
      try {
        if (!(Object.getPrototypeOf(m) === ContainerProto)) throw new TypeError(`nn.${name} does not take a module argument`);
        for (const child of modules) m.add(child);
      } catch (error) {
        // Modules given to a factory belong to what it makes, and a failed construction leaves
        // nothing alive: nn.MapTable(nn.Tanh(), nn.Sigmoid()) leaks neither module.
        m.dispose();
        modules.forEach((child) => child.dispose());
        throw error;
      }
      return m;
    };
    Object.defineProperty(factory, 'name', { value: name });
    return factory;
  }

  Object.assign(parts, { Module, ContainerProto, GraphProto, wrapModule, moduleFactory, factoryArgs, finiteNumber });
}
