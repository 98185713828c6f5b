//! Sync committee: the 512 members as a grid lit by an update's participation bits, the count
//! against the 2/3 threshold, and the hand-over from one period's committee to the next.
//! Keys: ←/→ previous/next update.

use yew::prelude::*;

use super::chain::supermajority;
use super::common::{Badge, LabGate, Term};
use crate::lab::UpdateDigest;
use crate::provenance::{short_hex, Source};
use crate::state::use_lab;

#[derive(Properties, PartialEq)]
pub struct GridProps {
    pub bits: Vec<bool>,
    #[prop_or_default]
    pub label: AttrValue,
}

/// 512 cells, 32 to a row; lit when the member signed.
#[component]
pub fn CommitteeGrid(props: &GridProps) -> Html {
    let n = props.bits.iter().filter(|b| **b).count();
    html! {
        <div class="committee-grid" role="img" aria-label={format!("{}: {} of {} members signed", props.label, n, props.bits.len())}>
            { for props.bits.iter().enumerate().map(|(i, b)| html! { <i class={if *b { "m on" } else { "m" }} title={format!("member {i}: {}", if *b { "signed" } else { "did not sign" })}></i> }) }
        </div>
    }
}

/// A participation count against the 2/3 threshold.
pub fn participation_text(u: &UpdateDigest) -> String {
    let t = supermajority(u.bits.len());
    format!(
        "{} of {} signed — {} the 2/3 threshold ({t})",
        u.participants,
        u.bits.len(),
        if u.participants >= t { "meets" } else { "below" }
    )
}

/// The committee view.
#[component]
pub fn Committee() -> Html {
    let (lab, _) = use_lab();
    let selected = use_state(|| None::<usize>);
    let Some(s) = lab.summary.as_ref() else {
        return html! { <section class="view"><h2>{ "Sync committee" }</h2><LabGate state={lab.clone()} /></section> };
    };
    let n = s.updates.len();
    let i = selected
        .unwrap_or_else(|| s.updates.iter().rposition(|u| u.kind == "finality_update").unwrap_or(n.saturating_sub(1)));
    let Some(u) = s.updates.get(i) else { return html! {} };
    let onkeydown = {
        let selected = selected.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "ArrowRight" => {
                selected.set(Some((i + 1).min(n - 1)));
                e.prevent_default();
            }
            "ArrowLeft" => {
                selected.set(Some(i.saturating_sub(1)));
                e.prevent_default();
            }
            _ => {}
        })
    };
    let check = &u.check;
    html! {
    <section class="view committee" aria-labelledby="sc-h" tabindex="0" {onkeydown} id="committee-view">
        <h2 id="sc-h">{ "Sync committee" }</h2>
        <p class="lede">{ "512 validators sign each block for one " }<Term term="period" />{ ". A light client only follows this " }<Term term="committee" />{ ": it needs their aggregate signature, and learns the next committee from a Merkle proof before the hand-over." }</p>
        <div class="update-picker" role="tablist" aria-label="updates">
            { for s.updates.iter().enumerate().map(|(j, v)| {
                let selected = selected.clone();
                html! { <button type="button" role="tab" aria-selected={(j == i).to_string()} onclick={Callback::from(move |_| selected.set(Some(j)))}>{ format!("{} · period {}", v.file, v.check.signature_period) }</button> }
            }) }
        </div>
        <p class="count" id="sc-count" aria-live="polite">{ participation_text(u) }<Badge source={Source::Verified} /></p>
        <CommitteeGrid bits={u.bits.clone()} label={format!("period {}", check.signature_period)} />
        <dl class="facts">
            <div class="figure"><dt>{ "signing committee" }</dt><dd>{ format!("period {} · root {}", check.signature_period, short_hex(&check.committee_root)) }<Badge source={Source::Verified} /><span class="how">{ "the committee the store held: proven by the bootstrap's branch, or by the previous period's next-committee branch" }</span></dd></div>
            <div class="figure"><dt>{ "hand-over" }</dt><dd id="sc-handover">{ match (u.committee_handover, u.next_committee_learned) {
                (Some(p), _) => format!("this update finalized period {p}: the next committee became current"),
                (None, true) => "this update proved the next period's committee (not yet current)".to_string(),
                _ => "no change of committee".to_string(),
            } }<Badge source={Source::Verified} /></dd></div>
        </dl>
        <ol class="handovers" aria-label="committee hand-overs in this data">
            { for s.updates.iter().filter_map(|v| v.committee_handover.map(|p| html! { <li>{ format!("period {} → {} at finalized slot {}", p.saturating_sub(1), p, v.store_after.finalized.slot) }</li> })) }
        </ol>
        <p class="keys">{ "Keys: ←/→ previous/next update." }</p>
    </section>
    }
}
