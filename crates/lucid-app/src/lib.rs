//! lucid's browser app: a Yew page (this file) and a Web Worker ([`worker`]).
//!
//! The page holds UI state only. Bundles go to the worker, and the page shows what the worker
//! answers; it never computes or invents a verification result itself.

pub mod worker;

use std::rc::Rc;

use gloo_worker::Spawnable;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::worker::{LucidWorker, Request, Response};

/// Where Trunk puts the worker's JS glue (named after the `worker` binary), relative to the page.
pub const WORKER_PATH: &str = "worker.js";

/// The title shown at the top of the page.
pub const HEADLINE: &str = "lucid — a light client that verifies Ethereum finality in your browser";

/// The checks a light-client update goes through (consensus-specs `sync-protocol.md`).
/// Shown as a list; each stays "not run" until the worker reports a real result for it.
pub const STEPS: &[(&str, &str)] = &[
    (
        "Trusted checkpoint",
        "Start from a block root you trust; check the bootstrap's current sync committee against it with a Merkle branch.",
    ),
    (
        "Sync committee signature",
        "Check the BLS aggregate signature of the participating sync-committee members over the attested header.",
    ),
    (
        "Finality proof",
        "Check with a Merkle branch that the finalized checkpoint is committed in the attested header's state.",
    ),
    (
        "Next sync committee",
        "Check the next period's committee with a Merkle branch, so the client can follow the chain across periods.",
    ),
    (
        "Apply the update",
        "Move the finalized header forward only if at least 2/3 of the sync committee signed.",
    ),
];

/// Is the worker up?
#[derive(Debug, Clone, PartialEq, Default)]
pub enum WorkerStatus {
    #[default]
    Starting,
    /// Answered the start-up ping; `ms` counts from sending it, so it includes loading the worker.
    Ready { version: String, ms: f64 },
}

/// The bundle the user chose, if any.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum BundleStatus {
    #[default]
    None,
    Reading {
        name: String,
    },
    Sent {
        name: String,
        byte_len: u64,
    },
    /// The worker confirmed it received `byte_len` bytes (its own count, not the page's).
    Received {
        name: String,
        byte_len: u64,
    },
    Failed {
        name: String,
        error: String,
    },
}

/// All UI state of the page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppState {
    pub worker: WorkerStatus,
    pub bundle: BundleStatus,
    ping_sent_at: Option<f64>,
}

/// Everything that can change [`AppState`].
#[derive(Debug)]
pub enum Action {
    PingSent { at_ms: f64 },
    BundleReading { name: String },
    BundleSent { name: String, byte_len: u64 },
    BundleFailed { name: String, error: String },
    FromWorker { response: Response, at_ms: f64 },
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::PingSent { at_ms } => s.ping_sent_at = Some(at_ms),
            Action::BundleReading { name } => s.bundle = BundleStatus::Reading { name },
            Action::BundleSent { name, byte_len } => {
                s.bundle = BundleStatus::Sent { name, byte_len }
            }
            Action::BundleFailed { name, error } => s.bundle = BundleStatus::Failed { name, error },
            Action::FromWorker { response, at_ms } => match response {
                Response::Ready { version } => {
                    let ms = at_ms - s.ping_sent_at.unwrap_or(at_ms);
                    s.worker = WorkerStatus::Ready { version, ms };
                }
                Response::BundleReceived { name, byte_len } => {
                    s.bundle = BundleStatus::Received { name, byte_len };
                }
            },
        }
        Rc::new(s)
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_default()
}

