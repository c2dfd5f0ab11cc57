#!/usr/bin/env bash
# nngraph-wasm/embed: dist/embed.js and its lazy chunks in dist/embed/ (web/vite.embed.config.mjs),
# built after the engine (scripts/build.sh engine), whose .wasm it ships. Old chunks are removed
# first: their names carry content hashes, and the package ships the whole folder.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
rm -rf dist/embed dist/embed.js
node node_modules/vite/bin/vite.js build --config web/vite.embed.config.mjs --logLevel warn
