//! Tests that run inside a real (headless) browser, through wasm-bindgen-test-runner and
//! chromedriver. Run them with `bash scripts/test.sh`, which sets the runner up.
//! Natively this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use lucid_app::worker::{handle, Request, Response};
use lucid_app::{AppState, Page, PageProps, HEADLINE, STEPS};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn runs_with_a_dom() {
    let window = web_sys::window().expect("no window: not running in a browser page");
    let document = window.document().expect("no document");
    assert!(document.body().is_some());
    // Chrome's user agent, not node's: the runner really drives a browser.
    let ua = window.navigator().user_agent().unwrap();
    assert!(ua.contains("Chrome"), "unexpected user agent {ua}");
}

#[wasm_bindgen_test]
fn worker_handler_counts_bundle_bytes() {
    let bytes: Vec<u8> = (0..=255).cycle().take(100_000).collect();
    let answer = handle(Request::Bundle {
        name: "x".into(),
        bytes,
    });
    assert_eq!(
        answer,
        Response::BundleReceived {
            name: "x".into(),
            byte_len: 100_000
        }
    );
}

#[wasm_bindgen_test]
async fn page_renders_header_status_and_steps() {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();

    let props = PageProps {
        state: AppState::default(),
        on_file: Default::default(),
    };
    let handle = yew::Renderer::<Page>::with_root_and_props(root.clone(), props).render();
    // Yew renders on its scheduler; give it a turn of the event loop.
    yew::platform::time::sleep(Duration::from_millis(20)).await;

    let h1 = root.query_selector("h1").unwrap().expect("no <h1>");
    assert_eq!(h1.text_content().unwrap(), HEADLINE);

    let worker = root
        .query_selector("#worker-status")
        .unwrap()
        .expect("no worker status");
    assert_eq!(
        worker.get_attribute("data-state").as_deref(),
        Some("starting")
    );

    // Nothing has been verified, so the page must not claim anything is.
    let finality = root.query_selector("#finality-status").unwrap().unwrap();
    assert_eq!(
        finality.get_attribute("data-state").as_deref(),
        Some("unverified")
    );
    let steps = root
        .query_selector_all("li.step[data-state=not-run]")
        .unwrap();
    assert_eq!(steps.length() as usize, STEPS.len());

    handle.destroy();
    root.remove();
}
