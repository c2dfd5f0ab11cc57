// Types of nngraph-wasm: Torch7's nn + nngraph compiled to WebAssembly.
//
//   import { load } from 'nngraph-wasm';
//   const { torch, nn } = await load();
//
// Torch conventions hold: dimensions and indices are 1-based, a Torch "table" is a JS array
// (nested to any depth), and a module called as a function makes a graph node.

/** Options for {@link load}, passed to the Emscripten module factory. */
export interface LoadOptions {
  /**
   * The engine's wasm bytes. Without it, load() reads dist/nngraph_core.wasm beside the package
   * (fs in Node; in browsers fetched from `new URL('../dist/nngraph_core.wasm', import.meta.url)`,
   * which bundlers such as Vite rewrite to the file they emit). Give it to substitute another build
   * or to load from somewhere the default cannot reach.
   */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where to fetch the wasm bytes from (same purpose as wasmBinary; uses fetch()). */
  wasmUrl?: string | URL;
  /**
   * Maps a file the loader asks for ("nngraph_core.wasm") to the URL to fetch it from, e.g. when
   * the page serves the package's dist/ folder from a CDN. Browsers only: Node's fetch() cannot
   * read a file path, so in Node pass wasmBinary instead.
   */
  locateFile?: (path: string, prefix: string) => string;
  /**
   * The engine already compiled (`await WebAssembly.compileStreaming(fetch(wasmUrl))`): load()
   * only instantiates it. A page with several workers compiles the binary once and posts this
   * module to each (a WebAssembly.Module is structured-cloneable); `nngraph-wasm/embed` does so.
   */
  wasmModule?: WebAssembly.Module;
}

/**
 * Loads the engine. Idempotent: every call returns the same promise, and options of later calls
 * are ignored. A failed load can be retried.
 */
export function load(options?: LoadOptions): Promise<NNGraph>;
export default load;

/** What {@link load} resolves to. */
export interface NNGraph {
  readonly torch: Torch;
  readonly nn: NN;
  /** Torch's optim: sgd and adam, functional form and object form. */
  readonly optim: Optim;
  readonly info: Info;
  /** Live JS-owned handles and wasm heap use: for leak checks. */
  memory(): MemoryInfo;
  /** Disposes Tensors, modules, criterions and nodes, also inside nested arrays. */
  dispose(...things: unknown[]): void;
  /** Runs fn and disposes every Tensor made meanwhile except those fn returns (like tf.tidy). */
  tidy<T>(fn: () => T): T;
}

export interface Info {
  /** The package version, e.g. "0.1.0". */
  readonly version: string;
  /** Whether the engine was compiled with wasm SIMD128. */
  readonly simd: boolean;
  /** Names of every module factory in `nn` (without "nn."), sorted. */
  readonly modules: readonly string[];
  /** Names of every criterion factory in `nn`, sorted. */
  readonly criterions: readonly string[];
}

export interface MemoryInfo {
  /** Live Tensor objects (not yet disposed nor garbage-collected). */
  tensors: number;
  /** Live module objects (including graphs). */
  modules: number;
  criterions: number;
  nodes: number;
  /** Bytes currently allocated in the wasm heap (malloc): flat in a steady training loop. */
  heapBytes: number;
  /** Size of the wasm memory (grows, never shrinks). */
  heapSize: number;
}

// -------------------------------------------------------------------------------------------
// Tensors

/** Nested arrays of numbers, e.g. [[1, 2], [3, 4]]. */
export type NestedNumbers = number | NestedNumbers[];

/**
 * A float32 N-d tensor living in the wasm heap. A Tensor is a handle: tensors from
 * `parameters()`, `weight`, `output` alias the module's storage, as in Torch. Free it with
 * `dispose()` (or `using`); forgotten tensors are freed when garbage-collected. Any use after
 * dispose throws Error("this Tensor was disposed").
 */
export declare class Tensor {
  private constructor();
  /** Sizes, e.g. [2, 3] (a fresh array). */
  readonly shape: number[];
  readonly disposed: boolean;
  dim(): number;
  numel(): number;
  /** All sizes, like Torch's t:size(). */
  size(): number[];
  /** The size of dimension `dim` (1-based; negative counts from the end). */
  size(dim: number): number;
  /** The elements as nested arrays (a copy). */
  toArray(): NestedNumbers[];
  /** The elements in row-major order (a copy: never a view of the wasm heap). */
  toFloat32Array(): Float32Array;
  /** The single element of a one-element tensor. */
  item(): number;
  /** A deep copy. */
  clone(): Tensor;
  /** In place; returns this. */
  fill(value: number): this;
  /** In place: copies source's elements (same number of elements); returns this. */
  copy(source: Tensor): this;
  /** In place: this += alpha * other; Torch's add(alpha, other) is accepted too. */
  add(other: Tensor, alpha?: number): this;
  add(alpha: number, other: Tensor): this;
  /** In place: this *= factor. */
  mul(factor: number): this;
  /** Torch's printout: the values, then "[torch.FloatTensor of size 2x3]". */
  toString(): string;
  dispose(): void;
  [Symbol.dispose](): void;
}

