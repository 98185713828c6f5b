// End-to-end test of the Live tab's trust anchor, in headless Chromium, against a local honest
// fake beacon node (the `fake_beacon_node` example of lucid-transport) serving capella-p862.
//
//   node tests/e2e/trust.spec.mjs [dist-dir]      (scripts/test.sh runs it after `trunk build`)
//
// Checks that a checkpoint from a link is only offered until the user confirms it (the saved or
// built-in one stays in effect), that nothing is saved before a sync verified and then only the
// verified finalized head, that `?slot=` shows a replay-mode banner, that a torn saved pair is
// reported and the "forget" button clears it, and that the old built-in checkpoint is refused
// unless the user accepts it. Nothing may leave 127.0.0.1.
// Prints `N passed, N failed`; exits non-zero if anything failed.
// Screenshots go to tests/e2e/screenshots/trust-*.png.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  assert, baseUrl, chromiumPath, distDir, headerRoot, launchChromium, assertStayedOnLoopback, liveSettled, openPage, overflowX,
  problems, requireDist, run, SAVED_HASH_KEY, SAVED_KEY, savedPair, scenarioDir, screenshot, serve, sha256Hex,
  startFakeNodes, stopFakeNodes, test,
} from './lib.mjs';

const WAIT_MS = 120_000; // worker start-up and a sync of 6 periods in wasm, on a busy 2-core machine
const CHECKPOINT = '0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275'; // the built-in one
const CHECKPOINT_SLOT = 7069376;
const OTHER = '0x' + '11'.repeat(32); // a root no node has a bootstrap for
const NOW_SLOT = 7110000; // "now" for the recorded 2023 data
const UNREACHABLE = 'http://127.0.0.1:9'; // the discard port: nothing listens there

const FINALITY_JSON = JSON.parse(readFileSync(path.join(scenarioDir, 'finality.json')));
const FINAL_SLOT = Number(FINALITY_JSON.data.finalized_header.beacon.slot);
const FINAL_ROOT = headerRoot(FINALITY_JSON.data.finalized_header.beacon);

const requests = []; // every URL any page or worker asked for
let honestUrl;

/** A fresh page (empty localStorage) on the Live tab with `query` in the link. */
async function openLive(context, base, query = '', viewport = { width: 1280, height: 720 }) {
  const page = await openPage(context, viewport, `${base}#/verify`);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${base}${query}#/live`, { waitUntil: 'load' });
  await page.locator('#live-form').waitFor({ timeout: WAIT_MS });
  return page;
}

/** Store a checkpoint pair in `page`'s localStorage; `hash` is the right one unless given. */
async function storeSaved(page, checkpoint, hash) {
  const json = JSON.stringify(checkpoint, null, 2);
  await page.evaluate(([k, hk, j, h]) => {
    localStorage.setItem(k, j);
    if (h === null) localStorage.removeItem(hk); else localStorage.setItem(hk, h);
  }, [SAVED_KEY, SAVED_HASH_KEY, json, hash === undefined ? sha256Hex(json) : hash]);
}

const text = async (page, sel) => ((await page.locator(sel).textContent()) ?? '').replace(/\s+/g, ' ').trim();
const visible = (page, sel) => page.locator(sel).isVisible();
const bootstrapsAsked = (root) => requests.filter((r) => r.startsWith(`${honestUrl}/eth/v1/beacon/light_client/bootstrap/${root}`));

/** Click Sync once the worker is up, and wait for the sync to settle. */
async function sync(page) {
  await page.locator('#worker-status[data-state="ready"]').waitFor({ timeout: WAIT_MS });
  await page.click('#live-start');
  return liveSettled(page, WAIT_MS);
}

/** The saved pair must be the verified finalized head, sealed with its own hash. */
async function assertSavedIsVerifiedHead(page) {
  const { json, hash } = await savedPair(page);
  assert(json !== null, 'nothing was saved after a verified sync');
  const saved = JSON.parse(json);
  assert(saved.block_root === FINAL_ROOT && saved.slot === FINAL_SLOT,
    `saved ${saved.block_root} at slot ${saved.slot}, expected the verified finalized head ${FINAL_ROOT} at ${FINAL_SLOT}`);
  assert(hash === sha256Hex(json), `the saved hash ${hash} is not the SHA-256 of the saved JSON`);
}

// ---- the tests ------------------------------------------------------------------------------

