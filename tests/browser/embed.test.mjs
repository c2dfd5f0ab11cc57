// nngraph-wasm/embed as a tutorial author uses it: the packed tarball (npm pack, installed into an
// empty folder), its dist/embed.js imported by a plain HTML page served by a plain static server
// (no bundler), then the same page built by Vite from `import 'nngraph-wasm/embed'`. Headless
// Chromium via playwright-core. Screenshots in test-output/: embed-760.png, embed-360.png (the
// three examples at both column widths), embed-bad-input.png, embed-vite-760.png.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readdirSync, readFileSync, existsSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';
import { serveStatic } from './static-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(root, 'test-output');
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

// The three examples. The failing one calls backward with the wrong input on its line 7.
const JS_SEED = `
      const in1 = nn.Identity()(), in2 = nn.Identity()();
      const score = nn.CAddTable()([nn.Linear(3, 5)(in1), nn.Linear(3, 5)(in2)]);
      const g = nn.gModule([in1, in2], [score]);
      const x = torch.rand(3, 3);
      const xp = nn.Linear(3, 3).forward(x);
      const y = g.forward([x, xp]);
      const gradients = g.backward([x, xp], torch.rand(...y.shape));
      print('backward returned', gradients.length, 'gradients');
    `;
const LUA_SEED = `
      require 'nngraph'
      input1 = nn.Identity()()
      input2 = nn.Identity()()
      score = nn.CAddTable()({nn.Linear(3, 5)(input1), nn.Linear(3, 5)(input2)})
      g = nn.gModule({input1, input2}, {score})
      x = torch.rand(3, 3); x_p = nn.Linear(3, 3):forward(x)
      result = g:forward({x, x_p})
      gradient = g:backward({x, x_p}, torch.rand(result:size()))
    `;
const JS_FAILING = `
      const in1 = nn.Identity()(), in2 = nn.Identity()();
      const score = nn.CAddTable()([nn.Linear(3, 5)(in1), nn.Linear(3, 5)(in2)]);
      const g = nn.gModule([in1, in2], [score]);
      const x = torch.rand(3, 3);
      const xp = nn.Linear(3, 3).forward(x);
      const y = g.forward([x, xp]);
      g.backward(x, torch.rand(...y.shape));
    `;
const FAILING_LINE = 7;
// Lua in the element needs the Lua front-end (bindings/lua.mjs) and the worker's Lua branch (it
// runs language: 'lua' with createLua); both come from another branch. Until the worker has it,
// the Lua example is left out of the checks rather than failing here.
const hasLua = existsSync(join(root, 'bindings', 'lua.mjs'))
  && /createLua/.test(readFileSync(join(root, 'web', 'src', 'worker.js'), 'utf8'));
const EXAMPLES = hasLua ? ['js', 'lua', 'fail'] : ['js', 'fail'];
const ON_PAGE = [...EXAMPLES, 'wide']; // 'wide': a 40-wide gradient, wider than any column

