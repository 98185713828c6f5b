//! The page's state: one reducer (actions as an enum, as in Yew's `function_todomvc`) and the
//! [`AppContext`] every view reads through `use_context::<AppContext>()`.
//!
//! The state holds only what the worker reported and what the user chose; nothing in it is
//! computed from the data on the page.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;

use gloo_worker::WorkerBridge;
use lucid_core::replay::{ReplayReport, Step};
use yew::prelude::*;

use crate::block::BlockSummary;
use crate::files::{BundleFiles, SCENARIO_BASE};
use crate::lab::{Edit, LabSummary, TamperOutcome};
use crate::worker::{LucidWorker, Outcome, Rejection, Request, Response, RunId};
use lucid_core::Head;
use lucid_transport::checkpoint::{SavedCheckpoint, SealError};
use lucid_transport::live::{LiveRequest, LiveUpdate};
use lucid_transport::report::ReportCard;
use lucid_transport::sync::SyncEvent;

/// Is the worker up?
#[derive(Debug, Clone, PartialEq, Default)]
pub enum WorkerStatus {
    #[default]
    Starting,
    /// Answered the start-up ping; `ms` counts from sending it, so it includes loading the worker.
    Ready { version: String, ms: f64 },
}

/// How a run ended.
#[derive(Debug, Clone)]
pub enum RunOutcome {
    Verified(Rc<ReplayReport>),
    Rejected(Rejection),
}

/// One verification in the worker: the files sent, the steps reported so far, the outcome.
#[derive(Debug, Clone)]
pub struct Run {
    pub id: RunId,
    /// Where the files came from, for people ("capella-p862 …", or the file names).
    pub label: String,
    /// The raw files the worker was sent (bytes exactly as read).
    pub files: Rc<BundleFiles>,
    /// The trusted checkpoint, or `None` when the bootstrap's own header is trusted.
    pub checkpoint: Option<String>,
    /// How many steps to expect, when known (for the progress bar).
    pub planned: Option<usize>,
    /// The steps the core verified, in order, as the worker reported them.
    pub steps: Vec<Step>,
    /// For each step, when the worker reported it (ms since the run started, worker clock).
    pub step_ms: Vec<f64>,
    /// For each step that processed an update, the time the core spent on it (worker clock, ms).
    pub step_core_ms: Vec<Option<f64>>,
    /// When the page sent the run (page clock, ms).
    pub sent_at: f64,
    pub outcome: Option<RunOutcome>,
    /// Time the worker spent, when done.
    pub total_ms: Option<f64>,
}

impl Run {
    /// The verified report, once the run has finished successfully.
    pub fn report(&self) -> Option<&ReplayReport> {
        match &self.outcome {
            Some(RunOutcome::Verified(r)) => Some(r),
            _ => None,
        }
    }

    /// The rejection, if the core refused the data.
    pub fn rejection(&self) -> Option<&Rejection> {
        match &self.outcome {
            Some(RunOutcome::Rejected(r)) => Some(r),
            _ => None,
        }
    }

    pub fn is_running(&self) -> bool {
        self.outcome.is_none()
    }
}

/// The live sync's state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LiveState {
    pub run: Option<RunId>,
    pub running: bool,
    pub request: Option<LiveRequest>,
    /// What the worker reported, in order (shown as a log), at most [`LOG_LINES`] of the latest.
    pub log: Vec<LiveUpdate>,
    /// Lines dropped from the start of [`LiveState::log`] to keep it at [`LOG_LINES`].
    pub log_dropped: usize,
    pub cards: Vec<ReportCard>,
    pub finalized: Option<Head>,
    pub optimistic: Option<Head>,
    pub error: Option<String>,
    /// The store took a finalized head by the spec's force update (not finalized by the chain).
    pub forced: bool,
    /// The user stopped the run.
    pub stopped: bool,
    /// The checkpoint to keep once the sync ended: its verified finalized head (never set after a
    /// force update). The page shell saves it; the Live tab takes it as the checkpoint in effect.
    pub verified: Option<SavedCheckpoint>,
    /// Saving [`LiveState::verified`] failed: why.
    pub save_error: Option<String>,
    /// What the views show of this run: the core's replay of what it verified, refreshed with each
    /// head that moved its store, or why the core could not replay it.
    pub views: Option<Result<Rc<LabSummary>, String>>,
}

