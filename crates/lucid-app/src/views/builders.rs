//! Proposers and builders: a real block bought from a builder (its fee recipient, the last
//! transaction paying the proposer, the gas and the burned base fee), the same slot under Gloas's
//! enshrined separation (signed bid, commitment, payload-timeliness vote, the payment the protocol
//! settles), and what a light client's header proves in each.

use lucid_duties::{Preset, EFFECTIVE_BALANCE_INCREMENT};
use yew::prelude::*;

use super::chosen::SEED_BLOCK_SLOT;
use super::common::{Badge, LabGate};
use crate::block::{link_block, BlockSummary};
use crate::provenance::{short_hex, Source};
use crate::state::use_lab;

/// Wei per ETH.
const WEI_PER_ETH: f64 = 1e18;

/// The block the view reads (mainnet execution block 17923026, built by a builder).
pub const BUILDER_BLOCK_SLOT: u64 = SEED_BLOCK_SLOT;

/// `BUILDER_PAYMENT_THRESHOLD_NUMERATOR / _DENOMINATOR` (Gloas): the share of a slot's attesting
/// weight a block needs for its builder's payment to be settled.
pub const BUILDER_PAYMENT_THRESHOLD: (u64, u64) = (6, 10);

/// Base fee burned by a payload, in wei: `gas_used × base_fee_per_gas`.
pub fn burned_wei(gas_used: u64, base_fee_per_gas: u128) -> Option<u128> {
    u128::from(gas_used).checked_mul(base_fee_per_gas)
}

fn eth(wei: u128) -> String {
    format!("{:.6}", wei as f64 / WEI_PER_ETH)
}

/// What the chosen block shows of today's separation.
fn today(block: &BlockSummary, source: Source) -> Html {
    let Some(p) = &block.payload else {
        return html! { <p class="note">{ "This block has no execution payload (before the Merge)." }</p> };
    };
    let burned = burned_wei(p.gas_used, p.base_fee_per_gas);
    let payment = p.last_transfer.as_ref().filter(|t| !t.to.is_empty());
    html! {
        <dl class="facts" id="pbs-today" data-fee-recipient={p.fee_recipient.clone()} data-to={payment.map(|t| t.to.clone()).unwrap_or_default()} data-value-wei={payment.map(|t| t.value_wei.to_string()).unwrap_or_default()} data-burned-wei={burned.map(|b| b.to_string()).unwrap_or_default()}>
            <div class="figure"><dt>{ "fee recipient" }</dt><dd><span class="value" title={p.fee_recipient.clone()}>{ short_hex(&p.fee_recipient) }</span><Badge {source} /><span class="how">{ "the builder's address: it collects every priority fee and MEV of the block" }</span></dd></div>
            <div class="figure"><dt>{ format!("last of {} transactions", p.transaction_count) }</dt><dd>{ match payment {
                Some(t) => html! { <><span class="value" id="pbs-payment">{ format!("{} ETH", eth(t.value_wei)) }</span>{ " to " }<span title={t.to.clone()}>{ short_hex(&t.to) }</span></> },
                None => html! { <span class="value">{ "not a plain transfer" }</span> },
            } }<Badge {source} /><span class="how">{ "usually the builder's payment to the proposer's own fee recipient — its bid. The sender would take an ECDSA recovery this page does not do; the protocol itself neither knows nor enforces the deal." }</span></dd></div>
            <div class="figure"><dt>{ "gas" }</dt><dd><span class="value">{ format!("{} of {}", p.gas_used, p.gas_limit) }</span>{ format!(" ({:.0}%)", p.gas_used as f64 / p.gas_limit.max(1) as f64 * 100.0) }<Badge {source} /></dd></div>
            <div class="figure"><dt>{ "base fee burned" }</dt><dd><span class="value" id="pbs-burned">{ burned.map_or("overflow".into(), |b| format!("{} ETH", eth(b))) }</span><Badge source={Source::Computed} /><span class="how">{ format!("gas used × base fee ({:.2} gwei): paid by the senders, received by no one", p.base_fee_per_gas as f64 / EFFECTIVE_BALANCE_INCREMENT as f64) }</span></dd></div>
        </dl>
    }
}

