//! Who is chosen: the RANDAO mix in a block linked to a verified header, the attester seed made from
//! it, the swap-or-not shuffle of a small list round by round, and at real size where a validator
//! attests and who proposes. Everything is computed in the worker (`crate::choose`).

use yew::prelude::*;

use super::common::{set_number, Badge, LabGate};
use crate::block::{link_block, BlockSummary};
use crate::choose::{ChooseQuery, Chosen, ROUNDS};
use crate::provenance::{short_hex, Source};
use crate::state::use_lab;

/// The block whose `prev_randao` seeds the view: the first slot of epoch 222167, so its mix is the
/// one at the end of epoch 222166, which `get_seed` reads for epoch 222168.
pub const SEED_BLOCK_SLOT: u64 = 7_109_344;

/// The view's first inputs: a list of 16 following index 3; 700,000 active validators (about
/// mainnet's in the scenario's days), the one at position 12,345 placed; every candidate at 32 ETH.
const DEFAULTS: (u64, u64, u64, u64, u64) = (16, 3, 700_000, 12_345, 32);

/// The view's first query for a block: its mix seeds the next epoch, with [`DEFAULTS`]. `None`
/// before Bellatrix (no `prev_randao`).
pub fn default_query(block: &BlockSummary) -> Option<ChooseQuery> {
    let (small, index, active, position, balance_eth) = DEFAULTS;
    (!block.prev_randao.is_empty()).then(|| ChooseQuery {
        mix: block.prev_randao.clone(),
        epoch: block.slot / 32 + 1,
        small,
        index,
        active,
        position,
        balance_eth,
    })
}

fn number_input(id: &'static str, value: u64, min: u64, max: u64, set: UseStateHandle<u64>) -> Html {
    let oninput = set_number(&set, min, max);
    html! { <input type="number" {id} min={min.to_string()} max={max.to_string()} value={value.to_string()} {oninput} /> }
}

#[derive(Properties, PartialEq)]
pub struct RoundsProps {
    pub chosen: std::rc::Rc<Chosen>,
}

/// The small list as a strip of cells, the followed index through a chosen round, and the final
/// arrangement.
#[component]
pub fn Rounds(props: &RoundsProps) -> Html {
    let c = &props.chosen;
    let round = use_state(|| 0usize);
    let r = (*round).min(c.rounds.len().saturating_sub(1));
    let Some(step) = c.rounds.get(r) else { return html! {} };
    let n = c.query.small;
    let go = |to: usize| {
        let round = round.clone();
        Callback::from(move |_| round.set(to))
    };
    let onscrub = {
        let round = round.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = input.value().parse::<usize>() {
                round.set(v);
            }
        })
    };
    let last = c.rounds.len() - 1;
    html! {
        <div class="rounds">
            <div class="controls scrub">
                <button onclick={go(r.saturating_sub(1))} aria-label="previous round">{ "◀" }</button>
                <input type="range" min="0" max={last.to_string()} value={r.to_string()} id="round-scrub" oninput={onscrub} aria-label="round" />
                <button onclick={go((r + 1).min(last))} aria-label="next round">{ "▶" }</button>
                <span class="value" id="round-number">{ format!("round {} of {}", r + 1, ROUNDS) }</span>
            </div>
            <ol class="strip" aria-label={format!("{n} list positions; index {} in this round", step.index)}>
                { for (0..n).map(|i| {
                    let class = classes!("cell", (i == step.index).then_some("at"), (i == step.flip && i != step.index).then_some("flip"), (i == step.next_index && step.bit).then_some("to"));
                    html! { <li class={class} title={format!("position {i}")}>{ i }</li> }
                }) }
            </ol>
            <p class="round-text" id="round-text">{ format!(
                "pivot = hash(seed ‖ {r})[0:8] mod {n} = {}; flip = (pivot + {n} − {}) mod {n} = {}; position = max({}, {}) = {}; byte {} of hash(seed ‖ {r} ‖ {}) = 0x{:02x}, bit {} = {} → {}",
                step.pivot, step.index, step.flip, step.index, step.flip, step.position, (step.position % 256) / 8, step.position / 256,
                step.source_byte, step.position % 8, u8::from(step.bit),
                if step.bit { format!("swap: {} moves to {}", step.index, step.next_index) } else { format!("stay at {}", step.index) }
            ) }<Badge source={Source::Computed} /></p>
            <p>{ format!("After {ROUNDS} rounds, index {} is at {}. The whole list, compute_shuffled_index(i) for i = 0…{}:", c.query.index, c.rounds[last].next_index, n - 1) }</p>
            <ol class="strip final" id="permutation" data-permutation={c.permutation.iter().map(u64::to_string).collect::<Vec<_>>().join(",")}>
                { for c.permutation.iter().enumerate().map(|(i, p)| html! { <li class={classes!("cell", (i as u64 == c.query.index).then_some("at"))} title={format!("committee slot {i} takes list entry {p}")}>{ p }</li> }) }
            </ol>
        </div>
    }
}