/// How many lines of a live run's log the page keeps: a run that follows the chain reports a head
/// every few seconds for as long as it runs.
pub const LOG_LINES: usize = 200;

/// The worker's answer to a view's query, kept with the query it answers, so that a view shows
/// the answer (or the worker's refusal) to what it asked and never one to an older question.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Answered<Q, A> {
    pub query: Q,
    pub result: Result<A, String>,
}

impl<Q: PartialEq, A> Answered<Q, A> {
    /// The answer or the refusal, if this answers `query`.
    pub fn for_query(&self, query: &Q) -> Option<Result<&A, &str>> {
        (self.query == *query).then(|| self.result.as_ref().map_err(String::as_str))
    }
}

/// What the worker sent the views: the main run's summary (only when the core accepted the run),
/// the latest tamper verdict, and the scenario's blocks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LabState {
    /// The main run is still verifying (or has not started).
    pub loading: bool,
    /// The views show the live run (started after the main run), not the main run.
    pub live: bool,
    /// Why there is nothing to show: the core refused the main run, or its files did not load.
    pub load_error: Option<String>,
    pub summary: Option<Rc<LabSummary>>,
    pub tampering: bool,
    pub tamper: Option<Rc<Result<TamperOutcome, String>>>,
    /// Worker time of the last tamper check.
    pub tamper_ms: Option<f64>,
    /// Summaries of the scenario's blocks, by slot (`Err("loading…")` while fetched).
    pub blocks: BTreeMap<u64, Rc<Result<BlockSummary, String>>>,
    /// The last answer to [`AppContext::choose`].
    pub chosen: Option<Rc<Answered<crate::choose::ChooseQuery, crate::choose::Chosen>>>,
    /// The last answer to [`AppContext::keys`].
    pub keys: Option<Rc<Answered<crate::keys::KeysQuery, crate::keys::KeysAnswer>>>,
}

impl LabState {
    /// The summary of the block at `slot`, once the worker has parsed it (none if it failed).
    pub fn block(&self, slot: u64) -> Option<BlockSummary> {
        self.blocks.get(&slot).and_then(|b| b.as_ref().as_ref().ok().cloned())
    }
}

/// All UI state of the page.
#[derive(Debug, Clone, Default)]
pub struct AppState {
    /// Bumped by every action, so context consumers see each new state.
    pub revision: u64,
    pub worker: WorkerStatus,
    ping_sent_at: Option<f64>,
    /// Loading the default scenario or files failed before anything reached the worker.
    pub load_error: Option<String>,
    /// The run the Verify tab shows, and every view with it.
    pub main: Option<Run>,
    /// What the views show of the main run (`loading` and `load_error` are filled in by [`use_lab`]).
    pub lab: LabState,
    pub live: LiveState,
    /// The live run was started after the main run: the views follow it.
    pub views_follow_live: bool,
    /// The last answer to [`AppContext::account`] (not part of any run: a new run keeps it).
    pub account: Option<Rc<crate::account::AccountAnswer>>,
    /// The checkpoint saved in this browser, as the worker's integrity check found it, with the id
    /// of the [`AppContext::check_saved`] it answers (`None` until the first answer).
    pub saved: Option<(RunId, Result<Option<SavedCheckpoint>, SealError>)>,
}

impl AppState {
    fn run_mut(&mut self, id: RunId) -> Option<&mut Run> {
        self.main.as_mut().filter(|r| r.id == id)
    }

