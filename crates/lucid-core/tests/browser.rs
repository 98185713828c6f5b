//! The core verifies real mainnet data inside a real browser (headless
//! Chromium, through wasm-bindgen-test-runner). Natively this file is empty.
#![cfg(target_arch = "wasm32")]

use lucid_core::replay::{verify_bundle, Bundle, Input};
use lucid_core::NetworkConfig;
use lucid_tests::capella_p862::{self as p862, FINALITY, NOW_SLOT};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const S: usize = lucid_core::MAINNET_SYNC_COMMITTEE_SIZE;

fn bundle(finality: &[u8]) -> Bundle {
    let input = |name: &str, bytes: &[u8]| Input { name: name.into(), bytes: bytes.to_vec() };
    Bundle {
        bootstrap: input("bootstrap.json", p862::BOOTSTRAP),
        updates: vec![input("updates.json", p862::UPDATES)],
        finality: Some(input("finality.json", finality)),
        optimistic: Some(input("optimistic.json", p862::OPTIMISTIC)),
    }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

#[wasm_bindgen_test]
fn capella_p862_verifies_in_the_browser() {
    let ua = web_sys_user_agent();
    assert!(ua.contains("Chrome"), "not in Chromium: {ua}");
    let start = now_ms();
    let report = verify_bundle::<S>(&NetworkConfig::mainnet(), &bundle(FINALITY), None, NOW_SLOT, &mut |_| {})
        .expect("verifies");
    let elapsed = now_ms() - start;
    assert_eq!(report.finalized.slot, p862::FINALIZED_SLOT);
    assert_eq!(report.finalized.root.to_string(), p862::FINALIZED_ROOT);
    assert_eq!(report.optimistic.slot, p862::OPTIMISTIC_SLOT);
    wasm_bindgen_test::console_log!("capella-p862 chain verified in the browser in {elapsed:.0} ms");
}

#[wasm_bindgen_test]
fn tampered_finality_update_is_rejected_in_the_browser() {
    let text = std::str::from_utf8(FINALITY).unwrap();
    // Flip one hex digit of the finalized header's state root.
    let at = text.find("\"finalized_header\"").unwrap();
    let state = text[at..].find("\"state_root\"").unwrap() + at;
    let digit = text[state..].find("0x").unwrap() + state + 2;
    let mut bytes = FINALITY.to_vec();
    bytes[digit] = if bytes[digit] == b'a' { b'b' } else { b'a' };
    let err = verify_bundle::<S>(&NetworkConfig::mainnet(), &bundle(&bytes), None, NOW_SLOT, &mut |_| {}).unwrap_err();
    assert_eq!(err.file, "finality.json");
    assert_eq!(err.error.kind(), "bad_finality_branch");
}

fn web_sys_user_agent() -> String {
    let global = js_sys::global();
    let navigator = js_sys::Reflect::get(&global, &"navigator".into()).unwrap();
    js_sys::Reflect::get(&navigator, &"userAgent".into()).unwrap().as_string().unwrap_or_default()
}
