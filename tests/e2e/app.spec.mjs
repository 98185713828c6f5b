// End-to-end test of the built app (dist/) in headless Chromium, driven by playwright-core.
//
//   node tests/e2e/app.spec.mjs [dist-dir]      (scripts/test.sh runs it after `trunk build`)
//
// Serves dist/ on 127.0.0.1 with a tiny static server, opens it in the system's Chromium
// (/usr/bin/chromium, or $CHROMIUM) and checks the page, the Web Worker and the network.
// Prints `N passed, N failed`; exits non-zero if anything failed.
// Screenshots go to tests/e2e/screenshots/ (not committed).

import { createServer } from 'node:http';
import { mkdtempSync, mkdirSync, rmSync, existsSync, statSync, createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const distDir = path.resolve(process.argv[2] ?? path.join(here, '..', '..', 'dist'));
const shotsDir = path.join(here, 'screenshots');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

const HEADLINE = 'lucid — a light client that verifies Ethereum finality in your browser';
const TITLE = 'lucid — Ethereum light client';
const WAIT_MS = 20_000; // worker start-up includes fetching and compiling its wasm

// ---- static server -------------------------------------------------------------------------

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', // needed by WebAssembly.instantiateStreaming
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

function serve(root) {
  const server = createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = path.join(root, path.normalize(urlPath));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); return; }
    res.writeHead(200, {
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ---- tiny test runner ----------------------------------------------------------------------

const tests = [];
const test = (name, fn) => tests.push({ name, fn });
function assert(cond, msg) { if (!cond) throw new Error(msg); }

// ---- shared state, filled while the tests run ----------------------------------------------

const requests = [];      // every URL any page or worker of the browser context asked for
const wasmTypes = {};     // url -> content-type of each .wasm response
const problems = [];      // page errors and console errors

async function openApp(context, base, viewport) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  await page.goto(base, { waitUntil: 'load' });
  return page;
}

// ---- the tests ------------------------------------------------------------------------------

let page; // the desktop page most tests share

test('page has the title and the headline', async ({ context, base }) => {
  page = await openApp(context, base, { width: 1280, height: 720 });
  assert((await page.title()) === TITLE, `title was ${JSON.stringify(await page.title())}`);
  const h1 = page.locator('h1');
  await h1.waitFor({ timeout: WAIT_MS });
  assert((await h1.textContent()) === HEADLINE, `h1 was ${JSON.stringify(await h1.textContent())}`);
});

test('the Web Worker answers the start-up ping', async () => {
  const status = page.locator('#worker-status[data-state="ready"]');
  await status.waitFor({ timeout: WAIT_MS });
  const text = await status.textContent();
  assert(/^Ready — worker v\d+\.\d+\.\d+ answered in \d+ ms$/.test(text), `worker status: ${text}`);
});

test('the worker receives a bundle and reports its exact length', async () => {
  const bytes = Buffer.alloc(4321);
  for (let i = 0; i < bytes.length; i++) bytes[i] = i % 251;
  await page.setInputFiles('#bundle-input', {
    name: 'test-bundle.bin', mimeType: 'application/octet-stream', buffer: bytes,
  });
  const status = page.locator('#bundle-status[data-state="received"]');
  await status.waitFor({ timeout: WAIT_MS });
  const text = await status.textContent();
  assert(text.includes('test-bundle.bin') && text.includes('4321 bytes'), `bundle status: ${text}`);
});

test('nothing claims to be verified before the verifier exists', async () => {
  const finality = await page.getAttribute('#finality-status', 'data-state');
  assert(finality === 'unverified', `finality data-state: ${finality}`);
  const steps = await page.locator('li.step').evaluateAll((els) => els.map((e) => e.dataset.state));
  assert(steps.length >= 1 && steps.every((s) => s === 'not-run'), `step states: ${steps}`);
  const body = await page.locator('body').innerText();
  assert(!/finalized:?\s*slot/i.test(body), 'page shows a finalized slot without verifying anything');
});

test('screenshots at 1280x720 and 390x844, no sideways scrolling', async ({ context, base }) => {
  mkdirSync(shotsDir, { recursive: true });
  for (const [w, h] of [[1280, 720], [390, 844]]) {
    const p = w === 1280 ? page : await openApp(context, base, { width: w, height: h });
    await p.locator('#worker-status[data-state="ready"]').waitFor({ timeout: WAIT_MS });
    const file = path.join(shotsDir, `app-${w}x${h}.png`);
    await p.screenshot({ path: file });
    console.log(`    screenshot: ${path.relative(process.cwd(), file)}`);
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `${w}x${h}: page is ${overflow}px wider than the window`);
    if (p !== page) await p.close();
  }
});

test('no page errors or console errors', async () => {
  assert(problems.length === 0, problems.join('\n'));
});

test('wasm is served as application/wasm, and the worker was fetched', async () => {
  const wasm = Object.entries(wasmTypes);
  assert(wasm.length >= 2, `expected the page's and the worker's .wasm, saw ${JSON.stringify(wasm)}`);
  for (const [url, type] of wasm) assert(type === 'application/wasm', `${url} served as ${type}`);
  assert(requests.some((u) => u.endsWith('/worker.js')), 'no request for worker.js was seen');
  assert(requests.some((u) => u.endsWith('/worker_bg.wasm')), 'no request for worker_bg.wasm was seen');
});

test('no request left 127.0.0.1', async () => {
  const outside = requests.filter((u) => {
    const url = new URL(u);
    if (url.protocol === 'blob:' || url.protocol === 'data:') return false; // in-page, not network
    return url.hostname !== '127.0.0.1';
  });
  assert(requests.length > 0, 'no requests were recorded at all');
  assert(outside.length === 0, `requests to other hosts:\n${outside.join('\n')}`);
});

// ---- main -----------------------------------------------------------------------------------

async function main() {
  if (!existsSync(path.join(distDir, 'index.html'))) {
    console.error(`no ${distDir}/index.html: build the app first (trunk build --release)`);
    process.exit(2);
  }
  const server = await serve(distDir);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'lucid-e2e-profile-'));
  console.log(`e2e: serving ${path.relative(process.cwd(), distDir) || '.'} at ${base}; browser ${chromiumPath}`);

  // A fresh profile, and the flags that keep Chromium from calling home.
  // (headless: true makes Playwright pass --headless itself.)
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  context.on('request', (r) => requests.push(r.url()));
  context.on('response', async (r) => {
    if (r.url().endsWith('.wasm')) wasmTypes[r.url()] = (await r.allHeaders())['content-type'];
  });
  // Persistent contexts open one blank tab; close it so only our pages exist.
  for (const p of context.pages()) await p.close();

  let passed = 0, failed = 0;
  for (const { name, fn } of tests) {
    const t0 = Date.now();
    try {
      await fn({ context, base });
      passed++;
      console.log(`  ok    ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`  FAIL  ${name} (${Date.now() - t0} ms)\n        ${String(e.message ?? e).replace(/\n/g, '\n        ')}`);
    }
  }

  await context.close();
  server.close();
  rmSync(userDataDir, { recursive: true, force: true });
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((e) => { console.error(e); console.log('0 passed, 1 failed'); process.exit(1); });
