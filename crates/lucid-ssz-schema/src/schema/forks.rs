//! Fork-by-fork evolution of the schemas: Altair is written out in full, every
//! later fork is the previous fork's definitions plus its own modifications,
//! as listed in `specs/<fork>/beacon-chain.md` of the consensus specs.

use lucid_core::Fork;

use super::containers::*;
use super::def::Def;
use crate::preset::{Constants, JUSTIFICATION_BITS_LENGTH};
use crate::ty::{
    bitlist, bitvector, byte_list, bytes, fields, list, progressive_bitlist, progressive_list, uint256, uint64, uint8,
    vector,
};

/// The container definitions that change from fork to fork.
#[derive(Default)]
pub(super) struct Defs {
    pub(super) state: Def,
    pub(super) body: Def,
    attestation: Def,
    indexed_attestation: Def,
    execution_payload: Def,
    execution_payload_header: Def,
    execution_requests: Def,
}

/// A fork's modifications to the previous fork's definitions.
type Upgrade = fn(&mut Defs, &Constants);

/// Upgrades applied after Altair, in order.
const UPGRADES: [(Fork, Upgrade); 6] = [
    (Fork::Bellatrix, bellatrix),
    (Fork::Capella, capella),
    (Fork::Deneb, deneb),
    (Fork::Electra, electra),
    (Fork::Fulu, fulu),
    (Fork::Gloas, gloas),
];

/// Definitions of `fork`: Altair's, upgraded through every fork up to `fork`.
pub(super) fn build(fork: Fork, c: &Constants) -> Defs {
    let mut defs = altair(c);
    for (_, upgrade) in UPGRADES.iter().filter(|(f, _)| *f <= fork) {
        upgrade(&mut defs, c);
    }
    defs
}

fn altair(c: &Constants) -> Defs {
    let attestation = Def::new(fields![
        ("aggregation_bits", bitlist(c.max_validators_per_committee)),
        ("data", attestation_data()),
        ("signature", signature()),
    ]);
    let indexed_attestation = Def::new(fields![
        ("attesting_indices", list(uint64(), c.max_validators_per_committee)),
        ("data", attestation_data()),
        ("signature", signature()),
    ]);
    let body = Def::new(fields![
        ("randao_reveal", signature()),
        ("eth1_data", eth1_data()),
        ("graffiti", bytes32()),
        ("proposer_slashings", list(proposer_slashing(), c.max_proposer_slashings)),
        ("attester_slashings", list(attester_slashing(indexed_attestation.ty()), c.max_attester_slashings)),
        ("attestations", list(attestation.ty(), c.max_attestations)),
        ("deposits", list(deposit(), c.max_deposits)),
        ("voluntary_exits", list(signed_voluntary_exit(), c.max_voluntary_exits)),
        ("sync_aggregate", sync_aggregate(c)),
    ]);
    let registry = c.validator_registry_limit;
    let state = Def::new(fields![
        ("genesis_time", uint64()),
        ("genesis_validators_root", bytes32()),
        ("slot", uint64()),
        ("fork", fork()),
        ("latest_block_header", beacon_block_header()),
        ("block_roots", vector(bytes32(), c.slots_per_historical_root)),
        ("state_roots", vector(bytes32(), c.slots_per_historical_root)),
        ("historical_roots", list(bytes32(), c.historical_roots_limit)),
        ("eth1_data", eth1_data()),
        ("eth1_data_votes", list(eth1_data(), c.epochs_per_eth1_voting_period * c.slots_per_epoch)),
        ("eth1_deposit_index", uint64()),
        ("validators", list(validator(), registry)),
        ("balances", list(uint64(), registry)),
        ("randao_mixes", vector(bytes32(), c.epochs_per_historical_vector)),
        ("slashings", vector(uint64(), c.epochs_per_slashings_vector)),
        ("previous_epoch_participation", list(uint8(), registry)),
        ("current_epoch_participation", list(uint8(), registry)),
        ("justification_bits", bitvector(JUSTIFICATION_BITS_LENGTH)),
        ("previous_justified_checkpoint", checkpoint()),
        ("current_justified_checkpoint", checkpoint()),
        ("finalized_checkpoint", checkpoint()),
        ("inactivity_scores", list(uint64(), registry)),
        ("current_sync_committee", sync_committee(c)),
        ("next_sync_committee", sync_committee(c)),
    ]);
    Defs { state, body, attestation, indexed_attestation, ..Defs::default() }
}

