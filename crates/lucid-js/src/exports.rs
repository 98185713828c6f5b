//! The `wasm-bindgen` exports (wasm32 only). JSON text in and out; `packages/lucid/index.js`
//! parses it and turns `{ok: false, error}` into thrown `LucidError`s.

use lucid_transport::live::{platform_transport, run_sync, LiveRequest};
use wasm_bindgen::prelude::*;

/// Verify a recorded bundle. `updates` is an array of `Uint8Array`s.
#[wasm_bindgen(js_name = verifyBundle)]
pub fn verify_bundle(
    options: &str,
    bootstrap: Vec<u8>,
    updates: js_sys::Array,
    finality: Option<Vec<u8>>,
    optimistic: Option<Vec<u8>>,
) -> String {
    let updates = updates.iter().map(|u| js_sys::Uint8Array::new(&u).to_vec()).collect();
    crate::verify_bundle_json(options, bootstrap, updates, finality, optimistic).to_string()
}

/// Check an `eth_getProof` answer against a verified state root.
#[wasm_bindgen(js_name = verifyAccount)]
pub fn verify_account(question: &str) -> String {
    crate::verify_account_json(question).to_string()
}

/// Check an execution block header against a verified block hash.
#[wasm_bindgen(js_name = checkBlockHeader)]
pub fn check_block_header(block_hash: &str, header: &str) -> String {
    crate::check_block_header_json(block_hash, header).to_string()
}

/// Check code against a verified code hash.
#[wasm_bindgen(js_name = checkCode)]
pub fn check_code(code_hash: &str, code: &str) -> String {
    crate::check_code_json(code_hash, code).to_string()
}

/// Read an account at a verified head from an execution node (see `read_account_json`).
#[wasm_bindgen(js_name = readAccount)]
pub async fn read_account(
    execution_endpoint: String,
    head: String,
    address: String,
    slots: String,
    code: bool,
) -> String {
    let transport = platform_transport(&execution_endpoint);
    crate::read_account_json(transport, &head, &address, &slots, code).await.to_string()
}

/// The chain id of a network's execution layer, or `undefined`.
#[wasm_bindgen(js_name = chainId)]
pub fn chain_id(network: &str) -> Option<u64> {
    crate::chain_id(network)
}

/// Run a live light client (`request`: `{network, endpoints, checkpoint, currentSlot?, follow}`),
/// calling `on_update` with each update as JSON text. Resolves when the run ends.
#[wasm_bindgen(js_name = runLive)]
pub async fn run_live(request: String, on_update: js_sys::Function) -> Result<(), JsValue> {
    let request: LiveRequest = serde_json::from_str(&request).map_err(|e| JsValue::from_str(&e.to_string()))?;
    let mut forward = |update| {
        let text = serde_json::to_string(&update).unwrap_or_default();
        // A throwing listener cannot stop the verifier; its error is the page's to see in its own code.
        let _ = on_update.call1(&JsValue::NULL, &JsValue::from_str(&text));
    };
    run_sync(&request, platform_transport, &mut forward, None).await;
    Ok(())
}
