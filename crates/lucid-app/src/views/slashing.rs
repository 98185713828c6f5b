//! Slashing: two votes by one validator, named by the spec's `is_slashable_attestation_data` as a
//! double vote, a surround vote or safe; and what a slashing costs under Electra's constants for a
//! chosen effective balance, total stake and share of stake slashed together.
//!
//! Nothing here comes from the chain: every figure is the spec's function (`lucid_duties`) run on
//! the inputs shown, badged "computed".

use lucid_duties::{
    correlation_penalty, is_slashable_attestation_data, slashing_amounts, AttestationData, Checkpoint, Slashability,
    EFFECTIVE_BALANCE_INCREMENT,
};
use yew::prelude::*;

use super::common::{balance_buttons, set_number, Badge};
use crate::provenance::Source;

/// One validator's vote: the FFG source and target epochs, and the block it votes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vote {
    pub source: u64,
    pub target: u64,
    /// The head block voted for: `'A'` or `'B'` (two blocks of one slot).
    pub block: char,
}

impl Vote {
    /// The vote as `AttestationData`: checkpoint roots follow from their epochs (one chain), the
    /// head block root from `block`, the slot is the target epoch's first.
    fn data(self) -> AttestationData {
        let root = |tag: u8, n: u64| {
            let mut r = [tag; 32];
            r[..8].copy_from_slice(&n.to_le_bytes());
            r
        };
        AttestationData {
            slot: self.target.saturating_mul(32),
            index: 0,
            beacon_block_root: root(self.block as u8, self.target),
            source: Checkpoint { epoch: self.source, root: root(b's', self.source) },
            target: Checkpoint { epoch: self.target, root: root(b't', self.target) },
        }
    }
}

/// What the spec says of two votes, trying both orders (a slasher submits the surrounding one first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The same vote twice: harmless.
    Same,
    DoubleVote,
    /// `first` (1 or 2) surrounds the other.
    Surround {
        first: u8,
    },
    Safe,
}

/// The verdict on `a` and `b`.
pub fn judge(a: Vote, b: Vote) -> Verdict {
    let (da, db) = (a.data(), b.data());
    if da == db {
        return Verdict::Same;
    }
    match (is_slashable_attestation_data(&da, &db), is_slashable_attestation_data(&db, &da)) {
        (Slashability::DoubleVote, _) | (_, Slashability::DoubleVote) => Verdict::DoubleVote,
        (Slashability::SurroundVote, _) => Verdict::Surround { first: 1 },
        (_, Slashability::SurroundVote) => Verdict::Surround { first: 2 },
        _ => Verdict::Safe,
    }
}

impl Verdict {
    fn kind(self) -> &'static str {
        match self {
            Verdict::Same => "same",
            Verdict::DoubleVote => "double",
            Verdict::Surround { .. } => "surround",
            Verdict::Safe => "safe",
        }
    }

    /// The verdict in words, naming the votes.
    pub fn text(self, a: Vote, b: Vote) -> String {
        match self {
            Verdict::Same => "Not slashable: the same vote twice (identical data).".into(),
            Verdict::DoubleVote => format!(
                "Slashable — double vote: two different votes for target epoch {}. is_slashable_attestation_data: data_1 != data_2 and the target epochs are equal.",
                a.target
            ),
            Verdict::Surround { first } => {
                let (o, i) = if first == 1 { (a, b) } else { (b, a) };
                format!(
                    "Slashable — surround vote: vote {first} ({} → {}) surrounds vote {} ({} → {}). is_slashable_attestation_data: its source is earlier and its target later.",
                    o.source,
                    o.target,
                    3 - first,
                    i.source,
                    i.target
                )
            }
            Verdict::Safe => "Not slashable: different target epochs, and neither span surrounds the other.".into(),
        }
    }
}

/// The ready-made pairs of votes.
pub const PRESETS: &[(&str, [Vote; 2])] = &[
    ("Double vote", [Vote { source: 100, target: 101, block: 'A' }, Vote { source: 100, target: 101, block: 'B' }]),
    ("Surround vote", [Vote { source: 99, target: 103, block: 'A' }, Vote { source: 100, target: 101, block: 'A' }]),
    ("Safe", [Vote { source: 100, target: 101, block: 'A' }, Vote { source: 101, target: 102, block: 'A' }]),
];

/// Gwei as ETH, without trailing zeros.
pub fn eth(gwei: u64) -> String {
    let whole = gwei / EFFECTIVE_BALANCE_INCREMENT;
    let frac = gwei % EFFECTIVE_BALANCE_INCREMENT;
    if frac == 0 {
        return whole.to_string();
    }
    let f = format!("{frac:09}");
    format!("{whole}.{}", f.trim_end_matches('0'))
}

