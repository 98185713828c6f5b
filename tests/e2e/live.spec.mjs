// End-to-end test of the app's Live mode against local fake beacon nodes, in headless Chromium.
//
//   node tests/e2e/live.spec.mjs [dist-dir]      (scripts/test.sh runs it after `trunk build`)
//
// Starts three fake beacon nodes on 127.0.0.1 serving the recorded capella-p862 data (the
// `fake_beacon_node` example of lucid-transport: one honest, one serving bad signatures, one whose
// newest heads arrive only on its event stream, for following the chain), serves
// dist/, opens the Live tab with the settings in the link, confirms the link's checkpoint, syncs, and checks that the page reaches
// the real finalized head (slot 7109344) and names the lying node on its report card, while the
// honest one stays clean. Nothing may leave 127.0.0.1. The fake nodes are killed at the end.
// Prints `N passed, N failed`; exits non-zero if anything failed.
// Screenshots go to tests/e2e/screenshots/live-sync-*.png.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  assert, baseUrl, chromiumPath, distDir, headerRoot, launchChromium, assertStayedOnLoopback, liveSettled, openPage, overflowX,
  fakeExecutionNode, problems, requireDist, run, scenarioDir, screenshot, serve, startFakeNodes, stopFakeNodes, test,
} from './lib.mjs';

const WAIT_MS = 120_000; // worker start-up and a sync of 6 periods in wasm, on a busy 2-core machine
const CHECKPOINT = '0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275';
const NOW_SLOT = 7110000; // "now" for the recorded 2023 data: shortly after it, still period 867
const MODES = ['honest', 'bad-signature', 'stream-heads'];

// ---- expected values, from the recorded data, independently of the app ---------------------

const FINALITY_JSON = JSON.parse(readFileSync(path.join(scenarioDir, 'finality.json')));
const FINAL_SLOT = Number(FINALITY_JSON.data.finalized_header.beacon.slot);
const FINAL_ROOT = headerRoot(FINALITY_JSON.data.finalized_header.beacon);

// ---- shared state, filled while the tests run ----------------------------------------------

const requests = [];      // every URL any page or worker of the browser context asked for
let honestUrl, liarUrl, streamUrl;

const liveLink = (base) =>
  `${base}?checkpoint=${CHECKPOINT}&endpoint=${encodeURIComponent(honestUrl)}&endpoint=${encodeURIComponent(liarUrl)}&slot=${NOW_SLOT}#/live`;

/** Open the Live tab from the link, confirm its checkpoint, start the sync, and wait for it to settle. */
async function syncFromLink(page, base) {
  await page.goto(liveLink(base), { waitUntil: 'load' });
  await page.locator('#live-form').waitFor({ timeout: WAIT_MS });
  // A checkpoint from a link is only used once confirmed (trust.spec.mjs tests that in detail).
  assert((await page.textContent('#link-checkpoint-root')).trim() === CHECKPOINT, 'checkpoint from the link');
  await page.click('#link-checkpoint-use');
  assert((await page.inputValue('#live-checkpoint')) === CHECKPOINT, 'the confirmed checkpoint is in effect');
  assert((await page.inputValue('#live-endpoints')) === `${honestUrl}\n${liarUrl}`, `endpoints from the link: ${await page.inputValue('#live-endpoints')}`);
  assert((await page.inputValue('#live-slot')) === String(NOW_SLOT), 'slot from the link');
  await page.locator('#live-status[data-state="unverified"]').waitFor({ timeout: WAIT_MS });
  // The worker must be up before the request is sent.
  await page.locator('#worker-status[data-state="ready"]').waitFor({ timeout: WAIT_MS }).catch(() => {});
  await page.click('#live-start');
  return liveSettled(page, WAIT_MS);
}