test('the old built-in checkpoint is refused unless the user accepts it', async ({ context, base }) => {
  const page = await openLive(context, base);
  const notice = await text(page, '#default-refused');
  assert(/too old/.test(notice) && notice.includes(`slot ${CHECKPOINT_SLOT}`), `refusal: ${notice}`);
  assert((await page.inputValue('#live-checkpoint')) === '', 'the old built-in checkpoint is in the checkpoint field');
  assert(/None in effect/.test(await text(page, '#live-checkpoint-source')), await text(page, '#live-checkpoint-source'));
  await page.click('#live-start');
  assert(/no checkpoint in effect/.test(await text(page, '#live-problem')), await text(page, '#live-problem'));
  assert(/Not started/.test(await text(page, '#live-status')), 'a sync started without a checkpoint');

  await page.click('#default-accept');
  assert(!(await visible(page, '#default-refused')), 'the refusal stays after accepting');
  assert((await page.inputValue('#live-checkpoint')) === CHECKPOINT, 'the accepted built-in checkpoint is not in effect');
  assert(/accepted by you/.test(await text(page, '#live-checkpoint-source')), await text(page, '#live-checkpoint-source'));
  // The age gauge still says how old it is.
  assert((await page.locator('.checkpoint-age').getAttribute('data-state')) === 'too-old', 'age gauge not "too-old"');
  assert(/weak-subjectivity/.test(await text(page, '.checkpoint-age')), await text(page, '.checkpoint-age'));
  await page.close();
});

test('a checkpoint from a link is not used before it is confirmed: the saved one stays in effect', async ({ context, base }) => {
  const page = await openLive(context, base);
  const before = { network: 'mainnet', block_root: CHECKPOINT, slot: CHECKPOINT_SLOT, source: 'verified sync (test)', saved_at: 1 };
  await storeSaved(page, before);
  await page.goto(`${base}?checkpoint=${OTHER}&endpoint=${encodeURIComponent(honestUrl)}&slot=${NOW_SLOT}#/live`);
  await page.locator('#link-checkpoint').waitFor({ timeout: WAIT_MS });
  assert((await text(page, '#link-checkpoint-root')) === OTHER, 'the link checkpoint is not shown');
  assert(/from the link/.test(await text(page, '#link-checkpoint')) && /not in use/.test(await text(page, '#link-checkpoint')), await text(page, '#link-checkpoint'));
  assert((await page.inputValue('#live-checkpoint')) === CHECKPOINT, 'the saved checkpoint is not in effect');
  assert(/saved in this browser/.test(await text(page, '#live-checkpoint-source')), await text(page, '#live-checkpoint-source'));
  assert(JSON.parse((await savedPair(page)).json).block_root === CHECKPOINT, 'the link checkpoint was saved on sight');

  const { state, text: status } = await sync(page);
  assert(state === 'verified' && status === `Finalized: slot ${FINAL_SLOT}`, `sync: ${state}: ${status}`);
  assert(bootstrapsAsked(CHECKPOINT).length > 0, 'the saved checkpoint was not used');
  assert(bootstrapsAsked(OTHER).length === 0, 'the unconfirmed link checkpoint was used');
  await assertSavedIsVerifiedHead(page);
  // Still only offered; never saved.
  assert(await visible(page, '#link-checkpoint'), 'the link checkpoint offer disappeared');
  await page.close();
});

test('a confirmed link checkpoint is saved only after a sync from it verified, as the verified head', async ({ context, base }) => {
  const page = await openLive(context, base, `?checkpoint=${CHECKPOINT}&endpoint=${encodeURIComponent(UNREACHABLE)}&slot=${NOW_SLOT}`);
  await page.click('#link-checkpoint-use');
  assert(!(await visible(page, '#link-checkpoint')), 'the offer stays after confirming');
  assert((await page.inputValue('#live-checkpoint')) === CHECKPOINT, 'the confirmed checkpoint is not in effect');
  assert(/from the link, confirmed by you/.test(await text(page, '#live-checkpoint-source')), await text(page, '#live-checkpoint-source'));
  assert((await page.locator('.checkpoint-age').getAttribute('data-state')) === 'unknown', 'an unverified checkpoint has an age');
  assert((await savedPair(page)).json === null, 'the link checkpoint was saved when confirmed');

  // A sync that verifies nothing saves nothing.
  const failed = await sync(page);
  assert(failed.state === 'rejected', `sync against nothing: ${failed.state}: ${failed.text}`);
  const after = await savedPair(page);
  assert(after.json === null && after.hash === null, `saved after a failed sync: ${JSON.stringify(after)}`);

  // From the honest node it verifies: then the verified finalized head is saved, not the link's value.
  await page.fill('#live-endpoints', honestUrl);
  const { state, text: status } = await sync(page);
  assert(state === 'verified' && status === `Finalized: slot ${FINAL_SLOT}`, `sync: ${state}: ${status}`);
  await assertSavedIsVerifiedHead(page);
  assert(/slot 7109344/.test(await text(page, '#live-saved')), await text(page, '#live-saved'));
  // The gauge now measures the verified head, by this computer's clock: replay mode does not silence it.
  assert((await page.inputValue('#live-checkpoint')) === FINAL_ROOT, 'the verified head is not the checkpoint in effect');
  const age = await text(page, '.checkpoint-age');
  assert(age.includes(`since slot ${FINAL_SLOT}`), `age gauge: ${age}`);
  assert((await page.locator('.checkpoint-age').getAttribute('data-state')) === 'too-old', `the 2023 head is not "too-old": ${age}`);
  await screenshot(page, 'trust-verified-1280x720', { fullPage: true });
  await page.close();
});

