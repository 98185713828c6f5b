//! Pure consensus-spec functions for "who is chosen" and for slashing.
//!
//! Each function follows the consensus specs (release v1.7.0-beta.4) and names the fork whose
//! version it is. None of them panics: where the spec would fail an `assert`, divide by zero,
//! overflow a `uint64` or index out of range, they return a [`DutiesError`] instead.
//!
//! - Shuffling (phase0): [`compute_shuffled_index`], [`compute_shuffled_permutation`], and
//!   [`shuffle_rounds`], which gives each round of the swap-or-not shuffle for a visualizer.
//! - Committees (phase0): [`compute_committee`], [`is_aggregator`].
//! - Balance-weighted choice: [`compute_proposer_index`], [`get_next_sync_committee_indices`]
//!   (Electra); [`compute_balance_weighted_selection`] and the payload-timeliness committee
//!   [`compute_ptc`] (Gloas).
//! - Seeds (phase0): [`compute_seed`], [`compute_slot_seed`].
//! - Slashing: [`is_slashable_attestation_data`], [`check_proposer_slashing`],
//!   [`is_slashable_validator`] (phase0), and the
//!   Electra amounts [`slashing_amounts`], [`correlation_penalty`].
//! - The inactivity leak: [`inactivity_penalty`], [`updated_effective_balance`] and
//!   [`simulate_leak`], epoch processing for validators that stop voting.
//! - Rewards (Altair weights): [`epoch_rewards`], what a validator earns per epoch and loses offline.

mod leak;
mod rewards;
mod selection;
mod shuffle;
mod slashing;

pub use leak::{
    base_reward_per_increment, inactivity_penalty, integer_squareroot, simulate_leak, updated_effective_balance,
    LeakOutcome, EJECTION_BALANCE, INACTIVITY_PENALTY_QUOTIENT_BELLATRIX, INACTIVITY_SCORE_BIAS,
    MIN_ACTIVATION_BALANCE,
};
pub use rewards::{epoch_rewards, EpochRewards, EPOCHS_PER_YEAR, FLAG_WEIGHTS, SYNC_REWARD_WEIGHT};
pub use selection::{
    aggregator_modulo, compute_balance_weighted_selection, compute_proposer_index, compute_ptc, compute_seed,
    compute_slot_seed, get_next_sync_committee_indices, is_active_validator, is_aggregator, sample_random_value,
    ProposerSelection,
};
pub use shuffle::{
    committee_assignment, committee_count_per_slot, compute_committee, compute_shuffled_index,
    compute_shuffled_permutation, shuffle_rounds, unshuffled_index, Assignment, ShuffleRound, MAX_COMMITTEES_PER_SLOT,
    MAX_PERMUTATION_LEN, SLOTS_PER_EPOCH, TARGET_COMMITTEE_SIZE,
};
pub use slashing::{
    check_proposer_slashing, correlation_penalty, is_slashable_attestation_data, is_slashable_validator,
    penalty_per_effective_balance_increment, slashing_amounts, AttestationData, BlockHeader, Checkpoint, ProposalPair,
    Slashability, SlashingAmounts,
};

use sha2::{Digest, Sha256};

/// A 32-byte seed (`Bytes32` in the specs).
pub type Seed = [u8; 32];

/// A BLS signature as bytes (`BLSSignature`, 96 bytes).
pub type SignatureBytes = [u8; 96];

/// A signature domain type (`DomainType`, 4 bytes).
pub type DomainType = [u8; 4];

