//! The Live tab: sync from Beacon API endpoints (in the worker) from a trusted checkpoint, and
//! show each endpoint's report card. Settings come from the URL (`?checkpoint=0x…&endpoint=…`,
//! repeatable, and `slot=` to fix "now" when replaying recorded data), else from the checkpoint
//! saved in this browser, else from `lucid_transport::defaults`.

use lucid_core::primitives::parse_root;
use lucid_transport::checkpoint::SavedCheckpoint;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::live::{LiveRequest, LiveUpdate};
use crate::provenance::{Figure, Source};
use crate::state::AppContext;
use lucid_core::Head;
use lucid_transport::report::ReportCard;
use lucid_transport::sync::SyncEvent;

/// The settings the Live tab starts with, and where the checkpoint came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub endpoints: Vec<String>,
    pub checkpoint: String,
    pub checkpoint_source: String,
    pub current_slot: Option<u64>,
    /// A saved checkpoint that was refused, and why.
    pub refused: Option<String>,
}

fn query() -> Option<web_sys::UrlSearchParams> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()
}

impl Settings {
    /// From the URL, the saved checkpoint and the defaults, in that order.
    pub fn initial() -> Settings {
        let q = query();
        let url_endpoints: Vec<String> = q
            .as_ref()
            .map(|q| q.get_all("endpoint").iter().filter_map(|v| v.as_string()).collect())
            .unwrap_or_default();
        let endpoints = if url_endpoints.is_empty() {
            lucid_transport::defaults::endpoints("mainnet").iter().map(|e| e.url.to_string()).collect()
        } else {
            url_endpoints
        };
        let current_slot = q.as_ref().and_then(|q| q.get("slot")).and_then(|s| s.parse().ok());
        let (saved, refused) = match crate::saved::load() {
            Ok(saved) => (saved, None),
            Err(reason) => (None, Some(reason)),
        };
        let (checkpoint, checkpoint_source) = if let Some(cp) = q.as_ref().and_then(|q| q.get("checkpoint")) {
            (cp, "the link (?checkpoint=)".to_string())
        } else if let Some(saved) = saved {
            (saved.block_root.to_string(), format!("saved in this browser ({})", saved.source))
        } else {
            let d = lucid_transport::defaults::checkpoint("mainnet");
            (
                d.map(|d| d.block_root.to_string()).unwrap_or_default(),
                d.map(|d| d.source.to_string()).unwrap_or_default(),
            )
        };
        Settings { endpoints, checkpoint, checkpoint_source, current_slot, refused }
    }

    /// A link that opens the Live tab with these settings.
    pub fn share_link(&self) -> String {
        let q = web_sys::UrlSearchParams::new().expect("UrlSearchParams");
        q.append("checkpoint", &self.checkpoint);
        for e in &self.endpoints {
            q.append("endpoint", e);
        }
        if let Some(slot) = self.current_slot {
            q.append("slot", &slot.to_string());
        }
        let base = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .map(|h| h.split(['?', '#']).next().unwrap_or_default().to_string())
            .unwrap_or_default();
        format!("{base}?{}#/live", String::from(q.to_string()))
    }
}

/// The Live tab.
#[component]
pub fn LiveTab() -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let settings = use_state(Settings::initial);
    let problem = use_state(|| None::<String>);
    let live = &ctx.state.live;

    let on_endpoints = {
        let settings = settings.clone();
        Callback::from(move |e: InputEvent| {
            let t: HtmlTextAreaElement = e.target_unchecked_into();
            let mut s = (*settings).clone();
            s.endpoints = t.value().lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
            settings.set(s);
        })
    };
    let on_checkpoint = {
        let settings = settings.clone();
        Callback::from(move |e: InputEvent| {
            let t: HtmlInputElement = e.target_unchecked_into();
            let mut s = (*settings).clone();
            s.checkpoint = t.value().trim().to_string();
            s.checkpoint_source = "typed here".into();
            settings.set(s);
        })
    };
    let on_slot = {
        let settings = settings.clone();
        Callback::from(move |e: InputEvent| {
            let t: HtmlInputElement = e.target_unchecked_into();
            let mut s = (*settings).clone();
            s.current_slot = t.value().trim().parse().ok();
            settings.set(s);
        })
    };
    let on_start = {
        let ctx = ctx.clone();
        let settings = settings.clone();
        let problem = problem.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let s = (*settings).clone();
            let Some(block_root) = parse_root(&s.checkpoint) else {
                problem.set(Some(format!("the checkpoint {:?} is not a 0x-prefixed 32-byte block root", s.checkpoint)));
                return;
            };
            if s.endpoints.is_empty() {
                problem.set(Some("enter at least one endpoint URL".into()));
                return;
            }
            let saved = SavedCheckpoint {
                network: "mainnet".into(),
                block_root,
                slot: None,
                source: s.checkpoint_source.clone(),
                saved_at: (js_sys::Date::now() / 1000.0) as u64,
            };
            problem.set(crate::saved::save(&saved).err());
            ctx.start_live(LiveRequest {
                endpoints: s.endpoints,
                checkpoint: s.checkpoint,
                current_slot: s.current_slot,
            });
        })
    };

    html! {
        <div class="layout">
            <div class="column">
                <section class="panel" aria-labelledby="live-settings-heading">
                    <h2 id="live-settings-heading">{ "Sync from Beacon API endpoints" }</h2>
                    <p class="note">{ "The endpoints are not trusted: the worker verifies everything they serve from your checkpoint, and names any endpoint that serves data the core refuses." }</p>
                    if let Some(reason) = &settings.refused {
                        <p id="checkpoint-refused" class="status" data-state="failed" role="alert">{ reason.clone() }</p>
                    }
                    <form id="live-form" onsubmit={on_start}>
                        <div class="file-row">
                            <label for="live-endpoints">{ "Endpoints (one URL a line)" }</label>
                            <textarea id="live-endpoints" rows="3" spellcheck="false" oninput={on_endpoints}
                                value={settings.endpoints.join("\n")} />
                        </div>
                        <div class="file-row">
                            <label for="live-checkpoint">{ "Trusted checkpoint (block root)" }</label>
                            <input id="live-checkpoint" type="text" spellcheck="false" autocomplete="off"
                                value={settings.checkpoint.clone()} oninput={on_checkpoint} />
                            <span class="hint">{ format!("From {}", settings.checkpoint_source) }</span>
                        </div>
                        <div class="file-row">
                            <label for="live-slot">{ "Current slot (blank: this computer's clock)" }</label>
                            <input id="live-slot" type="text" inputmode="numeric" autocomplete="off"
                                value={settings.current_slot.map(|s| s.to_string()).unwrap_or_default()} oninput={on_slot} />
                        </div>
                        if let Some(p) = &*problem {
                            <p id="live-problem" class="status" data-state="failed" role="alert">{ p.clone() }</p>
                        }
                        <div class="buttons">
                            <button id="live-start" type="submit" disabled={live.running}>{ "Sync" }</button>
                            <a class="share" href={settings.share_link()}>{ "Link to these settings" }</a>
                        </div>
                    </form>
                </section>
                <LiveResult />
            </div>
            <Cards cards={live.cards.clone()} />
        </div>
    }
}

