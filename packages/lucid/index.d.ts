// Types of lucid-light-client (index.js). Numbers that can exceed 2^53 (balances, storage
// values) are decimal strings; roots and hashes are 0x-prefixed hex.

/** An error of lucid. `kind` names what was wrong: a failed check of the verifier (for bundles the
 *  core's kinds, e.g. "checkpoint_mismatch", "bad_signature", "too_few_participants"), or
 *  "usage", "malformed", "rejected", "unavailable", "unverifiable", "unsupported", "not_synced",
 *  "not_initialized", "stopped", "sync", "worker". */
export class LucidError extends Error {
  readonly name: 'LucidError';
  readonly kind: string;
  /** For bundles: the file that failed ("bootstrap", "updates[0]", "finality", ...). */
  readonly file?: string;
}

/** Load the verifier: no argument in browsers and workers; in Node, the bytes of pkg/lucid_bg.wasm. */
export function init(source?: BufferSource | WebAssembly.Module | URL | Response): Promise<void>;

/** A verified beacon head. */
export interface Head {
  slot: number;
  root: string;
  period: number;
  proposer_index: number;
  parent_root: string;
  state_root: string;
  body_root: string;
  execution_block_hash: string;
  /** Capella to Fulu; 0 otherwise. */
  execution_block_number: number;
  /** Capella to Fulu; zero root otherwise. */
  execution_state_root: string;
}

/** Where the trusted root came from: "given" (the checkpoint option) or "bootstrap" (none given:
 *  the bootstrap's own header was trusted as given). */
export interface Checkpoint {
  root: string | null;
  source: 'given' | 'bootstrap';
}

export interface BundleReport {
  checkpoint: Checkpoint;
  fork: string;
  finalized: { slot: number; root: string };
  optimistic: { slot: number; root: string };
  /** Sync-committee periods whose committees signed verified updates. */
  periods: number[];
  participation: {
    committee_size: number | null;
    min: number | null;
    max: number | null;
    updates: { file: string; attested_slot: number; participants: number; committee_size: number }[];
  };
}

/** A file: JSON text, or SSZ bytes. */
export type BundleFile = string | Uint8Array | ArrayBuffer;

export interface BundleFiles {
  bootstrap: BundleFile;
  updates?: BundleFile | BundleFile[];
  finality?: BundleFile;
  optimistic?: BundleFile;
}

export interface BundleOptions {
  /** "mainnet" (default), "sepolia", "holesky" or "hoodi". */
  network?: string;
  /** The trusted block root. Without it the bootstrap is trusted as given (source "bootstrap"). */
  checkpoint?: string;
  /** "Now" as a slot; defaults to this computer's clock. */
  currentSlot?: number;
}

/** Verify a recorded bundle. Throws LucidError on the first failed check. */
export function verifyBundle(files: BundleFiles, options?: BundleOptions): BundleReport;

/** An EIP-1186 eth_getProof result, as the execution node sent it. */
export interface ProofResponse {
  address: string;
  accountProof: string[];
  balance: string;
  codeHash: string;
  nonce: string;
  storageHash: string;
  storageProof: { key: string; value: string; proof: string[] }[];
}

/** One node on a Merkle-Patricia path. */
export interface TrieStep {
  index: number;
  /** null for a node embedded in its parent. */
  hash: string | null;
  /** Nibbles of the key taken before this node. */
  depth: number;
  len: number;
  kind:
    | { kind: 'branch'; nibble: number; present: boolean }
    | { kind: 'extension'; path: number[] }
    | { kind: 'leaf'; path: number[] };
  /** The key leaves the trie here (it is absent). */
  diverges: boolean;
}

export interface VerifiedAccount {
  address: string;
  state_root: string;
  exists: boolean;
  account: { nonce: number; balance: string; storage_root: string; code_hash: string };
  path: { steps: TrieStep[]; value: number[] | null };
  storage: { slot: string; value: string; path: { steps: TrieStep[]; value: number[] | null } }[];
}

/** Check an eth_getProof result against a verified state root. Throws LucidError ("rejected"). */
export function verifyAccount(question: {
  stateRoot: string;
  address: string;
  storage?: string[];
  proof: ProofResponse;
}): VerifiedAccount;

/** Check an execution block header (eth_getBlockByHash result) against a verified block hash. */
export function checkBlockHeader(blockHash: string, header: object): { blockNumber: number; stateRoot: string };

export interface LightClientOptions {
  network?: string;
  /** Beacon API endpoints, all asked and cross-checked; none trusted. */
  endpoints: string[];
  /** The trusted block root to start from. */
  checkpoint: string;
  /** An execution JSON-RPC URL for account reads (asked for proofs, trusted for nothing). */
  executionEndpoint?: string;
  /** "Now" as a slot (to replay recorded data); defaults to this computer's clock. */
  currentSlot?: number;
  /** Keep following new heads after catching up (default true). */
  follow?: boolean;
  /** Where worker.js is, when a bundler moved it. */
  workerUrl?: string | URL;
}

export interface RequestArguments {
  method: string;
  params?: unknown[];
}

/** A live light client in its own Web Worker. */
export class LightClient extends EventTarget {
  constructor(options: LightClientOptions);
  /** The latest verified heads, and the endpoints' report cards. */
  readonly finalized: Head | null;
  readonly optimistic: Head | null;
  readonly report: object[];
  start(): this;
  stop(): void;
  /** eth_chainId, eth_blockNumber, eth_getBalance, eth_getTransactionCount, eth_getStorageAt and
   *  eth_getCode, answered at the verified finalized head; anything else is refused. */
  request(args: RequestArguments): Promise<string>;
  /** The verified balance in wei at the finalized head. */
  getBalance(address: string): Promise<bigint>;
  addEventListener(
    type: 'bootstrap' | 'finalized' | 'optimistic',
    listener: (event: CustomEvent<Head>) => void,
  ): void;
  addEventListener(type: 'report', listener: (event: CustomEvent<object[]>) => void): void;
  addEventListener(type: 'error', listener: (event: CustomEvent<LucidError>) => void): void;
  addEventListener(type: 'end', listener: (event: CustomEvent<object>) => void): void;
}
