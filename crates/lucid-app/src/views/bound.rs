//! Why 2/3: sliders for offline and dishonest stake show when finality stops (and how long the
//! inactivity leak takes to restore it), when conflicting finality becomes possible (and that it
//! then costs a third of the stake), the same thresholds read as client shares, and the light
//! client's own 342-of-512 line.

use lucid_duties::{simulate_leak, LeakOutcome};
use yew::prelude::*;

use super::chain::supermajority;
use super::common::Badge;
use crate::provenance::Source;

/// Validators of 32 ETH behind the total stake the view assumes (34 million ETH).
const VALIDATORS: u64 = 34_000_000 / 32;
/// The most epochs simulated (about 89 days).
const MAX_EPOCHS: u64 = 20_000;

/// Days in `epochs` epochs of 6.4 minutes.
fn days(epochs: u64) -> f64 {
    epochs as f64 * 6.4 / 60.0 / 24.0
}

/// `percent` of the validators, rounded down.
fn share(percent: u64) -> u64 {
    VALIDATORS * percent.min(100) / 100
}

/// At least 2/3 (in whole percent of stake, so 67% and up).
fn two_thirds_or_more(percent: u64) -> bool {
    percent * 3 >= 200
}

/// At least 1/3 (34% and up in whole percent).
fn a_third_or_more(percent: u64) -> bool {
    percent * 3 >= 100
}

/// The leak's outcome when `percent` of the stake does not vote.
pub fn leak(percent: u64) -> Option<LeakOutcome> {
    simulate_leak(VALIDATORS, share(percent), MAX_EPOCHS).ok()
}

/// How the leak ends, in words.
pub fn leak_text(o: Option<LeakOutcome>) -> String {
    match o.and_then(|o| o.epochs.map(|e| (o, e))) {
        Some((o, e)) => format!(
            "finality returns after {e} epochs (~{:.1} days), when the silent validators are down to {:.2} ETH{}",
            days(e),
            o.offline_balance as f64 / 1e9,
            if o.ejected { " and ejected" } else { "" }
        ),
        None => format!("finality does not return within {MAX_EPOCHS} epochs"),
    }
}

#[derive(Properties, PartialEq)]
struct SliderProps {
    id: &'static str,
    label: &'static str,
    value: u64,
    max: u64,
    onchange: Callback<u64>,
}

#[component]
fn Slider(props: &SliderProps) -> Html {
    let onchange = props.onchange.clone();
    let max = props.max;
    let oninput = Callback::from(move |e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        if let Ok(n) = input.value().parse::<u64>() {
            onchange.emit(n.min(max));
        }
    });
    html! {
        <label class="scrub">{ props.label }
            <input type="range" min="0" max={props.max.to_string()} id={props.id} value={props.value.to_string()} {oninput} />
            <span class="value" id={format!("{}-value", props.id)}>{ format!("{}%", props.value) }</span>
        </label>
    }
}

/// A bar of the stake: honest online, offline, dishonest; with the 1/3 and 2/3 lines.
pub fn stake_bar(online: u64, offline: u64, dishonest: u64) -> Html {
    html! {
        <div class="stake-bar" role="img" aria-label={format!("{online}% honest and online, {offline}% offline, {dishonest}% dishonest")}>
            <div class="part online" style={format!("width:{online}%")}></div>
            <div class="part offline" style={format!("width:{offline}%")}></div>
            <div class="part dishonest" style={format!("width:{dishonest}%")}></div>
            <div class="line" style="left:33.333%"><span>{ "1/3" }</span></div>
            <div class="line" style="left:66.667%"><span>{ "2/3" }</span></div>
        </div>
    }
}

