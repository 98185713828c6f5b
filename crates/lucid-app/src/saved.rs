//! The live-mode checkpoint kept in `localStorage`: the sealed JSON of a
//! `lucid_transport::checkpoint::SavedCheckpoint` beside its SHA-256. Sealing and the integrity
//! check are `lucid_transport::checkpoint::{seal, unseal}`; this module only reads and writes.
//!
//! Only a verified head is ever saved (see [`crate::trust`]). [`save`] writes the JSON first and
//! its hash second, so an interrupted or failed save leaves a torn pair (JSON without a matching
//! hash), which [`load`] refuses and the page offers to [`forget`].

use lucid_transport::checkpoint::{seal, unseal, SavedCheckpoint, SealError};

/// The `localStorage` key of the checkpoint's JSON.
pub const KEY: &str = "lucid.mainnet.checkpoint";
/// The `localStorage` key of its SHA-256 (hex).
pub const HASH_KEY: &str = "lucid.mainnet.checkpoint.sha256";

/// Why the checkpoint could not be saved or forgotten.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    #[error("this browser has no localStorage (private mode or storage disabled)")]
    Unavailable,
    #[error("could not write localStorage (storage full or disabled)")]
    WriteFailed,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved checkpoint: `Ok(None)` when there is none, `Err` when one is stored but refused
/// (its hash is missing or does not match, or it is not a checkpoint).
pub fn load() -> Result<Option<SavedCheckpoint>, SealError> {
    let Some(storage) = storage() else { return Ok(None) };
    let Some(json) = storage.get_item(KEY).ok().flatten() else { return Ok(None) };
    let hash = storage.get_item(HASH_KEY).ok().flatten();
    unseal(json.as_bytes(), hash.as_deref()).map(Some)
}

/// Save `checkpoint`: its JSON, then its hash.
pub fn save(checkpoint: &SavedCheckpoint) -> Result<(), StorageError> {
    let storage = storage().ok_or(StorageError::Unavailable)?;
    let sealed = seal(checkpoint);
    storage
        .set_item(KEY, &sealed.json)
        .and_then(|()| storage.set_item(HASH_KEY, &sealed.sha256))
        .map_err(|_| StorageError::WriteFailed)
}

/// Remove the saved checkpoint and its hash.
pub fn forget() -> Result<(), StorageError> {
    let storage = storage().ok_or(StorageError::Unavailable)?;
    storage.remove_item(KEY).and_then(|()| storage.remove_item(HASH_KEY)).map_err(|_| StorageError::WriteFailed)
}
