// A pure-JS peer for the bench (issue 17): a straightforward general-purpose implementation of the
// part of our API the seed graph uses, written as a competent JS library would be — tensors over
// Float32Arrays, generic module objects with Torch's updateOutput / updateGradInput /
// accGradParameters, tables as arrays, and nn.gModule as a topologically sorted graph walk that
// sums the gradients of fan-outs. Nothing is fused or specialised for one graph: the cost it
// measures is that of a JS library of the same design as ours, minus the wasm boundary.

class Tensor {
  constructor(shape, data = new Float32Array(shape.reduce((a, b) => a * b, 1))) {
    this.shape = shape;
    this.data = data;
  }
  numel() { return this.data.length; }
  sameShape(o) { return this.shape.length === o.shape.length && this.shape.every((s, i) => s === o.shape[i]); }
  resizeAs(o) {
    if (!this.sameShape(o)) {
      this.shape = o.shape.slice();
      this.data = new Float32Array(o.data.length);
    }
    return this;
  }
  copy(o) { this.resizeAs(o).data.set(o.data); return this; }
  zero() { this.data.fill(0); return this; }
  add(o) {
    const a = this.data, b = o.data;
    for (let i = 0; i < a.length; ++i) a[i] += b[i];
    return this;
  }
}

// out = alpha * op(A) op(B) + beta * out over row-major matrices; op transposes when asked.
function gemm(ta, tb, m, n, k, alpha, A, B, beta, out) {
  for (let i = 0; i < m; ++i) {
    for (let j = 0; j < n; ++j) {
      let s = 0;
      for (let p = 0; p < k; ++p) s += (ta ? A[p * m + i] : A[i * k + p]) * (tb ? B[j * k + p] : B[p * n + j]);
      out[i * n + j] = alpha * s + (beta === 0 ? 0 : beta * out[i * n + j]);
    }
  }
}

class Module {
  constructor() {
    this.output = new Tensor([0]);
    this.gradInput = new Tensor([0]);
  }
  forward(input) { return this.updateOutput(input); }
  backward(input, gradOutput, scale = 1) {
    this.updateGradInput(input, gradOutput);
    this.accGradParameters(input, gradOutput, scale);
    return this.gradInput;
  }
  accGradParameters() {}
  parameters() { return [[], []]; }
  zeroGradParameters() { for (const g of this.parameters()[1]) g.zero(); }
  updateParameters(lr) {
    const [ps, gs] = this.parameters();
    ps.forEach((p, i) => { const a = p.data, g = gs[i].data; for (let j = 0; j < a.length; ++j) a[j] -= lr * g[j]; });
  }
}

class Linear extends Module {
  constructor(inputSize, outputSize) {
    super();
    this.weight = new Tensor([outputSize, inputSize]);
    this.bias = new Tensor([outputSize]);
    this.gradWeight = new Tensor([outputSize, inputSize]);
    this.gradBias = new Tensor([outputSize]);
    const stdv = 1 / Math.sqrt(inputSize);
    for (const t of [this.weight, this.bias]) for (let i = 0; i < t.data.length; ++i) t.data[i] = (Math.random() * 2 - 1) * stdv;
  }
  updateOutput(input) {
    const [batch, inSize] = input.shape, outSize = this.weight.shape[0];
    if (inSize !== this.weight.shape[1]) throw new Error(`nn.Linear: input has ${inSize} columns, expected ${this.weight.shape[1]}`);
    if (this.output.shape[0] !== batch || this.output.shape[1] !== outSize) this.output = new Tensor([batch, outSize]);
    const out = this.output.data, b = this.bias.data;
    for (let i = 0; i < batch; ++i) out.set(b, i * outSize);
    gemm(false, true, batch, outSize, inSize, 1, input.data, this.weight.data, 1, out);
    return this.output;
  }
  updateGradInput(input, gradOutput) {
    const [batch, inSize] = input.shape, outSize = this.weight.shape[0];
    this.gradInput.resizeAs(input);
    gemm(false, false, batch, inSize, outSize, 1, gradOutput.data, this.weight.data, 0, this.gradInput.data);
    return this.gradInput;
  }
  accGradParameters(input, gradOutput, scale = 1) {
    const [batch, inSize] = input.shape, outSize = this.weight.shape[0];
    gemm(true, false, outSize, inSize, batch, scale, gradOutput.data, input.data, 1, this.gradWeight.data);
    const gb = this.gradBias.data, gy = gradOutput.data;
    for (let i = 0; i < batch; ++i) for (let j = 0; j < outSize; ++j) gb[j] += scale * gy[i * outSize + j];
  }
  parameters() { return [[this.weight, this.bias], [this.gradWeight, this.gradBias]]; }
}

