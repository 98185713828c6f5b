//! Tabs and the URL: each tab lives at `#/<id>`, so the browser's back button and shared links
//! work, and the query string stays free for live mode's settings ([`LinkSettings`]:
//! `?checkpoint=…&endpoint=…&slot=…`).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::views::{ViewTab, VIEW_TABS};

/// A tab of the app.
#[derive(Clone, Copy)]
pub enum Tab {
    /// Offline replay of recorded data, or files from disk (the default).
    Verify,
    /// Sync from Beacon API endpoints.
    Live,
    /// One of the visualizer's views.
    View(&'static ViewTab),
}

impl PartialEq for Tab {
    fn eq(&self, other: &Self) -> bool {
        self.id() == other.id()
    }
}

impl Tab {
    /// Every tab, in tab-bar order.
    pub fn all() -> Vec<Tab> {
        [Tab::Verify, Tab::Live].into_iter().chain(VIEW_TABS.iter().map(Tab::View)).collect()
    }

    pub fn id(&self) -> &'static str {
        match self {
            Tab::Verify => "verify",
            Tab::Live => "live",
            Tab::View(v) => v.id,
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Tab::Verify => "Verify",
            Tab::Live => "Live",
            Tab::View(v) => v.label,
        }
    }

    /// The tab a location hash (`#/live`) names; the Verify tab for anything else.
    pub fn from_hash(hash: &str) -> Tab {
        let id = hash.trim_start_matches('#').trim_start_matches('/');
        Tab::all().into_iter().find(|t| t.id() == id).unwrap_or(Tab::Verify)
    }

    pub fn href(&self) -> String {
        format!("#/{}", self.id())
    }

    pub fn render(&self) -> Html {
        match self {
            Tab::Verify => html! { <crate::verify::VerifyTab /> },
            Tab::Live => html! { <crate::live_view::LiveTab /> },
            Tab::View(v) => (v.render)(),
        }
    }
}

/// Live-mode settings carried by a link's query string. Nothing in a link is trusted: the Live tab
/// shows its checkpoint as a proposal to confirm (see `trust`), and its slot as replay mode.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkSettings {
    /// `?checkpoint=0x…`: a proposed trusted checkpoint.
    pub checkpoint: Option<String>,
    /// `?endpoint=…`, repeatable: Beacon API base URLs.
    pub endpoints: Vec<String>,
    /// `?slot=N`: "now" fixed at slot N, to replay recorded data.
    pub slot: Option<u64>,
}

impl LinkSettings {
    /// The settings in this page's URL.
    pub fn from_location() -> LinkSettings {
        let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
        let Ok(q) = web_sys::UrlSearchParams::new_with_str(&search) else { return LinkSettings::default() };
        LinkSettings {
            checkpoint: q.get("checkpoint").map(|c| c.trim().to_string()).filter(|c| !c.is_empty()),
            endpoints: q.get_all("endpoint").iter().filter_map(|v| v.as_string()).collect(),
            slot: q.get("slot").and_then(|s| s.trim().parse().ok()),
        }
    }

    /// A link to the Live tab of this page with these settings.
    pub fn to_link(&self) -> String {
        let base = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .map(|h| h.split(['?', '#']).next().unwrap_or_default().to_string())
            .unwrap_or_default();
        let Ok(q) = web_sys::UrlSearchParams::new() else { return format!("{base}#/live") };
        if let Some(c) = &self.checkpoint {
            q.append("checkpoint", c);
        }
        for e in &self.endpoints {
            q.append("endpoint", e);
        }
        if let Some(slot) = self.slot {
            q.append("slot", &slot.to_string());
        }
        format!("{base}?{}#/live", String::from(q.to_string()))
    }
}

fn current_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// The tab the URL names, following `hashchange`.
#[hook]
pub fn use_tab() -> Tab {
    let tab = use_state(|| Tab::from_hash(&current_hash()));
    {
        let tab = tab.clone();
        use_effect_with((), move |_| {
            let window = web_sys::window().expect("window");
            let listener = Closure::<dyn Fn()>::new(move || tab.set(Tab::from_hash(&current_hash())));
            window
                .add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref())
                .expect("hashchange listener");
            move || {
                let _ = window.remove_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
            }
        });
    }
    *tab
}

#[derive(Properties, PartialEq)]
pub struct TabBarProps {
    pub current: Tab,
}

/// The tab bar: plain links, so it works with the keyboard and without JavaScript focus tricks.
/// On a phone it is one row that scrolls sideways; the current tab is scrolled into sight.
#[component]
pub fn TabBar(props: &TabBarProps) -> Html {
    use_effect_with(props.current, |current| {
        let id = format!("tab-{}", current.id());
        // Scrolling needs the page laid out. Done in the next task, it uses the layout the browser
        // makes anyway; done here, it forced one inside the render's task (about 20 ms at load).
        let scroll = gloo::timers::callback::Timeout::new(0, move || {
            let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&id));
            if let Some(element) = element {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                options.set_inline(web_sys::ScrollLogicalPosition::Nearest);
                element.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
        move || drop(scroll)
    });
    html! {
        <nav class="tab-bar" aria-label="Views">
            <ul>
                { for Tab::all().into_iter().map(|t| {
                    let current = (t == props.current).then_some("page");
                    html! {
                        <li><a id={format!("tab-{}", t.id())} href={t.href()} aria-current={current}>{ t.label() }</a></li>
                    }
                }) }
            </ul>
        </nav>
    }
}
