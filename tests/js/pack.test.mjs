// Packaging: `npm pack` gives a tarball that works when installed into an empty folder, through
// `import` (the seed example, unchanged) and through `require`; in headless Chromium from a plain
// <script type="module"> page and from a minimal Vite production build.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, copyFileSync, readdirSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let dir, app;
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('npm package', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nngraph-pack-'));
    app = join(dir, 'app');
    run('npm', ['pack', '--pack-destination', dir, '--silent'], root);
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    run('mkdir', ['-p', app], dir);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    run('npm', ['install', join(dir, tarball), '--no-audit', '--no-fund', '--silent'], app);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the tarball holds the facade, the types and the engine, nothing else of the repo', () => {
    const files = run('find', ['node_modules/nngraph-wasm', '-type', 'f'], app).trim().split('\n').map((f) => f.replace('node_modules/nngraph-wasm/', '')).sort();
    for (const f of ['bindings/index.mjs', 'bindings/index.cjs', 'bindings/index.d.ts', 'dist/nngraph_core.mjs', 'dist/nngraph_core.wasm', 'package.json'])
      assert.ok(files.includes(f), `${f} in ${files}`);
    assert.ok(!files.some((f) => f.startsWith('core/') || f.startsWith('tests/') || f.startsWith('web/')), files.join(' '));
  });

  test('ESM: the seed example runs against the installed package', () => {
    copyFileSync(join(root, 'examples', 'seed.mjs'), join(app, 'seed.mjs'));
    const out = run('node', ['seed.mjs'], app);
    assert.match(out, /returned a table of 2 tensors, one per input/);
    assert.match(out, /∂score\/∂input1/);
    assert.match(out, /∂score\/∂input2/);
    assert.match(out, /backward expects the input of the last forward, a table of 2 \{3x3, 3x3\}, but got a tensor of size 3x3/);
  });

  test('CJS: require() and load() run the seed graph', () => {
    writeFileSync(join(app, 'seed.cjs'), `
const { load } = require('nngraph-wasm');
load().then(({ torch, nn }) => {
  const in1 = nn.Identity()(), in2 = nn.Identity()();
  const g = nn.gModule([in1, in2], [nn.CAddTable()([nn.Linear(3, 5)(in1), nn.Linear(3, 5)(in2)])]);
  const x = torch.rand(3, 3), xp = nn.Linear(3, 3).forward(x);
  const y = g.forward([x, xp]);
  const gi = g.backward([x, xp], torch.rand(...y.shape));
  console.log('gradients:', gi.length, gi.map((t) => t.shape.join('x')).join(' '));
  try { g.backward(x, torch.rand(3, 5)); } catch (e) { console.log('error:', e.message); }
});
`);
    const out = run('node', ['seed.cjs'], app);
    assert.match(out, /gradients: 2 3x3 3x3/);
    assert.match(out, /error: .*backward expects the input of the last forward/);
  });

  test('TypeScript types resolve through the exports map', () => {
    const pkg = JSON.parse(run('cat', ['node_modules/nngraph-wasm/package.json'], app));
    assert.equal(pkg.exports['.'].types, './bindings/index.d.ts');
    assert.equal(pkg.types, './bindings/index.d.ts');
  });

  // The seed in a page: writes "OK <n gradients> | <error message>" into #out.
  const pageScript = `
    const out = document.getElementById('out');
    try {
      const { torch, nn } = await load();
      const in1 = nn.Identity()(), in2 = nn.Identity()();
      const g = nn.gModule([in1, in2], [nn.CAddTable()([nn.Linear(3, 5)(in1), nn.Linear(3, 5)(in2)])]);
      const x = torch.rand(3, 3), xp = nn.Linear(3, 3).forward(x);
      const y = g.forward([x, xp]);
      const gi = g.backward([x, xp], torch.rand(...y.shape));
      let message = 'no error';
      try { g.backward(x, torch.rand(3, 5)); } catch (e) { message = e.message; }
      out.textContent = 'OK ' + gi.length + ' | ' + message;
    } catch (e) {
      out.textContent = 'FAILED ' + e.message;
    }`;

  const chromiumOptions = existsSync('/usr/bin/chromium') ? {} : { skip: 'needs /usr/bin/chromium' };

  test('a plain page with <script type="module"> (import map to the installed package)', chromiumOptions, async () => {
    const page = join(app, 'plain');
    mkdirSync(page, { recursive: true });
    writeFileSync(join(page, 'index.html'), `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "nngraph-wasm": "../node_modules/nngraph-wasm/bindings/index.mjs" } }</script>
</head><body><pre id="out">pending</pre>
<script type="module">import { load } from 'nngraph-wasm';${pageScript}</script></body></html>`);
    const text = await servePage(app, 'plain/index.html');
    assert.match(text, /OK 2 \| .*backward expects the input of the last forward/);
  });

  test('a minimal Vite app: production build runs in headless Chromium', chromiumOptions, async () => {
    const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
    assert.ok(existsSync(vite), 'vite is a devDependency: run npm ci');
    const src = join(app, 'vite-app');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'index.html'), `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head>
<body><pre id="out">pending</pre><script type="module" src="./main.js"></script></body></html>`);
    writeFileSync(join(src, 'main.js'), `import { load } from 'nngraph-wasm';\n${pageScript}\n`);
    run('node', [vite, 'build', src, '--base', './', '--logLevel', 'error', '--outDir', join(app, 'vite-dist'), '--emptyOutDir'], app);
    const text = await servePage(app, 'vite-dist/index.html');
    assert.match(text, /OK 2 \| .*backward expects the input of the last forward/);
  });
});

// Serves `dir` on 127.0.0.1 and returns the text of #out once headless Chromium has run the page.
async function servePage(dir, path) {
  const server = spawn('python3', ['-m', 'http.server', '0', '--bind', '127.0.0.1'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const port = await new Promise((resolve, reject) => {
      let seen = '';
      const onData = (chunk) => {
        seen += chunk;
        const m = /port (\d+)/.exec(seen);
        if (m) resolve(Number(m[1]));
      };
      server.stdout.on('data', onData);
      server.stderr.on('data', onData);
      server.on('exit', (code) => reject(new Error(`http.server exited (${code}): ${seen}`)));
    });
    // playwright-core drives the system Chromium (never a downloaded browser) and waits for the
    // page's script, however long the machine takes to compile the wasm.
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic'] });
    try {
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`http://127.0.0.1:${port}/${path}`);
      await page.waitForFunction(() => document.getElementById('out')?.textContent !== 'pending', null, { timeout: 60000 });
      const text = await page.textContent('#out');
      return errors.length ? `${text} (page errors: ${errors.join('; ')})` : text;
    } finally {
      await browser.close();
    }
  } finally {
    server.kill();
  }
}
