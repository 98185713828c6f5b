//! What a validator earns per epoch (Altair's reward weights, from `get_flag_index_deltas`,
//! `process_attestation`'s proposer reward and `process_sync_aggregate`) and what it loses offline.
//! Attestation rewards are the spec's integer formulas; proposer and sync-committee income, which a
//! validator gets only when chosen, are expectations: the chance of being chosen (proportional to
//! effective balance, as Electra's draws are) times the reward.

use crate::leak::base_reward_per_increment;
use crate::{DutiesError, EFFECTIVE_BALANCE_INCREMENT, PROPOSER_WEIGHT, WEIGHT_DENOMINATOR};

/// `TIMELY_SOURCE_WEIGHT`, `TIMELY_TARGET_WEIGHT`, `TIMELY_HEAD_WEIGHT` (Altair).
pub const FLAG_WEIGHTS: [u64; 3] = [14, 26, 14];
/// `SYNC_REWARD_WEIGHT` (Altair).
pub const SYNC_REWARD_WEIGHT: u64 = 2;
/// `SYNC_COMMITTEE_SIZE` (Altair, mainnet).
const SYNC_COMMITTEE_SIZE: u64 = 512;
/// `SLOTS_PER_EPOCH` (mainnet).
const SLOTS: u64 = 32;
/// Epochs in a year of 365.25 days (6.4-minute epochs).
pub const EPOCHS_PER_YEAR: f64 = 365.25 * 225.0;

/// One epoch's income of a validator that performs every duty, in Gwei.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochRewards {
    /// `get_base_reward`: effective balance increments × base reward per increment.
    pub base_reward: u64,
    /// Source, target and head rewards (`get_flag_index_deltas`), scaled by participation.
    pub attestation: [u64; 3],
    /// Expected proposer income: its share of the epoch's block proposals times their rewards for
    /// including attestations and sync signatures.
    pub proposer: f64,
    /// Expected sync-committee income: its chance of sitting on the committee times 32 slots of
    /// `participant_reward`.
    pub sync: f64,
    /// Source and target penalties (`get_flag_index_deltas`) of an epoch offline (head has none).
    pub offline_penalty: u64,
    /// Expected sync-committee penalty of an epoch offline (a missed signature costs `participant_reward`).
    pub offline_sync_penalty: f64,
}

impl EpochRewards {
    /// All income of an epoch.
    pub fn total(&self) -> f64 {
        self.attestation.iter().sum::<u64>() as f64 + self.proposer + self.sync
    }

    /// All losses of an epoch offline.
    pub fn offline_total(&self) -> f64 {
        self.offline_penalty as f64 + self.offline_sync_penalty
    }
}

