// End-to-end test of the browser transport's limits over real connections, in headless Chromium:
// the Live tab syncs from two local fake beacon nodes (the `fake_beacon_node` example of
// lucid-transport), one that accepts requests and never answers (`hang`) and one that follows its
// answer with 16 MiB of zeros (`oversized`).
//
//   node tests/e2e/limits.spec.mjs [dist-dir]      (scripts/test.sh runs it after `trunk build`)
//
// Checks that a request to the silent node is aborted when its timeout (15 s, the default
// RequestPolicy) passes, not left open until the node gives up after 60 s; that the oversized
// body is cancelled mid-download rather than read to its end; and that the report cards say so.
// Crates/lucid-transport/tests/browser.rs tests the same limits in more detail, with a stand-in
// fetch. Prints `N passed, N failed`; exits non-zero if anything failed.

import path from 'node:path';
import {
  assert, baseUrl, chromiumPath, distDir, launchChromium, liveSettled, openPage, problems, requireDist, run,
  serve, startFakeNodes, stopFakeNodes, test,
} from './lib.mjs';

const WAIT_MS = 120_000;
const TIMEOUT_MS = 15_000; // RequestPolicy::default().timeout
const CHECKPOINT = '0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275';
const NOW_SLOT = 7110000;

let hangUrl, oversizedUrl;
/** Every request the browser made: url, when it started, and how and when it ended. */
const seen = new Map();

const bootstrapOf = (node) => [...seen.values()].filter((r) => r.url.startsWith(`${node}/eth/v1/beacon/light_client/bootstrap/`));

/** Resolve once `pick()` finds an ended request, or fail after `ms`. */
async function ended(pick, ms) {
  const until = Date.now() + ms;
  for (;;) {
    const r = pick().find((x) => x.end !== undefined);
    if (r) return r;
    if (Date.now() > until) throw new Error(`no such request ended within ${ms} ms: ${JSON.stringify(pick())}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

let page;

test('a request to a node that never answers is aborted at its timeout', async ({ context, base }) => {
  page = await openPage(context, { width: 1280, height: 720 });
  await page.goto(`${base}?checkpoint=${CHECKPOINT}&endpoint=${encodeURIComponent(hangUrl)}&endpoint=${encodeURIComponent(oversizedUrl)}&slot=${NOW_SLOT}#/live`);
  await page.locator('#link-checkpoint-use').click({ timeout: WAIT_MS });
  await page.locator('#worker-status[data-state="ready"]').waitFor({ timeout: WAIT_MS });
  await page.click('#live-start');
  // Without an abort the request stays open until the node hangs up, 60 s later.
  const r = await ended(() => bootstrapOf(hangUrl), TIMEOUT_MS + 10_000);
  const took = r.end - r.start;
  assert(r.failure && /ABORTED/.test(r.failure), `the silent node's request ended with ${r.failure ?? 'a response'}`);
  assert(took >= TIMEOUT_MS - 1_000 && took <= TIMEOUT_MS + 3_000, `aborted after ${took} ms, for a ${TIMEOUT_MS} ms timeout`);
});

test('an oversized body is cancelled while it downloads, not read to its end', async () => {
  const r = await ended(() => bootstrapOf(oversizedUrl), WAIT_MS);
  assert(r.failure && /ABORTED/.test(r.failure), `the 16 MiB body was ${r.failure ? `ended with ${r.failure}` : 'read to its end'}`);
});

test('the report cards name the timeouts and the oversized answer', async () => {
  const { state, text } = await liveSettled(page, WAIT_MS);
  assert(state === 'rejected', `sync: ${state}: ${text}`);
  const cards = await page.locator('#cards li.card').evaluateAll((els) => els.map((e) => e.innerText));
  const hang = cards.find((c) => c.startsWith(hangUrl));
  const big = cards.find((c) => c.startsWith(oversizedUrl));
  assert(hang && /timeouts [1-9]/.test(hang), `silent node's card: ${hang}`);
  assert(big && /larger than the \d+-byte limit/.test(big), `oversized node's card: ${big}`);
});

test('no page errors or console errors', async () => {
  assert(problems.length === 0, problems.join('\n'));
});

// ---- main -----------------------------------------------------------------------------------

requireDist();
run(async (atEnd) => {
  atEnd(stopFakeNodes);
  [hangUrl, oversizedUrl] = await startFakeNodes(['hang', 'oversized']);
  const server = await serve(distDir);
  atEnd(() => server.close());
  const base = baseUrl(server);
  console.log(`e2e limits: serving ${path.relative(process.cwd(), distDir) || '.'} at ${base}; fake nodes hang ${hangUrl}, oversized ${oversizedUrl}; browser ${chromiumPath}`);
  const browser = await launchChromium('lucid-e2e-limits-profile-');
  atEnd(browser.close);
  const { context } = browser;
  context.on('request', (r) => seen.set(r, { url: r.url(), start: Date.now() }));
  context.on('requestfinished', (r) => { const e = seen.get(r); if (e) e.end = Date.now(); });
  context.on('requestfailed', (r) => { const e = seen.get(r); if (e) { e.end = Date.now(); e.failure = r.failure()?.errorText ?? 'failed'; } });
  return { context, base };
});
