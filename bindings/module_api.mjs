// torch/nn's module-tree API and nngraph's node lists, as tutorials use them (issue 14):
//   m.listModules(), m.findModules('nn.Linear'), m.apply(fn), m.replace(fn), m.clearState(),
//   m.reset(stdv), m.modules, view.setNumInputDims(n), g.forwardnodes / g.backwardnodes with
//   node.data.module and node.data.annotations, and a plain number as the target of
//   ClassNLLCriterion / CrossEntropyCriterion for a 1-D input.
// The engine does the work (core/module.cpp, core/graph.cpp); this file keeps JS identities
// stable: the module objects these return are the very objects the user built (or, for
// modules the user never held, e.g. after nn.load, one wrapper per engine module, owned and
// disposed by the module it was reached from).

export function installModuleApi({ M, torch, Module, GraphProto, Criterion, rawOf, describe, kKind, wrapModule }) {
  const kWrappers = Symbol('nngraph.moduleWrappers');

  // The JS object for an engine module reached from `root`: one the user made (found through
  // what root was built from), else a wrapper made once and owned by root.
  function wrappersOf(root, rescan = false) {
    let map = root[kWrappers];
    if (map && !rescan) return map;
    map ??= new Map();
    const seen = new Set();
    const visit = (obj) => {
      if (!obj || seen.has(obj)) return;
      seen.add(obj);
      if (obj[kKind] === 'Module' && !obj.disposed) {
        const address = M.moduleAddress(rawOf(obj, 'Module'));
        if (!map.has(address)) map.set(address, obj);
      }
      for (const owned of obj._owned ?? []) visit(owned);
      if (obj._module) visit(obj._module);
    };
    visit(root);
    if (!root[kWrappers]) Object.defineProperty(root, kWrappers, { value: map, configurable: true });
    return map;
  }

  function objectFor(root, raw) {
    const address = M.moduleAddress(raw);
    let map = wrappersOf(root);
    // modules added since the last look (container.add) are found by looking again
    if (!map.get(address) || map.get(address).disposed) map = wrappersOf(root, true);
    const known = map.get(address);
    if (known && !known.disposed) {
      raw.delete();
      return known;
    }
    const m = wrapModule(raw);
    map.set(address, m);
    (root._owned ??= []).push(m);
    return m;
  }

  const rawList = (list, root) => list.map((raw) => objectFor(root, raw));

  const methods = {
    /** Torch's m:listModules(): this module first, then every submodule, depth-first. */
    listModules() {
      return rawList(M.moduleListModules(rawOf(this, 'Module')), this);
    },
    /** Torch's m:findModules(typename): the listed modules of that type ('nn.Linear' or 'Linear'). */
    findModules(typeName) {
      if (typeof typeName !== 'string')
        throw new TypeError(`findModules(typename): typename must be a string such as 'nn.Linear', got ${describe(typeName)}`);
      const want = typeName.startsWith('nn.') ? typeName : `nn.${typeName}`;
      return this.listModules().filter((m) => m.typeName === want);
    },
    /** Torch's m:apply(fn): fn(module) for this module and then every submodule, depth-first. */
    apply(fn) {
      if (typeof fn !== 'function') throw new TypeError(`apply(fn): fn must be a function, got ${describe(fn)}`);
      for (const m of this.listModules()) fn(m);
      return this;
    },
    /** Torch's m:replace(fn): returns fn(this), and each submodule (a graph's node modules, a
     *  container's children) is replaced by what fn returns for it, recursively. */
    replace(fn) {
      if (typeof fn !== 'function') throw new TypeError(`replace(fn): fn must be a function, got ${describe(fn)}`);
      const out = fn(this);
      const children = this.modules;
      children.forEach((child, i) => {
        const replaced = child.replace(fn);
        if (replaced === child) return;
        if (!replaced || replaced[kKind] !== 'Module')
          throw new TypeError(`replace(fn): fn must return a module, got ${describe(replaced)} for ${child}`);
        M.moduleReplaceChild(rawOf(this, 'Module'), i + 1, rawOf(replaced, 'Module'));
        wrappersOf(this).set(M.moduleAddress(rawOf(replaced, 'Module')), replaced);
        (this._owned ??= []).push(replaced);
      });
      return out;
    },
    /** Torch's m:clearState(): forgets output and gradInput, recursively. */
    clearState() {
      M.moduleClearState(rawOf(this, 'Module'));
      return this;
    },
    /** Torch's m:reset(stdv): re-initialises the parameters in place (see the README). */
    reset(stdv) {
      if (stdv !== undefined && stdv !== null && typeof stdv !== 'number')
        throw new TypeError(`reset(stdv): stdv must be a number, got ${describe(stdv)}`);
      M.moduleResetParameters(rawOf(this, 'Module'), stdv);
      return this;
    },
    /** nn.View's setNumInputDims(n): the last n input dimensions are one example. */
    setNumInputDims(n) {
      if (typeof n !== 'number') throw new TypeError(`setNumInputDims(n): n must be a number, got ${describe(n)}`);
      M.viewSetNumInputDims(rawOf(this, 'Module'), n);
      return this;
    },
  };
  for (const [key, value] of Object.entries(methods))
    Object.defineProperty(Module.prototype, key, { value, writable: true, configurable: true });

  // m.modules: the same objects every time (Torch's self.modules table).
  Object.defineProperty(Module.prototype, 'modules', {
    get() { return rawList(M.moduleChildren(rawOf(this, 'Module')), this); },
    configurable: true,
  });

  // g.forwardnodes / g.backwardnodes: nodes in the order forward (backward) runs them, each
  // { id, data: { module, annotations: { name, description } }, inputs: [ids] } as nngraph's
  // node.data. nngraph also lists a dummy input node per graph; there is none here.
  function nodeList(g) {
    return M.graphNodeData(rawOf(g, 'Module')).map((n) => {
      const module = objectFor(g, n.module);
      const annotations = {};
      if (n.name) annotations.name = n.name;
      if (n.description) annotations.description = n.description;
      return Object.freeze({ id: n.id, inputs: n.inputs, split: n.splitIndex || null, data: Object.freeze({ module, annotations }) });
    });
  }
  Object.defineProperty(GraphProto, 'forwardnodes', { get() { return nodeList(this); }, configurable: true });
  Object.defineProperty(GraphProto, 'backwardnodes', { get() { return nodeList(this).reverse(); }, configurable: true });

  // Criterions whose Lua takes `type(target) == 'number'`: one class index for a 1-D input
  // (ClassNLL, CrossEntropy, MultiMargin) or the +-1 of one pair (MarginRanking, CosineEmbedding,
  // L1HingeEmbedding, HingeEmbedding of a one-element input).
  const numberTargets = new Set(['nn.ClassNLLCriterion', 'nn.CrossEntropyCriterion', 'nn.MultiMarginCriterion',
    'nn.MarginRankingCriterion', 'nn.CosineEmbeddingCriterion', 'nn.L1HingeEmbeddingCriterion', 'nn.HingeEmbeddingCriterion']);
  for (const key of ['forward', 'backward', 'updateOutput', 'updateGradInput']) {
    const original = Criterion.prototype[key];
    Object.defineProperty(Criterion.prototype, key, {
      value(input, target) {
        // (a foreign or missing `this` goes straight to the original, whose check names it)
        if (typeof target !== 'number' || !this || !numberTargets.has(this.typeName)) return original.call(this, input, target);
        const t = torch.tensor([target]);
        try {
          return original.call(this, input, t);
        } finally {
          t.dispose();
        }
      },
      writable: true, configurable: true,
    });
  }
}
