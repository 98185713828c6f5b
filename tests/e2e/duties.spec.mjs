// End-to-end test of the views that teach validator duties (headless Chromium via playwright-core).
//   node tests/e2e/duties.spec.mjs [dist-dir]
// Slashing: the spec's verdict on two votes, and Electra's penalties checked against the formulas
// computed here; Why 2/3: the thirds of the stake and the inactivity leak; screenshots at 1280x720 and 390x844; prints `N passed, N failed`.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  assert, baseUrl, distDir, launchChromium, openPage, overflowX, problems, requireDist, run,
  scenarioDir, screenshot as shot, serve, test,
} from './lib.mjs';

const WAIT_MS = 60_000;
const GWEI = 1_000_000_000n;

// Electra's slashing arithmetic (specs/electra/beacon-chain.md: slash_validator, process_slashings), in Gwei.
const initialPenalty = (eb) => eb / 4096n;
const correlationPenalty = (eb, slashed, total) => {
  const adjusted = slashed * 3n < total ? slashed * 3n : total;
  return (adjusted / (total / GWEI)) * (eb / GWEI);
};
const eth = (gwei) => {
  const frac = (gwei % GWEI).toString().padStart(9, '0').replace(/0+$/, '');
  return `${gwei / GWEI}${frac ? `.${frac}` : ''}`;
};

let page;
const text = async (sel) => (await page.locator(sel).first().textContent({ timeout: WAIT_MS })).trim();
const setVote = async (n, source, target, block) => {
  await page.fill(`#vote${n}-source`, String(source));
  await page.fill(`#vote${n}-target`, String(target));
  await page.click(`#vote${n}-block-${block}`);
};
const verdict = () => page.locator('#slash-verdict').getAttribute('data-kind');

test('slashing: the spec names double and surround votes, in either order, and safe pairs', async ({ context, base }) => {
  page = await openPage(context, { width: 1280, height: 720 }, `${base}#/slashing`);
  await page.locator('#slashing-view').waitFor({ timeout: WAIT_MS });
  assert(await page.locator('#tab-slashing').count() === 1, 'a Slashing tab');
  const cases = [
    [[100, 101, 'A'], [100, 101, 'B'], 'double'],
    [[100, 101, 'A'], [100, 101, 'A'], 'same'],
    [[99, 103, 'A'], [100, 102, 'A'], 'surround'],
    [[100, 102, 'A'], [99, 103, 'A'], 'surround'],
    [[99, 102, 'A'], [100, 102, 'B'], 'double'],
    [[99, 102, 'A'], [100, 103, 'A'], 'safe'],
    [[100, 101, 'A'], [101, 102, 'B'], 'safe'],
  ];
  for (const [v1, v2, want] of cases) {
    await setVote(1, ...v1);
    await setVote(2, ...v2);
    const got = await verdict();
    assert(got === want, `${v1} / ${v2}: ${got}, expected ${want}`);
  }
  assert(/vote 2 \(99 → 103\) surrounds vote 1/.test(await (async () => { await setVote(1, 100, 102, 'A'); await setVote(2, 99, 103, 'A'); return text('#slash-verdict'); })()), 'names which vote surrounds');
  assert(await page.locator('#slashing-view .src-computed').count() >= 4, 'figures badged computed');
  assert(await page.locator('#slashing-view .src-verified').count() === 0, 'nothing here is badged verified');
  await page.getByRole('button', { name: 'Surround vote' }).click();
  await shot(page, 'views-slashing-1280x720');
});

test('slashing: penalties follow Electra for each balance and share slashed', async () => {
  const total = 34_000_000n;
  for (const [ebEth, percent] of [[32n, 1n], [2048n, 1n], [32n, 10n], [32n, 34n], [2048n, 0n]]) {
    await page.click(`#eb-${ebEth}`);
    await page.fill('#slash-total', String(total));
    await page.locator('#slash-percent').fill(String(percent));
    const eb = ebEth * GWEI;
    const totalGwei = total * GWEI;
    const init = initialPenalty(eb);
    const corr = correlationPenalty(eb, totalGwei * percent / 100n, totalGwei);
    const lost = init + corr < eb ? init + corr : eb;
    assert(await text('#slash-initial') === eth(init), `${ebEth} ETH: initial ${await text('#slash-initial')}, expected ${eth(init)}`);
    assert(await text('#slash-correlation') === eth(corr), `${ebEth} ETH, ${percent}%: correlation ${await text('#slash-correlation')}, expected ${eth(corr)}`);
    assert(await text('#slash-total-lost') === eth(lost), `${ebEth} ETH, ${percent}%: lost ${await text('#slash-total-lost')}, expected ${eth(lost)}`);
  }
});

test('slashing at phone size 390x844: no sideways scrolling', async ({ context, base }) => {
  const p = await openPage(context, { width: 390, height: 844 }, `${base}#/slashing`);
  await p.locator('#slashing-view').waitFor({ timeout: WAIT_MS });
  await p.getByRole('button', { name: 'Surround vote' }).click();
  await shot(p, 'views-slashing-390x844', { fullPage: true });
  const overflow = await overflowX(p);
  assert(overflow <= 0, `${overflow}px wider than the window`);
  await p.close();
});

