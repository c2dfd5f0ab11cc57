// The iframe form's side of the postMessage contract (README "Deploy and embed"): with ?embed=1,
// the playground posts to the page that frames it
//   { source: 'nngraph-wasm', type: 'height', height }   the document's height in CSS pixels,
//                                                         whenever it changes
//   { source: 'nngraph-wasm', type: 'status', status, error? }
//                                                         status: 'running' | 'done' | 'error';
//                                                         error: { name, message, line }
// Messages carry no code or values, so they go to any origin ('*').
const SOURCE = 'nngraph-wasm';

export function framePoster(target = window.parent) {
  const framed = target && target !== window;
  const post = (message) => { if (framed) target.postMessage({ source: SOURCE, ...message }, '*'); };
  let lastHeight = -1;
  const sendHeight = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === lastHeight) return;
    lastHeight = height;
    post({ type: 'height', height });
  };
  if (framed && typeof ResizeObserver === 'function') new ResizeObserver(sendHeight).observe(document.documentElement);
  return {
    status(status, error = null) {
      post({ type: 'status', status, ...(error ? { error: { name: error.name, message: error.message, line: error.line ?? null } } : {}) });
    },
    height: sendHeight,
  };
}
