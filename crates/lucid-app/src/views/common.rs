//! Pieces every view uses: the glossary of terms (a short explanation at hand), provenance
//! badges, and the lab's loading state.

use yew::prelude::*;

use crate::provenance::Source;

/// Short explanations of the terms the views use.
pub const GLOSSARY: &[(&str, &str)] = &[
    ("slot", "A 12-second turn. One validator may propose a block in it; slots can be empty."),
    ("epoch", "32 slots (6.4 minutes). Votes and rewards are counted per epoch."),
    ("committee", "A group of validators chosen to vote together. The sync committee is 512 validators who sign every block for a period of 256 epochs (~27 hours)."),
    ("checkpoint", "An epoch number and the root of the block at its first slot. Finality votes are about checkpoints, not single blocks."),
    ("justified", "A checkpoint that 2/3 of all staked ETH voted for as a target. Justified is one step before final."),
    ("finalized", "A justified checkpoint whose next checkpoint was justified too. Reverting it would cost at least 1/3 of all stake."),
    ("gindex", "Generalized index: a node's number in a binary Merkle tree, root = 1, children of n are 2n and 2n+1. Its bits spell the path from the root."),
    ("period", "256 epochs (8192 slots): the term of one sync committee. At its end the next committee takes over."),
];

#[derive(Properties, PartialEq)]
pub struct TermProps {
    pub term: &'static str,
}

/// A term with its explanation shown on hover or keyboard focus.
#[component]
pub fn Term(props: &TermProps) -> Html {
    let text = GLOSSARY.iter().find(|(t, _)| *t == props.term).map_or("", |(_, x)| *x);
    html! {
        <span class="term" tabindex="0" data-text={text} aria-label={format!("{}: {}", props.term, text)}>{ props.term }</span>
    }
}

#[derive(Properties, PartialEq)]
pub struct BadgeProps {
    pub source: Source,
}

/// The provenance badge alone ([`crate::provenance::use_shown_source`]: "trusted as given" when the
/// run had no checkpoint).
#[component]
pub fn Badge(props: &BadgeProps) -> Html {
    let source = crate::provenance::use_shown_source(props.source);
    html! { <span class={source.class()}>{ source.text() }</span> }
}

#[derive(Properties, PartialEq)]
pub struct LabGateProps {
    pub state: crate::state::LabState,
}

/// What to show while the lab has no data.
#[component]
pub fn LabGate(props: &LabGateProps) -> Html {
    let s = &props.state;
    let text = if let Some(e) = &s.load_error {
        format!("The core refused the data: {e}")
    } else if s.loading {
        "The core is verifying the scenario in a worker…".to_string()
    } else {
        "Waiting for data: open the Verify tab or load files.".to_string()
    };
    html! { <p class="lab-gate" role="status" data-state={if s.load_error.is_some() { "error" } else { "waiting" }}>{ text }</p> }
}

/// An `oninput` for a number field or slider: parses its value and stores it in `state`, clamped to
/// `min..=max` (text that is not a number leaves `state` as it was).
pub fn set_number(state: &UseStateHandle<u64>, min: u64, max: u64) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        if let Ok(n) = input.value().trim().parse::<u64>() {
            state.set(n.clamp(min, max));
        }
    })
}

/// A row of buttons choosing an effective balance in ETH, `id_prefix` + the amount as each id.
pub fn balance_buttons(state: &UseStateHandle<u64>, choices: &[u64], id_prefix: &str) -> Html {
    html! {
        <div class="controls" role="group" aria-label="effective balance">
            <span>{ "effective balance:" }</span>
            { for choices.iter().map(|&e| {
                let state = state.clone();
                html! { <button aria-pressed={(*state == e).to_string()} id={format!("{id_prefix}{e}")} onclick={Callback::from(move |_| state.set(e))}>{ format!("{e} ETH") }</button> }
            }) }
        </div>
    }
}

/// A check's outcome: "✓ `yes`" or "✗ `no`", coloured, with `data-ok` for tests.
pub fn verdict(ok: bool, yes: &str, no: &str) -> Html {
    let (class, mark, text) = if ok { ("check ok", "✓", yes) } else { ("check bad", "✗", no) };
    html! { <span class={class} data-ok={ok.to_string()}>{ format!("{mark} {text}") }</span> }
}

/// `list` with `n` removed if present, else added (a set of switched-off members).
pub fn toggled(list: &[u64], n: u64) -> Vec<u64> {
    match list.contains(&n) {
        true => list.iter().copied().filter(|m| *m != n).collect(),
        false => list.iter().copied().chain([n]).collect(),
    }
}
