//! Threshold keys (distributed validators): one teaching validator key split t-of-n by Shamir's
//! scheme over the BLS scalar field; each operator signs with its share; any t partial signatures
//! combine by Lagrange interpolation into the validator's own signature, t − 1 do not. The
//! audience picks who is offline. Computed in the worker (`crate::keys`).

use yew::prelude::*;

use super::aggregate::default_keys_query;
use super::common::{set_number, toggled, verdict, Badge};
use crate::keys::{KeysAnswer, KeysQuery};
use crate::provenance::{short_hex, Source};
use crate::state::use_lab;

/// The most operators the view offers.
pub const MAX_SHOWN_OPERATORS: u64 = 10;

#[derive(Properties, PartialEq)]
pub struct OperatorsProps {
    pub answer: std::rc::Rc<KeysAnswer>,
    /// Called with an operator's number to switch it on or offline; none: the table is read-only.
    #[prop_or_default]
    pub toggle: Option<Callback<u64>>,
}

/// The operators' shares and partial signatures, and what they combine into.
#[component]
pub fn Operators(props: &OperatorsProps) -> Html {
    let a = &props.answer;
    let t = &a.threshold;
    let q = &a.query;
    let online = t.operators.iter().filter(|o| o.online).count() as u64;
    let computed = html! { <Badge source={Source::Computed} /> };
    html! { <>
        <table class="keys" id="tk-operators">
            <thead><tr><th>{ "operator" }</th><th>{ "share's public key" }</th><th>{ "partial signature" }</th><th>{ "under its share" }</th><th title="the Lagrange coefficient at 0 over the signing operators, as a fraction; the worker uses it mod r (hover a value for that field element)">{ "λ at 0" }</th><th>{ "signs?" }</th></tr></thead>
            <tbody>{ for t.operators.iter().map(|o| {
                let n = o.operator;
                let button = match &props.toggle {
                    Some(toggle) => {
                        let toggle = toggle.clone();
                        html! { <button id={format!("tk-op-{n}")} aria-pressed={o.online.to_string()} onclick={Callback::from(move |_| toggle.emit(n))}>{ if o.online { "online" } else { "offline" } }</button> }
                    }
                    None => html! { { if o.online { "online" } else { "offline" } } },
                };
                html! {
                    <tr class={classes!((!o.online).then_some("dropped"))}>
                        <td>{ format!("#{n}") }</td><td title={o.public.clone()}>{ short_hex(&o.public) }</td><td title={o.partial.clone()}>{ short_hex(&o.partial) }</td>
                        <td>{ verdict(o.verifies_share, "verifies", "fails") }</td>
                        <td class="lagrange" title={o.lagrange.clone().unwrap_or_default()}>{ o.lagrange_fraction.clone().unwrap_or_else(|| "—".into()) }</td>
                        <td>{ button }</td>
                    </tr>
                }
            }) }</tbody>
        </table>
        <dl class="facts" id="tk-result" data-online={online.to_string()} data-verifies={t.combined_verifies.to_string()} data-equals={t.equals_direct.to_string()}>
            <div class="figure"><dt>{ "combined signature" }</dt><dd><span class="value" id="tk-combined" title={t.combined.clone().unwrap_or_default()}>{ t.combined.as_deref().map_or("none (every operator offline)".to_string(), short_hex) }</span>{ computed.clone() }<span class="how">{ format!("Σ λᵢ·σᵢ over the {online} signing operators") }</span></dd></div>
            <div class="figure"><dt>{ "under the validator's key" }</dt><dd><span class="value" id="tk-verifies">{ verdict(t.combined_verifies, "verifies", "fails") }</span>{ computed.clone() }<span class="how">{ if online >= q.threshold {
                format!("{online} ≥ t = {}: the shares pin down the degree-{} polynomial, and its value at 0 is the validator's secret", q.threshold, q.threshold - 1)
            } else {
                format!("{online} < t = {}: too few points for a degree-{} polynomial; the result is some other point", q.threshold, q.threshold - 1)
            } }</span></dd></div>
            <div class="figure"><dt>{ "same as the whole key's signature" }</dt><dd>{ verdict(t.equals_direct, "identical bytes", "different") }{ computed }<span class="how">{ "no one ever held the whole key to make it" }</span></dd></div>
        </dl>
    </> }
}

/// The threshold-keys view.
#[component]
pub fn Threshold() -> Html {
    let (lab, handle) = use_lab();
    let threshold = use_state(|| 3u64);
    let operators = use_state(|| 5u64);
    let offline = use_state(Vec::<u64>::new);
    let query = KeysQuery {
        threshold: (*threshold).min(*operators),
        operators: *operators,
        offline: offline.iter().copied().filter(|o| *o <= *operators).collect(),
        ..default_keys_query()
    };
    {
        let handle = handle.clone();
        use_effect_with(query.clone(), move |q| handle.keys(q.clone()));
    }
    let toggle = {
        let offline = offline.clone();
        Callback::from(move |n: u64| {
            offline.set(toggled(&offline, n));
        })
    };
    let body = match lab.keys.as_deref().and_then(|a| a.for_query(&query)) {
        Some(Ok(a)) => html! { <>
            <dl class="facts">
                <div class="figure"><dt>{ "validator 1's public key" }</dt><dd><span class="value" id="tk-validator" title={a.threshold.validator.clone()}>{ short_hex(&a.threshold.validator) }</span><Badge source={Source::Computed} /><span class="how">{ "what the beacon chain knows; its secret is f(0), which no operator holds" }</span></dd></div>
            </dl>
            <Operators answer={std::rc::Rc::new(a.clone())} toggle={Some(toggle)} />
        </> },
        Some(Err(e)) => html! { <p class="lab-gate" data-state="error">{ e.to_string() }</p> },
        None => html! { <p role="status">{ "The worker is splitting the key…" }</p> },
    };
    html! {
    <section class="view threshold" aria-labelledby="tk-h" id="threshold-view">
        <h2 id="tk-h">{ "Threshold keys" }</h2>
        <p class="lede">{ "A distributed validator runs one validator key on several machines, so that no single operator can sign alone or take it offline. The key's secret is the value at 0 of a random polynomial of degree t − 1; operator i holds its value at i. Each signs with its share, and any t partial signatures add up, weighted by Lagrange coefficients, to the validator's own signature. " }
            <strong>{ "What a light client can verify: nothing different — the combined signature is an ordinary BLS signature under the validator's key," }</strong>{ " which is the point: the chain cannot tell a distributed validator from a single one. The keys here are teaching keys; the curve arithmetic is real (blst, in the worker)." }</p>
        <div class="controls">
            <label>{ "threshold t " }<input type="number" id="tk-t" min="1" max={operators.to_string()} value={(*threshold).min(*operators).to_string()} oninput={set_number(&threshold, 1, MAX_SHOWN_OPERATORS)} /></label>
            <label>{ "operators n " }<input type="number" id="tk-n" min="1" max={MAX_SHOWN_OPERATORS.to_string()} value={operators.to_string()} oninput={set_number(&operators, 1, MAX_SHOWN_OPERATORS)} /></label>
            <span class="note">{ "Switch operators offline below: with fewer than t signing, the signature fails." }</span>
        </div>
        { body }
    </section>
    }
}
