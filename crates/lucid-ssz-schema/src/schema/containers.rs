//! Containers nested inside (or wrapping) `BeaconState` / `BeaconBlockBody` whose
//! shape does not change between the forks that use them.

use crate::preset::{Constants, DEPOSIT_CONTRACT_TREE_DEPTH};
use crate::ty::{
    bitvector, boolean, bytes, container, fields, progressive_container, progressive_list, uint64, uint8, vector, Type,
};

/// `Bytes32` / `Root` / `Hash32`.
pub(super) fn bytes32() -> Type {
    bytes(32)
}

/// `BLSPubkey` / `KZGCommitment`.
pub(super) fn bytes48() -> Type {
    bytes(48)
}

/// `BLSSignature`.
pub(super) fn signature() -> Type {
    bytes(96)
}

/// `ExecutionAddress`.
pub(super) fn address() -> Type {
    bytes(20)
}

pub(super) fn fork() -> Type {
    container(fields![("previous_version", bytes(4)), ("current_version", bytes(4)), ("epoch", uint64()),])
}

pub(super) fn checkpoint() -> Type {
    container(fields![("epoch", uint64()), ("root", bytes32())])
}

pub(super) fn beacon_block_header() -> Type {
    container(fields![
        ("slot", uint64()),
        ("proposer_index", uint64()),
        ("parent_root", bytes32()),
        ("state_root", bytes32()),
        ("body_root", bytes32()),
    ])
}

/// `BeaconBlock` with the given body: its root is the block root, equal to the root of its
/// `BeaconBlockHeader` (whose `body_root` is the body's root).
pub(super) fn beacon_block(body: Type) -> Type {
    container(fields![
        ("slot", uint64()),
        ("proposer_index", uint64()),
        ("parent_root", bytes32()),
        ("state_root", bytes32()),
        ("body", body),
    ])
}

/// `SignedBeaconBlock` around the given `BeaconBlock`.
pub(super) fn signed_beacon_block(block: Type) -> Type {
    container(fields![("message", block), ("signature", signature())])
}

pub(super) fn eth1_data() -> Type {
    container(fields![("deposit_root", bytes32()), ("deposit_count", uint64()), ("block_hash", bytes32()),])
}

pub(super) fn validator() -> Type {
    container(fields![
        ("pubkey", bytes48()),
        ("withdrawal_credentials", bytes32()),
        ("effective_balance", uint64()),
        ("slashed", boolean()),
        ("activation_eligibility_epoch", uint64()),
        ("activation_epoch", uint64()),
        ("exit_epoch", uint64()),
        ("withdrawable_epoch", uint64()),
    ])
}

pub(super) fn attestation_data() -> Type {
    container(fields![
        ("slot", uint64()),
        ("index", uint64()),
        ("beacon_block_root", bytes32()),
        ("source", checkpoint()),
        ("target", checkpoint()),
    ])
}

pub(super) fn proposer_slashing() -> Type {
    let signed_header = container(fields![("message", beacon_block_header()), ("signature", signature()),]);
    container(fields![("signed_header_1", signed_header.clone()), ("signed_header_2", signed_header),])
}

/// `AttesterSlashing` over the fork's `IndexedAttestation`.
pub(super) fn attester_slashing(indexed_attestation: Type) -> Type {
    container(fields![("attestation_1", indexed_attestation.clone()), ("attestation_2", indexed_attestation),])
}

pub(super) fn deposit() -> Type {
    let deposit_data = container(fields![
        ("pubkey", bytes48()),
        ("withdrawal_credentials", bytes32()),
        ("amount", uint64()),
        ("signature", signature()),
    ]);
    container(fields![("proof", vector(bytes32(), DEPOSIT_CONTRACT_TREE_DEPTH + 1)), ("data", deposit_data),])
}

pub(super) fn signed_voluntary_exit() -> Type {
    let exit = container(fields![("epoch", uint64()), ("validator_index", uint64())]);
    container(fields![("message", exit), ("signature", signature())])
}

pub(super) fn sync_committee(c: &Constants) -> Type {
    container(fields![("pubkeys", vector(bytes48(), c.sync_committee_size)), ("aggregate_pubkey", bytes48()),])
}

