#!/usr/bin/env bash
# `npm run bench`: builds what bench/run.mjs compares, then runs it (arguments are passed on,
# e.g. --only=gemm,seed --rounds=7). Writes bench/RESULTS.md and bench/results.json.
#   build/bench-wasm     the npm module (SIMD128, copied to dist/) and bench_ceiling.wasm
#   build/bench-nosimd   the same engine with NNG_WASM_SIMD=OFF (not copied to dist/)
#   build/bench-sse      native nng_bench, NNG_NATIVE_SSE=ON (128-bit: the code wasm gets)
#   build/bench-native   native nng_bench, AVX2+FMA
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CCACHE_BASEDIR="$root"
jobs=${JOBS:-$(nproc)}
[ -f build/bench-nosimd/CMakeCache.txt ] || emcmake cmake -S . -B build/bench-nosimd -DCMAKE_BUILD_TYPE=Release -DNNG_WASM_SIMD=OFF >/dev/null
# the no-SIMD engine is optional: if it does not build, the run reports it missing
cmake -S . -B build/bench-nosimd >/dev/null  # trees made before bench/ existed learn its targets
cmake --build build/bench-nosimd -j"$jobs" --target nngraph_wasm ||
  { echo "bench: the no-SIMD wasm build failed; running without it" >&2; rm -f build/bench-nosimd/bindings/nngraph_core.{mjs,wasm}; }
[ -f build/bench-wasm/CMakeCache.txt ] || emcmake cmake -S . -B build/bench-wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake -S . -B build/bench-wasm >/dev/null  # trees made before bench/ existed learn its targets
cmake --build build/bench-wasm -j"$jobs" --target nngraph_wasm bench_ceiling
[ -f build/bench-sse/CMakeCache.txt ] || cmake -S . -B build/bench-sse -DCMAKE_BUILD_TYPE=Release -DNNG_NATIVE_SSE=ON >/dev/null
cmake -S . -B build/bench-sse >/dev/null  # trees made before bench/ existed learn its targets
cmake --build build/bench-sse -j"$jobs" --target nng_bench
[ -f build/bench-native/CMakeCache.txt ] || cmake -S . -B build/bench-native -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake -S . -B build/bench-native >/dev/null  # trees made before bench/ existed learn its targets
cmake --build build/bench-native -j"$jobs" --target nng_bench
node bench/run.mjs "$@"
