//! The live-mode checkpoint kept in `localStorage`: the sealed JSON of a
//! `lucid_transport::checkpoint::SavedCheckpoint` beside its SHA-256. Sealing and the integrity
//! check are `lucid_transport::checkpoint::{seal, unseal}`, which run in the worker (the page
//! links no hashing); this module only reads and writes what the worker sealed.
//!
//! Only a verified head is ever saved (see [`crate::trust`]). [`write`] writes the JSON first and
//! its hash second, so an interrupted or failed save leaves a torn pair (JSON without a matching
//! hash), which the worker refuses and the page offers to [`forget`].

use lucid_transport::checkpoint::Sealed;
use serde::{Deserialize, Serialize};

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

/// What `localStorage` holds, unchecked: the checkpoint's JSON and, if present, its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stored {
    pub json: String,
    pub sha256: Option<String>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The stored pair, or `None` when no checkpoint is stored (or there is no `localStorage`).
pub fn read() -> Option<Stored> {
    let storage = storage()?;
    let json = storage.get_item(KEY).ok().flatten()?;
    Some(Stored { json, sha256: storage.get_item(HASH_KEY).ok().flatten() })
}

/// Write a checkpoint the worker sealed: its JSON, then its hash.
pub fn write(sealed: &Sealed) -> Result<(), StorageError> {
    let storage = storage().ok_or(StorageError::Unavailable)?;
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
