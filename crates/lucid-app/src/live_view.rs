//! The Live tab: sync from Beacon API endpoints (in the worker) from a trusted checkpoint, and
//! show each endpoint's report card. Endpoints and a replay slot may come from the link
//! ([`LinkSettings`]); the checkpoint is the saved one, else the built-in one if it is recent,
//! and a checkpoint from the link is only used once the user confirms it (see [`crate::trust`]).

use lucid_core::NetworkConfig;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::provenance::{Figure, Source};
use crate::route::LinkSettings;
use crate::state::AppContext;
use crate::trust::Trust;
use crate::trust_view::{
    wall_clock_slot, CheckpointAge, ProposedCheckpoint, RefusedSavedNotice, ReplayBanner, StaleDefaultNotice,
};
use crate::worker::RunId;
use lucid_core::Head;
use lucid_transport::checkpoint::{SavedCheckpoint, SealError};
use lucid_transport::live::{LiveRequest, LiveUpdate};
use lucid_transport::report::ReportCard;
use lucid_transport::sync::SyncEvent;

/// The network live mode syncs.
const NETWORK: &str = "mainnet";

/// The trust state when the tab opens, from the link, the saved checkpoint and the defaults.
fn initial_trust(link: &LinkSettings, saved: Result<Option<SavedCheckpoint>, SealError>) -> Trust {
    let cfg = NetworkConfig::mainnet();
    Trust::new(
        link.checkpoint.clone(),
        saved,
        lucid_transport::defaults::checkpoint(NETWORK),
        &cfg,
        wall_clock_slot(&cfg),
    )
}

/// The endpoints from the link, else the defaults.
fn initial_endpoints(link: &LinkSettings) -> Vec<String> {
    if link.endpoints.is_empty() {
        lucid_transport::defaults::endpoints(NETWORK).iter().map(|e| e.url.to_string()).collect()
    } else {
        link.endpoints.clone()
    }
}

/// The Live tab, once the worker has checked the checkpoint saved in this browser: read afresh
/// each time the tab opens (another tab, or the user, may have changed it).
#[component]
pub fn LiveTab() -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let asked = use_state(|| None::<RunId>);
    {
        let ctx = ctx.clone();
        let asked = asked.clone();
        use_effect_with((), move |_| asked.set(Some(ctx.check_saved())));
    }
    match ctx.state.saved.as_ref().filter(|(id, _)| Some(*id) == *asked) {
        None => html! {
            <section class="panel">
                <p id="live-checking" class="hint">{ "Checking the checkpoint saved in this browser…" }</p>
            </section>
        },
        Some((_, saved)) => html! { <LiveSettings saved={saved.clone()} /> },
    }
}

#[derive(Properties, PartialEq)]
struct LiveSettingsProps {
    /// The saved checkpoint as the worker's integrity check found it when the tab opened.
    saved: Result<Option<SavedCheckpoint>, SealError>,
}

