//! Presenter mode: large type, high contrast, keyboard-driven scripted scenarios that run offline
//! on the recorded data. Keys: → / Space next slide, ← previous, 1–9 and 0 pick the first ten
//! scenarios (the rest by arrows or their buttons).
//! The URL `#/present` opens it; docs/WORKSHOP.md is the script that uses it.

use lucid_core::NetworkConfig;
use yew::prelude::*;

use super::aggregate::default_keys_query;
use super::bound::{leak, leak_text, stake_bar};
use super::chosen::{default_query, Rounds, SEED_BLOCK_SLOT};
use super::committee::{participation_text, CommitteeGrid};
use super::common::{verdict, LabGate};
use super::earnings::year_in_eth;
use super::finality::{finality_facts, finality_update, FfgDiagram, FFG_BLOCK_SLOT};
use super::slashing::{cost, eth, judge, VotesSvg, PRESETS as VOTE_PAIRS};
use super::stepper::SignatureSteps;
use super::tamper::{OutcomeCard, PRESETS};
use super::threshold::Operators;
use crate::keys::KeysQuery;
use crate::lab::Edit;
use crate::provenance::short_hex;
use crate::state::use_lab;

/// The scripted scenarios: (id, title, number of slides).
pub const SCENARIOS: &[(&str, &str, usize)] = &[
    ("slot", "A slot", 2),
    ("epoch", "An epoch", 2),
    ("finality", "Justification and finalization", 2),
    ("signature", "A signature verified", 2),
    ("forgery", "A forged update rejected", 2),
    ("chosen", "Who is chosen", 2),
    ("slashing", "Slashing", 2),
    ("twothirds", "Why 2/3", 2),
    ("aggregate", "Many signatures, one check", 2),
    ("threshold", "Threshold keys", 2),
    ("earnings", "What a validator earns", 2),
    ("builders", "Proposers and builders", 2),
];

/// What the key scenarios ask the worker on each slide: four signers, then one left out; a 3-of-5
/// key with three operators signing, then two.
fn keys_query(scenario: &str, slide: usize) -> Option<KeysQuery> {
    let base = default_keys_query();
    match (scenario, slide) {
        ("aggregate", 0) => Some(base),
        ("aggregate", _) => Some(KeysQuery { dropped: vec![2], ..base }),
        ("threshold", 0) => Some(KeysQuery { offline: vec![2, 4], ..base }),
        ("threshold", _) => Some(KeysQuery { offline: vec![2, 3, 4], ..base }),
        _ => None,
    }
}

