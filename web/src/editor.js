// The code editor: CodeMirror 6 with JavaScript or Lua highlighting; Ctrl/Cmd+Enter runs the
// script.
// options.root: the shadow root the editor lives in (<nngraph-example>), so CodeMirror mounts
// its styles there.
import { EditorView, basicSetup } from 'codemirror';
import { keymap } from '@codemirror/view';
import { Prec, Compartment } from '@codemirror/state';
import { StreamLanguage } from '@codemirror/language';
import { javascript } from '@codemirror/lang-javascript';
import { lua } from '@codemirror/legacy-modes/mode/lua';

const modes = { js: () => javascript(), lua: () => StreamLanguage.define(lua) };

export function createEditor(parent, { doc, language = 'js', onRun, onChange, root }) {
  const languageMode = new Compartment();
  const runKeys = Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => { onRun(); return true; } }]));
  const view = new EditorView({
    doc,
    parent,
    ...(root ? { root } : {}),
    extensions: [
      runKeys,
      basicSetup,
      languageMode.of((modes[language] ?? modes.js)()),
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
    setLanguage(name) {
      view.dispatch({ effects: languageMode.reconfigure((modes[name] ?? modes.js)()) });
    },
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
