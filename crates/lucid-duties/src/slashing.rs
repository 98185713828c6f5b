//! Slashing conditions (phase0) and amounts (Electra).

use crate::{
    DutiesError, EFFECTIVE_BALANCE_INCREMENT, MIN_SLASHING_PENALTY_QUOTIENT_ELECTRA,
    PROPORTIONAL_SLASHING_MULTIPLIER_BELLATRIX, PROPOSER_WEIGHT, WEIGHT_DENOMINATOR,
    WHISTLEBLOWER_REWARD_QUOTIENT_ELECTRA,
};

/// `Checkpoint` (phase0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Checkpoint {
    pub epoch: u64,
    pub root: [u8; 32],
}

/// `AttestationData` (phase0; from Electra `index` is always 0 on the wire, but it is compared all the same).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct AttestationData {
    pub slot: u64,
    pub index: u64,
    pub beacon_block_root: [u8; 32],
    pub source: Checkpoint,
    pub target: Checkpoint,
}

/// Which clause of `is_slashable_attestation_data` holds, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slashability {
    /// Neither clause: `is_slashable_attestation_data` is false.
    NotSlashable,
    /// `data_1 != data_2 and data_1.target.epoch == data_2.target.epoch`.
    DoubleVote,
    /// `data_1.source.epoch < data_2.source.epoch and data_2.target.epoch < data_1.target.epoch`:
    /// `data_1` surrounds `data_2`. The check is one-way: when `data_2` surrounds `data_1`, the pair
    /// is slashable only in the other order.
    SurroundVote,
}

impl Slashability {
    /// The spec's boolean.
    pub fn is_slashable(self) -> bool {
        self != Slashability::NotSlashable
    }
}

/// `is_slashable_attestation_data` (phase0), naming the clause that holds (the two cannot both hold:
/// a double vote has equal target epochs, a surround vote different ones).
pub fn is_slashable_attestation_data(data_1: &AttestationData, data_2: &AttestationData) -> Slashability {
    if data_1 != data_2 && data_1.target.epoch == data_2.target.epoch {
        Slashability::DoubleVote
    } else if data_1.source.epoch < data_2.source.epoch && data_2.target.epoch < data_1.target.epoch {
        Slashability::SurroundVote
    } else {
        Slashability::NotSlashable
    }
}

/// `BeaconBlockHeader` (phase0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct BlockHeader {
    pub slot: u64,
    pub proposer_index: u64,
    pub parent_root: [u8; 32],
    pub state_root: [u8; 32],
    pub body_root: [u8; 32],
}

/// Which of `process_proposer_slashing`'s checks on the two headers fails, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProposalPair {
    /// Same slot, same proposer, different headers: a proposer slashing (if the proposer is
    /// slashable and both signatures verify).
    Equivocation,
    /// `assert header_1.slot == header_2.slot` fails.
    DifferentSlots,
    /// `assert header_1.proposer_index == header_2.proposer_index` fails.
    DifferentProposers,
    /// `assert header_1 != header_2` fails: one block, signed twice.
    SameHeader,
}

/// The header checks of `process_proposer_slashing` (phase0), in the spec's order. The other two
/// checks are the proposer's state ([`is_slashable_validator`]) and the two signatures.
pub fn check_proposer_slashing(header_1: &BlockHeader, header_2: &BlockHeader) -> ProposalPair {
    if header_1.slot != header_2.slot {
        ProposalPair::DifferentSlots
    } else if header_1.proposer_index != header_2.proposer_index {
        ProposalPair::DifferentProposers
    } else if header_1 == header_2 {
        ProposalPair::SameHeader
    } else {
        ProposalPair::Equivocation
    }
}

/// `is_slashable_validator` (phase0): not yet slashed, and `activation_epoch <= epoch < withdrawable_epoch`.
pub fn is_slashable_validator(slashed: bool, activation_epoch: u64, withdrawable_epoch: u64, epoch: u64) -> bool {
    !slashed && activation_epoch <= epoch && epoch < withdrawable_epoch
}

/// The balance changes of `slash_validator` (Electra) for a validator of a given effective balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlashingAmounts {
    /// `effective_balance // MIN_SLASHING_PENALTY_QUOTIENT_ELECTRA`, taken from the slashed validator
    /// (at most its balance: `decrease_balance` stops at zero).
    pub initial_penalty: u64,
    /// `effective_balance // WHISTLEBLOWER_REWARD_QUOTIENT_ELECTRA`, shared between proposer and whistleblower.
    pub whistleblower_reward: u64,
    /// `whistleblower_reward * PROPOSER_WEIGHT // WEIGHT_DENOMINATOR`, to the proposer; the whistleblower
    /// gets `whistleblower_reward - proposer_reward` (all of it when the proposer is the whistleblower).
    pub proposer_reward: u64,
}

/// The amounts of `slash_validator` (Electra) for a validator of `effective_balance` Gwei.
pub fn slashing_amounts(effective_balance: u64) -> SlashingAmounts {
    let whistleblower_reward = effective_balance / WHISTLEBLOWER_REWARD_QUOTIENT_ELECTRA;
    SlashingAmounts {
        initial_penalty: effective_balance / MIN_SLASHING_PENALTY_QUOTIENT_ELECTRA,
        whistleblower_reward,
        // whistleblower_reward <= u64::MAX / 4096: no overflow.
        proposer_reward: whistleblower_reward * PROPOSER_WEIGHT / WEIGHT_DENOMINATOR,
    }
}

/// `penalty_per_effective_balance_increment` of `process_slashings` (Electra):
/// `min(sum(state.slashings) * PROPORTIONAL_SLASHING_MULTIPLIER_BELLATRIX, total_balance)
/// // (total_balance // EFFECTIVE_BALANCE_INCREMENT)`, with `total_slashings = sum(state.slashings)`
/// and `total_active_balance = get_total_active_balance(state)`.
pub fn penalty_per_effective_balance_increment(
    total_slashings: u64,
    total_active_balance: u64,
) -> Result<u64, DutiesError> {
    let increments = total_active_balance / EFFECTIVE_BALANCE_INCREMENT;
    if increments == 0 {
        return Err(DutiesError::TotalBalanceTooLow(total_active_balance));
    }
    let adjusted = total_slashings
        .checked_mul(PROPORTIONAL_SLASHING_MULTIPLIER_BELLATRIX)
        .ok_or(DutiesError::Overflow("sum(slashings) * PROPORTIONAL_SLASHING_MULTIPLIER_BELLATRIX"))?
        .min(total_active_balance);
    Ok(adjusted / increments)
}

/// The correlation penalty of `process_slashings` (Electra) for a slashed validator of
/// `effective_balance` Gwei whose `withdrawable_epoch` is due:
/// `penalty_per_effective_balance_increment * (effective_balance // EFFECTIVE_BALANCE_INCREMENT)`
/// (taken from its balance, stopping at zero).
pub fn correlation_penalty(
    effective_balance: u64,
    total_slashings: u64,
    total_active_balance: u64,
) -> Result<u64, DutiesError> {
    penalty_per_effective_balance_increment(total_slashings, total_active_balance)?
        .checked_mul(effective_balance / EFFECTIVE_BALANCE_INCREMENT)
        .ok_or(DutiesError::Overflow("penalty_per_effective_balance_increment * effective_balance_increments"))
}
