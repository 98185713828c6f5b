//! Finality (FFG): the finalized checkpoint the core proved, how it relates to the attested header
//! and to its epoch boundary, and the source → target links the shipped block's attestations carry.

use lucid_core::NetworkConfig;
use yew::prelude::*;

use super::chain::{epoch_start_slot, is_epoch_boundary, supermajority};
use super::common::{Badge, LabGate, Term};
use crate::block::BlockSummary;
use crate::branch::chunk_as_u64;
use crate::hex::decode_hex;
use crate::lab::{LabSummary, UpdateDigest};
use crate::provenance::{short_hex, Source};
use crate::state::use_lab;

/// The block whose attestations show the votes around the finality update.
pub const FFG_BLOCK_SLOT: u64 = 7_109_430;

/// What the finality update says about checkpoints.
#[derive(Debug, Clone, PartialEq)]
pub struct FinalityFacts {
    pub attested_slot: u64,
    pub attested_epoch: u64,
    pub finalized_slot: u64,
    pub finalized_epoch: u64,
    pub finalized_root: String,
    pub finalized_is_epoch_start: bool,
    /// `finalized_checkpoint.epoch` as committed in the attested state (the branch's first sibling).
    pub state_finalized_epoch: Option<u64>,
    pub participants: u64,
    pub committee_size: usize,
    pub verified: bool,
}

/// The last update of `s` that proves finality.
pub fn finality_update(s: &LabSummary) -> Option<&UpdateDigest> {
    s.updates
        .iter()
        .rev()
        .find(|u| u.finalized.is_some() && u.kind != "update")
        .or_else(|| s.updates.iter().rev().find(|u| u.finalized.is_some()))
}

/// Derive the checkpoint facts of a finality update.
pub fn finality_facts(cfg: &NetworkConfig, u: &UpdateDigest) -> Option<FinalityFacts> {
    let f = u.finalized.as_ref()?;
    let branch = u.branches.iter().find(|b| b.name == "finality branch");
    let state_finalized_epoch = branch
        .filter(|b| b.valid)
        .and_then(|b| b.nodes.first())
        .and_then(|n| decode_hex(&n.sibling))
        .and_then(|c| chunk_as_u64(&c));
    Some(FinalityFacts {
        attested_slot: u.attested.slot,
        attested_epoch: cfg.epoch_at_slot(u.attested.slot),
        finalized_slot: f.slot,
        finalized_epoch: cfg.epoch_at_slot(f.slot),
        finalized_root: f.root.to_string(),
        finalized_is_epoch_start: is_epoch_boundary(cfg, f.slot),
        state_finalized_epoch,
        participants: u.participants,
        committee_size: u.bits.len(),
        verified: branch.is_some_and(|b| b.valid),
    })
}

#[derive(Properties, PartialEq)]
pub struct FfgDiagramProps {
    pub facts: FinalityFacts,
    #[prop_or_default]
    pub block: Option<std::rc::Rc<Result<BlockSummary, String>>>,
}

/// Epoch boxes from two before the finalized epoch to the attested epoch, with the source → target
/// arrows of the block's attestations.
#[component]
pub fn FfgDiagram(props: &FfgDiagramProps) -> Html {
    let f = &props.facts;
    let first = f.finalized_epoch.saturating_sub(1);
    let epochs: Vec<u64> = (first..=f.attested_epoch).collect();
    let links =
        props.block.as_ref().and_then(|b| b.as_ref().as_ref().ok()).map(|b| b.checkpoint_links()).unwrap_or_default();
    let justified = links.first().map(|l| l.source.epoch);
    let w = 150.0;
    let x = |e: u64| 20.0 + (e - first) as f64 * w + w / 2.0 - 10.0;
    html! {
        <figure class="ffg" aria-label="checkpoints by epoch">
            <svg viewBox={format!("0 0 {} 190", 40.0 + epochs.len() as f64 * w)} role="img" aria-label="epochs with finalized, justified and target checkpoints; arrows from source to target">
                <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead" /></marker></defs>
                { for links.iter().take(3).enumerate().filter(|(_, l)| l.source.epoch >= first && l.target.epoch <= f.attested_epoch).map(|(i, l)| {
                    let (x1, x2) = (x(l.source.epoch), x(l.target.epoch));
                    let lift = 30.0 + 18.0 * i as f64;
                    html! { <path class={classes!("link", (i == 0).then_some("main"))} d={format!("M{x1},70 C{x1},{} {x2},{} {x2},70", 70.0 - lift, 70.0 - lift)} marker-end="url(#arrow)"><title>{ format!("{} attestations ({} votes): source {} → target {}", l.attestations, l.votes, l.source.epoch, l.target.epoch) }</title></path> }
                }) }
                { for epochs.iter().map(|e| {
                    let e = *e;
                    let (class, tag) = if e <= f.finalized_epoch { ("epoch finalized", "finalized") } else if Some(e) == justified { ("epoch justified", "justified") } else if e == f.attested_epoch { ("epoch current", "attested here") } else { ("epoch", "") };
                    let bx = 20.0 + (e - first) as f64 * w;
                    html! { <g class={class}>
                        <rect x={bx.to_string()} y="74" width={(w - 20.0).to_string()} height="64" rx="6" />
                        <text x={(bx + 8.0).to_string()} y="98" class="e-num">{ format!("epoch {e}") }</text>
                        <text x={(bx + 8.0).to_string()} y="118" class="e-tag">{ tag }</text>
                        <text x={(bx + 8.0).to_string()} y="160" class="e-slot">{ format!("slot {}", e * 32) }</text>
                    </g> }
                }) }
            </svg>
            <figcaption>
                { "Finalized epochs are drawn solid (" }<Badge source={Source::Verified} />{ "). Justified and target epochs and the arrows come from the attestations in block " }{ FFG_BLOCK_SLOT }{ " (" }<Badge source={Source::Reported} />{ ")." }
            </figcaption>
        </figure>
    }
}

