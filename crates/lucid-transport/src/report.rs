//! The report card: what each endpoint served and how it behaved.

use crate::error::TransportError;
use std::time::Duration;

/// One endpoint's record over a sync.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReportCard {
    /// The endpoint's base URL.
    pub endpoint: String,
    /// Objects received (decodable or not).
    pub served: u64,
    /// Objects that passed every check of the core.
    pub verified: u64,
    /// Objects the core rejected (bad signature, bad branch, wrong fork label,
    /// malformed bytes, …). Any rejection makes the endpoint a liar.
    pub rejected: u64,
    /// Valid but outdated objects (the core found them stale or for a period
    /// the store has left): a lagging endpoint, not a lying one.
    pub stale: u64,
    /// Objects not yet usable: signed for a slot the local clock has not
    /// reached (beyond `MAXIMUM_GOSSIP_CLOCK_DISPARITY`), or for a period the
    /// store has not reached. Retried later; never counted as a lie.
    #[serde(default)]
    pub early: u64,
    /// Requests that produced no usable body (timeouts, HTTP errors, size
    /// limit, broken connections, broken event streams).
    pub failed: u64,
    /// Of `failed`, how many were timeouts.
    pub timeouts: u64,
    /// Times this endpoint's verified head differed from another endpoint's
    /// verified head at the same slot. Both heads carried valid sync-committee
    /// signatures, so neither endpoint is proven to lie: both are "conflicting".
    pub disagreements: u64,
    /// Slots its latest verified finalized head trails the best one seen.
    pub lag_slots: Option<u64>,
    /// Set when catch-up could not reach the clock's period because every
    /// endpoint that answered lags: slots the best verified finalized head
    /// trails the current slot.
    #[serde(default)]
    pub behind_clock_slots: Option<u64>,
    /// Latency of the last answered request, in milliseconds.
    pub last_latency_ms: Option<u64>,
    /// Mean latency of answered requests, in milliseconds.
    pub mean_latency_ms: Option<u64>,
    /// Slowest answered request, in milliseconds.
    pub max_latency_ms: Option<u64>,
    /// The check that failed in the last rejection (`LightClientError::kind`).
    pub last_rejection: Option<String>,
    /// The last transport failure, as a message.
    pub last_error: Option<String>,
    #[serde(skip)]
    latency_total_ms: u64,
    #[serde(skip)]
    latency_count: u64,
}

/// A one-word summary of a report card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Served at least one object the core rejected.
    Liar,
    /// Served a validly signed head that another endpoint contradicted with a
    /// validly signed head of its own at the same slot.
    Conflicting,
    /// Never answered usefully.
    Unreachable,
    /// Verified, but behind the best head or served stale data.
    Lagging,
    /// Some requests failed, the rest verified.
    Flaky,
    /// Everything it served verified.
    Honest,
}

impl Verdict {
    /// The verdict's word, as serialized (`liar`, `conflicting`, `unreachable`, `lagging`, `flaky`, `honest`).
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Liar => "liar",
            Verdict::Conflicting => "conflicting",
            Verdict::Unreachable => "unreachable",
            Verdict::Lagging => "lagging",
            Verdict::Flaky => "flaky",
            Verdict::Honest => "honest",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl ReportCard {
    /// An empty card for `endpoint`.
    pub fn new(endpoint: &str) -> Self {
        ReportCard { endpoint: endpoint.to_string(), ..Default::default() }
    }

    /// Record the latency of an answered request.
    pub fn latency(&mut self, d: Duration) {
        let ms = d.as_millis() as u64;
        self.last_latency_ms = Some(ms);
        self.max_latency_ms = Some(self.max_latency_ms.unwrap_or(0).max(ms));
        self.latency_total_ms = self.latency_total_ms.saturating_add(ms);
        self.latency_count += 1;
        self.mean_latency_ms = Some(self.latency_total_ms / self.latency_count);
    }

    /// Record a transport failure.
    pub fn failure(&mut self, e: &TransportError) {
        self.failed += 1;
        if matches!(e, TransportError::Timeout { .. }) {
            self.timeouts += 1;
        }
        self.last_error = Some(e.to_string());
    }

    /// Record a rejected object.
    pub fn rejection(&mut self, kind: &str, message: &str) {
        self.rejected += 1;
        self.last_rejection = Some(kind.to_string());
        self.last_error = Some(message.to_string());
    }

    /// The one-word summary.
    pub fn verdict(&self) -> Verdict {
        if self.rejected > 0 {
            Verdict::Liar
        } else if self.disagreements > 0 {
            Verdict::Conflicting
        } else if self.verified == 0 && self.stale == 0 && self.early == 0 {
            Verdict::Unreachable
        } else if self.stale > 0 || self.lag_slots.is_some_and(|l| l > 0) || self.behind_clock_slots.is_some() {
            Verdict::Lagging
        } else if self.failed > 0 {
            Verdict::Flaky
        } else {
            Verdict::Honest
        }
    }
}

/// Render cards as an aligned text table.
pub fn render_table(cards: &[ReportCard]) -> String {
    let mut out = String::from("endpoint report card:\n");
    for c in cards {
        out.push_str(&format!(
            "  {:<11} {}  served {} verified {} rejected {} stale {} early {} failed {} (timeouts {})  latency mean {} max {}{}{}\n",
            c.verdict().name().to_uppercase(),
            c.endpoint,
            c.served,
            c.verified,
            c.rejected,
            c.stale,
            c.early,
            c.failed,
            c.timeouts,
            c.mean_latency_ms.map_or_else(|| "-".into(), |m| format!("{m} ms")),
            c.max_latency_ms.map_or_else(|| "-".into(), |m| format!("{m} ms")),
            c.lag_slots
                .filter(|l| *l > 0)
                .map(|l| format!("  lag {l} slots"))
                .or(c.behind_clock_slots.map(|l| format!("  behind the clock by {l} slots")))
                .unwrap_or_default(),
            c.last_error.as_ref().map(|e| format!("\n      last error: {e}")).unwrap_or_default(),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::Verdict;

    #[test]
    fn verdict_names_are_their_serde_names() {
        for v in [
            Verdict::Liar,
            Verdict::Conflicting,
            Verdict::Unreachable,
            Verdict::Lagging,
            Verdict::Flaky,
            Verdict::Honest,
        ] {
            assert_eq!(serde_json::to_value(v).unwrap(), serde_json::Value::String(v.name().to_string()));
            assert_eq!(v.to_string(), v.name());
        }
    }
}
