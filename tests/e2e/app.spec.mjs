// End-to-end test of the built app (dist/) in headless Chromium, driven by playwright-core.
//
//   node tests/e2e/app.spec.mjs [dist-dir]      (scripts/test.sh runs it after `trunk build`)
//
// Serves dist/ on 127.0.0.1 with a tiny static server, opens it in the system's Chromium
// (/usr/bin/chromium, or $CHROMIUM) and checks the shell: the page, the Web Worker's verification
// of the recorded scenario (and its rejection of a tampered copy), and that nothing leaves 127.0.0.1.
// The views have their own spec, views.spec.mjs.
// Prints `N passed, N failed`; exits non-zero if anything failed.
// Screenshots go to tests/e2e/screenshots/.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  assert, baseUrl, chromiumPath, distDir, headerRoot, launchChromium, assertStayedOnLoopback, openPage, overflowX, problems,
  requireDist, run, scenarioDir, screenshot, serve, test,
} from './lib.mjs';

const HEADLINE = 'lucid — a light client that verifies Ethereum finality in your browser';
const TITLE = 'lucid — Ethereum light client';
const WAIT_MS = 60_000; // worker start-up and a full replay in wasm, on a busy 2-core machine

// ---- shared state, filled while the tests run ----------------------------------------------

const requests = [];      // every URL any page or worker of the browser context asked for
const wasmTypes = {};     // url -> content-type of each .wasm response

// ---- the tests ------------------------------------------------------------------------------

// Files loaded into the page come from the scenario the app itself serves.
const servedScenarioDir = path.join(distDir, 'scenarios', 'capella-p862');

let page; // the desktop page most tests share

const FINALITY_JSON = JSON.parse(readFileSync(path.join(scenarioDir, 'finality.json')));
/** The root the page must show: computed here, independently of the app. */
const FINAL_ROOT = headerRoot(FINALITY_JSON.data.finalized_header.beacon);

test('page has the title and the headline', async ({ context, base }) => {
  page = await openPage(context, { width: 1280, height: 720 }, base);
  assert((await page.title()) === TITLE, `title was ${JSON.stringify(await page.title())}`);
  const h1 = page.locator('h1');
  await h1.waitFor({ timeout: WAIT_MS });
  assert((await h1.textContent()) === HEADLINE, `h1 was ${JSON.stringify(await h1.textContent())}`);
});

test('the Web Worker answers the start-up ping', async () => {
  const status = page.locator('#worker-status[data-state="ready"]');
  await status.waitFor({ timeout: WAIT_MS });
  const text = await status.textContent();
  assert(/ready — v\d+\.\d+\.\d+, answered in \d+ ms$/.test(text), `worker status: ${text}`);
});

test('the recorded scenario verifies by itself: slot 7109344, step by step', async () => {
  const status = page.locator('#finality-status[data-state="verified"]');
  await status.waitFor({ timeout: WAIT_MS });
  assert((await status.textContent()) === 'Finalized: slot 7109344', `status: ${await status.textContent()}`);
  assert((await page.textContent('#finalized-root')) === FINAL_ROOT, 'finalized root');
  assert((await page.textContent('#optimistic-slot')) === 'slot 7109431', 'optimistic head');
  const steps = await page.locator('#steps li.step').evaluateAll((els) => els.map((e) => [e.dataset.step, e.dataset.state]));
  assert(steps.length === 9, `expected 9 steps (bootstrap, 6 updates, finality, optimistic), got ${JSON.stringify(steps)}`);
  assert(steps[0][0] === 'bootstrap' && steps.every(([, s]) => s === 'verified'), JSON.stringify(steps));
  const text = await page.locator('#steps').innerText();
  assert(/committee handed over to period 867/.test(text), 'no committee hand-over to period 867 shown');
  assert(/511\/512/.test(text), 'no participation figure 511/512 shown');
  // Every figure says where it came from.
  const figures = await page.locator('.figure').evaluateAll((els) => els.filter((e) => !e.querySelector('.src')).length);
  assert(figures === 0, `${figures} figures without a provenance label`);
  assert((await page.locator('.src-reported').count()) > 0, 'no value is labelled as reported-but-not-verified');
});

test('no main-thread task over 50 ms: a cold load, the replay, then the 512-member committee grid', async ({ context, base }) => {
  const fresh = await openPage(context, { width: 1280, height: 720 });
  await fresh.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(Math.round(e.duration)); })
      .observe({ type: 'longtask', buffered: true });
  });
  await fresh.goto(base, { waitUntil: 'load' });
  await fresh.locator('#finality-status[data-state="verified"]').waitFor({ timeout: WAIT_MS });
  await fresh.waitForTimeout(300);
  const atLoad = await fresh.evaluate(() => window.__longTasks.slice());
  await fresh.evaluate(() => { location.hash = '#/committee'; });
  await fresh.locator('.committee-grid').waitFor({ timeout: WAIT_MS });
  await fresh.waitForTimeout(500);
  const onGrid = (await fresh.evaluate(() => window.__longTasks.slice())).slice(atLoad.length);
  await fresh.close();
  assert(atLoad.length === 0, `long tasks during load and replay (ms): ${JSON.stringify(atLoad)}`);
  assert(onGrid.length === 0, `long tasks drawing the committee grid (ms): ${JSON.stringify(onGrid)}`);
});