/// The Who is chosen view.
#[component]
pub fn ChosenView() -> Html {
    let (lab, handle) = use_lab();
    {
        let handle = handle.clone();
        use_effect_with((), move |_| handle.block(SEED_BLOCK_SLOT));
    }
    let small = use_state(|| DEFAULTS.0);
    let index = use_state(|| DEFAULTS.1);
    let active = use_state(|| DEFAULTS.2);
    let position = use_state(|| DEFAULTS.3);
    let balance = use_state(|| DEFAULTS.4);
    let block = lab.block(SEED_BLOCK_SLOT);
    let query = block.as_ref().and_then(default_query).map(|q| ChooseQuery {
        small: *small,
        index: (*index).min(*small - 1),
        active: *active,
        position: (*position).min(*active - 1),
        balance_eth: *balance,
        ..q
    });
    {
        let handle = handle.clone();
        use_effect_with(query.clone(), move |q| {
            if let Some(q) = q {
                handle.choose(q.clone());
            }
        });
    }
    let Some(s) = lab.summary.as_ref() else {
        return html! { <section class="view"><h2>{ "Who is chosen" }</h2><LabGate state={lab.clone()} /></section> };
    };
    let Some(block) = block else {
        return html! { <section class="view"><h2>{ "Who is chosen" }</h2><p role="status">{ format!("Loading block {SEED_BLOCK_SLOT}…") }</p></section> };
    };
    let linked = link_block(&block, &s.verified_headers()).is_verified();
    let mix_source = if linked { Source::Verified } else { Source::Reported };
    let chosen = query.as_ref().and_then(|q| lab.chosen.as_deref()?.for_query(q));
    let epoch = block.slot / 32 + 1;
    let body = match chosen {
        Some(Ok(c)) => {
            let c = std::rc::Rc::new(c.clone());
            let p = c.place;
            let slot = c.proposer_slot + p.slot_in_epoch;
            html! { <>
                <dl class="facts">
                    <div class="figure"><dt>{ format!("seed of epoch {epoch}") }</dt><dd><span class="value" id="chosen-seed" title={c.seed.clone()}>{ short_hex(&c.seed) }</span><Badge source={Source::Computed} /><span class="how">{ format!("hash(DOMAIN_BEACON_ATTESTER ‖ uint64({epoch}) ‖ mix)") }</span></dd></div>
                </dl>
                <h3>{ "The shuffle, round by round" }</h3>
                <p class="note">{ format!("compute_shuffled_index follows one index through {ROUNDS} rounds. Each round draws a pivot, mirrors the index around it (the flip), and one bit of a hash of the higher of the two decides whether it swaps. Every round is its own inverse, which is why validators can find their own duty without shuffling the whole list.") }</p>
                <div class="controls">
                    <label>{ "list length " }{ number_input("small-len", *small, 2, 32, small.clone()) }</label>
                    <label>{ "follow index " }{ number_input("small-index", (*index).min(*small - 1), 0, *small - 1, index.clone()) }</label>
                </div>
                <Rounds chosen={c.clone()} />
                <h3>{ "At real size" }</h3>
                <div class="controls">
                    <label>{ "active validators " }{ number_input("active-count", *active, 1, crate::choose::MAX_ACTIVE, active.clone()) }</label>
                    <Badge source={Source::Input} />
                    <label>{ "validator at list position " }{ number_input("active-position", (*position).min(*active - 1), 0, *active - 1, position.clone()) }</label>
                </div>
                <dl class="facts">
                    <div class="figure"><dt>{ "committees per slot" }</dt><dd><span class="value" id="chosen-cps">{ p.committees_per_slot }</span><Badge source={Source::Computed} /><span class="how">{ "max(1, min(64, active ÷ 32 slots ÷ 128))" }</span></dd></div>
                    <div class="figure"><dt>{ "it attests in" }</dt><dd><span class="value" id="chosen-place" data-shuffled-at={p.shuffled_at.to_string()} data-slot={slot.to_string()} data-committee={p.committee_index.to_string()}>{ format!("slot {slot}, committee {}", p.committee_index) }</span>{ format!(", member {} of {}", p.index_in_committee + 1, p.committee_len) }<Badge source={Source::Computed} /><span class="how">{ format!("shuffled place {} of {}, found by running the rounds backwards", p.shuffled_at, c.query.active) }</span></dd></div>
                    <div class="figure"><dt>{ format!("proposer of slot {}", c.proposer_slot) }</dt><dd><span class="value" id="chosen-proposer">{ format!("list position {}", c.proposer_position) }</span>{ format!(" after {} candidate{}", c.candidates_tried, if c.candidates_tried == 1 { "" } else { "s" }) }<Badge source={Source::Computed} /><span class="how">{ format!("Electra's draw: candidate i = shuffled(i mod n) is accepted if effective balance × 65535 ≥ 2048 ETH × a 16-bit random value — with every balance at {} ETH, about 1 in {}", *balance, (2048 / (*balance).max(1)).max(1)) }</span></dd></div>
                </dl>
                <div class="controls" role="group" aria-label="candidates' effective balance">
                    <span>{ "every candidate's effective balance:" }</span>
                    { for [32u64, 256, 2048].into_iter().map(|e| {
                        let balance = balance.clone();
                        html! { <button aria-pressed={(*balance == e).to_string()} id={format!("chosen-eb-{e}")} onclick={Callback::from(move |_| balance.set(e))}>{ format!("{e} ETH") }</button> }
                    }) }
                </div>
            </> }
        }
        Some(Err(e)) => html! { <p class="lab-gate" data-state="error">{ e.to_string() }</p> },
        None => html! { <p role="status">{ "The worker is shuffling…" }</p> },
    };
    html! {
    <section class="view chosen" aria-labelledby="chosen-h" id="chosen-view">
        <h2 id="chosen-h">{ "Who is chosen" }</h2>
        <p class="lede">{ "Every epoch, each active validator is given one slot and one committee to attest in, and each slot one proposer, by a shuffle seeded with RANDAO: a mix of every proposer's BLS signature over the epoch number. " }
            <strong>{ "What a light client can verify: the mix inside a block whose root matches a verified header, and so the seed;" }</strong>
            { " not the list of active validators or their balances, which live in the state it never downloads — so the real-size figures below are computed for a list size you choose." }</p>
        <dl class="facts">
            <div class="figure"><dt>{ format!("block {}", block.slot) }</dt><dd><span class="value">{ if linked { "linked to a verified header by its root" } else { "not linked to a verified header" } }</span><Badge source={mix_source} /><span class="how">{ format!("the first slot of epoch {}", block.slot / 32) }</span></dd></div>
            <div class="figure"><dt>{ "its prev_randao" }</dt><dd><span class="value" id="chosen-mix" title={block.prev_randao.clone()}>{ short_hex(&block.prev_randao) }</span><Badge source={mix_source} /><span class="how">{ format!("the mix at the end of epoch {}: get_seed reads it for epoch {epoch} (MIN_SEED_LOOKAHEAD = 1)", block.slot / 32 - 1) }</span></dd></div>
            <div class="figure"><dt>{ "randao_reveal" }</dt><dd><span class="value">{ "not checked" }</span><Badge source={Source::Reported} /><span class="how">{ "the proposer's signature over the epoch; checking it needs the proposer's public key from the state, which a light client does not have" }</span></dd></div>
        </dl>
        { body }
    </section>
    }
}