/** The report cards on screen: endpoint, verdict and the counters line. */
async function cards(page) {
  return page.locator('#cards li.card').evaluateAll((els) => els.map((e) => ({
    endpoint: e.querySelector('.endpoint')?.textContent ?? '',
    verdict: e.dataset.verdict,
    text: e.innerText,
    reason: e.querySelector('.reject-reason')?.textContent ?? null,
  })));
}
const counter = (card, name) => Number((card.text.match(new RegExp(`${name} (\\d+)`)) ?? [])[1] ?? NaN);

// ---- the tests ------------------------------------------------------------------------------

let page;

test('live sync from the link reaches the real finalized head, slot 7109344', async ({ context, base }) => {
  page = await openPage(context, { width: 1280, height: 720 });
  const { state, text } = await syncFromLink(page, base);
  const log = await page.locator('#live-log').innerText().catch(() => '');
  assert(state === 'verified', `live status ${state}: ${text}\nlog:\n${log}`);
  assert(text === `Finalized: slot ${FINAL_SLOT}`, `status: ${text}`);
  const result = await page.locator('#live-result-heading').locator('..').innerText();
  assert(result.includes(`slot ${FINAL_SLOT} (period 867) root ${FINAL_ROOT}`), `finalized root ${FINAL_ROOT} not shown:\n${result}`);
  assert(/Bootstrap from .* matches the checkpoint/.test(log), `no bootstrap line in the log:\n${log}`);
});

test('the lying node is flagged on its report card, the honest one is not', async () => {
  const cs = await cards(page);
  assert(cs.length === 2, `expected 2 report cards, got ${JSON.stringify(cs)}`);
  const honest = cs.find((c) => c.endpoint.startsWith(honestUrl));
  const liar = cs.find((c) => c.endpoint.startsWith(liarUrl));
  assert(honest && liar, `cards for ${honestUrl} and ${liarUrl} not found: ${JSON.stringify(cs)}`);
  assert(liar.verdict === 'liar', `lying node's verdict: ${liar.verdict} (${liar.text})`);
  assert(counter(liar, 'rejected') > 0, `lying node rejected count: ${liar.text}`);
  assert(liar.reason && /signature/i.test(liar.reason), `lying node's rejection reason: ${liar.reason}`);
  assert(honest.verdict === 'honest', `honest node's verdict: ${honest.verdict} (${honest.text})`);
  assert(counter(honest, 'rejected') === 0, `honest node rejected count: ${honest.text}`);
  assert(counter(honest, 'verified') > 0, `honest node verified nothing: ${honest.text}`);
  const badge = await page.locator(`#cards li.card[data-verdict="liar"] .badge`).textContent();
  assert(badge.trim() === 'liar', `liar badge: ${badge}`);
});

test('screenshots at 1280x720 and 390x844, no sideways scrolling', async ({ context, base }) => {
  const shoot = async (p, w, h) => {
    await screenshot(p, `live-sync-${w}x${h}`, { fullPage: true });
    const overflow = await overflowX(p);
    assert(overflow <= 0, `${w}x${h}: page is ${overflow}px wider than the window`);
  };
  await shoot(page, 1280, 720);
  // A fresh sync on a phone-sized page.
  const phone = await openPage(context, { width: 390, height: 844 });
  const { state, text } = await syncFromLink(phone, base);
  assert(state === 'verified' && text === `Finalized: slot ${FINAL_SLOT}`, `390x844: ${state}: ${text}`);
  await phone.locator('#cards li.card[data-verdict="liar"]').waitFor({ timeout: WAIT_MS });
  await shoot(phone, 390, 844);
  await phone.close();
});

const ACCOUNT = JSON.parse(readFileSync(path.join(scenarioDir, '..', 'account-17463226.json')));

