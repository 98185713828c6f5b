//! How the Live tab shows its trust anchor (see [`crate::trust`]): the replay-mode banner, the
//! notices that need a decision (a checkpoint from the link, a built-in checkpoint that is too
//! old, a torn saved checkpoint) and the checkpoint's age.

use lucid_core::NetworkConfig;
use lucid_transport::checkpoint::AgeGauge;
use yew::prelude::*;

use crate::provenance::{Figure, Source};
use crate::trust::{refusal_message, StaleDefault};

#[derive(Properties, PartialEq)]
pub struct ReplayBannerProps {
    /// The slot the clock is fixed at.
    pub slot: u64,
    /// Go back to this computer's clock.
    pub on_clear: Callback<()>,
}

/// The banner shown while "now" is a fixed slot (`?slot=` or the slot field).
#[component]
pub fn ReplayBanner(props: &ReplayBannerProps) -> Html {
    let on_clear = props.on_clear.reform(|_: MouseEvent| ());
    html! {
        <div id="replay-banner" class="banner" role="status">
            <p class="banner-title">{ format!("Replay mode — clock fixed at slot {}", props.slot) }</p>
            <p class="banner-text">
                { "The sync judges every update as if it were that slot, not by this computer's clock: use it to replay recorded data. The checkpoint's age is still measured by this computer's clock." }
            </p>
            <button id="replay-off" type="button" onclick={on_clear}>{ "Use this computer's clock" }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ProposedProps {
    /// The block root the link carries.
    pub root: AttrValue,
    /// What stays in effect until the user confirms ("the built-in default (…)"), if anything.
    pub in_effect: Option<AttrValue>,
    pub on_confirm: Callback<()>,
    pub on_dismiss: Callback<()>,
}

/// A checkpoint from the link, waiting for the user's decision.
#[component]
pub fn ProposedCheckpoint(props: &ProposedProps) -> Html {
    let valid = lucid_core::primitives::parse_root(&props.root).is_some();
    let until = match &props.in_effect {
        Some(what) => format!("Until then the sync starts from {what}."),
        None => "Until then there is no checkpoint in effect.".to_string(),
    };
    html! {
        <div id="link-checkpoint" class="callout" role="status">
            <p class="callout-title">{ "Checkpoint from the link — not in use" }</p>
            <p id="link-checkpoint-root" class="root">{ props.root.clone() }</p>
            <p class="callout-text">
                { "A link can come from anyone, and this light client believes whatever chain its checkpoint leads to. Use it only if you trust whoever gave you the link. " }
                { until }
            </p>
            if !valid {
                <p class="callout-text bad">{ "It is not a 0x-prefixed 32-byte block root, so it cannot be used." }</p>
            }
            <div class="buttons">
                <button id="link-checkpoint-use" type="button" disabled={!valid}
                    onclick={props.on_confirm.reform(|_: MouseEvent| ())}>{ "Use the checkpoint from the link" }</button>
                <button id="link-checkpoint-ignore" type="button"
                    onclick={props.on_dismiss.reform(|_: MouseEvent| ())}>{ "Ignore it" }</button>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct StaleDefaultProps {
    pub stale: StaleDefault,
    pub on_accept: Callback<()>,
}

/// The built-in checkpoint is older than the weak-subjectivity threshold: refused until accepted.
#[component]
pub fn StaleDefaultNotice(props: &StaleDefaultProps) -> Html {
    let StaleDefault { checkpoint, age } = &props.stale;
    html! {
        <div id="default-refused" class="callout callout-bad" role="alert">
            <p class="callout-title">{ "The built-in checkpoint is too old to trust" }</p>
            <p class="callout-text">{ format!(
                "It is the block at slot {}, about {} days ({} epochs) old: past the {}-epoch (~14-day) weak-subjectivity threshold, \
                 so it is not used. Sync committees that old may have left the validator set, and their keys could sign a false chain. \
                 Paste a recent block root from a source you trust into the checkpoint field below.",
                checkpoint.slot, age.age_days, age.age_epochs, age.threshold_epochs) }</p>
            <div class="buttons">
                <button id="default-accept" type="button" onclick={props.on_accept.reform(|_: MouseEvent| ())}>
                    { "Use the old built-in checkpoint anyway" }
                </button>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct RefusedSavedProps {
    pub error: lucid_transport::checkpoint::SealError,
    pub on_forget: Callback<()>,
}

/// The saved checkpoint failed its integrity check; the way out is to forget it.
#[component]
pub fn RefusedSavedNotice(props: &RefusedSavedProps) -> Html {
    html! {
        <div id="checkpoint-refused" class="callout callout-bad" role="alert">
            <p class="callout-title">{ "Saved checkpoint refused" }</p>
            <p class="callout-text">{ refusal_message(&props.error) }</p>
            <p class="callout-text hint">{ format!("Integrity check: the saved checkpoint {}", props.error) }</p>
            <div class="buttons">
                <button id="forget-saved" type="button" onclick={props.on_forget.reform(|_: MouseEvent| ())}>
                    { "Forget the saved checkpoint" }
                </button>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct AgeProps {
    /// The slot of the checkpoint in effect (what was last verified from it), when known.
    pub slot: Option<u64>,
    /// Its age by this computer's clock, when the slot is known.
    pub age: Option<AgeGauge>,
}

/// The weak-subjectivity gauge of the checkpoint in effect.
#[component]
pub fn CheckpointAge(props: &AgeProps) -> Html {
    let (state, value, how) = match (&props.age, props.slot) {
        (Some(age), Some(slot)) => (
            if age.too_old { "too-old" } else { "ok" },
            format!("~{} days ({} epochs) since slot {slot}", age.age_days, age.age_epochs),
            age.warning().unwrap_or_else(|| {
                format!("within the {}-epoch (~14-day) weak-subjectivity threshold", age.threshold_epochs)
            }),
        ),
        _ => ("unknown", "unknown".to_string(), "the checkpoint's slot is known once a sync verifies it".to_string()),
    };
    html! {
        <dl class="figures checkpoint-age" data-state={state}>
            <Figure id="checkpoint-age" label="Checkpoint age" value={value} source={Source::Measured} how={how} />
        </dl>
    }
}

/// This computer's slot on `cfg` (the age gauge's "now", whatever the replay clock says).
pub fn wall_clock_slot(cfg: &NetworkConfig) -> u64 {
    use lucid_transport::clock::Clock;
    lucid_transport::clock::SystemClock.current_slot(cfg)
}
