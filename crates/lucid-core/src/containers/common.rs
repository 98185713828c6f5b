//! Containers shared by every fork: headers, sync committees, execution
//! payload headers and the signing helpers.

use super::offsets::ssz_container;
use crate::gindex::{floorlog2, EXECUTION_BLOCK_HASH_GINDEX_GLOAS, EXECUTION_PAYLOAD_GINDEX_CAPELLA};
use crate::primitives::{quoted_u64, BlsPublicKey, BlsSignature, ByteList, ByteVector, Root, Uint256};
use ssz_rs::prelude::*;

ssz_container! {
    /// `BeaconBlockHeader`.
    #[derive(Debug, Default, Clone, PartialEq, Eq, SimpleSerialize, serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct BeaconBlockHeader {
        #[serde(with = "quoted_u64")]
        pub slot: u64,
        #[serde(with = "quoted_u64")]
        pub proposer_index: u64,
        pub parent_root: Root,
        pub state_root: Root,
        pub body_root: Root,
    }
}

ssz_container! {
    /// `SyncCommittee` of `S` members.
    #[derive(Debug, Default, Clone, PartialEq, Eq, SimpleSerialize, serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct SyncCommittee<const S: usize> {
        pub pubkeys: Vector<BlsPublicKey, S>,
        pub aggregate_pubkey: BlsPublicKey,
    }
}

ssz_container! {
    /// `SyncAggregate` of a committee of `S` members.
    #[derive(Debug, Default, Clone, PartialEq, Eq, SimpleSerialize, serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct SyncAggregate<const S: usize> {
        pub sync_committee_bits: Bitvector<S>,
        pub sync_committee_signature: BlsSignature,
    }
}

impl<const S: usize> SyncAggregate<S> {
    /// Number of participating members (`sum(sync_committee_bits)`).
    pub fn participants(&self) -> u64 {
        self.sync_committee_bits.count_ones() as u64
    }
}

ssz_container! {
    /// Capella `ExecutionPayloadHeader`.
    #[derive(Debug, Default, Clone, PartialEq, Eq, SimpleSerialize, serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct ExecutionPayloadHeaderCapella {
        pub parent_hash: Root,
        pub fee_recipient: ByteVector<20>,
        pub state_root: Root,
        pub receipts_root: Root,
        pub logs_bloom: ByteVector<256>,
        pub prev_randao: Root,
        #[serde(with = "quoted_u64")]
        pub block_number: u64,
        #[serde(with = "quoted_u64")]
        pub gas_limit: u64,
        #[serde(with = "quoted_u64")]
        pub gas_used: u64,
        #[serde(with = "quoted_u64")]
        pub timestamp: u64,
        pub extra_data: ByteList<32>,
        pub base_fee_per_gas: Uint256,
        pub block_hash: Root,
        pub transactions_root: Root,
        pub withdrawals_root: Root,
    }
}

ssz_container! {
    /// Deneb `ExecutionPayloadHeader` (also Electra's and Fulu's).
    #[derive(Debug, Default, Clone, PartialEq, Eq, SimpleSerialize, serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct ExecutionPayloadHeaderDeneb {
        pub parent_hash: Root,
        pub fee_recipient: ByteVector<20>,
        pub state_root: Root,
        pub receipts_root: Root,
        pub logs_bloom: ByteVector<256>,
        pub prev_randao: Root,
        #[serde(with = "quoted_u64")]
        pub block_number: u64,
        #[serde(with = "quoted_u64")]
        pub gas_limit: u64,
        #[serde(with = "quoted_u64")]
        pub gas_used: u64,
        #[serde(with = "quoted_u64")]
        pub timestamp: u64,
        pub extra_data: ByteList<32>,
        pub base_fee_per_gas: Uint256,
        pub block_hash: Root,
        pub transactions_root: Root,
        pub withdrawals_root: Root,
        #[serde(with = "quoted_u64")]
        pub blob_gas_used: u64,
        #[serde(with = "quoted_u64")]
        pub excess_blob_gas: u64,
    }
}

/// Length of the Capella–Fulu `ExecutionBranch`.
pub const EXECUTION_BRANCH_DEPTH_CAPELLA: usize = floorlog2(EXECUTION_PAYLOAD_GINDEX_CAPELLA);
/// Length of the Gloas `ExecutionBranch`.
pub const EXECUTION_BRANCH_DEPTH_GLOAS: usize = floorlog2(EXECUTION_BLOCK_HASH_GINDEX_GLOAS);

ssz_container! {
    /// Altair/Bellatrix `LightClientHeader`.
    #[derive(Debug, Default, Clone, PartialEq, Eq, SimpleSerialize, serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct AltairLightClientHeader {
        pub beacon: BeaconBlockHeader,
    }
}

ssz_container! {
    /// Capella `LightClientHeader`.
    #[derive(Debug, Default, Clone, PartialEq, Eq, SimpleSerialize, serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct CapellaLightClientHeader {
        pub beacon: BeaconBlockHeader,
        pub execution: ExecutionPayloadHeaderCapella,
        pub execution_branch: Vector<Root, EXECUTION_BRANCH_DEPTH_CAPELLA>,
    }
}

ssz_container! {
    /// Deneb/Electra/Fulu `LightClientHeader`.
    #[derive(Debug, Default, Clone, PartialEq, Eq, SimpleSerialize, serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct DenebLightClientHeader {
        pub beacon: BeaconBlockHeader,
        pub execution: ExecutionPayloadHeaderDeneb,
        pub execution_branch: Vector<Root, EXECUTION_BRANCH_DEPTH_CAPELLA>,
    }
}

ssz_container! {
    /// Gloas `LightClientHeader`: the execution block hash replaces the payload header.
    #[derive(Debug, Default, Clone, PartialEq, Eq, SimpleSerialize, serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct GloasLightClientHeader {
        pub beacon: BeaconBlockHeader,
        pub execution_block_hash: Root,
        pub execution_branch: Vector<Root, EXECUTION_BRANCH_DEPTH_GLOAS>,
    }
}

/// `ForkData`, hashed into domains and fork digests.
#[derive(Debug, Default, Clone, PartialEq, Eq, SimpleSerialize)]
pub struct ForkData {
    pub current_version: ByteVector<4>,
    pub genesis_validators_root: Root,
}

/// `SigningData`: the message a sync committee signs.
#[derive(Debug, Default, Clone, PartialEq, Eq, SimpleSerialize)]
pub struct SigningData {
    pub object_root: Root,
    pub domain: Root,
}