test('Check an account: the recorded answer is walked node by node, and a tampered node is named', async ({ context, base }) => {
  const page = await openPage(context, { width: 1280, height: 720 }, `${base}#/live`);
  await page.click('#account-recorded');
  await page.locator('#account-verdict[data-state="verified"]').waitFor({ timeout: WAIT_MS });
  assert((await page.textContent('#account-state-root')).trim() === ACCOUNT.state_root, 'the recorded state root');
  const badge = await page.locator('#account-answer .figure:has(#account-state-root) .src').getAttribute('class');
  assert(badge.includes('src-reported'), `the recorded state root is badged reported, not verified: ${badge}`);
  assert(await page.locator('#account-answer .src-verified').count() === 0, 'nothing of the recorded answer is badged verified');
  const nodes = ACCOUNT.eth_getProof.accountProof.length;
  assert(await page.locator('#account-path > li[data-state="ok"]').count() === nodes, `${nodes} nodes checked`);
  const balance = BigInt(ACCOUNT.eth_getProof.balance).toString();
  assert((await page.textContent('#account-balance')).includes(`(${balance} wei)`), 'the balance the proof shows');
  assert(await page.locator('#account-key span.taken').count() === 64, 'the walk took all 64 nibbles of the key');
  await screenshot(page, 'account-recorded-1280x720', { fullPage: true });
  await page.selectOption('#account-tamper', '3');
  await page.locator('#account-verdict[data-state="rejected"]').waitFor({ timeout: WAIT_MS });
  const refusal = await page.textContent('#account-verdict');
  assert(refusal.includes('proof node 3: its hash is'), refusal);
  assert(await page.locator('#account-path > li:nth-child(4)[data-state="failed"]').count() === 1, 'node 3 is marked');
  assert(await page.locator('#account-balance').count() === 0, 'no balance is shown for a refused answer');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'account-tampered-390x844', { fullPage: true });
  const overflow = await overflowX(page);
  assert(overflow <= 0, `390x844: page is ${overflow}px wider than the window`);
  await page.close();
});

test('Check an account at the verified head: an answer for another block is refused', async ({ context, base, execution }) => {
  const page = await openPage(context, { width: 1280, height: 720 });
  const { state } = await syncFromLink(page, base);
  assert(state === 'verified', state);
  await page.fill('#account-endpoint', execution.url);
  await page.fill('#account-address', ACCOUNT.eth_getProof.address);
  await page.click('#account-check');
  await page.locator('#account-verdict[data-state="rejected"]').waitFor({ timeout: WAIT_MS });
  const refusal = await page.textContent('#account-verdict');
  assert(refusal.includes('proof node 0: its hash is'), refusal);
  const asked = execution.calls.find((c) => c.method === 'eth_getProof');
  assert(asked?.params[2] === `0x${(17923026).toString(16)}`, `asked at the verified block: ${JSON.stringify(asked)}`);
  assert((await page.textContent('#account-state-root')).trim() === FINALITY_JSON.data.finalized_header.execution.state_root, 'the verified state root');
  await page.close();
});

