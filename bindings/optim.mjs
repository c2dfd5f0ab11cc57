// optim for JavaScript: Torch's optim.sgd / optim.adam in their functional form, plus an object
// form for code that does not flatten its parameters. The updates run in the engine
// (core/optim.cpp); this file checks arguments and keeps the state handles.
//
//   const [x, dfdx] = model.getParameters();
//   const feval = (x) => { dfdx.zero(); ...forward, backward...; return [loss, dfdx]; };
//   const state = {};
//   optim.sgd(feval, x, { learningRate: 0.1, momentum: 0.9 }, state);   // -> [x, [loss]]
//
//   const opt = optim.adam(model, { learningRate: 0.01 });   // or optim.adam(model.parameters(), ...)
//   opt.zeroGrad(); ...forward, backward...; opt.step();

const kState = Symbol('nngraph.optimState');

const configKeys = {
  sgd: { learningRate: 'number', learningRateDecay: 'number', weightDecay: 'number', momentum: 'number', dampening: 'number', nesterov: 'boolean' },
  adam: { learningRate: 'number', learningRateDecay: 'number', beta1: 'number', beta2: 'number', epsilon: 'number', weightDecay: 'number' },
  // the rest of torch/optim (issue 14), with its config keys
  rmsprop: { learningRate: 'number', alpha: 'number', epsilon: 'number', weightDecay: 'number', initialMean: 'number' },
  adagrad: { learningRate: 'number', learningRateDecay: 'number', weightDecay: 'number' },
  adadelta: { rho: 'number', eps: 'number', weightDecay: 'number' },
  adamax: { learningRate: 'number', beta1: 'number', beta2: 'number', epsilon: 'number', weightDecay: 'number' },
  nag: { learningRate: 'number', learningRateDecay: 'number', weightDecay: 'number', momentum: 'number', dampening: 'number' },
  lbfgs: { maxIter: 'number', maxEval: 'number', tolFun: 'number', tolX: 'number', learningRate: 'number', nCorrection: 'number' },
};
const kZooState = Symbol('nngraph.optimZooState');

export function makeOptim({ M, Tensor, own, release, rawOf, describe, kKind, kRaw, disposeSymbol }) {
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
  // buffers between calls (Torch's default state is the config table itself).
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
    const result = feval(x);
    if (!Array.isArray(result) || typeof result[0] !== 'number' || !(result[1] instanceof Tensor))
      throw new TypeError(`${what}: feval(x) must return [loss, gradient] (a number and a Tensor), got ${describe(result)}`);
    const [fx, dfdx] = result;
    const step = kind === 'sgd' ? M.optimSgdStep : M.optimAdamStep;
    step(rawOf(x, 'Tensor'), rawOf(dfdx, 'Tensor'), fx, config, state[kState]);
    if (kind === 'sgd') state.evalCounter = M.optimStateCount(state[kState], 'sgd');
    else state.t = M.optimStateCount(state[kState], 'adam');
    return [x, [fx]];
  }

  class Optimizer {
    constructor(token, kind, raw, config) {
      if (token !== kState) throw new TypeError('optimizers are made by optim.sgd(module, config) or optim.adam(module, config)');
      this.kind = kind;
      this.config = Object.freeze({ ...config });
      own(this, raw, 'Optimizer');
    }
    get [kKind]() { return 'Optimizer'; }
    /** Applies one update with the gradients backward accumulated. With a closure (which zeroes,
     *  runs forward and backward and returns the loss), calls it first and returns its loss. */
    step(closure) {
      rawOf(this, 'Optimizer');
      let loss;
      if (closure !== undefined) {
        if (typeof closure !== 'function') throw new TypeError(`optimizer.step(closure): closure must be a function, got ${describe(closure)}`);
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

  // rmsprop, adagrad, adadelta, adamax, nag, lbfgs (issue 14): Torch's functional form, as above;
  // the engine's state sits behind the user's state table, and Torch's counters (evalCounter, t,
  // funcEval, nIter) are mirrored into it after each call.
  const zooKinds = ['rmsprop', 'adagrad', 'adadelta', 'adamax', 'nag', 'lbfgs'];
  function zooFunctional(kind, feval, x, config = {}, state = config) {
    const what = `optim.${kind}(feval, x, config, state)`;
    if (typeof feval !== 'function' || feval[kKind] === 'Module')
      throw new TypeError(`${what}: feval must be a function x -> [loss, gradient]; the object form (optim.${kind}(module)) exists for sgd and adam only`);
    if (!(x instanceof Tensor)) throw new TypeError(`${what}: x must be a Tensor (the flat parameters from module.getParameters()), got ${describe(x)}`);
    checkConfig(kind, config, what);
    if (state === null || typeof state !== 'object') throw new TypeError(`${what}: state must be an object, got ${describe(state)}`);
    if (!state[kZooState]) {
      const raw = M.optimZooStateNew();
      Object.defineProperty(state, kZooState, { value: raw, configurable: true });
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
      }, config, state[kZooState]);
    } else {
      if (kind === 'nag') M.optimNagLookahead(rawOf(x, 'Tensor'), config, state[kZooState]);
      const [loss, dfdx] = evaluate();
      M.optimZooStep(kind, rawOf(x, 'Tensor'), rawOf(dfdx, 'Tensor'), loss, config, state[kZooState]);
      fx = [loss];
    }
    Object.assign(state, M.optimZooStateCounters(state[kZooState])[kind]);
    return [x, fx];
  }
  const zoo = Object.fromEntries(zooKinds.map((kind) => [kind, (...args) => zooFunctional(kind, ...args)]));

  return { sgd: optimizer('sgd'), adam: optimizer('adam'), ...zoo, Optimizer };
}