fn bellatrix(d: &mut Defs, c: &Constants) {
    let common = fields![
        ("parent_hash", bytes32()),
        ("fee_recipient", address()),
        ("state_root", bytes32()),
        ("receipts_root", bytes32()),
        ("logs_bloom", bytes(c.bytes_per_logs_bloom)),
        ("prev_randao", bytes32()),
        ("block_number", uint64()),
        ("gas_limit", uint64()),
        ("gas_used", uint64()),
        ("timestamp", uint64()),
        ("extra_data", byte_list(c.max_extra_data_bytes)),
        ("base_fee_per_gas", uint256()),
        ("block_hash", bytes32()),
    ];
    d.execution_payload = Def::new(common.clone());
    d.execution_payload
        .push("transactions", list(byte_list(c.max_bytes_per_transaction), c.max_transactions_per_payload));
    d.execution_payload_header = Def::new(common);
    d.execution_payload_header.push("transactions_root", bytes32());

    d.body.push("execution_payload", d.execution_payload.ty());
    d.state.push("latest_execution_payload_header", d.execution_payload_header.ty());
}

fn capella(d: &mut Defs, c: &Constants) {
    d.execution_payload.push("withdrawals", list(withdrawal(), c.max_withdrawals_per_payload));
    d.execution_payload_header.push("withdrawals_root", bytes32());

    d.body.set("execution_payload", d.execution_payload.ty());
    d.body.push("bls_to_execution_changes", list(signed_bls_to_execution_change(), c.max_bls_to_execution_changes));
    d.state.set("latest_execution_payload_header", d.execution_payload_header.ty());
    d.state.push("next_withdrawal_index", uint64());
    d.state.push("next_withdrawal_validator_index", uint64());
    d.state.push("historical_summaries", list(historical_summary(), c.historical_roots_limit));
}

fn deneb(d: &mut Defs, c: &Constants) {
    for payload in [&mut d.execution_payload, &mut d.execution_payload_header] {
        payload.push("blob_gas_used", uint64());
        payload.push("excess_blob_gas", uint64());
    }
    d.body.set("execution_payload", d.execution_payload.ty());
    d.body.push("blob_kzg_commitments", list(bytes48(), c.max_blob_commitments_per_block));
    d.state.set("latest_execution_payload_header", d.execution_payload_header.ty());
}

fn electra(d: &mut Defs, c: &Constants) {
    let attesters = c.max_validators_per_committee * c.max_committees_per_slot;
    d.attestation.set("aggregation_bits", bitlist(attesters));
    d.attestation.push("committee_bits", bitvector(c.max_committees_per_slot));
    d.indexed_attestation.set("attesting_indices", list(uint64(), attesters));
    d.execution_requests = Def::new(fields![
        ("deposits", list(deposit_request(), c.max_deposit_requests_per_payload)),
        ("withdrawals", list(withdrawal_request(), c.max_withdrawal_requests_per_payload)),
        ("consolidations", list(consolidation_request(), c.max_consolidation_requests_per_payload)),
    ]);

    d.body.set(
        "attester_slashings",
        list(attester_slashing(d.indexed_attestation.ty()), c.max_attester_slashings_electra),
    );
    d.body.set("attestations", list(d.attestation.ty(), c.max_attestations_electra));
    d.body.push("execution_requests", d.execution_requests.ty());

    d.state.push("deposit_requests_start_index", uint64());
    d.state.push("deposit_balance_to_consume", uint64());
    d.state.push("exit_balance_to_consume", uint64());
    d.state.push("earliest_exit_epoch", uint64());
    d.state.push("consolidation_balance_to_consume", uint64());
    d.state.push("earliest_consolidation_epoch", uint64());
    d.state.push("pending_deposits", list(pending_deposit(), c.pending_deposits_limit));
    d.state
        .push("pending_partial_withdrawals", list(pending_partial_withdrawal(), c.pending_partial_withdrawals_limit));
    d.state.push("pending_consolidations", list(pending_consolidation(), c.pending_consolidations_limit));
}