fn head_line(label: &str, h: &Head) -> Html {
    html! {
        <Figure label={label.to_string()} value={format!("slot {} (period {}) root {}", h.slot, h.period, h.root)}
            source={Source::Verified} how="every object on the way verified from the checkpoint" />
    }
}

/// The heads the live sync reached, its progress log, or why it stopped.
#[component]
fn LiveResult() -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let live = &ctx.state.live;
    let status = if live.run.is_none() {
        html! { <p id="live-status" class="status" data-state="unverified">{ "Not started." }</p> }
    } else if live.running {
        html! { <p id="live-status" class="status" data-state="running">{ "Syncing in the worker…" }</p> }
    } else if let Some(e) = &live.error {
        html! { <p id="live-status" class="status" data-state="rejected">{ format!("Stopped: {e}") }</p> }
    } else if let Some(f) = &live.finalized {
        html! { <p id="live-status" class="status" data-state="verified">{ format!("Finalized: slot {}", f.slot) }</p> }
    } else {
        html! { <p id="live-status" class="status" data-state="failed">{ "Finished without a verified head." }</p> }
    };
    html! {
        <section class="panel" aria-labelledby="live-result-heading" aria-live="polite">
            <h2 id="live-result-heading">{ "Live result" }</h2>
            { status }
            <dl class="figures">
                if let Some(f) = &live.finalized { { head_line("Finalized", f) } }
                if let Some(o) = &live.optimistic { { head_line("Optimistic", o) } }
            </dl>
            <ol id="live-log" class="log">
                { for live.log.iter().map(log_line) }
            </ol>
        </section>
    }
}

fn log_line(u: &LiveUpdate) -> Html {
    let text = match u {
        LiveUpdate::Event(SyncEvent::Bootstrapped { endpoint, head, age }) => format!(
            "Bootstrap from {endpoint} matches the checkpoint: slot {} (period {}).{}",
            head.slot,
            head.period,
            age.warning().map(|w| format!(" {w}")).unwrap_or_default()
        ),
        LiveUpdate::Event(SyncEvent::Progress { period, target, .. }) => {
            format!("Catching up: period {period} of {target}.")
        }
        LiveUpdate::Event(SyncEvent::Head(h)) => format!(
            "Head from {}: finalized slot {}, optimistic slot {}.",
            h.endpoint, h.finalized.slot, h.optimistic.slot
        ),
        LiveUpdate::Finished { error: Some(e), .. } => format!("Stopped: {e}"),
        LiveUpdate::Finished { .. } => "Sync finished.".to_string(),
        LiveUpdate::Cards(_) => return html! {},
    };
    html! { <li>{ text }</li> }
}

#[derive(Properties, PartialEq)]
struct CardsProps {
    cards: Vec<ReportCard>,
}

/// One report card per endpoint.
#[component]
fn Cards(props: &CardsProps) -> Html {
    html! {
        <section class="panel" aria-labelledby="cards-heading">
            <h2 id="cards-heading">{ "Endpoint report cards" }</h2>
            if props.cards.is_empty() {
                <p class="note">{ "Each endpoint gets a card after a sync: what it served, what verified, what the core refused." }</p>
            }
            <ul id="cards" class="cards">
                { for props.cards.iter().map(|c| { let verdict = c.verdict().name(); html! {
                    <li class="card" data-verdict={verdict}>
                        <div class="step-head">
                            <span class="step-title endpoint">{ c.endpoint.clone() }</span>
                            <span class={classes!("badge", format!("verdict-{verdict}"))}>{ verdict }</span>
                        </div>
                        <p class="step-text">{ format!(
                            "served {} · verified {} · rejected {} · stale {} · failed {} (timeouts {}){}",
                            c.served, c.verified, c.rejected, c.stale, c.failed, c.timeouts,
                            c.mean_latency_ms.map(|m| format!(" · mean latency {m} ms")).unwrap_or_default()) }</p>
                        if let Some(kind) = &c.last_rejection {
                            <p class="step-text reject-reason">{ format!("refused by the core: {kind} — {}", c.last_error.clone().unwrap_or_default()) }</p>
                        } else if let Some(e) = &c.last_error {
                            <p class="step-text">{ format!("last error: {e}") }</p>
                        }
                    </li>
                }}) }
            </ul>
        </section>
    }
}