/// What slashing one validator costs, in Gwei.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    pub initial: u64,
    pub correlation: Option<u64>,
    /// What the validator loses in all: both penalties, at most its balance (taken as its effective balance).
    pub total: u64,
    pub whistleblower: u64,
    pub proposer: u64,
}

/// The cost of slashing a validator of `effective_eth`, when `slashed_percent` of `total_eth` of
/// active stake is slashed within the same slashings window.
pub fn cost(effective_eth: u64, total_eth: u64, slashed_percent: u64) -> Cost {
    let eb = effective_eth.saturating_mul(EFFECTIVE_BALANCE_INCREMENT);
    let total = total_eth.saturating_mul(EFFECTIVE_BALANCE_INCREMENT);
    let slashed = (u128::from(total) * u128::from(slashed_percent.min(100)) / 100) as u64;
    let a = slashing_amounts(eb);
    let correlation = correlation_penalty(eb, slashed, total).ok();
    Cost {
        initial: a.initial_penalty,
        correlation,
        total: a.initial_penalty.saturating_add(correlation.unwrap_or(0)).min(eb),
        whistleblower: a.whistleblower_reward - a.proposer_reward,
        proposer: a.proposer_reward,
    }
}

#[derive(Properties, PartialEq)]
pub struct VotesSvgProps {
    pub votes: [Vote; 2],
}

/// An epoch axis with each vote as an arc from its source to its target: vote 1 above, vote 2 below.
#[component]
pub fn VotesSvg(props: &VotesSvgProps) -> Html {
    let [a, b] = props.votes;
    let lo = a.source.min(b.source).min(a.target).min(b.target).saturating_sub(1);
    let hi = a.target.max(b.target).max(a.source).max(b.source).saturating_add(1);
    let span = (hi - lo).max(1) as f64;
    let (w, pad) = (600.0, 30.0);
    let x = |e: u64| pad + (e.saturating_sub(lo)) as f64 * (w - 2.0 * pad) / span;
    let arc = |v: Vote, up: bool, class: &'static str, label: String| {
        let (x1, x2) = (x(v.source), x(v.target));
        // A quadratic curve's apex is 0.8 × lift from the axis (control point at 1.6 × lift).
        let lift = (20.0 + (x2 - x1).abs() * 0.18).min(85.0);
        let cy = if up { 90.0 - lift * 1.6 } else { 90.0 + lift * 1.6 };
        let ty = if up { 90.0 - lift * 0.8 - 8.0 } else { 90.0 + lift * 0.8 + 16.0 };
        html! { <g class={class}>
            <path d={format!("M{x1},90 Q{},{cy} {x2},90", (x1 + x2) / 2.0)} marker-end="url(#vote-arrow)" />
            <text x={((x1 + x2) / 2.0).to_string()} y={ty.to_string()} text-anchor="middle">{ label }</text>
        </g> }
    };
    let ticks: Vec<u64> = if hi - lo <= 16 { (lo..=hi).collect() } else { vec![lo, hi] };
    html! {
        <svg class="votes" viewBox={format!("0 0 {w} 180")} role="img"
            aria-label={format!("vote 1: source {} to target {}; vote 2: source {} to target {}", a.source, a.target, b.source, b.target)}>
            <defs><marker id="vote-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" /></marker></defs>
            <line class="axis" x1={pad.to_string()} y1="90" x2={(w - pad).to_string()} y2="90" />
            { for ticks.iter().map(|e| html! { <g class="tick">
                <line x1={x(*e).to_string()} y1="85" x2={x(*e).to_string()} y2="95" />
                <text x={x(*e).to_string()} y="110" text-anchor="middle">{ e }</text>
            </g> }) }
            { arc(a, true, "v1", format!("vote 1 · block {}", a.block)) }
            { arc(b, false, "v2", format!("vote 2 · block {}", b.block)) }
        </svg>
    }
}

#[derive(Properties, PartialEq)]
struct VoteInputsProps {
    n: u8,
    vote: Vote,
    onchange: Callback<Vote>,
}

/// Source, target and block of one vote.
#[component]
fn VoteInputs(props: &VoteInputsProps) -> Html {
    let v = props.vote;
    let field = |name: &'static str, value: u64, set: fn(Vote, u64) -> Vote| {
        let onchange = props.onchange.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(n) = input.value().trim().parse::<u64>() {
                onchange.emit(set(v, n.min(1_000_000_000)));
            }
        });
        html! { <label>{ name }<input type="number" min="0" inputmode="numeric" id={format!("vote{}-{name}", props.n)} value={value.to_string()} {oninput} /></label> }
    };
    let block = |c: char| {
        let onchange = props.onchange.clone();
        html! { <button aria-pressed={(v.block == c).to_string()} id={format!("vote{}-block-{c}", props.n)}
        onclick={Callback::from(move |_| onchange.emit(Vote { block: c, ..v }))}>{ format!("block {c}") }</button> }
    };
    html! {
        <fieldset class={format!("vote v{}", props.n)}>
            <legend>{ format!("vote {}", props.n) }</legend>
            { field("source", v.source, |v, n| Vote { source: n, ..v }) }
            { field("target", v.target, |v, n| Vote { target: n, ..v }) }
            <span class="blocks">{ block('A') }{ block('B') }</span>
        </fieldset>
    }
}

