//! The Web Worker side of the app: the one worker, the one place the core runs.
//!
//! Everything that verifies runs here, off the page's main thread: the worker hands the bytes it
//! is sent to `lucid_core::replay::replay_bundle` and posts every [`Step`] back the moment the core
//! reports it, then what the views need from that same run ([`crate::lab`]), then the final report
//! or the rejection. It keeps the run's store for the tamper view, parses the scenario's blocks for
//! the block view, and runs live mode (`lucid_transport::live`) and account checks (`crate::account`). The
//! page only shows state.

use gloo_worker::{HandlerId, Worker, WorkerScope};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use lucid_core::data::{LightClientBootstrap, LightClientUpdate, UpdateKind};
use lucid_core::primitives::Root;
use lucid_core::replay::{replay_bundle, Bundle, Input, Replay, ReplayError, ReplayObserver, ReplayReport, Step};
use lucid_core::store::LightClientStore;
use lucid_core::{NetworkConfig, MAINNET_SYNC_COMMITTEE_SIZE};
use serde::{Deserialize, Serialize};

use crate::block::{parse_block, BlockSummary};
use crate::codec::Json;
use crate::files::BundleFiles;
use crate::lab::{Edit, Lab, LabPrefix, LabRecorder, LabSummary, TamperOutcome};
use lucid_transport::checkpoint::{seal, unseal, SavedCheckpoint, SealError, Sealed};
use lucid_transport::live::{LiveRequest, LiveUpdate};

/// Identifies one verification run, so answers can be matched to the request that caused them.
pub type RunId = u32;

/// What the page sends to the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Liveness check, sent once when the page starts. Answered with [`Response::Ready`].
    Ping,
    /// Check the checkpoint stored in this browser, as the page read it (each time the Live tab
    /// opens). Answered with [`Response::SavedChecked`].
    CheckSaved { id: RunId, stored: Option<crate::saved::Stored> },
    /// Seal a verified checkpoint for storage (its JSON and SHA-256). Answered with
    /// [`Response::Sealed`]; the page writes it.
    Seal { run: RunId, checkpoint: SavedCheckpoint },
    /// Verify these files from a trusted checkpoint (`0x…` block root; `None` trusts the
    /// bootstrap's own header). Answered with [`Response::Step`]s, then [`Response::Done`].
    Verify { run: RunId, files: BundleFiles, checkpoint: Option<String> },
    /// Sync from Beacon API endpoints (ending any live run before it). Answered with
    /// [`Response::Live`] messages, and [`Response::Lab`] for the views.
    Live { run: RunId, request: LiveRequest },
    /// End the live run, if one is going on (no answer).
    StopLive,
    /// Hand the last verified run's tamper target, edited, to the core. Answered with
    /// [`Response::Tampered`].
    Tamper(Edit),
    /// Summarise a `SignedBeaconBlock` file and compute its roots. Answered with [`Response::Block`].
    Block {
        slot: u64,
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
    },
    /// Compute who is chosen for a RANDAO mix (`crate::choose`). Answered with [`Response::Chosen`].
    Choose(crate::choose::ChooseQuery),
    /// Sign, aggregate and split teaching keys (`crate::keys`). Answered with [`Response::Keys`].
    Keys(crate::keys::KeysQuery),
    /// Check an account's proof (`crate::account`). Answered with [`Response::Account`].
    Account(crate::account::AccountQuery),
}

/// Why the core (or the input) refused a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    /// The file (and entry, e.g. `updates.json[3]`) that was refused.
    pub file: String,
    /// The name of the failed check (`LightClientError::kind`), or `input` for unusable input.
    pub kind: String,
    /// The core's message.
    pub message: String,
}

/// How a verification ended.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Outcome {
    Verified(Json<ReplayReport>),
    Rejected(Rejection),
}

