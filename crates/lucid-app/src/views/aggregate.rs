//! Many signatures, one check: a real block's attestations grouped by committee (aggregates,
//! votes, duplicates and overlaps), how aggregators are picked on the slot's timeline, and a BLS
//! playground on teaching keys (sign, aggregate, verify with one pairing check, drop a signer, the
//! rogue-key attack and the proof of possession that stops it), computed in the worker (`crate::keys`).

use std::collections::BTreeMap;

use lucid_duties::{aggregator_modulo, TARGET_AGGREGATORS_PER_COMMITTEE};
use yew::prelude::*;

use super::chosen::SEED_BLOCK_SLOT;
use super::common::{set_number, toggled, verdict, Badge, LabGate};
use crate::block::{link_block, AttestationSummary};
use crate::keys::{KeysAnswer, KeysQuery};
use crate::provenance::{short_hex, Source};
use crate::state::use_lab;

/// The block whose attestations the view counts (the scenario's first full block).
pub const ATTESTATION_BLOCK_SLOT: u64 = SEED_BLOCK_SLOT;

/// The playground's first message.
pub const DEFAULT_MESSAGE: &str = "attest: slot 7109344, target epoch 222167";

/// The teaching-key query both key views start from: 4 signers, a 3-of-5 split, everyone online.
pub fn default_keys_query() -> KeysQuery {
    KeysQuery {
        message: DEFAULT_MESSAGE.into(),
        signers: 4,
        dropped: vec![],
        threshold: 3,
        operators: 5,
        offline: vec![],
    }
}

/// What a block's attestations add up to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AttestationCount {
    /// Aggregates in the block (each one BLS signature).
    pub aggregates: usize,
    /// Votes they carry, a vote counted once per aggregate that has its bit.
    pub votes: usize,
    /// Distinct (slot, committee) pairs.
    pub committees: usize,
    /// Aggregates beyond the first for a committee.
    pub duplicates: usize,
    /// Members whose bit is set in more than one aggregate of their committee.
    pub overlapping: usize,
    /// Distinct members who voted (the union of each committee's bits).
    pub distinct_voters: usize,
    /// The largest committee (its bit-list length).
    pub largest_committee: usize,
}

/// Count `attestations` by committee.
pub fn count_attestations(attestations: &[AttestationSummary]) -> AttestationCount {
    let mut by_committee: BTreeMap<(u64, u64), Vec<&AttestationSummary>> = BTreeMap::new();
    for a in attestations {
        by_committee.entry((a.slot, a.committee_index)).or_default().push(a);
    }
    let mut count = AttestationCount {
        aggregates: attestations.len(),
        votes: attestations.iter().map(AttestationSummary::participants).sum(),
        committees: by_committee.len(),
        duplicates: attestations.len() - by_committee.len(),
        largest_committee: attestations.iter().map(|a| a.bits.len()).max().unwrap_or(0),
        ..AttestationCount::default()
    };
    for group in by_committee.values() {
        let len = group.iter().map(|a| a.bits.len()).max().unwrap_or(0);
        for member in 0..len {
            let times = group.iter().filter(|a| a.bits.get(member).copied().unwrap_or(false)).count();
            count.distinct_voters += usize::from(times > 0);
            count.overlapping += usize::from(times > 1);
        }
    }
    count
}

