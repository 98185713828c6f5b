//! The Live tab's "Check an account" panel: ask an execution node for an account's proof at the
//! verified finalized head (or show a recorded mainnet answer), and draw the walk from the state
//! root to the account, node by node, with the nibbles of the key each node takes. A tamper
//! option flips a byte of one node to show which check refuses it. The walk runs in the worker
//! (`crate::account`); the page only draws its answer.

use lucid_execution::trie::{Step, StepKind};
use yew::prelude::*;

use crate::account::{AccountAnswer, AccountQuery, AccountSource};
use crate::provenance::{short_hex, Figure, Source};
use crate::state::AppContext;

const WEI_PER_ETH: f64 = 1e18;

fn input_value(e: &InputEvent) -> String {
    use wasm_bindgen::JsCast;
    e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).map(|i| i.value()).unwrap_or_default()
}

/// The panel.
#[component]
pub fn AccountPanel() -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let endpoint = use_state(String::new);
    let address = use_state(String::new);
    let asked = use_state(|| None::<AccountQuery>);
    let head = ctx.state.live.finalized.clone();
    let ask = {
        let (ctx, asked) = (ctx.clone(), asked.clone());
        Callback::from(move |query: AccountQuery| {
            ctx.account(query.clone());
            asked.set(Some(query));
        })
    };
    let on_live = {
        let (ask, endpoint, address, head) = (ask.clone(), endpoint.clone(), address.clone(), head.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(head) = head.clone() {
                let source = AccountSource::Live { endpoint: endpoint.trim().to_string(), head };
                ask.emit(AccountQuery { source, address: address.trim().to_string(), tamper: None });
            }
        })
    };
    let on_recorded = {
        let ask = ask.clone();
        Callback::from(move |_| {
            ask.emit(AccountQuery { source: AccountSource::Recorded, address: String::new(), tamper: None });
        })
    };
    let on_tamper = {
        let (ask, asked) = (ask.clone(), asked.clone());
        Callback::from(move |e: Event| {
            use wasm_bindgen::JsCast;
            let value = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()).map(|s| s.value());
            if let Some(query) = (*asked).clone() {
                ask.emit(AccountQuery { tamper: value.and_then(|v| v.parse().ok()), ..query });
            }
        })
    };
    let answer = ctx.state.account.clone().filter(|a| Some(&a.query) == asked.as_ref());
    let can_ask = head.is_some() && !endpoint.trim().is_empty() && !address.trim().is_empty();
    html! {
        <section class="panel" id="account-panel" aria-labelledby="account-heading">
            <h2 id="account-heading">{ "Check an account" }</h2>
            <p class="note"><b>{ "An execution node's answer counts only when its proof leads, node by node, from a verified state root to the account." }</b>
                { " The node is asked for eth_getProof at the execution block of the verified finalized header; each node's keccak-256 must be the hash its parent names, and the nibbles of keccak-256(address) choose the way down." }</p>
            <form id="account-form" onsubmit={on_live}>
                <div class="file-row">
                    <label for="account-endpoint">{ "Execution JSON-RPC endpoint (asked for proofs, trusted for nothing)" }</label>
                    <input id="account-endpoint" type="text" spellcheck="false" autocomplete="off" placeholder="https://…"
                        value={(*endpoint).clone()} oninput={let s = endpoint.clone(); Callback::from(move |e| s.set(input_value(&e)))} />
                </div>
                <div class="file-row">
                    <label for="account-address">{ "Address" }</label>
                    <input id="account-address" type="text" spellcheck="false" autocomplete="off" placeholder="0x… 40 hex digits"
                        value={(*address).clone()} oninput={let s = address.clone(); Callback::from(move |e| s.set(input_value(&e)))} />
                </div>
                <div class="buttons">
                    <button id="account-check" type="submit" disabled={!can_ask}>{ "Check at the verified head" }</button>
                    <button id="account-recorded" type="button" onclick={on_recorded}>{ "Show a recorded mainnet answer" }</button>
                </div>
                if head.is_none() {
                    <p class="hint">{ "Sync first: the check needs a verified finalized head. The recorded answer needs nothing." }</p>
                }
            </form>
            if let Some(answer) = answer {
                <AnswerView answer={answer} on_tamper={on_tamper} />
            } else if asked.is_some() {
                <p id="account-verdict" class="status" data-state="running">{ "The worker is walking the proof…" }</p>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AnswerProps {
    answer: std::rc::Rc<AccountAnswer>,
    on_tamper: Callback<Event>,
}

/// What one step did, in words.
fn step_text(step: &Step) -> String {
    let hex_path = |p: &[u8]| p.iter().map(|n| format!("{n:x}")).collect::<String>();
    match &step.kind {
        StepKind::Branch { nibble, present: true } => {
            format!("branch: takes nibble {nibble:x} (key position {})", step.depth)
        }
        StepKind::Branch { nibble, present: false } => {
            format!("branch: child {nibble:x} is empty, so the account is absent")
        }
        StepKind::Extension { path } if step.diverges => {
            format!("extension {}: the key goes another way, so the account is absent", hex_path(path))
        }
        StepKind::Extension { path } => format!("extension: the next {} nibbles are {}", path.len(), hex_path(path)),
        StepKind::Leaf { .. } if step.diverges => "leaf for another key: the account is absent".to_string(),
        StepKind::Leaf { path } => format!("leaf: the last {} nibbles match; it holds the account", path.len()),
    }
}

#[component]
fn AnswerView(props: &AnswerProps) -> Html {
    let a = &props.answer;
    let recorded = a.query.source == AccountSource::Recorded;
    let root_source = if recorded { Source::Reported } else { Source::Verified };
    let steps: &[Step] = a.result.as_ref().map(|v| v.path.steps.as_slice()).unwrap_or_default();
    // Nibbles of the key each step took: [start, end) per step.
    let mut taken = vec![None::<usize>; a.key.len()];
    for (i, s) in steps.iter().enumerate() {
        let n = match &s.kind {
            StepKind::Branch { .. } => 1,
            StepKind::Extension { path } | StepKind::Leaf { path } => path.len(),
        };
        for t in taken.iter_mut().skip(s.depth).take(n) {
            *t = Some(i);
        }
    }
    let nodes = a.nodes.iter().enumerate().map(|(i, node)| {
        // The walk checks nodes in order: those before a refused node passed their hash check.
        let state = match (a.failed_node, &a.result) {
            (Some(f), _) if f == i => "failed",
            (Some(f), _) if i < f => "ok",
            (_, Ok(_)) => "ok",
            _ => "unreached",
        };
        let walked: Vec<&Step> = steps.iter().filter(|s| s.index == i).collect();
        let hash = walked.first().and_then(|s| s.hash).map(|h| short_hex(&h)).unwrap_or_default();
        html! {
            <li data-state={state}>
                <span class="node-name">{ format!("node {i}") }</span>
                <span class="node-size">{ format!("{} bytes", node.len) }</span>
                if !hash.is_empty() { <code title="keccak-256 of the node, as its parent names it">{ hash }</code> }
                if let Some(at) = node.flipped { <span class="tampered">{ format!("byte {at} flipped") }</span> }
                <ul>
                    { for walked.iter().map(|s| html! { <li class={if s.hash.is_none() { "embedded" } else { "" }}>{ step_text(s) }</li> }) }
                    if state == "ok" && walked.is_empty() { <li>{ "its hash is the one its parent names" }</li> }
                    if state == "failed" { <li>{ "refused here" }</li> }
                    if state == "unreached" { <li>{ "not reached" }</li> }
                </ul>
            </li>
        }
    });
    let how = |what: &str| {
        if recorded {
            format!("{what} proven against the recorded state root, which this page did not verify")
        } else {
            format!("{what} proven against the verified state root")
        }
    };
    html! {
        <div id="account-answer" data-source={if recorded { "recorded" } else { "live" }}>
            <dl class="figures">
                if let Some(anchor) = &a.anchor {
                    <Figure label="State root" id={Some(AttrValue::from("account-state-root"))} value={anchor.state_root.to_string()} source={root_source}
                        how={if recorded {
                            format!("execution block {} as recorded (beacon slot {}); no light-client data here reaches that block", anchor.block_number, anchor.slot)
                        } else {
                            format!("execution payload header of the verified finalized header, slot {} (execution block {})", anchor.slot, anchor.block_number)
                        }} />
                }
                <Figure label="Address" value={a.address.clone()} source={Source::Input} />
            </dl>
            <p class="hint">{ "Its key in the state trie, keccak-256(address), nibble by nibble; the coloured ones are those the proof's nodes took:" }</p>
            <div id="account-key" class="nibbles">
                { for a.key.iter().zip(&taken).map(|(n, t)| html! {
                    <span class={match t { Some(i) if i % 2 == 0 => "taken even", Some(_) => "taken odd", None => "" }}>{ format!("{n:x}") }</span>
                }) }
            </div>
            <label class="tamper-pick">{ "Tamper with " }
                <select id="account-tamper" onchange={props.on_tamper.clone()}>
                    <option value="" selected={a.query.tamper.is_none()}>{ "no node" }</option>
                    { for (0..a.nodes.len()).map(|i| html! { <option value={i.to_string()} selected={a.query.tamper == Some(i)}>{ format!("node {i}: flip a byte") }</option> }) }
                </select>
            </label>
            <ol id="account-path" class="trie-path">{ for nodes }</ol>
            { match &a.result {
                Ok(v) => {
                    let balance = v.account.balance.to_decimal();
                    let eth = balance.parse::<f64>().map(|w| w / WEI_PER_ETH).unwrap_or_default();
                    let source = if recorded { Source::Reported } else { Source::Verified };
                    html! {
                        <>
                            <p id="account-verdict" class="status" data-state="verified">{
                                if v.exists { "The proof holds: the account is as below." } else { "The proof holds: the account does not exist at this block." }
                            }</p>
                            <dl class="figures">
                                <Figure label="Balance" id={Some(AttrValue::from("account-balance"))} value={format!("{eth:.6} ETH ({balance} wei)")} source={source} how={how("the account leaf,")} />
                                <Figure label="Nonce" value={v.account.nonce.to_string()} source={source} how={how("the account leaf,")} />
                                <Figure label="Code hash" value={v.account.code_hash.to_string()} source={source} how={how("the account leaf,")} />
                                <Figure label="Storage root" value={v.account.storage_root.to_string()} source={source} how={how("the account leaf,")} />
                            </dl>
                        </>
                    }
                }
                Err(e) => html! { <p id="account-verdict" class="status" data-state="rejected">{ format!("Refused: {e}") }</p> },
            } }
        </div>
    }
}
