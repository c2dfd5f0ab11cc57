// Helpers for the playground's browser suites: a fresh page with its problems recorded, and
// waiting for a run to finish.

// A fresh page at url: uncaught errors, console errors, dialogs (an alert would mean injected
// markup ran) and any request that leaves `base` are recorded in `problems`.
export async function openPlaygroundPage(browser, base, url, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const problems = { errors: [], dialogs: [], external: [] };
  page.on('pageerror', (e) => problems.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.errors.push(`console: ${m.text()}`); });
  page.on('dialog', (d) => { problems.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.external.push(u);
  });
  await page.goto(url);
  return { page, problems, close: () => context.close() };
}

// Waits for run number n (1 = the run on load) to finish; returns 'done' or 'error'.
export async function runFinished(page, n = 1, timeout = 30000) {
  await page.waitForFunction((runs) => {
    const s = document.getElementById('status');
    return s.dataset.runs === String(runs) && (s.dataset.state === 'done' || s.dataset.state === 'error');
  }, n, { timeout });
  return page.$eval('#status', (s) => s.dataset.state);
}
