//! What a validator earns and risks: the spec's reward weights for a chosen effective balance, total
//! stake and participation, as a yearly figure with its parts, and what being offline or slashed
//! costs instead (`lucid_duties::epoch_rewards`, `slashing_amounts`).

use lucid_duties::{epoch_rewards, EFFECTIVE_BALANCE_INCREMENT, EPOCHS_PER_YEAR};
use yew::prelude::*;

use super::common::{balance_buttons, set_number, Badge};
use super::slashing::cost;
use crate::provenance::Source;

/// Gwei as ETH with 4 decimals.
fn eth4(gwei: f64) -> String {
    format!("{:.4}", gwei / EFFECTIVE_BALANCE_INCREMENT as f64)
}

/// Gwei per epoch as ETH per year.
pub fn eth_per_year(per_epoch_gwei: f64) -> f64 {
    per_epoch_gwei * EPOCHS_PER_YEAR / EFFECTIVE_BALANCE_INCREMENT as f64
}

/// A year of a validator of `effective_eth` among `total_eth` staked at `participation` percent:
/// what doing every duty earns and what being offline costs, in ETH (`None` for unusable inputs).
pub fn year_in_eth(effective_eth: u64, total_eth: u64, participation: u64) -> Option<(f64, f64)> {
    let r = epoch_rewards(
        effective_eth * EFFECTIVE_BALANCE_INCREMENT,
        total_eth.saturating_mul(EFFECTIVE_BALANCE_INCREMENT),
        participation,
    )
    .ok()?;
    Some((eth_per_year(r.total()), eth_per_year(r.offline_total())))
}

/// The earnings view.
#[component]
pub fn Earnings() -> Html {
    let effective = use_state(|| 32u64);
    let total = use_state(|| 34_000_000u64);
    let participation = use_state(|| 97u64);
    let eb = *effective * EFFECTIVE_BALANCE_INCREMENT;
    let r = epoch_rewards(eb, total.saturating_mul(EFFECTIVE_BALANCE_INCREMENT), *participation);
    let computed = html! { <Badge source={Source::Computed} /> };
    let yr4 = |per_epoch: f64| format!("{:.4}", eth_per_year(per_epoch));
    let figures = match r {
        Err(e) => html! { <p class="lab-gate" data-state="error">{ e.to_string() }</p> },
        Ok(r) => {
            let [source, target, head] = r.attestation;
            let yearly = eth_per_year(r.total());
            let apr = yearly / *effective as f64 * 100.0;
            let slashed = cost(*effective, *total, 0);
            html! { <>
                <table class="earnings" id="earn-table">
                    <caption>{ "Income of a validator that does every duty" }{ computed.clone() }</caption>
                    <thead><tr><th>{ "part" }</th><th>{ "per epoch (Gwei)" }</th><th>{ "per year (ETH)" }</th><th>{ "how" }</th></tr></thead>
                    <tbody>
                        <tr><td>{ "source vote" }</td><td>{ source }</td><td>{ yr4(source as f64) }</td><td>{ "base reward × 14/64 × participation" }</td></tr>
                        <tr><td>{ "target vote" }</td><td>{ target }</td><td>{ yr4(target as f64) }</td><td>{ "base reward × 26/64 × participation" }</td></tr>
                        <tr><td>{ "head vote" }</td><td>{ head }</td><td>{ yr4(head as f64) }</td><td>{ "base reward × 14/64 × participation" }</td></tr>
                        <tr><td>{ "proposing (expected)" }</td><td>{ format!("{:.0}", r.proposer) }</td><td>{ yr4(r.proposer) }</td><td>{ "chance to propose × 8/64 of the rewards it includes" }</td></tr>
                        <tr><td>{ "sync committee (expected)" }</td><td>{ format!("{:.0}", r.sync) }</td><td>{ yr4(r.sync) }</td><td>{ "chance of a seat × 2/64 of all base rewards" }</td></tr>
                    </tbody>
                </table>
                <dl class="facts">
                    <div class="figure"><dt>{ "base reward" }</dt><dd><span class="value" id="earn-base">{ r.base_reward }</span>{ " Gwei per epoch" }{ computed.clone() }<span class="how">{ "effective balance in ETH × 64 × 10⁹ / √(total stake in Gwei)" }</span></dd></div>
                    <div class="figure"><dt>{ "a year, every duty done" }</dt><dd><span class="value" id="earn-year">{ format!("{yearly:.4}") }</span>{ format!(" ETH ({apr:.2}% of {} ETH)", *effective) }{ computed.clone() }</dd></div>
                    <div class="figure"><dt>{ "a year offline" }</dt><dd><span class="value" id="earn-offline">{ format!("−{}", yr4(r.offline_total())) }</span>{ " ETH" }{ computed.clone() }<span class="how">{ "missed source and target votes (40/64 of the base reward) and sync signatures; outside an inactivity leak" }</span></dd></div>
                    <div class="figure"><dt>{ "slashed, alone" }</dt><dd><span class="value" id="earn-slashed">{ format!("−{}", eth4(slashed.total as f64)) }</span>{ " ETH at once, then forced to exit" }{ computed }<span class="how">{ "more if others are slashed in the same weeks (Slashing tab)" }</span></dd></div>
                </dl>
            </> }
        }
    };
    html! {
    <section class="view earnings-view" aria-labelledby="earn-h" id="earnings-view">
        <h2 id="earn-h">{ "What a validator earns and risks" }</h2>
        <p class="lede">{ "Every epoch the protocol pays each validator up to one base reward, which falls as more ETH is staked (∝ 1/√total): 54/64 for its three votes, 8/64 to proposers for including votes, 2/64 to the sync committee. Being offline costs a little less than voting earns; being slashed costs far more. " }
            <strong>{ "What a light client can verify: none of these payments" }</strong>{ " (they are balances in the state); the figures are the spec's reward functions computed on the inputs you choose." }</p>
        { balance_buttons(&effective, &[32, 64, 256, 1024, 2048], "earn-eb-") }
        <div class="controls">
            <label>{ "total active stake (ETH) " }<input type="number" min="1" id="earn-total" value={total.to_string()} oninput={set_number(&total, 1, 1_000_000_000)} /></label>
            <label class="scrub">{ "participation: " }<input type="range" min="0" max="100" id="earn-participation" value={participation.to_string()} oninput={set_number(&participation, 0, 100)} aria-label="percent of stake voting on time" /><span class="value">{ format!("{}%", *participation) }</span></label>
        </div>
        { figures }
    </section>
    }
}