const page = (head, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<style>body { margin: 0; font-family: serif; } #column { max-width: 760px; margin: 0 auto; }</style>
${head}</head><body><main id="column">${body}</main></body></html>`;

const threeExamples = `
  <h1>Three examples</h1>
  <nngraph-example id="js" language="js" panels="code,graph,gradients,node,console">${JS_SEED}</nngraph-example>
  ${hasLua ? `<nngraph-example id="lua" language="lua" panels="code,graph,gradients">${LUA_SEED}</nngraph-example>` : ''}
  <nngraph-example id="fail" language="js" panels="code,graph">${JS_FAILING}</nngraph-example>
  <nngraph-example id="wide" panels="gradients">
    const x = nn.Identity()();
    const g = nn.gModule([x], [nn.Linear(3, 40)(x)]);
    show(g, torch.rand(3), torch.rand(40));
  </nngraph-example>`;

const XSS = '<img src=x onerror=alert(1)>';
const badInput = `
  <nngraph-example id="empty" language="js">   </nngraph-example>
  <nngraph-example id="badlang" language="python">print(1)</nngraph-example>
  <nngraph-example id="badpanels" panels="code,graphs">print(1)</nngraph-example>
  <nngraph-example id="throws" panels="code,graph,console">
    print('${XSS.replace(/</g, '&lt;')}');
    throw new Error('${XSS.replace(/</g, '&lt;')}');
  </nngraph-example>
  <nngraph-example id="markup" panels="graph,gradients">
    const x = nn.Identity()().annotate({ name: '&lt;b&gt;bold&lt;/b&gt;' });
    const g = nn.gModule([x], [nn.Tanh()(x)]);
    show(g, torch.rand(2), torch.ones(2));
  </nngraph-example>
  <nngraph-example id="endless" time-limit="2" panels="code">
    while (true) {}
  </nngraph-example>
  <nngraph-example id="huge" panels="graph,gradients">
    const x = nn.Identity()();
    let h = x;
    for (let i = 0; i &lt; 2000; i++) h = nn.Tanh()(h);
    const g = nn.gModule([x], [h]);
    show(g, torch.rand(3), torch.ones(3));
  </nngraph-example>
  <nngraph-example id="fine" panels="graph">${JS_SEED}</nngraph-example>
  <nngraph-example id="wrapped" panels="code,console">
    <script type="text/plain">
      const a = 1, b = 2;
      if (a < b && b > a) print('a < b && b > a');
    </script>
  </nngraph-example>`;

let dir, app, browser;

describe('<nngraph-example> from the packed tarball', () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nngraph-embed-'));
    app = join(dir, 'app');
    run('npm', ['pack', '--pack-destination', dir, '--silent'], root);
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    run('npm', ['install', join(dir, tarball), '--no-audit', '--no-fund', '--silent'], app);
    const script = '<script type="module" src="../node_modules/nngraph-wasm/dist/embed.js"></script>';
    mkdirSync(join(app, 'static'));
    writeFileSync(join(app, 'static', 'index.html'), page(script, threeExamples));
    writeFileSync(join(app, 'static', 'bad.html'), page(script, badInput));
    writeFileSync(join(app, 'static', 'one.html'), page(script,
      `<p>A tutorial's text.</p><div style="height: 3000px"></div>
       <nngraph-example id="js" language="js" panels="code,graph,gradients">${JS_SEED}</nngraph-example>`));
    mkdirSync(OUT, { recursive: true });
    browser = await launchChromium();
  });
  after(async () => {
    if (browser) await browser.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the package ships dist/embed.js with relative imports only, and the export ./embed', () => {
    const pkgDir = join(app, 'node_modules', 'nngraph-wasm');
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.exports['./embed'], { types: './bindings/embed.d.ts', default: './dist/embed.js' });
    const entry = readFileSync(join(pkgDir, 'dist', 'embed.js'), 'utf8');
    const specifiers = [...entry.matchAll(/(?:import|from)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]);
    assert.ok(specifiers.length > 0, 'the entry loads its parts lazily');
    for (const s of specifiers) assert.match(s, /^\.\.?\//, `bare import ${s} in dist/embed.js`);
    assert.ok(readdirSync(join(pkgDir, 'dist', 'embed')).some((f) => f.endsWith('.wasm')), 'the engine binary in dist/embed/');
  });

  test('a static page: a JS, a Lua and a failing example render; one engine fetch; fits 760 and 360 px', async () => {
    const server = await serveStatic(app);
    try {
      for (const width of [760, 360, 320]) {
        const { page: p, problems, requests, close } = await openPage(`${server.url}static/index.html`, width);
        try {
          await renderAll(p, ON_PAGE);
          await checkThreeExamples(p, width);
          assert.equal(requests.filter((u) => /nngraph_core[^/]*\.wasm/.test(u)).length, 1, `engine requests: ${requests.join(' ')}`);
          if (width !== 320) await p.screenshot({ path: join(OUT, `embed-${width}.png`), fullPage: true });
          assertClean(problems);
        } finally {
          await close();
        }
      }
    } finally {
      server.close();
    }
  });

  test('bad input: a readable message inside each element, markup from code stays text, the others unaffected', async () => {
    const server = await serveStatic(app);
    try {
      const { page: p, problems, close } = await openPage(`${server.url}static/bad.html`, 760);
      try {
        const ids = ['empty', 'badlang', 'badpanels', 'throws', 'markup', 'endless', 'huge', 'fine', 'wrapped'];
        await renderAll(p, ids, 60000);
        const info = await p.evaluate((list) => Object.fromEntries(list.map((id) => {
          const e = document.getElementById(id);
          const error = e.shadowRoot.querySelector('.error-panel');
          return [id, {
            status: e.getAttribute('status'),
            error: error && !error.hidden ? error.textContent : '',
            graph: e.shadowRoot.querySelector('.graph')?.textContent ?? '',
            console: e.shadowRoot.querySelector('.console')?.textContent ?? '',
            nodes: e.shadowRoot.querySelectorAll('.graph svg g.node').length,
            markup: e.shadowRoot.querySelectorAll('img, b').length,
            firstLine: e.shadowRoot.querySelector('.nge-line .nge-text')?.textContent ?? '',
          }];
        })), ids);
        assert.equal(info.empty.status, 'error');
        assert.match(info.empty.error, /has no code/);
        assert.equal(info.badlang.status, 'error');
        assert.match(info.badlang.error, /language="python" is not supported; use "js", "lua"/);
        assert.equal(info.badpanels.status, 'error');
        assert.match(info.badpanels.error, /"graphs", which is not a panel/);
        assert.equal(info.throws.status, 'error');
        assert.ok(info.throws.error.includes(XSS), info.throws.error);
        assert.match(info.throws.error, /at line 2 of the script/);
        assert.ok(info.throws.console.includes(XSS));
        assert.equal(info.throws.markup, 0);
        assert.equal(info.markup.status, 'done');
        assert.ok(info.markup.graph.includes('<b>bold</b>'), info.markup.graph);
        assert.equal(info.markup.markup, 0);
        assert.equal(info.endless.status, 'error');
        assert.match(info.endless.error, /ran for more than 2 s and was stopped/);
        assert.equal(info.huge.status, 'done', info.huge.error);
        assert.match(info.huge.graph, /2001 nodes: too many to draw here/);
        assert.equal(info.fine.status, 'done');
        assert.equal(info.fine.nodes, 5);
        // Code in a <script type="text/plain"> child: < and && as written, line 1 its first line.
        assert.equal(info.wrapped.status, 'done', info.wrapped.error);
        assert.equal(info.wrapped.console, 'a < b && b > a');
        assert.equal(info.wrapped.firstLine, 'const a = 1, b = 2;');
        await p.screenshot({ path: join(OUT, 'embed-bad-input.png'), fullPage: true });
        assertClean(problems);
      } finally {
        await close();
      }
    } finally {
      server.close();
    }
  });

  test('lazy: nothing heavy loads until the example nears the viewport; what one example transfers', async () => {
    const server = await serveStatic(app);
    try {
      const { page: p, problems, requests, close } = await openPage(`${server.url}static/one.html`, 760);
      try {
        await p.waitForFunction(() => document.getElementById('js')?.getAttribute('status') === 'loading');
        await p.waitForTimeout(500);
        assert.equal(await p.getAttribute('#js', 'status'), 'loading');
        assert.deepEqual(requests.filter((u) => /\.wasm$|worker|runtime|viz/.test(u)), [], 'heavy parts before scrolling');
        await renderAll(p, ['js']);
        // Each file the page fetched, gzipped as a static host would send it.
        let total = 0;
        const rows = [];
        for (const u of new Set(requests)) {
          const path = join(app, decodeURIComponent(new URL(u).pathname));
          if (!existsSync(path)) continue;
          const size = gzipSync(readFileSync(path), { level: 9 }).length;
          total += size;
          rows.push(`${(size / 1024).toFixed(1).padStart(8)} KB  ${new URL(u).pathname}`);
        }
        const report = `${rows.join('\n')}\n${(total / 1024).toFixed(1).padStart(8)} KB  total (gzip -9) for a page with one example\n`;
        writeFileSync(join(OUT, 'embed-transfer.txt'), report);
        console.log(report);
        assert.ok(total > 0);
        assertClean(problems);
      } finally {
        await close();
      }
    } finally {
      server.close();
    }
  });

  test('panels="train" opens the Train view, which trains in the worker; light and dark themes', async () => {
    writeFileSync(join(app, 'static', 'train.html'), page('<script type="module" src="../node_modules/nngraph-wasm/dist/embed.js"></script>', `
      <nngraph-example id="train" panels="code,train">
        const x = nn.Identity()();
        const g = nn.gModule([x], [nn.LogSoftMax()(nn.Linear(8, 2)(nn.Tanh()(nn.Linear(2, 8)(x))))]);
        train({ model: g, criterion: nn.ClassNLLCriterion(), data: 'xor', optimizer: 'adam', learningRate: 0.03 });
      </nngraph-example>
      <nngraph-example id="light" theme="light" panels="code">print(1)</nngraph-example>`));
    const server = await serveStatic(app);
    try {
      const { page: p, problems, close } = await openPage(`${server.url}static/train.html`, 760, { colorScheme: 'dark' });
      try {
        await renderAll(p, ['train', 'light']);
        assert.equal(await p.getAttribute('#train', 'status'), 'done');
        await p.locator('#train [data-testid="train-step"]').click();
        await p.waitForFunction(() => document.getElementById('train').shadowRoot.querySelector('.train-panel').dataset.step === '1');
        const colours = await p.evaluate(() => ['train', 'light'].map((id) => getComputedStyle(document.getElementById(id).shadowRoot.querySelector('.nge')).backgroundColor));
        assert.deepEqual(colours, ['rgb(17, 24, 39)', 'rgb(244, 245, 247)'], 'dark from prefers-color-scheme, light by attribute');
        assert.equal(await p.evaluate(() => document.head.querySelectorAll('style, link[rel="stylesheet"]').length), 1, 'no stylesheet added to the page');
        await p.screenshot({ path: join(OUT, 'embed-train-dark.png'), fullPage: true });
        assertClean(problems);
      } finally {
        await close();
      }
    } finally {
      server.close();
    }
  });

  test('the same page through a Vite build of an app that does import "nngraph-wasm/embed"', async () => {
    const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
    const src = join(app, 'vite-app');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'index.html'), page('<script type="module" src="./main.js"></script>', threeExamples));
    writeFileSync(join(src, 'main.js'), "import 'nngraph-wasm/embed';\n");
    run('node', [vite, 'build', src, '--base', './', '--logLevel', 'error', '--outDir', join(app, 'vite-dist'), '--emptyOutDir'], app);
    const server = await serveStatic(join(app, 'vite-dist'));
    try {
      const { page: p, problems, requests, close } = await openPage(`${server.url}index.html`, 760);
      try {
        await renderAll(p, ON_PAGE);
        await checkThreeExamples(p, 760);
        assert.equal(requests.filter((u) => /nngraph_core[^/]*\.wasm/.test(u)).length, 1, `engine requests: ${requests.join(' ')}`);
        await p.screenshot({ path: join(OUT, 'embed-vite-760.png'), fullPage: true });
        assertClean(problems);
      } finally {
        await close();
      }
    } finally {
      server.close();
    }
  });
});

async function openPage(url, width, options = {}) {
  const context = await browser.newContext({ viewport: { width, height: 800 }, ...options });
  const p = await context.newPage();
  const problems = { errors: [], dialogs: [], external: [] };
  const requests = [];
  p.on('pageerror', (e) => problems.errors.push(`pageerror: ${e.message}`));
  p.on('console', (m) => { if (m.type() === 'error') problems.errors.push(`console: ${m.text()}`); });
  p.on('dialog', (d) => { problems.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  // Requests of the page and of its workers (context-wide).
  context.on('request', (r) => {
    const u = r.url();
    if (u.startsWith('http://127.0.0.1:')) requests.push(u);
    else if (!u.startsWith('data:') && !u.startsWith('blob:')) problems.external.push(u);
  });
  await p.goto(url);
  return { page: p, problems, requests, close: () => context.close() };
}

// Scrolls to each element in turn (they start when near the viewport) and waits for its run.
async function renderAll(p, ids, timeout = 60000) {
  for (const id of ids) {
    await p.locator(`#${id}`).scrollIntoViewIfNeeded();
    await p.waitForFunction((i) => /^(done|error)$/.test(document.getElementById(i)?.getAttribute('status') || ''), id, { timeout });
  }
}