export interface Torch {
  /** The Tensor class (instanceof), also Torch's constructor: see {@link TensorFactory}. */
  Tensor: TensorFactory;
  /** From nested arrays (rectangular: ragged arrays are an Error). */
  tensor(data: NestedNumbers[] | Tensor): Tensor;
  /** From flat data plus sizes; without sizes, a Float32Array makes a 1-D tensor. */
  tensor(data: Float32Array | ArrayLike<number>, shape?: number[]): Tensor;
  zeros(...sizes: number[]): Tensor;
  zeros(sizes: number[]): Tensor;
  ones(...sizes: number[]): Tensor;
  ones(sizes: number[]): Tensor;
  /** Uniform in [0, 1), from the global generator (the same numbers natively and in wasm). */
  rand(...sizes: number[]): Tensor;
  rand(sizes: number[]): Tensor;
  /** Standard normal. */
  randn(...sizes: number[]): Tensor;
  randn(sizes: number[]): Tensor;
  /** Seeds the generator behind rand/randn and module initialisation. */
  manualSeed(seed: number): void;
  isTensor(x: unknown): x is Tensor;
}

// -------------------------------------------------------------------------------------------
// Values, nodes, modules

/** Torch's activity: a Tensor, or a table (array) of activities nested to any depth. */
export type Value = Tensor | Value[];

/**
 * A graph node, made by calling a module: `m()` (a graph input), `m(node)`, `m([a, b])`.
 * With one node the module receives that node's output; with an array it receives the table of
 * the outputs in order (also for a one-element array).
 */
/**
 * What the engine throws: an Error whose message is one sentence naming the module or node, what
 * was expected and what was given. An error about a graph node also carries that node's id
 * (the {@link Node.id} of the node the sentence names, the id in {@link GraphModule.inspect} and
 * the SVG id "node<ID>" of toDot()); `nodeId` is absent when the error is about no node.
 * Catch with `catch (e) { if (typeof (e as NodeError).nodeId === 'number') ... }`.
 */
export interface NodeError extends Error {
  nodeId?: number;
}

export declare class Node {
  private constructor();
  /** Creation index, unique in the process; the id used by {@link GraphModule.inspect}. */
  readonly id: number;
  /** How errors name this node: "'h1' (nn.Linear #4)". */
  readonly label: string;
  readonly name: string;
  readonly description: string;
  /** The module (or criterion) this node was made from. */
  readonly module: Module | Criterion | null;
  readonly disposed: boolean;
  /** n nodes selecting the entries of this node's table output (Lua: node:split(n)). */
  split(n: number): Node[];
  /** Names the node in errors, toDot() and inspect(); returns this. */
  annotate(annotation: { name?: string; description?: string }): this;
  toString(): string;
  dispose(): void;
  [Symbol.dispose](): void;
}

/** A learnable tensor and its gradient, Torch names ("weight", "gradWeight"). */
export interface NamedParameter {
  name: string;
  gradName: string;
}

/**
 * A module: Torch's nn.Module contract, and callable to make graph nodes (calling it with a
 * module instead of a node is a TypeError that asks "did you forget ()?").
 * Modules with parameters get getters named after them (Linear: weight, bias, gradWeight,
 * gradBias), returning Tensors that alias the module's storage.
 */
export interface Module {
  /** A graph input node. */
  (): Node;
  /** A node reading `input`'s output. */
  (input: Node): Node;
  /** A node reading the table of these nodes' outputs. */
  (inputs: Node[]): Node;

