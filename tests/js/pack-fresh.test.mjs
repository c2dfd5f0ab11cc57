// `npm ci && npm pack` on a fresh clone, with nothing else run first (what `npm publish` does),
// gives a tarball that holds the engine and works on its own: the prepack script builds it.
// The "clone" is the work tree's tracked and untracked-but-not-ignored files (what a commit of
// it would hold), so the test sees uncommitted changes too; no build/, dist/ or node_modules.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readdirSync, mkdirSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
let dir, clone, app, tarball;

describe('npm ci && npm pack on a fresh clone', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nngraph-fresh-'));
    clone = join(dir, 'clone');
    app = join(dir, 'app');
    for (const file of run('git', ['ls-files', '-co', '--exclude-standard', '-z'], root).split('\0').filter(Boolean)) {
      if (!existsSync(join(root, file))) continue;  // deleted in the work tree
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      copyFileSync(join(root, file), join(clone, file));
    }
    assert.ok(!existsSync(join(clone, 'dist')) && !existsSync(join(clone, 'build')), 'the clone has no build outputs');
    run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], clone);
    run('npm', ['pack', '--pack-destination', dir, '--silent'], clone);
    tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    run('npm', ['install', join(dir, tarball), '--no-audit', '--no-fund', '--silent'], app);
  }, { timeout: 15 * 60 * 1000 });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  test('the tarball holds the engine and a manifest without scripts, and the clone keeps its own', () => {
    const files = run('tar', ['tzf', join(dir, tarball)], dir).trim().split('\n');
    for (const f of ['package/dist/nngraph_core.mjs', 'package/dist/nngraph_core.wasm', 'package/bindings/index.mjs', 'package/bindings/index.cjs'])
      assert.ok(files.includes(f), `${f} is in the tarball: ${files.join(' ')}`);
    const packed = JSON.parse(run('tar', ['xzf', join(dir, tarball), '-O', 'package/package.json'], dir));
    assert.equal(packed.scripts, undefined, 'no scripts that point at scripts/ (not shipped)');
    const kept = JSON.parse(run('cat', ['package.json'], clone));
    assert.ok(kept.scripts && kept.scripts.prepack, 'postpack restored the repository manifest');
    assert.ok(!existsSync(join(clone, 'package.json.orig')));
  });

  test('installed into an empty folder, it loads in Node through import and require', () => {
    writeFileSync(join(app, 'esm.mjs'), `
import { load } from 'nngraph-wasm';
const { torch, nn } = await load();
const y = nn.Linear(3, 2).forward(torch.ones(4, 3));
console.log('esm', y.shape.join('x'));
`);
    writeFileSync(join(app, 'cjs.cjs'), `
require('nngraph-wasm').load().then(({ torch, nn }) => console.log('cjs', nn.Tanh().forward(torch.zeros(2)).toArray().join(',')));
`);
    assert.equal(run('node', ['esm.mjs'], app).trim(), 'esm 4x2');
    assert.equal(run('node', ['cjs.cjs'], app).trim(), 'cjs 0,0');
  });
});