    /// Whether the views' verified figures rest on a bootstrap trusted as given (a main run
    /// without a checkpoint; a live run always has one).
    pub fn views_self_trusted(&self) -> bool {
        !self.views_follow_live && self.main.as_ref().is_some_and(|r| r.checkpoint.is_none())
    }
}

/// Everything that can change [`AppState`].
#[derive(Debug)]
pub enum Action {
    PingSent {
        at_ms: f64,
    },
    LoadFailed(String),
    RunStarted(Run),
    TamperSent,
    /// A block is being fetched, or could not be.
    BlockState {
        slot: u64,
        block: Result<BlockSummary, String>,
    },
    LiveStarted {
        run: RunId,
        request: LiveRequest,
    },
    /// The page ended the live run.
    LiveStopped {
        run: RunId,
    },
    /// The live run's verified checkpoint was saved, or why not.
    LiveSaved {
        run: RunId,
        result: Result<(), String>,
    },
    FromWorker {
        response: Response,
        at_ms: f64,
    },
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        s.revision += 1;
        match action {
            Action::PingSent { at_ms } => s.ping_sent_at = Some(at_ms),
            Action::LoadFailed(error) => s.load_error = Some(error),
            Action::RunStarted(run) => {
                s.load_error = None;
                s.main = Some(run);
                s.views_follow_live = false;
                s.lab = LabState { blocks: std::mem::take(&mut s.lab.blocks), ..Default::default() };
            }
            Action::TamperSent => s.lab.tampering = true,
            Action::BlockState { slot, block } => {
                s.lab.blocks.insert(slot, Rc::new(block));
            }
            Action::LiveStarted { run, request } => {
                s.live = LiveState { run: Some(run), running: true, request: Some(request), ..Default::default() };
                s.views_follow_live = true;
                s.lab.tamper = None;
            }
            Action::LiveStopped { run } => {
                if s.live.run == Some(run) && s.live.running {
                    s.live.running = false;
                    s.live.stopped = true;
                    settle(&mut s.live);
                }
            }
            Action::LiveSaved { run, result } => {
                if s.live.run == Some(run) {
                    s.live.save_error = result.err();
                }
            }
            Action::FromWorker { response, at_ms } => match response {
                Response::Ready { version } => {
                    let ms = at_ms - s.ping_sent_at.unwrap_or(at_ms);
                    s.worker = WorkerStatus::Ready { version, ms };
                }
                Response::SavedChecked { id, saved } => s.saved = Some((id, saved)),
                // Written to storage by the page shell (`App`), which dispatches `LiveSaved`.
                Response::Sealed { .. } => {}
                Response::Planned { run, steps } => {
                    if let Some(r) = s.run_mut(run) {
                        r.planned = Some(steps);
                    }
                }
                Response::Step { run, step, at_ms, core_ms } => {
                    if let Some(r) = s.run_mut(run) {
                        r.steps.push(step.0);
                        r.step_ms.push(at_ms);
                        r.step_core_ms.push(core_ms);
                    }
                }
                Response::Done { run, outcome, total_ms } => {
                    if let Some(r) = s.run_mut(run) {
                        r.total_ms = Some(total_ms);
                        r.outcome = Some(match outcome {
                            Outcome::Verified(report) => RunOutcome::Verified(Rc::new(report.0)),
                            Outcome::Rejected(rejection) => RunOutcome::Rejected(rejection),
                        });
                    }
                }
                Response::Live { run, update } => {
                    if s.live.run == Some(run) {
                        apply_live(&mut s.live, update.0);
                    }
                }
                Response::Lab { run, summary } => {
                    if s.live.run == Some(run) {
                        s.live.views = Some(summary.map(|j| Rc::new(j.0)).map_err(|r| rejection_text(&r)));
                        if s.views_follow_live {
                            s.lab.tamper = None;
                        }
                    } else if let (Some(_), Ok(summary)) = (s.run_mut(run), summary) {
                        s.lab.summary = Some(Rc::new(summary.0));
                    }
                }
                Response::Tampered { outcome, ms } => {
                    s.lab.tampering = false;
                    s.lab.tamper = Some(Rc::new(outcome));
                    s.lab.tamper_ms = Some(ms);
                }
                Response::Block { slot, block } => {
                    s.lab.blocks.insert(slot, Rc::new(block));
                }
                Response::Chosen(chosen) => s.lab.chosen = Some(Rc::new(chosen)),
                Response::Keys(keys) => s.lab.keys = Some(Rc::new(keys)),
                Response::Account(answer) => s.account = Some(Rc::new(answer.0)),
            },
        }
        Rc::new(s)
    }
}