/// The finality view.
#[component]
pub fn Finality() -> Html {
    let (lab, handle) = use_lab();
    use_effect_with((), move |_| handle.block(FFG_BLOCK_SLOT));
    let cfg = NetworkConfig::mainnet();
    let Some(s) = lab.summary.as_ref() else {
        return html! { <section class="view"><h2>{ "Finality" }</h2><LabGate state={lab.clone()} /></section> };
    };
    let Some(facts) = finality_update(s).and_then(|u| finality_facts(&cfg, u)) else {
        return html! { <section class="view"><h2>{ "Finality" }</h2><p>{ "No update in this data proves finality." }</p></section> };
    };
    let block = lab.blocks.get(&FFG_BLOCK_SLOT).cloned();
    let links = block.as_ref().and_then(|b| b.as_ref().as_ref().ok()).map(|b| b.checkpoint_links()).unwrap_or_default();
    let threshold = supermajority(facts.committee_size);
    let src = if facts.verified { Source::Verified } else { Source::Reported };
    html! {
    <section class="view finality" aria-labelledby="fin-h" id="finality-view">
        <h2 id="fin-h">{ "Finality (FFG)" }</h2>
        <p class="lede">{ "Validators vote for a " }<Term term="checkpoint" />{ " as target, linked to the last " }<Term term="justified" />{ " one as source. Two justified checkpoints in a row make the first " }<Term term="finalized" />{ ". A light client cannot count those votes: it checks a Merkle proof that the finalized checkpoint is in a state the sync committee signed." }</p>
        <FfgDiagram facts={facts.clone()} block={block.clone()} />
        <dl class="facts">
            <div class="figure"><dt>{ "finalized header" }</dt><dd><span class="value" id="fin-slot">{ facts.finalized_slot }</span>{ format!(" = epoch {} × 32 + {} ", facts.finalized_epoch, facts.finalized_slot - epoch_start_slot(&cfg, facts.finalized_epoch)) }<Badge source={src} /><span class="how">{ if facts.finalized_is_epoch_start { format!("the first slot of epoch {}: the checkpoint's block", facts.finalized_epoch) } else { "not an epoch start: the epoch's first slot was empty, the checkpoint names the last block before it".into() } }</span></dd></div>
            <div class="figure"><dt>{ "finalized root" }</dt><dd><span class="value" title={facts.finalized_root.clone()}>{ short_hex(&facts.finalized_root) }</span><Badge source={src} /><span class="how">{ "proven at gindex 105 (finalized_checkpoint.root) of the attested state" }</span></dd></div>
            <div class="figure"><dt>{ "finalized epoch in the state" }</dt><dd><span class="value" id="fin-state-epoch">{ facts.state_finalized_epoch.map_or("—".into(), |e| e.to_string()) }</span><Badge source={src} /><span class="how">{ "read from the branch's first sibling (gindex 104, finalized_checkpoint.epoch): hashed into the signed state root" }</span></dd></div>
            <div class="figure"><dt>{ "attested header" }</dt><dd><span class="value" id="fin-attested">{ facts.attested_slot }</span>{ format!(" in epoch {} ({} epochs after the finalized one)", facts.attested_epoch, facts.attested_epoch.saturating_sub(facts.finalized_epoch)) }<Badge source={src} /></dd></div>
            <div class="figure"><dt>{ "sync committee signers" }</dt><dd><span class="value" id="fin-participants">{ format!("{} / {}", facts.participants, facts.committee_size) }</span>{ format!(" (2/3 line: {threshold})") }<Badge source={src} /></dd></div>
        </dl>
        <div class="twothirds" role="img" aria-label={format!("{} of {} signed; the 2/3 line is at {}", facts.participants, facts.committee_size, threshold)}>
            <div class="fill" style={format!("width:{:.2}%", facts.participants as f64 * 100.0 / facts.committee_size.max(1) as f64)}></div>
            <div class="line" style={format!("left:{:.2}%", threshold as f64 * 100.0 / facts.committee_size.max(1) as f64)}><span>{ "2/3" }</span></div>
        </div>
        <p class="note">{ "This 2/3 line is the sync committee's (the light client applies a finality update only with ≥ 2/3 of its 512 signatures). FFG's own 2/3 is of all staked ETH; the light client trusts that through the committee." }</p>
        <h3>{ format!("Votes in block {FFG_BLOCK_SLOT}") }<Badge source={Source::Reported} /></h3>
        <table class="links" id="fin-links"><thead><tr><th>{ "source → target" }</th><th>{ "attestations" }</th><th>{ "votes" }</th></tr></thead><tbody>
            { for links.iter().map(|l| html! { <tr><td>{ format!("{} → {}", l.source.epoch, l.target.epoch) }</td><td>{ l.attestations }</td><td>{ l.votes }</td></tr> }) }
        </tbody></table>
    </section>
    }
}