fn fulu(d: &mut Defs, c: &Constants) {
    d.state.push("proposer_lookahead", vector(uint64(), (c.min_seed_lookahead + 1) * c.slots_per_epoch));
}

/// Gloas: EIP-7732 (ePBS), EIP-7688 (progressive containers), EIP-7916
/// (progressive lists), EIP-8282 (builder requests).
fn gloas(d: &mut Defs, c: &Constants) {
    d.attestation.set("aggregation_bits", progressive_bitlist());
    d.attestation.make_progressive();
    d.indexed_attestation.set("attesting_indices", progressive_list(uint64()));
    d.indexed_attestation.make_progressive();
    d.execution_requests.set("deposits", progressive_list(deposit_request()));
    d.execution_requests.set("withdrawals", progressive_list(withdrawal_request()));
    d.execution_requests.set("consolidations", progressive_list(consolidation_request()));
    d.execution_requests.push("builder_deposits", progressive_list(builder_deposit_request()));
    d.execution_requests.push("builder_exits", progressive_list(builder_exit_request()));
    d.execution_requests.make_progressive();

    let body = &mut d.body;
    body.set("proposer_slashings", progressive_list(proposer_slashing()));
    body.set("attester_slashings", progressive_list(attester_slashing(d.indexed_attestation.ty())));
    body.set("attestations", progressive_list(d.attestation.ty()));
    body.set("deposits", progressive_list(deposit()));
    body.set("voluntary_exits", progressive_list(signed_voluntary_exit()));
    body.remove("execution_payload");
    body.set("bls_to_execution_changes", progressive_list(signed_bls_to_execution_change()));
    body.remove("blob_kzg_commitments");
    body.remove("execution_requests");
    body.push("signed_execution_payload_bid", signed_execution_payload_bid());
    body.push("payload_attestations", progressive_list(payload_attestation(c)));
    body.push("parent_execution_requests", d.execution_requests.ty());
    body.make_progressive();

    let state = &mut d.state;
    state.set("validators", progressive_list(validator()));
    state.set("balances", progressive_list(uint64()));
    state.set("previous_epoch_participation", progressive_list(uint8()));
    state.set("current_epoch_participation", progressive_list(uint8()));
    state.set("inactivity_scores", progressive_list(uint64()));
    state.replace("latest_execution_payload_header", "latest_block_hash", bytes32());
    state.set("pending_deposits", progressive_list(pending_deposit()));
    state.set("pending_partial_withdrawals", progressive_list(pending_partial_withdrawal()));
    state.set("pending_consolidations", progressive_list(pending_consolidation()));
    state.push("builders", progressive_list(builder()));
    state.push("next_withdrawal_builder_index", uint64());
    state.push("execution_payload_availability", bitvector(c.slots_per_historical_root));
    state.push("builder_pending_payments", vector(builder_pending_payment(), 2 * c.slots_per_epoch));
    state.push("builder_pending_withdrawals", progressive_list(builder_pending_withdrawal()));
    state.push("latest_execution_payload_bid", execution_payload_bid());
    state.push("payload_expected_withdrawals", progressive_list(withdrawal()));
    state.push("ptc_window", vector(vector(uint64(), c.ptc_size), (2 + c.min_seed_lookahead) * c.slots_per_epoch));
    state.make_progressive();
}
