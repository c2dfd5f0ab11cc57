// The playground's "Share" and "Embed" buttons. Share copies the page's URL (the code is in it).
// Embed opens a panel with two ready snippets of the current code: the <nngraph-example> element
// (with the script tag of this site's embed/embed.js, which `npm run build:site` deploys) and the
// iframe form (this page with ?embed=1, plus the listener that sizes the frame). Copying uses the
// clipboard when the browser allows it; the snippets stay selectable text either way.
import { el } from './tables.js';
import { exampleSnippet, iframeSnippet } from './embed/code-text.js';

export function setupShare({ shareButton, embedButton, panel, getCode, getLanguage = () => 'js', note }) {
  shareButton.addEventListener('click', () => copy(window.location.href, note, 'Link copied'));
  embedButton.addEventListener('click', () => {
    if (!panel.hidden) {
      panel.hidden = true;
      return;
    }
    renderEmbedPanel(panel, getCode(), getLanguage(), note);
    panel.hidden = false;
  });
}

export function embedSnippets(code, language = 'js', location = window.location) {
  const scriptUrl = new URL('embed/embed.js', new URL('.', location.href)).href;
  const frame = new URL(location.href);
  frame.searchParams.set('embed', '1');
  return { element: exampleSnippet(code, { scriptUrl, language }), iframe: iframeSnippet(frame.href) };
}

function renderEmbedPanel(panel, code, language, note) {
  const snippets = embedSnippets(code, language);
  panel.replaceChildren(el('h2', null, 'Embed this code'));
  const block = (title, text, testId) => {
    const area = el('textarea', 'snippet');
    area.readOnly = true;
    area.setAttribute('wrap', 'off');
    area.value = text;
    area.rows = Math.min(14, text.split('\n').length);
    area.dataset.testid = testId;
    const button = el('button', null, 'Copy');
    button.type = 'button';
    button.addEventListener('click', () => {
      area.select();
      copy(text, note, 'Snippet copied');
    });
    const head = el('div', 'card-head');
    head.append(el('h3', null, title), button);
    panel.append(head, area);
  };
  block('As an element, in any page (one script tag per page):', snippets.element, 'snippet-element');
  block('As an iframe of this playground:', snippets.iframe, 'snippet-iframe');
}

async function copy(text, note, done) {
  try {
    await navigator.clipboard.writeText(text);
    note.textContent = done;
  } catch {
    // No clipboard permission (e.g. an http: page): leave it to the reader's own copy.
    note.textContent = 'The browser refused the clipboard: select the text and copy it';
  }
  setTimeout(() => { note.textContent = ''; }, 4000);
}