/// `FAR_FUTURE_EPOCH` (phase0).
pub const FAR_FUTURE_EPOCH: u64 = u64::MAX;
/// `EFFECTIVE_BALANCE_INCREMENT` (phase0), in Gwei.
pub const EFFECTIVE_BALANCE_INCREMENT: u64 = 1_000_000_000;
/// `TARGET_AGGREGATORS_PER_COMMITTEE` (phase0 validator guide).
pub const TARGET_AGGREGATORS_PER_COMMITTEE: u64 = 16;
/// `MAX_EFFECTIVE_BALANCE_ELECTRA` (Electra), in Gwei: 2048 ETH.
pub const MAX_EFFECTIVE_BALANCE_ELECTRA: u64 = 2_048_000_000_000;
/// `MAX_RANDOM_VALUE` of Electra's `compute_proposer_index` and `get_next_sync_committee_indices`.
pub const MAX_RANDOM_VALUE: u64 = (1 << 16) - 1;
/// `MIN_SLASHING_PENALTY_QUOTIENT_ELECTRA` (Electra).
pub const MIN_SLASHING_PENALTY_QUOTIENT_ELECTRA: u64 = 4096;
/// `WHISTLEBLOWER_REWARD_QUOTIENT_ELECTRA` (Electra).
pub const WHISTLEBLOWER_REWARD_QUOTIENT_ELECTRA: u64 = 4096;
/// `PROPORTIONAL_SLASHING_MULTIPLIER_BELLATRIX` (Bellatrix, used by Electra's `process_slashings`).
pub const PROPORTIONAL_SLASHING_MULTIPLIER_BELLATRIX: u64 = 3;
/// `PROPOSER_WEIGHT` (Altair).
pub const PROPOSER_WEIGHT: u64 = 8;
/// `WEIGHT_DENOMINATOR` (Altair).
pub const WEIGHT_DENOMINATOR: u64 = 64;
/// `DOMAIN_BEACON_PROPOSER` (phase0).
pub const DOMAIN_BEACON_PROPOSER: DomainType = [0, 0, 0, 0];
/// `DOMAIN_BEACON_ATTESTER` (phase0).
pub const DOMAIN_BEACON_ATTESTER: DomainType = [1, 0, 0, 0];
/// `DOMAIN_SYNC_COMMITTEE` (Altair).
pub const DOMAIN_SYNC_COMMITTEE: DomainType = [7, 0, 0, 0];
/// `DOMAIN_PTC_ATTESTER` (Gloas).
pub const DOMAIN_PTC_ATTESTER: DomainType = [12, 0, 0, 0];

/// The preset values these functions depend on that differ between mainnet and minimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// `"mainnet"` or `"minimal"`.
    pub name: &'static str,
    /// `SHUFFLE_ROUND_COUNT` (phase0).
    pub shuffle_round_count: u8,
    /// `SYNC_COMMITTEE_SIZE` (Altair).
    pub sync_committee_size: u64,
    /// `EPOCHS_PER_SLASHINGS_VECTOR` (phase0).
    pub epochs_per_slashings_vector: u64,
    /// `PTC_SIZE` (Gloas).
    pub ptc_size: u64,
}

impl Preset {
    /// The mainnet preset.
    pub const MAINNET: Preset = Preset {
        name: "mainnet",
        shuffle_round_count: 90,
        sync_committee_size: 512,
        epochs_per_slashings_vector: 8192,
        ptc_size: 512,
    };
    /// The minimal preset.
    pub const MINIMAL: Preset = Preset {
        name: "minimal",
        shuffle_round_count: 10,
        sync_committee_size: 32,
        epochs_per_slashings_vector: 64,
        ptc_size: 16,
    };
}

/// Where the spec would fail (an `assert`, a division by zero, a `uint64` overflow, an index out of range).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DutiesError {
    /// `assert index < index_count` of `compute_shuffled_index`.
    #[error("index {index} is not below the index count {index_count}")]
    IndexOutOfRange { index: u64, index_count: u64 },
    /// The shuffle's position bucket is a `uint32`, so it needs `index_count <= 2**40`.
    #[error("index count {0} is above 2**40, the most the shuffle's uint32 position buckets allow")]
    IndexCountTooLarge(u64),
    /// Nothing to choose from (the spec's `assert len(indices) > 0`, or a modulo by zero).
    #[error("the list of indices to choose from is empty")]
    EmptyIndices,
    /// `compute_committee` with `count == 0` (a division by zero in the spec).
    #[error("the committee count is zero")]
    ZeroCommitteeCount,
    /// A candidate validator index with no entry in the effective balances given.
    #[error("validator {index} has no effective balance (the registry given has {registry_len})")]
    UnknownValidator { index: u64, registry_len: u64 },
    /// A balance-weighted choice that accepted no one in this many tries in a row. The spec would loop
    /// on; with any nonzero chance per try this does not happen in practice.
    #[error("no candidate accepted in {0} tries in a row")]
    SelectionExhausted(u64),
    /// `total_balance // EFFECTIVE_BALANCE_INCREMENT` is zero (the spec's `get_total_active_balance`
    /// never returns less than one increment).
    #[error("total active balance {0} Gwei is below EFFECTIVE_BALANCE_INCREMENT")]
    TotalBalanceTooLow(u64),
    /// A `uint64` computation of the spec that would overflow.
    #[error("uint64 overflow in {0}")]
    Overflow(&'static str),
}

