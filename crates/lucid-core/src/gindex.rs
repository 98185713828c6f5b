//! Generalized indices of the light-client proofs, named per fork as the
//! specs define them, and the spec's `*_gindex_at_slot` helpers.

use crate::config::{Fork, NetworkConfig};
use crate::primitives::Slot;

/// `get_generalized_index(altair.BeaconState, 'finalized_checkpoint', 'root')`
/// (the spec's `FINALIZED_ROOT_GINDEX`), Altair through Deneb.
pub const FINALIZED_ROOT_GINDEX_ALTAIR: u64 = 105;
/// `get_generalized_index(altair.BeaconState, 'current_sync_committee')`.
pub const CURRENT_SYNC_COMMITTEE_GINDEX_ALTAIR: u64 = 54;
/// `get_generalized_index(altair.BeaconState, 'next_sync_committee')`.
pub const NEXT_SYNC_COMMITTEE_GINDEX_ALTAIR: u64 = 55;

/// `get_generalized_index(electra.BeaconState, 'finalized_checkpoint', 'root')`, Electra and Fulu.
pub const FINALIZED_ROOT_GINDEX_ELECTRA: u64 = 169;
/// `get_generalized_index(electra.BeaconState, 'current_sync_committee')`.
pub const CURRENT_SYNC_COMMITTEE_GINDEX_ELECTRA: u64 = 86;
/// `get_generalized_index(electra.BeaconState, 'next_sync_committee')`.
pub const NEXT_SYNC_COMMITTEE_GINDEX_ELECTRA: u64 = 87;

/// `get_generalized_index(gloas.BeaconState, 'finalized_checkpoint', 'root')`
/// (the state is a progressive container, so the index is not a power-of-two sibling of Electra's).
pub const FINALIZED_ROOT_GINDEX_GLOAS: u64 = 735;
/// `get_generalized_index(gloas.BeaconState, 'current_sync_committee')`.
pub const CURRENT_SYNC_COMMITTEE_GINDEX_GLOAS: u64 = 2945;
/// `get_generalized_index(gloas.BeaconState, 'next_sync_committee')`.
pub const NEXT_SYNC_COMMITTEE_GINDEX_GLOAS: u64 = 2946;

/// `get_generalized_index(capella.BeaconBlockBody, 'execution_payload')`
/// (the spec's `EXECUTION_PAYLOAD_GINDEX`), Capella through Fulu.
pub const EXECUTION_PAYLOAD_GINDEX_CAPELLA: u64 = 25;
/// `get_generalized_index(capella.BeaconBlockBody, 'execution_payload', 'block_hash')`.
pub const EXECUTION_BLOCK_HASH_GINDEX_CAPELLA: u64 = 412;
/// `get_generalized_index(deneb.BeaconBlockBody, 'execution_payload', 'block_hash')`.
pub const EXECUTION_BLOCK_HASH_GINDEX_DENEB: u64 = 812;
/// `get_generalized_index(gloas.BeaconBlockBody, 'signed_execution_payload_bid', 'message', 'parent_block_hash')`.
pub const EXECUTION_BLOCK_HASH_GINDEX_GLOAS: u64 = 2856;

/// `get_generalized_index(capella.ExecutionPayloadHeader, 'block_hash')`.
pub const BLOCK_HASH_IN_PAYLOAD_HEADER_GINDEX_CAPELLA: u64 = 28;
/// `get_generalized_index(deneb.ExecutionPayloadHeader, 'block_hash')`.
pub const BLOCK_HASH_IN_PAYLOAD_HEADER_GINDEX_DENEB: u64 = 44;

/// `floorlog2`: the depth of a generalized index.
pub const fn floorlog2(gindex: u64) -> usize {
    (63 - gindex.leading_zeros()) as usize
}

/// `get_subtree_index`: the position of a generalized index within its depth.
pub const fn get_subtree_index(gindex: u64) -> u64 {
    gindex % (1 << floorlog2(gindex))
}

/// The three state proofs a light client checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateProof {
    FinalizedRoot,
    CurrentSyncCommittee,
    NextSyncCommittee,
}

impl StateProof {
    /// The gindex of this proof in the `BeaconState` of `fork`.
    pub const fn gindex_for_fork(self, fork: Fork) -> u64 {
        let era = match fork {
            Fork::Gloas => 2,
            Fork::Electra | Fork::Fulu => 1,
            _ => 0,
        };
        match (self, era) {
            (StateProof::FinalizedRoot, 0) => FINALIZED_ROOT_GINDEX_ALTAIR,
            (StateProof::FinalizedRoot, 1) => FINALIZED_ROOT_GINDEX_ELECTRA,
            (StateProof::FinalizedRoot, _) => FINALIZED_ROOT_GINDEX_GLOAS,
            (StateProof::CurrentSyncCommittee, 0) => CURRENT_SYNC_COMMITTEE_GINDEX_ALTAIR,
            (StateProof::CurrentSyncCommittee, 1) => CURRENT_SYNC_COMMITTEE_GINDEX_ELECTRA,
            (StateProof::CurrentSyncCommittee, _) => CURRENT_SYNC_COMMITTEE_GINDEX_GLOAS,
            (StateProof::NextSyncCommittee, 0) => NEXT_SYNC_COMMITTEE_GINDEX_ALTAIR,
            (StateProof::NextSyncCommittee, 1) => NEXT_SYNC_COMMITTEE_GINDEX_ELECTRA,
            (StateProof::NextSyncCommittee, _) => NEXT_SYNC_COMMITTEE_GINDEX_GLOAS,
        }
    }

    /// Branch length of this proof in the containers of `fork`.
    pub const fn depth_for_fork(self, fork: Fork) -> usize {
        floorlog2(self.gindex_for_fork(fork))
    }
}

/// `finalized_root_gindex_at_slot`.
pub fn finalized_root_gindex_at_slot(cfg: &NetworkConfig, slot: Slot) -> u64 {
    StateProof::FinalizedRoot.gindex_for_fork(cfg.fork_at_slot(slot))
}

/// `current_sync_committee_gindex_at_slot`.
pub fn current_sync_committee_gindex_at_slot(cfg: &NetworkConfig, slot: Slot) -> u64 {
    StateProof::CurrentSyncCommittee.gindex_for_fork(cfg.fork_at_slot(slot))
}

/// `next_sync_committee_gindex_at_slot`.
pub fn next_sync_committee_gindex_at_slot(cfg: &NetworkConfig, slot: Slot) -> u64 {
    StateProof::NextSyncCommittee.gindex_for_fork(cfg.fork_at_slot(slot))
}
