// The page's side of the sandbox: one module worker per run, a time limit, and promises for the
// replies. A script that hangs is stopped by terminating its worker; the page never blocks.

const TIME_LIMIT_MS = 15000;

// A page may only start workers from its own origin. When this file came from another origin (a
// tutorial's page loading a deployed site's embed/embed.js), the worker starts from a same-origin
// blob that imports the real worker script (the host must allow CORS, as it must for embed.js).
// The name Worker is shadowed on purpose: bundlers recognise the literal
// `new Worker(new URL('./worker.js', import.meta.url))` below and bundle the worker file.
const PageWorker = globalThis.Worker || class { constructor() { throw new Error('Web Workers are not available here'); } };
const blobUrls = new Map();
class Worker extends PageWorker {
  constructor(url, options) {
    const href = String(url);
    if (typeof location === 'undefined' || new URL(href, location.href).origin === location.origin) {
      super(url, options);
      return;
    }
    if (!blobUrls.has(href)) {
      const source = `import ${JSON.stringify(href)};`;
      blobUrls.set(href, URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
    }
    super(blobUrls.get(href), options);
  }
}

export class Runner {
  // options.timeLimitMs: how long a run may take (default 15 s). options.wasmModule: a promise of
  // the engine compiled once on the page, handed to each worker instead of a fetch per worker.
  // options.luaWasmUrl: where the worker finds the Lua VM's binary, when the page knows better.
  constructor({ timeLimitMs = TIME_LIMIT_MS, wasmModule = null, luaWasmUrl = null } = {}) {
    this.timeLimitMs = timeLimitMs;
    this.wasmModule = wasmModule;
    this.luaWasmUrl = luaWasmUrl;
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
  async run(code, language = 'js') {
    const failed = await this.startWorker();
    return failed ?? this.request({ type: 'run', code, language }, 'result', true);
  }

  // Opens an ONNX model in a fresh worker (web/src/onnx-panel.js); resolves like run().
  async importONNX(bytes, fileName) {
    const failed = await this.startWorker();
    return failed ?? this.request({ type: 'onnx-import', bytes, fileName }, 'result', true);
  }

  // The graph of the last run as ONNX bytes: resolves with { bytes } or { error }.
  exportONNX() {
    if (!this.worker) return Promise.resolve({ error: { name: 'Error', message: 'Download ONNX: run a script first.' } });
    return this.request({ type: 'onnx-export' }, 'onnx-bytes', true);
  }

  // A fresh worker, handed the engine the page compiled once; resolves with null, or with an
  // error result when the engine could not be loaded.
  async startWorker() {
    this.stop();
    let wasmModule = null;
    if (this.wasmModule) {
      try {
        wasmModule = await this.wasmModule;
      } catch (e) {
        return { error: { name: 'Error', message: `The engine could not be loaded: ${e && e.message ? e.message : e}`, line: null } };
      }
    }
    this.stop(); // another run may have started while the engine was compiling
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.failAll(`The worker failed to start: ${event.message || 'could not load the engine'}`);
    };
    if (wasmModule || this.luaWasmUrl) this.worker.postMessage({ type: 'engine', wasmModule, luaWasmUrl: this.luaWasmUrl && String(this.luaWasmUrl) });
    return null;
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
        resolve({ error: { name: 'TimeoutError', message: `The script ran for more than ${this.timeLimitMs / 1000} s and was stopped.`, line: null } });
      }, this.timeLimitMs) : null;
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
