// Criterions: loss functions with forward(input, target) -> number and backward -> gradInput,
// callable too (crit([prediction, target]) makes an nn.ModuleFromCriterion node).
import { kRaw, kKind, disposeSymbol, inspectSymbol, describe, rawOf, ofKind } from './handles.mjs';
import { Op, kGradInput } from './values.mjs';

export function installCriterions(parts) {
  const { M, own, release, readValue, call, result, releaseResults, callAsNode, wrapModule, factoryArgs } = parts;

  function Criterion() {
    throw new TypeError('criterions are made by their factories, e.g. nn.MSECriterion()');
  }
  Criterion.prototype = Object.create(Function.prototype);
  const criterionMethods = {
    forward(input, target) {
      rawOf(this, 'Criterion');
      const what = () => `${this}.forward(input, target)`;
      const x = readValue(input, what, 'input'), t = readValue(target, what, 'target');
      rawOf(this, 'Criterion');
      return call(this, Op.criterionForward, 0, x, t);
    },
    backward(input, target) {
      rawOf(this, 'Criterion');
      const what = () => `${this}.backward(input, target)`;
      const x = readValue(input, what, 'input'), t = readValue(target, what, 'target');
      rawOf(this, 'Criterion');
      return call(this, Op.criterionBackward, 0, x, t);
    },
    clone() { return wrapCriterion(M.criterionClone(rawOf(this, 'Criterion'))); },
    toString() { return this?.[kKind] === 'Criterion' && this[kRaw] ? M.criterionToString(this[kRaw]) : 'Criterion (disposed)'; },
    dispose() { if (release(ofKind(this, 'Criterion'))) releaseResults(this); },
  };
  criterionMethods.updateOutput = criterionMethods.forward;
  criterionMethods.updateGradInput = criterionMethods.backward;
  for (const [key, value] of Object.entries(criterionMethods)) Object.defineProperty(Criterion.prototype, key, { value, writable: true, configurable: true });
  Object.defineProperty(Criterion.prototype, disposeSymbol, { value() { this.dispose(); }, configurable: true });
  Object.defineProperty(Criterion.prototype, inspectSymbol, { value() { return this.toString(); }, configurable: true });
  const criterionGetters = {
    [kKind]() { return 'Criterion'; },
    output() { return M.criterionOutput(rawOf(this, 'Criterion')); },
    gradInput() {
      rawOf(this, 'Criterion');
      return result(this, kGradInput);
    },
    typeName() { return M.criterionTypeName(rawOf(this, 'Criterion')); },
    description() { return M.criterionDescription(rawOf(this, 'Criterion')); },
    disposed() { return !this[kRaw]; },
  };
  for (const key of Reflect.ownKeys(criterionGetters)) Object.defineProperty(Criterion.prototype, key, { get: criterionGetters[key], configurable: true });
  Object.defineProperty(Criterion.prototype, 'sizeAverage', {
    get() { return M.criterionGetSizeAverage(rawOf(this, 'Criterion')); },
    set(v) {
      if (typeof v !== 'boolean') throw new TypeError(`sizeAverage must be a boolean, got ${describe(v)}`);
      M.criterionSetSizeAverage(rawOf(this, 'Criterion'), v);
    },
    configurable: true,
  });

  function wrapCriterion(raw) {
    const c = function (...args) {
      // The node's module is a fresh nn.ModuleFromCriterion around this criterion.
      const wrapper = wrapModule(M.moduleFromCriterion(rawOf(c, 'Criterion')));
      try {
        return callAsNode(c, args, () => rawOf(wrapper, 'Module'));
      } finally {
        wrapper.dispose();  // the node holds the engine module; the JS wrapper is not needed
      }
    };
    Object.setPrototypeOf(c, Criterion.prototype);
    own(c, raw, 'Criterion');
    return c;
  }

  function criterionFactory(name) {
    const factory = (...args) => {
      const { raws, modules } = factoryArgs(name, args);
      if (modules.length) throw new TypeError(`nn.${name} does not take a module argument`);
      return wrapCriterion(M.createCriterion(name, raws));
    };
    Object.defineProperty(factory, 'name', { value: name });
    return factory;
  }

  Object.assign(parts, { Criterion, wrapCriterion, criterionFactory });
}
