// The deployable site (`npm run build:site`), built into a folder served by a plain static
// server under a sub-path (/docs/nngraph/, as on GitHub Pages): the playground runs there, its
// Embed button gives snippets that work when pasted into another page (the element, and the
// iframe form with its postMessage contract), ?embed=1 shows the error and the console, and the
// embed/ demo page renders its three examples. Screenshots in test-output/: site-embed-demo.png,
// site-iframe.png.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';
import { serveStatic } from './static-server.mjs';
import { findExample } from '../../web/src/examples.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(root, 'test-output');
const SUB = 'docs/nngraph/';
// Lua in the element needs the Lua front-end (bindings/lua.mjs) and the worker's Lua branch (it
// runs language: 'lua' with createLua); both come from another branch. Until the worker has it,
// the Lua example is left out of the checks rather than failing here.
const hasLua = existsSync(join(root, 'bindings', 'lua.mjs'))
  && /createLua/.test(readFileSync(join(root, 'web', 'src', 'worker.js'), 'utf8'));
let www, server, author, browser;

describe('the built site under a sub-path', () => {
  before(async () => {
    www = mkdtempSync(join(tmpdir(), 'nngraph-site-'));
    execFileSync('bash', ['scripts/build-site.sh'], { cwd: root, env: { ...process.env, SITE_DIR: join(www, SUB) }, stdio: ['ignore', 'pipe', 'pipe'] });
    mkdirSync(join(www, 'other'), { recursive: true });
    mkdirSync(OUT, { recursive: true });
    server = await serveStatic(www, { cors: true });
    // A tutorial elsewhere: another origin (another port), whose page loads the site's embed.js.
    mkdirSync(join(www, 'author'));
    author = await serveStatic(join(www, 'author'));
    browser = await launchChromium();
  });
  after(async () => {
    if (browser) await browser.close();
    if (server) server.close();
    if (author) author.close();
    if (www) rmSync(www, { recursive: true, force: true });
  });

  test('the site holds the playground, the demo page and the embed module', () => {
    for (const f of ['index.html', 'embed/index.html', 'embed/embed.js', 'embed/embed']) assert.ok(existsSync(join(www, SUB, f)), f);
  });

  test('the playground runs from the sub-path; Embed gives an element snippet that works in another page', async () => {
    const { page, problems, requests, close } = await openPage(`${server.url}${SUB}`);
    try {
      await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'done', null, { timeout: 60000 });
      assert.equal(await page.locator('#graph svg g.node').count(), 5);
      // A second run gets a fresh worker but not a second fetch of the engine.
      await page.click('#run');
      await page.waitForFunction(() => document.getElementById('status').dataset.runs === '2' && document.getElementById('status').dataset.state === 'done', null, { timeout: 60000 });
      assert.equal(requests.filter((u) => /\.wasm$/.test(u)).length, 1, requests.join(' '));
      await page.click('#embed');
      const element = await page.inputValue('[data-testid="snippet-element"]');
      const iframe = await page.inputValue('[data-testid="snippet-iframe"]');
      assert.ok(element.startsWith(`<script type="module" src="${server.url}${SUB}embed/embed.js"></script>`), element);
      assert.match(element, /<nngraph-example language="js" panels="code,graph,gradients">/);
      assert.match(iframe, new RegExp(`<iframe src="${server.url}${SUB}\\?embed=1#`));
      const code = findExample('seed').code; // the playground opens on the seed example
      assertClean(problems);

      // Pasted into a tutorial's page on another origin: the element runs the playground's code
      // (its worker starts from a same-origin blob that imports the site's worker script).
      writeFileSync(join(www, 'author', 'snippet.html'), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">\n${element}\n`);
      const pasted = await openPage(`${author.url}snippet.html`);
      try {
        await pasted.page.waitForFunction(() => /done|error/.test(document.querySelector('nngraph-example')?.getAttribute('status') || ''), null, { timeout: 60000 });
        const got = await pasted.page.evaluate(() => {
          const e = document.querySelector('nngraph-example');
          return { status: e.getAttribute('status'), nodes: e.shadowRoot.querySelectorAll('.graph svg g.node').length,
            code: [...e.shadowRoot.querySelectorAll('.nge-text')].map((t) => t.textContent).join('\n') };
        });
        assert.equal(got.status, 'done');
        assert.equal(got.nodes, 5);
        assert.equal(got.code.replace(/^ $/gm, ''), code.trimEnd(), 'the element shows the code exactly');
        assertClean(pasted.problems);
      } finally {
        await pasted.close();
      }

      // The iframe form: it sizes itself through the postMessage contract.
      writeFileSync(join(www, 'other', 'frame.html'), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script>window.received = []; addEventListener('message', (e) => { if (e.data && e.data.source === 'nngraph-wasm') window.received.push(e.data); });</script>
${iframe}\n`);
      const framed = await openPage(`${server.url}other/frame.html`);
      try {
        await framed.page.waitForFunction(() => window.received.some((m) => m.type === 'status' && m.status === 'done'), null, { timeout: 60000 });
        await framed.page.waitForFunction(() => window.received.some((m) => m.type === 'height' && m.height > 300));
        const frameHeight = await framed.page.evaluate(() => document.querySelector('iframe').getBoundingClientRect().height);
        const lastHeight = await framed.page.evaluate(() => window.received.filter((m) => m.type === 'height').at(-1).height);
        assert.ok(Math.abs(frameHeight - lastHeight) <= 1, `iframe ${frameHeight} px, last height message ${lastHeight}`);
        await framed.page.screenshot({ path: join(OUT, 'site-iframe.png'), fullPage: true });
        assertClean(framed.problems);
      } finally {
        await framed.close();
      }
    } finally {
      await close();
    }
  });

  test('?embed=1 shows the error and the console, and posts the error status', async () => {
    const code = "print('about to fail');\nconst x = torch.rand(2, 3);\nnn.Linear(4, 2).forward(x);\n";
    const hash = new URLSearchParams({ code: Buffer.from(code).toString('base64url') });
    writeFileSync(join(www, 'other', 'error-frame.html'), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script>window.received = []; addEventListener('message', (e) => { if (e.data && e.data.source === 'nngraph-wasm') window.received.push(e.data); });</script>
<iframe src="../${SUB}?embed=1#${hash}" style="width: 100%; border: 0"></iframe>\n`);
    const { page, problems, close } = await openPage(`${server.url}other/error-frame.html`);
    try {
      await page.waitForFunction(() => window.received.some((m) => m.type === 'status' && m.status === 'error'), null, { timeout: 60000 });
      const message = await page.evaluate(() => window.received.find((m) => m.status === 'error').error);
      assert.equal(message.line, 3);
      assert.match(message.message, /Linear/);
      const frame = page.frames().find((f) => f.url().includes('embed=1'));
      assert.ok(await frame.isVisible('#error-panel'));
      assert.match(await frame.textContent('#error-panel'), /at line 3 of the script/);
      assert.ok(await frame.isVisible('#console'));
      assert.equal(await frame.textContent('#console'), 'about to fail');
      assert.ok(!(await frame.isVisible('#editor')), 'no editor in embed mode');
      assertClean(problems);
    } finally {
      await close();
    }
  });

  test('the embed/ demo page renders its three examples', async () => {
    const { page, problems, close } = await openPage(`${server.url}${SUB}embed/`);
    try {
      const ids = await page.$$eval('nngraph-example', (es) => es.length);
      assert.equal(ids, 3);
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        const e = page.locator('nngraph-example').nth(i);
        await e.scrollIntoViewIfNeeded();
        await page.waitForFunction((k) => /done|error/.test(document.querySelectorAll('nngraph-example')[k].getAttribute('status') || ''), i, { timeout: 60000 });
        statuses.push(await e.getAttribute('status'));
      }
      assert.equal(statuses[0], 'done');
      if (hasLua) assert.equal(statuses[1], 'done');
      else test.diagnostic?.('no bindings/lua.mjs in this tree: the Lua example is not checked');
      assert.equal(statuses[2], 'error');

      // The first example is editable: change its code and run it again.
      const first = page.locator('nngraph-example').first();
      await first.locator('.cm-content').click();
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText("print('edited');");
      await first.locator('.nge-run').click();
      await page.waitForFunction(() => document.querySelector('nngraph-example').dataset.runs === '2');
      assert.equal(await first.getAttribute('status'), 'done');
      assert.equal(await first.locator('.console').textContent(), 'edited');
      assert.match(await first.locator('.graph').textContent(), /No graph/);
      await page.screenshot({ path: join(OUT, 'site-embed-demo.png'), fullPage: true });
      assertClean(problems);
    } finally {
      await close();
    }
  });
});

async function openPage(url, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const problems = { errors: [], dialogs: [], external: [] };
  const requests = [];
  page.on('pageerror', (e) => problems.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.errors.push(`console: ${m.text()}`); });
  page.on('dialog', (d) => { problems.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  context.on('request', (r) => {
    const u = r.url();
    requests.push(u);
    if (!u.startsWith(server.url) && !u.startsWith(author.url) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.external.push(u);
  });
  await page.goto(url);
  return { page, problems, requests, close: () => context.close() };
}

function assertClean(problems) {
  assert.deepEqual(problems.errors, [], 'no page or console errors');
  assert.deepEqual(problems.dialogs, [], 'no dialogs');
  assert.deepEqual(problems.external, [], 'nothing fetched from outside the local server');
}
