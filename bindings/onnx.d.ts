// Types of nngraph-wasm/onnx (bindings/onnx.mjs): ONNX out of and into the engine.
import type { Module, GraphModule } from './index';

/** A tensor input's sizes, the batch size first (any size: it becomes the symbolic 'batch'), or a table of such entries. */
export type ONNXInputShape = number[] | ONNXInputShape[];

export interface ToONNXOptions {
  /**
   * One entry per input of the gModule (one for any other module), e.g. [[1, 3], [1, 3]].
   * Optional when every input is read first by an nn.Linear: then it is [batch, inputSize].
   */
  inputShapes?: ONNXInputShape[];
  /** The ONNX graph's name (default: the module's type). */
  name?: string;
}

/** Opset and IR version of the models toONNX writes. */
export const OPSET: 17;
export const IR_VERSION: 8;

/**
 * An ONNX ModelProto (opset 17, IR version 8) of the module's forward computation in evaluate
 * mode: parameters as float32 initializers, inputs and outputs in the gModule's order and named
 * from its annotations (input1.../output1... otherwise; a table is one ONNX value per tensor,
 * name_1, name_2, ...), the batch dimension symbolic. Needs the engine loaded (await load()).
 * Throws an Error naming the node and the reason for a module ONNX cannot express here.
 * The module is not changed; the probe modules it builds draw from torch's random generator.
 */
export function toONNX(module: Module, options?: ToONNXOptions): Uint8Array;

/**
 * A gModule from an ONNX model whose operators map onto modules (Gemm, MatMul(+Add), Relu,
 * Softmax, Concat, Split, Reshape, Slice, ..., see the README's table): its inputs and outputs
 * are the model's, in order, annotated with their ONNX names; weights are loaded exactly.
 * Loads the engine if needed. Rejects with an Error naming the first operator, attribute or data
 * type it cannot map, or saying why the bytes are not an ONNX model; nothing is left allocated.
 */
export function fromONNX(bytes: Uint8Array | ArrayBuffer): Promise<GraphModule>;
