// End-to-end test of the visualizer's views in the built app (dist/), headless Chromium via playwright-core.
//   node tests/e2e/views.spec.mjs [dist-dir]
// Opens every view and every presenter scenario, checks what they show against the scenario's JSON,
// saves screenshots at 1280x720 and 390x844 into tests/e2e/screenshots/, prints `N passed, N failed`.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  assert, baseUrl, distDir, headerRoot, launchChromium, openPage, overflowX, problems, requireDist, run,
  scenarioDir as scenario, screenshot as shot, serve, test,
} from './lib.mjs';

const WAIT_MS = 60_000;

// ---- expected values, computed here from the JSON --------------------------------------------
const popcount = (hex) => [...Buffer.from(hex.slice(2), 'hex')].reduce((n, b) => n + b.toString(2).split('1').length - 1, 0);
const finality = JSON.parse(readFileSync(path.join(scenario, 'finality.json'))).data;
const finalityParticipants = popcount(finality.sync_aggregate.sync_committee_bits);
const finalizedSlot = Number(finality.finalized_header.beacon.slot);
const finalizedRoot = headerRoot(finality.finalized_header.beacon);
const optimisticRoot = headerRoot(JSON.parse(readFileSync(path.join(scenario, 'optimistic.json'))).data.attested_header.beacon);
const block344 = JSON.parse(readFileSync(path.join(scenario, 'blocks', '7109344.json'))).data.message;
const block344Attestations = block344.body.attestations.length;
const block344Sync = popcount(block344.body.sync_aggregate.sync_committee_bits);

// Every view's route, and the views that show nothing of a run the core refused but its reason
// (the others compute from inputs alone).
const VIEW_IDS = ['timeline', 'finality', 'committee', 'steps', 'tamper', 'block', 'chosen', 'aggregate', 'threshold', 'builders', 'slashing', 'two-thirds', 'earnings', 'present'];
const DATA_VIEWS = ['timeline', 'finality', 'committee', 'steps', 'tamper', 'block', 'chosen', 'aggregate', 'builders'];

let page;

const text = async (sel) => (await page.locator(sel).first().textContent({ timeout: WAIT_MS })).trim();

test('every view is a tab with its own #/ route', async ({ context, base }) => {
  page = await openPage(context, { width: 1280, height: 720 }, `${base}#/timeline`);
  for (const id of VIEW_IDS) {
    await page.locator(`#tab-${id}`).waitFor({ timeout: WAIT_MS });
  }
});

test('timeline: replay starts at the bootstrap and steps to the verified heads', async () => {
  await page.locator('#tl-slot').waitFor({ timeout: WAIT_MS });
  await page.locator('#timeline-view').focus();
  for (let i = 0; i < 20; i++) await page.keyboard.press(']');
  const fin = Number(await text('#tl-finalized'));
  assert(fin === finalizedSlot, `finalized head ${fin}, expected ${finalizedSlot}`);
  assert(Number(await text('#tl-optimistic')) === 7109431, 'optimistic head');
  await page.keyboard.press('Shift+ArrowLeft');
  assert((await page.locator('.epoch-strip li').count()) === 32, '32 slot cells');
  await shot(page, 'views-timeline-1280x720');
});

test('finality: finalized 7109344 is the first slot of epoch 222167; participation from the JSON', async ({ base }) => {
  await page.goto(`${base}#/finality`);
  await page.locator('#fin-slot').waitFor({ timeout: WAIT_MS });
  assert(Number(await text('#fin-slot')) === finalizedSlot, 'finalized slot');
  assert(Number(await text('#fin-state-epoch')) === finalizedSlot / 32, 'finalized epoch in the state');
  assert((await text('#fin-participants')).startsWith(`${finalityParticipants} / 512`), `participants ${await text('#fin-participants')}`);
  await page.locator('#fin-links tbody tr').first().waitFor({ timeout: WAIT_MS });
  await shot(page, 'views-finality-1280x720');
});

