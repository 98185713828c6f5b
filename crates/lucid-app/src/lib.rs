//! lucid's browser app: a Yew page and a Web Worker ([`worker`]) that does all verification.
//!
//! The page holds UI state only ([`state`]). Files go to the worker, and the page shows what the
//! worker answers; it never computes or invents a verification result itself.
//!
//! The shell here owns the worker, the state context and the tab bar; each tab is a view:
//! [`verify`] (offline replay, files from disk), [`live_view`] (sync from endpoints) and the
//! visualizer's [`views`].

pub mod account;
pub mod account_view;
pub mod block;
pub mod branch;
pub mod choose;
pub mod codec;
pub mod files;
pub mod hex;
pub mod keys;
pub mod lab;
pub mod live_view;
pub mod provenance;
pub mod route;
pub mod saved;
pub mod state;
pub mod step_frames;
pub mod transaction;
pub mod trust;
pub mod trust_view;
pub mod verify;
pub mod views;
pub mod worker;

use std::rc::Rc;

use gloo_worker::{Spawnable, WorkerBridge};
use yew::prelude::*;

pub use route::Tab;
pub use state::{AppContext, AppState, Run, RunOutcome};
use step_frames::StepFrames;
use worker::LucidWorker;

/// Where Trunk puts the worker's JS glue (named after the `worker` binary), relative to the page.
pub const WORKER_PATH: &str = "worker.js";

/// The title shown at the top of the page.
pub const HEADLINE: &str = "lucid — a light client that verifies Ethereum finality in your browser";

/// Report panics on the browser console (page or worker) before the module aborts.
pub fn log_panics() {
    std::panic::set_hook(Box::new(|info| web_sys::console::error_1(&info.to_string().into())));
}

/// The verifier worker, started before the page's first render so that its module loads while the
/// page draws. Its answers wait in [`StepFrames`] until [`App`] connects its state.
#[derive(Clone)]
pub struct EarlyWorker {
    bridge: Rc<WorkerBridge<LucidWorker>>,
    frames: StepFrames,
}

impl EarlyWorker {
    /// Start the worker (its JS glue at [`WORKER_PATH`]).
    pub fn spawn() -> Self {
        let frames = StepFrames::default();
        let to = frames.clone();
        let bridge =
            LucidWorker::spawner().callback(move |response| to.receive(response, state::now_ms())).spawn(WORKER_PATH);
        EarlyWorker { bridge: Rc::new(bridge), frames }
    }
}

impl PartialEq for EarlyWorker {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.bridge, &other.bridge)
    }
}

/// [`App`]'s property: the worker it talks to.
#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub worker: EarlyWorker,
}

/// The page wired to a real worker.
#[component]
pub fn App(props: &AppProps) -> Html {
    let state = use_reducer(AppState::default);

    // One worker for the page's lifetime; its answers become actions.
    let bridge = {
        let dispatch = state.dispatcher();
        let worker = props.worker.clone();
        use_memo((), move |_| {
            // A run's steps reach the state in frames (`step_frames`), every answer in order.
            worker.frames.connect(move |response, at_ms| match response {
                // Storage is the page's: it writes what the worker sealed, then says so.
                worker::Response::Sealed { run, sealed } => {
                    let result = saved::write(&sealed).map_err(|e| e.to_string());
                    dispatch.dispatch(state::Action::LiveSaved { run, result });
                }
                response => dispatch.dispatch(state::Action::FromWorker { response, at_ms }),
            });
            worker.bridge
        })
    };
    // The worker and the run counter live as long as the page; the state handle is the latest.
    let base = use_memo((), |_| AppContext::new(state.clone(), (*bridge).clone()));
    let ctx = base.with_state(state.clone());

    {
        let ctx = ctx.clone();
        use_effect_with((), move |_| {
            ctx.ping();
            verify::start_default_scenario(ctx);
        });
    }

    // Keep the head a live sync verified as the checkpoint for the next one, whichever tab is open:
    // the worker seals it, the page writes it (above).
    {
        let ctx = ctx.clone();
        let run = state.live.run;
        use_effect_with(state.live.verified.clone(), move |verified| {
            if let (Some(checkpoint), Some(run)) = (verified, run) {
                ctx.seal(run, checkpoint.clone());
            }
        });
    }

    let tab = route::use_tab();

    html! {
        <ContextProvider<AppContext> context={ctx}>
            <header class="site-header">
                <h1>{ HEADLINE }</h1>
                <p class="tagline">
                    { "It checks the sync committee's signatures and the Merkle proofs itself instead of trusting a server." }
                </p>
            </header>
            <route::TabBar current={tab} />
            <main id="main" class="tab-panel" aria-label={tab.label()}>
                { tab.render() }
            </main>
            <footer class="site-footer">
                <WorkerLine />
            </footer>
        </ContextProvider<AppContext>>
    }
}

/// The footer line: is the worker up, and which build.
#[component]
fn WorkerLine() -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let (state, text) = match &ctx.state.worker {
        state::WorkerStatus::Starting => ("starting", "Verifier worker: starting…".to_string()),
        state::WorkerStatus::Ready { version, ms } => {
            ("ready", format!("Verifier worker: ready — v{version}, answered in {ms:.0} ms"))
        }
    };
    html! {
        <p>
            <span id="worker-status" data-state={state}>{ text }</span>
            { ". Runs in this tab: the page draws, a Web Worker does every check." }
        </p>
    }
}