test('replay mode (?slot=) is a visible banner, and can be turned off', async ({ context, base }) => {
  const page = await openLive(context, base, `?slot=${NOW_SLOT}`);
  assert((await text(page, '#replay-banner')).includes(`Replay mode — clock fixed at slot ${NOW_SLOT}`), await text(page, '#replay-banner'));
  await page.click('#replay-off');
  assert(!(await visible(page, '#replay-banner')), 'the banner stays after turning replay off');
  assert((await page.inputValue('#live-slot')) === '', 'the slot field still holds a slot');
  await page.fill('#live-slot', '123');
  assert((await text(page, '#replay-banner')).includes('clock fixed at slot 123'), 'typing a slot shows no banner');
  await page.goto(`${base}#/live`);
  await page.locator('#live-form').waitFor({ timeout: WAIT_MS });
  assert(!(await visible(page, '#replay-banner')), 'a banner without ?slot=');
  await page.close();
});

test('a torn saved checkpoint is reported, and "forget" clears both keys', async ({ context, base }) => {
  const page = await openLive(context, base);
  const torn = { network: 'mainnet', block_root: OTHER, slot: 7100000, source: 'verified sync (test)', saved_at: 1 };
  for (const [hash, why] of [[null, /hash is missing/], ['00'.repeat(32), /does not match/]]) {
    await storeSaved(page, torn, hash);
    await page.reload();
    await page.locator('#checkpoint-refused').waitFor({ timeout: WAIT_MS });
    const notice = await text(page, '#checkpoint-refused');
    assert(/torn/.test(notice) && why.test(notice) && /Forget/.test(notice), `notice: ${notice}`);
    assert(!(await page.inputValue('#live-checkpoint')).includes('1111'), 'the torn checkpoint is in use');
    if (hash === null) await screenshot(page, 'trust-torn-1280x720');
    await page.click('#forget-saved');
    assert(!(await visible(page, '#checkpoint-refused')), 'the notice stays after forgetting');
    const pair = await savedPair(page);
    assert(pair.json === null && pair.hash === null, `not cleared: ${JSON.stringify(pair)}`);
  }
  await page.close();
});

test('screenshots at 1280x720 and 390x844 read well, no sideways scrolling', async ({ context, base }) => {
  for (const [w, h] of [[1280, 720], [390, 844]]) {
    const page = await openLive(context, base, `?checkpoint=${OTHER}&endpoint=${encodeURIComponent(honestUrl)}&slot=${NOW_SLOT}`, { width: w, height: h });
    await page.locator('#link-checkpoint').waitFor({ timeout: WAIT_MS });
    await screenshot(page, `trust-link-${w}x${h}`);
    await screenshot(page, `trust-link-${w}x${h}-full`, { fullPage: true });
    const overflow = await overflowX(page);
    assert(overflow <= 0, `${w}x${h}: page is ${overflow}px wider than the window`);
    await page.close();
  }
});

test('no page errors or console errors', async () => {
  // The sync against the unreachable endpoint makes the browser log its refused connections.
  const real = problems.filter((p) => !(p.includes('Failed to load resource') || p.includes('ERR_CONNECTION_REFUSED')));
  assert(real.length === 0, real.join('\n'));
});

test('no request left 127.0.0.1', async () => {
  assertStayedOnLoopback(requests);
});

// ---- main -----------------------------------------------------------------------------------

requireDist();
run(async (atEnd) => {
  atEnd(stopFakeNodes);
  [honestUrl] = await startFakeNodes(['honest']);
  const server = await serve(distDir);
  atEnd(() => server.close());
  const base = baseUrl(server);
  console.log(`e2e trust: serving ${path.relative(process.cwd(), distDir) || '.'} at ${base}; fake node ${honestUrl}; browser ${chromiumPath}`);
  const browser = await launchChromium('lucid-e2e-trust-profile-');
  atEnd(browser.close);
  browser.context.on('request', (r) => requests.push(r.url()));
  return { context: browser.context, base };
});