test('a tampered update loaded from disk is rejected, with its reason on screen', async () => {
  const bootstrap = readFileSync(path.join(servedScenarioDir, 'bootstrap.json'));
  const updates = readFileSync(path.join(servedScenarioDir, 'updates.json'), 'utf8');
  // Flip one hex digit inside the first update's sync-committee signature.
  const at = updates.indexOf('0x', updates.indexOf('"sync_committee_signature"')) + 12;
  const tampered = updates.slice(0, at) + (updates[at] === '0' ? '1' : '0') + updates.slice(at + 1);
  await page.setInputFiles('#file-bootstrap', { name: 'bootstrap.json', mimeType: 'application/json', buffer: bootstrap });
  await page.setInputFiles('#file-updates', { name: 'updates-tampered.json', mimeType: 'application/json', buffer: Buffer.from(tampered) });
  await page.locator('#file-updates ~ .hint', { hasText: 'updates-tampered.json' }).waitFor({ timeout: WAIT_MS });
  await page.click('#verify-files');
  const status = page.locator('#finality-status[data-state="rejected"]');
  await status.waitFor({ timeout: WAIT_MS });
  const text = await status.textContent();
  assert(/^Rejected: /.test(text) && /signature/.test(text), `status: ${text}`);
  assert((await page.textContent('#reject-file')) === 'updates-tampered.json[0]', 'rejected file');
  const kind = await page.textContent('#reject-kind');
  assert(kind === 'bad_signature' || kind === 'invalid_signature_encoding', `kind: ${kind}`);
  const body = await page.locator('body').innerText();
  assert(!/Finalized: slot/.test(body), 'a finalized slot is still shown after the rejection');
});

test('a file that is not light-client data gets a clear error', async () => {
  await page.setInputFiles('#file-bootstrap', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello, not a bootstrap') });
  await page.locator('#file-bootstrap ~ .hint', { hasText: 'notes.txt' }).waitFor({ timeout: WAIT_MS });
  await page.click('#verify-files');
  await page.locator('#reject-file', { hasText: 'notes.txt' }).waitFor({ timeout: WAIT_MS });
  const kind = await page.textContent('#reject-kind');
  assert(/^malformed_/.test(kind), `kind: ${kind}`);
  // Back to the recorded scenario.
  await page.click('#replay-scenario');
  await page.locator('#finality-status[data-state="verified"]').waitFor({ timeout: WAIT_MS });
});

test('keyboard: the tabs are reachable and show a visible focus ring', async () => {
  await page.locator('#tab-verify').focus();
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert(outline !== 'none', `focused tab has outline ${outline}`);
  await page.keyboard.press('Tab');
  const id = await page.evaluate(() => document.activeElement.id);
  assert(id === 'tab-live', `Tab from Verify went to ${id}`);
  await page.keyboard.press('Enter');
  await page.locator('#live-form').waitFor({ timeout: WAIT_MS });
  await page.goBack();
  await page.locator('#load-form').waitFor({ timeout: WAIT_MS });
});

test('live settings come from the link, and a corrupted saved checkpoint is refused', async ({ context, base }) => {
  const p = await openPage(context, { width: 1280, height: 720 }, base);
  await p.evaluate(() => {
    localStorage.setItem('lucid.mainnet.checkpoint', JSON.stringify({ network: 'mainnet', block_root: '0x' + '22'.repeat(32), slot: null, source: 'user', saved_at: 1 }));
    localStorage.setItem('lucid.mainnet.checkpoint.sha256', '00'.repeat(32));
  });
  await p.goto(`${base}#/live`);
  const refused = p.locator('#checkpoint-refused');
  await refused.waitFor({ timeout: WAIT_MS });
  assert(/integrity check/.test(await refused.textContent()), await refused.textContent());
  assert(!(await p.inputValue('#live-checkpoint')).includes('2222'), 'the refused checkpoint was used');
  const cp = '0x' + 'ab'.repeat(32);
  await p.goto(`${base}?checkpoint=${cp}&endpoint=http://127.0.0.1:9/a&endpoint=http://127.0.0.1:9/b#/live`);
  await p.locator('#live-form').waitFor({ timeout: WAIT_MS });
  // The link's checkpoint is offered, not used (trust.spec.mjs covers confirming it).
  assert((await p.textContent('#link-checkpoint-root')).trim() === cp, 'checkpoint from the link');
  assert((await p.inputValue('#live-checkpoint')) !== cp, 'the link checkpoint was used before it was confirmed');
  assert((await p.inputValue('#live-endpoints')) === 'http://127.0.0.1:9/a\nhttp://127.0.0.1:9/b', 'endpoints from the link');
  await p.evaluate(() => localStorage.clear());
  await p.close();
});

test('screenshots at 1280x720 and 390x844, no sideways scrolling', async ({ context, base }) => {
  for (const [w, h] of [[1280, 720], [390, 844]]) {
    const p = await openPage(context, { width: w, height: h }, base);
    await p.locator('#finality-status[data-state="verified"]').waitFor({ timeout: WAIT_MS });
    for (const tab of ['verify', 'live']) {
      await p.goto(`${base}#/${tab}`);
      await p.waitForTimeout(100);
      await screenshot(p, `${tab}-${w}x${h}`);
      const overflow = await overflowX(p);
      assert(overflow <= 0, `${tab} ${w}x${h}: page is ${overflow}px wider than the window`);
    }
    await p.close();
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
  assertStayedOnLoopback(requests);
});

// ---- main -----------------------------------------------------------------------------------

requireDist();
run(async (atEnd) => {
  const server = await serve(distDir);
  atEnd(() => server.close());
  const base = baseUrl(server);
  console.log(`e2e: serving ${path.relative(process.cwd(), distDir) || '.'} at ${base}; browser ${chromiumPath}`);
  // A fresh profile, and the flags that keep Chromium from calling home.
  const browser = await launchChromium('lucid-e2e-profile-');
  atEnd(browser.close);
  const { context } = browser;
  context.on('request', (r) => requests.push(r.url()));
  context.on('response', async (r) => {
    if (r.url().endsWith('.wasm')) wasmTypes[r.url()] = (await r.allHeaders())['content-type'];
  });
  return { context, base };
});
