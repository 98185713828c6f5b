//! The trusted checkpoint: parsing, persistence with an integrity check, and
//! the weak-subjectivity age gauge.
//!
//! ## Storage
//! `checkpoint.json` in the network's data directory, with
//! `checkpoint.json.sha256` beside it holding the SHA-256 of the JSON bytes.
//! A file whose hash does not match, or that has no hash, is refused and
//! never used. The hash catches corruption and edits made without updating
//! it; it is not a signature, so anyone who can write both files can replace
//! them — keep the data directory private.
//!
//! ## Weak-subjectivity age
//! A light client that starts from an old checkpoint trusts sync committees
//! from that time; once their members have exited, their keys could be sold
//! and used to sign a fake chain at no cost. Consensus clients bound this by
//! the weak-subjectivity period (`compute_weak_subjectivity_period` in the
//! consensus specs), which on mainnet has been in the range of two to four
//! weeks depending on the validator count and churn. The gauge warns past
//! [`WS_WARN_EPOCHS`] = 3150 epochs (14 days), the low end of that range and
//! the age a16z/helios recommends as the most for a checkpoint.

use lucid_core::{NetworkConfig, Root};
use sha2::{Digest, Sha256};

/// Age (in epochs) past which the gauge warns: 14 days of 6.4-minute epochs.
pub const WS_WARN_EPOCHS: u64 = 3150;

/// A persisted checkpoint.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SavedCheckpoint {
    /// The network it belongs to.
    pub network: String,
    /// The beacon block root.
    pub block_root: Root,
    /// Its slot, when known (after it was verified).
    pub slot: Option<u64>,
    /// Where it came from ("user", "verified sync from …").
    pub source: String,
    /// When it was saved (Unix seconds).
    pub saved_at: u64,
}

/// A checkpoint as stored: its JSON text and the SHA-256 of that text (lower-case hex).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub json: String,
    pub sha256: String,
}

/// Why a stored checkpoint is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("has no integrity hash; refusing to trust it")]
    MissingHash,
    #[error(
        "fails its integrity check (SHA-256 {actual}, expected {expected}): it was corrupted or edited; \
         refusing to trust it"
    )]
    Tampered { expected: String, actual: String },
    #[error("is not a valid checkpoint: {0}")]
    Invalid(String),
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Seal `checkpoint` for storage: its JSON and that JSON's SHA-256.
pub fn seal(checkpoint: &SavedCheckpoint) -> Sealed {
    // Serializing plain strings and integers cannot fail.
    let json = serde_json::to_string_pretty(checkpoint).unwrap_or_default();
    let sha256 = sha256_hex(json.as_bytes());
    Sealed { json, sha256 }
}

/// Check a stored pair and parse it. A missing or mismatched hash, or JSON that is not a
/// checkpoint (a block root that is not `0x` and 32 bytes included), is refused.
pub fn unseal(json: &[u8], sha256: Option<&str>) -> Result<SavedCheckpoint, SealError> {
    let expected = sha256.ok_or(SealError::MissingHash)?.trim().to_ascii_lowercase();
    let actual = sha256_hex(json);
    if actual != expected {
        return Err(SealError::Tampered { expected, actual });
    }
    serde_json::from_slice(json).map_err(|e| SealError::Invalid(e.to_string()))
}

/// Why a checkpoint file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    #[error("cannot read or write {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path} {error} (delete it or pass --checkpoint)")]
    Refused { path: String, error: SealError },
}

/// The data directory of `network`: `$LUCID_DATA_DIR/<network>`, else
/// `$XDG_DATA_HOME/lucid/<network>`, else `~/.local/share/lucid/<network>`.
pub fn default_data_dir(network: &str) -> Option<std::path::PathBuf> {
    let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(std::path::PathBuf::from);
    if let Some(d) = var("LUCID_DATA_DIR") {
        return Some(d.join(network));
    }
    let base = var("XDG_DATA_HOME").or_else(|| var("HOME").map(|h| h.join(".local/share")))?;
    Some(base.join("lucid").join(network))
}