/// What the worker answers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Response {
    /// The worker is loaded and running this build of the crate.
    Ready { version: String },
    /// The stored checkpoint passed its integrity check (`Ok(Some)`), there was none (`Ok(None)`),
    /// or it was refused.
    SavedChecked { id: RunId, saved: Result<Option<SavedCheckpoint>, SealError> },
    /// A live run's verified checkpoint, sealed for storage.
    Sealed { run: RunId, sealed: Sealed },
    /// How many steps the run should report (store upgrades between forks add more).
    Planned { run: RunId, steps: usize },
    /// A step the core verified, `at_ms` after the run started (the worker's clock); for an
    /// update, `core_ms` is the time the core spent on it (processing, without messaging).
    Step { run: RunId, step: Json<Step>, at_ms: f64, core_ms: Option<f64> },
    /// The run ended after `total_ms` in the worker.
    Done { run: RunId, outcome: Outcome, total_ms: f64 },
    /// Progress or result of a live sync (JSON inside: sync events are internally tagged).
    Live { run: RunId, update: Json<LiveUpdate> },
    /// What the views need from a verified run (sent before its [`Response::Done`]; never for a
    /// rejected run). For a live run, sent once it has caught up and after each head that moved
    /// its store: the core replays what the run verified, or says why it could not.
    Lab { run: RunId, summary: Result<Json<LabSummary>, Rejection> },
    /// The core's verdict on an edited update, `ms` in the worker.
    Tampered { outcome: Result<TamperOutcome, String>, ms: f64 },
    /// A block's summary.
    Block { slot: u64, block: Result<BlockSummary, String> },
    /// Who is chosen, or which input was unusable.
    Chosen(crate::state::Answered<crate::choose::ChooseQuery, crate::choose::Chosen>),
    /// The teaching keys' signatures, or which input was unusable.
    Keys(crate::state::Answered<crate::keys::KeysQuery, crate::keys::KeysAnswer>),
    /// An account's proof, walked (JSON inside: trie steps are internally tagged).
    Account(Json<crate::account::AccountAnswer>),
}

/// Milliseconds from the global `performance` clock (page or worker), or `Date` without one.
pub fn now_ms() -> f64 {
    let performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into()).ok();
    performance
        .and_then(|p| {
            let now = js_sys::Reflect::get(&p, &"now".into()).ok()?;
            let now: js_sys::Function = wasm_bindgen::JsCast::dyn_into(now).ok()?;
            now.call0(&p).ok()?.as_f64()
        })
        .unwrap_or_else(js_sys::Date::now)
}

/// The current mainnet slot from this computer's clock.
pub fn current_slot(cfg: &NetworkConfig) -> u64 {
    use lucid_transport::clock::Clock;
    lucid_transport::clock::SystemClock.current_slot(cfg)
}

/// Marks when the core starts on each update (after the recorder has read it), so a step can say
/// how long the core itself took.
struct Timed<'a, O> {
    inner: O,
    update_started: &'a Cell<Option<f64>>,
}

impl<const N: usize, O: ReplayObserver<N>> ReplayObserver<N> for Timed<'_, O> {
    fn step(&mut self, step: &Step) {
        self.inner.step(step);
    }

    fn bootstrap(&mut self, bootstrap: &LightClientBootstrap<N>, store: &LightClientStore<N>) {
        self.inner.bootstrap(bootstrap, store);
    }

    fn update(&mut self, file: &str, kind: UpdateKind, update: &LightClientUpdate<N>, store: &LightClientStore<N>) {
        self.inner.update(file, kind, update, store);
        self.update_started.set(Some(now_ms()));
    }
}

/// A verified run: the core's report, and what the views keep from it.
pub struct Verified {
    pub report: ReplayReport,
    pub lab: Lab,
    pub summary: LabSummary,
}

/// Verify `files` with the core on mainnet, calling `on_step` with each step as it is verified
/// and, for an update, the milliseconds the core spent on it. A plain function, so tests can call
/// it without a worker.
pub fn verify(
    files: &BundleFiles,
    checkpoint: Option<&str>,
    current_slot: u64,
    on_step: &mut dyn FnMut(&Step, Option<f64>),
) -> Result<Verified, Rejection> {
    let bundle = files.to_core().map_err(|m| input_error("bootstrap", m))?;
    verify_bundle(&NetworkConfig::mainnet(), &bundle, checkpoint, current_slot, on_step)
}

fn input_error(file: &str, message: String) -> Rejection {
    Rejection { file: file.into(), kind: "input".into(), message }
}

/// [`verify`] for a bundle the core reads as it is, on `cfg`'s network.
pub fn verify_bundle(
    cfg: &NetworkConfig,
    bundle: &Bundle,
    checkpoint: Option<&str>,
    current_slot: u64,
    on_step: &mut dyn FnMut(&Step, Option<f64>),
) -> Result<Verified, Rejection> {
    replay_for_views(cfg, bundle, checkpoint, current_slot, on_step, None)
}

