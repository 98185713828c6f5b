//! Default endpoints and checkpoints per network.
//!
//! **Nothing here is trusted.** Endpoints only supply bytes for the core to
//! verify; the checkpoint is the one trusted input, so prefer one you obtained
//! yourself (`--checkpoint`, or the one `lucid sync` saves after each verified
//! sync). These lists were written down from public documentation and could
//! not be re-checked from the build machine: refresh them before a release.
//!
//! ## Endpoints
//! Each entry names where it is documented and what is known about CORS
//! (a browser can only use endpoints that send `Access-Control-Allow-Origin`).
//!
//! ## Checkpoints
//! The mainnet default is the bootstrap block of the recorded scenario
//! `scenarios/capella-p862` (slot 7069376, 2023; from a16z/helios' test data).
//! It is far older than the weak-subjectivity period, so the age gauge will
//! warn on it: it exists so that a first run has *something* verifiable to
//! start from, and must be refreshed (e.g. from several checkpoint-sync
//! providers that agree, or from a node you run) before relying on it. The
//! test networks have no default: pass `--checkpoint`.

/// A public endpoint and what is known about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct DefaultEndpoint {
    /// Base URL.
    pub url: &'static str,
    /// Where the endpoint is documented.
    pub source: &'static str,
    /// What is known about browser (CORS) access.
    pub cors: &'static str,
}

/// A default checkpoint and its provenance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct DefaultCheckpoint {
    /// The beacon block root (`0x…`).
    pub block_root: &'static str,
    /// Its slot.
    pub slot: u64,
    /// Where the value comes from.
    pub source: &'static str,
}

const MAINNET_ENDPOINTS: &[DefaultEndpoint] = &[
    DefaultEndpoint {
        url: "https://www.lightclientdata.org",
        source: "a16z/helios config.md: the default consensus RPC for mainnet",
        cors: "unknown: test from the browser; use the native CLI if it fails",
    },
    DefaultEndpoint {
        url: "https://lodestar-mainnet.chainsafe.io",
        source: "ChainSafe's public Lodestar beacon node (Lodestar light-client documentation)",
        cors: "believed to send permissive CORS headers (used by Lodestar's browser light-client demo); unverified",
    },
];

const SEPOLIA_ENDPOINTS: &[DefaultEndpoint] = &[DefaultEndpoint {
    url: "https://lodestar-sepolia.chainsafe.io",
    source: "ChainSafe's public Lodestar beacon node (Lodestar light-client documentation)",
    cors: "believed permissive; unverified",
}];

const HOLESKY_ENDPOINTS: &[DefaultEndpoint] = &[DefaultEndpoint {
    url: "https://lodestar-holesky.chainsafe.io",
    source: "ChainSafe's public Lodestar beacon node (Lodestar light-client documentation)",
    cors: "believed permissive; unverified",
}];

/// The default endpoints of `network` (empty for unknown networks).
pub fn endpoints(network: &str) -> &'static [DefaultEndpoint] {
    match network {
        "mainnet" => MAINNET_ENDPOINTS,
        "sepolia" => SEPOLIA_ENDPOINTS,
        "holesky" => HOLESKY_ENDPOINTS,
        _ => &[],
    }
}

/// The default checkpoint of `network`, if there is one.
pub fn checkpoint(network: &str) -> Option<DefaultCheckpoint> {
    match network {
        "mainnet" => Some(DefaultCheckpoint {
            block_root: "0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275",
            slot: 7_069_376,
            source: "bootstrap of scenarios/capella-p862 (a16z/helios test data, 2023); stale: refresh before use",
        }),
        _ => None,
    }
}