/// Two block headers from one proposer: slot, and which body (A or B) each commits to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Proposal {
    slot: u64,
    body: char,
}

fn header_of(p: Proposal) -> lucid_duties::BlockHeader {
    // Bodies A and B stand for two different blocks: their roots differ in one byte.
    lucid_duties::BlockHeader { slot: p.slot, proposer_index: 1, body_root: [p.body as u8; 32], ..Default::default() }
}

/// The spec's verdict on two headers, in words.
fn proposal_text(pair: lucid_duties::ProposalPair) -> (&'static str, &'static str) {
    use lucid_duties::ProposalPair::*;
    match pair {
        Equivocation => ("equivocation", "Slashable: two different blocks for one slot from one proposer (process_proposer_slashing's header checks pass)."),
        DifferentSlots => ("safe", "Not slashable: the headers are for different slots — a proposer may propose in many slots."),
        DifferentProposers => ("safe", "Not slashable: different proposers."),
        SameHeader => ("same", "Not slashable: the same block signed twice is one proposal."),
    }
}

/// A proposer's two blocks: the header checks of `process_proposer_slashing`.
#[component]
fn Proposals() -> Html {
    let pair = use_state(|| [Proposal { slot: 7_109_344, body: 'A' }, Proposal { slot: 7_109_344, body: 'B' }]);
    let [p1, p2] = *pair;
    let verdict = lucid_duties::check_proposer_slashing(&header_of(p1), &header_of(p2));
    let (kind, text) = proposal_text(verdict);
    let card = |i: usize| {
        let p = pair[i];
        let set = |next: Proposal| {
            let pair = pair.clone();
            Callback::from(move |_: MouseEvent| {
                let mut both = *pair;
                both[i] = next;
                pair.set(both);
            })
        };
        html! {
            <fieldset class={format!("vote v{}", i + 1)}>
                <legend>{ format!("block {}", i + 1) }</legend>
                <span>{ "slot " }</span>
                <button id={format!("prop{}-slot-prev", i + 1)} aria-label="previous slot" onclick={set(Proposal { slot: p.slot.saturating_sub(1), ..p })}>{ "−" }</button>
                <span class="value" id={format!("prop{}-slot", i + 1)}>{ p.slot }</span>
                <button id={format!("prop{}-slot-next", i + 1)} aria-label="next slot" onclick={set(Proposal { slot: p.slot.saturating_add(1), ..p })}>{ "+" }</button>
                <span class="blocks">{ for ['A', 'B'].into_iter().map(|c| html! {
                    <button aria-pressed={(p.body == c).to_string()} id={format!("prop{}-body-{c}", i + 1)} onclick={set(Proposal { body: c, ..p })}>{ format!("body {c}") }</button>
                }) }</span>
            </fieldset>
        }
    };
    html! { <>
        <h3>{ "A proposer's two blocks" }</h3>
        <p class="note">{ "One proposer, validator 1, signs two block headers. Proposing two different blocks for one slot is the proposer's double vote." }</p>
        <div class="vote-inputs">{ card(0) }{ card(1) }</div>
        <p class={classes!("verdict", kind)} id="prop-verdict" data-kind={kind} role="status">{ text }<Badge source={Source::Computed} /></p>
    </> }
}