  /**
   * updateOutput: returns the output (a Tensor, or an array for tables). As Torch's m.output, it
   * is the module's own tensor: the same Tensor object on every call (refreshed in place), not
   * disposed by tidy(); disposing it is allowed (the next call makes a new one). Tables of any
   * size or nesting too; a result of another structure than the last releases the old tensors.
   * An input that is this module's own output (l.forward(l.forward(x))) is copied first.
   */
  forward(input: Value): Value;
  /**
   * updateGradInput + accGradParameters; gradInput has exactly the structure of input. Like
   * forward's output, the module's own tensor(s), the same objects on every call. Throws if
   * forward has not run, if gradOutput is not shaped like the output, or if scale is not finite.
   */
  backward(input: Value, gradOutput: Value, scale?: number): Value;
  updateOutput(input: Value): Value;
  updateGradInput(input: Value, gradOutput: Value): Value;
  /** gradParameters += scale * d loss / d parameters. */
  accGradParameters(input: Value, gradOutput: Value, scale?: number): void;
  /** The last forward's output (empty Tensor before any forward). */
  readonly output: Value;
  /** The last backward's gradInput. */
  readonly gradInput: Value;
  /** [parameters, gradParameters], aliasing the module's tensors (containers: all children's). */
  parameters(): [Tensor[], Tensor[]];
  /**
   * Torch's getParameters(): [flatParams, flatGradParams], two 1-D Tensors; every parameter and
   * gradient of the module becomes a view into them, so updating the flat vector updates the
   * module. Tensors already shared (clones made with clone('weight', 'bias', 'gradWeight',
   * 'gradBias')) occupy one region and stay shared. Call it once, before making clones that must
   * share with this module.
   */
  getParameters(): [Tensor, Tensor];
  zeroGradParameters(): this;
  /** parameters -= learningRate * gradParameters. */
  updateParameters(learningRate: number): this;
  training(): this;
  evaluate(): this;
  /** True in training mode. */
  readonly train: boolean;
  /** A deep copy; with names ("weight", "bias", "gradWeight", "gradBias") those tensors are shared. */
  clone(...sharedNames: string[]): this;
  /** Makes the named tensors of this module alias other's (Torch's m:share). */
  share(other: Module, ...names: string[]): this;
  /** The constructor arguments that rebuild this module. */
  arguments(): Array<number | boolean | string | number[] | Tensor | null>;
  /**
   * The module (a gModule or any other module) as a saved-graph JSON document: structure, types,
   * constructor arguments, annotations, training flags and parameters (float32, bit-exact).
   * `nn.load(text)` rebuilds it.
   */
  save(): string;
  /** "nn.Linear" */
  readonly typeName: string;
  /** One line saying what the module computes. */
  readonly description: string;
  /**
   * Submodules (children of containers, modules of a graph's nodes), Torch's self.modules: the
   * JS objects they were built from (or, for modules never held in JS, one object each, owned by
   * this module), the same objects every time.
   */
  readonly modules: Module[];
  readonly disposed: boolean;
  /** Torch's printout, e.g. "nn.Linear(3 -> 5)". */
  toString(): string;
  /**
   * Frees the module and its result tensors (what forward/backward returned: they belong to the
   * module, as m.output does in Torch). A container also disposes the modules added to it from
   * JS; a graph disposes the nodes and modules it was built from. Later use throws
   * "this Module was disposed".
   */
  dispose(): void;
  [Symbol.dispose](): void;
  /** Parameter getters by name (weight, bias, gradWeight, ...), for leaf modules that have them. */
  readonly weight?: Tensor;
  readonly bias?: Tensor;
  readonly gradWeight?: Tensor;
  readonly gradBias?: Tensor;

  // --- torch/nn's module-tree API (bindings/module_api.mjs) ---------------------------------
  /** Torch's m:listModules(): this module first, then every submodule, depth-first. */
  listModules(): Module[];
  /** Torch's m:findModules(typename): the listed modules of that type ('nn.Linear' or 'Linear'). */
  findModules(typeName: string): Module[];
  /** Torch's m:apply(fn): fn(module) for this module and every submodule, depth-first. */
  apply(fn: (module: Module) => void): this;
  /**
   * Torch's m:replace(fn): returns fn(this); every submodule (container children, a graph's node
   * modules) is replaced, recursively, by what fn returns for it. A graph forgets its last
   * forward/backward.
   */
  replace<T>(fn: (module: Module) => Module | T): Module | T;
  /** Torch's m:clearState(): forgets output and gradInput (recursively); parameters stay. */
  clearState(): this;
  /**
   * Torch's m:reset(stdv): re-initialises the parameters in place (shared tensors stay shared).
   * Without stdv, each module's own default; with stdv, uniform(-stdv*sqrt(3), stdv*sqrt(3))
   * (LookupTable: normal(0, stdv)). Containers and graphs reset every child.
   */
  reset(stdv?: number): this;
  /** nn.View only (Torch's View:setNumInputDims): the last n input dimensions are one example. */
  setNumInputDims(n: number): this;
  // --- convolutional modules (bindings/conv.mjs): Torch's own methods; on another module they
  // --- throw an Error naming it.
  /** nn.SpatialConvolution / SpatialConvolutionMM / SpatialDilatedConvolution / SpatialFullConvolution: drop the bias (Torch's m:noBias()). */
  noBias(): this;
  /** nn.SpatialMaxPooling / SpatialAveragePooling: round the output size up (Torch's m:ceil()). */
  ceil(): this;
  /** ... or down, the default (Torch's m:floor()). */
  floor(): this;
  /** nn.SpatialAveragePooling: divide by the window clipped to the padded image (the default). */
  setCountIncludePad(): this;
  /** nn.SpatialAveragePooling: divide by the pixels of the window inside the image. */
  setCountExcludePad(): this;
  /** nn.BatchNormalization / SpatialBatchNormalization: running statistics (the module's own tensors; saved with it). */
  readonly running_mean?: Tensor;
  readonly running_var?: Tensor;
}

