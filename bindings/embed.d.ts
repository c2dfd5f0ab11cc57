// Types of nngraph-wasm/embed (dist/embed.js): importing it defines the <nngraph-example> element.
//
//   import 'nngraph-wasm/embed';
//   const example = document.querySelector('nngraph-example')!;
//   example.addEventListener('nngraph-error', (e) => console.log(e.detail.error.message));

/** A run's failure as the element shows it: the engine's sentence and the code's line. */
export interface NNGraphExampleError {
  name: string;
  message: string;
  /** 1-based line of the element's code, or null when it is not known. */
  line: number | null;
}

/**
 * `<nngraph-example language="js|lua" panels="code,graph,gradients,node,console,train" editable
 * theme="light|dark" time-limit="15">code</nngraph-example>`. Its code is its text content (blank
 * first line and common indentation removed); it runs in a Web Worker when the element nears the
 * viewport. The `status` attribute is `loading` | `running` | `done` | `error`.
 */
export class NNGraphExample extends HTMLElement {}

export const PANELS: readonly string[];
export const LANGUAGES: readonly string[];

declare global {
  interface HTMLElementTagNameMap {
    'nngraph-example': NNGraphExample;
  }
  interface HTMLElementEventMap {
    /** A run finished without error. Bubbles out of the shadow root. */
    'nngraph-done': CustomEvent<{ elapsedMs: number }>;
    /** A run (or the element's configuration) failed. Bubbles out of the shadow root. */
    'nngraph-error': CustomEvent<{ error: NNGraphExampleError }>;
  }
}
