//! # lucid-core
//!
//! A pure implementation of the Ethereum consensus light-client sync protocol
//! (Altair through Fulu, and Gloas). It performs no I/O, reads no clock and
//! spawns no threads, so the same code runs natively and in a browser.
//!
//! * [`containers`] — the SSZ/JSON wire types of every fork.
//! * [`header`], [`data`] — fork-independent views of those types, with the
//!   spec's upgrade rules between forks.
//! * [`merkle`], [`gindex`], [`bls`] — the cryptographic checks.
//! * [`store`] — `LightClientStore` and the spec's update rules.
//! * [`decode`] — Beacon API JSON and raw SSZ into the types above.
//! * [`replay`] — verify a bundle of recorded data end to end, step by step.

pub mod bls;
pub mod config;
pub mod containers;
pub mod data;
pub mod decode;
pub mod error;
pub mod gindex;
pub mod head;
pub mod header;
pub mod merkle;
pub mod primitives;
pub mod replay;
pub mod store;
pub mod teaching_keys;

pub use config::{Fork, NetworkConfig, Preset};
pub use error::LightClientError;
pub use head::{Head, HeaderRole};
pub use primitives::Root;

/// Sync-committee size of the mainnet preset.
pub const MAINNET_SYNC_COMMITTEE_SIZE: usize = 512;
/// Sync-committee size of the minimal preset.
pub const MINIMAL_SYNC_COMMITTEE_SIZE: usize = 32;
