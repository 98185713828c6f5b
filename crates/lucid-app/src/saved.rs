//! The live-mode checkpoint kept in `localStorage`: the sealed JSON of a
//! `lucid_transport::checkpoint::SavedCheckpoint` beside its SHA-256. Sealing and the integrity
//! check are `lucid_transport::checkpoint::{seal, unseal}`; this module only reads and writes.

use lucid_transport::checkpoint::{seal, unseal, SavedCheckpoint};

/// The `localStorage` key of the checkpoint's JSON.
pub const KEY: &str = "lucid.mainnet.checkpoint";
/// The `localStorage` key of its SHA-256 (hex).
pub const HASH_KEY: &str = "lucid.mainnet.checkpoint.sha256";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved checkpoint: `Ok(None)` when there is none, `Err` (why) when one is stored but refused.
pub fn load() -> Result<Option<SavedCheckpoint>, String> {
    let Some(storage) = storage() else { return Ok(None) };
    let Some(json) = storage.get_item(KEY).ok().flatten() else { return Ok(None) };
    let hash = storage.get_item(HASH_KEY).ok().flatten();
    unseal(json.as_bytes(), hash.as_deref()).map(Some).map_err(|e| format!("the saved checkpoint {e}"))
}

/// Save `checkpoint` (and its hash).
pub fn save(checkpoint: &SavedCheckpoint) -> Result<(), String> {
    let storage = storage().ok_or("this browser has no localStorage")?;
    let sealed = seal(checkpoint);
    storage
        .set_item(KEY, &sealed.json)
        .and_then(|_| storage.set_item(HASH_KEY, &sealed.sha256))
        .map_err(|_| "could not write to localStorage".to_string())
}
