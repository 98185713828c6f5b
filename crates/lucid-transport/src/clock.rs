//! Where "now" comes from. The store's rules need the current slot; the
//! syncer reads it from a [`Clock`], so tests (and replays of old data) can
//! pass a fixed slot instead of the wall clock.
//!
//! The wall clock is read with the p2p spec's allowance for clock disparity:
//! a slot counts as started [`MAXIMUM_GOSSIP_CLOCK_DISPARITY`] before it
//! starts by the local clock, so an honest endpoint whose update was signed
//! at the very start of a slot is not refused because this machine's clock is
//! a little slow. An update signed for a slot beyond that is "early" (see
//! `sync`), retried later, and never taken for a lie.

use lucid_core::NetworkConfig;
use std::time::Duration;

/// `MAXIMUM_GOSSIP_CLOCK_DISPARITY` of the consensus p2p spec: 500 ms.
pub const MAXIMUM_GOSSIP_CLOCK_DISPARITY: Duration = Duration::from_millis(500);

/// A source of the current slot.
pub trait Clock {
    /// The current slot on `cfg`'s chain.
    fn current_slot(&self, cfg: &NetworkConfig) -> u64;
}

/// The system's wall clock, [`MAXIMUM_GOSSIP_CLOCK_DISPARITY`] ahead.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn current_slot(&self, cfg: &NetworkConfig) -> u64 {
        slot_with_disparity(cfg, unix_millis())
    }
}

/// The slot at `unix_ms` milliseconds, counting a slot as started
/// [`MAXIMUM_GOSSIP_CLOCK_DISPARITY`] early.
pub fn slot_with_disparity(cfg: &NetworkConfig, unix_ms: u64) -> u64 {
    let allowance = MAXIMUM_GOSSIP_CLOCK_DISPARITY.as_millis() as u64;
    cfg.slot_at_time(unix_ms.saturating_add(allowance) / 1000)
}

/// How long until the slot after `slot` starts (less the clock-disparity
/// allowance) by the wall clock; zero if it already has.
pub fn until_slot_after(cfg: &NetworkConfig, slot: u64) -> Duration {
    let start_ms = cfg
        .genesis_time
        .saturating_add(slot.saturating_add(1).saturating_mul(cfg.seconds_per_slot))
        .saturating_mul(1000)
        .saturating_sub(MAXIMUM_GOSSIP_CLOCK_DISPARITY.as_millis() as u64);
    Duration::from_millis(start_ms.saturating_sub(unix_millis()))
}

/// A clock stopped at one slot.
#[derive(Debug, Clone, Copy)]
pub struct FixedSlot(pub u64);

impl Clock for FixedSlot {
    fn current_slot(&self, _cfg: &NetworkConfig) -> u64 {
        self.0
    }
}

/// Seconds since the Unix epoch from the wall clock.
pub fn unix_seconds() -> u64 {
    unix_millis() / 1000
}

/// Milliseconds since the Unix epoch from the wall clock.
pub fn unix_millis() -> u64 {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
    }
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now().max(0.0) as u64
    }
}

/// Measures elapsed time on either platform (`std::time::Instant` is not
/// available in browsers).
#[derive(Debug, Clone, Copy)]
pub struct Stopwatch {
    #[cfg(not(target_arch = "wasm32"))]
    start: std::time::Instant,
    #[cfg(target_arch = "wasm32")]
    start_ms: f64,
}

impl Stopwatch {
    /// Start measuring now.
    pub fn start() -> Self {
        #[cfg(not(target_arch = "wasm32"))]
        {
            Stopwatch { start: std::time::Instant::now() }
        }
        #[cfg(target_arch = "wasm32")]
        {
            Stopwatch { start_ms: js_sys::Date::now() }
        }
    }

    /// Time since [`Stopwatch::start`].
    pub fn elapsed(&self) -> std::time::Duration {
        #[cfg(not(target_arch = "wasm32"))]
        {
            self.start.elapsed()
        }
        #[cfg(target_arch = "wasm32")]
        {
            std::time::Duration::from_secs_f64(((js_sys::Date::now() - self.start_ms) / 1000.0).max(0.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_starts_half_a_second_early() {
        let cfg = NetworkConfig::mainnet();
        let start_of_10 = (cfg.genesis_time + 10 * cfg.seconds_per_slot) * 1000;
        assert_eq!(slot_with_disparity(&cfg, start_of_10 - 501), 9);
        assert_eq!(slot_with_disparity(&cfg, start_of_10 - 500), 10);
        assert_eq!(slot_with_disparity(&cfg, start_of_10), 10);
    }
}