/** One node of g.forwardnodes / g.backwardnodes, shaped like nngraph's node.data. */
export interface GraphNodeEntry {
  /** The node's creation index (Node.id). */
  readonly id: number;
  /** The ids of the nodes it reads. */
  readonly inputs: readonly number[];
  /** i for the i-th output of a split(), else null. */
  readonly split: number | null;
  readonly data: {
    readonly module: Module;
    /** What node.annotate({ name, description }) set (absent keys when not annotated). */
    readonly annotations: { readonly name?: string; readonly description?: string };
  };
}

/** nn.Sequential, nn.ParallelTable, nn.ConcatTable, nn.Concat, nn.MapTable. */
export interface Container extends Module {
  /** Appends a child; returns the container, so adds chain. */
  add(module: Module): this;
  /** The index-th child (1-based; negative counts from the end). */
  get(index: number): Module;
  /** Number of children. */
  size(): number;
}

/** PlainTensor: a copy of a tensor as plain data (structured-clone friendly). */
export interface PlainTensor {
  shape: number[];
  data: number[];
}
/** A tensor, a table of values, or null (not computed / nil). */
export type PlainValue = PlainTensor | PlainValue[] | null;

/** One node of {@link GraphModule.inspect}. */
export interface NodeInspection {
  id: number;
  /** "'h1' (nn.Linear #4)", as errors name the node. */
  label: string;
  /** annotate() name, or "" */
  name: string;
  /** annotate() description, or "" */
  description: string;
  /** The module's type, "nn.Linear". */
  type: string;
  /** The module's printout, "nn.Linear(3 -> 5)". */
  toString: string;
  isInput: boolean;
  /** 1-based position among the gModule's inputs, or null. */
  inputIndex: number | null;
  isOutput: boolean;
  /** 1-based position among the gModule's outputs, or null. */
  outputIndex: number | null;
  /** i for the i-th node of a split, or null. */
  splitIndex: number | null;
  /** Ids of the nodes this one reads, in order. */
  inputs: number[];
  /** What the node computed in the last forward (null before any forward). */
  output: PlainValue;
  /** The gradient the node received in the last backward: the sum of `contributions`. */
  gradOutput: PlainValue;
  /**
   * One entry per consumer that sent a gradient back (fan-out: several, summed into gradOutput);
   * `from` is the consumer's id, or null for the graph's own gradOutput at an output node.
   */
  contributions: Array<{ from: number | null; gradient: PlainValue }>;
  /** The node's module's parameters and their gradients (a nested graph: all of its own). */
  parameters: Array<{ name: string; gradName: string; value: PlainTensor; grad: PlainTensor }>;
}

export interface GraphInspection {
  /** Every node in forward (topological) order. */
  nodes: NodeInspection[];
  hasForward: boolean;
  /** Gradients are reported only while they belong to the last forward. */
  hasBackward: boolean;
}

/** nn.gModule: a module whose computation is a graph of nodes. */
export interface GraphModule extends Module {
  /** Graphviz DOT of the forward graph, or with { backward: true } of the backward graph. */
  toDot(options?: { backward?: boolean } | boolean): string;
  /** Plain data about every node: values, gradients and where each gradient came from. */
  inspect(): GraphInspection;
  /** nngraph's g.forwardnodes: every node in the order forward runs them (no dummy input node). */
  readonly forwardnodes: GraphNodeEntry[];
  /** nngraph's g.backwardnodes: the same nodes in the order backward runs them. */
  readonly backwardnodes: GraphNodeEntry[];
}

/**
 * A criterion (loss). Callable like a module: `crit([prediction, target])` makes an
 * nn.ModuleFromCriterion node whose output is the loss (a 1-element tensor).
 */
