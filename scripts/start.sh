#!/usr/bin/env bash
# `npm start`: builds what is needed and runs the seed example (until the playground lands).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh
bash scripts/build.sh native
./build/native/seed_example
