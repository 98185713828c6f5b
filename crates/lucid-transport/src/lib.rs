//! # lucid-transport
//!
//! Fetches light-client data from Beacon API endpoints and hands every byte to
//! `lucid-core` for verification. No endpoint is trusted: several can be used
//! at once, the same sync-committee period is asked of each of them, anything
//! the core rejects marks the endpoint that served it, and a report card per
//! endpoint records what it served, what verified, and how it behaved.
//!
//! * [`transport`] — the one async trait ([`transport::HttpTransport`]) that the
//!   native ([`native`], `reqwest` + rustls) and browser (`browser`, `gloo-net`
//!   fetch + `EventSource`, wasm32 only) implementations provide.
//! * [`api`] — the Beacon API light-client endpoints on top of that trait: paths,
//!   JSON and SSZ, the `updates` SSZ chunk framing, retries and size limits.
//! * [`sse`] — an incremental `text/event-stream` parser.
//! * [`sync`] — the multi-endpoint syncer: bootstrap, catch-up, heads, follow.
//! * [`live`] — one live run as a front end starts it (the app's worker, the JS package).
//! * [`report`] — the per-endpoint report card.
//! * [`checkpoint`] — persisted checkpoints with an integrity check, and the
//!   weak-subjectivity age gauge.
//! * [`defaults`] — default endpoints and checkpoints per network, with sources.
//! * [`clock`] — the injectable clock that decides the current slot.
//! * [`execution`] — an execution node's JSON-RPC, for the answers `lucid-execution` checks.

pub mod api;
pub mod checkpoint;
pub mod clock;
pub mod defaults;
pub mod error;
pub mod execution;
pub mod live;
pub mod policy;
pub mod report;
pub mod sse;
pub mod sync;
pub mod transport;

#[cfg(not(target_arch = "wasm32"))]
pub mod native;

#[cfg(target_arch = "wasm32")]
pub mod browser;

#[cfg(all(feature = "fake-node", not(target_arch = "wasm32")))]
pub mod fake_node;

pub use error::TransportError;
pub use policy::RequestPolicy;
pub use transport::{Encoding, HttpTransport};

/// The sync-committee size every built-in network uses (the mainnet preset).
pub const S: usize = lucid_core::MAINNET_SYNC_COMMITTEE_SIZE;

/// Sleep without blocking, on whichever platform this is built for.
pub async fn sleep(duration: std::time::Duration) {
    #[cfg(not(target_arch = "wasm32"))]
    tokio::time::sleep(duration).await;
    #[cfg(target_arch = "wasm32")]
    gloo_timers::future::sleep(duration).await;
}
