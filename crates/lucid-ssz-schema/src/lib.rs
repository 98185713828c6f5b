//! Schema-driven SSZ decoding and `hash_tree_root` for the consensus-layer
//! `BeaconState` and `BeaconBlockBody` containers.
//!
//! Supported forks: altair, bellatrix, capella, deneb, electra, fulu and gloas
//! (including the EIP-7688 progressive containers and EIP-7916 progressive
//! lists Gloas introduces), each for the minimal and mainnet presets.
//!
//! Decoding is strict: every offset, length and list limit is checked, and any
//! malformed input yields [`SchemaError::Malformed`] naming the offending field.

mod decode;
mod error;
mod merkle;
mod path;
mod preset;
mod root;
mod schema;
mod ty;

pub use error::SchemaError;
pub use preset::Preset;

/// hash_tree_root of an SSZ-encoded `type_name` ("BeaconState" | "BeaconBlockBody") of `fork` ("altair".."gloas").
pub fn hash_tree_root(
    fork: &str,
    preset: Preset,
    type_name: &str,
    ssz: &[u8],
) -> Result<[u8; 32], SchemaError> {
    let fork = schema::Fork::parse(fork)?;
    let schema = schema::Schema::build(fork, preset.constants());
    let ty = schema.get(type_name)?;
    let value = decode::decode(ty, ssz, &path::Path::Root(type_name))?;
    Ok(root::hash_tree_root(ty, &value))
}
