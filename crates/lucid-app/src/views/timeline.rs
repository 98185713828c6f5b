//! Timeline: slots (12 s) and epochs (32 slots) passing, replayed from the verified scenario at a
//! chosen speed, with the store's verified finalized and optimistic heads marked. Keyboard:
//! Space play/pause, ←/→ one slot, Shift+←/→ one epoch, [ and ] previous/next event, 1–4 speed.

use std::cell::RefCell;
use std::rc::Rc;

use lucid_core::NetworkConfig;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::chain::{clock_at, clock_at_slot, epoch_start_slot};
use super::common::{Badge, LabGate, Term};
use crate::lab::{Heads, LabSummary};
use crate::provenance::{short_hex, Source};
use crate::state::use_lab;

/// The `requestAnimationFrame` callback of the replay player.
type FrameCallback = Closure<dyn FnMut(f64)>;

/// A moment of the replay: when the client learns something, and the store after it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplayEvent {
    /// The slot at which the replay shows this event (never before the previous one).
    pub at_slot: u64,
    pub label: String,
    pub heads: Heads,
}

/// The replay's events in the order the core processed them: the bootstrap at its header's slot,
/// then each update at its signature slot (or right after the previous event, if signed earlier).
pub fn replay_events(s: &LabSummary) -> Vec<ReplayEvent> {
    let boot = &s.bootstrap.header;
    let mut at = boot.slot;
    let mut out = vec![ReplayEvent {
        at_slot: at,
        label: format!("bootstrap: trusted header at slot {}", boot.slot),
        heads: Heads { finalized: boot.clone(), optimistic: boot.clone() },
    }];
    for u in &s.updates {
        at = at.max(u.signature_slot);
        let what = match (&u.committee_handover, u.finalized_advanced, u.optimistic_advanced) {
            (Some(p), _, _) => format!("committee hand-over to period {p}"),
            (None, true, _) => "finalized head advanced".to_string(),
            (None, false, true) => "optimistic head advanced".to_string(),
            _ => {
                if u.next_committee_learned {
                    "next committee learned".to_string()
                } else {
                    "verified, no head moved".to_string()
                }
            }
        };
        out.push(ReplayEvent {
            at_slot: at,
            label: format!("{}: {what} ({} signers)", u.file, u.participants),
            heads: u.store_after.clone(),
        });
    }
    out
}

/// The index of the last event at or before `slot`.
pub fn event_at(events: &[ReplayEvent], slot: u64) -> Option<usize> {
    events.iter().rposition(|e| e.at_slot <= slot)
}

/// Replay speeds in slots per 12 seconds: real time, an epoch, a quarter period, a period.
pub const SPEEDS: [(f64, &str); 4] =
    [(1.0, "1× (real time)"), (32.0, "an epoch / 12 s"), (2048.0, "¼ period / 12 s"), (8192.0, "a period / 12 s")];

#[derive(Clone, Copy, PartialEq)]
struct Player {
    cursor: f64,
    playing: bool,
    speed: usize,
    follow_clock: bool,
}