test('following the chain: the views show the live run, and the timeline moves as streamed heads arrive', async ({ context, base }) => {
  // The stream-heads node serves its last recorded update's heads until its event stream (one
  // event every 2 s) has sent the recorded finality and optimistic updates.
  const LAST_UPDATE = JSON.parse(readFileSync(path.join(scenarioDir, 'updates.json'))).at(-1).data;
  const caughtUp = Number(LAST_UPDATE.finalized_header.beacon.slot);
  const optimisticSlot = Number(JSON.parse(readFileSync(path.join(scenarioDir, 'optimistic.json'))).data.attested_header.beacon.slot);
  assert(caughtUp < FINAL_SLOT, `the last update finalizes ${caughtUp}, before ${FINAL_SLOT}`);
  const page = await openPage(context, { width: 1280, height: 720 });
  await page.goto(`${base}?checkpoint=${CHECKPOINT}&endpoint=${encodeURIComponent(streamUrl)}&slot=${NOW_SLOT}#/live`, { waitUntil: 'load' });
  await page.click('#link-checkpoint-use');
  await page.locator('#worker-status[data-state="ready"]').waitFor({ timeout: WAIT_MS }).catch(() => {});
  await page.check('#live-follow');
  await page.click('#live-start');
  await page.click('a[href="#/timeline"]');
  const finalized = () => page.locator('#tl-finalized').textContent().then(Number).catch(() => NaN);
  // First the heads of the catch-up, then, with the page open, the streamed ones.
  await page.waitForFunction((slot) => document.querySelector('#tl-finalized')?.textContent === String(slot), caughtUp, { timeout: WAIT_MS, polling: 50 });
  const lede = await page.textContent('#timeline-view .lede');
  assert(lede.includes('This is the live run'), `the timeline says it shows the live run: ${lede}`);
  await page.waitForFunction((slot) => document.querySelector('#tl-finalized')?.textContent === String(slot), FINAL_SLOT, { timeout: WAIT_MS, polling: 50 });
  await page.waitForFunction((slot) => document.querySelector('#tl-optimistic')?.textContent === String(slot), optimisticSlot, { timeout: WAIT_MS, polling: 50 });
  assert(await finalized() === FINAL_SLOT, 'the timeline shows the streamed finalized head');
  const slot = Number(await page.textContent('#tl-slot'));
  assert(slot >= optimisticSlot, `the cursor moved to the newest head: slot ${slot}`);
  const events = await page.locator('#timeline-view .events li').allInnerTexts();
  assert(events.some((e) => e.startsWith('slot ') && e.includes('bootstrap')), `events: ${events.join(' | ')}`);
  // Every view reads the same run: the finality view shows the streamed finalized header too.
  await page.click('a[href="#/finality"]');
  await page.waitForFunction((slot) => document.querySelector('#fin-slot')?.textContent === String(slot), FINAL_SLOT, { timeout: WAIT_MS });
  assert(!(await page.locator('text=trusted as given').count()), 'a live run is never "trusted as given"');
  await screenshot(page, 'live-follow-finality-1280x720');
  await page.click('a[href="#/live"]');
  const status = await page.locator('#live-status').getAttribute('data-state');
  assert(status === 'following', `live status while following: ${status}`);
  const log = await page.locator('#live-log').innerText();
  assert(log.includes(`finalized slot ${caughtUp}`) && log.includes(`finalized slot ${FINAL_SLOT}`), `log:\n${log}`);
  await page.click('#live-stop');
  await page.locator('#live-status[data-state="stopped"]').waitFor({ timeout: WAIT_MS });
  const stopped = await page.textContent('#live-status');
  assert(stopped.includes(`the last verified finalized head is slot ${FINAL_SLOT}`), stopped);
  const saved = await page.textContent('#live-saved');
  assert(saved.includes(`the verified finalized head, slot ${FINAL_SLOT}`), `a stopped run keeps its verified head: ${saved}`);
  await page.close();
});

test('no page errors or console errors', async () => {
  assert(problems.length === 0, problems.join('\n'));
});

test('every fake node was asked, and no request left 127.0.0.1', async () => {
  for (const u of [honestUrl, liarUrl, streamUrl]) {
    assert(requests.some((r) => r.startsWith(`${u}/eth/v1/beacon/light_client/`)), `no light-client request to ${u} was seen`);
  }
  assertStayedOnLoopback(requests);
});

// ---- main -----------------------------------------------------------------------------------

requireDist();
run(async (atEnd) => {
  atEnd(stopFakeNodes);
  [honestUrl, liarUrl, streamUrl] = await startFakeNodes(MODES);
  const server = await serve(distDir);
  atEnd(() => server.close());
  const base = baseUrl(server);
  console.log(`e2e live: serving ${path.relative(process.cwd(), distDir) || '.'} at ${base}; fake nodes ${MODES.map((m, i) => `${m} ${[honestUrl, liarUrl, streamUrl][i]}`).join(', ')}; browser ${chromiumPath}`);
  const browser = await launchChromium('lucid-e2e-live-profile-');
  atEnd(browser.close);
  browser.context.on('request', (r) => requests.push(r.url()));
  const execution = await fakeExecutionNode(ACCOUNT.eth_getProof);
  atEnd(() => execution.server.close());
  return { context: browser.context, base, execution };
});
