// The package.json that goes into the tarball (npm prepack / postpack, scripts/prepack.sh).
//   node scripts/pack-manifest.mjs strip     package.json -> package.json.orig; writes the packed one
//   node scripts/pack-manifest.mjs restore   package.json.orig -> package.json (if there is one)
// The packed manifest has no "scripts" (they run the repository's build and test scripts, which
// the package does not ship), and every file that "main", "types" and "exports" name must exist
// and be matched by "files": a tarball that points at a missing file fails here, not in a user's
// install.
import { readFileSync, writeFileSync, existsSync, renameSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = join(root, 'package.json');
const saved = join(root, 'package.json.orig');
const mode = process.argv[2];

if (mode === 'restore') {
  if (existsSync(saved)) renameSync(saved, manifest);
} else if (mode === 'strip') {
  const text = readFileSync(manifest, 'utf8');
  const pkg = JSON.parse(text);
  const named = [pkg.main, pkg.types, ...targets(pkg.exports)].filter(Boolean);
  const problems = [];
  for (const file of named) {
    const path = file.replace(/^\.\//, '');
    if (path === 'package.json') continue;
    if (!existsSync(join(root, path))) problems.push(`${file} does not exist (was it built?)`);
    else if (!pkg.files.some((pattern) => matches(pattern, path))) problems.push(`${file} is not matched by "files"`);
  }
  if (problems.length) {
    console.error(`prepack: package.json names files the tarball would not hold:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  writeFileSync(saved, text);
  delete pkg.scripts;
  writeFileSync(manifest, JSON.stringify(pkg, null, 2) + '\n');
} else {
  console.error('usage: node scripts/pack-manifest.mjs strip|restore');
  process.exit(2);
}

// every string leaf of the exports map (conditions nest)
function targets(exports) {
  if (typeof exports === 'string') return [exports];
  if (!exports || typeof exports !== 'object') return [];
  return Object.values(exports).flatMap(targets);
}

// npm's "files" patterns as this package writes them: a path, a folder, or a * within one segment
function matches(pattern, path) {
  const clean = pattern.replace(/^\.\//, '').replace(/\/$/, '');
  if (path === clean || path.startsWith(clean + '/')) return true;
  const regex = new RegExp('^' + clean.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*') + '$');
  return regex.test(path);
}
