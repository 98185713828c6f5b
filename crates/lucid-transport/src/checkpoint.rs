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

/// Where the root a run trusted came from; `--json` reports it as `"checkpoint": {"root", "source"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckpointSource {
    /// Passed by the user (`--checkpoint`).
    Given,
    /// None was given: the bootstrap's own header was trusted as given, so nothing was checked against a
    /// checkpoint.
    Bootstrap,
    /// The checkpoint saved by an earlier verified sync.
    Saved,
    /// The network's built-in default.
    BuiltIn,
}

impl CheckpointSource {
    /// A short human description.
    pub fn describe(self) -> &'static str {
        match self {
            CheckpointSource::Given => "given with --checkpoint",
            CheckpointSource::Bootstrap => "none given: the bootstrap's own header is trusted as given",
            CheckpointSource::Saved => "saved by an earlier verified sync",
            CheckpointSource::BuiltIn => "the built-in default",
        }
    }
}

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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sealed {
    pub json: String,
    pub sha256: String,
}

/// Why a stored checkpoint is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
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
    #[error(
        "{path} {error}. To start again, delete it and the .sha256 beside it (or the browser's saved \
         checkpoint), or pass --checkpoint 0xROOT"
    )]
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
///
/// Both are written to temporary files first, then renamed into place, the
/// JSON first and its hash second. A crash between the two renames leaves the
/// new JSON beside the old hash and the new hash still pending in
/// `checkpoint.json.sha256.tmp`; [`load`] finds that pair, checks the pending
/// hash against the JSON, and completes the save.
pub fn save(dir: &std::path::Path, checkpoint: &SavedCheckpoint) -> Result<(), CheckpointError> {
    std::fs::create_dir_all(dir).map_err(io_error(dir))?;
    let paths = Paths::in_dir(dir);
    let sealed = seal(checkpoint);
    std::fs::write(&paths.json_tmp, &sealed.json).map_err(io_error(&paths.json_tmp))?;
    std::fs::write(&paths.hash_tmp, format!("{}\n", sealed.sha256)).map_err(io_error(&paths.hash_tmp))?;
    std::fs::rename(&paths.json_tmp, &paths.json).map_err(io_error(&paths.json))?;
    std::fs::rename(&paths.hash_tmp, &paths.hash).map_err(io_error(&paths.hash))?;
    Ok(())
}

/// The files of a saved checkpoint.
struct Paths {
    json: std::path::PathBuf,
    hash: std::path::PathBuf,
    json_tmp: std::path::PathBuf,
    hash_tmp: std::path::PathBuf,
}

impl Paths {
    fn in_dir(dir: &std::path::Path) -> Self {
        Paths {
            json: dir.join("checkpoint.json"),
            hash: dir.join("checkpoint.json.sha256"),
            json_tmp: dir.join("checkpoint.json.tmp"),
            hash_tmp: dir.join("checkpoint.json.sha256.tmp"),
        }
    }
}

fn io_error(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> CheckpointError {
    let path = path.display().to_string();
    move |source| CheckpointError::Io { path, source }
}

/// Read a file that may be absent.
fn read_optional(path: &std::path::Path) -> Result<Option<Vec<u8>>, CheckpointError> {
    match std::fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(CheckpointError::Io { path: path.display().to_string(), source }),
    }
}

/// Read the checkpoint saved in `dir`: `Ok(None)` when there is none, an
/// error when one exists but fails its integrity check or does not parse.
/// A save that was interrupted between its two renames is completed here.
pub fn load(dir: &std::path::Path) -> Result<Option<SavedCheckpoint>, CheckpointError> {
    let paths = Paths::in_dir(dir);
    let shown = paths.json.display().to_string();
    let Some(bytes) = read_optional(&paths.json)? else { return Ok(None) };
    let hash = read_optional(&paths.hash)?.map(|h| String::from_utf8_lossy(&h).into_owned());
    match unseal(&bytes, hash.as_deref()) {
        Ok(checkpoint) => Ok(Some(checkpoint)),
        Err(error) => {
            let pending = read_optional(&paths.hash_tmp)?.map(|h| String::from_utf8_lossy(&h).into_owned());
            if let Some(checkpoint) = pending.as_deref().and_then(|p| unseal(&bytes, Some(p)).ok()) {
                std::fs::rename(&paths.hash_tmp, &paths.hash).map_err(io_error(&paths.hash))?;
                return Ok(Some(checkpoint));
            }
            Err(CheckpointError::Refused { path: shown, error })
        }
    }
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

/// A verified bundle's report as `lucid verify --json` and the JavaScript package's
/// `verifyBundle` give it: `{"ok": true, "checkpoint": {"root", "source"}}` and the report's
/// [`summary`](lucid_core::replay::ReplayReport::summary).
pub fn verified_report_json(report: &lucid_core::replay::ReplayReport, source: CheckpointSource) -> serde_json::Value {
    let mut out = serde_json::json!({"ok": true, "checkpoint": {"root": report.trusted_root(), "source": source}});
    if let (Some(o), serde_json::Value::Object(summary)) = (out.as_object_mut(), report.summary()) {
        o.extend(summary);
    }
    out
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

    fn temp_dir(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("lucid-checkpoint-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn a_save_interrupted_between_its_renames_is_completed_on_load() {
        let dir = temp_dir("torn");
        let first = sample();
        save(&dir, &first).unwrap();
        let second = SavedCheckpoint { slot: Some(42), ..sample() };
        // What a crash after the JSON's rename and before the hash's leaves behind.
        let sealed = seal(&second);
        std::fs::write(dir.join("checkpoint.json"), &sealed.json).unwrap();
        std::fs::write(dir.join("checkpoint.json.sha256.tmp"), &sealed.sha256).unwrap();
        assert_eq!(load(&dir).unwrap(), Some(second.clone()));
        assert!(!dir.join("checkpoint.json.sha256.tmp").exists());
        assert_eq!(load(&dir).unwrap(), Some(second));
        // Without the pending hash, the pair is refused, and the message says what to do.
        std::fs::write(dir.join("checkpoint.json"), seal(&first).json.replace("mainnet", "sepolia")).unwrap();
        let err = load(&dir).unwrap_err().to_string();
        assert!(err.contains("integrity check") && err.contains("delete it"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
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
