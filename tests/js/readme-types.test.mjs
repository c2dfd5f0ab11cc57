// The README's JavaScript type-checks against bindings/index.d.ts (tsc --noEmit, strict): every
// ```js block of README.md becomes a module of its own, with the names a fragment uses but does not
// define (x, g, logProbs, ...) declared with the types they stand for. And nn's factories are
// typed one by one: every module and criterion the engine registers has a declaration (so a
// misspelt factory such as nn.Lienar does not compile: tests/js/types/factories-usage.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ng } from './helpers.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsc = `${root}node_modules/typescript/bin/tsc`;
const readme = readFileSync(`${root}README.md`, 'utf8');
const declarations = readFileSync(`${root}bindings/index.d.ts`, 'utf8');

// What the fragments take as given, and its type.
const given = {
  ng: 'NNGraph', torch: "NNGraph['torch']", nn: "NNGraph['nn']", optim: "NNGraph['optim']",
  x: 'Tensor', gradOutput: 'Tensor', logProbs: 'Tensor', targets: 'Tensor', w: 'Tensor',
  loss: 'number', feval: 'Feval', state: 'OptimState', config: 'AdagradConfig',
  model: 'Module', m: 'Module', a: 'Module', b: 'Module', g: 'GraphModule',
};

export function readmeBlocks(text) {
  const blocks = [];
  const re = /^```js\n([\s\S]*?)^```/gm;
  let match;
  while ((match = re.exec(text))) blocks.push({ code: match[1], line: text.slice(0, match.index).split('\n').length + 1 });
  return blocks;
}

// Names a block declares itself: const/let/var (also destructured), function, import.
function declaredNames(code) {
  const names = new Set();
  for (const [, list] of code.matchAll(/\b(?:const|let|var)\s+([\[{][^\]}=]*[\]}]|[A-Za-z_$][\w$]*)/g))
    for (const [name] of list.matchAll(/[A-Za-z_$][\w$]*/g)) names.add(name);
  for (const [, list] of code.matchAll(/\bimport\s+([^'"]*?)\s+from\b/g))
    for (const [name] of list.matchAll(/[A-Za-z_$][\w$]*/g)) names.add(name);
  return names;
}

function moduleFor({ code, line }) {
  const own = declaredNames(code);
  const free = Object.keys(given).filter((name) => !own.has(name) && new RegExp(`\\b${name.replace('$', '\\$')}\\b`).test(code));
  const header = [
    `// README.md line ${line}`,
    /from 'node:/.test(code) ? '/// <reference types="node" />' : '',
    free.length ? "import type { NNGraph, Tensor, Module, GraphModule, Feval, OptimState, AdagradConfig } from 'nngraph-wasm';" : '',
    ...free.map((name) => `declare const ${name}: ${given[name]};`),
  ].filter(Boolean);
  return `${header.join('\n')}\n${code}\nexport {};\n`;
}

test('README.md: every ```js block type-checks (tsc --noEmit, strict)', { skip: !existsSync(tsc) && 'typescript is a devDependency: run npm ci' }, () => {
  const blocks = readmeBlocks(readme);
  assert.ok(blocks.length >= 10, `README.md has ${blocks.length} js blocks`);
  const dir = `${root}test-output/readme-types`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = blocks.map((block, i) => {
    const name = `block-${String(i + 1).padStart(2, '0')}.mts`;
    writeFileSync(`${dir}/${name}`, moduleFor(block));
    return name;
  });
  const base = JSON.parse(readFileSync(`${root}tests/js/types/tsconfig.json`, 'utf8'));
  writeFileSync(`${dir}/tsconfig.json`, JSON.stringify({ compilerOptions: { ...base.compilerOptions, types: [] }, files }, null, 2));
  try {
    execFileSync('node', [tsc, '-p', `${dir}/tsconfig.json`], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    // name each error by its README line: "block-03.mts(4,1)" -> README.md line of the block + 3
    const report = `${e.stdout}${e.stderr}`.replace(/block-(\d+)\.mts\((\d+),(\d+)\)/g, (all, b, l, c) => {
      const block = blocks[Number(b) - 1];
      const headerLines = moduleFor(block).split('\n').length - block.code.split('\n').length - 1;
      return `README.md:${block.line + Number(l) - 1 - headerLines}:${c}`;
    });
    assert.fail(`tsc reported:\n${report}`);
  }
});

test("index.d.ts declares a factory for every module and criterion the engine registers", () => {
  const nnBlock = declarations.slice(declarations.indexOf('export interface NN {'));
  const missing = [...ng.info.modules, ...ng.info.criterions].filter((name) => !new RegExp(`\\n  ${name}(<[^>]*>)?\\(`).test(nnBlock));
  assert.deepEqual(missing, [], `bindings/index.d.ts has no typed nn.${missing[0]}(...): add it to interface NN with Torch's constructor arguments`);
  assert.doesNotMatch(nnBlock.slice(0, nnBlock.indexOf('\n}\n')), /\[factory: string\]/, 'no index signature: a misspelt factory must not compile');
});
