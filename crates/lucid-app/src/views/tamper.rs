//! Tamper: flip any byte or field of the finality update, hand it to the core in the worker,
//! and see which check fails (its `kind()` and message) and that the store did not change.

use yew::prelude::*;

use super::common::{Badge, LabGate};
use crate::hex::decode_hex;
use crate::lab::{Edit, Field, TamperOutcome};
use crate::provenance::{short_hex, Source};
use crate::state::use_lab;

/// Ready-made edits for workshops: (label, field path as shown, byte).
pub const PRESETS: &[(&str, &str, Option<u32>)] = &[
    ("Forge the finality proof (flip a branch byte)", "data.finality_branch[2]", Some(5)),
    ("Drop 8 signers (clear a byte of the bits)", "data.sync_aggregate.sync_committee_bits", Some(0)),
    ("Claim another proposer for the attested block", "data.attested_header.beacon.proposer_index", None),
    ("Change the finalized header's state root", "data.finalized_header.beacon.state_root", Some(0)),
    ("Move the signature slot (not signed!)", "data.signature_slot", None),
];

#[derive(Properties, PartialEq)]
pub struct OutcomeProps {
    pub outcome: TamperOutcome,
}

/// The core's verdict on an edited update.
#[component]
pub fn OutcomeCard(props: &OutcomeProps) -> Html {
    let o = &props.outcome;
    html! {
        <div class={classes!("outcome", if o.accepted { "accepted" } else { "rejected" })} id="tamper-outcome" data-kind={o.kind.clone()} role="status">
            <p class="verdict">{ if o.accepted { "ACCEPTED by the core".to_string() } else { format!("REJECTED at {}: {}", o.stage, o.kind) } }<Badge source={Source::Verified} /></p>
            if !o.accepted { <p class="message" id="tamper-message">{ o.message.clone() }</p> }
            <p class="edit">{ format!("{}: {} → {}", o.field, short_hex(&o.before), short_hex(&o.after)) }</p>
            <table class="store-compare"><thead><tr><th></th><th>{ "finalized" }</th><th>{ "optimistic" }</th></tr></thead><tbody>
                <tr><th>{ "store before" }</th><td>{ o.store_before.finalized.slot }</td><td>{ o.store_before.optimistic.slot }</td></tr>
                <tr><th>{ "store after" }</th><td>{ o.store_after.finalized.slot }</td><td>{ o.store_after.optimistic.slot }</td></tr>
            </tbody></table>
            <p class="store" id="tamper-store" data-unchanged={o.store_unchanged.to_string()}>{ if o.store_unchanged { "The store is unchanged (whole-store comparison, not only the heads)." } else { "The store changed: the core applied the update." } }</p>
        </div>
    }
}

fn is_hex(f: &Field) -> bool {
    f.value.starts_with("0x")
}

/// The tamper view.
#[component]
pub fn Tamper() -> Html {
    let (lab, handle) = use_lab();
    let field_i = use_state(|| None::<usize>);
    let Some(s) = lab.summary.as_ref() else {
        return html! { <section class="view"><h2>{ "Tamper" }</h2><LabGate state={lab.clone()} /></section> };
    };
    let fields = &s.fields;
    let fi = field_i.unwrap_or_else(|| fields.iter().position(|f| f.label() == "data.finality_branch[2]").unwrap_or(0));
    let run = |edit: Edit| {
        let handle = handle.clone();
        move || handle.tamper(edit.clone())
    };
    let preset_buttons = PRESETS.iter().filter_map(|(label, path, byte)| {
        let f = fields.iter().find(|f| f.label() == *path)?;
        let go = run(Edit { path: f.path.clone(), byte: *byte });
        Some(html! { <button type="button" onclick={Callback::from(move |_| go())}>{ *label }</button> })
    });
    let field = fields.get(fi);
    html! {
    <section class="view tamper" aria-labelledby="tm-h" id="tamper-view">
        <h2 id="tm-h">{ "Tamper" }</h2>
        <p class="lede">{ format!("Change one byte or field of {} and hand it to the core (in a worker). The store is the one the core built from the verified data before this update: finalized slot {}, optimistic slot {}.", s.target.clone().unwrap_or_default(), s.heads_before_target.finalized.slot, s.heads_before_target.optimistic.slot) }</p>
        <div class="presets" role="group" aria-label="ready-made forgeries">{ for preset_buttons }</div>
        <label>{ "Field " }<select id="tamper-field" aria-label="field to tamper with" onchange={{ let field_i = field_i.clone(); Callback::from(move |e: Event| field_i.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().parse().ok())) }}>
            { for fields.iter().enumerate().map(|(i, f)| html! { <option value={i.to_string()} selected={i == fi}>{ f.label() }</option> }) }
        </select></label>
        if let Some(f) = field {
            if is_hex(f) {
                <div class="bytes" role="group" aria-label={format!("bytes of {}: click one to flip it", f.label())}>
                    { for decode_hex(&f.value).unwrap_or_default().iter().enumerate().map(|(i, b)| {
                        let go = run(Edit { path: f.path.clone(), byte: Some(i as u32) });
                        html! { <button type="button" class="byte" aria-label={format!("flip byte {i} (0x{b:02x})")} onclick={Callback::from(move |_| go())}>{ format!("{b:02x}") }</button> }
                    }) }
                </div>
            } else {
                <p class="scalar">{ format!("{} = {} ", f.label(), f.value) }
                    <button type="button" id="tamper-scalar" onclick={{ let go = run(Edit { path: f.path.clone(), byte: None }); Callback::from(move |_| go()) }}>{ if f.path.last().is_some_and(|p| p == "version") { "relabel the fork" } else { "add 1" } }</button></p>
            }
        }
        if lab.tampering { <p role="status">{ "The core is checking…" }</p> }
        { match lab.tamper.as_deref() {
            Some(Ok(o)) => html! { <><OutcomeCard outcome={o.clone()} /><p class="how">{ format!("checked in {:.0} ms in the worker", lab.tamper_ms.unwrap_or(0.0)) }</p></> },
            Some(Err(e)) => html! { <p class="error">{ e.clone() }</p> },
            None => html! { <p class="how">{ "Pick a forgery above, or a field and a byte." }</p> },
        } }
    </section>
    }
}