fn apply_live(live: &mut LiveState, update: LiveUpdate) {
    match &update {
        LiveUpdate::Event(SyncEvent::Head(h)) => {
            live.finalized = Some(h.finalized.clone());
            live.optimistic = Some(h.optimistic.clone());
        }
        LiveUpdate::Event(SyncEvent::Forced { .. }) => live.forced = true,
        LiveUpdate::Event(_) => {}
        LiveUpdate::Cards(cards) => live.cards = cards.clone(),
        LiveUpdate::Finished { finalized, optimistic, error } => {
            live.running = false;
            live.finalized = finalized.clone().or(live.finalized.take());
            live.optimistic = optimistic.clone().or(live.optimistic.take());
            live.error = error.clone();
            settle(live);
        }
    }
    if !matches!(update, LiveUpdate::Cards(_)) {
        live.log.push(update);
        if live.log.len() > LOG_LINES {
            let extra = live.log.len() - LOG_LINES;
            live.log.drain(..extra);
            live.log_dropped += extra;
        }
    }
}

/// A live run has ended (on its own, or stopped while following): its verified finalized head
/// becomes the checkpoint to keep, unless the store took it by a force update.
fn settle(live: &mut LiveState) {
    live.verified = match (&live.finalized, &live.request) {
        (Some(head), Some(request)) if !live.forced => Some(crate::trust::verified_checkpoint(
            head,
            &request.checkpoint,
            &request.endpoints,
            lucid_transport::clock::unix_seconds(),
        )),
        _ => None,
    };
}

/// The page's clock, in ms (`performance.now()`).
pub fn now_ms() -> f64 {
    crate::worker::now_ms()
}

/// What every view gets from `use_context::<AppContext>()`: the state, and the ways to ask the
/// worker for work. Cheap to clone.
#[derive(Clone)]
pub struct AppContext {
    pub state: UseReducerHandle<AppState>,
    /// The state's revision when this context was made. The handle above always reads the
    /// latest state, so comparing contexts needs this snapshot.
    revision: u64,
    worker: Rc<WorkerBridge<LucidWorker>>,
    next_run: Rc<Cell<RunId>>,
}

impl PartialEq for AppContext {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision && Rc::ptr_eq(&self.worker, &other.worker)
    }
}

impl AppContext {
    pub fn new(state: UseReducerHandle<AppState>, worker: Rc<WorkerBridge<LucidWorker>>) -> Self {
        AppContext { revision: state.revision, state, worker, next_run: Rc::new(Cell::new(1)) }
    }

    /// The same context with the latest state handle.
    pub fn with_state(&self, state: UseReducerHandle<AppState>) -> Self {
        AppContext { revision: state.revision, state, ..self.clone() }
    }

    fn next_id(&self) -> RunId {
        let id = self.next_run.get();
        self.next_run.set(id + 1);
        id
    }

    /// The verification steps of the main run, as the core reported them.
    pub fn steps(&self) -> &[Step] {
        self.state.main.as_ref().map(|r| r.steps.as_slice()).unwrap_or_default()
    }

    /// The main run's final report, once verified.
    pub fn report(&self) -> Option<&ReplayReport> {
        self.state.main.as_ref().and_then(Run::report)
    }

