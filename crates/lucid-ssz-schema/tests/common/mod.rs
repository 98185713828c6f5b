//! Helpers shared by the integration tests: locating and loading the
//! consensus-spec-tests `light_client/single_merkle_proof` vectors.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use lucid_ssz_schema::{Fork, Preset};

/// Forks covered by the vectors, oldest first.
pub const FORKS: [Fork; 7] =
    [Fork::Altair, Fork::Bellatrix, Fork::Capella, Fork::Deneb, Fork::Electra, Fork::Fulu, Fork::Gloas];

/// Presets covered by the vectors.
pub const PRESETS: [Preset; 2] = [Preset::Minimal, Preset::Mainnet];

/// One `single_merkle_proof` case.
pub struct Case {
    pub preset: Preset,
    pub fork: Fork,
    pub type_name: String,
    pub dir: PathBuf,
}

impl Case {
    /// `preset/fork/Type/case`, for messages.
    pub fn name(&self) -> String {
        let case = self.dir.file_name().unwrap_or_default().to_string_lossy();
        format!("{}/{}/{}/{}", self.preset, self.fork, self.type_name, case)
    }

    /// The decompressed `object.ssz_snappy`.
    pub fn object(&self) -> Result<Vec<u8>, String> {
        let compressed = std::fs::read(self.dir.join("object.ssz_snappy")).map_err(|e| e.to_string())?;
        snap::raw::Decoder::new().decompress_vec(&compressed).map_err(|e| format!("snappy: {e}"))
    }
}

/// `CARGO_MANIFEST_DIR/../../../shared/data`, if present.
pub fn shared_data() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("\n======== skipped: ../shared/data not found ({}) ========\n", dir.display());
        None
    }
}

/// Every `single_merkle_proof` case of every preset and fork, sorted by name.
pub fn all_cases(data: &Path) -> Vec<Case> {
    let mut cases = Vec::new();
    for preset in PRESETS {
        for fork in FORKS {
            let root = data
                .join("consensus-spec-tests/v1.7.0-alpha.13/tests")
                .join(preset.name())
                .join(fork.name())
                .join("light_client/single_merkle_proof");
            for type_dir in sorted_dirs(&root) {
                let type_name = type_dir.file_name().unwrap_or_default().to_string_lossy().into_owned();
                for dir in sorted_dirs(&type_dir) {
                    cases.push(Case { preset, fork, type_name: type_name.clone(), dir });
                }
            }
        }
    }
    cases
}

fn sorted_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    dirs.sort();
    dirs
}
