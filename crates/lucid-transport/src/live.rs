//! One live run as a front end starts it: sync from Beacon API endpoints with
//! [`Syncer`](crate::sync::Syncer), optionally follow the chain, and report
//! every event and each endpoint's card. The app's worker and the JavaScript
//! package both run it. The endpoints are not trusted: every object they serve
//! is verified by the core, and one that serves anything the core refuses is
//! named a liar.

use crate::api::Endpoint;
use crate::clock::{Clock, FixedSlot, SystemClock};
use crate::report::ReportCard;
use crate::sync::{FollowOptions, Records, SyncEvent, SyncOptions, Syncer};
use crate::{HttpTransport, RequestPolicy, TransportError};
use lucid_core::{Head, NetworkConfig};
use serde::{Deserialize, Serialize};

/// What a front end asks to sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveRequest {
    /// The network: mainnet, sepolia, holesky or hoodi.
    #[serde(default = "mainnet")]
    pub network: String,
    /// Beacon API base URLs.
    pub endpoints: Vec<String>,
    /// The trusted checkpoint: a `0x…` beacon block root.
    pub checkpoint: String,
    /// "Now" as a slot; `None` uses this computer's clock. Set it to replay recorded data.
    pub current_slot: Option<u64>,
    /// After catching up, keep following the chain's new heads until the run is dropped.
    #[serde(default)]
    pub follow: bool,
}

fn mainnet() -> String {
    "mainnet".into()
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
pub fn platform_transport(url: &str) -> Result<crate::browser::FetchTransport, TransportError> {
    crate::browser::FetchTransport::new(url)
}

/// The transport of this platform: `fetch` in a browser, `reqwest` natively.
#[cfg(not(target_arch = "wasm32"))]
pub fn platform_transport(url: &str) -> Result<crate::native::ReqwestTransport, TransportError> {
    crate::native::ReqwestTransport::new(url)
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

/// Run one sync (bootstrap, catch-up, heads) over `request.endpoints`, then follow the chain if
/// `request.follow`, reporting as it goes and ending with [`LiveUpdate::Cards`] and
/// [`LiveUpdate::Finished`].
///
/// With `on_records`, the verified objects are kept and handed over, as `lucid verify` reads
/// them, once the catch-up has verified its heads and again after every head verified while
/// following, so a front end can show what the run verified.
pub async fn run_sync<T: HttpTransport + 'static>(
    request: &LiveRequest,
    make_transport: impl Fn(&str) -> Result<T, TransportError>,
    on: &mut dyn FnMut(LiveUpdate),
    mut on_records: Option<&mut dyn FnMut(Records)>,
) {
    let finish_with = |on: &mut dyn FnMut(LiveUpdate), error: String| {
        on(LiveUpdate::Finished { finalized: None, optimistic: None, error: Some(error) });
    };
    let Some(cfg) = NetworkConfig::by_name(&request.network) else {
        return finish_with(on, format!("unknown network {:?}", request.network));
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
    let options = SyncOptions { keep_records: on_records.is_some(), ..SyncOptions::default() };
    let mut syncer = Syncer::new(cfg, checkpoint, endpoints, clock, options);
    let records = syncer.shared_records();
    let mut result = syncer.sync(&mut |event: &SyncEvent| on(LiveUpdate::Event(event.clone()))).await;
    if result.is_ok() {
        if let Some(hand_over) = on_records.as_mut() {
            hand_over(records.get());
        }
        if request.follow {
            // Objects that verify but move no head change nothing a front end shows.
            let mut shown = syncer.finalized().zip(syncer.optimistic()).map(|(f, o)| (f.root, o.root));
            let mut forward = |event: &SyncEvent| {
                match event {
                    SyncEvent::Cards { cards } => on(LiveUpdate::Cards(cards.clone())),
                    _ => on(LiveUpdate::Event(event.clone())),
                }
                if let (SyncEvent::Head(h), Some(hand_over)) = (event, on_records.as_mut()) {
                    let heads = Some((h.finalized.root, h.optimistic.root));
                    if heads != shown {
                        shown = heads;
                        hand_over(records.get());
                    }
                }
            };
            result = syncer.follow(&FollowOptions::default(), &mut forward).await.map(|_| ());
        }
    }
    on(LiveUpdate::Cards(syncer.report_cards().to_vec()));
    on(LiveUpdate::Finished {
        finalized: syncer.finalized(),
        optimistic: syncer.optimistic(),
        error: result.err().map(|e| e.to_string()),
    });
}