export interface Criterion {
  (inputs: Node[]): Node;
  /**
   * The loss, a number. A plain number target is Torch's `type(target) == 'number'`: the class of
   * a 1-D input (ClassNLL, CrossEntropy, MultiMargin) or the +-1 of one pair (MarginRanking,
   * CosineEmbedding, L1HingeEmbedding, HingeEmbedding); other criterions need a Tensor.
   */
  forward(input: Value, target: Value | number): number;
  /** d loss / d input, shaped like input (the criterion's own tensor, the same object each call). */
  backward(input: Value, target: Value | number): Value;
  updateOutput(input: Value, target: Value | number): number;
  updateGradInput(input: Value, target: Value | number): Value;
  readonly output: number;
  readonly gradInput: Value;
  /** Divide by the number of elements / samples (default true, as Torch). */
  sizeAverage: boolean;
  readonly typeName: string;
  readonly description: string;
  readonly disposed: boolean;
  clone(): Criterion;
  toString(): string;
  /** Frees the criterion and the gradInput tensors its backward returned. */
  dispose(): void;
  [Symbol.dispose](): void;
}

/** Result of {@link NN.checkGradients}: central differences against backward. */
export interface GradCheckResult {
  /** "input", "input[2]", ... */
  inputs: GradCheckEntry[];
  /**
   * "weight of nn.Linear #3" (a graph's node), "bias of nn.Linear(3 -> 5) (module 2)" (a
   * container's child), "weight of nn.Linear(3 -> 5)" (the module checked).
   */
  parameters: GradCheckEntry[];
  /** The largest maxError over all entries. */
  maxError: number;
}
export interface GradCheckEntry {
  name: string;
  elements: number;
  /** max |analytic - numerical| / max(1, |numerical|) */
  maxError: number;
  /** max |analytic - numerical| */
  maxAbsError: number;
}

type ModuleArg = number | boolean | string | number[] | Tensor | null | undefined;

/**
 * Factories named as in torch/nn, built from the engine's registry at load time (see
 * info.modules / info.criterions), with Torch's constructor arguments in Torch's order:
 * nn.Linear(3, 5), nn.Narrow(2, 1, 3), nn.Transpose([1, 2]), nn.MSECriterion().
 * Containers that take a module in Torch (nn.MapTable(m)) accept it too.
 */
export interface NN {
  [factory: string]: (...args: any[]) => any;
  Linear(inputSize: number, outputSize: number, bias?: boolean): Module;
  Identity(): Module;
  CAddTable(): Module;
  CMulTable(): Module;
  Tanh(): Module;
  Sigmoid(): Module;
  SoftMax(): Module;
  LogSoftMax(): Module;
  Narrow(dimension: number, offset: number, length?: number): Module;
  SelectTable(index: number): Module;
  JoinTable(dimension: number, nInputDims?: number): Module;
  Sequential(): Container;
  ParallelTable(): Container;
  ConcatTable(): Container;
  MSECriterion(sizeAverage?: boolean): Criterion;
  ClassNLLCriterion(weights?: Tensor | null, sizeAverage?: boolean): Criterion;

  // convolutional networks (Torch's arguments and defaults; images are [batch x] planes x height x width)
  SpatialConvolution(nInputPlane: number, nOutputPlane: number, kW: number, kH: number, dW?: number, dH?: number, padW?: number, padH?: number): Module;
  SpatialConvolutionMM(nInputPlane: number, nOutputPlane: number, kW: number, kH: number, dW?: number, dH?: number, padW?: number, padH?: number): Module;
  SpatialDilatedConvolution(nInputPlane: number, nOutputPlane: number, kW: number, kH: number, dW?: number, dH?: number, padW?: number, padH?: number, dilationW?: number, dilationH?: number): Module;
  SpatialFullConvolution(nInputPlane: number, nOutputPlane: number, kW: number, kH: number, dW?: number, dH?: number, padW?: number, padH?: number, adjW?: number, adjH?: number): Module;
  /** dW, dH default to kW, kH. */
  SpatialMaxPooling(kW: number, kH: number, dW?: number, dH?: number, padW?: number, padH?: number): Module;
  /** dW, dH default to 1. */
  SpatialAveragePooling(kW: number, kH: number, dW?: number, dH?: number, padW?: number, padH?: number): Module;
  /** Negative amounts crop. */
  SpatialZeroPadding(padLeft: number, padRight?: number, padTop?: number, padBottom?: number): Module;
  SpatialReplicationPadding(padLeft: number, padRight?: number, padTop?: number, padBottom?: number): Module;
  BatchNormalization(nOutput: number, eps?: number, momentum?: number, affine?: boolean): Module;
  SpatialBatchNormalization(nPlanes: number, eps?: number, momentum?: number, affine?: boolean): Module;
  SpatialDropout(p?: number): Module;
  SpatialUpSamplingNearest(scale: number): Module;
  SpatialSoftMax(): Module;
  SpatialLogSoftMax(): Module;
  SpatialCrossMapLRN(size: number, alpha?: number, beta?: number, k?: number): Module;
  TemporalConvolution(inputFrameSize: number, outputFrameSize: number, kW: number, dW?: number): Module;
  TemporalMaxPooling(kW: number, dW?: number): Module;
  SpatialClassNLLCriterion(weights?: Tensor | null, sizeAverage?: boolean): Criterion;