/// The replay's timeline view.
#[component]
pub fn Timeline() -> Html {
    let (lab, _) = use_lab();
    let cfg = use_memo((), |_| NetworkConfig::mainnet());
    let events = use_memo(lab.summary.clone(), |s| s.as_ref().map(|s| replay_events(s)).unwrap_or_default());
    let player = use_state(|| Player { cursor: 0.0, playing: false, speed: 1, follow_clock: false });
    let last_frame = use_mut_ref(|| None::<f64>);

    // Following a live run, each head that moves the store moves the cursor to it.
    {
        let player = player.clone();
        let newest =
            events.last().filter(|_| lab.live).map(|e| (e.at_slot, e.heads.finalized.slot, e.heads.optimistic.slot));
        use_effect_with(newest, move |newest| {
            if let Some((at, _, _)) = newest {
                player.set(Player { cursor: *at as f64, playing: false, follow_clock: false, ..*player });
            }
        });
    }

    // Start at the first event once the data is there.
    {
        let player = player.clone();
        let first = events.first().map(|e| e.at_slot as f64);
        use_effect_with(first, move |first| {
            if let Some(f) = first {
                if player.cursor < *f {
                    player.set(Player { cursor: *f, ..*player });
                }
            }
        });
    }

    // requestAnimationFrame loop while playing or following the clock.
    {
        let player = player.clone();
        let cfg = cfg.clone();
        let last = events.last().map_or(0.0, |e| e.at_slot as f64 + 1.0);
        use_effect_with((player.playing, player.follow_clock, player.speed), move |_| {
            let active = player.playing || player.follow_clock;
            let handle: Rc<RefCell<Option<i32>>> = Rc::new(RefCell::new(None));
            let frame: Rc<RefCell<Option<FrameCallback>>> = Rc::new(RefCell::new(None));
            if active {
                let (h2, f2) = (handle.clone(), frame.clone());
                let state = Rc::new(RefCell::new(*player));
                *frame.borrow_mut() = Some(Closure::new(move |t: f64| {
                    let mut p = *state.borrow();
                    if p.follow_clock {
                        p.cursor = clock_at(&cfg, js_sys::Date::now()).slot as f64
                            + clock_at(&cfg, js_sys::Date::now()).slot_progress;
                    } else {
                        let dt = last_frame.borrow().map(|l| t - l).unwrap_or(0.0).min(250.0);
                        p.cursor = (p.cursor + dt / 12_000.0 * SPEEDS[p.speed].0).min(last);
                        if p.cursor >= last {
                            p.playing = false;
                        }
                    }
                    *last_frame.borrow_mut() = Some(t);
                    *state.borrow_mut() = p;
                    player.set(p);
                    if p.playing || p.follow_clock {
                        if let Some(f) = f2.borrow().as_ref() {
                            *h2.borrow_mut() = web_sys::window()
                                .and_then(|w| w.request_animation_frame(f.as_ref().unchecked_ref()).ok());
                        }
                    }
                }));
                if let Some(f) = frame.borrow().as_ref() {
                    *handle.borrow_mut() =
                        web_sys::window().and_then(|w| w.request_animation_frame(f.as_ref().unchecked_ref()).ok());
                }
            }
            move || {
                if let (Some(w), Some(h)) = (web_sys::window(), *handle.borrow()) {
                    let _ = w.cancel_animation_frame(h);
                }
                frame.borrow_mut().take();
            }
        });
    }

    let Some(_) = lab.summary.as_ref() else {
        return html! { <section class="view" aria-labelledby="timeline-h"><h2 id="timeline-h">{ "Timeline" }</h2><LabGate state={lab.clone()} /></section> };
    };
    let first = events.first().map_or(0, |e| e.at_slot);
    let last = events.last().map_or(1, |e| e.at_slot + 1);
    let p = *player;
    let clock = clock_at_slot(&cfg, p.cursor);
    let current = event_at(&events, clock.slot);
    let heads = current.map(|i| events[i].heads.clone());
    let live = use_context::<crate::AppContext>().map(|c| c.state.live.clone());

    let set = {
        let player = player.clone();
        move |f: &dyn Fn(Player) -> Player| player.set(f(*player))
    };
    let jump_event = |delta: i64| {
        let events = events.clone();
        move |p: Player| {
            let i = event_at(&events, p.cursor as u64).map_or(-1, |i| i as i64) + delta;
            let i = i.clamp(0, events.len() as i64 - 1) as usize;
            Player { cursor: events[i].at_slot as f64, playing: false, follow_clock: false, ..p }
        }
    };
    let step = move |slots: f64| {
        move |p: Player| Player {
            cursor: (p.cursor.floor() + slots).clamp(first as f64, last as f64),
            playing: false,
            follow_clock: false,
            ..p
        }
    };
    let toggle = |p: Player| Player { playing: !p.playing, follow_clock: false, ..p };

    let onkeydown = {
        let set = set.clone();
        let (prev, next) = (jump_event(-1), jump_event(1));
        Callback::from(move |e: KeyboardEvent| {
            let epoch = if e.shift_key() { 32.0 } else { 1.0 };
            let handled = match e.key().as_str() {
                " " | "k" => {
                    set(&toggle);
                    true
                }
                "ArrowRight" => {
                    set(&step(epoch));
                    true
                }
                "ArrowLeft" => {
                    set(&step(-epoch));
                    true
                }
                "]" => {
                    set(&next);
                    true
                }
                "[" => {
                    set(&prev);
                    true
                }
                k @ ("1" | "2" | "3" | "4") => {
                    let i = k.parse::<usize>().unwrap_or(1) - 1;
                    set(&move |p| Player { speed: i, ..p });
                    true
                }
                _ => false,
            };
            if handled {
                e.prevent_default();
            }
        })
    };
    let onscrub = {
        let set = set.clone();
        Callback::from(move |e: InputEvent| {
            let v: f64 = e.target_unchecked_into::<web_sys::HtmlInputElement>().value().parse().unwrap_or(0.0);
            set(&move |p| Player { cursor: v, playing: false, follow_clock: false, ..p });
        })
    };
    let btn = |label: &'static str, aria: &'static str, f: Rc<dyn Fn(Player) -> Player>| {
        let set = set.clone();
        html! { <button type="button" aria-label={aria} onclick={Callback::from(move |_| set(&*f))}>{ label }</button> }
    };
    let epoch_first = epoch_start_slot(&cfg, clock.epoch);
    let cell = |i: u64| {
        let slot = epoch_first + i;
        let mut class = vec!["slot-cell"];
        if slot < clock.slot {
            class.push("passed");
        }
        if slot == clock.slot {
            class.push("now");
        }
        let mut marks = Vec::new();
        if let Some(h) = &heads {
            if h.finalized.slot == slot {
                class.push("finalized");
                marks.push("finalized head");
            }
            if h.optimistic.slot == slot {
                class.push("optimistic");
                marks.push("optimistic head");
            }
        }
        let style = if slot == clock.slot { format!("--progress:{:.3}", clock.slot_progress) } else { String::new() };
        html! { <li class={classes!(class)} style={style} aria-label={format!("slot {slot}{}{}", if marks.is_empty() { "" } else { ": " }, marks.join(", "))} title={format!("slot {slot}")}></li> }
    };

    html! {
    <section class="view timeline" aria-labelledby="timeline-h" tabindex="0" {onkeydown} id="timeline-view">
        <h2 id="timeline-h">{ "Timeline" }</h2>
        <p class="lede">{ "Each " }<Term term="slot" />{ " is 12 seconds; 32 slots make an " }<Term term="epoch" />{ if lab.live { ". This is the live run: the core's replay of what it verified from the endpoints, and each new verified head moves the cursor to it; the heads are the store's, as the core left them after each verified update." } else { ". The replay runs the recorded scenario through time; the heads are the store's, as the core left them after each verified update." } }</p>
        <div class="clock" aria-live="polite">
            <div class="big-number"><span class="k">{ "slot" }</span><span id="tl-slot">{ clock.slot }</span></div>
            <div class="big-number"><span class="k">{ "epoch" }</span><span id="tl-epoch">{ clock.epoch }</span></div>
            <div class="big-number"><span class="k">{ "slot in epoch" }</span><span id="tl-slot-in-epoch">{ format!("{} / 32", clock.slot_in_epoch + 1) }</span></div>
            <div class="big-number"><span class="k">{ "period" }</span><span>{ clock.period }</span></div>
            <Badge source={if p.follow_clock { Source::Measured } else { Source::Reported }} />
            <span class="how">{ if p.follow_clock { "slot from this computer's clock: (now − genesis) / 12 s" } else if lab.live { "cursor (slots of the live run's verified data)" } else { "replay cursor (slots of the recorded data)" } }</span>
        </div>
        <div class="slot-progress" role="progressbar" aria-label="progress through the epoch" aria-valuemin="0" aria-valuemax="100" aria-valuenow={format!("{:.0}", clock.epoch_progress * 100.0)}>
            <div class="bar" style={format!("transform:scaleX({:.4})", clock.epoch_progress)}></div>
        </div>
        <ol class="epoch-strip" aria-label={format!("the 32 slots of epoch {}", clock.epoch)}>{ for (0..32).map(cell) }</ol>
        <div class="legend"><span class="slot-cell passed"></span>{ "passed " }<span class="slot-cell now"></span>{ "now " }<span class="slot-cell finalized"></span>{ "finalized head " }<span class="slot-cell optimistic"></span>{ "optimistic head" }</div>
        <div class="controls" role="toolbar" aria-label="replay controls">
            { btn("|◀", "previous event ([)", Rc::new(jump_event(-1))) }
            { btn("◀", "back one slot (←)", Rc::new(step(-1.0))) }
            { btn(if p.playing { "⏸ pause" } else { "▶ play" }, "play or pause (space)", Rc::new(toggle)) }
            { btn("▶", "forward one slot (→)", Rc::new(step(1.0))) }
            { btn("▶|", "next event (])", Rc::new(jump_event(1))) }
            { for SPEEDS.iter().enumerate().map(|(i, (_, name))| {
                let set = set.clone();
                html! { <button type="button" aria-pressed={(p.speed == i).to_string()} aria-label={format!("speed {name} ({})", i + 1)} onclick={Callback::from(move |_| set(&move |p| Player { speed: i, ..p }))}>{ *name }</button> }
            }) }
            <button type="button" aria-pressed={p.follow_clock.to_string()} aria-label="follow this computer's clock (live slot)" onclick={{ let set = set.clone(); Callback::from(move |_| set(&|p| Player { follow_clock: !p.follow_clock, playing: false, ..p })) }}>{ "now (clock)" }</button>
        </div>
        <label class="scrub">{ "Scrub " }<input type="range" aria-label="replay position (slot)" min={first.to_string()} max={last.to_string()} step="1" value={format!("{:.0}", p.cursor.floor())} oninput={onscrub} /></label>
        <dl class="heads">
            if p.follow_clock {
                <div class="figure"><dt>{ "live heads" }</dt><dd>{
                    match live.as_ref().and_then(|l| l.finalized.clone().zip(l.optimistic.clone())) {
                        Some((f, o)) => html! { <>{ format!("finalized {} · optimistic {}", f.slot, o.slot) }<Badge source={Source::Verified} /></> },
                        None => html! { <>{ "none: live mode is not running (Live tab)" }</> },
                    }
                }</dd></div>
            } else if let Some(h) = &heads {
                <div class="figure"><dt>{ "finalized head" }</dt><dd><span class="value" id="tl-finalized">{ h.finalized.slot }</span>{ format!(" {}", short_hex(&h.finalized.root)) }<Badge source={Source::Verified} /></dd></div>
                <div class="figure"><dt>{ "optimistic head" }</dt><dd><span class="value" id="tl-optimistic">{ h.optimistic.slot }</span>{ format!(" {}", short_hex(&h.optimistic.root)) }<Badge source={Source::Verified} /></dd></div>
            }
        </dl>
        <ol class="events" aria-label="replay events">
            { for events.iter().enumerate().map(|(i, e)| {
                let at = e.at_slot as f64;
                let set = set.clone();
                let cur = current == Some(i);
                html! { <li class={classes!("event", cur.then_some("current"))}><button type="button" aria-current={cur.then_some("step")} onclick={Callback::from(move |_| set(&move |p| Player { cursor: at, playing: false, follow_clock: false, ..p }))}>{ format!("slot {} — {}", e.at_slot, e.label) }</button></li> }
            }) }
        </ol>
        <p class="keys">{ "Keys: Space play/pause · ←/→ slot · Shift+←/→ epoch · [ ] event · 1–4 speed. Empty cells are slots the recording holds no data for, not missed slots." }</p>
    </section>
    }
}
