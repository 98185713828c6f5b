//! The lucid verifier for JavaScript. Every function takes and returns JSON
//! text, so the ES module in `packages/lucid` (which parses it and throws
//! typed errors) is the one place that shapes values for JavaScript. The
//! functions themselves are plain Rust, tested natively; on wasm32 they are
//! exported with `wasm-bindgen`.

use lucid_core::primitives::parse_root;
use lucid_core::replay::{verify_bundle, Bundle, Input};
use lucid_core::NetworkConfig;
use lucid_execution::{verify_account, ExecutionBlockHeader, ProofResponse};
use lucid_transport::checkpoint::CheckpointSource;
use serde::Deserialize;
use serde_json::{json, Value};

#[cfg(target_arch = "wasm32")]
mod exports;

/// Options of [`verify_bundle_json`].
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleOptions {
    /// mainnet (default), sepolia, holesky or hoodi.
    #[serde(default)]
    pub network: Option<String>,
    /// The trusted block root; without it the bootstrap's own header is trusted as given.
    #[serde(default)]
    pub checkpoint: Option<String>,
    /// "Now" as a slot; defaults to this computer's clock.
    #[serde(default)]
    pub current_slot: Option<u64>,
}

fn error(kind: &str, message: impl std::fmt::Display) -> Value {
    json!({"ok": false, "error": {"kind": kind, "message": message.to_string()}})
}

/// Verify a recorded bundle: `files` are the bootstrap, the update files, and optionally the
/// finality and optimistic updates (JSON or SSZ bytes). Returns the CLI's `verify --json` object.
pub fn verify_bundle_json(
    options: &str,
    bootstrap: Vec<u8>,
    updates: Vec<Vec<u8>>,
    finality: Option<Vec<u8>>,
    optimistic: Option<Vec<u8>>,
) -> Value {
    let options: BundleOptions = match serde_json::from_str(options) {
        Ok(o) => o,
        Err(e) => return error("usage", format!("options: {e}")),
    };
    let network = options.network.as_deref().unwrap_or("mainnet");
    let Some(cfg) = NetworkConfig::by_name(network) else {
        return error("usage", format!("unknown network {network:?}"));
    };
    let checkpoint = match options.checkpoint.as_deref().map(|c| (c, parse_root(c))) {
        None => None,
        Some((_, Some(root))) => Some(root),
        Some((text, None)) => return error("usage", format!("checkpoint {text:?} is not a 0x-prefixed 32-byte root")),
    };
    let input = |name: String, bytes| Input { name, bytes };
    let bundle = Bundle {
        bootstrap: input("bootstrap".into(), bootstrap),
        updates: updates.into_iter().enumerate().map(|(i, b)| input(format!("updates[{i}]"), b)).collect(),
        finality: finality.map(|b| input("finality".into(), b)),
        optimistic: optimistic.map(|b| input("optimistic".into(), b)),
    };
    let source = if checkpoint.is_some() { CheckpointSource::Given } else { CheckpointSource::Bootstrap };
    let result = verify_bundle::<{ lucid_core::MAINNET_SYNC_COMMITTEE_SIZE }>(
        &cfg,
        &bundle,
        checkpoint,
        options
            .current_slot
            .unwrap_or_else(|| lucid_transport::clock::Clock::current_slot(&lucid_transport::clock::SystemClock, &cfg)),
        &mut |_| {},
    );
    match result {
        Ok(report) => lucid_transport::checkpoint::verified_report_json(&report, source),
        Err(e) => json!({
            "ok": false,
            "checkpoint": {"root": checkpoint, "source": source},
            "error": {"kind": e.error.kind(), "file": e.file, "message": e.to_string()},
        }),
    }
}

/// The question of [`verify_account_json`].
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccountQuestion {
    /// The verified execution state root.
    pub state_root: String,
    pub address: String,
    #[serde(default)]
    pub storage: Vec<String>,
    /// The execution node's `eth_getProof` result.
    pub proof: ProofResponse,
}

/// Check an `eth_getProof` answer against a verified state root.
pub fn verify_account_json(question: &str) -> Value {
    let q: AccountQuestion = match serde_json::from_str(question) {
        Ok(q) => q,
        Err(e) => return error("malformed", format!("question: {e}")),
    };
    let Some(state_root) = parse_root(&q.state_root) else {
        return error("usage", format!("stateRoot {:?} is not a 0x-prefixed 32-byte root", q.state_root));
    };
    match verify_account(&state_root, &q.address, &q.storage, &q.proof) {
        Ok(verified) => json!({"ok": true, "account": verified}),
        Err(e) => error("rejected", e),
    }
}