pub(super) fn sync_aggregate(c: &Constants) -> Type {
    container(fields![
        ("sync_committee_bits", bitvector(c.sync_committee_size)),
        ("sync_committee_signature", signature()),
    ])
}

pub(super) fn withdrawal() -> Type {
    container(
        fields![("index", uint64()), ("validator_index", uint64()), ("address", address()), ("amount", uint64()),],
    )
}

pub(super) fn signed_bls_to_execution_change() -> Type {
    let change = container(fields![
        ("validator_index", uint64()),
        ("from_bls_pubkey", bytes48()),
        ("to_execution_address", address()),
    ]);
    container(fields![("message", change), ("signature", signature())])
}

pub(super) fn historical_summary() -> Type {
    container(fields![("block_summary_root", bytes32()), ("state_summary_root", bytes32()),])
}

pub(super) fn pending_deposit() -> Type {
    container(fields![
        ("pubkey", bytes48()),
        ("withdrawal_credentials", bytes32()),
        ("amount", uint64()),
        ("signature", signature()),
        ("slot", uint64()),
    ])
}

pub(super) fn pending_partial_withdrawal() -> Type {
    container(fields![("validator_index", uint64()), ("amount", uint64()), ("withdrawable_epoch", uint64()),])
}

pub(super) fn pending_consolidation() -> Type {
    container(fields![("source_index", uint64()), ("target_index", uint64()),])
}

pub(super) fn deposit_request() -> Type {
    container(fields![
        ("pubkey", bytes48()),
        ("withdrawal_credentials", bytes32()),
        ("amount", uint64()),
        ("signature", signature()),
        ("index", uint64()),
    ])
}

pub(super) fn withdrawal_request() -> Type {
    container(fields![("source_address", address()), ("validator_pubkey", bytes48()), ("amount", uint64()),])
}

pub(super) fn consolidation_request() -> Type {
    container(fields![("source_address", address()), ("source_pubkey", bytes48()), ("target_pubkey", bytes48()),])
}

pub(super) fn builder() -> Type {
    container(fields![
        ("pubkey", bytes48()),
        ("version", uint8()),
        ("execution_address", address()),
        ("balance", uint64()),
        ("deposit_epoch", uint64()),
        ("withdrawable_epoch", uint64()),
    ])
}

pub(super) fn builder_pending_withdrawal() -> Type {
    container(fields![("fee_recipient", address()), ("amount", uint64()), ("builder_index", uint64()),])
}

pub(super) fn builder_pending_payment() -> Type {
    container(
        fields![("weight", uint64()), ("withdrawal", builder_pending_withdrawal()), ("proposer_index", uint64()),],
    )
}

pub(super) fn builder_deposit_request() -> Type {
    container(fields![
        ("pubkey", bytes48()),
        ("withdrawal_credentials", bytes32()),
        ("amount", uint64()),
        ("signature", signature()),
    ])
}

pub(super) fn builder_exit_request() -> Type {
    container(fields![("source_address", address()), ("pubkey", bytes48())])
}

pub(super) fn execution_payload_bid() -> Type {
    progressive_container(fields![
        ("parent_block_hash", bytes32()),
        ("parent_block_root", bytes32()),
        ("block_hash", bytes32()),
        ("prev_randao", bytes32()),
        ("fee_recipient", address()),
        ("gas_limit", uint64()),
        ("builder_index", uint64()),
        ("slot", uint64()),
        ("value", uint64()),
        ("execution_payment", uint64()),
        ("blob_kzg_commitments", progressive_list(bytes48())),
        ("execution_requests_root", bytes32()),
    ])
}

pub(super) fn signed_execution_payload_bid() -> Type {
    container(fields![("message", execution_payload_bid()), ("signature", signature()),])
}

pub(super) fn payload_attestation(c: &Constants) -> Type {
    let data = container(fields![
        ("beacon_block_root", bytes32()),
        ("slot", uint64()),
        ("payload_present", boolean()),
        ("blob_data_available", boolean()),
    ]);
    progressive_container(fields![
        ("aggregation_bits", bitvector(c.ptc_size)),
        ("data", data),
        ("signature", signature()),
    ])
}
