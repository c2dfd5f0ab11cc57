// Nodes and graphs: calling a module makes a node (m(), m(node), m([a, b])), and nn.gModule(inputs,
// outputs) makes a graph module of them. A node keeps the JS objects it was made from, so that
// disposing a graph disposes what it was built from.
import { kRaw, kKind, kMaxTableEntries, disposeSymbol, inspectSymbol, describe, safeString, isInteger, rawOf, ofKind } from './handles.mjs';

export function installNodes(parts) {
  const { M, Tensor, own, release } = parts;

  class Node {
    constructor(token, raw, module, inputs) {
      if (token !== kRaw) throw new TypeError('nodes are made by calling a module: nn.Identity()(), nn.Linear(3, 5)(x)');
      own(this, raw, 'Node');
      // JS objects this node was made from, so a graph can dispose what it was built from.
      this._module = module;
      this._inputs = inputs;
    }
    get [kKind]() { return 'Node'; }
    get id() { return M.nodeId(rawOf(this, 'Node')); }
    /** How errors name this node: "'h1' (nn.Linear #4)". */
    get label() { return M.nodeLabel(rawOf(this, 'Node')); }
    get name() { return M.nodeName(rawOf(this, 'Node')); }
    get description() { return M.nodeDescription(rawOf(this, 'Node')); }
    get module() {
      rawOf(this, 'Node');
      return this._module;
    }
    split(count) {
      const raw = rawOf(this, 'Node');
      if (!isInteger(count)) throw new TypeError(`node.split(n): n must be an integer, got ${describe(count)}`);
      return M.nodeSplit(raw, count).map((part) => new Node(kRaw, part, null, [this]));
    }
    annotate(annotation) {
      const raw = rawOf(this, 'Node');
      if (annotation === null || typeof annotation !== 'object' || Array.isArray(annotation))
        throw new TypeError(`node.annotate(...) takes an object { name, description }, got ${describe(annotation)}`);
      const { name = '', description = '' } = annotation;
      if (typeof name !== 'string' || typeof description !== 'string')
        throw new TypeError('node.annotate({ name, description }): name and description must be strings');
      M.nodeAnnotate(raw, name, description);
      return this;
    }
    toString() { return this instanceof Node && this[kRaw] ? `Node ${this.label}` : 'Node (disposed)'; }
    get disposed() { return !this[kRaw]; }
    dispose() { release(ofKind(this, 'Node')); }
    [disposeSymbol]() { release(ofKind(this, 'Node')); }
    [inspectSymbol]() { return this.toString(); }
  }

  function nodeArg(n, owner, where) {
    if (n instanceof Node) return rawOf(n, 'Node');
    if (n && (n[kKind] === 'Module' || n[kKind] === 'Criterion')) {
      // An output is computed from other nodes; only an input is made with no arguments.
      const example = /^as output/.test(where)
        ? `make it an output node by calling it on the node it reads, e.g. ${shortName(n)}()(h) where h is the node before it, and pass that node`
        : `Calling a module makes a node, e.g. ${shortName(n)}()() for a graph input`;
      throw new TypeError(`${owner} was called with the module ${safeString(n)} ${where}, not a node: did you forget ()? ${example.charAt(0).toUpperCase()}${example.slice(1)}`);
    }
    if (n instanceof Tensor)
      throw new TypeError(`${owner} was called with a Tensor ${where}: calling a module builds a graph from nodes; to compute, use forward(tensor)`);
    throw new TypeError(`${owner} expects a node or an array of nodes, got ${describe(n)} ${where}`);
  }

  // A plain copy of an array of nodes (holes become undefined, getters run once).
  function readNodeList(list, owner) {
    if (list.length > kMaxTableEntries) throw new Error(`${owner}: an array of ${list.length} nodes is more than a graph may hold`);
    return Array.from(list);
  }

  function shortName(m) {
    try {
      return m.typeName;
    } catch {
      return 'nn.Identity';
    }
  }

  // m(), m(node), m([a, b])
  function callAsNode(obj, args, rawModule) {
    const owner = safeString(obj);
    if (args.length === 0) return new Node(kRaw, M.nodeInput(rawModule()), obj, []);
    if (args.length > 1)
      throw new TypeError(`${owner} was called with ${args.length} arguments; to read several nodes pass one array, m([a, b])`);
    const arg = args[0];
    if (Array.isArray(arg)) {
      const list = readNodeList(arg, owner);  // holes and getters read once, before any engine work
      if (list.length === 0)
        throw new Error(`${owner} was called with an empty array of nodes; call it with no arguments, m(), to make a graph input`);
      list.forEach((n, i) => nodeArg(n, owner, `at position ${i + 1} of the array`));
      const raws = list.map((n) => rawOf(n, 'Node'));
      return new Node(kRaw, M.nodeMake(rawModule(), raws, true), obj, list);
    }
    const raw = nodeArg(arg, owner, 'as its argument');
    return new Node(kRaw, M.nodeMake(rawModule(), [raw], false), obj, [arg]);
  }

  function gModule(inputs, outputs) {
    const check = (list, what) => {
      if (!Array.isArray(list)) {
        const hint = list instanceof Node ? ` (wrap it: nn.gModule([${what === 'inputs' ? 'x' : 'x'}], [y]))` : '';
        throw new TypeError(`nn.gModule(inputs, outputs): ${what} must be an array of nodes, got ${describe(list)}${hint}`);
      }
      return readNodeList(list, 'nn.gModule');
    };
    inputs = check(inputs, 'inputs');
    outputs = check(outputs, 'outputs');
    inputs.forEach((n, i) => nodeArg(n, 'nn.gModule', `as input ${i + 1}`));
    outputs.forEach((n, i) => nodeArg(n, 'nn.gModule', `as output ${i + 1}`));
    const raw = M.makeGraph(inputs.map((n) => rawOf(n, 'Node')), outputs.map((n) => rawOf(n, 'Node')));
    // The graph keeps what it was built from: disposing it disposes these JS objects too.
    // A loop, not recursion: a chain of thousands of nodes would overflow the stack (a worker's
    // is smaller than Node's).
    const owned = new Set();
    const pending = [...outputs, ...inputs];
    while (pending.length) {
      const node = pending.pop();
      if (!node || owned.has(node)) continue;
      owned.add(node);
      if (node._module) owned.add(node._module);
      pending.push(...node._inputs);
    }
    return parts.wrapModule(raw, [...owned]);
  }

  Object.assign(parts, { Node, callAsNode, gModule });
}