/// `hash` (SHA-256) of the concatenation of `parts`.
pub(crate) fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize().into()
}

/// `bytes_to_uint64` of up to 8 little-endian bytes.
pub(crate) fn bytes_to_uint64(bytes: &[u8]) -> u64 {
    bytes.iter().rev().fold(0, |acc, &b| (acc << 8) | u64::from(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: Seed = [7; 32];

    #[test]
    fn shuffled_index_errors() {
        for rounds in [0, 10, 90] {
            assert_eq!(
                compute_shuffled_index(5, 5, &SEED, rounds),
                Err(DutiesError::IndexOutOfRange { index: 5, index_count: 5 })
            );
            assert_eq!(
                compute_shuffled_index(0, 0, &SEED, rounds),
                Err(DutiesError::IndexOutOfRange { index: 0, index_count: 0 })
            );
            assert_eq!(
                shuffle_rounds(u64::MAX, 3, &SEED, rounds),
                Err(DutiesError::IndexOutOfRange { index: u64::MAX, index_count: 3 })
            );
        }
        let too_many = (1 << 40) + 1;
        assert_eq!(compute_shuffled_index(0, too_many, &SEED, 90), Err(DutiesError::IndexCountTooLarge(too_many)));
        assert_eq!(compute_shuffled_permutation(too_many, &SEED, 90), Err(DutiesError::IndexCountTooLarge(too_many)));
        let too_long = MAX_PERMUTATION_LEN + 1;
        assert_eq!(compute_shuffled_permutation(too_long, &SEED, 90), Err(DutiesError::IndexCountTooLarge(too_long)));
        assert_eq!(compute_shuffled_permutation(0, &SEED, 90), Err(DutiesError::EmptyIndices));
        assert_eq!(compute_shuffled_permutation(0, &SEED, 0), Ok(Vec::new()));
        // The largest count allowed works, at its last index.
        let most = 1 << 40;
        assert!(compute_shuffled_index(most - 1, most, &SEED, 90).is_ok_and(|i| i < most));
        assert_eq!(compute_shuffled_index(3, 4, &SEED, 0), Ok(3));
    }

    #[test]
    fn unshuffling_inverts_the_shuffle_and_finds_each_committee() {
        for (count, rounds) in [(1u64, 90u8), (7, 90), (300, 10), (5000, 90)] {
            for i in 0..count {
                let p = compute_shuffled_index(i, count, &SEED, rounds).unwrap();
                assert_eq!(unshuffled_index(p, count, &SEED, rounds), Ok(i));
            }
        }
        assert_eq!(unshuffled_index(3, 3, &SEED, 90), Err(DutiesError::IndexOutOfRange { index: 3, index_count: 3 }));
        assert_eq!(committee_count_per_slot(0), 1);
        assert_eq!(committee_count_per_slot(600_000), 64);
        assert_eq!(committee_count_per_slot(32 * 128 * 5 + 1), 5);
        // Every validator is found where compute_committee puts it, for a few sizes.
        for active in [1u64, 100, 4096 * 2 + 77, 300_000] {
            let cps = committee_count_per_slot(active);
            let mut seen = 0u64;
            for k in 0..cps * SLOTS_PER_EPOCH {
                if active > 20_000 && k % 97 != 0 {
                    continue;
                }
                let indices: Vec<u64> = (0..active).collect();
                let committee = compute_committee(&indices, &SEED, k, cps * SLOTS_PER_EPOCH, 90).unwrap();
                for (at, v) in committee.iter().enumerate() {
                    let a = committee_assignment(*v, active, &SEED, 90).unwrap();
                    assert_eq!((a.slot_in_epoch * cps + a.committee_index, a.index_in_committee), (k, at as u64));
                    assert_eq!(a.committee_len, committee.len() as u64);
                    seen += 1;
                }
            }
            if active <= 20_000 {
                assert_eq!(seen, active);
            }
        }
    }

    #[test]
    fn rounds_reproduce_shuffled_index() {
        for (count, rounds) in [(1, 90), (2, 10), (7, 90), (300, 10), (1000, 90), (100_000, 90)] {
            let permutation = compute_shuffled_permutation(count, &SEED, rounds).expect("permutation");
            let mut sorted = permutation.clone();
            sorted.sort_unstable();
            assert!(sorted.iter().copied().eq(0..count), "a permutation of 0..{count}");
            for index in (0..count).step_by((count / 50 + 1) as usize) {
                let steps = shuffle_rounds(index, count, &SEED, rounds).expect("rounds");
                assert_eq!(steps.len(), usize::from(rounds));
                let mut at = index;
                for (r, step) in steps.iter().enumerate() {
                    assert_eq!(usize::from(step.round), r);
                    assert_eq!(step.index, at);
                    assert_eq!(step.pivot, steps_pivot(count, rounds, step.round));
                    assert_eq!(step.flip, (step.pivot + count - at) % count);
                    assert_eq!(step.position, at.max(step.flip));
                    assert_eq!(step.bit, (step.source_byte >> (step.position % 8)) & 1 == 1);
                    assert_eq!(step.next_index, if step.bit { step.flip } else { at });
                    at = step.next_index;
                }
                let shuffled = compute_shuffled_index(index, count, &SEED, rounds).expect("shuffled");
                assert_eq!(at, shuffled);
                assert_eq!(permutation[index as usize], shuffled);
            }
        }
    }

    /// A round's pivot is the same for every index: read it off index 0's rounds.
    fn steps_pivot(count: u64, rounds: u8, round: u8) -> u64 {
        shuffle_rounds(0, count, &SEED, rounds).expect("rounds")[usize::from(round)].pivot
    }

    #[test]
    fn committee_errors_and_partition() {
        let indices: Vec<u64> = (100..200).collect();
        assert_eq!(compute_committee(&indices, &SEED, 0, 0, 10), Err(DutiesError::ZeroCommitteeCount));
        assert_eq!(compute_committee(&[], &SEED, 0, 4, 10), Ok(Vec::new()));
        assert_eq!(compute_committee(&[], &SEED, 9, 4, 10), Ok(Vec::new()));
        assert_eq!(
            compute_committee(&indices, &SEED, 4, 4, 10),
            Err(DutiesError::IndexOutOfRange { index: 100, index_count: 100 })
        );
        assert!(matches!(compute_committee(&indices, &SEED, u64::MAX, 4, 10), Err(DutiesError::Overflow(_))));
        let mut all: Vec<u64> =
            (0..7).flat_map(|c| compute_committee(&indices, &SEED, c, 7, 10).expect("ok")).collect();
        all.sort_unstable();
        assert_eq!(all, indices, "the committees of an epoch partition the indices");
    }

    #[test]
    fn proposer_errors_and_edges() {
        let rounds = Preset::MINIMAL.shuffle_round_count;
        assert_eq!(compute_proposer_index(&[], &[32], &SEED, rounds), Err(DutiesError::EmptyIndices));
        assert_eq!(
            compute_proposer_index(&[0, 5], &[32, 32], &SEED, rounds),
            Err(DutiesError::UnknownValidator { index: 5, registry_len: 2 })
        );
        // A full balance is always accepted: the first candidate.
        let full = [MAX_EFFECTIVE_BALANCE_ELECTRA; 10];
        let chosen = compute_proposer_index(&[2, 4, 6], &full, &SEED, rounds).expect("chosen");
        assert_eq!(chosen.candidates_tried, 1);
        let first = compute_shuffled_index(0, 3, &SEED, rounds).expect("shuffled");
        assert_eq!(chosen.proposer_index, [2, 4, 6][first as usize]);
        // All balances zero: only a random value of 0 accepts, so the spec still ends.
        let chosen = compute_proposer_index(&[0, 1, 2], &[0, 0, 0], &SEED, rounds).expect("chosen");
        let i = chosen.candidates_tried - 1;
        assert_eq!(sample_random_value(&SEED, i), 0);
        assert!((0..i).all(|j| sample_random_value(&SEED, j) != 0));
        // A balance whose weighting overflows uint64 fails as the spec would.
        assert!(matches!(compute_proposer_index(&[0], &[u64::MAX], &SEED, rounds), Err(DutiesError::Overflow(_))));
    }

    #[test]
    fn sync_committee_errors_and_edges() {
        let preset = Preset::MINIMAL;
        assert_eq!(get_next_sync_committee_indices(&[], &[], &SEED, &preset), Err(DutiesError::EmptyIndices));
        assert!(matches!(
            get_next_sync_committee_indices(&[3], &[0], &SEED, &preset),
            Err(DutiesError::UnknownValidator { index: 3, .. })
        ));
        let zero = get_next_sync_committee_indices(&[0, 1], &[0, 0], &SEED, &preset).expect("zero balances end");
        assert_eq!(zero.len(), 32);
        assert!(zero.iter().all(|&v| v < 2));
        let full = get_next_sync_committee_indices(&[9], &[0; 10].map(|_| 32_000_000_000), &SEED, &preset).expect("ok");
        assert_eq!(full, vec![9; 32]);
    }

    #[test]
    fn aggregators_and_seeds() {
        for len in 0..32u64 {
            assert_eq!(aggregator_modulo(len), 1);
            // A modulo of 1: everyone aggregates.
            assert!(is_aggregator(len, &[len as u8; 96]));
        }
        assert_eq!(aggregator_modulo(u64::MAX), u64::MAX / 16);
        assert_eq!(compute_slot_seed(&SEED, 3), sha256(&[&SEED, &3u64.to_le_bytes()]));
        assert!(is_active_validator(0, FAR_FUTURE_EPOCH, 5));
        assert!(!is_active_validator(6, FAR_FUTURE_EPOCH, 5));
        assert!(!is_active_validator(0, 5, 5));
    }

    #[test]
    fn slashing_edges() {
        let a = AttestationData { target: Checkpoint { epoch: 3, root: [1; 32] }, ..AttestationData::default() };
        assert_eq!(is_slashable_attestation_data(&a, &a), Slashability::NotSlashable);
        let b = AttestationData { slot: 1, ..a };
        assert_eq!(is_slashable_attestation_data(&a, &b), Slashability::DoubleVote);
        let inner = AttestationData {
            source: Checkpoint { epoch: 1, root: [0; 32] },
            target: Checkpoint { epoch: 2, root: [0; 32] },
            ..a
        };
        assert_eq!(is_slashable_attestation_data(&a, &inner), Slashability::SurroundVote);
        assert_eq!(is_slashable_attestation_data(&inner, &a), Slashability::NotSlashable);
        assert!(!is_slashable_validator(true, 0, FAR_FUTURE_EPOCH, 5));
        assert!(is_slashable_validator(false, 5, 6, 5));
        assert!(!is_slashable_validator(false, 5, 5, 5));

        assert_eq!(
            slashing_amounts(32_000_000_000),
            SlashingAmounts { initial_penalty: 7_812_500, whistleblower_reward: 7_812_500, proposer_reward: 976_562 }
        );
        assert_eq!(
            slashing_amounts(0),
            SlashingAmounts { initial_penalty: 0, whistleblower_reward: 0, proposer_reward: 0 }
        );
        assert!(slashing_amounts(u64::MAX).initial_penalty > 0);
        assert_eq!(correlation_penalty(32_000_000_000, 0, 0), Err(DutiesError::TotalBalanceTooLow(0)));
        assert_eq!(
            correlation_penalty(32_000_000_000, 1, EFFECTIVE_BALANCE_INCREMENT - 1),
            Err(DutiesError::TotalBalanceTooLow(EFFECTIVE_BALANCE_INCREMENT - 1))
        );
        assert!(matches!(correlation_penalty(32_000_000_000, u64::MAX, u64::MAX), Err(DutiesError::Overflow(_))));
        // Everything slashed: the whole effective balance (in whole increments) goes.
        assert_eq!(correlation_penalty(32_500_000_000, 1 << 50, 64_000_000_000), Ok(32_000_000_000));
        assert_eq!(correlation_penalty(0, 1 << 50, 64_000_000_000), Ok(0));
        assert_eq!(penalty_per_effective_balance_increment(0, 64_000_000_000), Ok(0));
    }
}
