#!/usr/bin/env bash
# `npm test`: installs what is missing, builds both targets, runs every test suite.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh
bash scripts/build.sh

echo "== native doctest (g++, AVX2/FMA)"
ctest --test-dir build/native --output-on-failure
echo "== wasm doctest (em++, SIMD128, under node)"
ctest --test-dir build/wasm --output-on-failure
count=$(wasm-dis build/wasm/core_tests.wasm | grep -c 'f32x4' || true)
echo "wasm f32x4 instructions in core_tests.wasm: $count"
[ "$count" -gt 0 ] || { echo "the wasm build contains no f32x4 SIMD instructions" >&2; exit 1; }

for suite in scripts/test.d/*.sh; do
  [ -e "$suite" ] || continue
  echo "== $suite"
  bash "$suite"
done
