//! Live mode: sync from Beacon API endpoints in the worker with `lucid_transport::sync::Syncer`,
//! and report each endpoint's card to the page. The endpoints are not trusted: every object they
//! serve is verified by the core, and one that serves anything the core refuses is named a liar.

use lucid_core::NetworkConfig;
use lucid_transport::api::Endpoint;
use lucid_transport::clock::{Clock, FixedSlot, SystemClock};
use lucid_transport::report::ReportCard;
use lucid_transport::sync::{Head, SyncEvent, SyncOptions, Syncer};
use lucid_transport::{HttpTransport, RequestPolicy, TransportError};
use serde::{Deserialize, Serialize};

/// What the page asks the worker to sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveRequest {
    /// Beacon API base URLs.
    pub endpoints: Vec<String>,
    /// The trusted checkpoint: a `0x…` beacon block root.
    pub checkpoint: String,
    /// "Now" as a slot; `None` uses this computer's clock. Set it to replay recorded data.
    pub current_slot: Option<u64>,
}

/// A verified head, as the syncer reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveHead {
    pub slot: u64,
    pub root: String,
    pub period: u64,
}

impl From<&Head> for LiveHead {
    fn from(h: &Head) -> Self {
        LiveHead { slot: h.slot, root: h.root.clone(), period: h.period }
    }
}

/// One endpoint's report card, as shown on the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveCard {
    pub endpoint: String,
    /// `honest`, `flaky`, `lagging`, `unreachable` or `liar` (`report::Verdict`).
    pub verdict: String,
    pub served: u64,
    pub verified: u64,
    pub rejected: u64,
    pub stale: u64,
    pub failed: u64,
    pub timeouts: u64,
    pub disagreements: u64,
    pub mean_latency_ms: Option<u64>,
    /// The check that failed in the last rejection.
    pub last_rejection: Option<String>,
    pub last_error: Option<String>,
}

impl From<&ReportCard> for LiveCard {
    fn from(c: &ReportCard) -> Self {
        let verdict = serde_json::to_value(c.verdict()).ok().and_then(|v| v.as_str().map(str::to_string));
        LiveCard {
            endpoint: c.endpoint.clone(),
            verdict: verdict.unwrap_or_default(),
            served: c.served,
            verified: c.verified,
            rejected: c.rejected,
            stale: c.stale,
            failed: c.failed,
            timeouts: c.timeouts,
            disagreements: c.disagreements,
            mean_latency_ms: c.mean_latency_ms,
            last_rejection: c.last_rejection.clone(),
            last_error: c.last_error.clone(),
        }
    }
}

/// What the worker reports during a live sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LiveUpdate {
    /// The bootstrap from `endpoint` matched the checkpoint; `age_warning` when it is old.
    Bootstrapped { endpoint: String, head: LiveHead, age_warning: Option<String> },
    /// Catch-up reached `period` of `target`.
    Progress { period: u64, target: u64 },
    /// A verified head from `endpoint`.
    Head { endpoint: String, finalized: LiveHead, optimistic: LiveHead },
    /// The report cards so far.
    Cards(Vec<LiveCard>),
    /// The sync ended: the verified heads, or why it could not go on.
    Finished { finalized: Option<LiveHead>, optimistic: Option<LiveHead>, error: Option<String> },
}

/// The transport of this platform: `fetch` in a browser, `reqwest` natively.
#[cfg(target_arch = "wasm32")]
pub fn platform_transport(url: &str) -> Result<lucid_transport::browser::FetchTransport, TransportError> {
    lucid_transport::browser::FetchTransport::new(url)
}

/// The transport of this platform: `fetch` in a browser, `reqwest` natively.
#[cfg(not(target_arch = "wasm32"))]
pub fn platform_transport(url: &str) -> Result<lucid_transport::native::ReqwestTransport, TransportError> {
    lucid_transport::native::ReqwestTransport::new(url)
}

/// A clock that is either this computer's or one fixed slot.
enum AnyClock {
    System(SystemClock),
    Fixed(FixedSlot),
}

impl Clock for AnyClock {
    fn current_slot(&self, cfg: &NetworkConfig) -> u64 {
        match self {
            AnyClock::System(c) => c.current_slot(cfg),
            AnyClock::Fixed(c) => c.current_slot(cfg),
        }
    }
}

fn event_update(event: &SyncEvent) -> LiveUpdate {
    match event {
        SyncEvent::Bootstrapped { endpoint, head, age } => {
            LiveUpdate::Bootstrapped { endpoint: endpoint.clone(), head: head.into(), age_warning: age.warning() }
        }
        SyncEvent::Progress { period, target, .. } => LiveUpdate::Progress { period: *period, target: *target },
        SyncEvent::Head(h) => LiveUpdate::Head {
            endpoint: h.endpoint.clone(),
            finalized: (&h.finalized).into(),
            optimistic: (&h.optimistic).into(),
        },
    }
}

/// Run one sync (bootstrap, catch-up, heads) over `request.endpoints`, reporting as it goes and
/// ending with [`LiveUpdate::Cards`] and [`LiveUpdate::Finished`].
pub async fn run_sync<T: HttpTransport>(
    request: &LiveRequest,
    make_transport: impl Fn(&str) -> Result<T, TransportError>,
    on: &mut dyn FnMut(LiveUpdate),
) {
    let finish_with = |on: &mut dyn FnMut(LiveUpdate), error: String| {
        on(LiveUpdate::Finished { finalized: None, optimistic: None, error: Some(error) })
    };
    let Some(checkpoint) = lucid_transport::checkpoint::parse_root(&request.checkpoint) else {
        return finish_with(on, format!("checkpoint {:?} is not a 0x-prefixed 32-byte block root", request.checkpoint));
    };
    let mut endpoints = Vec::new();
    for url in request.endpoints.iter().map(|u| u.trim()).filter(|u| !u.is_empty()) {
        match make_transport(url) {
            Ok(t) => endpoints.push(Endpoint::new(t, RequestPolicy::default())),
            Err(e) => return finish_with(on, format!("endpoint {url:?}: {e}")),
        }
    }
    let clock = match request.current_slot {
        Some(slot) => AnyClock::Fixed(FixedSlot(slot)),
        None => AnyClock::System(SystemClock),
    };
    let mut syncer = Syncer::new(NetworkConfig::mainnet(), checkpoint, endpoints, clock, SyncOptions::default());
    let result = {
        let mut forward = |event: &SyncEvent| on(event_update(event));
        syncer.sync(&mut forward).await
    };
    on(LiveUpdate::Cards(syncer.report_cards().iter().map(LiveCard::from).collect()));
    on(LiveUpdate::Finished {
        finalized: syncer.finalized().as_ref().map(LiveHead::from),
        optimistic: syncer.optimistic().as_ref().map(LiveHead::from),
        error: result.err().map(|e| e.to_string()),
    });
}
