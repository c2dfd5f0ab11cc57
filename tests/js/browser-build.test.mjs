// Issue 13 item 15: a Vite build of an app that imports the package holds no Node-only import
// (Vite used to warn "Module node:fs/promises has been externalized for browser compatibility"),
// and still ships the engine's .wasm. The app resolves 'nngraph-wasm' as an installed package
// would (node_modules/nngraph-wasm -> this repository), through package.json's exports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let dir;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'nngraph-vite-app-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules', 'nngraph-wasm'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><pre id="out"></pre><script type="module" src="./main.js"></script>\n');
  writeFileSync(join(dir, 'main.js'), `import { load } from 'nngraph-wasm';
const { torch, nn } = await load();
document.getElementById('out').textContent = nn.Linear(3, 2).forward(torch.ones(4, 3)).shape.join('x');
`);
});
after(() => dir && rmSync(dir, { recursive: true, force: true }));

test('a Vite build of an app importing nngraph-wasm has no externalized Node module', () => {
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const run = spawnSync(process.execPath, [vite, 'build', dir, '--outDir', join(dir, 'dist'), '--emptyOutDir'], { cwd: dir, encoding: 'utf8' });
  const output = run.stdout + run.stderr;
  assert.equal(run.status, 0, `vite build failed:\n${output}`);
  assert.doesNotMatch(output, /externalized/i, `the build warned:\n${output}`);
  assert.doesNotMatch(output, /node:fs|node:path|node:module/, `the build mentions a Node module:\n${output}`);
  const assets = readdirSync(join(dir, 'dist', 'assets'));
  assert.ok(assets.some((f) => /^nngraph_core.*\.wasm$/.test(f)), `the engine's .wasm is shipped: ${assets.join(' ')}`);
  for (const file of assets.filter((f) => f.endsWith('.js'))) {
    const text = readFileSync(join(dir, 'dist', 'assets', file), 'utf8');
    assert.doesNotMatch(text, /["']node:fs\/promises["']/, `${file} imports node:fs/promises`);
  }
});
