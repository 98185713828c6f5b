// The LightClient's worker: runs the live light client (the verifier and the sync) off the page's
// thread, and answers account requests at the verified finalized head. Started by index.js.

import initWasm, * as wasm from './pkg/lucid.js';
import { LucidError, answer } from './rpc.js';

const loaded = initWasm();
let network = 'mainnet';
let executionEndpoint = null;
let finalized = null; // the latest verified finalized head

function track(update) {
  const e = update.Event;
  if (e?.event === 'bootstrapped') finalized = e.head;
  else if (e?.event === 'head') finalized = e.finalized;
  else if (e?.event === 'forced') finalized = e.head;
  else if (update.Finished?.finalized) finalized = update.Finished.finalized;
}

const hex = (n) => `0x${BigInt(n).toString(16)}`;
const word = (n) => `0x${BigInt(n).toString(16).padStart(64, '0')}`;

/** Refuse a block tag the verified head cannot answer for. */
function atFinalized(tag, anchorNumber) {
  if (tag === undefined || tag === 'finalized') return;
  if (typeof tag === 'string' && tag.startsWith('0x') && BigInt(tag) === BigInt(anchorNumber)) return;
  throw new LucidError({
    kind: 'unverifiable',
    message: `lucid answers at the verified finalized block ${anchorNumber}; ask for "finalized" (or that number), not ${JSON.stringify(tag)}`,
  });
}

async function read(address, slots, code) {
  if (!executionEndpoint) throw new LucidError({ kind: 'usage', message: 'no executionEndpoint was given' });
  if (!finalized) throw new LucidError({ kind: 'not_synced', message: 'no verified head yet: wait for the "finalized" event' });
  return answer(await wasm.readAccount(executionEndpoint, JSON.stringify(finalized), address, JSON.stringify(slots), code)).read;
}

async function handle(method, params) {
  await loaded;
  switch (method) {
    case 'eth_chainId': {
      const id = wasm.chainId(network);
      if (id === undefined) throw new LucidError({ kind: 'usage', message: `no chain id for ${network}` });
      return hex(id);
    }
    case 'eth_blockNumber': {
      if (!finalized) throw new LucidError({ kind: 'not_synced', message: 'no verified head yet' });
      if (finalized.execution_block_number) return hex(finalized.execution_block_number);
      return hex((await read('0x0000000000000000000000000000000000000000', [], false)).anchor.block_number);
    }
    case 'eth_getBalance':
    case 'eth_getTransactionCount': {
      const [address, tag] = params;
      const r = await read(address, [], false);
      atFinalized(tag, r.anchor.block_number);
      return method === 'eth_getBalance' ? hex(r.account.account.balance) : hex(r.account.account.nonce);
    }
    case 'eth_getStorageAt': {
      const [address, slot, tag] = params;
      const r = await read(address, [slot], false);
      atFinalized(tag, r.anchor.block_number);
      return word(r.account.storage[0].value);
    }
    case 'eth_getCode': {
      const [address, tag] = params;
      const r = await read(address, [], true);
      atFinalized(tag, r.anchor.block_number);
      return r.code;
    }
    default:
      throw new LucidError({ kind: 'unsupported', message: `${method} cannot be verified by lucid, so it is refused` });
  }
}

self.onmessage = async ({ data }) => {
  if (data.type === 'start') {
    network = data.network;
    executionEndpoint = data.executionEndpoint;
    try {
      await loaded;
      await wasm.runLive(JSON.stringify(data.request), (text) => {
        track(JSON.parse(text));
        self.postMessage({ type: 'update', update: text });
      });
    } catch (err) {
      self.postMessage({ type: 'failed', error: { kind: 'worker', message: String(err?.message ?? err) } });
    }
  } else if (data.type === 'request') {
    try {
      self.postMessage({ type: 'answer', id: data.id, result: await handle(data.method, data.params ?? []) });
    } catch (err) {
      self.postMessage({ type: 'answer', id: data.id, error: { kind: err.kind ?? 'worker', message: String(err?.message ?? err) } });
    }
  }
};
