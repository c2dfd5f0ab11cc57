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
  /** Torch's optim: functional form for every method, object form for all but lbfgs. */
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
  /** Live torch.FloatStorage objects (t.storage(), torch.FloatStorage(...)). */
  storages: number;
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
  backward(input: Tensor, gradOutput: Value, scale?: number): Tensor;
  /** For a table of tensors, a table of as many gradients (Lua: local dx, dxp = unpack(g:backward(...))). */
  backward(input: Tensor[], gradOutput: Value, scale?: number): Tensor[];
  backward(input: Value, gradOutput: Value, scale?: number): Value;
  updateOutput(input: Value): Value;
  /** Mirrors the input, as backward. */
  updateGradInput(input: Tensor, gradOutput: Value): Tensor;
  updateGradInput(input: Tensor[], gradOutput: Value): Tensor[];
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

/** A module whose output is always a Tensor (most of torch/nn: all but the table-making ones). */
export interface TensorModule extends Module {
  forward(input: Value): Tensor;
  updateOutput(input: Value): Tensor;
  readonly output: Tensor;
}

/**
 * A module whose constructor always makes a weight (nn.Linear, the convolutions, nn.LookupTable,
 * ...): weight and gradWeight are Tensors, not possibly undefined. bias/gradBias stay optional
 * (nn.Linear(3, 5, false) has none).
 */
export interface WeightedModule extends TensorModule {
  readonly weight: Tensor;
  readonly gradWeight: Tensor;
}

/** nn.ParallelCriterion / nn.MultiCriterion: a weighted sum of criterions, as in Torch. */
export interface CriterionContainer extends Criterion {
  /** Adds a criterion with its weight (default 1); returns this, so adds chain. */
  add(criterion: Criterion, weight?: number): this;
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
  /** What the node's module received in the last forward: its input node's output, or the table of them (null before any forward). */
  input: PlainValue;
  /** What the node computed in the last forward (null before any forward). */
  output: PlainValue;
  /** The gradient the node received in the last backward: the sum of `contributions`. */
  gradOutput: PlainValue;
  /**
   * One entry per consumer that sent a gradient back (fan-out: several, summed into gradOutput);
   * `from` is the consumer's id, or null for the graph's own gradOutput at an output node.
   * In the order backward summed them; with several, `runningSum` is the sum of this one and
   * those before it (the last one equals gradOutput), else null.
   */
  contributions: Array<{ from: number | null; gradient: PlainValue; runningSum: PlainValue }>;
  /** The node's module's parameters and their gradients (a nested graph: all of its own). */
  parameters: Array<{ name: string; gradName: string; value: PlainTensor; grad: PlainTensor }>;
}

export interface GraphInspection {
  /** Every node in forward (topological) order. */
  nodes: NodeInspection[];
  hasForward: boolean;
  /** Gradients are reported only while they belong to the last forward. */
  hasBackward: boolean;
  /** Node ids in the order the last forward ran them (empty before any forward). */
  forwardOrder: number[];
  /** Node ids in the order the last backward ran them (empty until a backward of the current forward). */
  backwardOrder: number[];
}

/**
 * nn.gModule: a module whose computation is a graph of nodes. `Out` is what forward returns: a
 * Tensor for one output node, Tensor[] for several (see {@link NN.gModule}).
 */
