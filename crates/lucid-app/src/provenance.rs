//! Where a figure on screen comes from. Every number the app shows carries one of these labels.

use yew::prelude::*;

/// The origin of a shown value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Checked by the core in the worker (a Merkle branch, the BLS signature, or a root equality).
    Verified,
    /// Taken from the data as received; the core did not check it (or only checked a bound).
    Reported,
    /// Measured by this browser (timings).
    Measured,
    /// Chosen by the user, or the app's default (e.g. the trusted checkpoint).
    Input,
    /// The spec's function run here, on inputs shown beside it (nothing from the chain).
    Computed,
    /// Checked by the core, but from a bootstrap trusted as given: no checkpoint was given, so the
    /// whole chain of checks rests on the bootstrap file itself.
    Given,
}

impl Source {
    pub fn class(self) -> &'static str {
        match self {
            Source::Verified => "src src-verified",
            Source::Reported => "src src-reported",
            Source::Measured => "src src-measured",
            Source::Input => "src src-input",
            Source::Given => "src src-given",
            Source::Computed => "src src-computed",
        }
    }

    pub fn text(self) -> &'static str {
        match self {
            Source::Verified => "verified by the core",
            Source::Reported => "reported by the data, not verified",
            Source::Measured => "measured in this browser",
            Source::Input => "trusted input",
            Source::Given => "trusted as given: no checkpoint",
            Source::Computed => "computed here by the spec's function",
        }
    }
}

/// `source` as shown for the main run: a figure the core verified from a bootstrap trusted as given
/// (the run had no checkpoint) is badged [`Source::Given`], never plain verified.
#[hook]
pub fn use_shown_source(source: Source) -> Source {
    let ctx = use_context::<crate::AppContext>();
    let self_trusted = ctx.is_some_and(|c| c.state.views_self_trusted());
    match source {
        Source::Verified if self_trusted => Source::Given,
        other => other,
    }
}

#[derive(Properties, PartialEq)]
pub struct FigureProps {
    /// What the value is.
    pub label: AttrValue,
    pub value: AttrValue,
    pub source: Source,
    /// How the value was checked, or why it was not.
    #[prop_or_default]
    pub how: AttrValue,
    /// An id for the value's element (tests read it).
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

/// One labelled value with its provenance: `label  value  [verified by the core]  how`.
#[component]
pub fn Figure(props: &FigureProps) -> Html {
    let source = use_shown_source(props.source);
    html! {
        <div class="figure">
            <dt>{ props.label.clone() }</dt>
            <dd>
                <span class="value" id={props.id.clone()}>{ props.value.clone() }</span>
                <span class={source.class()}>{ source.text() }</span>
                if !props.how.is_empty() {
                    <span class="how">{ props.how.clone() }</span>
                }
            </dd>
        </div>
    }
}

/// Shorten a `0x…` hex string for display (`0xa9bb19…586a`); the full value is in the title.
pub fn short_hex<T: std::fmt::Display + ?Sized>(value: &T) -> String {
    let hex = value.to_string();
    if hex.len() > 18 && hex.is_ascii() {
        format!("{}…{}", &hex[..8], &hex[hex.len() - 4..])
    } else {
        hex
    }
}
