//! The inactivity leak (Altair's `process_inactivity_updates`, Bellatrix's inactivity penalty
//! quotient, Electra's effective-balance updates): how long finality stays lost when more than a
//! third of the stake is offline, epoch by epoch as the spec's epoch processing runs it.

use crate::{DutiesError, EFFECTIVE_BALANCE_INCREMENT, WEIGHT_DENOMINATOR};

/// `INACTIVITY_SCORE_BIAS` (Altair).
pub const INACTIVITY_SCORE_BIAS: u64 = 4;
/// `INACTIVITY_SCORE_RECOVERY_RATE` (Altair).
pub const INACTIVITY_SCORE_RECOVERY_RATE: u64 = 16;
/// `INACTIVITY_PENALTY_QUOTIENT_BELLATRIX` (Bellatrix): 2**24.
pub const INACTIVITY_PENALTY_QUOTIENT_BELLATRIX: u64 = 1 << 24;
/// `MIN_EPOCHS_TO_INACTIVITY_PENALTY` (phase0).
pub const MIN_EPOCHS_TO_INACTIVITY_PENALTY: u64 = 4;
/// `EJECTION_BALANCE` (phase0), in Gwei: 16 ETH.
pub const EJECTION_BALANCE: u64 = 16 * EFFECTIVE_BALANCE_INCREMENT;
/// `BASE_REWARD_FACTOR` (phase0).
pub const BASE_REWARD_FACTOR: u64 = 64;
/// `TIMELY_SOURCE_WEIGHT` (Altair).
pub const TIMELY_SOURCE_WEIGHT: u64 = 14;
/// `TIMELY_TARGET_WEIGHT` (Altair).
pub const TIMELY_TARGET_WEIGHT: u64 = 26;
/// `MIN_ACTIVATION_BALANCE` (Electra): 32 ETH, the most a validator without compounding credentials counts.
pub const MIN_ACTIVATION_BALANCE: u64 = 32 * EFFECTIVE_BALANCE_INCREMENT;
/// `HYSTERESIS_QUOTIENT`, `HYSTERESIS_DOWNWARD_MULTIPLIER`, `HYSTERESIS_UPWARD_MULTIPLIER` (phase0).
const HYSTERESIS: (u64, u64, u64) = (4, 1, 5);

/// `integer_squareroot` (phase0): the largest `x` with `x * x <= n`.
pub fn integer_squareroot(n: u64) -> u64 {
    if n == u64::MAX {
        return u32::MAX.into();
    }
    let (mut x, mut y) = (n, n.div_ceil(2));
    while y < x {
        x = y;
        y = (x + n / x) / 2;
    }
    x
}

/// `get_base_reward_per_increment` (Altair) for a total active balance in Gwei.
pub fn base_reward_per_increment(total_active_balance: u64) -> Result<u64, DutiesError> {
    let root = integer_squareroot(total_active_balance);
    if root == 0 {
        return Err(DutiesError::TotalBalanceTooLow(total_active_balance));
    }
    Ok(EFFECTIVE_BALANCE_INCREMENT * BASE_REWARD_FACTOR / root)
}

/// The inactivity penalty of one epoch (Bellatrix `get_inactivity_penalty_deltas`) for a validator
/// that missed the target vote: `effective_balance * inactivity_score // (INACTIVITY_SCORE_BIAS *
/// INACTIVITY_PENALTY_QUOTIENT_BELLATRIX)`.
pub fn inactivity_penalty(effective_balance: u64, inactivity_score: u64) -> Result<u64, DutiesError> {
    let product = u128::from(effective_balance) * u128::from(inactivity_score);
    u64::try_from(product / u128::from(INACTIVITY_SCORE_BIAS * INACTIVITY_PENALTY_QUOTIENT_BELLATRIX))
        .map_err(|_| DutiesError::Overflow("effective_balance * inactivity_score"))
}

/// The effective balance after `process_effective_balance_updates` (Electra, hysteresis included)
/// for a validator whose balance cap is `max_effective_balance`.
pub fn updated_effective_balance(balance: u64, effective_balance: u64, max_effective_balance: u64) -> u64 {
    let (quotient, down, up) = HYSTERESIS;
    let increment = EFFECTIVE_BALANCE_INCREMENT / quotient;
    if balance.saturating_add(increment * down) < effective_balance
        || effective_balance.saturating_add(increment * up) < balance
    {
        (balance - balance % EFFECTIVE_BALANCE_INCREMENT).min(max_effective_balance)
    } else {
        effective_balance
    }
}

/// How a stretch without finality ends, for [`simulate_leak`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeakOutcome {
    /// Epochs from the first one without enough votes until the online stake is 2/3 of the active
    /// stake again (0: it never stopped). `None` if that did not happen within the epochs simulated.
    pub epochs: Option<u64>,
    /// An offline validator's balance then, in Gwei.
    pub offline_balance: u64,
    /// Its effective balance then.
    pub offline_effective_balance: u64,
    /// Whether the offline validators were ejected (effective balance down to `EJECTION_BALANCE`).
    pub ejected: bool,
    /// The inactivity penalty of the last epoch simulated, in Gwei.
    pub last_inactivity_penalty: u64,
}