/// What a live run's replay for the views keeps between heads: the bootstrap and updates it
/// verified, the core's replay as they left it, and what the recorder kept of them. Each new head
/// brings new finality and optimistic updates but mostly the same bootstrap and updates, so only
/// the new inputs are verified again, however long the run's chain of updates grows.
pub struct ReplayedPrefix {
    trusted: Option<Root>,
    bootstrap: Input,
    updates: Vec<Input>,
    replay: Replay<MAINNET_SYNC_COMMITTEE_SIZE>,
    lab: LabPrefix,
}

impl ReplayedPrefix {
    /// Whether a run from `trusted` over `bundle` starts with this prefix: the same checkpoint, and
    /// the same bootstrap and updates byte for byte.
    fn starts(&self, trusted: Option<Root>, bundle: &Bundle) -> bool {
        let same = |a: &Input, b: &Input| a.name == b.name && a.bytes == b.bytes;
        self.trusted == trusted
            && same(&self.bootstrap, &bundle.bootstrap)
            && self.updates.len() == bundle.updates.len()
            && self.updates.iter().zip(&bundle.updates).all(|(a, b)| same(a, b))
    }
}

/// A live run's replay for the views ([`verify_bundle`]), going on from the prefix in `kept` when
/// `bundle` starts with it (`on_step` then sees only the new steps), else keeping its own there.
pub fn replay_live(
    cfg: &NetworkConfig,
    bundle: &Bundle,
    checkpoint: &str,
    current_slot: u64,
    on_step: &mut dyn FnMut(&Step, Option<f64>),
    kept: &mut Option<ReplayedPrefix>,
) -> Result<Verified, Rejection> {
    replay_for_views(cfg, bundle, Some(checkpoint), current_slot, on_step, Some(kept))
}

/// [`verify_bundle`]; with `kept`, [`replay_live`].
fn replay_for_views(
    cfg: &NetworkConfig,
    bundle: &Bundle,
    checkpoint: Option<&str>,
    current_slot: u64,
    on_step: &mut dyn FnMut(&Step, Option<f64>),
    kept: Option<&mut Option<ReplayedPrefix>>,
) -> Result<Verified, Rejection> {
    let trusted =
        match checkpoint.map(str::trim).filter(|c| !c.is_empty()) {
            None => None,
            Some(text) => Some(lucid_core::primitives::parse_root(text).ok_or_else(|| {
                input_error("checkpoint", format!("{text:?} is not a 0x-prefixed 32-byte block root"))
            })?),
        };
    let rejected = |e: ReplayError| Rejection {
        file: e.file.clone(),
        kind: e.error.kind().to_string(),
        message: e.error.to_string(),
    };
    let update_started = Cell::new(None);
    let mut timed_step = |step: &Step| {
        let core_ms = update_started.take().filter(|_| matches!(step, Step::UpdateVerified { .. }));
        on_step(step, core_ms.map(|t| now_ms() - t));
    };
    let resumed = kept
        .as_deref()
        .and_then(Option::as_ref)
        .filter(|p| p.starts(trusted, bundle))
        .map(|p| (p.replay.clone(), p.lab.clone()));
    let (resumed, inner) = match resumed {
        Some((replay, lab)) => (
            Some(replay),
            LabRecorder::resume(cfg.clone(), bundle, trusted.is_none(), current_slot, &mut timed_step, lab),
        ),
        None => (None, LabRecorder::new(cfg.clone(), bundle, trusted.is_none(), current_slot, &mut timed_step)),
    };
    let mut timed = Timed { inner, update_started: &update_started };
    let report = match kept {
        None => replay_bundle::<MAINNET_SYNC_COMMITTEE_SIZE>(cfg, bundle, trusted, current_slot, &mut timed)
            .map_err(rejected)?,
        Some(kept) => {
            let mut replay = match resumed {
                Some(mut replay) => {
                    replay.set_current_slot(current_slot);
                    replay
                }
                None => {
                    let mut replay = Replay::bootstrap(cfg, &bundle.bootstrap, trusted, current_slot, &mut timed)
                        .map_err(rejected)?;
                    replay.updates(&bundle.updates, None, None, &mut timed).map_err(rejected)?;
                    *kept = timed.inner.prefix().map(|lab| ReplayedPrefix {
                        trusted,
                        bootstrap: bundle.bootstrap.clone(),
                        updates: bundle.updates.clone(),
                        replay: replay.clone(),
                        lab,
                    });
                    replay
                }
            };
            replay.updates(&[], bundle.finality.as_ref(), bundle.optimistic.as_ref(), &mut timed).map_err(rejected)?;
            replay.into_report()
        }
    };
    let (lab, summary) = timed
        .inner
        .finish()
        .ok_or_else(|| input_error("bootstrap", "the core reported no verified bootstrap".into()))?;
    Ok(Verified { report, lab, summary })
}