  /**
   * Builds a graph. One input: forward takes that value; several: a table of exactly that many.
   * One output: forward returns that value; several: a table. gradInput mirrors the input.
   */
  gModule(inputs: Node[], outputs: Node[]): GraphModule;
  /**
   * Graphviz DOT of the nodes connected to `inputs` and `outputs` without building a gModule (also
   * those that reach no output): how to draw a graph whose nn.gModule call failed, where
   * {@link NodeError.nodeId} names the node to point at. Entries that are not live nodes are left out.
   */
  sketchDot(inputs: Node[] | Node, outputs: Node[] | Node): string;
  /**
   * Rebuilds a module from `module.save()`'s text: same outputs and gradients bit for bit. A saved
   * gModule comes back as a GraphModule. A bad document throws an Error naming where it is, e.g.
   * "cannot load the saved graph: at nodes[3].module.args[1]: ...". The result is a new module
   * to dispose.
   */
  load(text: string): Module | GraphModule;
  /** Numerical gradient check of a module or graph (or a criterion, with a target). */
  checkGradients(module: Module, input: Value): GradCheckResult;
  checkGradients(criterion: Criterion, input: Value, target: Value): GradCheckResult;
  isModule(x: unknown): x is Module;
  isCriterion(x: unknown): x is Criterion;
  isNode(x: unknown): x is Node;
}

/** Any module factory: (...Torch constructor arguments) => Module. */
export type ModuleFactory = (...args: ModuleArg[]) => Module;

/** optim.sgd's config (Torch's names and defaults). */
export interface SGDConfig {
  /** Default 1e-3. */
  learningRate?: number;
  /** The rate at step t is learningRate / (1 + t * learningRateDecay). Default 0. */
  learningRateDecay?: number;
  /** L2 penalty: adds weightDecay * x to the gradient. Default 0. */
  weightDecay?: number;
  /** Default 0. */
  momentum?: number;
  /** Default: equal to momentum, as in Torch. */
  dampening?: number;
  /** Nesterov momentum; needs momentum > 0 and dampening 0. Default false. */
  nesterov?: boolean;
}

/** optim.adam's config (Torch's names and defaults). */
export interface AdamConfig {
  /** Default 1e-3. */
  learningRate?: number;
  learningRateDecay?: number;
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Default 1e-8. */
  epsilon?: number;
  weightDecay?: number;
}

/**
 * The state table of the functional form: keep it between calls. Torch's counters are mirrored
 * here (sgd: evalCounter, adam: t); the buffers live in the engine.
 */
export interface OptimState {
  evalCounter?: number;
  t?: number;
  [key: string]: unknown;
}

/** feval(x) returns [f(x), df/dx]; df/dx is usually the flat gradient from getParameters(). */
export type Feval = (x: Tensor) => [number, Tensor];

/** The object form: an optimizer over a module's parameter and gradient tensors. */
export interface Optimizer {
  readonly kind: 'sgd' | 'adam';
  readonly config: Readonly<SGDConfig | AdamConfig>;
  /**
   * One update with the gradients that backward accumulated. With a closure (which zeroes the
   * gradients, runs forward and backward and returns the loss), calls it first and returns its
   * result. Parameters listed several times (shared clones) are updated once.
   */
  step<T = undefined>(closure?: () => T): T;
  /** Zeroes every gradient tensor. */
  zeroGrad(): this;
  learningRate: number;
  /** Steps taken so far. */
  readonly stepCount: number;
  readonly disposed: boolean;
  dispose(): void;
}

/**
 * Torch's optim. Functional form (`optim.sgd(feval, x, config, state)` returns `[x, [fx]]`,
 * updating x in place); object form (`optim.sgd(module, config)` or
 * `optim.sgd(module.parameters(), config)` returns an {@link Optimizer}).
 */
