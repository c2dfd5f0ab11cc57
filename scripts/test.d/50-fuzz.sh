#!/usr/bin/env bash
# libFuzzer, bounded: each target (the saved-graph loader, random graphs) for 30 s from the
# committed corpus. Longer runs: scripts/fuzz.sh <seconds> (README, "Fuzzing").
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bash "$root/scripts/fuzz.sh" "${FUZZ_SECONDS:-30}"
