// A plain static file server for page tests: python3's http.server on 127.0.0.1 and a free port
// (no bundler, no dev server: what a tutorial author's host does). It sends .wasm as
// application/wasm and .js as text/javascript.
import { spawn } from 'node:child_process';

export async function serveStatic(dir) {
  const server = spawn('python3', ['-m', 'http.server', '0', '--bind', '127.0.0.1'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk) => {
      seen += chunk;
      const m = /port (\d+)/.exec(seen);
      if (m) resolve(Number(m[1]));
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('exit', (code) => reject(new Error(`http.server exited (${code}): ${seen}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, close: () => server.kill() };
}