export interface GraphModule<Out extends Value = Value> extends Module {
  /** The graph's output: Out (one output node: its value; several: a table of them). */
  forward(input: Value): Out;
  updateOutput(input: Value): Out;
  readonly output: Out;
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
  backward(input: Tensor, target: Value | number): Tensor;
  backward(input: Tensor[], target: Value | number): Tensor[];
  backward(input: Value, target: Value | number): Value;
  updateOutput(input: Value, target: Value | number): number;
  updateGradInput(input: Tensor, target: Value | number): Tensor;
  updateGradInput(input: Tensor[], target: Value | number): Tensor[];
  updateGradInput(input: Value, target: Value | number): Value;
  readonly output: number;
  readonly gradInput: Value;
  /** Divide by the number of elements / samples (default true, as Torch). */
  sizeAverage: boolean;
  readonly typeName: string;
  readonly description: string;
  readonly disposed: boolean;
  clone(): Criterion;
  /**
   * nn.ParallelCriterion and nn.MultiCriterion (Torch's add(criterion, weight)): appends a
   * criterion whose loss counts `weight` times (default 1); the holder owns it from then on
   * (disposing the holder disposes it). Returns this, so calls chain. Other criterions throw.
   */
  add(criterion: Criterion, weight?: number): this;
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
  /** nn.Abs: y = |x|, elementwise. */
  Abs(): TensorModule;
  /** nn.AbsCriterion: loss = sum(|x - t|), divided by the number of elements when sizeAverage; input and target need the same number of elements. */
  AbsCriterion(sizeAverage?: boolean): Criterion;
  /** nn.Add: y = x + b with a learnable bias b of inputSize elements (one bias per input element; for a batch x inputSize input, added to every row), or a single learnable scalar added to every element when scalar is true. */
  Add(inputSize: number, scalar?: boolean): TensorModule;
  /** nn.AddConstant: y = x + constant_scalar. */
  AddConstant(constant: number | Tensor, inplace?: boolean): TensorModule;
  /** nn.BatchNormalization: y = (x - mean) / sqrt(var + eps) * weight + bias per feature (per plane for the spatial one). */
  BatchNormalization(nOutput: number, eps?: number, momentum?: number, affine?: boolean): TensorModule;
  /** nn.BCECriterion: binary cross-entropy of probabilities x and targets t: loss = -sum(w * (t log(x + eps) + (1 - t) log(1 - x + eps))), eps = 1e-12 as Torch, divided by the number of elements when sizeAverage. */
  BCECriterion(weights?: Tensor | null, sizeAverage?: boolean): Criterion;
  /** nn.Bilinear: y_k = x1^T W_k x2 + b_k for a table {x1, x2} of batch x inputSize1 and batch x inputSize2 matrices (2-D only, as in Torch); the output is batch x outputSize and weight is outputSize x inputSize1 x inputSize2. */
  Bilinear(inputSize1: number, inputSize2: number, outputSize: number, bias?: boolean): WeightedModule;
  /** nn.Bottle: applies module to the input viewed as a batch of nInputDim-D samples (default 2), restoring the leading dimensions on the nOutputDim-D outputs (default nInputDim). */
  Bottle(module: Module, nInputDim?: number, nOutputDim?: number): Module;
  /** nn.CAdd: y = x + b with a learnable bias of the given size, componentwise. */
  CAdd(...size: number[]): TensorModule;
  CAdd(size: number[]): TensorModule;
  /** nn.CAddTable: the elementwise sum of a table of same-sized tensors. */
  CAddTable(): TensorModule;
  /** nn.CDivTable: the elementwise quotient input[1] / input[2] of a table of two same-sized tensors. */
  CDivTable(): TensorModule;
  /** nn.Clamp: y = x clamped to [min_value, max_value], elementwise. */
  Clamp(min_value: number, max_value: number): TensorModule;
  /** nn.ClassNLLCriterion: negative log-likelihood of 1-based class targets given log-probabilities: loss = -sum_i w[t_i] * x[i][t_i], divided by sum_i w[t_i] when sizeAverage. */
  ClassNLLCriterion(weights?: Tensor | null, sizeAverage?: boolean): Criterion;
  /** nn.CMaxTable: the elementwise maximum of a table of same-sized tensors. */
  CMaxTable(): TensorModule;
  /** nn.CMinTable: the elementwise minimum of a table of same-sized tensors. */
  CMinTable(): TensorModule;
  /** nn.CMul: y = w .* x with a learnable weight of the given size, componentwise. */
  CMul(...size: number[]): WeightedModule;
  CMul(size: number[]): WeightedModule;
  /** nn.CMulTable: the elementwise product of a table of same-sized tensors. */
  CMulTable(): TensorModule;
  /** nn.Concat: every child gets the same input; their tensor outputs are concatenated along `dimension` (1-based, counted in the children's output), and gradInput is the sum of the children's gradInputs for their slices of gradOutput. */
  Concat(dimension: number): Container;
  /** nn.ConcatTable: every child gets the same input; output is the table of their outputs, and gradInput the sum of the children's gradInputs (through nested tables when the input is one). */
  ConcatTable(): Container;
  /** nn.Contiguous: the input as a dense tensor (a copy when it is a strided view, the input itself otherwise, as Contiguous.lua); gradInput likewise from gradOutput. */
  Contiguous(): TensorModule;
  /** nn.Copy: converts a tensor between tensor types. */
  Copy(forceCopy?: boolean, dontCast?: boolean): TensorModule;
  /** nn.Cosine: y_j = (w_j . x) / (||w_j|| ||x||): the cosine similarity of x with each of outputSize learned templates. */
  Cosine(inputSize: number, outputSize: number): WeightedModule;
  /** nn.CosineDistance: the cosine similarity a.b / (|a| |b|) of a table {a, b} of two same-sized vectors (output of size 1) or batch x n matrices, row by row (output of size batch). */
  CosineDistance(): TensorModule;
  /** nn.CosineEmbeddingCriterion: for a pair of vectors {x1, x2} (or batch x n matrices, a pair per row) and y = 1 or -1 per pair, loss = 1 - cos(x1, x2) for y = 1 and max(0, cos(x1, x2) - margin) for y = -1; summed over rows, divided by the number of rows when sizeAverage. */
  CosineEmbeddingCriterion(margin?: number): Criterion;
  /** nn.CriterionTable: a criterion as a module: forward({input, target}) is the loss as a tensor. */
  CriterionTable(criterion: Criterion): Module;
  /** nn.CrossEntropyCriterion: LogSoftMax followed by ClassNLLCriterion(weights, sizeAverage), on raw scores of size nClasses or batch x nClasses. */
  CrossEntropyCriterion(weights?: Tensor | null, sizeAverage?: boolean): Criterion;
  /** nn.CSubTable: the elementwise difference input[1] - input[2] of a table of two same-sized tensors. */
  CSubTable(): TensorModule;
  /** nn.DepthConcat: Concat of children whose outputs differ in size: each is zero-padded (centred) to the largest along the other dimensions. */
  DepthConcat(dimension: number): Container;
  /** nn.DistKLDivCriterion: Kullback-Leibler divergence of the input, given as log-probabilities, from the target probabilities: loss = sum(t * (log(t) - x)) over the elements where t > 0, divided by the number of elements when sizeAverage. */
  DistKLDivCriterion(sizeAverage?: boolean): Criterion;
  /** nn.DotProduct: the dot product of a table {a, b} of two same-sized vectors (output of size 1) or batch x n matrices, row by row (output of size batch). */
  DotProduct(): TensorModule;
  /** nn.Dropout: in training each element is zeroed with probability p. */
  Dropout(p?: number, v1?: boolean, inplace?: boolean, stochasticInference?: boolean): TensorModule;
  /** nn.ELU: y = x for x > 0, alpha * (exp(x) - 1) otherwise, elementwise. */
  ELU(alpha?: number, inplace?: boolean): TensorModule;
  /** nn.Euclidean: y_j = ||x - w_j|| for the outputSize templates w_j, the columns of an inputSize x outputSize weight (Torch's layout); a vector or a batch x inputSize matrix. */
  Euclidean(inputSize: number, outputSize: number): WeightedModule;
  /** nn.Exp: y = exp(x), elementwise. */
  Exp(): TensorModule;
  /** nn.FlattenTable: a table nested to any depth -> the flat table of its tensors, depth-first (entries are passed through, not copied). */
  FlattenTable(): Module;
  /** nn.GradientReversal: the identity forward; backward multiplies gradOutput by -lambda (GradientReversal.lua, for domain-adversarial training). */
  GradientReversal(lambda?: number): TensorModule;
  /** nn.HardShrink: y = x if x > lambda or x < -lambda, else 0; the gradient passes where x > lambda or x < -lambda (THNN HardShrink.c). */
  HardShrink(lambda?: number): TensorModule;
  /** nn.HardTanh: y = x clamped to [min_value, max_value], elementwise. */
  HardTanh(min_value?: number, max_value?: number, inplace?: boolean): TensorModule;
  /** nn.HingeEmbeddingCriterion: loss = sum of x_i where y_i = 1 and max(0, margin - x_i) where y_i = -1 (x is a distance), divided by the number of elements when sizeAverage (a field, true by default, as in Torch). */
  HingeEmbeddingCriterion(margin?: number): Criterion;
  /** nn.Identity: output = input (any value, tensor or table), gradInput = gradOutput. */
  Identity(): Module;
  /** nn.Index: for a table {t, indices}, the entries of t at the 1-based `indices` (a 1-D tensor) along `dimension`, as t:index(dimension, indices). */
  Index(dimension: number): TensorModule;
  /** nn.JoinTable: concatenates a table of tensors along `dimension` (1-based; negative counts from the end). */
  JoinTable(dimension: number, nInputDims?: number): TensorModule;
  /** nn.L1HingeEmbeddingCriterion: for a pair of vectors {x1, x2} and y = 1 or -1, with d = ||x1 - x2||_1: loss = d for y = 1, max(0, margin - d) for y = -1. */
  L1HingeEmbeddingCriterion(margin?: number): Criterion;
  /** nn.L1Penalty: the identity forward, recording loss = m * ||x||_1 with m = l1weight (divided by the number of elements when sizeAverage); backward gives m * sign(x), plus gradOutput when provideOutput. */
  L1Penalty(l1weight: number, sizeAverage?: boolean, provideOutput?: boolean): TensorModule;
  /** nn.LeakyReLU: y = x for x > 0, negval * x otherwise, elementwise (a boolean first argument is the in-place flag, as in Torch). */
  LeakyReLU(negval?: number, inplace?: boolean): TensorModule;
  LeakyReLU(inplace: boolean): TensorModule;
  /** nn.Linear: y = W x + b, for a vector x or a batch of rows. */
  Linear(inputSize: number, outputSize: number, bias?: boolean): WeightedModule;
  /** nn.Log: y = log(x), elementwise (natural logarithm; NaN/-inf for x <= 0, as Torch). */
  Log(): TensorModule;
  /** nn.LogSigmoid: y = -log(1 + exp(-x)), without overflow (THNN LogSigmoid.c). */
  LogSigmoid(): TensorModule;
  /** nn.LogSoftMax: y_i = x_i - log sum_j exp(x_j) over a vector, or over each row of a batch x n matrix. */
  LogSoftMax(): TensorModule;
  /** nn.LookupTable: row i of an nIndex x nOutput weight for each index i. */
  LookupTable(nIndex: number, nOutput: number, paddingValue?: number, maxNorm?: number, normType?: number): WeightedModule;
  /** nn.MapTable: applies `module` to every entry of the input table, through clones that share its weight, bias, gradWeight and gradBias (Torch's module:clone('weight', 'bias', 'gradWeight', 'gradBias')), made as longer tables arrive. */
  MapTable(module?: Module): Container;
  /** nn.MarginCriterion: loss = sum max(0, margin - x_i y_i), divided by the number of elements when sizeAverage (a field, true by default, as in Torch). */
  MarginCriterion(margin?: number): Criterion;
  /** nn.MarginRankingCriterion: for a pair of scores {x1, x2} and y = 1 (x1 should rank higher) or -1, loss = max(0, -y (x1 - x2) + margin); for batches of scores (vectors x1, x2, y) the sum, divided by the batch size when sizeAverage. */
  MarginRankingCriterion(margin?: number): Criterion;
  /** nn.MaskedSelect: for a table {t, mask}, the 1-D tensor of the elements of t where mask is 1. */
  MaskedSelect(): TensorModule;
  /** nn.Max: the largest element along one dimension, which is dropped (core/modules/Extremum.h has the rules); gradient flows to the argmax, the first on ties. */
  Max(dimension?: number, nInputDims?: number): TensorModule;
  /** nn.Mean: the average over one dimension; as in Torch, it is nn.Sum with sizeAverage = true (same dimension rules, the averaged dimension is dropped unless the input is 1-D). */
  Mean(dimension?: number, nInputDims?: number): TensorModule;
  /** nn.Min: the smallest element along one dimension, which is dropped (core/modules/Extremum.h has the rules); gradient flows to the argmin, the first on ties. */
  Min(dimension?: number, nInputDims?: number): TensorModule;
  /** nn.MixtureTable: mixture of experts: for {gater, experts}, the sum of the experts weighted by the gater output (dim: the experts' dimension). */
  MixtureTable(dim?: number): TensorModule;
  /** nn.MM: the matrix product op(A) op(B) of a table {A, B}, two matrices or two batches of matrices (batch x rows x cols, multiplied pairwise); op transposes the (last two dimensions of the) operand when its flag is set. */
  MM(transA?: boolean, transB?: boolean): TensorModule;
  /** nn.MSECriterion: loss = sum((x - t)^2), divided by the number of elements when sizeAverage; input and target need the same number of elements. */
  MSECriterion(sizeAverage?: boolean): Criterion;
  /** nn.Mul: y = w * x with a single learnable scalar weight w, for input of any shape. */
  Mul(inputSize?: number): WeightedModule;
  /** nn.MulConstant: y = constant_scalar * x. */
  MulConstant(constant_scalar: number, inplace?: boolean): TensorModule;
  /** nn.MultiCriterion: the weighted sum of criterions applied to the same input and target (add(criterion, weight)). */
  MultiCriterion(): CriterionContainer;
  /** nn.MultiLabelMarginCriterion: multi-label hinge loss: the target holds the 1-based classes that apply, padded with 0 after the last one (target {3, 1, 0, 0}: classes 3 and 1). */
  MultiLabelMarginCriterion(): Criterion;
  /** nn.MultiLabelSoftMarginCriterion: sigmoid cross-entropy for targets t of 0 or 1 per class, computed without overflow, each class weighted by weights. */
  MultiLabelSoftMarginCriterion(weights?: Tensor | null, sizeAverage?: boolean): Criterion;
  /** nn.MultiMarginCriterion: the multi-class hinge loss of scores x (a vector, or batch x classes) against 1-based class targets t: sum over classes d != t of w[t] max(0, margin - x[t] + x[d])^p, divided by the number of classes, and by the batch size when sizeAverage. */
  MultiMarginCriterion(p?: 1 | 2, weights?: Tensor | null, margin?: number): Criterion;
  /** nn.MV: the product of a matrix and a vector from a table {M, v}: M (m x n) and v (n) give M v (m); a batch M (b x m x n) and v (b x n) give b x m. */
  MV(trans?: boolean): TensorModule;
  /** nn.Narrow: elements offset .. offset + length - 1 along dimension (negative values as Narrow.lua). */
  Narrow(dimension: number, offset: number, length?: number): TensorModule;
  /** nn.NarrowTable: the sub-table input[offset .. offset + length - 1] (length defaults to 1). */
  NarrowTable(offset: number, length?: number): Module;
  /** nn.Normalize: a vector, or each row of a batch x n matrix, divided by its p-norm (sum |x|^p + eps)^(1/p) for any p > 0. */
  Normalize(p: number, eps?: number): TensorModule;
  /** nn.Padding: adds |pad| entries of `value` along dimension dim — before the input for pad < 0, after it for pad > 0; with index, at that position instead (counted from the start for pad < 0, from the end for pad > 0). */
  Padding(dim: number, pad: number, nInputDim?: number, value?: number, index?: number): TensorModule;
  /** nn.PairwiseDistance: the p-norm distance ||a - b||_p of a table {a, b} of two same-sized vectors (output of size 1) or batch x n matrices, row by row (output of size batch). */
  PairwiseDistance(p?: number): TensorModule;
  /** nn.Parallel: child i gets slice i of the input along inputDimension (input:select), and the children's outputs are concatenated along outputDimension. */
  Parallel(inputDimension: number, outputDimension: number): Container;
  /** nn.ParallelCriterion: the weighted sum of criterions, criterion i on input[i] and target[i] (with repeatTarget, the same target for all). */
  ParallelCriterion(repeatTarget?: boolean): CriterionContainer;
  /** nn.ParallelTable: child i is applied to entry i of the input table; output is the table of their outputs. */
  ParallelTable(): Container;
  /** nn.Power: y = x^pow, elementwise (NaN for negative x and a non-integer pow, as Torch). */
  Power(pow: number): TensorModule;
  /** nn.PReLU: y = x if x > 0, else w x, with a learned slope w initialised to 0.25 (PReLU.lua): one shared slope when nOutputPlane is 0, else one per plane — dimension 1 of a 1-D input, dimension 2 of anything larger (batch x planes x ...), as THNN PReLU.c. */
  PReLU(nOutputPlane?: number): WeightedModule;
  /** nn.ReLU: y = max(0, x), elementwise. */
  ReLU(inplace?: boolean): TensorModule;
  /** nn.ReLU6: min(max(x, 0), 6), elementwise; as Torch's ReLU6.lua (THNN HardTanh with bounds 0 and 6) the gradient is 0 at x <= 0 and x >= 6. */
  ReLU6(inplace?: boolean): TensorModule;
  /** nn.Replicate: nf copies of the input stacked along a new dimension dim (a 3-vector with Replicate(2) gives a 2x3 tensor). */
  Replicate(nf: number, dim?: number, ndim?: number): TensorModule;
  /** nn.Reshape: the input's elements in row-major order seen with sizes `size`, or batch x size keeping the input's first dimension. */
  Reshape(...sizesAndBatchMode: [...number[], boolean] | number[]): TensorModule;
  Reshape(sizes: number[], batchMode?: boolean): TensorModule;
  /** nn.RReLU: randomized leaky rectifier (RReLU.lua, THNN RReLU.c). */
  RReLU(l?: number, u?: number, ip?: boolean): TensorModule;
  /** nn.Select: the slice at `index` along `dimension`, which is removed (a 3x4 input with Select(1, 2) gives its second row, of size 4). */
  Select(dimension: number, index: number): TensorModule;
  /** nn.SelectTable: output = input[index] of a table; 1-based, negative counts from the end. */
  SelectTable(index: number): Module;
  /** nn.Sequential: feeds the input through its children in order, each one's output the next one's input; with no children the output is the input. */
  Sequential(): Container;
  /** nn.Sigmoid: y = 1 / (1 + exp(-x)), elementwise. */
  Sigmoid(): TensorModule;
  /** nn.SmoothL1Criterion: loss = sum(0.5 d^2 if |d| < 1 else |d| - 0.5) with d = x - t (Huber loss), divided by the number of elements when sizeAverage. */
  SmoothL1Criterion(sizeAverage?: boolean): Criterion;
  /** nn.SoftMarginCriterion: the logistic loss loss = sum log(1 + exp(-x_i y_i)) for targets y of 1 or -1, divided by the number of elements when sizeAverage (a field, true by default). */
  SoftMarginCriterion(): Criterion;
  /** nn.SoftMax: y_i = exp(x_i) / sum_j exp(x_j) over a vector, or over each row of a batch x n matrix. */
  SoftMax(): TensorModule;
  /** nn.SoftMin: the softmax of -x (SoftMin.lua), over the same dimension as nn.SoftMax (a vector, each row of a batch, the planes of 3-D/4-D input); gradInput is minus SoftMax's for -x. */
  SoftMin(): TensorModule;
  /** nn.SoftPlus: y = log(1 + exp(beta * x)) / beta, elementwise, and y = x where beta * x > threshold (avoids overflow). */
  SoftPlus(beta?: number, threshold?: number): TensorModule;
  /** nn.SoftShrink: y = x - lambda if x > lambda, x + lambda if x < -lambda, else 0; the gradient passes where x > lambda or x < -lambda (THNN SoftShrink.c). */
  SoftShrink(lambda?: number): TensorModule;
  /** nn.SoftSign: y = x / (1 + |x|), elementwise. */
  SoftSign(): TensorModule;
  /** dW, dH default to 1. */
  SpatialAveragePooling(kW: number, kH: number, dW?: number, dH?: number, padW?: number, padH?: number): TensorModule;
  /** nn.SpatialBatchNormalization: y = (x - mean) / sqrt(var + eps) * weight + bias per feature (per plane for the spatial one). */
  SpatialBatchNormalization(nPlanes: number, eps?: number, momentum?: number, affine?: boolean): TensorModule;
  /** nn.SpatialClassNLLCriterion: ClassNLLCriterion at every pixel. */
  SpatialClassNLLCriterion(weights?: Tensor | null, sizeAverage?: boolean): Criterion;
  /** nn.SpatialConvolution: 2-D convolution (cross-correlation, as Torch) of 3-D (planes x h x w) or 4-D (batch x planes x h x w) images; out = floor((in + 2 pad - k) / step) + 1 per axis. */
  SpatialConvolution(nInputPlane: number, nOutputPlane: number, kW: number, kH: number, dW?: number, dH?: number, padW?: number, padH?: number): WeightedModule;
  /** nn.SpatialConvolutionMM: the same module as nn.SpatialConvolution, under Torch's other name. */
  SpatialConvolutionMM(nInputPlane: number, nOutputPlane: number, kW: number, kH: number, dW?: number, dH?: number, padW?: number, padH?: number): WeightedModule;
  /** nn.SpatialCrossMapLRN: local response normalization across planes (AlexNet's): y = x / (k + alpha / size * sum of x^2 over `size` neighbouring planes)^beta, for 3-D or 4-D images. */
  SpatialCrossMapLRN(size: number, alpha?: number, beta?: number, k?: number): TensorModule;
  /** nn.SpatialDilatedConvolution: SpatialConvolution whose kernel taps are dilationW / dilationH pixels apart (default 1). */
  SpatialDilatedConvolution(nInputPlane: number, nOutputPlane: number, kW: number, kH: number, dW?: number, dH?: number, padW?: number, padH?: number, dilationW?: number, dilationH?: number): WeightedModule;
  /** nn.SpatialDropout: while training, zeroes whole planes of a 3-D or 4-D image, each with probability p (features of one map are correlated, so dropping single pixels would do little). */
  SpatialDropout(p?: number): TensorModule;
  /** nn.SpatialFullConvolution: the transposed convolution ("deconvolution"), the adjoint of SpatialConvolution with the same arguments: out = (in - 1) * step - 2 pad + k + adj per axis (adj < step picks among the sizes that convolve back to `in`). */
  SpatialFullConvolution(nInputPlane: number, nOutputPlane: number, kW: number, kH: number, dW?: number, dH?: number, padW?: number, padH?: number, adjW?: number, adjH?: number): WeightedModule;
  /** nn.SpatialLogSoftMax: log-softmax over the planes at every pixel (see SpatialSoftMax.h); the input of nn.SpatialClassNLLCriterion in segmentation-style models. */
  SpatialLogSoftMax(): TensorModule;
  /** dW, dH default to kW, kH. */
  SpatialMaxPooling(kW: number, kH: number, dW?: number, dH?: number, padW?: number, padH?: number): TensorModule;
  /** nn.SpatialReplicationPadding: pads every plane of a 3-D or 4-D image by repeating its edge pixels; backward sums the gradients of the copies into the edge pixel they came from. */
  SpatialReplicationPadding(padLeft: number, padRight?: number, padTop?: number, padBottom?: number): TensorModule;
  /** nn.SpatialSoftMax: softmax (log-softmax) over the planes at every pixel of a 3-D (planes x h x w) or 4-D (batch x planes x h x w) input, as Torch's THNN SoftMax / LogSoftMax do for those shapes. */
  SpatialSoftMax(): TensorModule;
  /** nn.SpatialUpSamplingNearest: repeats every pixel of a 3-D or 4-D image into a scale x scale block (integer scale >= 1); backward sums each block's gradients. */
  SpatialUpSamplingNearest(scale: number): TensorModule;
  /** Negative amounts crop. */
  SpatialZeroPadding(padLeft: number, padRight?: number, padTop?: number, padBottom?: number): TensorModule;
  /** nn.SplitTable: a tensor -> the table of its slices along `dimension` (1-based; negative counts from the end), each a view of the input as in Torch (the slices of a 1-D tensor are one-element tensors, where Torch gives numbers). */
  SplitTable(dimension: number, nInputDims?: number): Module;
  /** nn.Sqrt: y = sqrt(x), elementwise. */
  Sqrt(): TensorModule;
  /** nn.Square: y = x^2, elementwise. */
  Square(): TensorModule;
  /** nn.Squeeze: removes size-1 dimensions, all of them or only dim (a negative dim counts from the end). */
  Squeeze(dim?: number, numInputDims?: number): TensorModule;
  /** nn.Sum: sums over one dimension (negative counts from the end; with nInputDims, an input with one more dimension is a batch and dimension shifts by one). */
  Sum(dimension?: number, nInputDims?: number, sizeAverage?: boolean, squeeze?: boolean): TensorModule;
  /** nn.Tanh: y = tanh(x), elementwise. */
  Tanh(): TensorModule;
  /** nn.TanhShrink: y = x - tanh(x); gradient tanh(x)^2 (TanhShrink.lua). */
  TanhShrink(): TensorModule;
  /** nn.TemporalConvolution: 1-D convolution over a sequence of frames, nInputFrame x inputFrameSize (2-D) or batch x nInputFrame x inputFrameSize (3-D); nOutputFrame = floor((nInputFrame - kW) / dW) + 1. */
  TemporalConvolution(inputFrameSize: number, outputFrameSize: number, kW: number, dW?: number): WeightedModule;
  /** nn.TemporalMaxPooling: the maximum of each feature over windows of kW frames, for nInputFrame x frameSize (2-D) or batch x nInputFrame x frameSize (3-D) input; nOutputFrame = floor((nInputFrame - kW) / dW) + 1. */
  TemporalMaxPooling(kW: number, dW?: number): TensorModule;
  /** nn.Threshold: y = x if x > th, else v; the gradient passes where x > th (THNN Threshold.c). */
  Threshold(th?: number, v?: number, ip?: boolean): TensorModule;
  /** nn.Transpose: swaps dimensions d1 and d2, then d3 and d4, ...: nn.Transpose([1, 2], [3, 4]) or nn.Transpose(1, 2, 3, 4). */
  Transpose(...pairs: [number, number][]): TensorModule;
  Transpose(...dimensions: number[]): TensorModule;
  /** nn.Unsqueeze: inserts a size-1 dimension at position pos (1-based; a 3x4 input with Unsqueeze(2) gives 3x1x4). */
  Unsqueeze(pos: number, numInputDims?: number): TensorModule;
  /** nn.View: the input's elements seen with sizes `size` (one size may be -1, inferred). */
  View(...sizes: number[]): TensorModule;
  View(sizes: number[]): TensorModule;
  /** nn.WeightedEuclidean: y_j = ||diag(d_j) (x - w_j)||: Euclidean distances to outputSize templates, with a learned per-template diagonal. */
  WeightedEuclidean(inputSize: number, outputSize: number): WeightedModule;
  /** nn.WeightedMSECriterion: the MSE between the input and the target multiplied elementwise by w — for a batch (input with one more dimension than w) each row of the target is multiplied by w — i.e. */
  WeightedMSECriterion(w?: Tensor | null): Criterion;
  /** nn.ZipTable: a table of tables {{a1, a2}, {b1, b2}} becomes {{a1, b1}, {a2, b2}}; gradInput zips gradOutput back. */
  ZipTable(): Module;