    /// The raw files of the main run (the recorded scenario, or the files opened from disk).
    pub fn files(&self) -> Option<Rc<BundleFiles>> {
        self.state.main.as_ref().map(|r| r.files.clone())
    }

    /// Ask the worker to verify `files`; the run replaces what the Verify tab and every view show.
    /// Returns the run's id.
    pub fn verify(&self, label: String, files: BundleFiles, checkpoint: Option<String>) -> RunId {
        let id = self.next_id();
        let files = Rc::new(files);
        self.state.dispatch(Action::RunStarted(Run {
            id,
            label,
            files: files.clone(),
            checkpoint: checkpoint.clone(),
            planned: None,
            steps: Vec::new(),
            step_ms: Vec::new(),
            step_core_ms: Vec::new(),
            sent_at: now_ms(),
            outcome: None,
            total_ms: None,
        }));
        self.worker.send(Request::Verify { run: id, files: (*files).clone(), checkpoint });
        id
    }

    /// Hand the main run's tamper target, with `edit` applied, to the core in the worker.
    pub fn tamper(&self, edit: Edit) {
        self.state.dispatch(Action::TamperSent);
        self.worker.send(Request::Tamper(edit));
    }

    /// Fetch a block of the recorded scenario (once) and have the worker summarise it.
    pub fn block(&self, slot: u64) {
        if self.state.lab.blocks.contains_key(&slot) {
            return;
        }
        self.state.dispatch(Action::BlockState { slot, block: Err("loading…".into()) });
        let (state, worker) = (self.state.clone(), self.worker.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let url = format!("{SCENARIO_BASE}/blocks/{slot}.json");
            let bytes = match gloo_net::http::Request::get(&url).send().await {
                Ok(r) if r.ok() => r.binary().await.map_err(|e| e.to_string()),
                Ok(r) => Err(format!("{url}: HTTP {}", r.status())),
                Err(e) => Err(format!("{url}: {e}")),
            };
            match bytes {
                Ok(bytes) => worker.send(Request::Block { slot, bytes }),
                Err(e) => state.dispatch(Action::BlockState { slot, block: Err(e) }),
            }
        });
    }

    /// Ask the worker who is chosen (`crate::choose`); the answer lands in `LabState::chosen`.
    pub fn choose(&self, query: crate::choose::ChooseQuery) {
        self.worker.send(Request::Choose(query));
    }

    /// Ask the worker to check an account's proof (`crate::account`); the answer lands in
    /// `AppState::account`.
    pub fn account(&self, query: crate::account::AccountQuery) {
        self.worker.send(Request::Account(query));
    }

    /// Ask the worker to sign with teaching keys (`crate::keys`); the answer lands in `LabState::keys`.
    pub fn keys(&self, query: crate::keys::KeysQuery) {
        self.worker.send(Request::Keys(query));
    }

    /// End the live run in the worker.
    pub fn stop_live(&self) {
        if let Some(run) = self.state.live.run {
            self.worker.send(Request::StopLive);
            self.state.dispatch(Action::LiveStopped { run });
        }
    }

    /// Start a live sync in the worker (ending the one before); the views follow it.
    pub fn start_live(&self, request: LiveRequest) -> RunId {
        let id = self.next_id();
        self.state.dispatch(Action::LiveStarted { run: id, request: request.clone() });
        self.worker.send(Request::Live { run: id, request });
        id
    }

    pub(crate) fn ping(&self) {
        self.state.dispatch(Action::PingSent { at_ms: now_ms() });
        self.worker.send(Request::Ping);
    }

    /// Have the worker check the checkpoint stored in this browser now; the answer
    /// ([`AppState::saved`]) carries the returned id.
    pub fn check_saved(&self) -> RunId {
        let id = self.next_id();
        self.worker.send(Request::CheckSaved { id, stored: crate::saved::read() });
        id
    }

    /// Have the worker seal a live run's verified checkpoint; the page shell writes it.
    pub fn seal(&self, run: RunId, checkpoint: SavedCheckpoint) {
        self.worker.send(Request::Seal { run, checkpoint });
    }
}

