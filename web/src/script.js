// Runs a playground script against a loaded nngraph-wasm and turns what it built into plain data
// (DOT strings, inspect() data, gradient values, errors). Used by the worker, and by the browser
// tests in Node to compute the numbers the page should show. No DOM, no worker API here.
//
// Script API (documented on the page): the script body gets
//   torch, nn, optim      the package's objects
//   show(g, input?, gradOutput?)
//                         display gModule g. input is what g runs on ("Check gradients" uses it);
//                         show runs g.forward(input) if g has not run yet, and with gradOutput
//                         runs g.forward(input) then g.backward(input, gradOutput).
//                         Without show(), the page displays the last gModule the script built.
//   print(...values)      write a line to the page's console (tensors are printed with toString())
//   train(spec)           open the Train view for a model (see web/src/trainer.js):
//                         { model, criterion, data: 'xor' | 'circles' | 'spirals' } for 2-D
//                         classification, or { parameters: m.getParameters(), loss(), sample?() };
//                         optimizer ('adam' | 'sgd-momentum' | 'sgd') and learningRate optional.

import { Trainer } from './trainer.js';

const AsyncFunction = (async () => {}).constructor;
// The script body is wrapped in `async function anonymous(torch, nn, ...\n) {\n`: two lines.
const HEADER_LINES = 2;
// Names the script in stack traces, to tell its frames from the engine's (Embind makes functions
// with the Function constructor too).
const SCRIPT_URL = 'playground-script.js';

export async function runScript(ng, code) {
  const logs = [];
  // failedBuild: the nodes of the last nn.gModule call that threw, to draw what was built
  const state = { graph: null, input: undefined, shown: false, trainSpec: null, trainer: null, failedBuild: null };

  // nn with gModule wrapped so that the last graph built is remembered even if the script throws
  // before reaching show(): the error can then be located in that graph.
  // The proxy's target is an empty object (not ng.nn) so that a frozen ng.nn cannot trip the
  // Proxy invariants when gModule is replaced.
  const nn = new Proxy(Object.create(null), {
    get(_, key) {
      const value = Reflect.get(ng.nn, key);
      if (key !== 'gModule' || typeof value !== 'function') return value;
      return (...args) => {
        let g;
        try {
          g = value.apply(ng.nn, args);
        } catch (e) {
          if (!state.shown) state.failedBuild = { inputs: args[0], outputs: args[1] };
          throw e;
        }
        if (!state.shown) {
          state.graph = g;
          state.failedBuild = null;
        }
        return g;
      };
    },
    has: (_, key) => key in ng.nn,
  });

  const show = (g, input, gradOutput) => {
    if (!g || typeof g.inspect !== 'function') {
      throw new TypeError('show(g, input, gradOutput): g must be a gModule (made by nn.gModule)');
    }
    state.graph = g;
    state.shown = true;
    if (input === undefined) return;
    state.input = input;
    if (gradOutput !== undefined) {
      g.forward(input);
      g.backward(input, gradOutput);
    } else if (!g.inspect().hasForward) {
      // Only when needed: a forward would discard the backward the script already ran.
      g.forward(input);
    }
  };
  const train = (spec) => {
    if (spec === null || typeof spec !== 'object')
      throw new TypeError('train(spec): spec must be an object: { model, criterion, data } or { parameters, loss }');
    const classification = spec.model !== undefined || spec.criterion !== undefined;
    if (classification && (!ng.nn.isModule(spec.model) || !ng.nn.isCriterion(spec.criterion)))
      throw new TypeError('train({ model, criterion, data }): model must be a module and criterion a criterion');
    if (!classification && (!Array.isArray(spec.parameters) || typeof spec.loss !== 'function'))
      throw new TypeError('train({ parameters, loss }): parameters must be module.getParameters() and loss a function returning the loss');
    state.trainSpec = spec;
  };
  const print = (...values) => logs.push(values.map(formatForLog).join(' '));
  const console = { log: print, info: print, warn: print, error: print };

  let error = null;
  const started = Date.now();
  try {
    const fn = compileScript(code);
    await fn(ng.torch, nn, ng.optim, show, print, console, train);
    if (state.trainSpec) state.trainer = new Trainer(ng, state.trainSpec);
  } catch (e) {
    error = describeError(e);
  }
  const elapsedMs = Date.now() - started;
  const training = state.trainer && !error ? state.trainer.info() : null;

  let view = null;
  if (state.failedBuild && error) {
    view = sketchView(ng, state.failedBuild);
  } else if (state.graph) {
    try {
      view = collectView(state.graph);
    } catch (e) {
      error = error || describeError(e);
    }
  }
  return { result: { logs, error, view, elapsedMs, training }, state };
}

const PARAMETERS = ['torch', 'nn', 'optim', 'show', 'print', 'console', 'train'];