  /**
   * Builds a graph. One input: forward takes that value; several: a table of exactly that many.
   * One output: forward returns that value; several: a table. gradInput mirrors the input.
   * Typed as Tensor for one output node and Tensor[] for several; when the output node's module
   * itself returns a table (nn.ConcatTable, nn.SplitTable), say so: nn.gModule<Tensor[]>(...).
   */
  gModule<Out extends Value = Tensor>(inputs: Node[], outputs: [Node]): GraphModule<Out>;
  /** Several output nodes: forward returns a table of their values. */
  gModule<Out extends Value[] = Tensor[]>(inputs: Node[], outputs: [Node, Node, ...Node[]]): GraphModule<Out>;
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
  readonly kind: 'sgd' | 'adam' | 'rmsprop' | 'adagrad' | 'adadelta' | 'adamax' | 'nag';
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
  /** The object form. */
  rmsprop(parameters: Module | [Tensor[], Tensor[]], config?: RMSpropConfig): Optimizer;
  /** Defaults: learningRate 1e-3, learningRateDecay 0, weightDecay 0. state.evalCounter. */
  adagrad(feval: Feval, x: Tensor, config?: AdagradConfig, state?: OptimState): [Tensor, [number]];
  /** The object form. */
  adagrad(parameters: Module | [Tensor[], Tensor[]], config?: AdagradConfig): Optimizer;
  /** Defaults: rho 0.9, eps 1e-6, weightDecay 0. state.evalCounter. */
  adadelta(feval: Feval, x: Tensor, config?: AdadeltaConfig, state?: OptimState): [Tensor, [number]];
  /** The object form. */
  adadelta(parameters: Module | [Tensor[], Tensor[]], config?: AdadeltaConfig): Optimizer;
  /** Defaults: learningRate 0.002, beta1 0.9, beta2 0.999, epsilon 1e-38, weightDecay 0. state.t. */
  adamax(feval: Feval, x: Tensor, config?: AdamaxConfig, state?: OptimState): [Tensor, [number]];
  /** The object form. */
  adamax(parameters: Module | [Tensor[], Tensor[]], config?: AdamaxConfig): Optimizer;
  /** Nesterov: feval runs at x + momentum * velocity. Defaults: learningRate 1e-3, momentum 0.9. */
  nag(feval: Feval, x: Tensor, config?: NAGConfig, state?: OptimState): [Tensor, [number]];
  /** The object form (step(closure) only: the gradient is taken after the look-ahead step). */
  nag(parameters: Module | [Tensor[], Tensor[]], config?: NAGConfig): Optimizer;
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
  /**
   * A tensor over `storage` (shared, not copied: writes show in both), as Torch's
   * torch.Tensor(storage, storageOffset, sizes, strides): its first element is element
   * `storageOffset` (1-based, default 1); sizes default to the rest of the storage as one
   * dimension; strides default to contiguous (a negative stride too, as Torch). A view that
   * reaches past the storage's end is an Error naming the sizes (Torch would grow the storage).
   */
  (storage: FloatStorage, storageOffset?: number, sizes?: number[], strides?: number[]): Tensor;
  /** Torch's other spelling: torch.Tensor(storage, offset, size1, stride1, size2, stride2, ...). */
  (storage: FloatStorage, storageOffset: number, ...sizesAndStrides: number[]): Tensor;
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

// Storages (bindings/storage.mjs)

/**
 * Torch's torch.FloatStorage: a 1-D array of float32 that tensors are views of. Made by
 * torch.FloatStorage(size | values | storage, offset, size) or t.storage(); torch.Tensor(storage,
 * ...) views it. Element indices are 1-based, as in Torch. Free it with dispose() (the elements
 * live while any tensor over them does).
 */
export declare class FloatStorage {
  private constructor();
  /** "torch.FloatStorage" */
  readonly typeName: string;
  readonly disposed: boolean;
  /** Number of elements (Torch's s:size() and #s). */
  size(): number;
  /** Element i (1-based; an Error outside 1..size()). */
  get(i: number): number;
  /** Writes element i (1-based); returns this. */
  set(i: number, value: number): this;
  fill(value: number): this;
  /** Copies a storage or tensor of as many elements; returns this. */
  copy(source: FloatStorage | Tensor): this;
  /** The elements (a copy). */
  toFloat32Array(): Float32Array;
  toArray(): number[];
  /** Torch's printout: one value a line, then "[torch.FloatStorage of size n]". */
  toString(): string;
  dispose(): void;
  [Symbol.dispose](): void;
}

export interface Tensor {
  /** The storage this tensor views (shared: writes through it show in the tensor). */
  storage(): FloatStorage;
  /** 1-based position of this tensor's first element in its storage. */
  storageOffset(): number;
  /** Strides, in elements (a size object, like size()). */
  stride(): number[];
  /** The stride of dimension dim (1-based; negative counts from the end). */
  stride(dim: number): number;
}

export interface Torch {
  /**
   * torch.FloatStorage(size) (zeros), (values), or (storage, offset = 1, size = the rest): a view
   * of another storage's elements (shared), as Torch's.
   */
  FloatStorage(size?: number): FloatStorage;
  FloatStorage(values: ArrayLike<number>): FloatStorage;
  FloatStorage(storage: FloatStorage, offset?: number, size?: number): FloatStorage;
  /** torch.Storage is torch.FloatStorage (every tensor here is float32). */
  Storage: Torch['FloatStorage'];
  /**
   * Torch's size object, what t.size() returns: an array of integers that torch.Tensor(...) reads
   * as sizes. It backs no tensor (all tensors are float32: use FloatStorage for data).
   */
  LongStorage(sizeOrValues?: number | number[]): number[];
  isStorage(x: unknown): x is FloatStorage;
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

/**
 * What nn.defineModule takes: Torch's nn.Module contract as functions. `In` and `Out` are what the
 * module takes and returns (default Tensor: write defineModule<Tensor[]>(...) for a table input).
 */
export interface ModuleSpec<In extends Value = Tensor, Out extends Value = Tensor> {
  /** Runs for each new module with the factory's arguments. */
  init?(this: ModuleSelf, ...args: any[]): void;
  /** Must return a Tensor or an array (table) of them, usually this.output. */
  updateOutput(this: ModuleSelf, input: In): Out;
  /** Without it, the gradInput is an empty tensor: no gradient (Torch's default). */
  updateGradInput?(this: ModuleSelf, input: In, gradOutput: Out): In;
  /** Accumulates into gradWeight/gradBias: gradParams += scale * dLoss/dParams. */
  accGradParameters?(this: ModuleSelf, input: In, gradOutput: Out, scale: number): void;
  [helper: string]: any;
}

export interface NN {
  /**
   * Defines nn[name] as a factory of modules whose contract is `spec`'s functions. They work in
   * graphs, containers, clone (per-instance properties are copied), getParameters; parameters()
   * lists weight/gradWeight and bias/gradBias. A gModule passes an empty gradInput through to an
   * input as "no gradient". save() refuses such a module (its code cannot be saved).
   */
  defineModule<In extends Value = Tensor, Out extends Value = Tensor>(name: string, spec: ModuleSpec<In, Out>): ModuleFactory;
}
