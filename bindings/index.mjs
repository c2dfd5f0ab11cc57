// nngraph-wasm: Torch7's nn + nngraph for JavaScript.
//
//   import { load } from 'nngraph-wasm';
//   const { torch, nn } = await load();
//
// The idiomatic face of the Embind layer (bindings/embind*.cpp), assembled from files by concept,
// each readable alone:
//   load.mjs       instantiating the engine (and where its binary comes from)
//   handles.mjs    handle ownership, dispose, tidy, memory(), describing values in errors
//   tensor.mjs     Tensor and torch.tensor/zeros/...        node.mjs       Node, m(node), nn.gModule
//   values.mjs     Tensors and tables in and out: the one call path into the engine
//   module.mjs     Module, containers, graphs, nn.X         criterion.mjs  Criterion
//   optim.mjs      optim.sgd, adam, ...                     extensions.mjs the other parts' files
// JS checks only what only JS can see (types, disposed handles, arity); the engine checks meaning,
// and its errors arrive as Errors carrying its sentence.
import { instantiate } from './load.mjs';
import { kKind, kRaw, disposeSymbol, inspectSymbol, describe, isInteger, safeString, rawOf, makeHandles } from './handles.mjs';
import { installTensor } from './tensor.mjs';
import { installValues } from './values.mjs';
import { installNodes } from './node.mjs';
import { installModules } from './module.mjs';
import { installCriterions } from './criterion.mjs';
import { makeOptim } from './optim.mjs';
import { extensions } from './extensions.mjs';

let loading = null;

/**
 * Loads the engine once; later calls return the same promise (their options are ignored).
 * By default the engine's binary is dist/nngraph_core.wasm beside this package's files: read
 * with fs in Node, fetched from new URL(..., import.meta.url) in browsers (bundlers such as
 * Vite see that expression and ship the file). options.wasmBinary (bytes) or options.wasmUrl
 * (fetched) replace it; options.wasmModule (a WebAssembly.Module compiled from that binary, e.g.
 * once on a page and posted to each of its workers) skips fetching and compiling altogether;
 * options.locateFile is handed to the Emscripten loader.
 */
export function load(options = {}) {
  if (loading) return loading;
  loading = instantiate(options).then(buildApi).catch((error) => {
    loading = null;  // a failed load may be retried (e.g. with another wasmBinary)
    throw error;
  });
  return loading;
}

export default load;

function buildApi(M) {
  const handles = makeHandles(M);
  // buildApi's internals, filled in file by file; the extensions get them too (same keys, same
  // meaning as they have always had).
  const parts = { M, own: handles.own, release: handles.release, rebind: handles.rebind, withoutTidy: handles.withoutTidy,
    rawOf, describe, isInteger, safeString, kKind, kRaw, disposeSymbol, inspectSymbol };
  installTensor(parts);
  installValues(parts);
  installNodes(parts);
  installModules(parts);
  installCriterions(parts);
  const { torch, Tensor, Node, readValue, putArgs, moduleFactory, criterionFactory, gModule, wrapModule } = parts;

  const moduleNames = M.moduleNames();
  const criterionNames = M.criterionNames();
  const nn = (parts.nn = {});
  for (const name of moduleNames) nn[name] = moduleFactory(name);
  for (const name of criterionNames) nn[name] = criterionFactory(name);
  nn.gModule = gModule;
  nn.load = (text) => {
    if (typeof text !== 'string') throw new TypeError(`nn.load(text): text must be the string module.save() returned, got ${describe(text)}`);
    return wrapModule(M.moduleLoad(text));
  };
  nn.checkGradients = (target, input, criterionTarget) => {
    if (target && target[kKind] === 'Criterion') {
      const raw = rawOf(target, 'Criterion');
      const what = () => 'nn.checkGradients(criterion, input, target)';
      const x = readValue(input, what, 'input'), t = readValue(criterionTarget, what, 'target');
      putArgs(x, t);
      return M.checkCriterionGradients(raw);
    }
    if (!target || target[kKind] !== 'Module')
      throw new TypeError(`nn.checkGradients(module, input): expected a module, graph or criterion, got ${describe(target)}`);
    const raw = rawOf(target, 'Module');
    const x = readValue(input, () => 'nn.checkGradients(module, input)', 'input');
    putArgs(x);
    return M.checkModuleGradients(raw);
  };
  nn.isModule = (x) => !!x && x[kKind] === 'Module';
  nn.isCriterion = (x) => !!x && x[kKind] === 'Criterion';
  nn.isNode = (x) => x instanceof Node;

  const info = Object.freeze({
    version: M.version(),
    simd: M.simd(),
    modules: Object.freeze(moduleNames.slice()),
    criterions: Object.freeze(criterionNames.slice()),
  });

  for (const extend of extensions) extend(parts);

  const optim = Object.freeze(makeOptim(parts));

  function dispose(...things) {
    things.forEach(parts.disposeValue);
  }

  const tidy = (fn) => handles.tidy(fn, Tensor);
  return Object.freeze({ torch: Object.freeze(torch), nn: (parts.freezeNn ?? Object.freeze)(nn), optim, info, memory: handles.memory, dispose, tidy });
}
