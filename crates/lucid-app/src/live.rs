//! Live mode: sync from Beacon API endpoints in the worker with `lucid_transport::sync::Syncer`,
//! and report each endpoint's card to the page. The endpoints are not trusted: every object they
//! serve is verified by the core, and one that serves anything the core refuses is named a liar.

use lucid_core::{Head, NetworkConfig};
use lucid_transport::api::Endpoint;
use lucid_transport::clock::{Clock, FixedSlot, SystemClock};
use lucid_transport::report::ReportCard;
use lucid_transport::sync::{SyncEvent, SyncOptions, Syncer};
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

/// What the worker reports during a live sync.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LiveUpdate {
    /// What the syncer reported: bootstrap, progress or a verified head.
    Event(SyncEvent),
    /// The report cards so far.
    Cards(Vec<ReportCard>),
    /// The sync ended: the verified heads, or why it could not go on.
    Finished { finalized: Option<Head>, optimistic: Option<Head>, error: Option<String> },
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

/// Run one sync (bootstrap, catch-up, heads) over `request.endpoints`, reporting as it goes and
/// ending with [`LiveUpdate::Cards`] and [`LiveUpdate::Finished`].
pub async fn run_sync<T: HttpTransport + 'static>(
    request: &LiveRequest,
    make_transport: impl Fn(&str) -> Result<T, TransportError>,
    on: &mut dyn FnMut(LiveUpdate),
) {
    let finish_with = |on: &mut dyn FnMut(LiveUpdate), error: String| {
        on(LiveUpdate::Finished { finalized: None, optimistic: None, error: Some(error) });
    };
    let Some(checkpoint) = lucid_core::primitives::parse_root(&request.checkpoint) else {
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
        let mut forward = |event: &SyncEvent| on(LiveUpdate::Event(event.clone()));
        syncer.sync(&mut forward).await
    };
    on(LiveUpdate::Cards(syncer.report_cards().to_vec()));
    on(LiveUpdate::Finished {
        finalized: syncer.finalized(),
        optimistic: syncer.optimistic(),
        error: result.err().map(|e| e.to_string()),
    });
}
