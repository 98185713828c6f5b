// What the end-to-end specs and the bench share: paths, a tiny static server for the built app,
// headless Chromium, pages that record their errors, the header root computed independently of
// the app, and the small test runner whose `N passed, N failed` line scripts/test.sh and CI read.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

// ---- paths ----------------------------------------------------------------------------------

/** This directory (tests/e2e). */
export const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository root. */
export const repoRoot = path.resolve(here, '..', '..');
/** The built app: the first command-line argument, or dist/ at the repository root. */
export const distDir = path.resolve(process.argv[2] ?? path.join(repoRoot, 'dist'));
/** Where screenshots go. */
export const shotsDir = path.join(here, 'screenshots');
/** The recorded scenario shipped with the repository (not the copy in dist/). */
export const scenarioDir = path.join(repoRoot, 'scenarios', 'capella-p862');
/** The Chromium binary: $CHROMIUM, or the system's. */
export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Exit with status 2 unless the app has been built into `distDir`. */
export function requireDist() {
  if (!existsSync(path.join(distDir, 'index.html'))) {
    console.error(`no ${distDir}/index.html: build the app first (trunk build --release)`);
    process.exit(2);
  }
}

// ---- a tiny static server for the built app -------------------------------------------------

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', // needed by WebAssembly.instantiateStreaming
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.md': 'text/plain; charset=utf-8',
};

/** Serve `root` on an ephemeral loopback port; resolves to the http.Server. */
export function serve(root) {
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

/** The base URL of a server started by `serve`. */
export const baseUrl = (server) => `http://127.0.0.1:${server.address().port}/`;

// ---- headless Chromium ----------------------------------------------------------------------

/**
 * Chromium flags that keep the browser from calling home, plus any in LUCID_CHROMIUM_FLAGS
 * (space-separated; e.g. `--js-flags=--no-wasm-dynamic-tiering` to compile all wasm with V8's
 * optimizing tier up front, for benchmarks).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
  ...(process.env.LUCID_CHROMIUM_FLAGS ? process.env.LUCID_CHROMIUM_FLAGS.split(' ') : []),
];

/**
 * Launch headless Chromium with a fresh profile (a temporary directory named `profilePrefix…`)
 * and no open tab. Resolves to `{ context, close }`; `close()` closes the browser and deletes
 * the profile.
 */
export async function launchChromium(profilePrefix) {
  const userDataDir = mkdtempSync(path.join(tmpdir(), profilePrefix));
  const removeProfile = () => rmSync(userDataDir, { recursive: true, force: true });
  let context;
  try {
    // headless: true makes Playwright pass --headless itself.
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
    // Persistent contexts open one blank tab; close it so only the caller's pages exist.
    for (const p of context.pages()) await p.close();
  } catch (e) {
    if (context) await context.close().catch(() => {});
    removeProfile();
    throw e;
  }
  return { context, close: async () => { await context.close().catch(() => {}); removeProfile(); } };
}

/** Page errors and console errors of every page opened with `openPage`. */
export const problems = [];

/** A new page of `viewport` size whose errors go to `problems`; loads `url` if given. */
export async function openPage(context, viewport, url) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  if (url !== undefined) await page.goto(url, { waitUntil: 'load' });
  return page;
}

/** Save a screenshot of `page` as screenshots/`name`.png and print its path. */
export async function screenshot(page, name, { fullPage = false } = {}) {
  mkdirSync(shotsDir, { recursive: true });
  const file = path.join(shotsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  console.log(`    screenshot: ${path.relative(process.cwd(), file)}`);
}

/** How many pixels the page is wider than its window (positive: it scrolls sideways). */
export const overflowX = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** The requested URLs that went to a host other than 127.0.0.1 (blob: and data: stay in the page). */
export function leftLoopback(requests) {
  return requests.filter((u) => {
    const url = new URL(u);
    if (url.protocol === 'blob:' || url.protocol === 'data:') return false; // in-page, not network
    return url.hostname !== '127.0.0.1';
  });
}

/** Assert that requests were recorded and that none left 127.0.0.1. */
export function assertStayedOnLoopback(requests) {
  const outside = leftLoopback(requests);
  assert(requests.length > 0, 'no requests were recorded at all');
  assert(outside.length === 0, `requests to other hosts:\n${outside.join('\n')}`);
}

// ---- local fake beacon nodes ------------------------------------------------------------------

/** How long starting the fake nodes may take: `cargo run` may have to build them first. */
const FAKE_NODE_BUILD_MS = 15 * 60_000;
let fakeNodes = null;

/**
 * Start local fake beacon nodes serving the recorded capella-p862 data (the `fake_beacon_node`
 * example of lucid-transport), one per mode (`honest`, `bad-signature`, `hang`, `oversized`, …),
 * all on 127.0.0.1. Resolves to their URLs, in the order of `modes`. `stopFakeNodes` kills them;
 * so does the end of this process.
 */
export function startFakeNodes(modes) {
  const args = ['run', '--release', '-q', '-p', 'lucid-transport', '--features', 'fake-node', '--example', 'fake_beacon_node', '--', ...modes];
  // Its own process group, so the whole group (cargo, if it did not exec, and the node) can be killed.
  const proc = spawn('cargo', args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  fakeNodes = proc;
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`fake nodes did not start within ${FAKE_NODE_BUILD_MS / 1000} s\n${stderr}`)), FAKE_NODE_BUILD_MS);
    proc.stdout.on('data', (d) => {
      out += d;
      const urls = out.split('\n').map((l) => l.trim()).filter((l) => /^http:\/\/127\.0\.0\.1:\d+$/.test(l));
      if (urls.length >= modes.length) { clearTimeout(timer); resolve(urls.slice(0, modes.length)); }
    });
    proc.on('error', (e) => { clearTimeout(timer); reject(e); });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`fake nodes exited (${code}) before printing their URLs\n${stderr}`)); });
  });
}

