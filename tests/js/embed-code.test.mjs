// The code of an <nngraph-example> as its author wrote it (web/src/embed/code-text.js), and the
// snippets the playground's Embed button writes. The browser suites check the same in a page
// (tests/browser/embed.test.mjs, site.test.mjs); these are the text rules themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeFromText, escapeHtml, exampleSnippet, iframeSnippet } from '../../web/src/embed/code-text.js';

test('the blank line after the opening tag and the common indentation are removed', () => {
  const text = '\n    const a = 1;\n      if (a) {\n        print(a);\n      }\n\n    print(2);\n  ';
  assert.equal(codeFromText(text), 'const a = 1;\n  if (a) {\n    print(a);\n  }\n\nprint(2);');
});

test('code on the tag\'s own line, tabs, CRLF, and whitespace only', () => {
  assert.equal(codeFromText('print(1)'), 'print(1)');
  assert.equal(codeFromText('\r\n\t\tx = 1\r\n\t\t  y = 2\r\n\t'), 'x = 1\n  y = 2');
  assert.equal(codeFromText('   \n  \n'), '');
  // a line less indented than the rest keeps what it has beyond the common part
  assert.equal(codeFromText('\n    a\n  b\n    c'), '  a\nb\n  c');
});

test('escapeHtml leaves nothing that HTML would parse as markup', () => {
  assert.equal(escapeHtml(`a < b && c > "d" <img src=x onerror=alert(1)>`), 'a &lt; b &amp;&amp; c &gt; &quot;d&quot; &lt;img src=x onerror=alert(1)&gt;');
});

test('the element snippet: script tag, attributes, the code escaped and indented', () => {
  const s = exampleSnippet('if (a < b) print("x");\n\nprint(2)', { scriptUrl: 'https://site/embed/embed.js' });
  assert.equal(s, '<script type="module" src="https://site/embed/embed.js"></script>\n'
    + '<nngraph-example language="js" panels="code,graph,gradients">\n'
    + '  if (a &lt; b) print(&quot;x&quot;);\n\n  print(2)\n</nngraph-example>');
  // What the element reads back from that text (HTML entities decoded by the parser):
  const body = s.split('\n').slice(2, -1).join('\n').replace(/&lt;/g, '<').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  assert.equal(codeFromText(body), 'if (a < b) print("x");\n\nprint(2)');
});

test('the iframe snippet points at the URL and sizes the frame from height messages', () => {
  const s = iframeSnippet('https://site/?embed=1#code=abc&node=2');
  assert.match(s, /^<iframe src="https:\/\/site\/\?embed=1#code=abc&amp;node=2"/);
  assert.match(s, /m\.source !== 'nngraph-wasm' \|\| m\.type !== 'height'/);
});
