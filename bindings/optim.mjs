// optim for JavaScript: Torch's optim methods (sgd, adam, rmsprop, adagrad, adadelta, adamax, nag,
// lbfgs) in their functional form, plus an object form for code that does not flatten its
// parameters (every method but lbfgs). The updates, their defaults and their checks are in the
// engine (core/optim.cpp, core/optim_zoo.cpp); each method's config keys are written once, in
// bindings/embind_optim.cpp. This file checks what only JS can see and keeps the state handles.
//
//   const [x, dfdx] = model.getParameters();
//   const feval = (x) => { dfdx.zero(); ...forward, backward...; return [loss, dfdx]; };
//   const state = {};
//   optim.sgd(feval, x, { learningRate: 0.1, momentum: 0.9 }, state);   // -> [x, [loss]]
//
//   const opt = optim.adam(model, { learningRate: 0.01 });   // or optim.adam(model.parameters(), ...)
//   opt.zeroGrad(); ...forward, backward...; opt.step();

const kState = Symbol('nngraph.optimState');
const kinds = ['sgd', 'adam', 'rmsprop', 'adagrad', 'adadelta', 'adamax', 'nag', 'lbfgs'];

export function makeOptim({ M, Tensor, own, release, rawOf, describe, kKind, kRaw, disposeSymbol }) {
  const configKeys = M.optimConfigKeys();  // { sgd: { learningRate: 'number', ..., nesterov: 'boolean' }, ... }
  // Engine state behind a user's plain state table; freed when the table is collected.
  const stateFinalizer = new FinalizationRegistry((raw) => {
    if (!raw.isDeleted()) raw.delete();
  });

  function checkConfig(kind, config, what) {
    if (config === null || typeof config !== 'object' || Array.isArray(config))
      throw new TypeError(`${what}: config must be an object like { learningRate: 0.01 }, got ${describe(config)}`);
    for (const [key, type] of Object.entries(configKeys[kind])) {
      if (config[key] !== undefined && typeof config[key] !== type)
        throw new TypeError(`${what}: config.${key} must be a ${type}, got ${describe(config[key])}`);
    }
    return config;
  }

  // Torch's functional form: feval(x) -> [fx, dfdx]; the state table keeps the optimizer's
  // buffers between calls (Torch's default state is the config table itself), and Torch's
  // counters (evalCounter, t, funcEval, nIter) are mirrored into it after each call.
  function functional(kind, feval, x, config = {}, state = config) {
    const what = `optim.${kind}(feval, x, config, state)`;
    if (!(x instanceof Tensor)) throw new TypeError(`${what}: x must be a Tensor (the flat parameters from module.getParameters()), got ${describe(x)}`);
    checkConfig(kind, config, what);
    if (state === null || typeof state !== 'object') throw new TypeError(`${what}: state must be an object, got ${describe(state)}`);
    if (!state[kState]) {
      const raw = M.optimStateNew();
      Object.defineProperty(state, kState, { value: raw, configurable: true });
      stateFinalizer.register(state, raw);
    }
    const evaluate = () => {
      const result = feval(x);
      if (!Array.isArray(result) || typeof result[0] !== 'number' || !(result[1] instanceof Tensor))
        throw new TypeError(`${what}: feval(x) must return [loss, gradient] (a number and a Tensor), got ${describe(result)}`);
      return result;
    };
    let fx;
    if (kind === 'lbfgs') {
      fx = M.optimLbfgs(rawOf(x, 'Tensor'), () => {
        const [loss, grad] = evaluate();
        return [loss, rawOf(grad, 'Tensor')];
      }, config, state[kState]);
    } else {
      if (kind === 'nag') M.optimNagLookahead(rawOf(x, 'Tensor'), config, state[kState]);
      const [loss, dfdx] = evaluate();
      M.optimStep(kind, rawOf(x, 'Tensor'), rawOf(dfdx, 'Tensor'), loss, config, state[kState]);
      fx = [loss];
    }
    Object.assign(state, M.optimStateCounters(state[kState], kind));
    return [x, fx];
  }

  class Optimizer {
    constructor(token, kind, raw, config) {
      if (token !== kState) throw new TypeError('optimizers are made by optim.sgd(module, config), optim.adam(module, config), ...');
      this.kind = kind;
      this.config = Object.freeze({ ...config });
      own(this, raw, 'Optimizer');
    }
    get [kKind]() { return 'Optimizer'; }
    /** Applies one update with the gradients backward accumulated. With a closure (which zeroes,
     *  runs forward and backward and returns the loss), calls it first and returns its loss; nag
     *  needs the closure (its gradient is taken after a look-ahead step). */
    step(closure) {
      rawOf(this, 'Optimizer');
      let loss;
      if (closure !== undefined) {
        if (typeof closure !== 'function') throw new TypeError(`optimizer.step(closure): closure must be a function, got ${describe(closure)}`);
        M.optimizerPrepare(this[kRaw]);
        loss = closure();
      }
      M.optimizerStep(rawOf(this, 'Optimizer'));  // again: the closure may have disposed it
      return loss;
    }
    zeroGrad() {
      M.optimizerZeroGrad(rawOf(this, 'Optimizer'));
      return this;
    }
    get learningRate() { return M.optimizerGetLearningRate(rawOf(this, 'Optimizer')); }
    set learningRate(value) {
      if (typeof value !== 'number') throw new TypeError(`optimizer.learningRate must be a number, got ${describe(value)}`);
      M.optimizerSetLearningRate(rawOf(this, 'Optimizer'), value);
    }
    get stepCount() { return M.optimizerStepCount(rawOf(this, 'Optimizer')); }
    get disposed() { return !this[kRaw]; }
    dispose() { release(this); }
    [disposeSymbol]() { release(this); }
    toString() { return `optim.${this.kind} optimizer`; }
  }

  function objectForm(kind, target, config = {}) {
    const what = `optim.${kind}(parameters, config)`;
    checkConfig(kind, config, what);
    let params, grads, made = null;
    if (target && target[kKind] === 'Module') {
      [params, grads] = made = target.parameters();
    } else if (Array.isArray(target) && target.length === 2 && Array.isArray(target[0]) && Array.isArray(target[1])) {
      [params, grads] = target;
    } else {
      throw new TypeError(`${what}: expected a module or module.parameters() ([params, gradParams]), or a function feval for optim.${kind}(feval, x, config, state); got ${describe(target)}`);
    }
    try {
      const check = (list, name) => list.map((t, i) => {
        if (!(t instanceof Tensor)) throw new TypeError(`${what}: ${name}[${i}] must be a Tensor, got ${describe(t)}`);
        return rawOf(t, 'Tensor');
      });
      const raw = M.optimizerNew(kind, check(params, 'params'), check(grads, 'gradParams'), config);
      return new Optimizer(kState, kind, raw, config);
    } finally {
      // The engine keeps its own handles on the tensors; wrappers made here are not needed.
      if (made) made.flat().forEach((t) => t.dispose());
    }
  }

  function optimizer(kind) {
    // Modules are callable too (they make graph nodes): a function that is not a module is feval.
    const isFeval = (f) => typeof f === 'function' && f[kKind] !== 'Module';
    return (first, ...rest) => (isFeval(first) ? functional(kind, first, ...rest) : objectForm(kind, first, ...rest));
  }

  return { ...Object.fromEntries(kinds.map((kind) => [kind, optimizer(kind)])), Optimizer };
}