/// Write `checkpoint.json` and its `.sha256` into `dir` (created if needed).
/// The JSON is written to a temporary file first and renamed into place.
pub fn save(dir: &std::path::Path, checkpoint: &SavedCheckpoint) -> Result<(), CheckpointError> {
    let io = |path: &std::path::Path| {
        let path = path.display().to_string();
        move |source| CheckpointError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let path = dir.join("checkpoint.json");
    let hash_path = dir.join("checkpoint.json.sha256");
    let sealed = seal(checkpoint);
    let tmp = dir.join("checkpoint.json.tmp");
    std::fs::write(&tmp, &sealed.json).map_err(io(&tmp))?;
    std::fs::write(&hash_path, format!("{}\n", sealed.sha256)).map_err(io(&hash_path))?;
    std::fs::rename(&tmp, &path).map_err(io(&path))?;
    Ok(())
}

/// Read the checkpoint saved in `dir`: `Ok(None)` when there is none, an
/// error when one exists but fails its integrity check or does not parse.
pub fn load(dir: &std::path::Path) -> Result<Option<SavedCheckpoint>, CheckpointError> {
    let path = dir.join("checkpoint.json");
    let shown = path.display().to_string();
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(CheckpointError::Io { path: shown, source }),
    };
    let hash = match std::fs::read_to_string(dir.join("checkpoint.json.sha256")) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => return Err(CheckpointError::Io { path: shown, source }),
    };
    unseal(&bytes, hash.as_deref()).map(Some).map_err(|error| CheckpointError::Refused { path: shown, error })
}

/// How old a checkpoint is, against the weak-subjectivity threshold.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AgeGauge {
    /// Epochs between the checkpoint and the current slot.
    pub age_epochs: u64,
    /// Roughly the same in days.
    pub age_days: u64,
    /// [`WS_WARN_EPOCHS`].
    pub threshold_epochs: u64,
    /// Whether the checkpoint is past the threshold.
    pub too_old: bool,
}

impl AgeGauge {
    /// The gauge for a checkpoint at `checkpoint_slot` when the chain is at `current_slot`.
    pub fn new(cfg: &NetworkConfig, checkpoint_slot: u64, current_slot: u64) -> Self {
        let age_slots = current_slot.saturating_sub(checkpoint_slot);
        let age_epochs = age_slots / cfg.preset.slots_per_epoch.max(1);
        let age_days = age_slots.saturating_mul(cfg.seconds_per_slot) / 86_400;
        AgeGauge { age_epochs, age_days, threshold_epochs: WS_WARN_EPOCHS, too_old: age_epochs > WS_WARN_EPOCHS }
    }

    /// A warning for users, when the checkpoint is too old.
    pub fn warning(&self) -> Option<String> {
        self.too_old.then(|| {
            format!(
                "warning: the checkpoint is {} epochs (~{} days) old, past the {}-epoch (~14-day) weak-subjectivity threshold; \
                 a chain signed by sync committees whose members have since exited could fool this client. Use a recent checkpoint from a source you trust.",
                self.age_epochs, self.age_days, self.threshold_epochs
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lucid_core::primitives::parse_root;

    #[test]
    fn gauge_warns_only_past_the_threshold() {
        let cfg = NetworkConfig::mainnet();
        let fresh = AgeGauge::new(&cfg, 1000, 1000 + 32 * WS_WARN_EPOCHS);
        assert!(!fresh.too_old && fresh.warning().is_none());
        assert_eq!(fresh.age_days, 14);
        let old = AgeGauge::new(&cfg, 1000, 1000 + 32 * (WS_WARN_EPOCHS + 1));
        assert!(old.too_old && old.warning().is_some());
    }

    fn sample() -> SavedCheckpoint {
        SavedCheckpoint {
            network: "mainnet".into(),
            block_root: parse_root("0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275").unwrap(),
            slot: None,
            source: "user".into(),
            saved_at: 1,
        }
    }

    #[test]
    fn a_sealed_checkpoint_unseals() {
        let sealed = seal(&sample());
        assert_eq!(unseal(sealed.json.as_bytes(), Some(&sealed.sha256)), Ok(sample()));
    }

    #[test]
    fn an_edited_or_unhashed_checkpoint_is_refused() {
        let sealed = seal(&sample());
        let edited = sealed.json.replace("0x5afc", "0x5afd");
        assert!(matches!(unseal(edited.as_bytes(), Some(&sealed.sha256)), Err(SealError::Tampered { .. })));
        assert_eq!(unseal(sealed.json.as_bytes(), None), Err(SealError::MissingHash));
        let short = seal(&sample()).json.replace("0x5afc", "0x5a");
        let hash = sha256_hex(short.as_bytes());
        assert!(matches!(unseal(short.as_bytes(), Some(&hash)), Err(SealError::Invalid(_))));
    }
}
