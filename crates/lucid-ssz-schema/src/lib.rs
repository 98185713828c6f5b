//! Schema-driven SSZ decoding and `hash_tree_root` for the consensus-layer
//! `BeaconState`, `BeaconBlockBody`, `BeaconBlock` and `SignedBeaconBlock` containers,
//! from their SSZ encoding ([`hash_tree_root`]) or their Beacon-API JSON form
//! ([`hash_tree_root_json`]).
//!
//! Supported forks: altair, bellatrix, capella, deneb, electra, fulu and gloas
//! (including the EIP-7688 progressive containers and EIP-7916 progressive
//! lists Gloas introduces), each for the minimal and mainnet presets.
//!
//! Decoding is strict: every offset, length and list limit is checked, and any
//! malformed input yields [`SchemaError::Malformed`] (SSZ) or
//! [`SchemaError::InvalidJson`] (JSON) naming the offending field. No input panics.

mod decode;
mod error;
mod json;
mod merkle;
mod path;
mod preset;
mod root;
mod schema;
mod ty;

pub use error::SchemaError;
pub use lucid_core::{Fork, Preset};

use decode::Value;
use path::Path;
use ty::Type;

/// `hash_tree_root` of an SSZ-encoded `type_name` ("BeaconState" | "BeaconBlockBody" |
/// "BeaconBlock" | "SignedBeaconBlock") of `fork` (Altair to Gloas).
pub fn hash_tree_root(fork: Fork, preset: Preset, type_name: &str, ssz: &[u8]) -> Result<[u8; 32], SchemaError> {
    root_of(fork, preset, type_name, |ty, path| decode::decode(ty, ssz, path))
}

/// `hash_tree_root` of a `type_name` of `fork` (as for [`hash_tree_root`]) given in the
/// Beacon API's JSON form: `uintN` as decimal strings, byte vectors and lists as `0x`-hex,
/// bitvectors and bitlists as `0x`-hex of their SSZ bytes, containers as objects with
/// exactly the spec's field names, other vectors and lists as arrays.
///
/// `json` is the object itself, not the API's `{"version", "data"}` envelope: for a block
/// fetched from `/eth/v2/beacon/blocks/{id}`, the block root is
/// `hash_tree_root_json(fork, preset, "BeaconBlock", &response["data"]["message"])` with `fork`
/// the [`Fork::from_name`] of `response["version"]`.
///
/// ```
/// # use lucid_ssz_schema::{hash_tree_root_json, Fork, Preset, SchemaError};
/// let error = hash_tree_root_json(Fork::Capella, Preset::Mainnet, "BeaconBlock", &serde_json::json!({}))
///     .unwrap_err();
/// assert!(matches!(error, SchemaError::InvalidJson { .. }));
/// assert_eq!(error.to_string(), "invalid JSON at `BeaconBlock`: missing field `slot`");
/// ```
pub fn hash_tree_root_json(
    fork: Fork,
    preset: Preset,
    type_name: &str,
    json: &serde_json::Value,
) -> Result<[u8; 32], SchemaError> {
    root_of(fork, preset, type_name, |ty, path| json::from_json(ty, json, path))
}

/// Looks up `type_name` of `fork` and `preset`, reads its value with `read` and merkleizes it.
fn root_of<'a>(
    fork: Fork,
    preset: Preset,
    type_name: &str,
    read: impl FnOnce(&Type, &Path<'_>) -> Result<Value<'a>, SchemaError>,
) -> Result<[u8; 32], SchemaError> {
    let schema = schema::Schema::build(fork, preset::constants(preset))?;
    let ty = schema.get(type_name)?;
    let value = read(ty, &Path::Root(type_name))?;
    Ok(root::hash_tree_root(ty, &value))
}