/// The aggregation view.
#[component]
pub fn Aggregate() -> Html {
    let (lab, handle) = use_lab();
    {
        let handle = handle.clone();
        use_effect_with((), move |_| handle.block(ATTESTATION_BLOCK_SLOT));
    }
    let message = use_state(|| DEFAULT_MESSAGE.to_string());
    let signers = use_state(|| 4u64);
    let dropped = use_state(Vec::<u64>::new);
    let query = KeysQuery {
        message: (*message).clone(),
        signers: *signers,
        dropped: dropped.iter().copied().filter(|d| *d <= *signers).collect(),
        ..default_keys_query()
    };
    {
        let handle = handle.clone();
        use_effect_with(query.clone(), move |q| handle.keys(q.clone()));
    }
    let Some(s) = lab.summary.as_ref() else {
        return html! { <section class="view"><h2>{ "Many signatures, one check" }</h2><LabGate state={lab.clone()} /></section> };
    };
    let block = lab.block(ATTESTATION_BLOCK_SLOT);
    let block_part = match block {
        None => html! { <p role="status">{ format!("Loading block {ATTESTATION_BLOCK_SLOT}…") }</p> },
        Some(block) => {
            let source = if link_block(&block, &s.verified_headers()).is_verified() {
                Source::Verified
            } else {
                Source::Reported
            };
            let c = count_attestations(&block.attestations);
            let modulo = aggregator_modulo(c.largest_committee as u64);
            let none = (1.0 - 1.0 / modulo as f64).powi(c.largest_committee as i32);
            html! { <>
                <dl class="facts" id="agg-block" data-aggregates={c.aggregates.to_string()} data-votes={c.votes.to_string()} data-committees={c.committees.to_string()} data-overlapping={c.overlapping.to_string()} data-distinct={c.distinct_voters.to_string()}>
                    <div class="figure"><dt>{ format!("block {}", block.slot) }</dt><dd><span class="value" id="agg-aggregates">{ c.aggregates }</span>{ " aggregate signatures carrying " }<span class="value" id="agg-votes">{ c.votes }</span>{ " votes" }<Badge {source} /><span class="how">{ format!("{:.0} votes per signature: one pairing check each instead of one per vote", c.votes as f64 / c.aggregates.max(1) as f64) }</span></dd></div>
                    <div class="figure"><dt>{ "committees" }</dt><dd><span class="value" id="agg-committees">{ c.committees }</span>{ format!(" (slot, committee) pairs; {} more aggregate(s) for a committee already seen", c.duplicates) }<Badge {source} /></dd></div>
                    <div class="figure"><dt>{ "overlap" }</dt><dd><span class="value" id="agg-overlap">{ c.overlapping }</span>{ format!(" members counted in two aggregates of their committee; {} distinct voters", c.distinct_voters) }<Badge source={Source::Computed} /><span class="how">{ "aggregates of one committee cannot be merged when their bits overlap (a signature would be counted twice), so a block may carry both" }</span></dd></div>
                    <div class="figure"><dt>{ "aggregators" }</dt><dd><span class="value" id="agg-modulo">{ format!("1 in {modulo}") }</span>{ format!(" of a {}-member committee, ≈ {} expected; chance of none {:.1e}", c.largest_committee, c.largest_committee as u64 / modulo, none) }<Badge source={Source::Computed} /><span class="how">{ format!("is_aggregator: hash(slot signature)[0:8] mod max(1, len ÷ {TARGET_AGGREGATORS_PER_COMMITTEE}) = 0 — anyone can check the proof, no one can predict it") }</span></dd></div>
                </dl>
                <p class="note">{ "This block is from Capella: one aggregate per committee. Since Electra an aggregate spans every committee of a slot that voted alike — committee_bits says which, and the aggregation bits run across them — so a block holds at most 8 aggregates (MAX_ATTESTATIONS_ELECTRA) for the same votes." }</p>
                <ol class="slot-steps" aria-label="one slot, 12 seconds">
                    <li><strong>{ "0 s" }</strong>{ " the proposer publishes the block" }</li>
                    <li><strong>{ "4 s" }</strong>{ " every committee member signs its vote (AttestationData) and gossips it to its subnet" }</li>
                    <li><strong>{ "8 s" }</strong>{ " aggregators add up the matching signatures and publish one aggregate per committee" }</li>
                    <li><strong>{ "next slots" }</strong>{ " a proposer packs aggregates into its block: the numbers above" }</li>
                </ol>
            </> }
        }
    };
    let playground = match lab.keys.as_deref().and_then(|a| a.for_query(&query)) {
        Some(Ok(a)) => playground(a, &dropped),
        Some(Err(e)) => html! { <p class="lab-gate" data-state="error">{ e.to_string() }</p> },
        None => html! { <p role="status">{ "The worker is signing…" }</p> },
    };
    let onmessage = {
        let message = message.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            message.set(input.value());
        })
    };
    html! {
    <section class="view aggregate" aria-labelledby="agg-h" id="aggregate-view">
        <h2 id="agg-h">{ "Many signatures, one check" }</h2>
        <p class="lede">{ "BLS signatures on one message add up: the sum of the signatures verifies against the sum of the public keys, with one pairing check however many signed. That is how hundreds of thousands of votes fit in each epoch's blocks. " }
            <strong>{ "What a light client verifies this way: the sync committee's one aggregate signature of up to 512 members, for every update." }</strong>
            { " It does not check attestations; the block's figures below are as its root commits to them, signatures unchecked." }</p>
        <h3>{ "A real block's votes" }</h3>
        { block_part }
        <h3>{ "Try it: teaching keys" }</h3>
        <p class="note">{ "Keys derived from public labels (\"validator 1\", …) so anyone can repeat this; the curve arithmetic is the real blst library, in the worker." }</p>
        <div class="controls">
            <label>{ "message " }<input type="text" id="bls-message" maxlength="256" value={(*message).clone()} oninput={onmessage} /></label>
            <label>{ "signers " }<input type="number" id="bls-signers" min="1" max="8" value={signers.to_string()} oninput={set_number(&signers, 1, 8)} /></label>
        </div>
        { playground }
    </section>
    }
}

