#!/usr/bin/env bash
# `npm run build:site`: the deployable site in build/site/ (or $SITE_DIR), static files only:
#   index.html ...        the playground (Vite base './': works under any sub-path)
#   embed/index.html      a demo page with three <nngraph-example> elements
#   embed/embed.js, embed/embed/...   nngraph-wasm/embed exactly as the package ships it
# Copy the folder to any static host (GitHub Pages, a bucket, python3 -m http.server).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=${SITE_DIR:-build/site}
case "$out" in /*) ;; *) out="$root/$out" ;; esac
bash scripts/setup.sh
bash scripts/build.sh engine
node node_modules/vite/bin/vite.js build --config web/vite.config.mjs --logLevel warn --outDir "$out" --emptyOutDir
bash scripts/pack.d/20-embed.sh
mkdir -p "$out/embed"
cp dist/embed.js "$out/embed/embed.js"
cp -r dist/embed "$out/embed/embed"
cp web/embed/index.html "$out/embed/index.html"
echo "site: $out (serve it from any path, e.g. python3 -m http.server -d $out)"