/// Answer a [`Request::Verify`]: every step, the views' summary, then the outcome, through
/// `respond`. The verified run's lab replaces `lab`; a rejected run leaves none.
pub fn handle_verify(
    lab: &mut Option<Lab>,
    run: RunId,
    files: &BundleFiles,
    checkpoint: Option<&str>,
    respond: &mut dyn FnMut(Response),
) {
    *lab = None;
    if let Some(steps) = planned_steps(files) {
        respond(Response::Planned { run, steps });
    }
    let started = now_ms();
    let slot = current_slot(&NetworkConfig::mainnet());
    let result = verify(files, checkpoint, slot, &mut |step, core_ms| {
        respond(Response::Step { run, step: Json(step.clone()), at_ms: now_ms() - started, core_ms });
    });
    let outcome = match result {
        Ok(verified) => {
            respond(Response::Lab { run, summary: Ok(Json(verified.summary)) });
            *lab = Some(verified.lab);
            Outcome::Verified(Json(verified.report))
        }
        Err(rejection) => Outcome::Rejected(rejection),
    };
    respond(Response::Done { run, outcome, total_ms: now_ms() - started });
}

/// Answer a [`Request::Tamper`] from the kept `lab`.
pub fn handle_tamper(lab: Option<&Lab>, edit: &Edit) -> Response {
    let started = now_ms();
    let outcome = lab.ok_or_else(|| "no verified run to tamper with".to_string()).and_then(|l| l.tamper(edit));
    Response::Tampered { outcome, ms: now_ms() - started }
}

/// How many steps verifying `files` should report: the bootstrap, one per update, the finality
/// and optimistic updates. JSON arrays are counted without decoding their entries.
pub fn planned_steps(files: &BundleFiles) -> Option<usize> {
    let updates = match &files.updates {
        None => 0,
        Some(f) if lucid_core::decode::looks_like_json(&f.bytes) => {
            match serde_json::from_slice::<Vec<serde::de::IgnoredAny>>(&f.bytes) {
                Ok(entries) => entries.len(),
                Err(_) => 1,
            }
        }
        Some(_) => 1,
    };
    Some(1 + updates + files.finality.is_some() as usize + files.optimistic.is_some() as usize)
}

/// The gloo-worker actor registered by `src/bin/worker.rs` and spawned by the page. It keeps the
/// views' run's store for the tamper view, and a way to end the live run.
pub struct LucidWorker {
    views: ViewsLab,
    live: Option<futures::future::AbortHandle>,
}

/// The lab of the run the views show: the run started last, a verification or a live run (which
/// goes on after a verification, but no longer replaces what the views show).
#[derive(Clone, Default)]
pub struct ViewsLab {
    pub lab: Rc<RefCell<Option<Lab>>>,
    pub run: Rc<Cell<RunId>>,
}

/// Answer a [`Request::Live`]: run it, and after it has caught up and after each head that moved
/// its store, replay what it verified in the core for the views ([`replay_live`]: the bootstrap and
/// updates once, then each head's new inputs), keeping that run's lab for the tamper view.
pub async fn handle_live(views: ViewsLab, run: RunId, request: LiveRequest, respond: &dyn Fn(Response)) {
    let cfg = NetworkConfig::by_name(&request.network);
    let mut kept = None;
    let mut on_records = |records: lucid_transport::sync::Records| {
        let (Some(cfg), Some(bundle)) = (cfg.as_ref(), records.bundle()) else { return };
        let slot = request.current_slot.unwrap_or_else(|| current_slot(cfg));
        let summary = replay_live(cfg, &bundle, &request.checkpoint, slot, &mut |_, _| {}, &mut kept).map(|v| {
            if views.run.get() == run {
                *views.lab.borrow_mut() = Some(v.lab);
            }
            Json(v.summary)
        });
        respond(Response::Lab { run, summary });
    };
    let mut on = |update| respond(Response::Live { run, update: Json(update) });
    lucid_transport::live::run_sync(
        &request,
        lucid_transport::live::platform_transport,
        &mut on,
        Some(&mut on_records),
    )
    .await;
}

