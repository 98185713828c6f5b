//! Block: a shipped `SignedBeaconBlock`'s attestations (aggregation bits, source → target),
//! sync aggregate, and how — honestly — it is tied to a header the core verified: by its root,
//! computed from the block's JSON in the worker.

use yew::prelude::*;

use super::common::{Badge, LabGate, Term};
use crate::block::{link_block, parent_link, BlockLink};
use crate::provenance::{short_hex, Source};
use crate::state::use_lab;

/// The blocks shipped with the capella-p862 scenario.
pub const SHIPPED_BLOCKS: [u64; 3] = [7_109_344, 7_109_430, 7_109_431];

/// The block view.
#[component]
pub fn Block() -> Html {
    let (lab, handle) = use_lab();
    let slot = use_state(|| SHIPPED_BLOCKS[0]);
    {
        let handle = handle.clone();
        use_effect_with(*slot, move |s| handle.block(*s));
    }
    let Some(s) = lab.summary.as_ref() else {
        return html! { <section class="view"><h2>{ "Block" }</h2><LabGate state={lab.clone()} /></section> };
    };
    let picker = html! { <div class="update-picker" role="tablist" aria-label="shipped blocks">{ for SHIPPED_BLOCKS.iter().map(|b| {
        let (slot_s, b) = (slot.clone(), *b);
        html! { <button type="button" role="tab" aria-selected={(*slot == b).to_string()} onclick={Callback::from(move |_| slot_s.set(b))}>{ format!("block {b}") }</button> }
    }) }</div> };
    let block = match lab.blocks.get(&slot).map(|b| (**b).clone()) {
        Some(Ok(b)) => b,
        Some(Err(e)) => {
            return html! { <section class="view"><h2>{ "Block" }</h2>{ picker }<p role="status">{ e }</p></section> }
        }
        None => {
            return html! { <section class="view"><h2>{ "Block" }</h2>{ picker }<p role="status">{ "loading…" }</p></section> }
        }
    };
    let verified = s.verified_headers();
    let link = link_block(&block, &verified);
    let parent = parent_link(&block, &verified);
    let root_text = match &block.roots {
        Ok(r) => format!("its root {}, computed from this file,", short_hex(&r.root)),
        Err(e) => format!("its root could not be computed from this file ({e}), so it"),
    };
    let (class, link_text, fields) = match &link {
        BlockLink::Verified { header, fields } => (
            "matched",
            format!(
                "Included in a verified block: {root_text} equals the verified {} header root ({}).",
                header.role.name(),
                header.how
            ),
            fields.clone(),
        ),
        BlockLink::Mismatch { header, fields } => (
            "mismatch",
            format!(
                "Unverified: {root_text} is NOT the root of the verified {} header at this slot ({}).",
                header.role.name(),
                header.how
            ),
            fields.clone(),
        ),
        BlockLink::NoVerifiedHeader => (
            "none",
            format!(
                "Unverified: {root_text} equals no verified header root; the block is shown as reported by the file."
            ),
            vec![],
        ),
    };
    let link_state = if link.is_verified() { "verified" } else { "unverified" };
    // A verified block's root commits to its whole body: the attestations and sync bits below are
    // then the verified block's own (their signatures still unchecked); otherwise as reported.
    let contents = if link.is_verified() { Source::Verified } else { Source::Reported };
    html! {
    <section class="view block" aria-labelledby="bl-h" id="block-view">
        <h2 id="bl-h">{ "Block" }</h2>
        { picker }
        <p class={classes!("link", class)} id="block-link" data-link={link_state} data-root={block.roots.as_ref().map(|r| r.root.clone()).unwrap_or_default()}>{ link_text }if link.is_verified() { <Badge source={Source::Verified} /> }</p>
        if !fields.is_empty() {
            <table class="compare"><thead><tr><th>{ "field compared" }</th><th>{ "block file" }</th><th>{ "verified header" }</th><th></th></tr></thead><tbody>
                { for fields.iter().map(|f| html! { <tr><td>{ f.field }</td><td title={f.block.clone()}>{ short_hex(&f.block) }</td><td title={f.header.clone()}>{ short_hex(&f.header) }</td><td>{ if f.equal() { "=" } else { "≠" } }</td></tr> }) }
            </tbody></table>
        }
        if let Some(p) = parent { <p class="link matched">{ format!("Its parent_root is the root of the verified header at slot {} ({}).", p.head.slot, p.how) }<Badge source={Source::Verified} /></p> }
        <p class="note">{ if link.is_verified() {
            "A light client does not verify attestation signatures: the attestations below are the ones this verified block includes, but their own signatures were not checked."
        } else {
            "A light client does not verify attestation signatures: the attestations below are as reported by the block file."
        } }</p>
        <dl class="facts">
            <div class="figure"><dt>{ "slot · proposer" }</dt><dd>{ format!("{} · {}", block.slot, block.proposer_index) }</dd></div>
            <div class="figure"><dt>{ "attestations" }</dt><dd><span class="value" id="block-attestations">{ block.attestations.len() }</span>{ format!(" carrying {} votes", block.votes()) }<Badge source={contents} /></dd></div>
            <div class="figure"><dt>{ "sync aggregate" }</dt><dd><span class="value" id="block-sync">{ format!("{} / {}", block.sync_participants(), block.sync_bits.len()) }</span>{ " signed the parent block" }<Badge source={contents} /></dd></div>
            <div class="figure"><dt>{ "execution block" }</dt><dd>{ format!("#{} {}", block.execution_block_number, short_hex(&block.execution_block_hash)) }</dd></div>
            <div class="figure"><dt>{ "graffiti" }</dt><dd>{ block.graffiti.clone() }</dd></div>
        </dl>
        <h3>{ "Attestations" }<Term term="committee" /></h3>
        <table class="attestations"><thead><tr><th>{ "slot" }</th><th>{ "committee" }</th><th>{ "aggregation bits" }</th><th>{ "votes" }</th><th>{ "source → target" }</th></tr></thead><tbody>
            { for block.attestations.iter().map(|a| {
                let bits: String = a.bits.iter().map(|b| if *b { '█' } else { '·' }).collect();
                html! { <tr><td>{ a.slot }</td><td>{ a.committee_index }</td><td class="bits" aria-label={format!("{} of {} members", a.participants(), a.bits.len())}>{ bits }</td><td>{ format!("{}/{}", a.participants(), a.bits.len()) }</td><td>{ format!("{} → {}", a.source.epoch, a.target.epoch) }</td></tr> }
            }) }
        </tbody></table>
    </section>
    }
}
