//! The visualizer's views, one module each, mounted as tabs by the app shell (`crate::App`).
//!
//! A view is a Yew function component that reads everything it shows from the app's one state
//! (`crate::state::use_lab()`): what the worker recorded of the main run's verification (only when
//! the core accepted it), the latest tamper verdict (`ctx.tamper(edit)`) and the scenario's blocks
//! (`ctx.block(slot)`). Views never verify anything themselves, and a figure from a run without a
//! checkpoint is badged "trusted as given" (`common::Badge`).
//!
//! Only page code lives here: what the worker computes for the views (`crate::block`,
//! `crate::branch`, `crate::choose`, `crate::keys`, `crate::lab`) is outside `views/`, and the
//! worker's wasm links nothing of it (`scripts/page-links-no-crypto.mjs`).
//!
//! To add a view: create `views/<name>.rs`, declare it below, and add a [`ViewTab`] to
//! [`VIEW_TABS`]; the tab bar and the `#/<id>` route follow from that entry.

pub mod aggregate;
pub mod block_view;
pub mod bound;
pub mod builders;
pub mod chain;
pub mod chosen;
pub mod committee;
pub mod common;
pub mod earnings;
pub mod finality;
pub mod presenter;
pub mod slashing;
pub mod stepper;
pub mod tamper;
pub mod threshold;
pub mod timeline;

use yew::Html;

/// A tab of the visualizer.
pub struct ViewTab {
    /// The route: the tab is shown at `#/<id>`. Lowercase letters and dashes.
    pub id: &'static str,
    /// The tab's label.
    pub label: &'static str,
    /// Renders the view, e.g. `|| yew::html! { <timeline::Timeline /> }`.
    pub render: fn() -> Html,
}

/// The visualizer's tabs, in tab-bar order (after the app's own Verify and Live tabs).
pub const VIEW_TABS: &[ViewTab] = &[
    ViewTab { id: "timeline", label: "Timeline", render: || yew::html! { <timeline::Timeline /> } },
    ViewTab { id: "finality", label: "Finality", render: || yew::html! { <finality::Finality /> } },
    ViewTab { id: "committee", label: "Sync committee", render: || yew::html! { <committee::Committee /> } },
    ViewTab { id: "steps", label: "Step through", render: || yew::html! { <stepper::Stepper /> } },
    ViewTab { id: "tamper", label: "Tamper", render: || yew::html! { <tamper::Tamper /> } },
    ViewTab { id: "block", label: "Block", render: || yew::html! { <block_view::Block /> } },
    ViewTab { id: "chosen", label: "Who is chosen", render: || yew::html! { <chosen::ChosenView /> } },
    ViewTab { id: "aggregate", label: "One check", render: || yew::html! { <aggregate::Aggregate /> } },
    ViewTab { id: "threshold", label: "Threshold keys", render: || yew::html! { <threshold::Threshold /> } },
    ViewTab { id: "builders", label: "Builders", render: || yew::html! { <builders::Builders /> } },
    ViewTab { id: "slashing", label: "Slashing", render: || yew::html! { <slashing::Slashing /> } },
    ViewTab { id: "two-thirds", label: "Why 2/3", render: || yew::html! { <bound::Bound /> } },
    ViewTab { id: "earnings", label: "Earnings", render: || yew::html! { <earnings::Earnings /> } },
    ViewTab { id: "present", label: "Present", render: || yew::html! { <presenter::Presenter /> } },
];
