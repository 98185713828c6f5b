// lucid for JavaScript: the same Rust verifier as the lucid app and CLI, compiled to WebAssembly.
// An ES module with no Node built-ins, no polyfills and no top-level await. Everything it calls
// "verified" was checked by the verifier; anything it cannot check, it refuses.

import initWasm, * as wasm from './pkg/lucid.js';
import { LucidError, answer, toBytes } from './rpc.js';

export { LucidError };

let loading = null;
let loaded = false;

/**
 * Load the verifier. In a browser or worker call `init()`; the wasm file is found next to this
 * module. In Node pass its bytes: `init(await readFile(new URL(import.meta.resolve(
 * 'lucid-light-client/pkg/lucid_bg.wasm'))))`. Safe to call more than once.
 */
export function init(source) {
  loading ??= initWasm(source === undefined ? undefined : { module_or_path: source }).then(() => {
    loaded = true;
  });
  return loading;
}

function ready() {
  if (!loaded) throw new LucidError({ kind: 'not_initialized', message: 'call and await init() first' });
}

/**
 * Verify a recorded bundle from a trusted checkpoint: the bootstrap, the updates, and optionally
 * finality and optimistic updates, each as JSON text or SSZ bytes (Uint8Array or ArrayBuffer).
 * Throws a LucidError whose `kind` names the failed check (e.g. "checkpoint_mismatch").
 */
export function verifyBundle(files, options = {}) {
  ready();
  const updates = [].concat(files.updates ?? []).map(toBytes);
  const opts = JSON.stringify({
    network: options.network, checkpoint: options.checkpoint, currentSlot: options.currentSlot,
  });
  const optional = (f) => (f === undefined || f === null ? undefined : toBytes(f));
  const { ok, ...report } = answer(wasm.verifyBundle(
    opts, toBytes(files.bootstrap), updates, optional(files.finality), optional(files.optimistic)));
  return report;
}

/** Check an eth_getProof result against a verified execution state root. */
export function verifyAccount({ stateRoot, address, storage = [], proof }) {
  ready();
  return answer(wasm.verifyAccount(JSON.stringify({ stateRoot, address, storage, proof }))).account;
}

/** Check an execution block header (eth_getBlockByHash result) against a verified block hash. */
export function checkBlockHeader(blockHash, header) {
  ready();
  const { blockNumber, stateRoot } = answer(wasm.checkBlockHeader(blockHash, JSON.stringify(header)));
  return { blockNumber, stateRoot };
}

/**
 * A live light client in its own Web Worker. Events: "bootstrap", "finalized" and "optimistic"
 * (detail: the verified head), "report" (detail: the endpoints' report cards: when a run ends, and
 * while following, each poll interval in which they changed), "error" (detail: a
 * LucidError), "end". Account reads (`request`, `getBalance`) are answered at the verified
 * finalized head's execution block and only when the execution node's proofs hold.
 */
export class LightClient extends EventTarget {
  #options;
  #worker = null;
  #pending = new Map();
  #nextId = 1;
  finalized = null;
  optimistic = null;
  report = [];

  constructor({ network = 'mainnet', endpoints, checkpoint, executionEndpoint, currentSlot, follow = true, workerUrl } = {}) {
    super();
    if (!Array.isArray(endpoints) || endpoints.length === 0) {
      throw new LucidError({ kind: 'usage', message: 'endpoints: give at least one Beacon API URL' });
    }
    if (typeof checkpoint !== 'string') {
      throw new LucidError({ kind: 'usage', message: 'checkpoint: give a trusted 0x block root' });
    }
    this.#options = { network, endpoints, checkpoint, executionEndpoint, currentSlot, follow, workerUrl };
  }

  /** Start the worker and the sync. */
  start() {
    if (this.#worker) return this;
    const o = this.#options;
    this.#worker = new Worker(o.workerUrl ?? new URL('./worker.js', import.meta.url), { type: 'module' });
    this.#worker.onmessage = (e) => this.#receive(e.data);
    this.#worker.onerror = (e) => this.#emit('error', new LucidError({ kind: 'worker', message: e.message ?? 'the worker failed' }));
    this.#worker.postMessage({
      type: 'start',
      request: { network: o.network, endpoints: o.endpoints, checkpoint: o.checkpoint, current_slot: o.currentSlot ?? null, follow: o.follow },
      network: o.network,
      executionEndpoint: o.executionEndpoint ?? null,
    });
    return this;
  }

  /** Stop the sync and the worker; pending requests fail. */
  stop() {
    this.#worker?.terminate();
    this.#worker = null;
    for (const { reject } of this.#pending.values()) reject(new LucidError({ kind: 'stopped', message: 'the light client was stopped' }));
    this.#pending.clear();
  }

  /**
   * A verified subset of EIP-1193: eth_chainId, eth_blockNumber, eth_getBalance,
   * eth_getTransactionCount, eth_getStorageAt, eth_getCode. Anything else is refused.
   */
  request({ method, params = [] }) {
    if (!this.#worker) return Promise.reject(new LucidError({ kind: 'usage', message: 'call start() first' }));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ type: 'request', id, method, params });
    });
  }

  /** The verified balance of `address` in wei, at the finalized head. */
  async getBalance(address) {
    return BigInt(await this.request({ method: 'eth_getBalance', params: [address, 'finalized'] }));
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  #heads(finalized, optimistic) {
    if (finalized && finalized.root !== this.finalized?.root) {
      this.finalized = finalized;
      this.#emit('finalized', finalized);
    }
    if (optimistic && optimistic.root !== this.optimistic?.root) {
      this.optimistic = optimistic;
      this.#emit('optimistic', optimistic);
    }
  }

  #receive(message) {
    if (message.type === 'answer') {
      const pending = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (!pending) return;
      if (message.error) pending.reject(new LucidError(message.error));
      else pending.resolve(message.result);
      return;
    }
    if (message.type === 'failed') {
      this.#emit('error', new LucidError(message.error));
      return;
    }
    const update = JSON.parse(message.update);
    if (update.Event) {
      const e = update.Event;
      if (e.event === 'bootstrapped') {
        this.#emit('bootstrap', e.head);
        this.#heads(e.head, e.head);
      } else if (e.event === 'head') {
        this.#heads(e.finalized, e.optimistic);
      } else if (e.event === 'forced') {
        this.#heads(e.head, null);
      }
    } else if (update.Cards) {
      this.report = update.Cards;
      this.#emit('report', update.Cards);
    } else if (update.Finished) {
      const f = update.Finished;
      this.#heads(f.finalized, f.optimistic);
      if (f.error) this.#emit('error', new LucidError({ kind: 'sync', message: f.error }));
      this.#emit('end', f);
    }
  }
}