fn playground(a: &KeysAnswer, dropped: &UseStateHandle<Vec<u64>>) -> Html {
    let computed = html! { <Badge source={Source::Computed} /> };
    let toggle = |n: u64| {
        let dropped = dropped.clone();
        Callback::from(move |_| {
            dropped.set(toggled(&dropped, n));
        })
    };
    let r = &a.rogue;
    html! { <>
        <table class="keys" id="bls-signers-table">
            <thead><tr><th>{ "signer" }</th><th>{ "public key (G1)" }</th><th>{ "signature (G2)" }</th><th>{ "own check" }</th><th>{ "in the aggregate" }</th></tr></thead>
            <tbody>{ for a.signers.iter().enumerate().map(|(i, s)| html! {
                <tr class={classes!(s.dropped.then_some("dropped"))}>
                    <td>{ &s.label }</td><td title={s.public.clone()}>{ short_hex(&s.public) }</td><td title={s.signature.clone()}>{ short_hex(&s.signature) }</td>
                    <td>{ verdict(s.verifies, "verifies", "fails") }</td>
                    <td><button id={format!("bls-drop-{}", i + 1)} aria-pressed={(!s.dropped).to_string()} onclick={toggle(i as u64 + 1)}>{ if s.dropped { "left out" } else { "included" } }</button></td>
                </tr>
            }) }</tbody>
        </table>
        <dl class="facts">
            <div class="figure"><dt>{ "aggregate signature" }</dt><dd><span class="value" id="bls-aggregate" title={a.aggregate.clone().unwrap_or_default()}>{ a.aggregate.as_deref().map_or("none (every signer left out)".to_string(), short_hex) }</span>{ computed.clone() }<span class="how">{ "the sum of the included signatures on G2" }</span></dd></div>
            <div class="figure"><dt>{ "against every key" }</dt><dd><span class="value" id="bls-all" data-ok={a.verifies_all_keys.to_string()}>{ verdict(a.verifies_all_keys, "verifies", "fails") }</span>{ computed.clone() }<span class="how">{ "FastAggregateVerify(all keys, message, aggregate): e(Σpk, H(m)) = e(G1, Σσ) — one pairing check. A signer left out makes it fail, as a sync-committee bit set for a member who did not sign would." }</span></dd></div>
            <div class="figure"><dt>{ "against the included keys" }</dt><dd><span class="value" id="bls-included" data-ok={a.verifies_included_keys.to_string()}>{ verdict(a.verifies_included_keys, "verifies", "fails") }</span>{ computed.clone() }<span class="how">{ "what the bitfield is for: it says whose keys to add up" }</span></dd></div>
        </dl>
        <h3>{ "The rogue-key attack, and proof of possession" }</h3>
        <p class="note">{ "If keys could be registered freely, an attacker could publish pk_rogue = pk_attacker − pk_victim. The sum with the victim's key is the attacker's own key, so the attacker alone signs for both. Ethereum requires every new key to sign its own deposit (a proof of possession): nobody knows the secret of pk_rogue, so it cannot." }</p>
        <dl class="facts" id="bls-rogue" data-rogue-key={r.rogue.clone()} data-attacker-key={r.attacker.clone()} data-victim-key={r.victim.clone()} data-forged={r.forged_verifies.to_string()} data-rogue-pop={r.rogue_possession.to_string()} data-victim-pop={r.victim_possession.to_string()}>
            <div class="figure"><dt>{ "rogue key" }</dt><dd><span class="value" title={r.rogue.clone()}>{ short_hex(&r.rogue) }</span>{ computed.clone() }<span class="how">{ format!("attacker {} − validator 1 {}", short_hex(&r.attacker), short_hex(&r.victim)) }</span></dd></div>
            <div class="figure"><dt>{ "attacker's lone signature as \"validator 1 + rogue\"" }</dt><dd>{ verdict(r.forged_verifies, "verifies — forged", "fails") }{ computed.clone() }</dd></div>
            <div class="figure"><dt>{ "proof of possession of the rogue key" }</dt><dd>{ verdict(r.rogue_possession, "verifies", "fails — refused at registration") }{ computed.clone() }</dd></div>
            <div class="figure"><dt>{ "validator 1's proof of possession" }</dt><dd>{ verdict(r.victim_possession, "verifies", "fails") }{ computed }</dd></div>
        </dl>
    </> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::block::{AttestationSummary, Checkpoint};

    fn att(slot: u64, committee_index: u64, bits: &str) -> AttestationSummary {
        AttestationSummary {
            slot,
            committee_index,
            bits: bits.chars().map(|c| c == '1').collect(),
            beacon_block_root: String::new(),
            source: Checkpoint { epoch: 0, root: String::new() },
            target: Checkpoint { epoch: 1, root: String::new() },
        }
    }

    #[test]
    fn counts_duplicates_and_overlaps_per_committee() {
        let c = count_attestations(&[att(1, 0, "1100"), att(1, 0, "0110"), att(1, 1, "101"), att(2, 0, "1")]);
        assert_eq!(c.aggregates, 4);
        assert_eq!(c.votes, 2 + 2 + 2 + 1);
        assert_eq!(c.committees, 3);
        assert_eq!(c.duplicates, 1);
        assert_eq!(c.overlapping, 1, "member 1 of slot 1 committee 0");
        assert_eq!(c.distinct_voters, 3 + 2 + 1);
        assert_eq!(c.largest_committee, 4);
        assert_eq!(count_attestations(&[]), AttestationCount::default());
    }
}