/// Check code (`0x` hex) against a verified code hash.
pub fn check_code_json(code_hash: &str, code: &str) -> Value {
    let Some(expected) = parse_root(code_hash) else {
        return error("usage", format!("codeHash {code_hash:?} is not a 0x-prefixed 32-byte hash"));
    };
    let code = match lucid_execution::rpc::parse_bytes("code", code) {
        Ok(c) => c,
        Err(e) => return error("malformed", e),
    };
    let account = lucid_execution::Account { code_hash: expected, ..lucid_execution::Account::empty() };
    match lucid_execution::verify_code(&account, &code) {
        Ok(()) => json!({"ok": true, "bytes": code.len()}),
        Err(e) => error("rejected", e),
    }
}

/// Read an account at a verified head (`head`: a head as the live client reports it) from an
/// execution node, with `slots` (a JSON array of `0x` slots) and its code when `code`.
pub async fn read_account_json<T: lucid_transport::HttpTransport>(
    transport: Result<T, lucid_transport::TransportError>,
    head: &str,
    address: &str,
    slots: &str,
    code: bool,
) -> Value {
    use lucid_transport::execution::{ExecutionRpc, ReadError};
    let transport = match transport {
        Ok(t) => t,
        Err(e) => return error("usage", format!("executionEndpoint: {e}")),
    };
    let head: lucid_core::Head = match serde_json::from_str(head) {
        Ok(h) => h,
        Err(e) => return error("usage", format!("head: {e}")),
    };
    let slots: Vec<String> = match serde_json::from_str(slots) {
        Ok(s) => s,
        Err(e) => return error("usage", format!("slots: {e}")),
    };
    let rpc = ExecutionRpc::new(transport, std::time::Duration::from_secs(10));
    match rpc.read_account(&head, address, &slots, code).await {
        Ok(read) => json!({"ok": true, "read": read}),
        Err(e @ ReadError::Rejected(_)) => error("rejected", e),
        Err(e @ ReadError::Unavailable(_)) => error("unavailable", e),
    }
}

/// The chain id of a network's execution layer.
pub fn chain_id(network: &str) -> Option<u64> {
    match network {
        "mainnet" => Some(1),
        "sepolia" => Some(11_155_111),
        "holesky" => Some(17_000),
        "hoodi" => Some(560_048),
        _ => None,
    }
}

/// Check an execution block header (an `eth_getBlockByHash` result) against a verified block hash.
pub fn check_block_header_json(block_hash: &str, header: &str) -> Value {
    let Some(expected) = parse_root(block_hash) else {
        return error("usage", format!("blockHash {block_hash:?} is not a 0x-prefixed 32-byte hash"));
    };
    let header: ExecutionBlockHeader = match serde_json::from_str(header) {
        Ok(h) => h,
        Err(e) => return error("malformed", format!("header: {e}")),
    };
    match header.check_hash(&expected).and_then(|()| Ok((header.number()?, header.state_root()?))) {
        Ok((number, state_root)) => json!({"ok": true, "blockNumber": number, "stateRoot": state_root}),
        Err(e) => error("rejected", e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lucid_tests::capella_p862 as p862;

    fn p862_bundle(options: &str) -> Value {
        verify_bundle_json(
            options,
            p862::BOOTSTRAP.to_vec(),
            vec![p862::UPDATES.to_vec()],
            Some(p862::FINALITY.to_vec()),
            Some(p862::OPTIMISTIC.to_vec()),
        )
    }

    #[test]
    fn a_bundle_verifies_from_its_checkpoint_and_says_where_trust_came_from() {
        let options = json!({"checkpoint": p862::CHECKPOINT, "currentSlot": p862::CURRENT_SLOT}).to_string();
        let out = p862_bundle(&options);
        assert_eq!(out["ok"], true, "{out:#}");
        assert_eq!(out["finalized"]["slot"], p862::FINALIZED_SLOT);
        assert_eq!(out["checkpoint"], json!({"root": p862::CHECKPOINT, "source": "given"}));
        let out = p862_bundle(&json!({"currentSlot": p862::CURRENT_SLOT}).to_string());
        assert_eq!(out["checkpoint"]["source"], "bootstrap");
    }

    #[test]
    fn rejections_are_typed() {
        let wrong = format!("0x{}", "11".repeat(32));
        let out = p862_bundle(&json!({"checkpoint": wrong, "currentSlot": p862::CURRENT_SLOT}).to_string());
        assert_eq!(out["ok"], false);
        assert_eq!(out["error"]["kind"], "checkpoint_mismatch");
        assert_eq!(out["error"]["file"], "bootstrap");
        assert_eq!(p862_bundle(r#"{"network": "nowhere"}"#)["error"]["kind"], "usage");
        assert_eq!(p862_bundle(r#"{"checkpont": "0x"}"#)["error"]["kind"], "usage");
        assert_eq!(verify_account_json("{}")["error"]["kind"], "malformed");
        assert_eq!(check_code_json("0x12", "0x")["error"]["kind"], "usage");
        let empty_code_hash = lucid_core::primitives::to_hex(&lucid_execution::EMPTY_CODE_HASH);
        assert_eq!(check_code_json(&empty_code_hash, "0x")["ok"], true);
        assert_eq!(check_code_json(&empty_code_hash, "0x00")["error"]["kind"], "rejected");
    }
}
