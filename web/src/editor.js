// The code editor: CodeMirror 6 with JavaScript highlighting; Ctrl/Cmd+Enter runs the script.
// options.root: the shadow root the editor lives in (<nngraph-example>), so CodeMirror mounts
// its styles there; options.language: 'js' (highlighted) or anything else (plain text).
import { EditorView, basicSetup } from 'codemirror';
import { keymap } from '@codemirror/view';
import { Prec } from '@codemirror/state';
import { javascript } from '@codemirror/lang-javascript';

export function createEditor(parent, { doc, onRun, onChange, root, language = 'js' }) {
  const runKeys = Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => { onRun(); return true; } }]));
  const view = new EditorView({
    doc,
    parent,
    ...(root ? { root } : {}),
    extensions: [
      runKeys,
      basicSetup,
      language === 'js' ? javascript() : [],
      EditorView.lineWrapping,
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChange(view.state.doc.toString());
      }),
      EditorView.contentAttributes.of({ 'aria-label': 'Script' }),
    ],
  });
  return {
    view,
    getCode: () => view.state.doc.toString(),
    setCode(code) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } });
    },
    // Moves the cursor to a 1-based line, to point at where a script failed.
    goToLine(line) {
      if (!line || line > view.state.doc.lines) return;
      const pos = view.state.doc.line(line).from;
      view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
    },
  };
}