/// The views' state, with `loading` and `load_error` read from the main run, and the context to
/// ask the worker through ([`AppContext::tamper`], [`AppContext::block`]).
#[hook]
pub fn use_lab() -> (LabState, AppContext) {
    let ctx = use_context::<AppContext>().expect("views are rendered inside the AppContext provider");
    (lab_state(&ctx.state), ctx)
}

/// What the views show: the live run's replay once one was started after the main run, else the
/// main run's, with `loading` and `load_error` filled in.
pub fn lab_state(state: &AppState) -> LabState {
    let mut lab = state.lab.clone();
    if state.views_follow_live {
        lab.live = true;
        lab.summary = None;
        match &state.live.views {
            Some(Ok(summary)) => lab.summary = Some(summary.clone()),
            Some(Err(e)) => lab.load_error = Some(e.clone()),
            None if state.live.running => lab.loading = true,
            None => {
                let why = state.live.error.as_deref().unwrap_or("it verified nothing");
                lab.load_error = Some(format!("the live run ended before the core verified anything: {why}"));
            }
        }
        return lab;
    }
    match &state.main {
        Some(run) => match run.rejection() {
            Some(r) => lab.load_error = Some(rejection_text(r)),
            None => lab.loading = run.is_running(),
        },
        None => match &state.load_error {
            Some(e) => lab.load_error = Some(e.clone()),
            None => lab.loading = true,
        },
    }
    lab
}

