// End-to-end test of the views that teach validator duties (headless Chromium via playwright-core).
//   node tests/e2e/duties.spec.mjs [dist-dir]
// Slashing: the spec's verdict on two votes, and Electra's penalties checked against the formulas
// computed here; Why 2/3: the thirds of the stake and the inactivity leak; One check and Threshold
// keys: the worker's BLS results re-checked with an independent BLS library (@noble/curves);
// screenshots at 1280x720 and 390x844; prints `N passed, N failed`.

import { bls12_381 as bls } from '@noble/curves/bls12-381.js';
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
// Screenshots at 1280x720 and 390x844 (whole page), and no sideways scrolling on the phone; the
// window is back at 1280x720 afterwards.
async function bothSizes(name) {
  await shot(page, `views-${name}-1280x720`);
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, `views-${name}-390x844`, { fullPage: true });
  const overflow = await overflowX(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  assert(overflow <= 0, `${name} on a phone: ${overflow}px wider than the window`);
}
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
  // A proposer's two blocks: same slot, different bodies is slashable; same body, or another slot, is not.
  const propKind = () => page.locator('#prop-verdict').getAttribute('data-kind');
  assert(await propKind() === 'equivocation', `two bodies in one slot: ${await propKind()}`);
  await page.click('#prop2-body-A');
  assert(await propKind() === 'same', `one block twice: ${await propKind()}`);
  await page.click('#prop2-body-B');
  await page.click('#prop2-slot-next');
  assert(await propKind() === 'safe' && (await text('#prop2-slot')) === '7109345', `consecutive slots: ${await propKind()}`);
  await page.click('#prop2-slot-prev');
  assert(await propKind() === 'equivocation', 'back to one slot');
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
  await bothSizes('chosen');
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
  await bothSizes('two-thirds');
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
  await bothSizes('earnings');
});

// One check and Threshold keys: what the worker computed with blst, re-checked with @noble/curves.
const DST = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_';
const MESSAGE = 'attest: slot 7109344, target epoch 222167';
const G1 = bls.G1.Point;
const hashed = (m) => bls.longSignatures.hash(new TextEncoder().encode(m), DST);
const bytes = (hex) => Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));
const nobleVerify = (sig, pks) => bls.longSignatures.verify(bytes(sig), hashed(MESSAGE), bls.longSignatures.aggregatePublicKeys(pks.map(bytes)));
const titles = (sel) => page.locator(sel).evaluateAll((cells) => cells.map((c) => c.getAttribute('title')));
const bitlist = (hex) => {
  const bytes = Buffer.from(hex.slice(2), 'hex');
  const bits = [...bytes].flatMap((b) => [...Array(8).keys()].map((i) => (b >> i) & 1));
  return bits.slice(0, bits.lastIndexOf(1));
};

