//! How patient to be with an endpoint: timeouts, retries with exponential
//! backoff, and a size limit on every response.

use std::time::Duration;

/// Limits applied to every request of an endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestPolicy {
    /// Whole-request timeout: connect, headers and body.
    pub timeout: Duration,
    /// Attempts per request (1 = no retry). Only retryable failures are retried.
    pub attempts: u32,
    /// Delay before the first retry; doubled for each further one.
    pub backoff: Duration,
    /// Upper bound of the retry delay.
    pub max_backoff: Duration,
    /// Size limit of a single-object response (bootstrap, finality, optimistic).
    /// A mainnet bootstrap is about 64 KiB as JSON and 25 KiB as SSZ.
    pub max_object_bytes: usize,
    /// Size limit per requested period of an `updates` response; the limit of
    /// the whole response is this times `count`. A mainnet update is about
    /// 70 KiB as JSON and 27 KiB as SSZ.
    pub max_update_bytes: usize,
    /// Size limit of one server-sent event.
    pub max_event_bytes: usize,
    /// An event stream that sends nothing (not even a comment) for this long is
    /// treated as dropped.
    pub event_idle_timeout: Duration,
}

impl Default for RequestPolicy {
    fn default() -> Self {
        RequestPolicy {
            timeout: Duration::from_secs(15),
            attempts: 3,
            backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(4),
            max_object_bytes: 1 << 20,
            max_update_bytes: 512 << 10,
            max_event_bytes: 1 << 20,
            event_idle_timeout: Duration::from_secs(90),
        }
    }
}

impl RequestPolicy {
    /// The delay before retry number `retry` (1 for the first retry).
    pub fn backoff_for(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry.saturating_sub(1)).unwrap_or(u32::MAX);
        self.backoff.saturating_mul(factor).min(self.max_backoff)
    }

    /// The size limit of an `updates` response asking for `count` periods.
    pub fn updates_limit(&self, count: u64) -> usize {
        let count = usize::try_from(count).unwrap_or(usize::MAX).max(1);
        self.max_update_bytes.saturating_mul(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let p = RequestPolicy {
            backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(350),
            ..Default::default()
        };
        assert_eq!(p.backoff_for(1), Duration::from_millis(100));
        assert_eq!(p.backoff_for(2), Duration::from_millis(200));
        assert_eq!(p.backoff_for(3), Duration::from_millis(350));
        assert_eq!(p.backoff_for(60), Duration::from_millis(350));
    }
}
