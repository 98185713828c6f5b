//! Error type.

use lucid_core::Fork;

/// Errors returned by [`crate::hash_tree_root`] and [`crate::hash_tree_root_json`].
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// The fork has no schema: only altair, bellatrix, capella, deneb, electra, fulu and gloas do.
    #[error("no schema for fork `{0}` (altair and later only)")]
    UnsupportedFork(Fork),
    /// The type name is not `BeaconState`, `BeaconBlockBody`, `BeaconBlock` or `SignedBeaconBlock`.
    #[error("unknown type `{0}`")]
    UnknownType(String),
    /// The input is not a valid SSZ encoding of the requested type.
    #[error("malformed SSZ at `{path}`: {reason}")]
    Malformed {
        /// Field path of the offending value, e.g. `BeaconState.validators[3]`.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The input is not a valid Beacon-API JSON form of the requested type.
    #[error("invalid JSON at `{path}`: {reason}")]
    InvalidJson {
        /// Field path of the offending value, e.g. `BeaconBlockBody.attestations[3].data.slot`.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
}
