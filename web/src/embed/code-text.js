// The code of an <nngraph-example> is its text content, written by an author inside HTML. Two
// transformations make it the code they meant, line for line:
//   - the blank line right after the opening tag (and trailing blank lines) are dropped, so
//     line 1 is the first line of code and error line numbers match what the author wrote;
//   - the indentation common to every non-blank line is removed (the element usually sits
//     indented in the page's HTML).
// And the reverse, for the playground's "Embed" button: code as the text of an element, with
// HTML's special characters escaped so that textContent gives the code back exactly.

export function codeFromText(text) {
  const lines = String(text).replace(/\r\n?/g, '\n').split('\n');
  if (lines.length && lines[0].trim() === '') lines.shift();
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)[0]);
  let common = indents.length ? indents[0] : '';
  for (const indent of indents) {
    let k = 0;
    while (k < common.length && k < indent.length && common[k] === indent[k]) k++;
    common = common.slice(0, k);
  }
  return lines.map((l) => (l.startsWith(common) ? l.slice(common.length) : l.trimStart())).join('\n');
}

export function escapeHtml(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// A ready-to-paste element: the script tag that defines it, then the example's code indented.
export function exampleSnippet(code, { scriptUrl, language = 'js', panels = 'code,graph,gradients' } = {}) {
  const body = String(code).split('\n').map((l) => (l ? `  ${escapeHtml(l)}` : '')).join('\n');
  return `<script type="module" src="${escapeHtml(scriptUrl)}"></script>\n`
    + `<nngraph-example language="${escapeHtml(language)}" panels="${escapeHtml(panels)}">\n${body}\n</nngraph-example>`;
}

// The iframe form: the playground in embed mode, and the listener that sizes the frame from the
// messages it posts (see README "Deploy and embed", postMessage contract).
export function iframeSnippet(url) {
  return `<iframe src="${escapeHtml(url)}" title="nngraph example" loading="lazy" style="width: 100%; height: 480px; border: 0"></iframe>\n`
    + `<script>\n`
    + `  addEventListener('message', (event) => {\n`
    + `    const m = event.data;\n`
    + `    if (!m || m.source !== 'nngraph-wasm' || m.type !== 'height') return;\n`
    + `    for (const frame of document.querySelectorAll('iframe'))\n`
    + `      if (frame.contentWindow === event.source) frame.style.height = m.height + 'px';\n`
    + `  });\n`
    + `</script>`;
}