test('sync committee: 512 cells, lit count equals the finality update bits', async ({ base }) => {
  await page.goto(`${base}#/committee`);
  await page.locator('.committee-grid').waitFor({ timeout: WAIT_MS });
  assert((await page.locator('.committee-grid .m').count()) === 512, '512 cells');
  assert((await page.locator('.committee-grid .m.on').count()) === finalityParticipants, 'lit cells');
  assert((await text('#sc-count')).includes('threshold (342)'), 'threshold 342');
  await shot(page, 'views-committee-1280x720');
});

test('step-through: domain, signing root and the finality branch at gindex 105', async ({ base }) => {
  await page.goto(`${base}#/steps`);
  await page.locator('#stepper-view').waitFor({ timeout: WAIT_MS });
  await page.getByRole('button', { name: 'show all steps' }).click();
  const steps = await page.locator('#sig-steps').innerText();
  assert(/0x07000000/.test(steps) && /signing root/.test(steps), 'signature steps');
  const branch = page.locator('figure.branch').first();
  assert((await branch.innerText()).includes('gindex 105'), 'finality gindex');
  await branch.locator('g.node.sibling').first().hover();
  assert((await branch.locator('.node-bytes').innerText()).includes('0xd763030000'), 'hovered sibling bytes (epoch 222167)');
  await shot(page, 'views-steps-1280x720');
});

test('tamper: a flipped finality-branch byte is rejected and the store is unchanged', async ({ base }) => {
  await page.goto(`${base}#/tamper`);
  await page.getByRole('button', { name: /Forge the finality proof/ }).click({ timeout: WAIT_MS });
  const out = page.locator('#tamper-outcome');
  await out.waitFor({ timeout: WAIT_MS });
  assert((await out.getAttribute('data-kind')) === 'bad_finality_branch', `kind ${await out.getAttribute('data-kind')}`);
  assert((await page.locator('#tamper-store').getAttribute('data-unchanged')) === 'true', 'store unchanged');
  await page.getByRole('button', { name: /Drop 8 signers/ }).click();
  await page.locator('#tamper-outcome[data-kind="bad_signature"]').waitFor({ timeout: WAIT_MS });
  await shot(page, 'views-tamper-1280x720');
});

test('block: attestation count from the JSON; verified by its root', async ({ base }) => {
  await page.goto(`${base}#/block`);
  await page.locator('#block-attestations').waitFor({ timeout: WAIT_MS });
  assert(Number(await text('#block-attestations')) === block344Attestations, `attestations ${await text('#block-attestations')}`);
  assert((await text('#block-sync')).startsWith(`${block344Sync} / 512`), 'sync aggregate');
  // The app hashes the block's JSON in its worker; the root must be the finalized header's root,
  // computed here from finality.json.
  const link = page.locator('#block-link');
  assert((await link.getAttribute('data-root')) === finalizedRoot, `block root ${await link.getAttribute('data-root')}, finalized ${finalizedRoot}`);
  assert((await link.getAttribute('data-link')) === 'verified', `link ${await link.getAttribute('data-link')}`);
  assert((await text('#block-link')).includes('Included in a verified block') && (await text('#block-link')).includes('finalized header root'), `label: ${await text('#block-link')}`);
  assert((await page.locator('#block-view').innerText()).includes('does not verify attestation signatures'), 'says attestation signatures are unverified');
  await shot(page, 'views-block-1280x720');
  await page.getByRole('tab', { name: 'block 7109431' }).click();
  await page.locator(`#block-link[data-root="${optimisticRoot}"]`).waitFor({ timeout: WAIT_MS });
  assert((await link.getAttribute('data-link')) === 'verified' && (await text('#block-link')).includes('optimistic header root'), `label: ${await text('#block-link')}`);
  await shot(page, 'views-block-optimistic-1280x720');
});

