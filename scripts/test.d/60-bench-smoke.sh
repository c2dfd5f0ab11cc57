#!/usr/bin/env bash
# Keeps `npm run bench` working: every workload once at tiny sizes, through every contender
# that the trees scripts/build.sh made can provide (native nng_bench, wasm ceiling loop).
# No timing is asserted anywhere; a workload that throws fails the run.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
cmake -S . -B build/native >/dev/null && cmake --build build/native --target nng_bench >/dev/null
cmake -S . -B build/wasm >/dev/null && cmake --build build/wasm --target bench_ceiling >/dev/null
node bench/run.mjs --smoke --native-avx2=build/native/bench/nng_bench --ceiling=build/wasm/bench/bench_ceiling.wasm
