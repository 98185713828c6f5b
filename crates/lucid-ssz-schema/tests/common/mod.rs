//! Helpers shared by the integration tests: locating and loading the
//! consensus-spec-tests `light_client/single_merkle_proof` vectors.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use lucid_ssz_schema::Preset;
use sha2::{Digest, Sha256};

/// Forks covered by the vectors, oldest first.
pub const FORKS: [&str; 7] = ["altair", "bellatrix", "capella", "deneb", "electra", "fulu", "gloas"];

/// Presets covered by the vectors.
pub const PRESETS: [(&str, Preset); 2] = [("minimal", Preset::Minimal), ("mainnet", Preset::Mainnet)];

/// One `single_merkle_proof` case.
pub struct Case {
    pub preset_name: &'static str,
    pub preset: Preset,
    pub fork: &'static str,
    pub type_name: String,
    pub dir: PathBuf,
}

impl Case {
    /// `preset/fork/Type/case`, for messages.
    pub fn name(&self) -> String {
        let case = self.dir.file_name().unwrap_or_default().to_string_lossy();
        format!("{}/{}/{}/{}", self.preset_name, self.fork, self.type_name, case)
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
    for (preset_name, preset) in PRESETS {
        for fork in FORKS {
            let root = data
                .join("consensus-spec-tests/v1.7.0-alpha.13/tests")
                .join(preset_name)
                .join(fork)
                .join("light_client/single_merkle_proof");
            for type_dir in sorted_dirs(&root) {
                let type_name = type_dir.file_name().unwrap_or_default().to_string_lossy().into_owned();
                for dir in sorted_dirs(&type_dir) {
                    cases.push(Case { preset_name, preset, fork, type_name: type_name.clone(), dir });
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

/// `sha256(a ++ b)`.
pub fn hash_pair(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(a);
    h.update(b);
    h.finalize().into()
}