/// The builders view.
#[component]
pub fn Builders() -> Html {
    let (lab, handle) = use_lab();
    {
        let handle = handle.clone();
        use_effect_with((), move |_| handle.block(BUILDER_BLOCK_SLOT));
    }
    let Some(s) = lab.summary.as_ref() else {
        return html! { <section class="view"><h2>{ "Proposers and builders" }</h2><LabGate state={lab.clone()} /></section> };
    };
    let block = lab.block(BUILDER_BLOCK_SLOT);
    let block_part = match &block {
        None => html! { <p role="status">{ format!("Loading block {BUILDER_BLOCK_SLOT}…") }</p> },
        Some(block) => {
            let linked = link_block(block, &s.verified_headers()).is_verified();
            let source = if linked { Source::Verified } else { Source::Reported };
            html! { <>
                <p class="note">{ format!("Block {} (execution block {}), {}.", block.slot, block.execution_block_number, if linked { "whose root matches a verified header, so its payload is the one the chain committed to" } else { "not linked to a verified header: as reported by its file" }) }</p>
                { today(block, source) }
            </> }
        }
    };
    let (num, den) = BUILDER_PAYMENT_THRESHOLD;
    let ptc = Preset::MAINNET.ptc_size;
    html! {
    <section class="view builders" aria-labelledby="pbs-h" id="builders-view">
        <h2 id="pbs-h">{ "Proposers and builders" }</h2>
        <p class="lede">{ "Most proposers do not build their blocks: specialised builders assemble the most profitable transactions and bid for the right to fill the slot. Today that market runs outside the protocol, through relays both sides must trust; Gloas (EIP-7732) brings it inside. " }
            <strong>{ "What a light client can verify: the execution block hash a verified header commits to" }</strong>{ " — in this Capella run, the whole execution payload header; under Gloas, the light-client header keeps only " }<code>{ "execution_block_hash" }</code>{ " (the bid's block hash), with its own Merkle branch, which the core checks. Who paid whom is in the payload, not in the header." }</p>
        <h3>{ "Today: a bought block" }</h3>
        <ol class="slot-steps" aria-label="a slot with a relay">
            <li><strong>{ "builders" }</strong>{ " build blocks and send them to relays with a bid" }</li>
            <li><strong>{ "relay" }</strong>{ " shows the proposer only the best header and its bid" }</li>
            <li><strong>{ "proposer" }</strong>{ " signs that header blind; the relay then publishes the payload" }</li>
            <li><strong>{ "trust" }</strong>{ " the proposer trusts the relay to pay and publish; the builder trusts it not to steal the block" }</li>
        </ol>
        { block_part }
        <h3>{ "Under Gloas: separation in the protocol" }</h3>
        <ol class="slot-steps" aria-label="a slot under Gloas">
            <li><strong>{ "bid" }</strong>{ " a staked builder signs an ExecutionPayloadBid: block hash, fee recipient, gas limit, value" }</li>
            <li><strong>{ "commit" }</strong>{ " the proposer puts the signed bid in its beacon block — committing to that payload without seeing it" }</li>
            <li><strong>{ "reveal" }</strong>{ " the builder publishes the payload envelope for that block hash" }</li>
            <li><strong>{ "vote" }</strong>{ format!(" the slot's payload-timeliness committee — {ptc} members drawn by effective balance from the slot's committees (compute_ptc) — votes whether the payload came in time; more than {} present makes it timely", ptc / 2) }</li>
            <li><strong>{ "settle" }</strong>{ format!(" the beacon chain moves the bid's value from the builder's balance to the proposer once the block has {num}/{den} of the slot's attesting weight — even if the builder withholds the payload") }</li>
        </ol>
        <p class="note">{ "No relay: the bid is a signed message anyone can check, the payment is a state transition, and withholding costs the builder its bid." }<Badge source={Source::Computed} />{ " (the committee size and thresholds are Gloas's constants; compute_ptc is checked against the reference spec's vectors)" }</p>
    </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burned_is_gas_times_base_fee() {
        assert_eq!(burned_wei(14_262_673, 26_004_184_236), Some(14_262_673u128 * 26_004_184_236));
        assert_eq!(burned_wei(u64::MAX, u128::MAX), None);
        assert_eq!(eth(1_000_000_000_000_000_000), "1.000000");
    }
}
