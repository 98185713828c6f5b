//! Where "now" comes from. The store's rules need the current slot; the
//! syncer reads it from a [`Clock`], so tests (and replays of old data) can
//! pass a fixed slot instead of the wall clock.

use lucid_core::NetworkConfig;

/// A source of the current slot.
pub trait Clock {
    /// The current slot on `cfg`'s chain.
    fn current_slot(&self, cfg: &NetworkConfig) -> u64;
}

/// The system's wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn current_slot(&self, cfg: &NetworkConfig) -> u64 {
        cfg.slot_at_time(unix_seconds())
    }
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
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
    }
    #[cfg(target_arch = "wasm32")]
    {
        (js_sys::Date::now() / 1000.0) as u64
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
