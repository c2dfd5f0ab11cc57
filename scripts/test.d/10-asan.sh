#!/usr/bin/env bash
# The native doctest suite and the fuzz corpus replays under AddressSanitizer + UndefinedBehavior
# Sanitizer (g++, build/asan, RelWithDebInfo): any error report fails the run.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export CCACHE_BASEDIR="$root"
if [ ! -f build/asan/CMakeCache.txt ]; then
  cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNNG_SANITIZE=ON >/dev/null
fi
cmake --build build/asan -j"${JOBS:-$(nproc)}" --target core_tests fuzz_load_graph_replay fuzz_random_graph_replay
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:check_initialization_order=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build/asan --output-on-failure