test('presenter: every scenario runs offline, keyboard-driven', async ({ base }) => {
  await page.goto(`${base}#/present`);
  const view = page.locator('#presenter-view');
  await view.waitFor({ timeout: WAIT_MS });
  const scenarios = ['slot', 'epoch', 'finality', 'signature', 'forgery', 'chosen', 'slashing', 'twothirds', 'aggregate', 'threshold', 'earnings', 'builders'];
  for (const [i, id] of scenarios.entries()) {
    await view.focus();
    // Keys 1–9 and 0 pick the first ten; the rest by their buttons.
    if (i < 10) await page.keyboard.press(String((i + 1) % 10));
    else await page.click(`#scenario-${id}`);
    await view.focus();
    assert((await view.getAttribute('data-scenario')) === id, `scenario ${id}`);
    await page.keyboard.press('ArrowRight');
    assert((await view.getAttribute('data-slide')) === '1', `${id} slide 2`);
    if (id === 'forgery') await page.locator('#presenter-view #tamper-outcome[data-kind="bad_finality_branch"]').waitFor({ timeout: WAIT_MS });
    if (id === 'signature') assert((await page.locator('#presenter-view').innerText()).includes('0x07000000'), 'signature steps');
    if (id === 'chosen') await page.locator('#presenter-view #round-text').waitFor({ timeout: WAIT_MS });
    if (id === 'aggregate') {
      await page.locator('#present-aggregate .check[data-ok="false"]').waitFor({ timeout: WAIT_MS });
      await page.keyboard.press('ArrowLeft');
      await page.locator('#present-aggregate .check[data-ok="true"]').waitFor({ timeout: WAIT_MS });
      await page.keyboard.press('ArrowRight');
      await page.locator('#present-aggregate .check[data-ok="false"]').waitFor({ timeout: WAIT_MS });
    }
    if (id === 'threshold') {
      await page.locator('#presenter-view #tk-result[data-online="2"][data-verifies="false"]').waitFor({ timeout: WAIT_MS });
      await page.keyboard.press('ArrowLeft');
      await page.locator('#presenter-view #tk-result[data-online="3"][data-verifies="true"][data-equals="true"]').waitFor({ timeout: WAIT_MS });
      await page.keyboard.press('ArrowRight');
      await page.locator('#presenter-view #tk-result[data-online="2"]').waitFor({ timeout: WAIT_MS });
    }
    if (id === 'builders') {
      await page.keyboard.press('ArrowLeft');
      assert(/fee recipient is a builder \(0x1f9090…c326\); its last transaction pays 0\.0626 ETH/.test(await page.locator('#present-builder').innerText()), await page.locator('#present-builder').innerText());
      await page.keyboard.press('ArrowRight');
    }
    if (id === 'earnings') {
      await page.keyboard.press('ArrowLeft');
      assert(/ETH a year \(2\.\d\d%\)/.test(await page.locator('#present-earn').innerText()), await page.locator('#present-earn').innerText());
      await page.keyboard.press('ArrowRight');
    }
    if (id === 'slashing') {
      await page.keyboard.press('ArrowLeft');
      assert(/surround vote: vote 1 \(99 → 103\) surrounds vote 2/.test(await page.locator('#present-verdict').innerText()), 'the surround pair is named');
      await shot(page, 'views-present-slashing-votes-1280x720');
      await page.keyboard.press('ArrowRight');
    }
    if (id === 'twothirds') {
      await page.keyboard.press('ArrowLeft');
      assert(/finality returns after \d+ epochs/.test(await page.locator('#present-leak').innerText()), 'the leak ends');
      await page.keyboard.press('ArrowRight');
    }
    await shot(page, `views-present-${id}-1280x720`);
  }
});

test('phone size 390x844: every view without sideways scrolling', async ({ context, base }) => {
  const p = await openPage(context, { width: 390, height: 844 }, `${base}#/timeline`);
  for (const id of VIEW_IDS) {
    await p.goto(`${base}#/${id}`);
    await p.locator('.view').first().waitFor({ timeout: WAIT_MS });
    await p.waitForTimeout(id === 'timeline' ? 3000 : 800);
    await shot(p, `views-${id}-390x844`);
    const overflow = await overflowX(p);
    assert(overflow <= 0, `${id}: ${overflow}px wider than the window`);
  }
  await p.close();
});

