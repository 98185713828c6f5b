//! Verification step-through: for one update, what the core computed, in order — fork version →
//! domain → signing root → the participants' aggregate key → the pairing check — and each Merkle
//! branch drawn as a path up its tree with gindices; hover or focus a node to see its bytes.
//! Keys: N / → next step, P / ← previous step.

use yew::prelude::*;

use super::common::{Badge, LabGate, Term};
use crate::lab::{BranchWalk, UpdateDigest};
use crate::provenance::{short_hex, Source};
use crate::state::use_lab;

/// The signature steps of an update, as (title, value, how).
pub fn signature_steps(u: &UpdateDigest) -> Vec<(&'static str, String, String)> {
    let c = &u.check;
    let agg = if u.participants as usize == u.bits.len() {
        (
            u.committee_aggregate_pubkey.clone(),
            "every member signed, so the participants' aggregate is the committee's aggregate_pubkey".to_string(),
        )
    } else {
        (format!("aggregate of {} keys", u.participants), format!("sum of the {} participants' G1 keys, formed inside the core's check (the committee's full aggregate is {})", u.participants, short_hex(&u.committee_aggregate_pubkey)))
    };
    vec![
        ("fork version", c.fork_version.to_string(), format!("compute_fork_version(epoch of signature_slot − 1 = {})", u.signature_slot.saturating_sub(1))),
        ("domain", c.domain.to_string(), "DOMAIN_SYNC_COMMITTEE (0x07000000) ‖ first 28 bytes of hash_tree_root(ForkData(fork version, genesis_validators_root))".into()),
        ("attested block root", c.attested_root.to_string(), format!("hash_tree_root of the attested header at slot {}", u.attested.slot)),
        ("signing root", c.signing_root.to_string(), "hash_tree_root(SigningData(attested root, domain)): the 32 bytes the committee signed".into()),
        ("participants' aggregate public key", agg.0, agg.1),
        ("pairing check", "e(aggregate key, H(signing root)) = e(G1 generator, signature) ✓".into(), format!("FastAggregateVerify with blst, {} of {} keys, signature {}", c.participants, c.committee_size, short_hex(&u.signature))),
    ]
}

#[derive(Properties, PartialEq)]
pub struct BranchProps {
    pub walk: BranchWalk,
}

/// A branch as a path up the tree: the path nodes in a column, each sibling beside it.
#[component]
pub fn BranchTree(props: &BranchProps) -> Html {
    let w = &props.walk;
    let hovered = use_state(|| None::<(String, String, u64)>);
    let levels = w.nodes.len();
    let row_h = 46.0;
    let height = (levels as f64 + 1.0) * row_h + 20.0;
    let node = |x: f64, y: f64, label: String, value: String, g: u64, class: &'static str| {
        let (h1, h2) = (hovered.clone(), hovered.clone());
        let shown = (label.clone(), value.clone(), g);
        let shown2 = shown.clone();
        html! { <g class={classes!("node", class)} tabindex="0" role="button" aria-label={format!("gindex {g}: {label}")} onmouseenter={Callback::from(move |_| h1.set(Some(shown.clone())))} onfocus={Callback::from(move |_| h2.set(Some(shown2.clone())))}>
            <rect x={(x - 70.0).to_string()} y={(y - 16.0).to_string()} width="140" height="32" rx="5" />
            <text x={x.to_string()} y={(y + 5.0).to_string()} text-anchor="middle">{ format!("{g}") }</text>
        </g> }
    };
    html! {
        <figure class="branch" aria-label={format!("{}: gindex {}", w.name, w.gindex)}>
            <figcaption><strong>{ w.name.clone() }</strong>{ format!(" — leaf {} at gindex {} (depth {}), up to {}", w.leaf_label, w.gindex, levels, w.root_label) }
                <Badge source={if w.valid { Source::Verified } else { Source::Reported }} />
                { if w.valid { " the core: valid" } else { " the core: INVALID" } }</figcaption>
            <svg viewBox={format!("0 0 420 {height}")} role="img" aria-label="Merkle path from leaf (bottom) to root (top)">
                { for w.nodes.iter().enumerate().map(|(i, n)| {
                    let y = height - 30.0 - i as f64 * row_h;
                    let (px, sx) = if n.node_is_right { (290.0, 110.0) } else { (110.0, 290.0) };
                    // The parent is the next path node up, or the root in the middle.
                    let parent_x = w.nodes.get(i + 1).map_or(200.0, |p| if p.node_is_right { 290.0 } else { 110.0 });
                    html! { <g>
                        <line class="edge" x1={px.to_string()} y1={(y - 16.0).to_string()} x2={parent_x.to_string()} y2={(y - row_h + 16.0).to_string()} />
                        <line class="edge sib" x1={sx.to_string()} y1={(y - 16.0).to_string()} x2={parent_x.to_string()} y2={(y - row_h + 16.0).to_string()} />
                        { node(px, y, n.label.clone(), n.value.clone(), n.gindex, if i == 0 { "leaf path" } else { "path" }) }
                        { node(sx, y, n.sibling_label.clone(), n.sibling.clone(), n.sibling_gindex, "sibling") }
                    </g> }
                }) }
                { node(200.0, 22.0, w.root_label.clone(), w.computed_root.clone(), 1, if w.valid { "root ok" } else { "root bad" }) }
            </svg>
            <div class="node-bytes" aria-live="polite">{ match &*hovered {
                Some((label, value, g)) => html! { <><strong>{ format!("gindex {g} · {label}") }</strong><code>{ value.clone() }</code></> },
                None => html! { <span>{ "Hover or focus a node to see its 32 bytes. Path nodes are hashed up from the leaf; siblings are the branch, as the data gives them." }</span> },
            } }</div>
            <p class="how">{ format!("reached {} · expected {}", short_hex(&w.computed_root), short_hex(&w.expected_root)) }</p>
        </figure>
    }
}

