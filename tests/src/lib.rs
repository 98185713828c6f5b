//! Test fixtures shared by the workspace's tests and benchmarks: the recorded mainnet scenario
//! shipped in `scenarios/capella-p862`, the values a light client must reach from it, and the
//! optional `../shared/data` directory beside the project.
//!
//! This library has no dependencies, so any crate can take it as a dev-dependency, and it builds
//! for `wasm32-unknown-unknown` (the scenario's files are embedded, for tests run in a browser).
//! The integration tests in this crate's `tests/` directory use it too.

#[cfg(not(target_arch = "wasm32"))]
use std::path::{Path, PathBuf};

/// The `capella-p862` scenario: real mainnet light-client data from sync-committee period 862
/// to 867 (Capella), with the blocks of its final heads.
pub mod capella_p862 {
    #[cfg(not(target_arch = "wasm32"))]
    use std::path::PathBuf;

    /// The network the scenario was recorded on.
    pub const NETWORK: &str = "mainnet";

    /// `bootstrap.json`: the light-client bootstrap for [`CHECKPOINT`].
    pub const BOOTSTRAP: &[u8] = include_bytes!("../../scenarios/capella-p862/bootstrap.json");

    /// `updates.json`: one light-client update for each period from 862 to 867.
    pub const UPDATES: &[u8] = include_bytes!("../../scenarios/capella-p862/updates.json");

    /// `finality.json`: the finality update whose finalized header is at [`FINALIZED_SLOT`].
    pub const FINALITY: &[u8] = include_bytes!("../../scenarios/capella-p862/finality.json");

    /// `optimistic.json`: the optimistic update whose attested header is at [`OPTIMISTIC_SLOT`].
    pub const OPTIMISTIC: &[u8] = include_bytes!("../../scenarios/capella-p862/optimistic.json");

    /// The four files of the scenario's bundle, by file name, in the order a client verifies them.
    pub const FILES: [(&str, &[u8]); 4] = [
        ("bootstrap.json", BOOTSTRAP),
        ("updates.json", UPDATES),
        ("finality.json", FINALITY),
        ("optimistic.json", OPTIMISTIC),
    ];

    /// The blocks in `blocks/`, by slot: the finalized head, the finality update's attested
    /// header and the optimistic head (Beacon API `GET /eth/v2/beacon/blocks` JSON).
    pub const BLOCKS: [(u64, &[u8]); 3] = [
        (FINALIZED_SLOT, include_bytes!("../../scenarios/capella-p862/blocks/7109344.json")),
        (FINALITY_ATTESTED_SLOT, include_bytes!("../../scenarios/capella-p862/blocks/7109430.json")),
        (OPTIMISTIC_SLOT, include_bytes!("../../scenarios/capella-p862/blocks/7109431.json")),
    ];

    /// The root of the block the bootstrap is for: the trusted checkpoint of a sync.
    pub const CHECKPOINT: &str = "0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275";

    /// The slot of the finalized header the scenario verifies to.
    pub const FINALIZED_SLOT: u64 = 7_109_344;

    /// The root of the finalized header the scenario verifies to.
    pub const FINALIZED_ROOT: &str = "0xa9bb1965a6288f64374a9425f5ecb90dd81239cc2ae1a8ec8b673c13c9d2586a";

    /// The slot of the finality update's attested header.
    pub const FINALITY_ATTESTED_SLOT: u64 = 7_109_430;

    /// The slot of the optimistic head the scenario verifies to.
    pub const OPTIMISTIC_SLOT: u64 = 7_109_431;

    /// The root of the optimistic head the scenario verifies to.
    pub const OPTIMISTIC_ROOT: &str = "0x7abd2f8f43f4a8676c98442834b3d242b107c7353043989b70fcb1595cb53c6e";

    /// The sync-committee periods the scenario's updates cover.
    pub const PERIODS: std::ops::RangeInclusive<u64> = 862..=867;

    /// A current slot shortly after the recorded data (period 867), for syncs that would
    /// otherwise read the wall clock.
    pub const CURRENT_SLOT: u64 = 7_109_500;

    /// A slot far after the recorded data, used as the current slot in replays.
    pub const NOW_SLOT: u64 = 13_000_000;

    /// The block at `slot` from [`BLOCKS`]. Panics if the scenario has no block there.
    pub fn block(slot: u64) -> &'static [u8] {
        match BLOCKS.iter().find(|(s, _)| *s == slot) {
            Some((_, bytes)) => bytes,
            None => panic!("capella-p862 has no block at slot {slot}"),
        }
    }

    /// The scenario's directory, for tests that run the `lucid` command in it or serve its files.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn dir() -> PathBuf {
        super::project_root().join("scenarios/capella-p862")
    }
}

/// The project root (the workspace directory).
#[cfg(not(target_arch = "wasm32"))]
fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `../shared/data` beside the project (consensus-spec-tests vectors and more recorded data), if
/// present. When it is absent (a user's checkout) prints a loud "skipped" line naming `test`, on
/// both stdout and stderr, and returns `None`: the caller then returns without asserting.
#[cfg(not(target_arch = "wasm32"))]
pub fn shared_data(test: &str) -> Option<PathBuf> {
    let dir = project_root().join("../shared/data");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {test}: ../shared/data not found beside the project");
        println!("skipped: {test}: ../shared/data not found beside the project");
        None
    }
}

/// Reads a file, panicking with its path on failure.
#[cfg(not(target_arch = "wasm32"))]
pub fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}