// Who is chosen: the seed and the swap-or-not shuffle, checked against this file's own implementation
// of the spec's get_seed and compute_shuffled_index (phase0), with Node's SHA-256.
const sha256 = (...parts) => createHash('sha256').update(Buffer.concat(parts)).digest();
const u64le = (n) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(n)); return b; };
const le = (n, bytes) => u64le(n).subarray(0, bytes);
function shuffledIndex(index, count, seed, rounds = 90) {
  let i = BigInt(index);
  const n = BigInt(count);
  for (let r = 0; r < rounds; r++) {
    const pivot = sha256(seed, Buffer.from([r])).readBigUInt64LE(0) % n;
    const flip = (pivot + n - i) % n;
    const position = i > flip ? i : flip;
    const source = sha256(seed, Buffer.from([r]), le(position / 256n, 4));
    const byte = source[Number((position % 256n) / 8n)];
    if ((byte >> Number(position % 8n)) & 1) i = flip;
  }
  return Number(i);
}

test('who is chosen: the seed from the verified block\'s prev_randao, and the shuffle, as the spec computes them', async ({ base }) => {
  const block = JSON.parse(readFileSync(path.join(scenarioDir, 'blocks', '7109344.json'))).data.message;
  const mix = Buffer.from(block.body.execution_payload.prev_randao.slice(2), 'hex');
  const epoch = 7109344 / 32 + 1;
  const seed = sha256(Buffer.from([1, 0, 0, 0]), u64le(epoch), mix);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`${base}#/chosen`);
  await page.locator('#chosen-seed').waitFor({ timeout: WAIT_MS });
  assert(await page.locator('#chosen-seed').getAttribute('title') === `0x${seed.toString('hex')}`, 'the attester seed of epoch 222168');
  assert(await page.locator('#chosen-view .src-verified, #chosen-view .src-given').count() >= 2, 'the block and its mix are badged by the verified run');
  for (const n of [16, 5]) {
    await page.fill('#small-len', String(n));
    await page.locator(`#permutation li:nth-child(${n})`).waitFor({ timeout: WAIT_MS });
    await page.waitForFunction((k) => document.querySelector('#permutation').dataset.permutation.split(',').length === k, n);
    const shown = (await page.locator('#permutation').getAttribute('data-permutation')).split(',').map(Number);
    const want = [...Array(n).keys()].map((i) => shuffledIndex(i, n, seed));
    assert(shown.join() === want.join(), `n=${n}: ${shown} vs ${want}`);
  }
  await page.fill('#small-len', '16');
  await page.locator('#permutation li:nth-child(16)').waitFor({ timeout: WAIT_MS });
  await page.locator('#round-scrub').fill('0');
  assert(/^round 1 of 90/.test(await text('#round-number')), await text('#round-number'));
  const pivot0 = Number(sha256(seed, Buffer.from([0])).readBigUInt64LE(0) % 16n);
  assert((await text('#round-text')).startsWith(`pivot = hash(seed ‖ 0)[0:8] mod 16 = ${pivot0};`), await text('#round-text'));
  // At real size: the validator at the chosen position is where compute_shuffled_index puts it.
  await page.fill('#active-count', '700000');
  await page.fill('#active-position', '4242');
  await page.waitForFunction(() => document.querySelector('#chosen-place')?.textContent.length > 0);
  await page.waitForTimeout(500);
  const at = Number(await page.locator('#chosen-place').getAttribute('data-shuffled-at'));
  assert(shuffledIndex(at, 700000, seed) === 4242, `shuffled place ${at} does not lead back to position 4242`);
  const cps = Math.max(1, Math.min(64, Math.floor(700000 / 32 / 128)));
  assert(Number(await text('#chosen-cps')) === cps, 'committees per slot');
  const k = [...Array(cps * 32).keys()].find((j) => Math.floor(700000 * (j + 1) / (cps * 32)) > at);
  const slot = Number(await page.locator('#chosen-place').getAttribute('data-slot'));
  const committee = Number(await page.locator('#chosen-place').getAttribute('data-committee'));
  assert(slot === epoch * 32 + Math.floor(k / cps) && committee === k % cps, `slot ${slot} committee ${committee}, expected committee number ${k}`);
  await shot(page, 'views-chosen-1280x720');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'views-chosen-390x844', { fullPage: true });
  const overflow = await overflowX(page);
  assert(overflow <= 0, `phone: ${overflow}px wider than the window`);
});

// Why 2/3: the lines at a third and two thirds of the stake, and the inactivity leak.
const setSlider = async (id, value) => { await page.locator(`#${id}`).fill(String(value)); };
const leakEpochs = async () => Number((await text('#bound-liveness')).match(/after (\d+) epochs/)?.[1]);

