// The README's "Implemented:" list is exact: every module and criterion the engine registers is
// listed, and nothing listed is missing from the registry (issue 14's "the README's module list
// is exact"). The list is read from the README itself, so an edit to either side that forgets
// the other fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { info } from './helpers.mjs';

test('README: the "Implemented:" list names exactly the registered modules and criterions', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('Implemented: ');
  assert.ok(start >= 0, 'README.md has an "Implemented:" paragraph');
  const end = readme.indexOf('`ng.info.modules`', start);
  assert.ok(end > start, 'the paragraph ends at `ng.info.modules`');
  const text = readme.slice(start + 'Implemented: '.length, end).replace(/\.\s*$/, '');
  const listed = text.split(/[,;]/).map((s) => s.trim()).filter(Boolean);
  for (const name of listed) assert.match(name, /^[A-Z][A-Za-z0-9]*$/, `"${name}" in the README list is not a module name`);
  const duplicates = listed.filter((n, i) => listed.indexOf(n) !== i);
  assert.deepEqual(duplicates, [], 'names listed twice');
  // nn.gModule is the graph itself, described in its own section
  const registered = [...info.modules, ...info.criterions].filter((n) => n !== 'gModule');
  const missingFromReadme = registered.filter((n) => !listed.includes(n));
  const notRegistered = listed.filter((n) => !registered.includes(n));
  assert.deepEqual(missingFromReadme, [], 'registered but not in the README list');
  assert.deepEqual(notRegistered, [], 'in the README list but not registered');
});
