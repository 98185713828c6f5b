//! The page's side of the lab worker: one worker for the page's lifetime, its latest answers, and
//! a hook through which every view reads them and re-renders when they change.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use gloo_worker::{Spawnable, WorkerBridge};
use yew::prelude::*;

use super::block::BlockSummary;
use super::lab::{Edit, LabSummary, TamperOutcome};
use super::lab_worker::{LabRequest, LabResponse, LabWorker, LAB_WORKER_PATH};
use crate::files::{BundleFiles, SCENARIO_BASE};

/// What the lab has answered so far.
#[derive(Clone, Default, PartialEq)]
pub struct LabState {
    pub loading: bool,
    pub summary: Option<Rc<LabSummary>>,
    pub load_error: Option<String>,
    /// Worker time of the last load (the whole replay, BLS included).
    pub load_ms: Option<f64>,
    pub tampering: bool,
    pub tamper: Option<Rc<Result<TamperOutcome, String>>>,
    pub tamper_ms: Option<f64>,
    /// Summaries of the shipped blocks, by slot.
    pub blocks: BTreeMap<u64, Rc<Result<BlockSummary, String>>>,
}

struct Shared {
    bridge: WorkerBridge<LabWorker>,
    state: LabState,
    /// The files last loaded (compared by pointer).
    loaded: Option<Rc<BundleFiles>>,
    listeners: Vec<(usize, Callback<()>)>,
    next_listener: usize,
    /// Whether the default scenario was fetched because no run had files yet.
    fetched_default: bool,
}

thread_local! {
    static LAB: RefCell<Option<Shared>> = const { RefCell::new(None) };
}

fn with_lab<R>(f: impl FnOnce(&mut Shared) -> R) -> R {
    LAB.with(|cell| {
        let mut slot = cell.borrow_mut();
        let shared = slot.get_or_insert_with(|| Shared {
            bridge: LabWorker::spawner().callback(on_response).as_module(false).spawn(LAB_WORKER_PATH),
            state: LabState::default(),
            loaded: None,
            listeners: Vec::new(),
            next_listener: 0,
            fetched_default: false,
        });
        f(shared)
    })
}

fn notify() {
    let listeners: Vec<Callback<()>> = with_lab(|s| s.listeners.iter().map(|(_, c)| c.clone()).collect());
    listeners.iter().for_each(|c| c.emit(()));
}

fn on_response(response: LabResponse) {
    with_lab(|s| match response {
        LabResponse::Loaded { summary, ms } => {
            s.state.loading = false;
            s.state.load_ms = Some(ms);
            match summary {
                Ok(summary) => s.state.summary = Some(Rc::new(summary)),
                Err(e) => s.state.load_error = Some(e),
            }
        }
        LabResponse::Tampered { outcome, ms } => {
            s.state.tampering = false;
            s.state.tamper = Some(Rc::new(outcome));
            s.state.tamper_ms = Some(ms);
        }
        LabResponse::Block { slot, block } => {
            s.state.blocks.insert(slot, Rc::new(block));
        }
    });
    notify();
}

/// Ways to ask the lab for work.
#[derive(Clone, PartialEq)]
pub struct LabHandle;

impl LabHandle {
    /// Hand the tamper target, with `edit` applied, to the core in the lab worker.
    pub fn tamper(&self, edit: Edit) {
        with_lab(|s| {
            s.state.tampering = true;
            s.bridge.send(LabRequest::Tamper(edit));
        });
        notify();
    }

    /// Fetch a shipped block of the scenario (once) and have the lab summarise it.
    pub fn block(&self, slot: u64) {
        let asked = with_lab(|s| s.state.blocks.contains_key(&slot));
        if asked {
            return;
        }
        with_lab(|s| s.state.blocks.insert(slot, Rc::new(Err("loading…".into()))));
        wasm_bindgen_futures::spawn_local(async move {
            let url = format!("{SCENARIO_BASE}/blocks/{slot}.json");
            let bytes = match gloo_net::http::Request::get(&url).send().await {
                Ok(r) if r.ok() => r.binary().await.map_err(|e| e.to_string()),
                Ok(r) => Err(format!("{url}: HTTP {}", r.status())),
                Err(e) => Err(format!("{url}: {e}")),
            };
            match bytes {
                Ok(bytes) => with_lab(|s| s.bridge.send(LabRequest::Block { slot, bytes })),
                Err(e) => {
                    with_lab(|s| s.state.blocks.insert(slot, Rc::new(Err(e))));
                    notify();
                }
            }
        });
    }
}

/// Send `files` to the lab to be verified and kept.
fn load(files: Rc<BundleFiles>) {
    let slot = crate::worker::current_slot(&lucid_core::NetworkConfig::mainnet());
    with_lab(|s| {
        s.loaded = Some(files.clone());
        s.state.loading = true;
        s.state.load_error = None;
        s.bridge.send(LabRequest::Load { files: (*files).clone(), current_slot: slot });
    });
}

/// The lab's state, re-rendering the caller on every answer. Loads the main run's files into the
/// lab the first time they are seen (the same bytes the Verify tab verified).
#[hook]
pub fn use_lab() -> (LabState, LabHandle) {
    let update = use_force_update();
    let ctx = use_context::<crate::AppContext>();
    {
        use_effect_with((), move |_| {
            let id = with_lab(|s| {
                s.next_listener += 1;
                let id = s.next_listener;
                s.listeners.push((id, Callback::from(move |_| update.force_update())));
                id
            });
            move || with_lab(|s| s.listeners.retain(|(i, _)| *i != id))
        });
    }
    match ctx.as_ref().and_then(|c| c.files()) {
        Some(files) => {
            let fresh = with_lab(|s| !s.loaded.as_ref().is_some_and(|f| Rc::ptr_eq(f, &files)));
            if fresh {
                load(files);
            }
        }
        // Opened straight at a view's URL: no run has files yet, so load the recorded scenario.
        None if !with_lab(|s| std::mem::replace(&mut s.fetched_default, true)) => {
            with_lab(|s| s.state.loading = true);
            wasm_bindgen_futures::spawn_local(async {
                match crate::files::fetch_scenario().await {
                    Ok(files) if with_lab(|s| s.loaded.is_none()) => load(Rc::new(files)),
                    Ok(_) => {}
                    Err(e) => {
                        with_lab(|s| s.state.load_error = Some(e));
                        notify();
                    }
                }
            });
        }
        None => {}
    }
    (with_lab(|s| s.state.clone()), LabHandle)
}
