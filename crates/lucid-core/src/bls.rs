//! BLS12-381 with `blst` (min_pk, the Ethereum proof-of-possession suite):
//! committee key decompression and `FastAggregateVerify`.

use crate::error::LightClientError;
use crate::primitives::{BlsPublicKey, BlsSignature};
use blst::min_pk::{AggregatePublicKey, PublicKey, Signature};
use blst::BLST_ERROR;

/// The Ethereum BLS signature domain separation tag (POP ciphersuite).
pub const DST: &[u8] = b"BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

/// Decompress every committee key, checking each is on the curve.
///
/// Individual keys are not subgroup-checked here: sync-committee keys come
/// from a `BeaconState` proven by a Merkle branch, where consensus already
/// validated them. The aggregate that enters the pairing is subgroup-checked
/// in [`fast_aggregate_verify`].
pub fn decompress_committee(pubkeys: &[BlsPublicKey]) -> Result<Vec<PublicKey>, LightClientError> {
    pubkeys
        .iter()
        .enumerate()
        .map(|(index, key)| PublicKey::uncompress(&key.0).map_err(|_| LightClientError::InvalidPublicKey { index }))
        .collect()
}

/// `FastAggregateVerify(participants, message, signature)`.
pub fn fast_aggregate_verify(participants: &[&PublicKey], message: &[u8; 32], signature: &BlsSignature) -> Result<(), LightClientError> {
    if participants.is_empty() {
        return Err(LightClientError::BadSignature);
    }
    let signature = Signature::sig_validate(&signature.0, true).map_err(|_| LightClientError::InvalidSignatureEncoding)?;
    let aggregate = AggregatePublicKey::aggregate(participants, false)
        .map_err(|_| LightClientError::InvalidAggregatePublicKey)?
        .to_public_key();
    aggregate.validate().map_err(|_| LightClientError::InvalidAggregatePublicKey)?;
    match signature.verify(false, message, DST, &[], &aggregate, false) {
        BLST_ERROR::BLST_SUCCESS => Ok(()),
        _ => Err(LightClientError::BadSignature),
    }
}
