// Wires the views together. State lives here and in the URL; results come from the worker as
// plain data and each view renders its part.
import { examples, defaultExampleId, findExample } from './examples.js';
import { createEditor } from './editor.js';
import { Runner } from './runner.js';
import { GraphView } from './graph-view.js';
import { renderGradients } from './gradients.js';
import { renderNodePanel } from './node-panel.js';
import { renderCheck } from './check-panel.js';
import { showError, errorNodeLabel } from './errors.js';
import { readUrlState, writeUrlState } from './url-state.js';
import { el } from './tables.js';
import { TrainView } from './train-view.js';
import { installOnnxPanel } from './onnx-panel.js';
import { engineModule } from './engine-module.js';
import { renderConsole } from './console-view.js';
import { setupShare } from './share.js';
import { framePoster } from './frame-messages.js';
import { StepperView } from './stepper-view.js';
import './stepper.css';

const $ = (id) => document.getElementById(id);
const initial = readUrlState();
const state = {
  example: findExample(initial.example) ? initial.example : (initial.code == null ? defaultExampleId : null),
  code: initial.code,                 // null while the example's own code is in the editor
  language: 'js',                     // 'js' | 'lua', the script's language (in the URL)
  node: initial.node,
  backward: initial.backward,
  step: initial.step,                 // the Step mode's place, "backward-4", or null
  view: null,                         // the last run's graph data
};
if (initial.embed) document.body.classList.add('embed');
state.language = initial.language ?? (findExample(state.example)?.language || 'js');
const frame = initial.embed ? framePoster() : null;

// The engine is compiled once for the page and handed to each run's fresh worker.
const runner = new Runner({ wasmModule: engineModule() });
const status = $('status');
const graph = new GraphView($('graph'), { onSelect: selectNode });
// The Step mode: replays forward and backward node by node; its place is kept in the URL.
const stepper = new StepperView({
  head: document.querySelector('.graph-card .card-head'),
  graphCard: document.querySelector('.graph-card'),
  graph,
  onChange(step) {
    state.step = step;
    saveUrl();
  },
  onPhase(phase) {
    if ((phase === 'backward') !== state.backward) setDirection(phase === 'backward');
  },
});
const trainView = new TrainView($('train-panel'), { send: (action, value) => runner.train(action, value) });
runner.onTrainProgress = (progress) => trainView.update(progress);

// Examples menu.
const select = $('example-select');
if (!state.example) select.append(new Option('(your code)', ''));
for (const e of examples) select.append(new Option(e.title, e.id));
select.value = state.example || '';
select.addEventListener('change', () => {
  const example = findExample(select.value);
  if (!example) return;
  state.example = example.id;
  state.code = null;
  state.node = null;
  setLanguage(example.language || 'js');
  editor.setCode(example.code); // onChange then sets state.code = null: the example as shipped
  showExplanation();
  run();
});

let urlTimer = null;
const editor = createEditor($('editor'), {
  doc: state.code ?? findExample(state.example).code,
  language: state.language,
  onRun: run,
  onChange(code) {
    const example = findExample(state.example);
    const wasEdited = state.code != null;
    state.code = example && example.code === code ? null : code;
    if (wasEdited !== (state.code != null)) showExplanation();  // the example's text, or "Your code"
    clearTimeout(urlTimer);
    urlTimer = setTimeout(saveUrl, 300);
  },
});

$('run').addEventListener('click', run);

// The JS | Lua switch: the language the editor highlights and the worker runs.
const languageSelect = $('language-select');
languageSelect.value = state.language;
languageSelect.addEventListener('change', () => {
  setLanguage(languageSelect.value);
  saveUrl();
  run();
});
function setLanguage(language) {
  state.language = language === 'lua' ? 'lua' : 'js';
  languageSelect.value = state.language;
  editor.setLanguage(state.language);
}
setupShare({ shareButton: $('share'), embedButton: $('embed'), panel: $('embed-panel'), getCode: () => editor.getCode(), getLanguage: () => state.language, note: $('share-note') });
$('check').addEventListener('click', check);
$('view-forward').addEventListener('click', () => setDirection(false));
$('view-backward').addEventListener('click', () => setDirection(true));

function saveUrl() {
  writeUrlState(state);
  const full = new URL(window.location.href);
  full.searchParams.delete('embed');
  $('open-full').href = full.toString();
}