// Nothing the core refused is shown as verified, anywhere; a bootstrap trusted as given is badged so.
const loadFromDisk = async (p, bootstrapBytes, checkpoint) => {
  await p.locator('#tab-verify').click();
  await p.setInputFiles('#file-bootstrap', { name: 'bootstrap.json', mimeType: 'application/json', buffer: bootstrapBytes });
  await p.setInputFiles('#file-updates', { name: 'updates.json', mimeType: 'application/json', buffer: readFileSync(path.join(scenario, 'updates.json')) });
  await p.setInputFiles('#file-finality', { name: 'finality.json', mimeType: 'application/json', buffer: readFileSync(path.join(scenario, 'finality.json')) });
  for (const role of ['bootstrap', 'updates', 'finality']) {
    await p.locator(`#file-${role} ~ .hint`, { hasText: 'bytes)' }).waitFor({ timeout: WAIT_MS });
  }
  await p.fill('#checkpoint-input', checkpoint);
  await p.click('#verify-files');
};

test('a tampered bootstrap under the real checkpoint: no view shows anything as verified', async ({ context, base }) => {
  const p = await openPage(context, { width: 1280, height: 720 }, base);
  await p.locator('#finality-status[data-state="verified"]').waitFor({ timeout: WAIT_MS });
  const boot = JSON.parse(readFileSync(path.join(scenario, 'bootstrap.json'), 'utf8'));
  const checkpoint = headerRoot(boot.data.header.beacon);
  boot.data.header.beacon.proposer_index = String(Number(boot.data.header.beacon.proposer_index) + 1);
  await loadFromDisk(p, Buffer.from(JSON.stringify(boot)), checkpoint);
  await p.locator('#reject-kind', { hasText: 'checkpoint_mismatch' }).waitFor({ timeout: WAIT_MS });
  for (const id of VIEW_IDS) {
    await p.goto(`${base}#/${id}`);
    await p.locator('.view').first().waitFor({ timeout: WAIT_MS });
    await p.waitForTimeout(300);
    const verified = await p.locator('.src-verified').count();
    const body = await p.locator('main').innerText();
    assert(verified === 0 && !/verified by the core/.test(body), `${id}: ${verified} figures badged verified after a rejection`);
    if (DATA_VIEWS.includes(id)) await p.locator('.lab-gate[data-state="error"]', { hasText: 'checkpoint_mismatch' }).waitFor({ timeout: WAIT_MS });
  }
  await p.close();
});

test('no checkpoint given: every view badges its figures "trusted as given", none "verified"', async ({ context, base }) => {
  const p = await openPage(context, { width: 1280, height: 720 }, base);
  await p.locator('#finality-status[data-state="verified"]').waitFor({ timeout: WAIT_MS });
  await loadFromDisk(p, readFileSync(path.join(scenario, 'bootstrap.json')), '');
  await p.locator('#finality-status[data-state="verified"]').waitFor({ timeout: WAIT_MS });
  for (const id of ['timeline', 'finality', 'committee', 'steps', 'chosen']) {
    await p.goto(`${base}#/${id}`);
    await p.locator('.src-given').first().waitFor({ timeout: WAIT_MS });
    assert((await p.locator('.src-verified').count()) === 0, `${id}: a figure is badged verified though the bootstrap was trusted as given`);
  }
  await p.close();
});

test('no page errors or console errors', async () => { assert(problems.length === 0, problems.join('\n')); });

requireDist();
run(async (atEnd) => {
  const server = await serve(distDir);
  atEnd(() => server.close());
  const browser = await launchChromium('lucid-views-');
  atEnd(browser.close);
  return { context: browser.context, base: baseUrl(server) };
}, { messageLines: 6 });
