// bindings/index.d.ts: a usage file of the documented API type-checks under strict TypeScript
// (resolved through the package's exports map), and misuse marked @ts-expect-error is rejected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
const project = fileURLToPath(new URL('./types/tsconfig.json', import.meta.url));

test('index.d.ts type-checks the documented API (tsc --noEmit, strict)', { skip: !existsSync(tsc) && 'typescript is a devDependency: run npm ci' }, () => {
  try {
    execFileSync('node', [tsc, '-p', project], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    assert.fail(`tsc reported:\n${e.stdout}${e.stderr}`);
  }
});