function showExplanation() {
  const box = $('explanation');
  box.replaceChildren();
  const example = findExample(state.example);
  if (!example || state.code != null) {
    const from = example ? ` (edited from "${example.title}")` : '';
    box.append(el('h2', null, 'Your code'), el('p', null, `Edited code${from}, kept in the URL. Pick an example to start again.`));
    return;
  }
  box.append(el('h2', null, example.title), el('p', null, example.explanation));
}

function setStatus(kind, text, error) {
  status.dataset.state = kind;
  status.textContent = text;
  if (frame) frame.status(kind, error);
}

let runCount = 0;
async function run() {
  const code = editor.getCode();
  const runId = ++runCount;
  showExplanation();  // replaces an opened ONNX model's note
  setStatus('running', 'running…');
  $('check-panel').hidden = true;
  trainView.hide();  // a new run replaces the worker, and any training in it
  saveUrl();
  const result = await runner.run(code, state.language);
  if (runId !== runCount) return; // a newer run replaced this one
  await render(result);
  status.dataset.runs = String(runId);
  if (result.error) setStatus('error', 'stopped with an error', result.error);
  else setStatus('done', `done in ${result.elapsedMs ?? '?'} ms`);
}

async function render(result) {
  document.body.classList.toggle('has-console', renderConsole($('console'), result.logs));
  if (result.training) trainView.show(result.training);
  else trainView.hide();
  state.view = result.view || null;
  const view = state.view;
  const known = (id) => view && view.nodes.some((n) => n.id === id);
  if (!known(state.node)) state.node = null;

  graph.errorId = result.error ? result.error.nodeId ?? null : null;
  graph.selectedId = state.node;
  await drawGraph();
  stepper.setView(view, state.step);
  showError($('error-panel'), result.error, { nodeLabel: graph.hasNode(graph.errorId) && errorNodeLabel(result.error, view, graph) });
  if (result.error && result.error.line) editor.goToLine(result.error.line);
  renderNodePanel($('node-panel'), view, state.node, { onSelect: selectNode });
  renderGradients($('gradients'), view, { onSelect: selectNode });
  saveUrl();
}

async function drawGraph() {
  $('view-forward').setAttribute('aria-pressed', String(!state.backward));
  $('view-backward').setAttribute('aria-pressed', String(state.backward));
  const view = state.view;
  if (!view) {
    $('graph').replaceChildren(el('p', 'empty', 'No graph: the script did not build a gModule (or failed before it did).'));
    return;
  }
  await graph.render(state.backward ? view.dotBackward : view.dot);
}

function selectNode(id) {
  state.node = id;
  graph.select(id);
  renderNodePanel($('node-panel'), state.view, id, { onSelect: selectNode });
  saveUrl();
}

async function setDirection(backward) {
  state.backward = backward;
  await drawGraph();
  saveUrl();
}

async function check() {
  const panel = $('check-panel');
  panel.hidden = false;
  panel.replaceChildren(el('h2', null, 'Gradient check'), el('p', 'note', 'checking…'));
  const reply = await runner.check();
  const body = el('div');
  renderCheck(body, reply);
  panel.replaceChildren(el('h2', null, 'Gradient check'), body);
}

// Download ONNX / Open ONNX: an opened model is shown like a run's result.
installOnnxPanel($('onnx-controls'), {
  runner,
  async showResult(start, fileName) {
    const runId = ++runCount;
    $('explanation').replaceChildren(el('h2', null, `ONNX model: ${fileName}`), el('p', null,
      'Imported with fromONNX (nngraph-wasm/onnx) as a gModule, run on random inputs and back with a gradOutput of ones: the tables show where its gradients come from. Run (or pick an example) to go back to the script.'));
    setStatus('running', 'opening the model…');
    $('check-panel').hidden = true;
    trainView.hide();
    const result = await start();
    if (runId !== runCount) return;
    await render(result);
    status.dataset.runs = String(runId);
    setStatus(result.error ? 'error' : 'done', result.error ? 'the model could not be opened' : `model opened in ${result.elapsedMs ?? '?'} ms`);
  },
  showMessage: (error) => showError($('error-panel'), error),
});

showExplanation();
saveUrl();
run();