/// The slashing view.
#[component]
pub fn Slashing() -> Html {
    let votes = use_state(|| PRESETS[0].1);
    let effective = use_state(|| 32u64);
    let total = use_state(|| 34_000_000u64);
    let percent = use_state(|| 1u64);
    let [a, b] = *votes;
    let verdict = judge(a, b);
    let c = cost(*effective, *total, *percent);
    let set_vote = |i: usize| {
        let votes = votes.clone();
        Callback::from(move |v: Vote| {
            let mut next = *votes;
            next[i] = v;
            votes.set(next);
        })
    };
    let computed = html! { <Badge source={Source::Computed} /> };
    html! {
    <section class="view slashing" aria-labelledby="slash-h" id="slashing-view">
        <h2 id="slash-h">{ "Slashing" }</h2>
        <p class="lede">{ "A validator who signs two votes that could finalize conflicting histories loses stake. The spec names two such pairs: a double vote (two different votes for one target epoch) and a surround vote (one vote's source → target span strictly inside another's); a proposer is slashed for two different blocks in one slot. " }
            <strong>{ "What a light client can verify: none of this directly." }</strong>{ " It follows sync-committee signatures and sees a slashing only as an operation inside a block linked to a verified header; the rules below are the spec's functions, computed here on the inputs you choose." }</p>
        <div class="controls" role="group" aria-label="ready-made pairs">
            { for PRESETS.iter().map(|(name, pair)| {
                let votes = votes.clone();
                let pair = *pair;
                html! { <button aria-pressed={(*votes == pair).to_string()} onclick={Callback::from(move |_| votes.set(pair))}>{ *name }</button> }
            }) }
        </div>
        <div class="vote-inputs">
            <VoteInputs n={1} vote={a} onchange={set_vote(0)} />
            <VoteInputs n={2} vote={b} onchange={set_vote(1)} />
        </div>
        <VotesSvg votes={*votes} />
        <p class={classes!("verdict", verdict.kind())} id="slash-verdict" data-kind={verdict.kind()} role="status">{ verdict.text(a, b) }{ computed.clone() }</p>
        <Proposals />

        <h3>{ "What it costs (Electra)" }</h3>
        { balance_buttons(&effective, &[32, 64, 256, 1024, 2048], "eb-") }
        <div class="controls">
            <label>{ "total active stake (ETH) " }<input type="number" min="1" id="slash-total" value={total.to_string()} oninput={set_number(&total, 1, 1_000_000_000)} /></label>
            <label class="scrub">{ "stake slashed in the same window: " }<input type="range" min="0" max="100" id="slash-percent" value={percent.to_string()} oninput={set_number(&percent, 0, 100)} aria-label="percent of stake slashed together" /><span class="value" id="slash-percent-value">{ format!("{}%", *percent) }</span></label>
        </div>
        <dl class="facts">
            <div class="figure"><dt>{ "initial penalty" }</dt><dd><span class="value" id="slash-initial">{ eth(c.initial) }</span>{ " ETH" }{ computed.clone() }<span class="how">{ "effective balance / 4096 (MIN_SLASHING_PENALTY_QUOTIENT_ELECTRA), at once" }</span></dd></div>
            <div class="figure"><dt>{ "correlation penalty" }</dt><dd><span class="value" id="slash-correlation">{ c.correlation.map_or("—".into(), eth) }</span>{ " ETH" }{ computed.clone() }<span class="how">{ "about 18 days later: min(3 × stake slashed in the last 8192 epochs, total) / total × effective balance, in 1-ETH increments" }</span></dd></div>
            <div class="figure"><dt>{ "lost in all" }</dt><dd><span class="value" id="slash-total-lost">{ eth(c.total) }</span>{ format!(" ETH of {}", *effective) }{ computed.clone() }<span class="how">{ "plus the missed rewards and penalties while it waits to exit" }</span></dd></div>
            <div class="figure"><dt>{ "to the whistleblower / proposer" }</dt><dd><span class="value" id="slash-rewards">{ format!("{} / {}", eth(c.whistleblower), eth(c.proposer)) }</span>{ " ETH" }{ computed }<span class="how">{ "effective balance / 4096, of which the block's proposer gets 8/64" }</span></dd></div>
        </dl>
        <p class="note">{ "Alone, a slashed validator loses little; slashed together with a third of the stake, 3 × 1/3 ≥ 1 and the correlation penalty takes everything. That is the price of accountable safety: two conflicting finalized checkpoints need at least 1/3 of the stake to have double- or surround-voted." }</p>
    </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_presets_are_named_as_their_labels_say() {
        let kinds: Vec<&str> = PRESETS.iter().map(|(_, [a, b])| judge(*a, *b).kind()).collect();
        assert_eq!(kinds, ["double", "surround", "safe"]);
        let [a, b] = PRESETS[1].1;
        assert_eq!(judge(b, a), Verdict::Surround { first: 2 });
        assert_eq!(judge(a, a), Verdict::Same);
    }

    #[test]
    fn costs_follow_electra() {
        // 1% of 34M ETH slashed: 3% of each slashed validator's effective balance, in 1-ETH increments.
        let c = cost(32, 34_000_000, 1);
        assert_eq!(eth(c.initial), "0.0078125");
        assert_eq!(c.correlation.map(eth).as_deref(), Some("0.96"));
        // A third or more slashed together: everything.
        assert_eq!(cost(32, 34_000_000, 34).total, 32 * EFFECTIVE_BALANCE_INCREMENT);
        assert_eq!(cost(2048, 34_000_000, 0).correlation, Some(0));
        assert_eq!(eth(1_500_000_000), "1.5");
    }
}
