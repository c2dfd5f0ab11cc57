#!/usr/bin/env bash
# The doctest suite under AddressSanitizer + UndefinedBehaviorSanitizer (leaks included). It is
# built by clang++-14 in the fuzzing build (build/fuzz, tests/fuzz/CMakeLists.txt), so one
# sanitized build of the engine serves this run and the fuzzers (50-fuzz.sh, which also replays
# the committed corpus under the sanitizers).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
build=${FUZZ_BUILD:-build/fuzz}
export CCACHE_BASEDIR="$root"
if [ ! -f "$build/CMakeCache.txt" ]; then
  CXX=clang++-14 cmake -S tests/fuzz -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" -j"${JOBS:-$(nproc)}"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:check_initialization_order=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
"$build/core_tests_asan"
