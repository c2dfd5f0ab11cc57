#!/usr/bin/env bash
# The JavaScript API suites (node:test): tests/js/*.test.mjs against dist/nngraph_core.mjs,
# which scripts/build.sh wasm has just rebuilt. --expose-gc lets the memory suite check the
# FinalizationRegistry fallback.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
if [ ! -f dist/nngraph_core.wasm ] || [ build/wasm/bindings/nngraph_core.wasm -nt dist/nngraph_core.wasm ]; then
  # a build tree configured before bindings/ existed needs a re-configure to know the target
  cmake -S . -B build/wasm >/dev/null
  cmake --build build/wasm --target nngraph_wasm
fi
node --expose-gc --test --test-reporter=spec tests/js/