/// The Live tab's settings, log and result.
#[component]
fn LiveSettings(props: &LiveSettingsProps) -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let link = use_memo((), |_| LinkSettings::from_location());
    let trust = use_state(|| initial_trust(&link, props.saved.clone()));
    let endpoints = use_state(|| initial_endpoints(&link));
    let current_slot = use_state(|| link.slot);
    let problem = use_state(|| None::<String>);
    let follow = use_state(|| false);
    let live = &ctx.state.live;
    let cfg = NetworkConfig::mainnet();

    // A sync verified a head from the checkpoint in effect: that head is the checkpoint now
    // (the page shell saves it).
    {
        let trust = trust.clone();
        use_effect_with(live.verified.clone(), move |verified| {
            if let Some(v) = verified {
                let mut t = (*trust).clone();
                t.verified(v);
                trust.set(t);
            }
        });
    }

    let update_trust = |change: fn(&mut Trust)| {
        let trust = trust.clone();
        let problem = problem.clone();
        Callback::from(move |()| {
            let mut t = (*trust).clone();
            change(&mut t);
            trust.set(t);
            problem.set(None);
        })
    };
    let on_confirm = update_trust(Trust::confirm_proposed);
    let on_dismiss = update_trust(Trust::dismiss_proposed);
    let on_accept_default = update_trust(Trust::accept_stale_default);
    let on_forget = {
        let trust = trust.clone();
        let problem = problem.clone();
        Callback::from(move |()| match crate::saved::forget() {
            Ok(()) => {
                let mut t = (*trust).clone();
                t.forgot_saved();
                trust.set(t);
                problem.set(None);
            }
            Err(e) => problem.set(Some(format!("could not forget the saved checkpoint: {e}"))),
        })
    };
    let on_endpoints = {
        let endpoints = endpoints.clone();
        Callback::from(move |e: InputEvent| {
            let t: HtmlTextAreaElement = e.target_unchecked_into();
            endpoints.set(t.value().lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect());
        })
    };
    let on_checkpoint = {
        let trust = trust.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut t = (*trust).clone();
            t.typed(&input.value());
            trust.set(t);
        })
    };
    let on_slot = {
        let current_slot = current_slot.clone();
        Callback::from(move |e: InputEvent| {
            let t: HtmlInputElement = e.target_unchecked_into();
            current_slot.set(t.value().trim().parse().ok());
        })
    };
    let on_clock = {
        let current_slot = current_slot.clone();
        Callback::from(move |()| current_slot.set(None))
    };
    let on_start = {
        let ctx = ctx.clone();
        let trust = trust.clone();
        let endpoints = endpoints.clone();
        let current_slot = current_slot.clone();
        let problem = problem.clone();
        let follow = follow.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let checkpoint = match trust.start_root() {
                Ok(root) => root.to_string(),
                Err(why) => return problem.set(Some(why)),
            };
            if endpoints.is_empty() {
                return problem.set(Some("enter at least one endpoint URL".into()));
            }
            problem.set(None);
            ctx.start_live(LiveRequest {
                network: "mainnet".into(),
                endpoints: (*endpoints).clone(),
                checkpoint,
                current_slot: *current_slot,
                follow: *follow,
            });
        })
    };

    let anchor = trust.anchor.as_ref();
    let share = LinkSettings {
        checkpoint: anchor.map(|a| a.root.clone()),
        endpoints: (*endpoints).clone(),
        slot: *current_slot,
    }
    .to_link();
    html! {
        <div class="layout">
            if let Some(slot) = *current_slot {
                <ReplayBanner slot={slot} on_clear={on_clock} />
            }
            <div class="column">
                <section class="panel" aria-labelledby="live-settings-heading">
                    <h2 id="live-settings-heading">{ "Sync from Beacon API endpoints" }</h2>
                    <p class="note">{ "The endpoints are not trusted: the worker verifies everything they serve from your checkpoint, and names any endpoint that serves data the core refuses." }</p>
                    if let Some(root) = &trust.proposed {
                        <ProposedCheckpoint root={root.clone()} in_effect={anchor.map(|a| AttrValue::from(a.provenance()))}
                            on_confirm={on_confirm} on_dismiss={on_dismiss} />
                    }
                    if let Some(error) = &trust.refused_saved {
                        <RefusedSavedNotice error={error.clone()} on_forget={on_forget} />
                    }
                    if let Some(stale) = &trust.stale_default {
                        <StaleDefaultNotice stale={stale.clone()} on_accept={on_accept_default} />
                    }
                    <form id="live-form" onsubmit={on_start}>
                        <div class="file-row">
                            <label for="live-endpoints">{ "Endpoints (one URL a line)" }</label>
                            <textarea id="live-endpoints" rows="3" spellcheck="false" oninput={on_endpoints}
                                value={endpoints.join("\n")} />
                        </div>
                        <div class="file-row">
                            <label for="live-checkpoint">{ "Trusted checkpoint (block root)" }</label>
                            <input id="live-checkpoint" type="text" spellcheck="false" autocomplete="off"
                                placeholder="0x… a recent block root from a source you trust"
                                value={anchor.map(|a| a.root.clone()).unwrap_or_default()} oninput={on_checkpoint} />
                            <span id="live-checkpoint-source" class="hint">{ match anchor {
                                Some(a) => format!("In effect: {}", a.provenance()),
                                None => "None in effect.".to_string(),
                            } }</span>
                        </div>
                        <CheckpointAge slot={anchor.and_then(|a| a.slot)} age={trust.age(&cfg, wall_clock_slot(&cfg))} />
                        <div class="file-row">
                            <label for="live-slot">{ "Fixed current slot, for replays (blank: this computer's clock)" }</label>
                            <input id="live-slot" type="text" inputmode="numeric" autocomplete="off"
                                value={current_slot.map(|s| s.to_string()).unwrap_or_default()} oninput={on_slot} />
                        </div>
                        <label class="check-row">
                            <input id="live-follow" type="checkbox" checked={*follow}
                                onchange={{ let follow = follow.clone(); Callback::from(move |_| follow.set(!*follow)) }} />
                            { " Keep following new heads after catching up (the event stream, or polling), until stopped" }
                        </label>
                        if let Some(p) = &*problem {
                            <p id="live-problem" class="status" data-state="failed" role="alert">{ p.clone() }</p>
                        }
                        <div class="buttons">
                            <button id="live-start" type="submit" disabled={live.running}>{ "Sync" }</button>
                            if live.running {
                                <button id="live-stop" type="button" onclick={{ let ctx = ctx.clone(); Callback::from(move |_| ctx.stop_live()) }}>{ "Stop" }</button>
                            }
                            <a class="share" href={share}>{ "Link to these settings" }</a>
                        </div>
                    </form>
                </section>
                <LiveResult />
                <crate::account_view::AccountPanel />
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
    } else if let (true, Some(f), Some(_)) = (live.running, &live.finalized, live.views.as_ref()) {
        html! { <p id="live-status" class="status" data-state="following">{ format!("Following: finalized slot {}", f.slot) }</p> }
    } else if live.running {
        html! { <p id="live-status" class="status" data-state="running">{ "Syncing in the worker…" }</p> }
    } else if live.stopped {
        let last = live.finalized.as_ref().map(|f| format!(": the last verified finalized head is slot {}", f.slot));
        html! { <p id="live-status" class="status" data-state="stopped">{ format!("Stopped{}.", last.unwrap_or_default()) }</p> }
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
            if let Some(e) = &live.save_error {
                <p id="live-saved" class="note" data-state="failed">{ format!("The verified head could not be saved: {e}") }</p>
            } else if let Some(v) = &live.verified {
                <p id="live-saved" class="note">{ format!(
                    "Saved in this browser as the checkpoint for the next sync: the verified finalized head, slot {}.",
                    v.slot.unwrap_or_default()) }</p>
            } else if live.forced && !live.running {
                <p id="live-saved" class="note">{ "Nothing saved: the finalized head came from a force update, not from the chain's finality." }</p>
            }
            if live.views.is_some() && ctx.state.views_follow_live {
                <p id="live-views" class="note">{ "The Timeline, Finality, Sync committee, Step-through and the other views now show this run: the core's replay of what it verified, refreshed with each head that moves the store." }</p>
            }
            if live.log_dropped > 0 {
                <p class="note">{ format!("{} earlier lines not shown.", live.log_dropped) }</p>
            }
            <ol id="live-log" class="log">
                { for live.log.iter().map(log_line) }
            </ol>
        </section>
    }
}