fn rejection_text(r: &Rejection) -> String {
    format!("{}: {}: {} — nothing from this data is verified", r.file, r.kind, r.message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(id: RunId, checkpoint: Option<&str>) -> Run {
        Run {
            id,
            label: "test".into(),
            files: Rc::default(),
            checkpoint: checkpoint.map(Into::into),
            planned: None,
            steps: Vec::new(),
            step_ms: Vec::new(),
            step_core_ms: Vec::new(),
            sent_at: 0.0,
            outcome: None,
            total_ms: None,
        }
    }

    fn reduce(state: Rc<AppState>, action: Action) -> Rc<AppState> {
        state.reduce(action)
    }

    fn live_request() -> LiveRequest {
        LiveRequest {
            network: "mainnet".into(),
            endpoints: vec!["http://127.0.0.1:1".into()],
            checkpoint: lucid_tests::capella_p862::CHECKPOINT.into(),
            current_slot: None,
            follow: true,
        }
    }

    /// A following run reports a head every few seconds: the log keeps the latest lines, and
    /// stopping the run keeps its verified finalized head as the next checkpoint.
    #[test]
    fn a_stopped_following_run_keeps_its_head_and_its_log_stays_bounded() {
        let (_, summary) = crate::lab::tests::lab();
        let head = summary.bootstrap.header.clone();
        let mut s = reduce(Rc::default(), Action::LiveStarted { run: 4, request: live_request() });
        let event = || {
            LiveUpdate::Event(SyncEvent::Head(lucid_transport::sync::HeadEvent {
                kind: lucid_core::data::UpdateKind::FinalityUpdate,
                endpoint: "http://127.0.0.1:1".into(),
                via: lucid_transport::sync::Via::Event,
                finalized: head.clone(),
                optimistic: head.clone(),
                verify_us: 1,
            }))
        };
        for _ in 0..LOG_LINES + 7 {
            s = reduce(
                s,
                Action::FromWorker {
                    response: Response::Live { run: 4, update: crate::codec::Json(event()) },
                    at_ms: 0.0,
                },
            );
        }
        assert_eq!((s.live.log.len(), s.live.log_dropped), (LOG_LINES, 7));
        assert!(s.live.running && s.live.verified.is_none());
        s = reduce(s, Action::LiveStopped { run: 4 });
        assert!(!s.live.running && s.live.stopped);
        assert_eq!(s.live.verified.as_ref().and_then(|v| v.slot), Some(head.slot), "{:?}", s.live.verified);
    }

    /// The views show whichever run was started last: a live run after a rejected, self-trusted
    /// main run shows the live run's replay (badged verified: it had a checkpoint), and a new main
    /// run takes the views back. A live run's refused replay shows as refused, never as verified.
    #[test]
    fn the_views_follow_the_run_started_last() {
        let (_, summary) = crate::lab::tests::lab();
        let rejected = Rejection { file: "bootstrap".into(), kind: "checkpoint_mismatch".into(), message: "no".into() };
        let mut s = reduce(Rc::default(), Action::RunStarted(run(1, None)));
        s = reduce(
            s,
            Action::FromWorker {
                response: Response::Done { run: 1, outcome: Outcome::Rejected(rejected.clone()), total_ms: 1.0 },
                at_ms: 0.0,
            },
        );
        assert!(lab_state(&s).load_error.is_some_and(|e| e.contains("checkpoint_mismatch")));
        assert!(s.views_self_trusted());

        s = reduce(s, Action::LiveStarted { run: 2, request: live_request() });
        let lab = lab_state(&s);
        assert!(lab.live && lab.loading && lab.summary.is_none() && lab.load_error.is_none());
        assert!(!s.views_self_trusted(), "a live run always starts from a checkpoint");
        // A summary for another run is not the live run's.
        let lab_msg = |run, summary| Action::FromWorker { response: Response::Lab { run, summary }, at_ms: 0.0 };
        s = reduce(s, lab_msg(9, Ok(crate::codec::Json(summary.clone()))));
        assert!(lab_state(&s).summary.is_none());
        s = reduce(s, lab_msg(2, Ok(crate::codec::Json(summary.clone()))));
        assert_eq!(lab_state(&s).summary.as_deref(), Some(&summary));
        s = reduce(s, lab_msg(2, Err(rejected)));
        let lab = lab_state(&s);
        assert!(
            lab.summary.is_none() && lab.load_error.is_some_and(|e| e.contains("nothing from this data is verified"))
        );

        s = reduce(s, Action::RunStarted(run(3, Some(lucid_tests::capella_p862::CHECKPOINT))));
        let lab = lab_state(&s);
        assert!(!lab.live && lab.loading && lab.summary.is_none());
    }

    #[test]
    fn an_answer_shows_only_for_its_own_query_and_keeps_the_refusal() {
        let refused: Answered<u32, ()> = Answered { query: 7, result: Err("the demo takes 1 to 16 signers".into()) };
        assert_eq!(refused.for_query(&7), Some(Err("the demo takes 1 to 16 signers")));
        assert_eq!(refused.for_query(&8), None);
        let answered: Answered<u32, &str> = Answered { query: 8, result: Ok("signed") };
        assert_eq!(answered.for_query(&8), Some(Ok(&"signed")));
    }

    /// The saved checkpoint is the worker's latest answer, with the id of the check it answers.
    #[test]
    fn the_saved_checkpoint_is_the_workers_latest_answer() {
        let checkpoint = SavedCheckpoint {
            network: "mainnet".into(),
            block_root: lucid_core::primitives::parse_root(lucid_tests::capella_p862::CHECKPOINT).unwrap(),
            slot: Some(10),
            source: "test".into(),
            saved_at: 1,
        };
        let s: Rc<AppState> = Rc::default();
        assert_eq!(s.saved, None, "unknown until the worker answers");
        let answer = |id, saved| Action::FromWorker { response: Response::SavedChecked { id, saved }, at_ms: 1.0 };
        let s = reduce(s, answer(3, Err(SealError::MissingHash)));
        assert_eq!(s.saved, Some((3, Err(SealError::MissingHash))));
        let s = reduce(s, answer(5, Ok(Some(checkpoint.clone()))));
        assert_eq!(s.saved, Some((5, Ok(Some(checkpoint)))));
    }
}