// The script as an async function. A SyntaxError from the Function constructor carries no
// position, so the line is found as the first prefix of the script (whole lines) that fails with
// the same message: a prefix cut inside a construct fails only as "unexpected end of input".
function compileScript(code) {
  const compile = (text) => new AsyncFunction(...PARAMETERS, `${text}\n//# sourceURL=${SCRIPT_URL}`);
  try {
    return compile(code);
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    const lines = code.split('\n');
    let line = lines.length;
    for (let n = 1; n < lines.length; ++n) {
      try {
        compile(lines.slice(0, n).join('\n'));
      } catch (prefixError) {
        if (prefixError.message === e.message) {
          line = n;
          break;
        }
      }
    }
    e.scriptLine = line;
    throw e;
  }
}

// What a failed nn.gModule(inputs, outputs) had been given, drawn without a gModule
// (nn.sketchDot): the error's node (error.nodeId) is outlined in it like in a built graph.
function sketchView(ng, { inputs, outputs }) {
  let dot = null;
  try {
    dot = ng.nn.sketchDot(inputs ?? [], outputs ?? []);
  } catch {
    return null;
  }
  return { dot, dotBackward: dot, nodes: [], hasForward: false, hasBackward: false, gradInput: null, sketch: true };
}

// Everything the page draws about one graph, as structured-clone-able data.
export function collectView(g) {
  const inspection = g.inspect();
  const nodes = inspection.nodes.map(normalizeNode);
  const hasForward = inspection.hasForward ?? nodes.some((n) => n.output != null);
  const hasBackward = inspection.hasBackward ?? nodes.some((n) => n.gradOutput != null);
  let gradInput = null;
  if (hasBackward) {
    try {
      gradInput = toPlain(g.gradInput);
    } catch {
      gradInput = null;
    }
  }
  return {
    dot: g.toDot(),
    dotBackward: g.toDot({ backward: true }),
    nodes,
    hasForward,
    hasBackward,
    gradInput,
    // The order forward and backward ran the nodes in (ids), for the Step mode.
    forwardOrder: (inspection.forwardOrder || []).map(Number),
    backwardOrder: (inspection.backwardOrder || []).map(Number),
  };
}

// Node ids as numbers everywhere (the page looks nodes up by id), null for "no node".
function normalizeNode(n) {
  const id = (v) => (v == null || v === 0 ? null : Number(v));
  return {
    ...n,
    id: Number(n.id),
    inputs: (n.inputs || []).map(Number),
    contributions: (n.contributions || []).map((c) => ({ from: id(c.from), gradient: c.gradient, runningSum: c.runningSum ?? null })),
    parameters: n.parameters || [],
  };
}

// The input for the numerical gradient check: the one given to show(), or else the values the
// graph's Identity input nodes saw in the last forward (their output is their input).
export function checkInput(ng, state) {
  if (state.input !== undefined) return state.input;
  const { nodes } = state.graph.inspect();
  const inputs = nodes.filter((n) => n.isInput).sort((a, b) => a.inputIndex - b.inputIndex);
  if (inputs.some((n) => n.output == null)) {
    throw new Error('Check gradients needs a forward first: call show(g, input) or g.forward(input) in the script.');
  }
  if (inputs.some((n) => n.type !== 'nn.Identity')) {
    throw new Error('Check gradients cannot recover the input of a graph whose inputs are not nn.Identity: pass it with show(g, input).');
  }
  const values = inputs.map((n) => fromPlain(ng, n.output));
  return values.length === 1 ? values[0] : values;
}

export function runCheck(ng, state) {
  if (!state.graph) throw new Error('There is no graph to check: run a script that builds one.');
  const input = checkInput(ng, state);
  return ng.nn.checkGradients(state.graph, input);
}

export function isTensor(v) {
  return v != null && typeof v === 'object' && Array.isArray(v.shape) && typeof v.toFloat32Array === 'function';
}

// Tensor -> { shape, data }, arrays recursively, anything else -> null.
export function toPlain(v) {
  if (isTensor(v)) return { shape: [...v.shape], data: Array.from(v.toFloat32Array()) };
  if (Array.isArray(v)) return v.map(toPlain);
  return null;
}

function fromPlain(ng, v) {
  if (Array.isArray(v)) return v.map((e) => fromPlain(ng, e));
  return ng.torch.tensor(Float32Array.from(v.data), v.shape);
}

function formatForLog(v) {
  if (typeof v === 'string') return v;
  if (isTensor(v)) return v.toString();
  if (Array.isArray(v)) return `{${v.map(formatForLog).join(', ')}}`;
  if (v instanceof Error) return v.message;
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s;
  } catch {
    return String(v);
  }
}

export function describeError(e) {
  const message = e && typeof e.message === 'string' ? e.message : String(e);
  const name = e && typeof e.name === 'string' ? e.name : 'Error';
  const nodeId = e && Number.isInteger(e.nodeId) ? e.nodeId : null;
  return { name, message, line: e && Number.isInteger(e.scriptLine) ? e.scriptLine : scriptLine(e), nodeId };
}

// The line of the user's script where the error was thrown, from the stack, or null.
function scriptLine(e) {
  const stack = e && typeof e.stack === 'string' ? e.stack : '';
  const m = /playground-script\.js:(\d+):\d+/.exec(stack);
  if (!m) return null;
  const line = Number(m[1]) - HEADER_LINES;
  return line >= 1 ? line : null;
}