/// Run epoch processing for `validators` validators of 32 ETH, `offline` of which never vote, until
/// the online stake reaches 2/3 of the active stake (`process_justification_and_finalization`'s
/// test), for at most `max_epochs`. Per epoch, as the spec orders it: the offline validators'
/// inactivity scores rise by 4 (and recover by 16 until the leak starts, after 4 epochs without
/// finality), they lose their source and target penalties and the inactivity penalty, are ejected
/// when their effective balance reaches 16 ETH, and their effective balances follow their balances
/// with hysteresis. Simplifications: ejected validators leave the active set at once (the exit queue
/// is not modelled), and the online validators' rewards are left out (their effective balance stays
/// at 32 ETH, the cap).
pub fn simulate_leak(validators: u64, offline: u64, max_epochs: u64) -> Result<LeakOutcome, DutiesError> {
    let offline = offline.min(validators);
    let online = validators - offline;
    let (mut balance, mut effective, mut score, mut ejected) =
        (MIN_ACTIVATION_BALANCE, MIN_ACTIVATION_BALANCE, 0, false);
    let mut last_inactivity_penalty = 0;
    let stake = |count: u64, each: u64| -> Result<u64, DutiesError> {
        count.checked_mul(each).ok_or(DutiesError::Overflow("validators * effective_balance"))
    };
    for epoch in 0..=max_epochs {
        let online_stake = stake(online, MIN_ACTIVATION_BALANCE)?;
        let offline_stake = if ejected { 0 } else { stake(offline, effective)? };
        let total = online_stake.checked_add(offline_stake).ok_or(DutiesError::Overflow("total active balance"))?;
        if u128::from(online_stake) * 3 >= u128::from(total) * 2 {
            let outcome = LeakOutcome {
                epochs: Some(epoch),
                offline_balance: balance,
                offline_effective_balance: effective,
                ejected,
                last_inactivity_penalty,
            };
            return Ok(outcome);
        }
        // `get_finality_delay` is 1 on a healthy chain (previous epoch minus finalized epoch) and grows
        // by one per epoch without finality: in the leak once it exceeds MIN_EPOCHS_TO_INACTIVITY_PENALTY.
        let in_leak = epoch + 1 > MIN_EPOCHS_TO_INACTIVITY_PENALTY;
        score += INACTIVITY_SCORE_BIAS;
        if !in_leak {
            score -= score.min(INACTIVITY_SCORE_RECOVERY_RATE);
        }
        let base_reward = effective / EFFECTIVE_BALANCE_INCREMENT * base_reward_per_increment(total)?;
        let flag_penalties = base_reward * (TIMELY_SOURCE_WEIGHT + TIMELY_TARGET_WEIGHT) / WEIGHT_DENOMINATOR;
        last_inactivity_penalty = inactivity_penalty(effective, score)?;
        balance = balance.saturating_sub(flag_penalties).saturating_sub(last_inactivity_penalty);
        if effective <= EJECTION_BALANCE {
            ejected = true;
        }
        effective = updated_effective_balance(balance, effective, MIN_ACTIVATION_BALANCE);
    }
    Ok(LeakOutcome {
        epochs: None,
        offline_balance: balance,
        offline_effective_balance: effective,
        ejected,
        last_inactivity_penalty,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ETH: u64 = EFFECTIVE_BALANCE_INCREMENT;

    #[test]
    fn integer_squareroot_is_the_floor() {
        for n in [0u64, 1, 2, 3, 4, 15, 16, 17, 1 << 40, u64::MAX - 1, u64::MAX] {
            let r = integer_squareroot(n);
            assert!(u128::from(r) * u128::from(r) <= u128::from(n), "{n}");
            assert!(u128::from(r + 1) * u128::from(r + 1) > u128::from(n), "{n}");
        }
    }

    #[test]
    fn penalties_follow_the_spec_formulas() {
        // 32 ETH, score 4000: 32e9 * 4000 / 2**26.
        assert_eq!(inactivity_penalty(32 * ETH, 4000), Ok(32 * ETH * 4000 / (1 << 26)));
        // 34M ETH staked: 64e9 / isqrt(3.4e16) = 64e9 / 184390889.
        assert_eq!(base_reward_per_increment(34_000_000 * ETH), Ok(64 * ETH / 184_390_889));
        assert_eq!(base_reward_per_increment(0), Err(DutiesError::TotalBalanceTooLow(0)));
    }

    #[test]
    fn hysteresis_moves_the_effective_balance_only_past_its_thresholds() {
        assert_eq!(updated_effective_balance(31_800_000_000, 32 * ETH, 32 * ETH), 32 * ETH);
        assert_eq!(updated_effective_balance(31_740_000_000, 32 * ETH, 32 * ETH), 31 * ETH);
        assert_eq!(updated_effective_balance(40 * ETH, 32 * ETH, 32 * ETH), 32 * ETH);
        assert_eq!(updated_effective_balance(33_300_000_000, 32 * ETH, 2048 * ETH), 33 * ETH);
    }

    #[test]
    fn finality_resumes_later_the_more_stake_is_offline() {
        let n = 1_000_000;
        assert_eq!(simulate_leak(n, n / 3, 100_000).unwrap().epochs, Some(0), "a third offline: 2/3 still vote");
        let days = |offline| simulate_leak(n, offline, 100_000).unwrap();
        let (a, b, c) = (days(n * 35 / 100), days(n * 45 / 100), days(n * 60 / 100));
        let (ea, eb, ec) = (a.epochs.unwrap(), b.epochs.unwrap(), c.epochs.unwrap());
        assert!(0 < ea && ea < eb && eb < ec, "{ea} {eb} {ec}");
        // Beyond half offline, finality returns only once the offline validators are ejected at 16 ETH.
        assert!(c.ejected && !b.ejected, "{b:?} {c:?}");
        // When it ends, the online 55% hold 2/3 of the active stake.
        let (online, offline) = (u128::from(n * 55 / 100) * 32, u128::from(n * 45 / 100));
        let eb = u128::from(b.offline_effective_balance / ETH);
        assert!(online * 3 >= (online + offline * eb) * 2, "{b:?}");
        assert_eq!(simulate_leak(n, n, 10).unwrap().epochs, None, "no one online: never");
    }
}
