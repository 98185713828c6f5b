//! Presenter mode: large type, high contrast, keyboard-driven scripted scenarios that run offline
//! on the recorded data. Keys: → / Space next slide, ← previous, 1–5 pick a scenario.
//! The URL `#/present` opens it; docs/WORKSHOP.md is the script that uses it.

use lucid_core::NetworkConfig;
use yew::prelude::*;

use super::committee::{participation_text, CommitteeGrid};
use super::common::LabGate;
use super::finality::{finality_facts, finality_update, FfgDiagram, FFG_BLOCK_SLOT};
use super::stepper::SignatureSteps;
use super::tamper::{OutcomeCard, PRESETS};
use crate::lab::Edit;
use crate::state::use_lab;

/// The scripted scenarios: (id, title, number of slides).
pub const SCENARIOS: &[(&str, &str, usize)] = &[
    ("slot", "A slot", 2),
    ("epoch", "An epoch", 2),
    ("finality", "Justification and finalization", 2),
    ("signature", "A signature verified", 2),
    ("forgery", "A forged update rejected", 2),
];

/// The presenter view.
#[component]
pub fn Presenter() -> Html {
    let (lab, handle) = use_lab();
    let scenario = use_state(|| 0usize);
    let slide = use_state(|| 0usize);
    use_effect_with((), {
        let handle = handle.clone();
        move |_| handle.block(FFG_BLOCK_SLOT)
    });
    let count = SCENARIOS[*scenario].2;
    let onkeydown = {
        let (scenario, slide) = (scenario.clone(), slide.clone());
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            match key.as_str() {
                "ArrowRight" | " " | "PageDown" => {
                    if *slide + 1 < count {
                        slide.set(*slide + 1);
                    } else if *scenario + 1 < SCENARIOS.len() {
                        scenario.set(*scenario + 1);
                        slide.set(0);
                    }
                }
                "ArrowLeft" | "PageUp" => {
                    if *slide > 0 {
                        slide.set(*slide - 1);
                    } else if *scenario > 0 {
                        scenario.set(*scenario - 1);
                        slide.set(0);
                    }
                }
                k if k.len() == 1 && ("1"..="5").contains(&k) => {
                    scenario.set(k.parse::<usize>().unwrap_or(1) - 1);
                    slide.set(0);
                }
                _ => return,
            }
            e.prevent_default();
        })
    };
    // The forgery scenario runs the core on a forged update when its second slide opens.
    {
        let handle = handle.clone();
        let fields = lab.summary.as_ref().map(|s| s.fields.clone()).unwrap_or_default();
        use_effect_with((*scenario, *slide, fields.len()), move |(sc, sl, _)| {
            if SCENARIOS[*sc].0 == "forgery" && *sl == 1 {
                let (_, path, byte) = PRESETS[0];
                if let Some(f) = fields.iter().find(|f| f.label() == path) {
                    handle.tamper(Edit { path: f.path.clone(), byte });
                }
            }
        });
    }
    let cfg = NetworkConfig::mainnet();
    let body = match lab.summary.as_ref() {
        None => html! { <LabGate state={lab.clone()} /> },
        Some(s) => {
            let fin = finality_update(s);
            let facts = fin.and_then(|u| finality_facts(&cfg, u));
            match (SCENARIOS[*scenario].0, *slide) {
                ("slot", 0) => {
                    html! { <><h3>{ "A slot is 12 seconds" }</h3><div class="slot-ring" aria-hidden="true"><div class="sweep"></div></div>
                    <ol class="slot-phases"><li>{ "0 s — one validator proposes a block" }</li><li>{ "4 s — the slot's committees attest to the head they see" }</li><li>{ "8 s — aggregators combine the votes" }</li></ol>
                    <p class="src-note">{ "Protocol timing from the specification, not from the data." }</p></> }
                }
                ("slot", _) => html! { <><h3>{ "Slot " }{ fin.map_or(0, |u| u.attested.slot) }</h3>
                <p>{ format!("In the recorded data, block {} was proposed by validator {}. The sync committee signed it in the next slot: {}.", fin.map_or(0, |u| u.attested.slot), fin.map_or(0, |u| u.attested.proposer_index), fin.map(participation_text).unwrap_or_default()) }</p>
                <p class="src-note">{ if lab.summary.as_ref().is_some_and(|s| s.self_trusted) { "trusted as given (no checkpoint): the signature covers this header's root" } else { "verified by the core: the signature covers this header's root" } }</p></> },
                ("epoch", 0) => {
                    html! { <><h3>{ "An epoch is 32 slots" }</h3><ol class="epoch-strip present-epoch" aria-hidden="true">{ for (0..32).map(|i| html! { <li class="slot-cell" style={format!("animation-delay:{}ms", i * 250)}></li> }) }</ol><p>{ "6.4 minutes. Finality is decided per epoch, at its first slot: the checkpoint." }</p></> }
                }
                ("epoch", _) => {
                    html! { <>{ facts.as_ref().map(|f| html! { <><h3>{ format!("Epoch {} starts at slot {}", f.finalized_epoch, f.finalized_slot) }</h3><p>{ format!("{} = {} × 32. That block is the finalized checkpoint of this data.", f.finalized_slot, f.finalized_epoch) }</p></> }).unwrap_or_default() }</> }
                }
                ("finality", 0) => {
                    html! { <><h3>{ "Source → target" }</h3><p>{ "Each vote links the last justified checkpoint (source) to the current epoch's (target). 2/3 of stake on a link justifies the target; two justified in a row finalize the first." }</p></> }
                }
                ("finality", _) => {
                    html! { <>{ facts.as_ref().map(|f| html! { <><h3>{ format!("Finalized: epoch {} · slot {}", f.finalized_epoch, f.finalized_slot) }</h3><FfgDiagram facts={f.clone()} block={lab.blocks.get(&FFG_BLOCK_SLOT).cloned()} /></> }).unwrap_or_default() }</> }
                }
                ("signature", 0) => {
                    html! { <>{ fin.map(|u| html! { <><h3>{ participation_text(u) }</h3><CommitteeGrid bits={u.bits.clone()} label="sync committee" /></> }).unwrap_or_default() }</> }
                }
                ("signature", _) => {
                    html! { <>{ fin.map(|u| html! { <><h3>{ "What the core checked" }</h3><SignatureSteps update={u.clone()} shown={99} /></> }).unwrap_or_default() }</> }
                }
                ("forgery", 0) => {
                    html! { <><h3>{ "A forged update" }</h3><p>{ format!("We flip one byte of the finality proof in {} and give it to the core.", s.target.clone().unwrap_or_default()) }</p></> }
                }
                _ => {
                    html! { <><h3>{ "Rejected" }</h3>{ match lab.tamper.as_deref() { Some(Ok(o)) => html! { <OutcomeCard outcome={o.clone()} /> }, Some(Err(e)) => html! { <p>{ e.clone() }</p> }, None => html! { <p role="status">{ "checking…" }</p> } } }</> }
                }
            }
        }
    };
    html! {
    <section class="view presenter" aria-labelledby="pr-h" tabindex="0" {onkeydown} id="presenter-view" data-scenario={SCENARIOS[*scenario].0} data-slide={slide.to_string()}>
        <nav class="scenarios" aria-label="scenarios">{ for SCENARIOS.iter().enumerate().map(|(i, (id, title, _))| {
            let (scenario, slide) = (scenario.clone(), slide.clone());
            html! { <button type="button" id={format!("scenario-{id}")} aria-pressed={(i == *scenario).to_string()} onclick={Callback::from(move |_| { scenario.set(i); slide.set(0) })}>{ format!("{} {}", i + 1, title) }</button> }
        }) }</nav>
        <h2 id="pr-h">{ SCENARIOS[*scenario].1 }</h2>
        <div class="slide" aria-live="polite">{ body }</div>
        <div class="controls" role="toolbar" aria-label="slides">
            <button type="button" aria-label="previous slide (←)" onclick={{ let slide = slide.clone(); Callback::from(move |_| slide.set(slide.saturating_sub(1))) }}>{ "◀" }</button>
            <span>{ format!("{} / {}", *slide + 1, count) }</span>
            <button type="button" id="presenter-next" aria-label="next slide (→)" onclick={{ let slide = slide.clone(); Callback::from(move |_| slide.set((*slide + 1).min(count - 1))) }}>{ "▶" }</button>
        </div>
    </section>
    }
}
