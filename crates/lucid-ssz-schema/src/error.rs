//! Error type.

/// Errors returned by [`crate::hash_tree_root`].
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// The fork name is not one of altair, bellatrix, capella, deneb, electra, fulu, gloas.
    #[error("unknown fork `{0}`")]
    UnknownFork(String),
    /// The type name is not `BeaconState` or `BeaconBlockBody`.
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
}