test('one check: the block\'s aggregates as its file has them, and an aggregate signature checked by another BLS library', async ({ base }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`${base}#/aggregate`);
  await page.locator('#agg-block').waitFor({ timeout: WAIT_MS });
  const atts = JSON.parse(readFileSync(path.join(scenarioDir, 'blocks', '7109344.json'))).data.message.body.attestations;
  const groups = new Map();
  for (const a of atts) {
    const key = `${a.data.slot}/${a.data.index}`;
    groups.set(key, [...(groups.get(key) ?? []), bitlist(a.aggregation_bits)]);
  }
  let votes = 0; let overlapping = 0; let distinct = 0;
  for (const lists of groups.values()) {
    votes += lists.flat().filter(Boolean).length;
    const len = Math.max(...lists.map((l) => l.length));
    for (let m = 0; m < len; m++) {
      const n = lists.filter((l) => l[m]).length;
      distinct += n > 0; overlapping += n > 1;
    }
  }
  const block = page.locator('#agg-block');
  const got = async (k) => Number(await block.getAttribute(`data-${k}`));
  assert(await got('aggregates') === atts.length, `aggregates ${await got('aggregates')} vs ${atts.length}`);
  assert(await got('votes') === votes, `votes ${await got('votes')} vs ${votes}`);
  assert(await got('committees') === groups.size, `committees ${await got('committees')} vs ${groups.size}`);
  assert(await got('overlapping') === overlapping && await got('distinct') === distinct, `overlap ${await got('overlapping')}/${overlapping}, distinct ${await got('distinct')}/${distinct}`);
  // The playground: four signers, all included.
  await page.locator('#bls-all .check[data-ok="true"]').waitFor({ timeout: WAIT_MS });
  const keysOf = async () => (await titles('#bls-signers-table tbody td:nth-child(2)'));
  const aggregateOf = () => page.locator('#bls-aggregate').getAttribute('title');
  let pks = await keysOf();
  assert(pks.length === 4, `${pks.length} signers`);
  assert(nobleVerify(await aggregateOf(), pks), 'noble: the aggregate verifies against the four keys');
  // Leave validator 2 out: fails against all four keys, verifies against the other three, in both libraries.
  await page.click('#bls-drop-2');
  await page.locator('#bls-all .check[data-ok="false"]').waitFor({ timeout: WAIT_MS });
  assert(await page.locator('#bls-included .check[data-ok="true"]').count() === 1, 'verifies against the included keys');
  const agg = await aggregateOf();
  assert(!nobleVerify(agg, pks), 'noble: a missing signature fails against every key');
  assert(nobleVerify(agg, [pks[0], pks[2], pks[3]]), 'noble: it verifies against the three included keys');
  // The rogue key sums with the victim's to the attacker's; only honest keys prove possession.
  const rogue = page.locator('#bls-rogue');
  assert(await rogue.getAttribute('data-forged') === 'true' && await rogue.getAttribute('data-rogue-pop') === 'false' && await rogue.getAttribute('data-victim-pop') === 'true', 'rogue-key verdicts');
  const [rk, ak, vk] = await Promise.all(['data-rogue-key', 'data-attacker-key', 'data-victim-key'].map((a) => rogue.getAttribute(a)));
  assert(G1.fromHex(rk.slice(2)).add(G1.fromHex(vk.slice(2))).equals(G1.fromHex(ak.slice(2))), 'noble: rogue + victim = attacker');
  assert(vk === pks[0], 'the victim is validator 1');
  assert(await page.locator('#aggregate-view .src-computed').count() >= 5, 'teaching-key figures badged computed');
  await bothSizes('aggregate');
});

// Lagrange coefficients at 0 in the scalar field, for checking the view's.
const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
const modpow = (b, e) => { let r = 1n; b %= R; while (e > 0n) { if (e & 1n) r = r * b % R; b = b * b % R; e >>= 1n; } return r; };
const lagrange = (i, set) => set.filter((j) => j !== i).reduce((acc, j) => acc * BigInt(j) % R * modpow((BigInt(j) - BigInt(i) + R) % R, R - 2n) % R, 1n);

