// Packaging: `npm pack` gives a tarball that works when installed into an empty folder, through
// `import` (the seed example, unchanged) and through `require`.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, copyFileSync, readdirSync } from 'node:fs';
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
    for (const f of ['bindings/index.mjs', 'bindings/index.cjs', 'bindings/index.d.ts', 'dist/nngraph_core.mjs', 'package.json'])
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
});
