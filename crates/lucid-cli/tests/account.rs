//! `lucid account` against a local fake beacon node (the recorded capella-p862
//! chain) and a fake execution node. No recorded light-client data reaches the
//! block of the real `eth_getProof` answers kept in `tests/vectors/execution`,
//! so against this chain every honest-looking answer is for another block and
//! must be refused; the accepting path is tested on those answers' own block in
//! `crates/lucid-execution/tests/proofs.rs`.

use std::collections::BTreeMap;
use std::process::Command;

use lucid_core::NetworkConfig;
use lucid_tests::capella_p862::{self as p862, CHECKPOINT};
use lucid_transport::fake_node::{FakeExecutionNode, FakeNode, Fault, NodeData, SseMode};
use serde_json::{json, Value};

/// The execution block of the scenario's verified finalized header (slot 7109344).
const FINALIZED_BLOCK_NUMBER: u64 = 17_923_026;

fn beacon() -> FakeNode {
    FakeNode::start(NodeData::load(NetworkConfig::mainnet(), &p862::dir()).unwrap(), Fault::None, SseMode::Off).unwrap()
}

fn mainnet_vectors() -> Value {
    let path = format!("{}/../../tests/vectors/execution/mainnet-17463226.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Run `lucid account --json` for `address` against the two nodes; the exit code and the JSON line.
fn account(beacon: &FakeNode, execution: &str, address: &str, extra: &[&str]) -> (i32, Value) {
    let (b, args) = (beacon.url(), ["--endpoint", "--checkpoint", "--current-slot", "--execution-endpoint"]);
    let values = [b.as_str(), CHECKPOINT, "7109500", execution];
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lucid"));
    cmd.args(["account", "--network", "mainnet", "--json", address]);
    for (flag, value) in args.iter().zip(values) {
        cmd.args([flag, value]);
    }
    let out = cmd.args(extra).output().expect("run lucid");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    let parsed = serde_json::from_str(last)
        .unwrap_or_else(|e| panic!("{e}: {stdout}\n{}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap_or(-1), parsed)
}

#[test]
fn a_proof_for_another_block_is_refused_and_named() {
    let vectors = mainnet_vectors();
    let answer = vectors["eth_getProof"][1].clone();
    let address = answer["address"].as_str().unwrap().to_string();
    let execution = FakeExecutionNode::start(BTreeMap::from([("eth_getProof".to_string(), answer)])).unwrap();
    let beacon = beacon();
    let (code, out) = account(&beacon, &execution.url(), &address, &[]);
    assert_eq!(code, 1, "{out:#}");
    assert_eq!(out["ok"], false);
    assert_eq!(out["checkpoint"], json!({"root": CHECKPOINT, "source": "given"}));
    assert_eq!(out["error"]["kind"], "rejected");
    let message = out["error"]["message"].as_str().unwrap();
    assert!(message.contains(&format!("account proof for {address}: proof node 0")), "{message}");
    // It asked at the verified header's execution block.
    let calls = execution.calls();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0]["method"], "eth_getProof");
    assert_eq!(calls[0]["params"], json!([address, [], format!("{FINALIZED_BLOCK_NUMBER:#x}")]));
}

#[test]
fn an_answer_about_another_account_is_refused() {
    let vectors = mainnet_vectors();
    let execution =
        FakeExecutionNode::start(BTreeMap::from([("eth_getProof".to_string(), vectors["eth_getProof"][2].clone())]))
            .unwrap();
    let beacon = beacon();
    let (code, out) = account(&beacon, &execution.url(), "0x0000000000000000000000000000000000000001", &[]);
    assert_eq!(code, 1, "{out:#}");
    assert!(out["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("asked about 0x0000000000000000000000000000000000000001"));
}

#[test]
fn an_execution_node_that_cannot_answer_is_unavailable_not_a_liar() {
    let beacon = beacon();
    // Answers every method with "method not found".
    let execution = FakeExecutionNode::start(BTreeMap::new()).unwrap();
    let (code, out) = account(&beacon, &execution.url(), "0x0000000000000000000000000000000000000001", &[]);
    assert_eq!(code, 2, "{out:#}");
    assert_eq!(out["error"]["kind"], "unavailable");
    assert!(out["error"]["message"].as_str().unwrap().contains("error -32601"), "{out:#}");
    drop(execution);
    // Nothing listening at all.
    let (code, out) = account(&beacon, "http://127.0.0.1:9", "0x0000000000000000000000000000000000000001", &[]);
    assert_eq!(code, 2, "{out:#}");
    assert_eq!(out["error"]["kind"], "unavailable");
}

#[test]
fn a_malformed_address_or_slot_is_named() {
    let beacon = beacon();
    let execution = FakeExecutionNode::start(BTreeMap::from([(
        "eth_getProof".to_string(),
        mainnet_vectors()["eth_getProof"][1].clone(),
    )]))
    .unwrap();
    let (code, out) = account(&beacon, &execution.url(), "0x1234", &[]);
    assert_eq!(code, 2, "{out:#}");
    assert_eq!(out["error"]["kind"], "usage");
    assert!(out["error"]["message"].as_str().unwrap().contains("address: 2 bytes, expected 20"), "{out:#}");
    let (code, out) =
        account(&beacon, &execution.url(), "0x0000000000000000000000000000000000000001", &["--storage", "12"]);
    assert_eq!(code, 2, "{out:#}");
    assert!(out["error"]["message"].as_str().unwrap().contains("--storage: a quantity must start with 0x"), "{out:#}");
    assert!(execution.calls().is_empty(), "nothing was asked of the execution node");
}