/// The rewards of an epoch for a validator of `effective_balance` (Gwei) when `total_active_balance`
/// (Gwei) is staked and `participation_percent` of it votes on time (outside an inactivity leak).
pub fn epoch_rewards(
    effective_balance: u64,
    total_active_balance: u64,
    participation_percent: u64,
) -> Result<EpochRewards, DutiesError> {
    let per_increment = base_reward_per_increment(total_active_balance)?;
    let increments = effective_balance / EFFECTIVE_BALANCE_INCREMENT;
    let active_increments = total_active_balance / EFFECTIVE_BALANCE_INCREMENT;
    if active_increments == 0 {
        return Err(DutiesError::TotalBalanceTooLow(total_active_balance));
    }
    let base_reward = increments.checked_mul(per_increment).ok_or(DutiesError::Overflow("base_reward"))?;
    let participating = u128::from(active_increments) * u128::from(participation_percent.min(100)) / 100;
    let flag = |weight: u64| -> Result<u64, DutiesError> {
        let numerator = u128::from(base_reward) * u128::from(weight) * participating;
        let reward = numerator / (u128::from(active_increments) * u128::from(WEIGHT_DENOMINATOR));
        u64::try_from(reward).map_err(|_| DutiesError::Overflow("flag reward"))
    };
    let attestation = [flag(FLAG_WEIGHTS[0])?, flag(FLAG_WEIGHTS[1])?, flag(FLAG_WEIGHTS[2])?];
    // process_sync_aggregate: the epoch's total base rewards, 2/64 of them to the committee, per slot.
    let total_base_rewards = (per_increment as f64) * active_increments as f64;
    let participant_reward = total_base_rewards * SYNC_REWARD_WEIGHT as f64
        / WEIGHT_DENOMINATOR as f64
        / SLOTS as f64
        / SYNC_COMMITTEE_SIZE as f64;
    let share = effective_balance as f64 / total_active_balance as f64;
    let p = participation_percent.min(100) as f64 / 100.0;
    // process_attestation: the proposer gets weight × base_reward / PROPOSER_REWARD_DENOMINATOR for
    // each new timely flag; in an epoch that is every participant's three flags.
    let proposer_denominator = ((WEIGHT_DENOMINATOR - PROPOSER_WEIGHT) * WEIGHT_DENOMINATOR / PROPOSER_WEIGHT) as f64;
    let attestation_inclusion = total_base_rewards * FLAG_WEIGHTS.iter().sum::<u64>() as f64 * p / proposer_denominator;
    // process_sync_aggregate: participant_reward × 8 / 56 to the proposer per signature included.
    let sync_inclusion = SLOTS as f64 * SYNC_COMMITTEE_SIZE as f64 * p * participant_reward * PROPOSER_WEIGHT as f64
        / (WEIGHT_DENOMINATOR - PROPOSER_WEIGHT) as f64;
    let sync_seat = SYNC_COMMITTEE_SIZE as f64 * share;
    Ok(EpochRewards {
        base_reward,
        attestation,
        proposer: share * (attestation_inclusion + sync_inclusion),
        sync: sync_seat * SLOTS as f64 * participant_reward,
        offline_penalty: base_reward * (FLAG_WEIGHTS[0] + FLAG_WEIGHTS[1]) / WEIGHT_DENOMINATOR,
        offline_sync_penalty: sync_seat * SLOTS as f64 * participant_reward,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ETH: u64 = EFFECTIVE_BALANCE_INCREMENT;

    #[test]
    fn full_participation_earns_about_one_base_reward_per_epoch() {
        let r = epoch_rewards(32 * ETH, 34_000_000 * ETH, 100).unwrap();
        // 32 increments × 64e9 / isqrt(3.4e16).
        assert_eq!(r.base_reward, 32 * (64 * ETH / 184_390_889));
        // The weights sum to 64/64: attestation 54, proposer 8, sync 2 (less integer rounding).
        let ratio = r.total() / r.base_reward as f64;
        assert!((ratio - 1.0).abs() < 0.002, "{ratio}");
        assert_eq!(r.offline_penalty, r.base_reward * 40 / 64);
        // About 2.8% a year at 34M ETH staked.
        let apr = r.total() * EPOCHS_PER_YEAR / (32 * ETH) as f64;
        assert!((0.027..0.030).contains(&apr), "{apr}");
    }

    #[test]
    fn rewards_scale_with_participation_and_fall_with_total_stake() {
        let full = epoch_rewards(32 * ETH, 34_000_000 * ETH, 100).unwrap();
        let half = epoch_rewards(32 * ETH, 34_000_000 * ETH, 50).unwrap();
        assert!(half.attestation[1] * 2 <= full.attestation[1] && half.attestation[1] * 2 + 2 >= full.attestation[1]);
        let more = epoch_rewards(32 * ETH, 4 * 34_000_000 * ETH, 100).unwrap();
        assert!((more.base_reward as f64 / full.base_reward as f64 - 0.5).abs() < 0.01, "1/sqrt(total)");
        assert_eq!(epoch_rewards(32 * ETH, 0, 100).unwrap_err(), DutiesError::TotalBalanceTooLow(0));
        assert_eq!(epoch_rewards(32 * ETH, ETH - 1, 100).unwrap_err(), DutiesError::TotalBalanceTooLow(ETH - 1));
    }
}
