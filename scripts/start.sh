#!/usr/bin/env bash
# `npm start`: installs what is missing, builds the engine as wasm and the playground page
# (Vite production build into build/web), and serves it on http://127.0.0.1:$PORT (default 8080).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
port=${PORT:-8080}
bash scripts/setup.sh
bash scripts/build.sh wasm
node node_modules/vite/bin/vite.js build --config web/vite.config.mjs --logLevel warn
echo "nngraph playground: http://127.0.0.1:${port}/"
exec node node_modules/vite/bin/vite.js preview --config web/vite.config.mjs \
  --host 127.0.0.1 --port "$port" --strictPort
