// Compiled with usage.ts by tests/js/types.test.mjs: bindings/onnx.d.ts through the ./onnx export.
import { load, type ONNXInputShape } from 'nngraph-wasm';
import { toONNX, fromONNX, OPSET, type ToONNXOptions } from 'nngraph-wasm/onnx';

async function main(): Promise<void> {
  const { nn } = await load();
  const x = nn.Identity()(), y = nn.Identity()();
  const g = nn.gModule([x, y], [nn.CAddTable()([nn.Linear(3, 5)(x), nn.Linear(3, 5)(y)])]);
  const table: ONNXInputShape = [[1, 3], [1, 3]];
  const options: ToONNXOptions = { inputShapes: [[1, 3], table], name: 'seed' };
  const bytes: Uint8Array = toONNX(g, options);
  const g2 = await fromONNX(bytes.buffer as ArrayBuffer);
  const dot: string = g2.toDot();
  const opset: number = OPSET + dot.length;
  // @ts-expect-error inputShapes holds arrays of sizes, not numbers
  toONNX(g, { inputShapes: [1, 3] });
  // @ts-expect-error fromONNX takes bytes
  await fromONNX('model.onnx');
  void opset;
}
void main;