test('threshold keys: any 3 of 5 partial signatures combine into the validator\'s signature, 2 do not', async ({ base }) => {
  await page.goto(`${base}#/threshold`);
  const result = page.locator('#tk-result');
  await page.locator('#tk-result[data-online="5"][data-verifies="true"]').waitFor({ timeout: WAIT_MS });
  const validator = await page.locator('#tk-validator').getAttribute('title');
  const shares = await titles('#tk-operators tbody td:nth-child(2)');
  const partials = await titles('#tk-operators tbody td:nth-child(3)');
  assert(shares.length === 5 && partials.length === 5, 'five operators');
  for (let i = 0; i < 5; i++) {
    assert(nobleVerify(partials[i], [shares[i]]), `noble: operator ${i + 1}'s partial verifies under its share`);
    assert(!nobleVerify(partials[i], [validator]), `noble: operator ${i + 1}'s partial alone is not the validator's signature`);
  }
  const combined = () => page.locator('#tk-combined').getAttribute('title');
  for (const [off, online, ok] of [[[], [1, 2, 3, 4, 5], true], [[1, 4], [2, 3, 5], true], [[1, 4, 5], [2, 3], false]]) {
    for (const n of off) if ((await page.locator(`#tk-op-${n}`).getAttribute('aria-pressed')) === 'true') await page.click(`#tk-op-${n}`);
    await page.locator(`#tk-result[data-online="${online.length}"]`).waitFor({ timeout: WAIT_MS });
    assert(await result.getAttribute('data-verifies') === String(ok), `${online}: verifies ${await result.getAttribute('data-verifies')}`);
    assert(nobleVerify(await combined(), [validator]) === ok, `noble: ${online} combined ${ok ? 'verifies' : 'fails'} under the validator's key`);
    const shown = await titles('#tk-operators tbody td:nth-child(5)');
    for (const i of online) {
      const want = `0x${lagrange(i, online).toString(16).padStart(64, '0')}`;
      assert(shown[i - 1] === want, `λ of ${i} over ${online}: ${shown[i - 1]} vs ${want}`);
    }
  }
  await bothSizes('threshold');
});

// Builders: the block's fee recipient, its last transaction decoded here from RLP, and the burned base fee.
function rlpItems(buf) {
  const item = (b, at) => {
    const p = b[at];
    if (p < 0x80) return { list: false, start: at, len: 1, end: at + 1 };
    if (p < 0xb8) return { list: false, start: at + 1, len: p - 0x80, end: at + 1 + p - 0x80 };
    if (p < 0xc0) { const n = p - 0xb7; const len = b.readUIntBE(at + 1, n); return { list: false, start: at + 1 + n, len, end: at + 1 + n + len }; }
    if (p < 0xf8) return { list: true, start: at + 1, len: p - 0xc0, end: at + 1 + p - 0xc0 };
    const n = p - 0xf7; const len = b.readUIntBE(at + 1, n); return { list: true, start: at + 1 + n, len, end: at + 1 + n + len };
  };
  const outer = item(buf, 0);
  const items = [];
  for (let at = outer.start; at < outer.end;) { const it = item(buf, at); items.push(buf.subarray(it.start, it.start + it.len)); at = it.end; }
  return items;
}

test('builders: the fee recipient, the builder\'s payment and the burned base fee, as the block file has them', async ({ base }) => {
  await page.goto(`${base}#/builders`);
  const today = page.locator('#pbs-today');
  await today.waitFor({ timeout: WAIT_MS });
  const payload = JSON.parse(readFileSync(path.join(scenarioDir, 'blocks', '7109344.json'))).data.message.body.execution_payload;
  const tx = Buffer.from(payload.transactions.at(-1).slice(2), 'hex');
  assert(tx[0] === 2, 'an EIP-1559 transaction');
  const fields = rlpItems(tx.subarray(1));
  const to = `0x${fields[5].toString('hex')}`;
  const value = BigInt(`0x${fields[6].toString('hex') || '0'}`);
  assert(await today.getAttribute('data-fee-recipient') === payload.fee_recipient, 'fee recipient');
  assert(await today.getAttribute('data-to') === to, `payment to ${await today.getAttribute('data-to')}, expected ${to}`);
  assert(await today.getAttribute('data-value-wei') === value.toString(), `value ${await today.getAttribute('data-value-wei')}, expected ${value}`);
  const burned = BigInt(payload.gas_used) * BigInt(payload.base_fee_per_gas);
  assert(await today.getAttribute('data-burned-wei') === burned.toString(), `burned ${await today.getAttribute('data-burned-wei')}, expected ${burned}`);
  assert(await page.locator('#builders-view .src-verified').count() >= 3, 'the linked block\'s payload fields are badged verified');
  await bothSizes('builders');
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
