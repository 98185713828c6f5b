//! Shared helpers for the integration tests: where the data lives.
#![allow(dead_code)]

use std::path::PathBuf;

/// The project root.
pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `../shared/data` beside the project, if present. Prints a loud
/// "skipped" line when it is absent (a user's checkout).
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

/// The capella-p862 scenario shipped with the project.
pub fn shipped_p862() -> PathBuf {
    project_root().join("scenarios/capella-p862")
}

/// Read a file, panicking with its path on failure.
pub fn read(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// A slot far after the recorded data, used as the current slot in replays.
pub const NOW_SLOT: u64 = 13_000_000;