test('why 2/3: finality stops past 1/3 offline and the leak takes longer the more is offline', async ({ base }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`${base}#/two-thirds`);
  await page.locator('#bound-view').waitFor({ timeout: WAIT_MS });
  await setSlider('bound-dishonest', 0);
  await setSlider('bound-offline', 33);
  assert(await page.locator('#bound-liveness').getAttribute('data-live') === 'true', '33% offline: finality continues');
  await setSlider('bound-offline', 34);
  assert(await page.locator('#bound-liveness').getAttribute('data-live') === 'false', '34% offline: finality stops');
  const e34 = await leakEpochs();
  await setSlider('bound-offline', 50);
  const e50 = await leakEpochs();
  assert(e34 > 0 && e50 > e34, `leak epochs at 34% ${e34}, at 50% ${e50}`);
  // Half offline: finality needs the silent half down to 16 ETH each (EJECTION_BALANCE): ~2**12 epochs of
  // a score growing by 4 per epoch (eb * score / 2**26 per epoch), give or take hysteresis and missed-vote penalties.
  assert(e50 > 4000 && e50 < 5000, `half offline: ${e50} epochs`);
  assert(/down to 16\.\d+ ETH/.test(await text('#bound-liveness')), await text('#bound-liveness'));
  await setSlider('bound-offline', 0);
  await setSlider('bound-dishonest', 33);
  assert(await page.locator('#bound-safety').getAttribute('data-safe') === 'true', '33% dishonest: safe');
  await setSlider('bound-dishonest', 34);
  assert(await page.locator('#bound-safety').getAttribute('data-safe') === 'false', '34% dishonest: conflicting finality possible');
  for (const [share, band] of [[20, 'under'], [40, 'halt'], [70, 'over']]) {
    await setSlider('bound-client', share);
    assert(await page.locator('#bound-client-text').getAttribute('data-band') === band, `client at ${share}%: ${band}`);
  }
  assert(await text('#bound-lc-line') === String(Math.ceil(512 * 2 / 3)), 'the light client line is 342 of 512');
  await setSlider('bound-dishonest', 10);
  await setSlider('bound-offline', 30);
  await shot(page, 'views-two-thirds-1280x720');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'views-two-thirds-390x844', { fullPage: true });
  const overflow = await overflowX(page);
  assert(overflow <= 0, `phone: ${overflow}px wider than the window`);
});

// Earnings: Altair's weights (14/26/14 votes, 8 proposer, 2 sync of 64), computed here independently.
const isqrt = (n) => { let x = n, y = (x + 1n) / 2n; while (y < x) { x = y; y = (x + n / x) / 2n; } return x; };

test('earnings: the base reward and the yearly sum follow the spec\'s reward weights', async ({ base }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`${base}#/earnings`);
  await page.locator('#earnings-view').waitFor({ timeout: WAIT_MS });
  for (const [ebEth, totalEth, pct] of [[32n, 34_000_000n, 100n], [2048n, 34_000_000n, 80n], [32n, 1_000_000n, 100n]]) {
    await page.click(`#earn-eb-${ebEth}`);
    await page.fill('#earn-total', String(totalEth));
    await page.locator('#earn-participation').fill(String(pct));
    const total = totalEth * GWEI;
    const perIncrement = GWEI * 64n / isqrt(total);
    const baseReward = ebEth * perIncrement;
    assert(await text('#earn-base') === String(baseReward), `${ebEth} ETH of ${totalEth}: base reward ${await text('#earn-base')}, expected ${baseReward}`);
    const increments = totalEth;
    const participating = increments * pct / 100n;
    const flags = [14n, 26n, 14n].map((w) => baseReward * w * participating / (increments * 64n));
    const tbr = Number(perIncrement) * Number(increments);
    const pr = tbr * 2 / 64 / 32 / 512;
    const share = Number(ebEth) / Number(totalEth);
    const p = Number(pct) / 100;
    const proposer = share * (tbr * 54 * p / 448 + 32 * 512 * p * pr * 8 / 56);
    const sync = 512 * share * 32 * pr;
    const year = (Number(flags.reduce((a, b) => a + b, 0n)) + proposer + sync) * 365.25 * 225 / 1e9;
    const shown = Number(await text('#earn-year'));
    assert(Math.abs(shown - year) < 0.00011, `${ebEth} ETH of ${totalEth} at ${pct}%: ${shown} ETH a year, expected ${year.toFixed(4)}`);
  }
  await page.click('#earn-eb-32');
  await page.fill('#earn-total', '34000000');
  await page.locator('#earn-participation').fill('97');
  await shot(page, 'views-earnings-1280x720');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'views-earnings-390x844', { fullPage: true });
  const overflow = await overflowX(page);
  assert(overflow <= 0, `phone: ${overflow}px wider than the window`);
});

test('no page errors or console errors', async () => { assert(problems.length === 0, problems.join('\n')); });

requireDist();
run(async (atEnd) => {
  const server = await serve(distDir);
  atEnd(() => server.close());
  const browser = await launchChromium('lucid-duties-');
  atEnd(browser.close);
  return { context: browser.context, base: baseUrl(server) };
}, { messageLines: 6 });
