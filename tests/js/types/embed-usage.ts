// Compiled with `tsc --noEmit` by tests/js/types.test.mjs: bindings/embed.d.ts, resolved through
// the package's "./embed" export.
import { NNGraphExample, PANELS } from 'nngraph-wasm/embed';

export function watch(): void {
  const example: NNGraphExample | null = document.querySelector('nngraph-example');
  if (!example) return;
  example.addEventListener('nngraph-done', (e) => console.log(e.detail.elapsedMs.toFixed(0), PANELS.length));
  example.addEventListener('nngraph-error', (e) => {
    const line: number | null = e.detail.error.line;
    // @ts-expect-error the error's message is a string
    const wrong: number = e.detail.error.message;
    console.log(line, wrong);
  });
}
