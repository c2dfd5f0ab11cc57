#!/usr/bin/env bash
# Builds the libFuzzer targets (clang++-14, ASan + UBSan, tests/fuzz) into build/fuzz and runs
# each for a bounded time, starting from the committed corpus tests/fuzz/corpus/<target>.
#   scripts/fuzz.sh                      every target, 30 s each
#   scripts/fuzz.sh 3600                 every target, an hour each
#   scripts/fuzz.sh 600 load_graph       one target
# New interesting inputs go to build/fuzz/corpus/<target>, crashes to build/fuzz/artifacts/.
# To keep the new inputs: merge them into the committed corpus (it stays minimal):
#   build/fuzz/fuzz_load_graph -merge=1 tests/fuzz/corpus/load_graph build/fuzz/corpus/load_graph
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(load_graph random_graph)

build=${FUZZ_BUILD:-build/fuzz}  # another folder keeps a second checkout's builds apart

export CCACHE_BASEDIR="$root"
if [ ! -f "$build/CMakeCache.txt" ]; then
  CXX=clang++-14 cmake -S tests/fuzz -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" -j"${JOBS:-$(nproc)}"
mkdir -p "$build/artifacts"

for target in "${targets[@]}"; do
  mkdir -p "$build/corpus/$target"
  dict=()
  [ -f "tests/fuzz/$target.dict" ] && dict=(-dict="tests/fuzz/$target.dict")
  log="$build/$target.log"
  echo "== fuzz_$target for ${seconds}s"
  # -rss_limit_mb: the targets lower the engine's tensor limit, so 2 GB means a leak or a bug.
  if ! "$build/fuzz_$target" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" "${dict[@]}" \
      "$build/corpus/$target" "tests/fuzz/corpus/$target" >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "fuzz_$target found a crash: see $log and $build/artifacts/" >&2
    exit 1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 || true)
  echo "fuzz_$target: $runs executions in ${seconds}s, $cov, no crash"
done
