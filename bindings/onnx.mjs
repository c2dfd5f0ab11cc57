// nngraph-wasm/onnx: a graph out to ONNX (toONNX) and an ONNX model in as a gModule (fromONNX).
//
//   import { toONNX, fromONNX } from 'nngraph-wasm/onnx';
//   const bytes = toONNX(g, { inputShapes: [[1, 3], [1, 3]] });  // Uint8Array, an ONNX ModelProto
//   const g2 = await fromONNX(bytes);                            // a gModule
//
// Layered over the public API only, like the playground: the module's structure and weights come
// from its saved-graph document (module.save(), core/serialize.cpp), an imported model is written
// as such a document and built by nn.load(). The wire format is onnx-proto's (generated protobufjs
// code for onnx.proto), kept out of the core entry so that the engine keeps its size budget.
//
// onnx-export.mjs writes, onnx-import.mjs reads, onnx-common.mjs holds what both use.
import { toONNX } from './onnx-export.mjs';
import { fromONNX } from './onnx-import.mjs';

export { toONNX, fromONNX };
export { OPSET, IR_VERSION } from './onnx-common.mjs';
