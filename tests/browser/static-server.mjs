// A plain static file server for page tests: python3's http.server on 127.0.0.1 and a free port
// (no bundler, no dev server: what a tutorial author's host does). It sends .wasm as
// application/wasm and .js as text/javascript. { cors: true } adds Access-Control-Allow-Origin: *,
// as hosts such as GitHub Pages send, for pages of another origin that load files from this one.
import { spawn } from 'node:child_process';

const CORS_SERVER = `
import http.server, sys
class Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header('Access-Control-Allow-Origin', '*')
        super().end_headers()
http.server.test(HandlerClass=Handler, port=0, bind='127.0.0.1')
`;

export async function serveStatic(dir, { cors = false } = {}) {
  const args = cors ? ['-c', CORS_SERVER] : ['-m', 'http.server', '0', '--bind', '127.0.0.1'];
  const server = spawn('python3', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
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
