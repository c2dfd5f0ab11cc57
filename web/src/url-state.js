// The URL holds what is on screen, so that a link reproduces it:
//   ?embed=1                   graph and tables only (for iframes in tutorials)
//   #example=<id>              an example as shipped
//   #code=<base64url UTF-8>    edited code (replaces example)
//   &lang=lua                  the script's language (js when absent)
//   &node=<id>&view=backward   the selected node and the backward graph
//   &step=backward-4           the Step mode at backward's 4th step (forward-<n> likewise)
// Reading the URL never runs anything on the page: code from it goes to the worker like any run.

export function readUrlState(location = window.location) {
  const query = new URLSearchParams(location.search);
  const hash = new URLSearchParams(location.hash.replace(/^#/, ''));
  let code = null;
  if (hash.has('code')) {
    try {
      code = decodeBase64Url(hash.get('code'));
    } catch {
      code = null;
    }
  }
  const node = Number(hash.get('node'));
  return {
    embed: query.get('embed') === '1',
    example: hash.get('example'),
    code,
    node: Number.isInteger(node) && node > 0 ? node : null,
    backward: hash.get('view') === 'backward',
    language: hash.get('lang') === 'lua' ? 'lua' : hash.has('lang') ? 'js' : null,
    step: /^(forward|backward)-\d+$/.test(hash.get('step') || '') ? hash.get('step') : null,
  };
}

// state: { example, code (null when the example's own code is shown), language, node, backward,
//          step ("backward-4", null outside the Step mode) }
export function writeUrlState(state) {
  const hash = new URLSearchParams();
  if (state.example) hash.set('example', state.example);
  if (state.code != null) hash.set('code', encodeBase64Url(state.code));
  if (state.language === 'lua') hash.set('lang', 'lua');
  if (state.node != null) hash.set('node', String(state.node));
  if (state.backward) hash.set('view', 'backward');
  if (state.step) hash.set('step', state.step);
  const url = `${window.location.pathname}${window.location.search}#${hash.toString()}`;
  // replaceState: selecting nodes should not fill the back button's history.
  window.history.replaceState(null, '', url);
}

export function encodeBase64Url(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeBase64Url(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}
