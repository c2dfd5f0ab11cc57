#!/usr/bin/env bash
# Installs what the builds and tests need on a fresh Debian machine, and nothing when it is all
# there already (a few dpkg queries). Not root: prints the exact command to run instead.
set -euo pipefail

packages=(emscripten binaryen node-acorn libxsimd-dev doctest-dev cmake g++ clang-14 libclang-rt-14-dev chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "nngraph-wasm needs these Debian packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages (dev tools: vite, playwright-core, tfjs for the gradient oracle and benchmarks).
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# node_modules is current when it was installed from this very lock file (a stamp of its hash;
# modification times say nothing after a merge or a checkout).
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.nngraph-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" >node_modules/.nngraph-lock-hash
fi
