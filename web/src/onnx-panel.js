// "Download ONNX" and "Open ONNX" in the top bar: the current graph out as an .onnx file, and an
// .onnx file in, shown like a run (graph, gradient tables) or with the sentence saying which
// operator it cannot take. The work happens in the worker (web/src/onnx-worker.js).
import { el } from './tables.js';

export function installOnnxPanel(container, { runner, showResult, showMessage }) {
  const download = el('button', null, 'Download ONNX');
  download.type = 'button';
  download.id = 'onnx-download';
  download.title = 'The current graph as an ONNX model (evaluate mode, batch dimension symbolic)';
  const open = el('button', null, 'Open ONNX');
  open.type = 'button';
  open.id = 'onnx-open';
  open.title = 'Import an .onnx model, run it on random inputs and show its gradients';
  const picker = document.createElement('input');
  picker.type = 'file';
  picker.accept = '.onnx,application/octet-stream';
  picker.id = 'onnx-file';
  picker.hidden = true;
  container.append(download, open, picker);

  download.addEventListener('click', async () => {
    const reply = await runner.exportONNX();
    if (reply.error) {
      showMessage(reply.error);
      return;
    }
    const url = URL.createObjectURL(new Blob([reply.bytes], { type: 'application/octet-stream' }));
    const link = el('a');
    link.href = url;
    link.download = 'graph.onnx';
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });

  open.addEventListener('click', () => picker.click());
  picker.addEventListener('change', async () => {
    const file = picker.files && picker.files[0];
    picker.value = '';
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    await showResult(() => runner.importONNX(bytes, file.name), file.name);
  });
}