async function checkThreeExamples(p, width) {
  const info = await p.evaluate((ids) => Object.fromEntries(ids.map((id) => {
    const e = document.getElementById(id);
    const s = e.shadowRoot;
    const error = s.querySelector('.error-panel');
    return [id, {
      status: e.getAttribute('status'),
      nodes: [...s.querySelectorAll('.graph svg g.node')].map((g) => [...g.querySelectorAll('text')].map((t) => t.textContent).join('\n')),  // the label, not the tooltip
      captions: [...s.querySelectorAll('[data-testid^="grad-input-"] figcaption')].map((c) => c.textContent),
      error: error && !error.hidden ? error.textContent : '',
      errorLine: s.querySelector('.nge-error-line')?.dataset.line ?? null,
      console: s.querySelector('.console')?.textContent ?? '',
    }];
  })), EXAMPLES);
  for (const id of EXAMPLES.filter((e) => e !== 'fail')) {
    assert.equal(info[id].status, 'done', `${id}: ${info[id].error}`);
    assert.equal(info[id].nodes.length, 5, `${id}: ${info[id].nodes}`);
    const text = info[id].nodes.join('\n');
    assert.equal(text.match(/nn\.Identity/g).length, 2, text);
    assert.equal(text.match(/nn\.Linear/g).length, 2, text);
    assert.match(text, /nn\.CAddTable/);
    assert.deepEqual(info[id].captions, ['∂output/∂input1 (3×3)', '∂output/∂input2 (3×3)'], id);
  }
  assert.match(info.js.console, /backward returned 2 gradients/);
  assert.equal(info.fail.status, 'error');
  assert.match(info.fail.error, /backward expects the input of the last forward, a table of 2 \{3x3, 3x3\}, but got a tensor of size 3x3/);
  assert.match(info.fail.error, new RegExp(`at line ${FAILING_LINE} of the script`));
  assert.equal(info.fail.errorLine, String(FAILING_LINE));
  assert.equal(info.fail.nodes.length, 5);
  const wide = await p.evaluate(() => {
    const wrap = document.getElementById('wide').shadowRoot.querySelector('[data-testid^="grad-param-"][data-testid$="bias"] .heatmap-wrap');
    return { scroll: wrap.scrollWidth, client: wrap.clientWidth, cells: wrap.querySelectorAll('td').length };
  });
  assert.equal(wide.cells, 32, 'at most 32 columns shown');
  assert.ok(wide.scroll > wide.client, `the 40-wide gradBias scrolls inside its table (${wide.scroll} > ${wide.client})`);

  // The node panel follows a click in the graph (the selection stays in this element).
  await p.locator('#js .graph svg g.node').nth(2).click();
  await p.waitForFunction(() => document.getElementById('js').shadowRoot.querySelector('.node-panel [data-testid="node-output"]'));
  const nodePanel = await p.evaluate(() => document.getElementById('js').shadowRoot.querySelector('.node-panel').textContent);
  assert.match(nodePanel, /nn\.Linear/);
  assert.match(nodePanel, /gradOutput \(3×5\)/);

  // Fits the column: nothing pokes out of an element (a tensor wider than the column scrolls
  // inside its .heatmap-wrap), the page never scrolls sideways, and no box but a tensor's
  // scrolls inside the element.
  const fit = await p.evaluate(() => {
    const column = document.getElementById('column').getBoundingClientRect();
    const out = { pageOverflow: document.documentElement.scrollWidth - window.innerWidth, elements: [] };
    for (const e of document.querySelectorAll('nngraph-example')) {
      const host = e.getBoundingClientRect();
      const poking = [];
      const scrolling = [];
      for (const node of e.shadowRoot.querySelectorAll('*')) {
        if (node.closest('.heatmap-wrap') && !node.classList.contains('heatmap-wrap')) continue;
        if (node.closest('style') || node.tagName === 'STYLE') continue;
        const r = node.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        if (r.left < host.left - 1 || r.right > host.right + 1) poking.push(`${node.tagName}.${node.getAttribute('class')} ${Math.round(r.left)}..${Math.round(r.right)}`);
        const style = getComputedStyle(node);
        if (!node.classList.contains('heatmap-wrap') && node.scrollHeight > node.clientHeight + 1 && /auto|scroll/.test(style.overflowY)) scrolling.push(`${node.tagName}.${node.getAttribute('class')}`);
        if (!node.classList.contains('heatmap-wrap') && node.scrollWidth > node.clientWidth + 1 && /auto|scroll/.test(style.overflowX)) scrolling.push(`${node.tagName}.${node.getAttribute('class')} (sideways)`);
      }
      out.elements.push({ id: e.id, width: host.width, column: column.width, poking: poking.slice(0, 5), scrolling: scrolling.slice(0, 5) });
    }
    return out;
  });
  assert.ok(fit.pageOverflow <= 0, `the page scrolls sideways by ${fit.pageOverflow} px at ${width}`);
  for (const e of fit.elements) {
    assert.ok(e.width <= Math.min(width, 760) + 0.5, `${e.id} is ${e.width} px wide in a ${width} px page`);
    assert.deepEqual(e.poking, [], `${e.id} at ${width} px: boxes outside the element`);
    assert.deepEqual(e.scrolling, [], `${e.id} at ${width} px: inner scroll bars`);
  }
}

function assertClean(problems) {
  assert.deepEqual(problems.errors, [], 'no page or console errors');
  assert.deepEqual(problems.dialogs, [], 'no dialogs');
  assert.deepEqual(problems.external, [], 'nothing fetched from outside the local server');
}