export interface Optim {
  sgd(feval: Feval, x: Tensor, config?: SGDConfig, state?: OptimState): [Tensor, [number]];
  sgd(parameters: Module | [Tensor[], Tensor[]], config?: SGDConfig): Optimizer;
  adam(feval: Feval, x: Tensor, config?: AdamConfig, state?: OptimState): [Tensor, [number]];
  adam(parameters: Module | [Tensor[], Tensor[]], config?: AdamConfig): Optimizer;
  // The rest of torch/optim (functional form only), with its config keys and defaults.
  /** Defaults: learningRate 1e-2, alpha 0.99, epsilon 1e-8, weightDecay 0, initialMean 0. */
  rmsprop(feval: Feval, x: Tensor, config?: RMSpropConfig, state?: OptimState): [Tensor, [number]];
  /** Defaults: learningRate 1e-3, learningRateDecay 0, weightDecay 0. state.evalCounter. */
  adagrad(feval: Feval, x: Tensor, config?: AdagradConfig, state?: OptimState): [Tensor, [number]];
  /** Defaults: rho 0.9, eps 1e-6, weightDecay 0. state.evalCounter. */
  adadelta(feval: Feval, x: Tensor, config?: AdadeltaConfig, state?: OptimState): [Tensor, [number]];
  /** Defaults: learningRate 0.002, beta1 0.9, beta2 0.999, epsilon 1e-38, weightDecay 0. state.t. */
  adamax(feval: Feval, x: Tensor, config?: AdamaxConfig, state?: OptimState): [Tensor, [number]];
  /** Nesterov: feval runs at x + momentum * velocity. Defaults: learningRate 1e-3, momentum 0.9. */
  nag(feval: Feval, x: Tensor, config?: NAGConfig, state?: OptimState): [Tensor, [number]];
  /**
   * L-BFGS with fixed steps of learningRate (no line search): feval is called several times;
   * returns every loss seen, [x, [f0, ..., fLast]]. state.funcEval, state.nIter.
   */
  lbfgs(feval: Feval, x: Tensor, config?: LBFGSConfig, state?: OptimState): [Tensor, number[]];
}

export interface RMSpropConfig { learningRate?: number; alpha?: number; epsilon?: number; weightDecay?: number; initialMean?: number }
export interface AdagradConfig { learningRate?: number; learningRateDecay?: number; weightDecay?: number }
export interface AdadeltaConfig { rho?: number; eps?: number; weightDecay?: number }
export interface AdamaxConfig { learningRate?: number; beta1?: number; beta2?: number; epsilon?: number; weightDecay?: number }
export interface NAGConfig { learningRate?: number; learningRateDecay?: number; weightDecay?: number; momentum?: number; dampening?: number }
/** Defaults: maxIter 20, maxEval 1.25 maxIter, tolFun 1e-5, tolX 1e-9, learningRate 1, nCorrection 100. */
export interface LBFGSConfig { maxIter?: number; maxEval?: number; tolFun?: number; tolX?: number; learningRate?: number; nCorrection?: number }

// ---------------------------------------------------------------------------------------------
// ONNX: toONNX / fromONNX live in their own export, nngraph-wasm/onnx (bindings/onnx.d.ts), so
// that the core keeps its size; their option types are visible from here too.
export type { ToONNXOptions, ONNXInputShape } from './onnx';

// Torch's tensor methods (bindings/tensor_methods.mjs) and nn.defineModule (bindings/define_module.mjs)

/** An index argument: a Tensor of 1-based positions, or an array of them. */
export type IndexArg = Tensor | number[];

/**
 * Torch's tensor methods, with Torch's names and 1-based dims and positions. In-place methods
 * change this tensor (a view writes through to its source) and return it, so calls chain; views
 * (narrow, select, sub, t, transpose, view) share storage with this tensor.
 */
export interface Tensor {
  nElement(): number;
  /** In place: this += value (a number to every element). */
  add(value: number): this;
  /** In place: this -= value, this -= other, this -= value * other. */
  csub(value: number): this;
  csub(other: Tensor): this;
  csub(value: number, other: Tensor): this;
  div(value: number): this;
  /** Elementwise, in place (same number of elements). */
  cmul(other: Tensor): this;
  cdiv(other: Tensor): this;
  /** In place: this += a x b. */
  addmm(a: Tensor, b: Tensor): this;
  /** In place: this = beta * m + alpha * (a x b) (Torch's other spellings work too). */
  addmm(beta: number, m: Tensor, alpha: number, a: Tensor, b: Tensor): this;
  addmm(m: Tensor, a: Tensor, b: Tensor): this;
  zero(): this;
  resize(...sizes: number[]): this;
  resize(sizes: number[]): this;
  resizeAs(other: Tensor): this;
  abs(): this;
  exp(): this;
  log(): this;
  tanh(): this;
  sigmoid(): this;
  sqrt(): this;
  pow(exponent: number): this;
  /** In place: uniform in [a, b) (default [0, 1)) from torch.manualSeed's generator. */
  uniform(a?: number, b?: number): this;
  normal(mean?: number, stdv?: number): this;
  /** Storage is float32: float() is the tensor itself, double() a copy, long() a copy truncated toward zero. */
  float(): this;
  double(): Tensor;
  long(): Tensor;
  /** The transpose of a 2-D tensor (a view). */
  t(): Tensor;
  transpose(dim1: number, dim2: number): Tensor;
  narrow(dim: number, index: number, length: number): Tensor;
  /** The slice at `index` along `dim`, without that dim (a view; not of a 1-D tensor). */
  select(dim: number, index: number): Tensor;
  /** sub(first1, last1, first2, last2, ...): inclusive ranges per leading dim (a view). */
  sub(...bounds: number[]): Tensor;
  /** Other sizes over the same storage (one may be -1); the tensor must be contiguous. */
  view(...sizes: number[]): Tensor;
  view(sizes: number[]): Tensor;
  contiguous(): Tensor;
  isContiguous(): boolean;
  /** True when both are views of one storage. */
  isSetTo(other: Tensor): boolean;
  /** A new tensor of the slices at the positions along dim. */
  index(dim: number, idx: IndexArg): Tensor;
  /** In place: slice idx[k] along dim = slice k of source. */
  indexCopy(dim: number, idx: IndexArg, source: Tensor): this;
  /** The sum of every element, or along dim (kept, with size 1, as Torch 7). */
  sum(): number;
  sum(dim: number): Tensor;
  mean(): number;
  mean(dim: number): Tensor;
  /** The largest element, or [values, positions] (1-based) along dim. */
  max(): number;
  max(dim: number): [Tensor, Tensor];
  min(): number;
  min(dim: number): [Tensor, Tensor];
  /** One element by 1-based coordinates. */
  get(...index: number[]): number;
  /** set(i, j, value): writes one element; returns this. */
  set(...indexAndValue: number[]): this;
}

