// nngraph-wasm/lua: Torch's Lua programs, as written, in a real Lua VM (wasmoon, Lua 5.4).
import type { LoadOptions, Module, Node, Tensor, Criterion, GraphModule } from './index.js';

export interface CreateLuaOptions {
  /** What `require` finds: { 'model/LSTM.lua': source } for require 'model.LSTM'. */
  files?: Record<string, string>;
  /** Where print goes, one call per print (default console.log). */
  print?: (line: string) => void;
  /** Called with every gModule the code builds (the playground shows the last one). */
  onGraph?: (graph: GraphModule) => void;
  /** Options for nngraph-wasm's load(). */
  load?: LoadOptions;
  /**
   * The URL of wasmoon's dist/glue.wasm (the Lua VM). Node finds it itself; a page must give it
   * (with Vite: `import url from 'wasmoon/dist/glue.wasm?url'`).
   */
  luaWasmUrl?: string | URL;
}

export interface RunOptions {
  /** Stops the run with an Error after about this many Lua instructions (0: no limit). */
  instructionLimit?: number;
  /** Stops the run with an Error after this many milliseconds (0: no limit). */
  timeLimit?: number;
}

/** A value a chunk returns: JS API objects, arrays for Lua sequences, numbers, strings. */
export type LuaResult = Tensor | Module | Node | Criterion | number | string | boolean | null | undefined | LuaResult[] | { [key: string]: LuaResult };

/** An Error of a Lua run: its message starts with `chunk:line:`. */
export interface LuaError extends Error {
  chunkName?: string;
  lineNumber?: number;
}

export interface LuaState {
  /**
   * Runs a chunk named `name` (messages read `name:line:`); resolves to its return values.
   * A failure rejects with a {@link LuaError}; the state stays usable.
   */
  run(source: string, name?: string, options?: RunOptions): Promise<LuaResult[]>;
  /** Disposes every tensor, module and node the state made, and closes the VM. */
  close(): void;
}

/** A Lua state with torch, nn, nngraph, optim and graph as globals and through require. */
export function createLua(options?: CreateLuaOptions): Promise<LuaState>;
export default createLua;