/// The presenter view.
#[component]
pub fn Presenter() -> Html {
    let (lab, handle) = use_lab();
    let scenario = use_state(|| 0usize);
    let slide = use_state(|| 0usize);
    use_effect_with((), {
        let handle = handle.clone();
        move |_| {
            handle.block(FFG_BLOCK_SLOT);
            handle.block(SEED_BLOCK_SLOT);
        }
    });
    // The shuffle of the "Who is chosen" scenario, from the seed block's mix.
    let seed_block = lab.block(SEED_BLOCK_SLOT);
    let query = seed_block.as_ref().and_then(default_query);
    {
        let handle = handle.clone();
        use_effect_with((query.clone(), *scenario), move |(q, sc)| {
            if let (Some(q), "chosen") = (q, SCENARIOS[*sc].0) {
                handle.choose(q.clone());
            }
        });
    }
    let keys = keys_query(SCENARIOS[*scenario].0, *slide);
    {
        let handle = handle.clone();
        use_effect_with(keys.clone(), move |q| {
            if let Some(q) = q {
                handle.keys(q.clone());
            }
        });
    }
    let keys_answer = keys.as_ref().and_then(|q| lab.keys.as_deref()?.for_query(q));
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
                k if k.len() == 1 && k.parse::<usize>().is_ok_and(|n| n == 0 || n <= SCENARIOS.len()) => {
                    // 1–9 are the first nine scenarios, 0 the tenth.
                    let n = k.parse::<usize>().unwrap_or(1);
                    scenario.set(if n == 0 { 9 } else { n - 1 });
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
                ("chosen", 0) => html! { <><h3>{ "RANDAO picks the committees" }</h3>
                <p>{ "Every proposer signs the epoch number; the hash of that signature is mixed into the RANDAO mix. A block's prev_randao carries the mix, and hashed with an epoch number it seeds that epoch's shuffle." }</p>
                <p>{ format!("Block {SEED_BLOCK_SLOT}'s mix: {}", seed_block.as_ref().map(|b| b.prev_randao.clone()).unwrap_or_default()) }</p>
                <p class="src-note">{ "in a block whose root matches a verified header; the validator list it shuffles is not something a light client has" }</p></> },
                ("chosen", _) => html! { <><h3>{ "Swap or not, 90 rounds" }</h3>{
                match query.as_ref().and_then(|q| lab.chosen.as_deref()?.for_query(q)) {
                    Some(Ok(c)) => html! { <Rounds chosen={std::rc::Rc::new(c.clone())} /> },
                    Some(Err(e)) => html! { <p>{ e.to_string() }</p> },
                    None => html! { <p role="status">{ "shuffling…" }</p> },
                } }</> },
                ("slashing", 0) => {
                    let [a, b] = VOTE_PAIRS[1].1;
                    html! { <><h3>{ "Two votes, one validator" }</h3><VotesSvg votes={[a, b]} /><p id="present-verdict">{ judge(a, b).text(a, b) }</p></> }
                }
                ("slashing", _) => {
                    let (alone, third) = (cost(32, 34_000_000, 0), cost(32, 34_000_000, 34));
                    html! { <><h3>{ "What it costs" }</h3>
                    <p>{ format!("Slashed alone, a 32-ETH validator loses {} ETH at once (1/4096), and nothing more for correlation.", eth(alone.total)) }</p>
                    <p>{ format!("Slashed together with a third of all stake: {} ETH — all of it. Breaking finality costs at least a third of the stake.", eth(third.total)) }</p>
                    <p class="src-note">{ "computed here with Electra's constants" }</p></> }
                }
                ("twothirds", 0) => html! { <><h3>{ "Half the stake goes offline" }</h3>{ stake_bar(50, 50, 0) }
                <p id="present-leak">{ format!("Finality stops: 50% is short of 2/3. The inactivity leak drains the silent half; {}.", leak_text(leak(50))) }</p>
                <p class="src-note">{ "computed here: the spec's epoch processing, for 34 million ETH" }</p></> },
                ("twothirds", _) => html! { <><h3>{ "Two finalized histories cost 1/3" }</h3>{ stake_bar(66, 0, 34) }
                <p>{ "Two conflicting finalized checkpoints need two 2/3 votes; they overlap in at least 1/3 of the stake, and every validator in the overlap signed a double or surround vote: slashable, provably. The light client leans on the same bound: it applies finality only with 342 of 512 committee signatures." }</p></> },
                ("aggregate", sl) => {
                    html! { <><h3>{ if sl == 0 { "Four signatures, one check" } else { "Validator 2's signature left out" } }</h3>{
                    match keys_answer {
                        Some(Ok(a)) => html! { <>
                            <p>{ format!("Four teaching keys sign “{}”. Their signatures add up on the curve to one.", a.query.message) }</p>
                            <p id="present-aggregate">{ "One pairing check of that sum against the sum of all four keys: " }{ verdict(a.verifies_all_keys, "verifies", "fails") }</p>
                            <p class="src-note">{ if sl == 0 { "the sync committee works the same way: up to 512 signatures, one check" } else { "a key whose signature is missing breaks the sum: the bitfield must say exactly who signed" } }</p>
                        </> },
                        Some(Err(e)) => html! { <p>{ e.to_string() }</p> },
                        None => html! { <p role="status">{ "signing…" }</p> },
                    } }</> }
                }
                ("threshold", sl) => {
                    html! { <><h3>{ if sl == 0 { "3 of 5 operators sign" } else { "Only 2 of 5 sign" } }</h3>{
                    match keys_answer {
                        Some(Ok(a)) => html! { <Operators answer={std::rc::Rc::new(a.clone())} /> },
                        Some(Err(e)) => html! { <p>{ e.to_string() }</p> },
                        None => html! { <p role="status">{ "splitting the key…" }</p> },
                    } }</> }
                }
                ("earnings", 0) => {
                    let (year, _) = year_in_eth(32, 34_000_000, 97).unwrap_or_default();
                    html! { <><h3>{ "What 32 ETH earns" }</h3>
                    <p id="present-earn">{ format!("With 34 million ETH staked and 97% voting on time: {year:.4} ETH a year ({:.2}%), for votes, proposals and sync-committee duty.", year / 32.0 * 100.0) }</p>
                    <p class="src-note">{ "computed here with the spec's reward weights" }</p></> }
                }
                ("earnings", _) => {
                    let (_, offline) = year_in_eth(32, 34_000_000, 97).unwrap_or_default();
                    html! { <><h3>{ "What it risks" }</h3>
                    <p>{ format!("Offline for a year: −{offline:.4} ETH, a little less than it would have earned. Slashed alone: −{} ETH at once, then forced out; with a third of the stake slashed together: everything.", eth(cost(32, 34_000_000, 0).total)) }</p>
                    <p class="src-note">{ "computed here with the spec's reward and Electra's slashing constants" }</p></> }
                }
                ("builders", 0) => {
                    let p = seed_block.as_ref().and_then(|b| b.payload.clone());
                    let paid = p.as_ref().and_then(|p| p.last_transfer.clone());
                    html! { <><h3>{ "Today: the builder pays the proposer" }</h3>
                    <p id="present-builder">{ match (&p, &paid) {
                        (Some(p), Some(t)) => format!("Block {SEED_BLOCK_SLOT}: the fee recipient is a builder ({}); its last transaction pays {:.4} ETH to {} — the bid, paid by a deal the protocol does not see.", short_hex(&p.fee_recipient), t.value_wei as f64 / 1e18, short_hex(&t.to)),
                        _ => "loading the block…".to_string(),
                    } }</p>
                    <p class="src-note">{ "from a block whose root matches a verified header" }</p></> }
                }
                ("builders", _) => html! { <><h3>{ "Under Gloas: bid, commit, reveal, vote" }</h3>
                <p>{ "The builder signs a bid; the proposer commits to it in its block; the builder reveals the payload; 512 validators of the slot vote whether it came in time. The beacon chain pays the proposer from the builder's stake — no relay to trust." }</p>
                <p class="src-note">{ "Gloas (EIP-7732) constants; the committee draw is checked against the reference spec" }</p></> },
                ("forgery", 0) => {
                    html! { <><h3>{ "A forged update" }</h3><p>{ format!("We flip one byte of the finality proof in {} and give it to the core.", s.target.clone().unwrap_or_default()) }</p></> }
                }
                ("forgery", _) => {
                    html! { <><h3>{ "Rejected" }</h3>{ match lab.tamper.as_deref() { Some(Ok(o)) => html! { <OutcomeCard outcome={o.clone()} /> }, Some(Err(e)) => html! { <p>{ e.clone() }</p> }, None => html! { <p role="status">{ "checking…" }</p> } } }</> }
                }
                _ => html! {},
            }
        }
    };
    html! {
    <section class="view presenter" aria-labelledby="pr-h" tabindex="0" {onkeydown} id="presenter-view" data-scenario={SCENARIOS[*scenario].0} data-slide={slide.to_string()}>
        <nav class="scenarios" aria-label="scenarios">{ for SCENARIOS.iter().enumerate().map(|(i, (id, title, _))| {
            let (scenario, slide) = (scenario.clone(), slide.clone());
            html! { <button type="button" id={format!("scenario-{id}")} aria-pressed={(i == *scenario).to_string()} onclick={Callback::from(move |_| { scenario.set(i); slide.set(0) })}>{ match i { 0..=8 => format!("{} {title}", i + 1), 9 => format!("0 {title}"), _ => title.to_string() } }</button> }
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