impl Worker for LucidWorker {
    type Message = ();
    type Input = Request;
    type Output = Response;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        LucidWorker { views: ViewsLab::default(), live: None }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, msg: Self::Input, id: HandlerId) {
        match msg {
            Request::Ping => scope.respond(id, Response::Ready { version: env!("CARGO_PKG_VERSION").to_string() }),
            Request::CheckSaved { id: check, stored } => {
                let saved = stored.map(|s| unseal(s.json.as_bytes(), s.sha256.as_deref())).transpose();
                scope.respond(id, Response::SavedChecked { id: check, saved });
            }
            Request::Seal { run, checkpoint } => {
                let sealed = seal(&checkpoint);
                scope.respond(id, Response::Sealed { run, sealed });
            }
            Request::Verify { run, files, checkpoint } => {
                self.views.run.set(run);
                let mut lab = self.views.lab.borrow_mut();
                handle_verify(&mut lab, run, &files, checkpoint.as_deref(), &mut |r| scope.respond(id, r));
            }
            Request::Tamper(edit) => scope.respond(id, handle_tamper(self.views.lab.borrow().as_ref(), &edit)),
            Request::Block { slot, bytes } => {
                let block = parse_block(&bytes, MAINNET_SYNC_COMMITTEE_SIZE);
                scope.respond(id, Response::Block { slot, block });
            }
            Request::Choose(query) => {
                let result = crate::choose::choose(&query);
                scope.respond(id, Response::Chosen(crate::state::Answered { query, result }));
            }
            Request::Keys(query) => {
                let result = crate::keys::keys(&query);
                scope.respond(id, Response::Keys(crate::state::Answered { query, result }));
            }
            Request::Account(query) => {
                let scope = scope.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let answer = crate::account::account(query).await;
                    scope.respond(id, Response::Account(Json(answer)));
                });
            }
            Request::Live { run, request } => {
                self.views.run.set(run);
                let (scope, views) = (scope.clone(), self.views.clone());
                let (live, stop) = futures::future::abortable(async move {
                    handle_live(views, run, request, &|r| scope.respond(id, r)).await;
                });
                if let Some(previous) = self.live.replace(stop) {
                    previous.abort();
                }
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = live.await;
                });
            }
            Request::StopLive => {
                if let Some(live) = self.live.take() {
                    live.abort();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lucid_core::data::UpdateKind;
    use lucid_core::decode::decode_bootstrap;
    use lucid_core::{Head, NetworkConfig, MAINNET_SYNC_COMMITTEE_SIZE as S};
    use lucid_tests::capella_p862 as p862;
    use lucid_transport::checkpoint::AgeGauge;
    use lucid_transport::live::LiveUpdate;
    use lucid_transport::report::ReportCard;
    use lucid_transport::sync::{HeadEvent, SyncEvent, Via};

    /// gloo-worker sends messages with bincode, which cannot decode every serde shape (internally
    /// tagged enums need `deserialize_any`): every live message must survive the trip.
    #[test]
    fn live_messages_survive_the_worker_codec() {
        let cfg = NetworkConfig::mainnet();
        let bootstrap = decode_bootstrap::<S>(&cfg, p862::BOOTSTRAP, "bootstrap").unwrap();
        let head = Head::of(&bootstrap.header, &cfg);
        let mut card = ReportCard::new("http://127.0.0.1:1/");
        card.rejection("bad_signature", "the aggregate signature does not verify");
        let updates = [
            LiveUpdate::Event(SyncEvent::Bootstrapped {
                endpoint: "http://127.0.0.1:1/".into(),
                head: head.clone(),
                age: AgeGauge::new(&cfg, head.slot, p862::CURRENT_SLOT),
            }),
            LiveUpdate::Event(SyncEvent::Progress { start: 862, period: 863, target: 867 }),
            LiveUpdate::Event(SyncEvent::Head(HeadEvent {
                kind: UpdateKind::FinalityUpdate,
                endpoint: "http://127.0.0.1:1/".into(),
                via: Via::Event,
                finalized: head.clone(),
                optimistic: head.clone(),
                verify_us: 1,
            })),
            LiveUpdate::Cards(vec![card]),
            LiveUpdate::Finished { finalized: Some(head.clone()), optimistic: None, error: Some("stuck".into()) },
        ];
        for update in updates {
            let message = Response::Live { run: 3, update: Json(update.clone()) };
            let bytes = bincode::serialize(&message).unwrap();
            let Response::Live { run: 3, update: back } = bincode::deserialize(&bytes).unwrap() else {
                panic!("not a live message")
            };
            assert_eq!(back.0, update);
        }
    }
}
