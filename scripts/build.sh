#!/usr/bin/env bash
# Builds the engine natively (g++, AVX2/FMA) and as WebAssembly (em++, SIMD128), incrementally.
#   scripts/build.sh            both
#   scripts/build.sh native     only the native build (build/native)
#   scripts/build.sh wasm       only the wasm build (build/wasm), which also emits the npm module
#   scripts/build.sh engine     only the npm module of the wasm build (dist/; what npm pack ships)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
what=${1:-all}
jobs=${JOBS:-$(nproc)}

if [ "$what" = all ] || [ "$what" = native ]; then
  [ -f build/native/CMakeCache.txt ] || cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/native -j"$jobs"
fi
if [ "$what" = all ] || [ "$what" = wasm ] || [ "$what" = engine ]; then
  [ -f build/wasm/CMakeCache.txt ] || emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
  target=()
  [ "$what" = engine ] && target=(--target nngraph_wasm)
  cmake --build build/wasm -j"$jobs" "${target[@]}"
fi