/** Kill the fake nodes started by `startFakeNodes`, if they still run. */
export function stopFakeNodes() {
  const proc = fakeNodes;
  fakeNodes = null;
  if (proc && proc.exitCode === null && proc.signalCode === null) {
    try { process.kill(-proc.pid, 'SIGTERM'); } catch { try { proc.kill('SIGTERM'); } catch { /* gone */ } }
  }
}
process.on('exit', stopFakeNodes);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { stopFakeNodes(); process.exit(130); });

/**
 * A local execution JSON-RPC node (with CORS, for pages and workers) answering eth_getProof with
 * `answer` and every other method with "method not found". Resolves to `{ server, calls, url }`.
 */
export function fakeExecutionNode(answer) {
  const calls = [];
  const server = createServer((req, res) => {
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type, accept' };
    if (req.method === 'OPTIONS') { res.writeHead(204, cors).end(); return; }
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const call = JSON.parse(body);
      calls.push(call);
      const reply = call.method === 'eth_getProof'
        ? { jsonrpc: '2.0', id: call.id, result: answer }
        : { jsonrpc: '2.0', id: call.id, error: { code: -32601, message: 'the method does not exist' } };
      res.writeHead(200, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify(reply));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, calls, url: `http://127.0.0.1:${server.address().port}` })));
}

// ---- live mode ------------------------------------------------------------------------------

/** The `localStorage` keys of the saved checkpoint and of its SHA-256 (crates/lucid-app/src/saved.rs). */
export const SAVED_KEY = 'lucid.mainnet.checkpoint';
export const SAVED_HASH_KEY = 'lucid.mainnet.checkpoint.sha256';

/** Lower-case hex SHA-256 of a string's UTF-8 bytes. */
export const sha256Hex = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The saved checkpoint pair of `page`'s origin: `{ json, hash }` (each null when absent). */
export const savedPair = (page) => page.evaluate(([k, h]) => ({ json: localStorage.getItem(k), hash: localStorage.getItem(h) }), [SAVED_KEY, SAVED_HASH_KEY]);

/** Wait for the Live tab's sync to settle; resolves to the status's state and text. */
export async function liveSettled(page, timeout) {
  const settled = page.locator('#live-status[data-state="verified"], #live-status[data-state="rejected"], #live-status[data-state="failed"]');
  await settled.waitFor({ timeout });
  return { state: await settled.getAttribute('data-state'), text: (await settled.textContent()).trim() };
}

// ---- expected values, computed independently of the app -------------------------------------

/** hash_tree_root of a BeaconBlockHeader given as Beacon-API JSON: 5 fields, padded to 8 leaves. */
export function headerRoot(h) {
  const u64 = (v) => { const b = Buffer.alloc(32); b.writeBigUInt64LE(BigInt(v)); return b; };
  const b32 = (hex) => Buffer.from(hex.slice(2), 'hex');
  let level = [u64(h.slot), u64(h.proposer_index), b32(h.parent_root), b32(h.state_root), b32(h.body_root), Buffer.alloc(32), Buffer.alloc(32), Buffer.alloc(32)];
  while (level.length > 1) level = level.flatMap((_, i) => (i % 2 ? [] : [createHash('sha256').update(level[i]).update(level[i + 1]).digest()]));
  return '0x' + level[0].toString('hex');
}

// ---- tiny test runner -----------------------------------------------------------------------

const tests = [];

/** Register a named case; `fn` gets what the set-up of `run` returned. */
export const test = (name, fn) => tests.push({ name, fn });

/** Throw `msg` unless `cond` holds. */
export function assert(cond, msg) { if (!cond) throw new Error(msg); }

const indent = (e, lines) => String(e.message ?? e).split('\n').slice(0, lines).join('\n        ');

/**
 * Run `setUp`, then every registered case in order, each even after a failure, then what
 * `setUp` registered with its `atEnd` argument (in reverse order). Prints `  ok    name (N ms)` or
 * `  FAIL  name (N ms)` and the error per case, a failed set-up as `  FAIL  set-up`, and last the
 * plain line `N passed, N failed`; exits 1 if anything failed. `messageLines` limits how many
 * lines of an error are printed.
 */
export async function run(setUp, { messageLines = Infinity } = {}) {
  let passed = 0, failed = 0;
  const cleanups = [];
  try {
    const env = await setUp((fn) => cleanups.push(fn));
    for (const { name, fn } of tests) {
      const t0 = Date.now();
      try {
        await fn(env);
        passed++;
        console.log(`  ok    ${name} (${Date.now() - t0} ms)`);
      } catch (e) {
        failed++;
        console.log(`  FAIL  ${name} (${Date.now() - t0} ms)\n        ${indent(e, messageLines)}`);
      }
    }
  } catch (e) {
    failed++;
    console.log(`  FAIL  set-up\n        ${indent(e, messageLines)}`);
  } finally {
    for (const fn of cleanups.reverse()) await Promise.resolve().then(fn).catch(() => {});
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

/** The median of numbers `xs`. */
export const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

/** `[lowest, highest]` of numbers `xs`. */
export const range = (xs) => [Math.min(...xs), Math.max(...xs)];
