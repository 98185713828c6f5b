//! Consensus arithmetic the views share: slots, epochs, periods, the slot clock, and sync-committee
//! participation. Pure functions of their inputs (no clock is read here: callers pass `now`), so
//! the same numbers come out in a test, in a replay and in live mode.

use lucid_core::NetworkConfig;

/// Where a moment falls in the chain's time: a pure function of (genesis time, now).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlotClock {
    pub slot: u64,
    pub epoch: u64,
    /// 0-based position of `slot` within its epoch.
    pub slot_in_epoch: u64,
    /// How far through the slot `now` is, 0.0 ..< 1.0.
    pub slot_progress: f64,
    /// How far through the epoch `now` is, 0.0 ..< 1.0.
    pub epoch_progress: f64,
    pub period: u64,
}

/// The slot clock at `now_ms` (milliseconds since the Unix epoch) on `cfg`'s chain.
/// Times before genesis read as slot 0 with no progress.
pub fn clock_at(cfg: &NetworkConfig, now_ms: f64) -> SlotClock {
    let since_genesis_s = (now_ms / 1000.0 - cfg.genesis_time as f64).max(0.0);
    clock_at_slot(cfg, since_genesis_s / cfg.seconds_per_slot.max(1) as f64)
}

/// The clock at a fractional slot (a replay cursor): `7109344.5` is half-way through slot 7109344.
pub fn clock_at_slot(cfg: &NetworkConfig, slot: f64) -> SlotClock {
    let slot_f = slot.max(0.0);
    let whole = slot_f.floor() as u64;
    let per_epoch = cfg.preset.slots_per_epoch;
    let slot_in_epoch = whole % per_epoch;
    let slot_progress = slot_f - slot_f.floor();
    SlotClock {
        slot: whole,
        epoch: cfg.epoch_at_slot(whole),
        slot_in_epoch,
        slot_progress,
        epoch_progress: (slot_in_epoch as f64 + slot_progress) / per_epoch as f64,
        period: cfg.period_at_slot(whole),
    }
}

/// The first slot of `epoch` (`compute_start_slot_at_epoch`).
pub fn epoch_start_slot(cfg: &NetworkConfig, epoch: u64) -> u64 {
    epoch.saturating_mul(cfg.preset.slots_per_epoch)
}

/// Whether `slot` is the first slot of its epoch: the slot a checkpoint names.
pub fn is_epoch_boundary(cfg: &NetworkConfig, slot: u64) -> bool {
    slot % cfg.preset.slots_per_epoch == 0
}

/// The smallest participant count that is at least 2/3 of `size` (the core's rule
/// `participants * 3 >= size * 2`): 342 of 512.
pub fn supermajority(size: usize) -> u64 {
    (size as u64 * 2).div_ceil(3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mainnet() -> NetworkConfig {
        NetworkConfig::mainnet()
    }

    #[test]
    fn the_finalized_slot_of_the_scenario_starts_epoch_222167() {
        let cfg = mainnet();
        let c = clock_at_slot(&cfg, 7_109_344.0);
        assert_eq!((c.epoch, c.slot_in_epoch, c.period), (222_167, 0, 867));
        assert!(is_epoch_boundary(&cfg, 7_109_344));
        assert_eq!(epoch_start_slot(&cfg, 222_167), 7_109_344);
        let attested = clock_at_slot(&cfg, 7_109_430.0);
        assert_eq!((attested.epoch, attested.slot_in_epoch), (222_169, 22));
        assert!(!is_epoch_boundary(&cfg, 7_109_430));
    }

    #[test]
    fn wall_clock_maps_to_slots_of_12_seconds() {
        let cfg = mainnet();
        let genesis_ms = cfg.genesis_time as f64 * 1000.0;
        let c = clock_at(&cfg, genesis_ms + 12_000.0 * 32.0 + 3_000.0);
        assert_eq!((c.slot, c.epoch, c.slot_in_epoch), (32, 1, 0));
        assert!((c.slot_progress - 0.25).abs() < 1e-9);
        assert!((c.epoch_progress - 0.25 / 32.0).abs() < 1e-9);
        assert_eq!(clock_at(&cfg, 0.0).slot, 0, "before genesis reads as slot 0");
        // Agrees with the core's own clock.
        let t = 1_700_000_000u64;
        assert_eq!(clock_at(&cfg, t as f64 * 1000.0).slot, cfg.slot_at_time(t));
    }

    #[test]
    fn supermajority_of_512_is_342() {
        assert_eq!(supermajority(512), 342);
        assert_eq!(supermajority(32), 22);
        // The least count whose triple reaches twice the committee: one fewer does not.
        for n in [32usize, 512] {
            let m = supermajority(n);
            assert!(m * 3 >= n as u64 * 2 && (m - 1) * 3 < n as u64 * 2, "{n}: {m}");
        }
    }
}
