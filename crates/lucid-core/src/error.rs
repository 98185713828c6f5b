//! Every reason the light client can refuse an input.

use crate::config::Fork;
use crate::head::HeaderRole;
use crate::primitives::{to_hex, Root};
use thiserror::Error;

/// A rejected input. Each variant names the check that failed; a rejected
/// input never changes the store.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LightClientError {
    #[error("malformed SSZ for {object}: {reason}")]
    MalformedSsz { object: String, reason: String },
    #[error("malformed JSON for {object}: {reason}")]
    MalformedJson { object: String, reason: String },
    #[error("unknown fork {0:?}")]
    UnknownFork(String),
    #[error("wrong fork: data is labelled {labelled} but slot {slot} belongs to {expected}")]
    WrongFork { labelled: Fork, expected: Fork, slot: u64 },
    #[error("wrong fork digest: data is labelled {} but slot {slot} (epoch {epoch}) needs {}", to_hex(.digest), to_hex(.expected))]
    WrongForkDigest { digest: [u8; 4], expected: [u8; 4], slot: u64, epoch: u64 },
    #[error("no light-client data exists for fork {0}")]
    NoLightClientData(Fork),
    #[error("data of fork {data} is newer than the store's fork {store}; upgrade the store first")]
    DataNewerThanStore { data: Fork, store: Fork },
    #[error("bootstrap header root {actual} is not the trusted checkpoint {expected}")]
    CheckpointMismatch { expected: Root, actual: Root },
    #[error("{0}: execution branch or execution fields do not match the beacon block body")]
    BadExecutionBranch(HeaderRole),
    #[error("current sync committee branch does not prove the committee in the bootstrap state")]
    BadCurrentSyncCommitteeBranch,
    #[error("next sync committee branch does not prove the committee in the attested state")]
    BadNextSyncCommitteeBranch,
    #[error("finality branch does not prove the finalized header in the attested state")]
    BadFinalityBranch,
    #[error("finalized header must be empty when the update carries no finality proof")]
    UnexpectedFinalizedHeader,
    #[error("next sync committee must be empty when the update carries no committee proof")]
    UnexpectedNextSyncCommittee,
    #[error("next sync committee differs from the one already known for this period")]
    NextSyncCommitteeMismatch,
    #[error("too few participants: {participants}, at least {minimum} required")]
    TooFewParticipants { participants: u64, minimum: u64 },
    #[error("slots out of order: need current {current_slot} >= signature {signature_slot} > attested {attested_slot} >= finalized {finalized_slot}")]
    SignatureSlotOutOfRange { current_slot: u64, signature_slot: u64, attested_slot: u64, finalized_slot: u64 },
    #[error("signature period {signature_period} is not usable from store period {store_period} (next committee known: {next_known})")]
    PeriodOutOfRange { signature_period: u64, store_period: u64, next_known: bool },
    #[error("irrelevant or stale update: attested slot {attested_slot} is not newer than finalized slot {finalized_slot} and brings no new committee")]
    StaleUpdate { attested_slot: u64, finalized_slot: u64 },
    #[error("finalized period {finalized_period} does not follow store period {store_period}")]
    FinalizedPeriodMismatch { finalized_period: u64, store_period: u64 },
    #[error("no sync committee known for period {period}")]
    NoCommitteeForPeriod { period: u64 },
    #[error("sync committee public key {index} is not a valid BLS G1 point")]
    InvalidPublicKey { index: usize },
    #[error("sync aggregate signature is not a valid BLS G2 point")]
    InvalidSignatureEncoding,
    #[error("aggregate of the participants' public keys is not a valid G1 subgroup point")]
    InvalidAggregatePublicKey,
    #[error("bad sync committee signature: it does not verify over the attested header for this fork and network")]
    BadSignature,
    #[error("no update to force: none was kept, or the update timeout has not elapsed")]
    NothingToForce,
}

impl LightClientError {
    /// `MalformedJson` for `object`.
    pub fn malformed_json(object: &str, reason: impl std::fmt::Display) -> Self {
        LightClientError::MalformedJson { object: object.to_string(), reason: reason.to_string() }
    }

    /// `MalformedSsz` for `object`.
    pub fn malformed_ssz(object: &str, reason: impl std::fmt::Display) -> Self {
        LightClientError::MalformedSsz { object: object.to_string(), reason: reason.to_string() }
    }

    /// A stable snake-case name for the variant, for JSON output and tests.
    pub fn kind(&self) -> &'static str {
        use LightClientError::*;
        match self {
            MalformedSsz { .. } => "malformed_ssz",
            MalformedJson { .. } => "malformed_json",
            UnknownFork(_) => "unknown_fork",
            WrongFork { .. } => "wrong_fork",
            WrongForkDigest { .. } => "wrong_fork_digest",
            NoLightClientData(_) => "no_light_client_data",
            DataNewerThanStore { .. } => "data_newer_than_store",
            CheckpointMismatch { .. } => "checkpoint_mismatch",
            BadExecutionBranch(_) => "bad_execution_branch",
            BadCurrentSyncCommitteeBranch => "bad_current_sync_committee_branch",
            BadNextSyncCommitteeBranch => "bad_next_sync_committee_branch",
            BadFinalityBranch => "bad_finality_branch",
            UnexpectedFinalizedHeader => "unexpected_finalized_header",
            UnexpectedNextSyncCommittee => "unexpected_next_sync_committee",
            NextSyncCommitteeMismatch => "next_sync_committee_mismatch",
            TooFewParticipants { .. } => "too_few_participants",
            SignatureSlotOutOfRange { .. } => "signature_slot_out_of_range",
            PeriodOutOfRange { .. } => "period_out_of_range",
            StaleUpdate { .. } => "stale_update",
            FinalizedPeriodMismatch { .. } => "finalized_period_mismatch",
            NoCommitteeForPeriod { .. } => "no_committee_for_period",
            InvalidPublicKey { .. } => "invalid_public_key",
            InvalidSignatureEncoding => "invalid_signature_encoding",
            InvalidAggregatePublicKey => "invalid_aggregate_public_key",
            BadSignature => "bad_signature",
            NothingToForce => "nothing_to_force",
        }
    }
}
