#!/usr/bin/env bash
# `npm pack` / `npm publish` run this first (package.json "prepack"), so a tarball made on a fresh
# clone (`npm ci && npm pack`, nothing else run) holds the engine: it installs what the build needs,
# builds the wasm engine into dist/, runs each scripts/pack.d/*.sh (the other shipped entries),
# then writes the package.json that goes into the tarball (scripts/pack-manifest.mjs: no "scripts",
# every path it names checked to be shipped). "postpack" puts the repository's package.json back.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
node scripts/pack-manifest.mjs restore   # a pack that was interrupted left the stripped one
bash scripts/setup.sh >&2
bash scripts/build.sh engine >&2
for step in scripts/pack.d/*.sh; do
  [ -e "$step" ] || continue
  bash "$step" >&2
done
node scripts/pack-manifest.mjs strip
