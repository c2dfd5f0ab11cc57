#!/usr/bin/env bash
# Browser tests of the playground: builds the page, serves the production build on a free local
# port, runs tests/browser/*.test.mjs (playwright-core driving /usr/bin/chromium headless), and
# stops the server. Screenshots go to test-output/.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# npm test builds everything first (scripts/test.sh); run alone, build the engine only if missing.
[ -f dist/nngraph_core.wasm ] || bash scripts/build.sh wasm
node node_modules/vite/bin/vite.js build --config web/vite.config.mjs --logLevel warn
mkdir -p test-output

port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
node node_modules/vite/bin/vite.js preview --config web/vite.config.mjs \
  --host 127.0.0.1 --port "$port" --strictPort >test-output/preview.log 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:${port}/" >/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat test-output/preview.log >&2; exit 1; }
  sleep 0.1
done

PLAYGROUND_URL="http://127.0.0.1:${port}/" node --test --test-concurrency=1 tests/browser/*.test.mjs