#[derive(Properties, PartialEq)]
pub struct SignatureStepsProps {
    pub update: UpdateDigest,
    /// How many steps are revealed.
    pub shown: usize,
}

/// The signature steps, revealed one at a time.
#[component]
pub fn SignatureSteps(props: &SignatureStepsProps) -> Html {
    let steps = signature_steps(&props.update);
    html! {
        <ol class="sig-steps" id="sig-steps">
            { for steps.iter().enumerate().map(|(i, (title, value, how))| html! {
                <li class={classes!("sig-step", (i < props.shown).then_some("shown"))} aria-hidden={(i >= props.shown).to_string()}>
                    <span class="t">{ *title }</span>
                    <code class="v">{ value.clone() }</code>
                    <span class="how">{ how.clone() }</span>
                    <Badge source={Source::Verified} />
                </li>
            }) }
        </ol>
    }
}

/// The step-through view.
#[component]
pub fn Stepper() -> Html {
    let (lab, _) = use_lab();
    let shown = use_state(|| 1usize);
    let pick = use_state(|| None::<usize>);
    let Some(s) = lab.summary.as_ref() else {
        return html! { <section class="view"><h2>{ "Verification step by step" }</h2><LabGate state={lab.clone()} /></section> };
    };
    let i = pick.unwrap_or_else(|| s.updates.iter().rposition(|u| u.kind == "finality_update").unwrap_or(0));
    let Some(u) = s.updates.get(i).cloned() else { return html! {} };
    let total = signature_steps(&u).len();
    let onkeydown = {
        let shown = shown.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "n" | "ArrowRight" => {
                shown.set((*shown + 1).min(total));
                e.prevent_default();
            }
            "p" | "ArrowLeft" => {
                shown.set(shown.saturating_sub(1).max(1));
                e.prevent_default();
            }
            _ => {}
        })
    };
    let next = {
        let shown = shown.clone();
        Callback::from(move |_| shown.set((*shown + 1).min(total)))
    };
    let all = {
        let shown = shown.clone();
        Callback::from(move |_| shown.set(total))
    };
    let reset = {
        let shown = shown.clone();
        Callback::from(move |_| shown.set(1))
    };
    html! {
    <section class="view stepper" aria-labelledby="st-h" tabindex="0" {onkeydown} id="stepper-view">
        <h2 id="st-h">{ "Verification step by step" }</h2>
        <p class="lede">{ "The values below are what the core computed for this update in the worker; nothing here is recomputed for show. Each Merkle branch is climbed by its " }<Term term="gindex" />{ "." }</p>
        <label>{ "Update " }<select aria-label="update to step through" onchange={{ let pick = pick.clone(); let shown = shown.clone(); Callback::from(move |e: Event| { let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value(); pick.set(v.parse().ok()); shown.set(1); }) }}>
            { for s.updates.iter().enumerate().map(|(j, v)| html! { <option value={j.to_string()} selected={j == i}>{ format!("{} (attested {})", v.file, v.attested.slot) }</option> }) }
        </select></label>
        <div class="controls" role="toolbar" aria-label="step controls">
            <button type="button" aria-label="next step (N)" onclick={next}>{ "Next step ▶" }</button>
            <button type="button" aria-label="show all steps" onclick={all}>{ "All steps" }</button>
            <button type="button" aria-label="start over" onclick={reset}>{ "Start over" }</button>
            <span class="how">{ format!("step {} of {}", *shown, total) }</span>
        </div>
        <SignatureSteps update={u.clone()} shown={*shown} />
        <h3>{ "Merkle branches" }</h3>
        <div class="branches">{ for u.branches.iter().map(|b| html! { <BranchTree walk={b.clone()} /> }) }</div>
    </section>
    }
}