/// The Why 2/3 view.
#[component]
pub fn Bound() -> Html {
    let offline = use_state(|| 40u64);
    let dishonest = use_state(|| 0u64);
    let client = use_state(|| 40u64);
    let (off, bad) = (*offline, (*dishonest).min(100 - *offline));
    let online = 100 - off - bad;
    let computed = html! { <Badge source={Source::Computed} /> };
    let set = |s: &UseStateHandle<u64>| {
        let s = s.clone();
        Callback::from(move |n: u64| s.set(n))
    };
    // Dishonest validators can withhold their votes: for liveness, count them as silent.
    let live = two_thirds_or_more(online);
    let liveness = if live {
        format!("Finality continues: {online}% honest and online is at least 2/3, whatever the others do.")
    } else {
        format!("Finality stops: only {online}% is sure to vote, short of 2/3. The inactivity leak drains the silent stake; {}.", leak_text(leak(off + bad)))
    };
    let safety = if a_third_or_more(bad) {
        format!("Conflicting finality is possible: {bad}% can vote for two histories (with the honest stake split, e.g. by a partition). Then at least 1/3 of the stake has double- or surround-voted, provably: it is slashed (the Slashing tab shows how much).")
    } else {
        format!("Conflicting finality is impossible: two conflicting finalized checkpoints need two 2/3 votes, which overlap in at least 1/3 of the stake; {bad}% is not enough to sign both.")
    };
    let c = *client;
    let client_text = if two_thirds_or_more(c) {
        "Over 2/3: the buggy chain finalizes. Validators on the other clients cannot join it without a surround vote, so they are stuck on a chain that leaks them out — the bug becomes history."
            .to_string()
    } else if a_third_or_more(c) {
        format!("Between 1/3 and 2/3: neither chain has 2/3, so finality halts; on the correct chain the buggy clients' stake is leaked until it has 2/3 again ({}).", leak_text(leak(c)))
    } else {
        "Under 1/3: the chain finalizes without them; the buggy nodes fall off it and lose a little for the missed votes until they are fixed.".to_string()
    };
    let lc_line = supermajority(512);
    html! {
    <section class="view bound" aria-labelledby="bound-h" id="bound-view">
        <h2 id="bound-h">{ "Why 2/3" }</h2>
        <p class="lede">{ "Finality needs votes from 2/3 of the stake. Two such votes for conflicting checkpoints must share at least 1/3 of the stake — and signing both is slashable. So over 1/3 offline halts finality, and breaking it costs a third of all stake. " }
            <strong>{ "What a light client can verify: not the votes themselves." }</strong>{ " It trusts that 2/3 of the stake finalized through the sync committee's signatures (its own 2/3 line, below); the numbers here are the spec's rules computed on the shares you choose, for 34 million ETH in 32-ETH validators." }</p>
        { stake_bar(online, off, bad) }
        <div class="controls sliders">
            <Slider id="bound-offline" label="offline: " value={off} max={100} onchange={set(&offline)} />
            <Slider id="bound-dishonest" label="dishonest: " value={bad} max={100 - off} onchange={set(&dishonest)} />
        </div>
        <dl class="facts">
            <div class="figure"><dt>{ "liveness" }</dt><dd><span class="prose" id="bound-liveness" data-live={live.to_string()}>{ liveness }</span>{ computed.clone() }</dd></div>
            <div class="figure"><dt>{ "safety" }</dt><dd><span class="prose" id="bound-safety" data-safe={(!a_third_or_more(bad)).to_string()}>{ safety }</span>{ computed.clone() }</dd></div>
        </dl>
        <h3>{ "The same lines, read as client shares" }</h3>
        <div class="controls sliders"><Slider id="bound-client" label="stake on a client with a consensus bug: " value={c} max={100} onchange={set(&client)} /></div>
        <p class="prose" id="bound-client-text" data-band={if two_thirds_or_more(c) { "over" } else if a_third_or_more(c) { "halt" } else { "under" }}>{ client_text }{ computed.clone() }</p>
        <p class="note">{ "That is why no client should run more than 1/3 of the stake, and none ever more than 2/3." }</p>
        <h3>{ "The light client's own 2/3" }</h3>
        <p>{ "A finality update is applied only if at least " }<span class="value" id="bound-lc-line">{ lc_line }</span>{ " of the 512 sync-committee members signed it (512 × 2/3, rounded up)." }{ computed }</p>
    </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_thresholds_are_thirds_of_the_stake() {
        assert!(!two_thirds_or_more(66) && two_thirds_or_more(67));
        assert!(!a_third_or_more(33) && a_third_or_more(34));
        assert_eq!(leak(30).and_then(|o| o.epochs), Some(0));
        let (a, b) = (leak(40).and_then(|o| o.epochs).unwrap(), leak(50).and_then(|o| o.epochs).unwrap());
        assert!(0 < a && a < b, "{a} {b}");
        assert!((days(225) - 1.0).abs() < 1e-9);
    }
}
