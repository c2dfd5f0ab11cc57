// The page's side of the sandbox: one module worker per run, a time limit, and promises for the
// replies. A script that hangs is stopped by terminating its worker; the page never blocks.

const TIME_LIMIT_MS = 15000;

export class Runner {
  constructor() {
    this.worker = null;
    this.pending = new Map();
    this.nextId = 1;
    this.onTrainProgress = null;  // (progress) => void, for snapshots the training loop sends
  }

  // Training controls for the worker of the last run: 'play', 'pause', 'step', 'reset',
  // 'optimizer', 'learningRate', 'dataset' (with a value). Replies arrive as onTrainProgress.
  train(action, value) {
    if (this.worker) this.worker.postMessage({ type: 'train', action, value });
  }

  // Runs code ('js' or 'lua') in a fresh worker; resolves with { logs, error, view, elapsedMs }.
  run(code, language = 'js') {
    this.startWorker();
    return this.request({ type: 'run', code, language }, 'result', true);
  }

  // Opens an ONNX model in a fresh worker (web/src/onnx-panel.js); resolves like run().
  importONNX(bytes, fileName) {
    this.startWorker();
    return this.request({ type: 'onnx-import', bytes, fileName }, 'result', true);
  }

  // The graph of the last run as ONNX bytes: resolves with { bytes } or { error }.
  exportONNX() {
    if (!this.worker) return Promise.resolve({ error: { name: 'Error', message: 'Download ONNX: run a script first.' } });
    return this.request({ type: 'onnx-export' }, 'onnx-bytes', true);
  }

  startWorker() {
    this.stop();
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.failAll(`The worker failed to start: ${event.message || 'could not load the engine'}`);
    };
  }

  // Numerical gradient check of the graph the last run displayed.
  check() {
    if (!this.worker) return Promise.resolve({ error: { name: 'Error', message: 'Run a script first.' } });
    return this.request({ type: 'check' }, 'check-result', true);
  }

  stop() {
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.failAll('The script was stopped because another run started.');
  }

  request(message, replyType, limited) {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = limited ? setTimeout(() => {
        this.pending.delete(id);
        if (this.worker) this.worker.terminate();
        this.worker = null;
        resolve({ error: { name: 'TimeoutError', message: `The script ran for more than ${TIME_LIMIT_MS / 1000} s and was stopped.`, line: null } });
      }, TIME_LIMIT_MS) : null;
      this.pending.set(id, { resolve, timer, replyType });
      this.worker.postMessage({ ...message, id });
    });
  }

  receive(data) {
    if (!data || typeof data !== 'object') return;
    if (data.type === 'train-progress') {
      if (this.onTrainProgress) this.onTrainProgress(data.progress);
      return;
    }
    const entry = this.pending.get(data.id);
    if (!entry) return;
    this.pending.delete(data.id);
    clearTimeout(entry.timer);
    if (data.type === 'fatal') entry.resolve({ error: data.error });
    else if (data.type === 'result') entry.resolve(data.result);
    else if (data.type === 'check-result') entry.resolve(data.error ? { error: data.error } : { check: data.check });
    else if (data.type === 'onnx-bytes') entry.resolve(data.error ? { error: data.error } : { bytes: data.bytes });
  }

  failAll(message) {
    for (const [id, entry] of this.pending) {
      clearTimeout(entry.timer);
      entry.resolve({ error: { name: 'Error', message, line: null } });
      this.pending.delete(id);
    }
  }
}
