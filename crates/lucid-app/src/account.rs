//! "Check an account": an execution node's `eth_getProof` answer, walked in the worker from a
//! state root to the account (`lucid_execution`), for the Live tab's panel to draw. Two sources:
//! an execution node at the live run's verified finalized head, or a recorded mainnet answer
//! (`scenarios/account-17463226.json`, whose state root is reported, not verified here). A tamper
//! option flips one byte of one proof node, to show which check refuses it.

use lucid_core::Head;
use lucid_execution::rpc::ProofResponse;
use lucid_execution::trie::nibbles;
use lucid_execution::{keccak256, verify_account, ExecutionAnchor, ExecutionError, VerifiedAccount};
use serde::{Deserialize, Serialize};

/// The recorded answer: a mainnet contract at execution block 17463226.
const RECORDED: &str = include_str!("../../../scenarios/account-17463226.json");

/// Where the answer comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountSource {
    /// The recorded mainnet answer; its state root is reported by the recording.
    Recorded,
    /// An execution node, asked at the verified finalized `head`'s execution block.
    Live { endpoint: String, head: Head },
}

/// What the panel asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountQuery {
    pub source: AccountSource,
    /// The account (for [`AccountSource::Recorded`], the recorded one is used).
    pub address: String,
    /// Flip one byte in the middle of this proof node before checking it.
    pub tamper: Option<usize>,
}

/// One node of the proof as received: its size and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofNode {
    pub len: usize,
    /// The byte the tamper option flipped, if this node was tampered.
    pub flipped: Option<usize>,
}

/// The worker's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountAnswer {
    pub query: AccountQuery,
    /// The address checked, and its key in the state trie (`keccak256(address)`) as 64 nibbles.
    pub address: String,
    pub key: Vec<u8>,
    /// Where the state root comes from: the anchor the proof was checked against.
    pub anchor: Option<ExecutionAnchor>,
    pub nodes: Vec<ProofNode>,
    /// The verified account, or why the answer was refused.
    pub result: Result<VerifiedAccount, String>,
    /// The proof node a refusal names, if it names one.
    pub failed_node: Option<usize>,
}

#[derive(Deserialize)]
struct Recorded {
    beacon_slot: u64,
    block_number: u64,
    block_hash: String,
    state_root: String,
    #[serde(rename = "eth_getProof")]
    proof: ProofResponse,
}

/// The account-proof node a refusal names.
fn failed_node(e: &ExecutionError) -> Option<usize> {
    match e {
        ExecutionError::AccountProof { source, .. } => source.node(),
        _ => None,
    }
}

/// Flip the middle byte of node `tamper`; the nodes as the panel draws them.
fn tampered(proof: &mut ProofResponse, tamper: Option<usize>) -> Vec<ProofNode> {
    proof
        .account_proof
        .iter_mut()
        .enumerate()
        .map(|(i, node)| {
            let len = node.len().saturating_sub(2) / 2;
            let mut flipped = None;
            if tamper == Some(i) && len > 0 {
                let at = len / 2;
                let digit = 2 + 2 * at;
                let old = node.as_bytes()[digit];
                let new = if old == b'0' { '1' } else { '0' };
                node.replace_range(digit..digit + 1, &new.to_string());
                flipped = Some(at);
            }
            ProofNode { len, flipped }
        })
        .collect()
}

/// Check an answer (proof already fetched) against `anchor`.
fn check(query: AccountQuery, anchor: ExecutionAnchor, mut proof: ProofResponse) -> AccountAnswer {
    let nodes = tampered(&mut proof, query.tamper);
    let address = proof.address.to_lowercase();
    let key = lucid_execution::rpc::parse_fixed::<20>("address", &address)
        .map(|a| nibbles(&keccak256(&a)))
        .unwrap_or_default();
    let result = verify_account(&anchor.state_root, &address, &[], &proof);
    let failed_node = result.as_ref().err().and_then(failed_node);
    AccountAnswer {
        query,
        address,
        key,
        anchor: Some(anchor),
        nodes,
        result: result.map_err(|e| e.to_string()),
        failed_node,
    }
}

fn refused(query: AccountQuery, message: String) -> AccountAnswer {
    let address = query.address.clone();
    AccountAnswer {
        query,
        address,
        key: Vec::new(),
        anchor: None,
        nodes: Vec::new(),
        result: Err(message),
        failed_node: None,
    }
}

/// Answer `query`: the recorded answer at once, or a live one from the execution node.
pub async fn account(query: AccountQuery) -> AccountAnswer {
    match &query.source {
        AccountSource::Recorded => {
            let recorded: Recorded = match serde_json::from_str(RECORDED) {
                Ok(r) => r,
                Err(e) => return refused(query, format!("the recorded answer does not load: {e}")),
            };
            let parse = |text: &str| lucid_core::primitives::parse_root(text).unwrap_or_default();
            let anchor = ExecutionAnchor {
                slot: recorded.beacon_slot,
                block_number: recorded.block_number,
                block_hash: parse(&recorded.block_hash),
                state_root: parse(&recorded.state_root),
            };
            check(query, anchor, recorded.proof)
        }
        AccountSource::Live { endpoint, head } => {
            use lucid_transport::execution::ExecutionRpc;
            let rpc = match lucid_transport::live::platform_transport(endpoint) {
                Ok(t) => ExecutionRpc::new(t, std::time::Duration::from_secs(10)),
                Err(e) => return refused(query.clone(), format!("execution endpoint: {e}")),
            };
            let anchor = match rpc.anchor(head).await {
                Ok(a) => a,
                Err(e) => return refused(query.clone(), e.to_string()),
            };
            match rpc.get_proof(&query.address, &[], anchor.block_number).await {
                Ok(proof) => check(query, anchor, proof),
                Err(e) => refused(query.clone(), e.to_string()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recorded(tamper: Option<usize>) -> AccountAnswer {
        let query = AccountQuery { source: AccountSource::Recorded, address: String::new(), tamper };
        futures::executor::block_on(account(query))
    }

    #[test]
    fn the_recorded_answer_verifies_and_each_tampered_node_is_named() {
        let honest = recorded(None);
        let verified = honest.result.as_ref().expect("the recorded proof holds");
        assert!(verified.exists);
        assert_eq!(verified.path.steps.len(), honest.nodes.len());
        assert_eq!(honest.key.len(), 64);
        for i in 0..honest.nodes.len() {
            let answer = recorded(Some(i));
            assert!(answer.result.is_err(), "node {i} tampered");
            assert_eq!(answer.failed_node, Some(i), "{:?}", answer.result);
            assert!(answer.nodes[i].flipped.is_some());
        }
    }
}