fn log_line(u: &LiveUpdate) -> Html {
    // The checkpoint's age is shown once, by this computer's clock, above (not per bootstrap).
    let text = match u {
        LiveUpdate::Event(SyncEvent::Bootstrapped { endpoint, head, .. }) => {
            format!("Bootstrap from {endpoint} matches the checkpoint: slot {} (period {}).", head.slot, head.period)
        }
        LiveUpdate::Event(SyncEvent::Progress { period, target, .. }) => {
            format!("Catching up: period {period} of {target}.")
        }
        LiveUpdate::Event(SyncEvent::Head(h)) => format!(
            "Head from {}: finalized slot {}, optimistic slot {}.",
            h.endpoint, h.finalized.slot, h.optimistic.slot
        ),
        LiveUpdate::Event(SyncEvent::Forced { head, current_slot }) => format!(
            "No finality for too long at slot {current_slot}: the store took slot {} as finalized (signed by the sync committee, not finalized by the chain). It is not saved as a checkpoint.",
            head.slot
        ),
        LiveUpdate::Event(SyncEvent::Behind(b)) => format!(
            "Behind the clock: the verified finalized head, slot {}, is {} slots before slot {}; every endpoint that answered lags, or the chain has not finalized.",
            b.finalized.slot, b.finalized_slots_behind, b.current_slot
        ),
        LiveUpdate::Event(SyncEvent::CatchUpFailed { message }) => format!("Catching up failed: {message}"),
        LiveUpdate::Finished { error: Some(e), .. } => format!("Stopped: {e}"),
        LiveUpdate::Finished { .. } => "Sync finished.".to_string(),
        LiveUpdate::Cards(_) | LiveUpdate::Event(SyncEvent::Cards { .. }) => return html! {},
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
