// load({ wasmModule }): the engine compiled once elsewhere (a page compiles it and posts the
// WebAssembly.Module to each worker) is only instantiated. A file of its own: load() is once per
// process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { load } from '../../bindings/index.mjs';

test('load() rejects a wasmModule that is not a WebAssembly.Module, then loads from one', async () => {
  await assert.rejects(load({ wasmModule: new Uint8Array(4) }), /wasmModule must be a WebAssembly\.Module/);
  const compiled = await WebAssembly.compile(readFileSync(new URL('../../dist/nngraph_core.wasm', import.meta.url)));
  const { torch, nn } = await load({ wasmModule: compiled });
  const lin = nn.Linear(2, 1);
  lin.weight.copy(torch.tensor([[2, 3]]));
  lin.bias.fill(1);
  assert.deepEqual(lin.forward(torch.tensor([1, 10])).toArray(), [33]);
});
