// Tests of the JavaScript package (packages/lucid), built by scripts/build-js.sh:
//
//   node tests/e2e/package.spec.mjs
//
// In Node 20 (import, verifyBundle, verifyAccount, checkBlockHeader, typed errors); bundled by
// esbuild for the browser (no Node built-ins, no polyfills) and run in headless Chromium; and the
// LightClient in its Web Worker, embedded by examples/embed.html, syncing from a local fake beacon
// node and answering EIP-1193 requests, with a lying execution node refused. Nothing leaves
// 127.0.0.1. Prints `N passed, N failed`.

import { existsSync, mkdtempSync, readFileSync, rmSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import {
  assert, assertStayedOnLoopback, baseUrl, fakeExecutionNode, launchChromium, openPage, problems, repoRoot, run, scenarioDir, serve,
  screenshot, startFakeNodes, stopFakeNodes, test,
} from './lib.mjs';

const pkgDir = path.join(repoRoot, 'packages', 'lucid');
const wasmFile = path.join(pkgDir, 'pkg', 'lucid_bg.wasm');
const CHECKPOINT = '0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275';
const NOW_SLOT = 7110000;
const FINAL_SLOT = 7109344;
const FINAL_BLOCK_NUMBER = 17923026; // execution block of the finalized header (finality.json)
const WAIT_MS = 120_000;

const files = Object.fromEntries(['bootstrap', 'updates', 'finality', 'optimistic']
  .map((f) => [f, readFileSync(path.join(scenarioDir, `${f}.json`), 'utf8')]));
const vectors = JSON.parse(readFileSync(path.join(repoRoot, 'tests/vectors/execution/mainnet-17463226.json'), 'utf8'));
const stateRoot = vectors.execution_payload.state_root;
const proof = vectors.eth_getProof[1];

/** Expect `fn` to throw a LucidError of `kind`; returns it. */
async function refused(fn, kind) {
  try {
    await fn();
  } catch (e) {
    assert(e.name === 'LucidError', `expected a LucidError, got ${e}`);
    assert(e.kind === kind, `expected kind ${kind}, got ${e.kind}: ${e.message}`);
    return e;
  }
  throw new Error(`expected a LucidError of kind ${kind}, nothing was thrown`);
}

test('Node 20: not loaded yet is a typed error', async ({ lucid }) => {
  await refused(() => lucid.verifyBundle(files, { checkpoint: CHECKPOINT }), 'not_initialized');
});

test('Node 20: verifyBundle reaches the finalized head and says where trust came from', async ({ lucid }) => {
  await lucid.init(readFileSync(wasmFile));
  const report = lucid.verifyBundle(files, { checkpoint: CHECKPOINT, currentSlot: NOW_SLOT });
  assert(report.finalized.slot === FINAL_SLOT, JSON.stringify(report.finalized));
  assert(report.checkpoint.source === 'given' && report.checkpoint.root === CHECKPOINT, JSON.stringify(report.checkpoint));
  assert(report.periods.length === 6 && report.participation.min > 341, JSON.stringify(report.participation.min));
  const selfTrusted = lucid.verifyBundle({ bootstrap: new TextEncoder().encode(files.bootstrap) }, { currentSlot: NOW_SLOT });
  assert(selfTrusted.checkpoint.source === 'bootstrap', 'no checkpoint: the bootstrap is trusted as given');
});

test('Node 20: a wrong checkpoint and a tampered update are refused by kind', async ({ lucid }) => {
  const e = await refused(() => lucid.verifyBundle(files, { checkpoint: `0x${'11'.repeat(32)}`, currentSlot: NOW_SLOT }), 'checkpoint_mismatch');
  assert(e.file === 'bootstrap', e.file);
  const updates = JSON.parse(files.updates);
  updates[0].data.sync_aggregate.sync_committee_bits = `0x${'00'.repeat(64)}`;
  await refused(() => lucid.verifyBundle({ ...files, updates: JSON.stringify(updates) }, { checkpoint: CHECKPOINT, currentSlot: NOW_SLOT }), 'too_few_participants');
  await refused(() => lucid.verifyBundle({ bootstrap: 42 }), 'usage');
});

test('Node 20: verifyAccount proves a real mainnet account; a lie is refused', async ({ lucid }) => {
  const account = lucid.verifyAccount({ stateRoot, address: proof.address, proof });
  assert(account.exists && BigInt(account.account.balance) === BigInt(proof.balance), JSON.stringify(account.account));
  assert(account.path.steps.length === proof.accountProof.length, 'one step per proof node');
  const e = await refused(() => lucid.verifyAccount({ stateRoot, address: proof.address, proof: { ...proof, balance: '0x1' } }), 'rejected');
  assert(e.message.includes('balance'), e.message);
  const header = vectors.execution_block_header;
  const checked = lucid.checkBlockHeader(vectors.execution_payload.block_hash, header);
  assert(checked.stateRoot === stateRoot && checked.blockNumber === 17463226, JSON.stringify(checked));
  await refused(() => lucid.checkBlockHeader(vectors.execution_payload.block_hash, { ...header, gasUsed: '0x1' }), 'rejected');
});

test('esbuild bundles it for the browser with no Node built-ins or polyfills', async ({ bundle }) => {
  assert(bundle.errors.length === 0 && bundle.warnings.length === 0, JSON.stringify([...bundle.errors, ...bundle.warnings]));
  assert(!/\brequire\(|["']node:|\bBuffer\b|process\.env/.test(bundle.code), 'the bundle mentions a Node built-in');
  console.log(`        package gzip: wasm ${(gzipSync(readFileSync(wasmFile), { level: 9 }).length / 1024).toFixed(1)} KB, `
    + `esbuild bundle of the JS ${(gzipSync(bundle.code, { level: 9 }).length / 1024).toFixed(1)} KB`);
});

test('the esbuild bundle verifies a bundle in Chromium', async ({ context, bundleBase }) => {
  const page = await openPage(context, { width: 800, height: 600 }, `${bundleBase}bundle/page.html`);
  const result = await page.evaluate(async (f) => {
    const lucid = await import('./app.js');
    await lucid.init();
    return lucid.verifyBundle(f.files, { checkpoint: f.checkpoint, currentSlot: f.slot }).finalized.slot;
  }, { files, checkpoint: CHECKPOINT, slot: NOW_SLOT });
  assert(result === FINAL_SLOT, `finalized slot ${result}`);
  await page.close();
});

test('Chromium: the embed example runs a LightClient in its worker to the finalized head', async ({ context, base, beacon }) => {
  const page = await openPage(context, { width: 800, height: 300 },
    `${base}examples/embed.html?beacon=${encodeURIComponent(beacon)}&checkpoint=${CHECKPOINT}&slot=${NOW_SLOT}`);
  await page.locator('#status', { hasText: `Finalized: slot ${FINAL_SLOT} (verified)` }).waitFor({ timeout: WAIT_MS });
  await screenshot(page, 'package-embed');
  const workers = page.workers().map((w) => w.url());
  assert(workers.some((u) => u.endsWith('/packages/lucid/worker.js')), `the client runs in its worker: ${workers}`);
  await page.close();
});

test('Chromium: EIP-1193 answers what it verified and refuses the rest', async ({ context, base, beacon, execution }) => {
  const page = await openPage(context, { width: 800, height: 300 }, `${base}README.md`);
  const out = await page.evaluate(async (o) => {
    const { LightClient } = await import('/packages/lucid/index.js');
    const client = new LightClient({ endpoints: [o.beacon], checkpoint: o.checkpoint, currentSlot: o.slot, executionEndpoint: o.execution, follow: false });
    const ended = new Promise((resolve) => client.addEventListener('end', resolve));
    client.start();
    await ended;
    const attempt = (args) => client.request(args).then((r) => ({ ok: r }), (e) => ({ kind: e.kind, message: e.message }));
    const result = {
      finalized: client.finalized.slot,
      chainId: await attempt({ method: 'eth_chainId' }),
      blockNumber: await attempt({ method: 'eth_blockNumber' }),
      sendTransaction: await attempt({ method: 'eth_sendRawTransaction', params: ['0x00'] }),
      balance: await attempt({ method: 'eth_getBalance', params: [o.address, 'finalized'] }),
    };
    client.stop();
    return result;
  }, { beacon, checkpoint: CHECKPOINT, slot: NOW_SLOT, execution: execution.url, address: proof.address });
  assert(out.finalized === FINAL_SLOT, JSON.stringify(out));
  assert(out.chainId.ok === '0x1', JSON.stringify(out.chainId));
  assert(out.blockNumber.ok === `0x${FINAL_BLOCK_NUMBER.toString(16)}`, JSON.stringify(out.blockNumber));
  assert(out.sendTransaction.kind === 'unsupported', JSON.stringify(out.sendTransaction));
  // The execution node answers with a real proof, but for another block: refused, and named.
  assert(out.balance.kind === 'rejected' && out.balance.message.includes('proof node 0'), JSON.stringify(out.balance));
  const asked = execution.calls.find((c) => c.method === 'eth_getProof');
  assert(asked && asked.params[2] === `0x${FINAL_BLOCK_NUMBER.toString(16)}`, `asked at the verified block: ${JSON.stringify(asked)}`);
  await page.close();
});

test('nothing left 127.0.0.1, and no page reported an error', async ({ requests }) => {
  assertStayedOnLoopback(requests);
  const seen = problems.filter((p) => !p.includes('Failed to load resource'));
  assert(seen.length === 0, seen.join(' | '));
});

run(async (atEnd) => {
  if (!existsSync(wasmFile)) throw new Error(`no ${wasmFile}: run bash scripts/build-js.sh first`);
  const lucid = await import(path.join(pkgDir, 'index.js'));
  // The esbuild bundle, written with the wasm beside it into a served directory.
  const work = mkdtempSync(path.join(tmpdir(), 'lucid-package-'));
  atEnd(() => rmSync(work, { recursive: true, force: true }));
  const bundleDir = path.join(work, 'bundle');
  writeFileSync(path.join(work, 'entry.js'), `export * from ${JSON.stringify(path.join(pkgDir, 'index.js'))};\n`);
  const result = await build({
    entryPoints: [path.join(work, 'entry.js')], bundle: true, format: 'esm', platform: 'browser', target: 'es2022',
    outfile: path.join(bundleDir, 'app.js'), write: true, logLevel: 'silent', minify: true,
  });
  copyFileSync(wasmFile, path.join(bundleDir, 'lucid_bg.wasm'));
  writeFileSync(path.join(bundleDir, 'page.html'), '<!doctype html><meta charset="utf-8"><title>bundle</title>\n');
  const bundle = { ...result, code: readFileSync(path.join(bundleDir, 'app.js'), 'utf8') };
  // One origin for the repository (package, example) and the bundle.
  const repoServer = await serve(repoRoot);
  const bundleServer = await serve(work);
  atEnd(() => { repoServer.close(); bundleServer.close(); });
  const [beacon] = await startFakeNodes(['honest']);
  atEnd(stopFakeNodes);
  const execution = await fakeExecutionNode(proof);
  atEnd(() => execution.server.close());
  const { context, close } = await launchChromium('lucid-package-');
  atEnd(close);
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  return { lucid, bundle, context, requests, base: baseUrl(repoServer), beacon, execution, bundleBase: baseUrl(bundleServer) };
}, { messageLines: 6 });
