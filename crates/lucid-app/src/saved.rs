//! The live-mode checkpoint kept in `localStorage`, with an integrity check: the JSON of a
//! `lucid_transport::checkpoint::SavedCheckpoint` is stored beside its SHA-256, and a value whose
//! hash does not match (edited, truncated, corrupted) is refused with a message, never used.

use lucid_transport::checkpoint::{parse_root, SavedCheckpoint};
use sha2::{Digest, Sha256};

/// The `localStorage` key of the checkpoint's JSON.
pub const KEY: &str = "lucid.mainnet.checkpoint";
/// The `localStorage` key of its SHA-256 (hex).
pub const HASH_KEY: &str = "lucid.mainnet.checkpoint.sha256";

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The stored pair `(json, sha256)` for `checkpoint`.
pub fn encode(checkpoint: &SavedCheckpoint) -> (String, String) {
    let json = serde_json::to_string(checkpoint).unwrap_or_default();
    let hash = sha256_hex(json.as_bytes());
    (json, hash)
}

/// Check and parse a stored pair. `Err` explains why the value is refused.
pub fn decode(json: &str, hash: Option<&str>) -> Result<SavedCheckpoint, String> {
    let Some(expected) = hash.map(|h| h.trim().to_ascii_lowercase()) else {
        return Err("the saved checkpoint has no integrity hash; refusing to trust it".into());
    };
    let actual = sha256_hex(json.as_bytes());
    if actual != expected {
        return Err(format!(
            "the saved checkpoint fails its integrity check (SHA-256 {actual}, expected {expected}): it was corrupted or edited; refusing to trust it"
        ));
    }
    let cp: SavedCheckpoint =
        serde_json::from_str(json).map_err(|e| format!("the saved checkpoint is not valid: {e}"))?;
    if parse_root(&cp.block_root).is_none() {
        return Err(format!("the saved checkpoint's block root {:?} is not a 0x-prefixed 32-byte root", cp.block_root));
    }
    Ok(cp)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved checkpoint: `Ok(None)` when there is none, `Err` when one is stored but refused.
pub fn load() -> Result<Option<SavedCheckpoint>, String> {
    let Some(storage) = storage() else { return Ok(None) };
    let Some(json) = storage.get_item(KEY).ok().flatten() else { return Ok(None) };
    let hash = storage.get_item(HASH_KEY).ok().flatten();
    decode(&json, hash.as_deref()).map(Some)
}

/// Save `checkpoint` (and its hash).
pub fn save(checkpoint: &SavedCheckpoint) -> Result<(), String> {
    let storage = storage().ok_or("this browser has no localStorage")?;
    let (json, hash) = encode(checkpoint);
    storage
        .set_item(KEY, &json)
        .and_then(|_| storage.set_item(HASH_KEY, &hash))
        .map_err(|_| "could not write to localStorage".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SavedCheckpoint {
        SavedCheckpoint {
            network: "mainnet".into(),
            block_root: "0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275".into(),
            slot: None,
            source: "user".into(),
            saved_at: 1,
        }
    }

    #[test]
    fn a_saved_checkpoint_round_trips() {
        let (json, hash) = encode(&sample());
        assert_eq!(decode(&json, Some(&hash)), Ok(sample()));
    }

    #[test]
    fn an_edited_checkpoint_is_refused() {
        let (json, hash) = encode(&sample());
        let edited = json.replace("0x5afc", "0x5afd");
        let err = decode(&edited, Some(&hash)).unwrap_err();
        assert!(err.contains("integrity check"), "{err}");
        assert!(decode(&json, None).is_err());
    }
}
