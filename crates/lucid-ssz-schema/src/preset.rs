//! Preset constants that shape the SSZ types (values from the consensus-specs
//! `presets/{minimal,mainnet}/*.yaml` files at v1.7.0-alpha.13; those the light client
//! also uses come from [`Preset::constants`]).

use lucid_core::Preset;

/// The preset values that appear in `BeaconState` / `BeaconBlockBody` types.
#[derive(Debug)]
pub(crate) struct Constants {
    // phase0
    pub(crate) max_committees_per_slot: u64,
    pub(crate) max_validators_per_committee: u64,
    pub(crate) slots_per_epoch: u64,
    pub(crate) min_seed_lookahead: u64,
    pub(crate) epochs_per_eth1_voting_period: u64,
    pub(crate) slots_per_historical_root: u64,
    pub(crate) epochs_per_historical_vector: u64,
    pub(crate) epochs_per_slashings_vector: u64,
    pub(crate) historical_roots_limit: u64,
    pub(crate) validator_registry_limit: u64,
    pub(crate) max_proposer_slashings: u64,
    pub(crate) max_attester_slashings: u64,
    pub(crate) max_attestations: u64,
    pub(crate) max_deposits: u64,
    pub(crate) max_voluntary_exits: u64,
    // altair
    pub(crate) sync_committee_size: u64,
    // bellatrix
    pub(crate) max_bytes_per_transaction: u64,
    pub(crate) max_transactions_per_payload: u64,
    pub(crate) bytes_per_logs_bloom: u64,
    pub(crate) max_extra_data_bytes: u64,
    // capella
    pub(crate) max_bls_to_execution_changes: u64,
    pub(crate) max_withdrawals_per_payload: u64,
    // deneb
    pub(crate) max_blob_commitments_per_block: u64,
    // electra
    pub(crate) pending_deposits_limit: u64,
    pub(crate) pending_partial_withdrawals_limit: u64,
    pub(crate) pending_consolidations_limit: u64,
    pub(crate) max_attester_slashings_electra: u64,
    pub(crate) max_attestations_electra: u64,
    pub(crate) max_deposit_requests_per_payload: u64,
    pub(crate) max_withdrawal_requests_per_payload: u64,
    pub(crate) max_consolidation_requests_per_payload: u64,
    // gloas
    pub(crate) ptc_size: u64,
}

/// Fixed constants (not preset-dependent).
pub(crate) const DEPOSIT_CONTRACT_TREE_DEPTH: u64 = 32;
pub(crate) const JUSTIFICATION_BITS_LENGTH: u64 = 4;

const MINIMAL: Constants = Constants {
    max_committees_per_slot: 4,
    max_validators_per_committee: 2048,
    slots_per_epoch: Preset::Minimal.constants().slots_per_epoch,
    min_seed_lookahead: 1,
    epochs_per_eth1_voting_period: 4,
    slots_per_historical_root: 64,
    epochs_per_historical_vector: 64,
    epochs_per_slashings_vector: 64,
    historical_roots_limit: 16_777_216,
    validator_registry_limit: 1_099_511_627_776,
    max_proposer_slashings: 16,
    max_attester_slashings: 2,
    max_attestations: 128,
    max_deposits: 16,
    max_voluntary_exits: 16,
    sync_committee_size: Preset::Minimal.constants().sync_committee_size as u64,
    max_bytes_per_transaction: 1_073_741_824,
    max_transactions_per_payload: 1_048_576,
    bytes_per_logs_bloom: 256,
    max_extra_data_bytes: 32,
    max_bls_to_execution_changes: 16,
    max_withdrawals_per_payload: 4,
    max_blob_commitments_per_block: 4096,
    pending_deposits_limit: 134_217_728,
    pending_partial_withdrawals_limit: 64,
    pending_consolidations_limit: 64,
    max_attester_slashings_electra: 1,
    max_attestations_electra: 8,
    max_deposit_requests_per_payload: 8192,
    max_withdrawal_requests_per_payload: 16,
    max_consolidation_requests_per_payload: 2,
    ptc_size: 16,
};

const MAINNET: Constants = Constants {
    max_committees_per_slot: 64,
    max_validators_per_committee: 2048,
    slots_per_epoch: Preset::Mainnet.constants().slots_per_epoch,
    min_seed_lookahead: 1,
    epochs_per_eth1_voting_period: 64,
    slots_per_historical_root: 8192,
    epochs_per_historical_vector: 65_536,
    epochs_per_slashings_vector: 8192,
    historical_roots_limit: 16_777_216,
    validator_registry_limit: 1_099_511_627_776,
    max_proposer_slashings: 16,
    max_attester_slashings: 2,
    max_attestations: 128,
    max_deposits: 16,
    max_voluntary_exits: 16,
    sync_committee_size: Preset::Mainnet.constants().sync_committee_size as u64,
    max_bytes_per_transaction: 1_073_741_824,
    max_transactions_per_payload: 1_048_576,
    bytes_per_logs_bloom: 256,
    max_extra_data_bytes: 32,
    max_bls_to_execution_changes: 16,
    max_withdrawals_per_payload: 16,
    max_blob_commitments_per_block: 4096,
    pending_deposits_limit: 134_217_728,
    pending_partial_withdrawals_limit: 134_217_728,
    pending_consolidations_limit: 262_144,
    max_attester_slashings_electra: 1,
    max_attestations_electra: 8,
    max_deposit_requests_per_payload: 8192,
    max_withdrawal_requests_per_payload: 16,
    max_consolidation_requests_per_payload: 2,
    ptc_size: 512,
};

/// The constants of `preset`.
pub(crate) fn constants(preset: Preset) -> &'static Constants {
    match preset {
        Preset::Minimal => &MINIMAL,
        Preset::Mainnet => &MAINNET,
    }
}