/**
 * torch.Tensor(...), with or without `new`: sizes (torch.Tensor(2, 3), or a size from t.size()),
 * nested arrays (data), a Float32Array (data), a Tensor (a view of the same storage), or nothing
 * (an empty tensor with no dimension).
 */
export interface TensorFactory {
  (...sizes: number[]): Tensor;
  (data: NestedNumbers[] | Float32Array | Tensor | number[]): Tensor;
  (): Tensor;
  new (...sizes: number[]): Tensor;
  new (data: NestedNumbers[] | Float32Array | Tensor | number[]): Tensor;
}

export interface Torch {
  /** The n x m identity matrix (m defaults to n). */
  eye(n: number, m?: number): Tensor;
  /** The matrix product of two 2-D tensors. */
  mm(a: Tensor, b: Tensor): Tensor;
  /** Along dim (1-based; default the last): torch.cat(a, b, dim) or torch.cat([a, b, c], dim). */
  cat(tensors: Tensor[], dim?: number): Tensor;
  cat(...tensorsAndDim: (Tensor | number)[]): Tensor;
  /** Torch's inclusive range: range(1, 4) is 1, 2, 3, 4. */
  range(from: number, to: number, step?: number): Tensor;
  /** n points from `from` to `to` (default 100). */
  linspace(from: number, to: number, n?: number): Tensor;
}

/**
 * `this` inside a {@link ModuleSpec}'s functions: your own properties (this.scale) plus the engine
 * module's tensors. During a call each field is one Tensor object (so `this.gradWeight.resizeAs(w)`
 * sticks); a tensor assigned to a field is handed to the module. Tensors given to a function or read
 * from `this` are valid during that call: clone() one to keep it.
 */
export interface ModuleSelf {
  output: Tensor;
  gradInput: Tensor;
  weight: Tensor;
  bias: Tensor;
  gradWeight: Tensor;
  gradBias: Tensor;
  [own: string]: any;
}

/** What nn.defineModule takes: Torch's nn.Module contract as functions. */
export interface ModuleSpec {
  /** Runs for each new module with the factory's arguments. */
  init?(this: ModuleSelf, ...args: any[]): void;
  /** Must return a Tensor or an array (table) of them, usually this.output. */
  updateOutput(this: ModuleSelf, input: Value): Value;
  /** Without it, the gradInput is an empty tensor: no gradient (Torch's default). */
  updateGradInput?(this: ModuleSelf, input: Value, gradOutput: Value): Value;
  /** Accumulates into gradWeight/gradBias: gradParams += scale * dLoss/dParams. */
  accGradParameters?(this: ModuleSelf, input: Value, gradOutput: Value, scale: number): void;
  [helper: string]: any;
}

export interface NN {
  /**
   * Defines nn[name] as a factory of modules whose contract is `spec`'s functions. They work in
   * graphs, containers, clone (per-instance properties are copied), getParameters; parameters()
   * lists weight/gradWeight and bias/gradBias. A gModule passes an empty gradInput through to an
   * input as "no gradient". save() refuses such a module (its code cannot be saved).
   */
  defineModule(name: string, spec: ModuleSpec): ModuleFactory;
}