class Identity extends Module {
  updateOutput(input) { return (this.output = input); }
  updateGradInput(input, gradOutput) { return (this.gradInput = gradOutput); }
}

class CAddTable extends Module {
  constructor() {
    super();
    this.gradInput = [];
  }
  updateOutput(input) {
    this.output.copy(input[0]);
    for (let i = 1; i < input.length; ++i) this.output.add(input[i]);
    return this.output;
  }
  updateGradInput(input, gradOutput) {
    for (let i = 0; i < input.length; ++i) (this.gradInput[i] ??= new Tensor([0])).copy(gradOutput);
    this.gradInput.length = input.length;
    return this.gradInput;
  }
}

// Graph nodes: a module and the nodes it reads (several read as a table).
class Node {
  constructor(module, inputs, asTable) {
    this.module = module;
    this.inputs = inputs;
    this.asTable = asTable;
  }
}
const callable = (module) => Object.assign((arg) => new Node(module, arg === undefined ? [] : Array.isArray(arg) ? arg : [arg], Array.isArray(arg)), { module });

class GModule extends Module {
  constructor(inputs, outputs) {
    super();
    this.inputNodes = inputs;
    this.outputNodes = outputs;
    // topological order from the outputs (depth first, each node once)
    this.order = [];
    const seen = new Set();
    const visit = (n) => {
      if (seen.has(n)) return;
      seen.add(n);
      n.inputs.forEach(visit);
      this.order.push(n);
    };
    outputs.forEach(visit);
    this.consumers = new Map(this.order.map((n) => [n, []]));
    for (const n of this.order) for (const i of n.inputs) this.consumers.get(i).push(n);
    this.values = new Map();
    this.grads = new Map();
  }
  inputOf(n, input) {
    if (n.inputs.length === 0) return this.inputNodes.length === 1 ? input : input[this.inputNodes.indexOf(n)];
    const vs = n.inputs.map((i) => this.values.get(i));
    return n.asTable ? vs : vs[0];
  }
  updateOutput(input) {
    for (const n of this.order) this.values.set(n, n.module.forward(this.inputOf(n, input)));
    const outs = this.outputNodes.map((n) => this.values.get(n));
    return (this.output = outs.length === 1 ? outs[0] : outs);
  }
  // gradient of the loss w.r.t. each node's output: the sum over its consumers' contributions
  backward(input, gradOutput, scale = 1) {
    this.grads.clear();
    const outs = this.outputNodes;
    outs.forEach((n, i) => this.grads.set(n, outs.length === 1 ? gradOutput : gradOutput[i]));
    for (let k = this.order.length - 1; k >= 0; --k) {
      const n = this.order[k];
      const gy = this.grads.get(n);
      const gx = n.module.backward(this.inputOf(n, input), gy, scale);
      n.inputs.forEach((i, j) => {
        const g = n.asTable ? gx[j] : gx;
        const sum = this.grads.get(i);
        if (!sum) this.grads.set(i, g);
        else {
          // a fan-out: accumulate into a buffer of this node's own
          const acc = (this.accumulators ??= new Map()).get(i) ?? new Tensor([0]);
          this.accumulators.set(i, acc);
          if (sum !== acc) acc.copy(sum);
          acc.add(g);
          this.grads.set(i, acc);
        }
      });
    }
    const gin = this.inputNodes.map((n) => this.grads.get(n));
    return (this.gradInput = gin.length === 1 ? gin[0] : gin);
  }
  parameters() {
    const ps = [], gs = [];
    for (const n of this.order) { const [p, g] = n.module.parameters(); ps.push(...p); gs.push(...g); }
    return [ps, gs];
  }
}

export const torch = {
  rand: (...shape) => {
    const t = new Tensor(shape);
    for (let i = 0; i < t.data.length; ++i) t.data[i] = Math.random();
    return t;
  },
};

export const nn = {
  Linear: (i, o) => callable(new Linear(i, o)),
  Identity: () => callable(new Identity()),
  CAddTable: () => callable(new CAddTable()),
  gModule: (inputs, outputs) => new GModule(inputs, outputs),
};
