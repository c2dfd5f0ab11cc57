// Shared by the two halves of nngraph-wasm/onnx (onnx-export.mjs, onnx-import.mjs): the
// generated ONNX codec, the data types both read and write, and float32 bytes in base64 (the
// saved-graph format's form of tensor data).
import onnxProto from 'onnx-proto';

export const { onnx } = onnxProto;
export const FLOAT = 1, INT64 = 7;
export const OPSET = 17;
export const IR_VERSION = 8;

// ---------------------------------------------------------------------------------------------
// bytes <-> base64 (the saved-graph format keeps float32 little-endian data in base64)

export function bytesToBase64(bytes) {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

export function base64ToBytes(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; ++i) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function floatsToBytes(values) {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return bytes;
}

export function bytesToFloats(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < out.length; ++i) out[i] = view.getFloat32(i * 4, true);
  return out;
}

export const product = (sizes) => sizes.reduce((a, b) => a * b, 1);

// rows x cols row-major -> cols x rows
export function transposed(values, rows, cols) {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; ++r) for (let c = 0; c < cols; ++c) out[c * rows + r] = values[r * cols + c];
  return out;
}