/// The page wired to a real worker.
#[component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);

    // One worker for the page's lifetime; its answers become actions.
    let bridge = {
        let dispatch = state.dispatcher();
        use_memo((), move |_| {
            LucidWorker::spawner()
                .callback(move |response| {
                    dispatch.dispatch(Action::FromWorker {
                        response,
                        at_ms: now_ms(),
                    })
                })
                // Trunk builds `data-type="worker"` with wasm-bindgen's no-modules target.
                .as_module(false)
                .spawn(WORKER_PATH)
        })
    };

    {
        let bridge = bridge.clone();
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            dispatch.dispatch(Action::PingSent { at_ms: now_ms() });
            bridge.send(Request::Ping);
        });
    }

    let on_file = {
        let dispatch = state.dispatcher();
        Callback::from(move |file: web_sys::File| {
            let dispatch = dispatch.clone();
            let bridge = bridge.clone();
            let file = gloo::file::File::from(file);
            let name = file.name();
            dispatch.dispatch(Action::BundleReading { name: name.clone() });
            spawn_local(async move {
                match gloo::file::futures::read_as_bytes(&file).await {
                    Ok(bytes) => {
                        let byte_len = bytes.len() as u64;
                        bridge.send(Request::Bundle {
                            name: name.clone(),
                            bytes,
                        });
                        dispatch.dispatch(Action::BundleSent { name, byte_len });
                    }
                    Err(e) => dispatch.dispatch(Action::BundleFailed {
                        name,
                        error: e.to_string(),
                    }),
                }
            });
        })
    };

    html! { <Page state={(*state).clone()} {on_file} /> }
}

#[derive(Properties, PartialEq)]
pub struct PageProps {
    pub state: AppState,
    /// Called with the file the user picked.
    #[prop_or_default]
    pub on_file: Callback<web_sys::File>,
}

/// The whole page, drawn from state alone (no worker), so tests can render it directly.
#[component]
pub fn Page(props: &PageProps) -> Html {
    let AppState { worker, bundle, .. } = &props.state;

    let (worker_state, worker_text) = match worker {
        WorkerStatus::Starting => ("starting", "Starting…".to_string()),
        WorkerStatus::Ready { version, ms } => (
            "ready",
            format!("Ready — worker v{version} answered in {ms:.0} ms"),
        ),
    };

    let (bundle_state, bundle_text) = match bundle {
        BundleStatus::None => ("none", "No bundle opened yet.".to_string()),
        BundleStatus::Reading { name } => ("reading", format!("Reading {name}…")),
        BundleStatus::Sent { name, byte_len } => (
            "sent",
            format!("Sent {name} ({byte_len} bytes) to the worker…"),
        ),
        BundleStatus::Received { name, byte_len } => (
            "received",
            format!("The worker received {name}: {byte_len} bytes."),
        ),
        BundleStatus::Failed { name, error } => {
            ("failed", format!("Could not read {name}: {error}"))
        }
    };

    let onchange = {
        let on_file = props.on_file.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                on_file.emit(file);
            }
        })
    };

    html! {
        <>
        <header class="site-header">
            <h1>{ HEADLINE }</h1>
            <p class="tagline">
                { "It checks the sync committee's signatures and Merkle proofs itself instead of trusting a server." }
            </p>
        </header>
        <main class="layout">
            <section class="panel" aria-labelledby="status-heading">
                <h2 id="status-heading">{ "Status" }</h2>
                <dl class="status-list">
                    <dt>{ "Verifier worker" }</dt>
                    <dd id="worker-status" data-state={worker_state}>{ worker_text }</dd>
                    <dt>{ "Bundle" }</dt>
                    <dd id="bundle-status" data-state={bundle_state}>{ bundle_text }</dd>
                    <dt>{ "Finality" }</dt>
                    <dd id="finality-status" data-state="unverified">
                        { "Not verified: the verifier is not connected to the worker yet." }
                    </dd>
                </dl>
                <label class="file-picker">
                    <span>{ "Open a bundle file" }</span>
                    <input id="bundle-input" type="file" {onchange} />
                </label>
            </section>
            <section class="panel" aria-labelledby="steps-heading">
                <h2 id="steps-heading">{ "Verification steps" }</h2>
                <ol class="steps">
                    { for STEPS.iter().map(|(title, what)| html! {
                        <li class="step" data-state="not-run">
                            <div class="step-head">
                                <span class="step-title">{ *title }</span>
                                <span class="badge badge-not-run">{ "not run" }</span>
                            </div>
                            <p class="step-text">{ *what }</p>
                        </li>
                    }) }
                </ol>
            </section>
        </main>
        <footer class="site-footer">
            { "Runs in this tab: the page draws, a Web Worker does the checking." }
        </footer>
        </>
    }
}
