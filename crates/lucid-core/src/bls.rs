//! BLS12-381 with `blst` (min_pk, the Ethereum proof-of-possession suite):
//! committee keys and `FastAggregateVerify`.
//!
//! `FastAggregateVerify(participants, message, signature)` checks the
//! signature against the sum of the participants' keys. A sync committee
//! carries `aggregate_pubkey`, which consensus sets to the sum of all its
//! members' keys and which the committee's Merkle proof covers, so the
//! participants' sum is also `aggregate_pubkey` minus the absent members'
//! keys. [`CommitteeKeys::participants_key`] takes whichever side needs fewer
//! keys: with 500 of 512 members signing it decompresses 13 keys instead of
//! 500. Every key it touches is fully validated (on the curve, in the G1
//! subgroup, not the identity) and cached for the committee's period.

use std::sync::OnceLock;

use crate::error::LightClientError;
use crate::primitives::{BlsPublicKey, BlsSignature};
use blst::min_pk::{AggregatePublicKey, PublicKey, Signature};
use blst::{
    blst_p1, blst_p1_add_or_double, blst_p1_affine, blst_p1_cneg, blst_p1_from_affine, blst_p1_to_affine, BLST_ERROR,
};

/// The Ethereum BLS signature domain separation tag (POP ciphersuite).
pub const DST: &[u8] = b"BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

/// Decompress and validate one key (`KeyValidate`).
pub fn validate_key(key: &BlsPublicKey) -> Option<PublicKey> {
    PublicKey::key_validate(&key.0).ok()
}

/// Decompress and validate every key of a committee.
pub fn decompress_committee(pubkeys: &[BlsPublicKey]) -> Result<Vec<PublicKey>, LightClientError> {
    pubkeys
        .iter()
        .enumerate()
        .map(|(index, key)| validate_key(key).ok_or(LightClientError::InvalidPublicKey { index }))
        .collect()
}

/// Lazily decompressed, validated keys of one sync committee.
#[derive(Debug)]
pub struct CommitteeKeys {
    members: Vec<OnceLock<Option<PublicKey>>>,
    aggregate: OnceLock<Option<PublicKey>>,
}

impl CommitteeKeys {
    /// An empty cache for a committee of `size` members.
    pub fn new(size: usize) -> Self {
        Self { members: (0..size).map(|_| OnceLock::new()).collect(), aggregate: OnceLock::new() }
    }

    /// Member `index`'s key, validated once.
    fn member(&self, index: usize, pubkeys: &[BlsPublicKey]) -> Result<&PublicKey, LightClientError> {
        let cell = self.members.get(index).ok_or(LightClientError::InvalidPublicKey { index })?;
        cell.get_or_init(|| pubkeys.get(index).and_then(validate_key))
            .as_ref()
            .ok_or(LightClientError::InvalidPublicKey { index })
    }

    /// Number of member keys decompressed so far.
    pub fn decompressed(&self) -> usize {
        self.members.iter().filter(|c| c.get().is_some()).count()
    }

    /// The sum of the participants' keys, from the smaller side: the
    /// participants themselves, or `aggregate_pubkey` minus the absent members.
    pub fn participants_key(
        &self,
        pubkeys: &[BlsPublicKey],
        aggregate_pubkey: &BlsPublicKey,
        bits: impl Iterator<Item = bool>,
    ) -> Result<PublicKey, LightClientError> {
        let bits: Vec<bool> = bits.collect();
        let participants = bits.iter().filter(|b| **b).count();
        if participants == 0 {
            return Err(LightClientError::BadSignature);
        }
        let absent = bits.len() - participants;
        if absent >= participants {
            let keys =
                (0..bits.len()).filter(|i| bits[*i]).map(|i| self.member(i, pubkeys)).collect::<Result<Vec<_>, _>>()?;
            return sum(&keys);
        }
        let total = self
            .aggregate
            .get_or_init(|| validate_key(aggregate_pubkey))
            .as_ref()
            .ok_or(LightClientError::InvalidAggregatePublicKey)?;
        if absent == 0 {
            return Ok(*total);
        }
        let keys =
            (0..bits.len()).filter(|i| !bits[*i]).map(|i| self.member(i, pubkeys)).collect::<Result<Vec<_>, _>>()?;
        Ok(subtract(total, &sum(&keys)?))
    }
}

/// Sum of keys.
fn sum(keys: &[&PublicKey]) -> Result<PublicKey, LightClientError> {
    AggregatePublicKey::aggregate(keys, false)
        .map(|a| a.to_public_key())
        .map_err(|_| LightClientError::InvalidAggregatePublicKey)
}

/// `a - b` on G1.
#[allow(unsafe_code, reason = "blst's safe API has no G1 subtraction; its C functions do it")]
pub(crate) fn subtract(a: &PublicKey, b: &PublicKey) -> PublicKey {
    let to_projective = |key: &PublicKey| {
        let affine: blst_p1_affine = (*key).into();
        let mut p = blst_p1::default();
        // SAFETY: both pointers refer to live, initialized values of the expected types.
        unsafe { blst_p1_from_affine(&mut p, &affine) };
        p
    };
    let mut result = to_projective(a);
    let mut negated = to_projective(b);
    let mut affine = blst_p1_affine::default();
    // SAFETY: all pointers refer to live, initialized blst values owned by this function.
    unsafe {
        blst_p1_cneg(&mut negated, true);
        let left = result;
        blst_p1_add_or_double(&mut result, &left, &negated);
        blst_p1_to_affine(&mut affine, &result);
    }
    PublicKey::from(affine)
}

/// Check `signature` over `message` against the participants' summed key:
/// the last step of `FastAggregateVerify`. The key must be a valid, non-identity
/// G1 subgroup point; the signature a valid G2 subgroup point.
pub fn verify_aggregate(
    participants_key: &PublicKey,
    message: &[u8; 32],
    signature: &BlsSignature,
) -> Result<(), LightClientError> {
    let signature =
        Signature::sig_validate(&signature.0, true).map_err(|_| LightClientError::InvalidSignatureEncoding)?;
    participants_key.validate().map_err(|_| LightClientError::InvalidAggregatePublicKey)?;
    match signature.verify(false, message, DST, &[], participants_key, false) {
        BLST_ERROR::BLST_SUCCESS => Ok(()),
        _ => Err(LightClientError::BadSignature),
    }
}

/// `FastAggregateVerify` over explicit participant keys.
pub fn fast_aggregate_verify(
    participants: &[&PublicKey],
    message: &[u8; 32],
    signature: &BlsSignature,
) -> Result<(), LightClientError> {
    if participants.is_empty() {
        return Err(LightClientError::BadSignature);
    }
    verify_aggregate(&sum(participants)?, message, signature)
}
