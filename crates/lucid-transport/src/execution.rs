//! An execution node's JSON-RPC (EIP-1474), asked only the questions whose
//! answers `lucid-execution` can check against a verified header: account
//! and storage proofs (`eth_getProof`), code (`eth_getCode`) and block
//! headers by hash (`eth_getBlockByHash`). Nothing it returns is trusted here;
//! callers verify every answer.

use std::cell::Cell;
use std::time::Duration;

use lucid_core::primitives::to_hex;
use lucid_core::{Head, Root};
use lucid_execution::rpc::parse_bytes;
use lucid_execution::{
    verify_account, verify_code, ExecutionAnchor, ExecutionBlockHeader, ExecutionError, ProofResponse, VerifiedAccount,
};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use crate::error::TransportError;
use crate::transport::{Encoding, HttpTransport, Request};

/// Size limit of one JSON-RPC answer (proofs are a few KiB; the largest contracts' code is 24 KiB, 48 KiB as hex).
pub const MAX_RPC_BYTES: usize = 1 << 20;

/// Why a JSON-RPC call gave no answer to check.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RpcError {
    /// The request did not complete.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The node answered with a JSON-RPC error object.
    #[error("{method}: the execution node answered error {code}: {message}")]
    Rpc { method: String, code: i64, message: String },
    /// The answer is not a JSON-RPC response, or its result has the wrong shape.
    #[error("{method}: malformed answer: {reason}")]
    Malformed { method: String, reason: String },
}

/// One execution JSON-RPC endpoint.
pub struct ExecutionRpc<T> {
    transport: T,
    timeout: Duration,
    next_id: Cell<u64>,
}

impl<T: HttpTransport> ExecutionRpc<T> {
    /// A client of the endpoint `transport` points at; each call times out after `timeout`.
    pub fn new(transport: T, timeout: Duration) -> Self {
        Self { transport, timeout, next_id: Cell::new(1) }
    }

    /// The endpoint's URL.
    pub fn url(&self) -> &str {
        self.transport.base_url()
    }

    /// Call `method` with `params` and decode its `result`.
    pub async fn call<R: DeserializeOwned>(&self, method: &str, params: Value) -> Result<R, RpcError> {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        let body = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}).to_string();
        let request = Request {
            path: "",
            accept: Encoding::Json,
            timeout: self.timeout,
            max_bytes: MAX_RPC_BYTES,
            body: Some(&body),
        };
        let raw = self.transport.get(request).await?;
        let malformed = |reason: String| RpcError::Malformed { method: method.to_string(), reason };
        let answer: Value = serde_json::from_slice(&raw.body).map_err(|e| malformed(e.to_string()))?;
        if let Some(error) = answer.get("error") {
            return Err(RpcError::Rpc {
                method: method.to_string(),
                code: error["code"].as_i64().unwrap_or_default(),
                message: error["message"].as_str().unwrap_or_default().to_string(),
            });
        }
        if answer.get("id") != Some(&json!(id)) {
            return Err(malformed(format!("the answer's id is not the request's ({id})")));
        }
        let result = answer.get("result").cloned().ok_or_else(|| malformed("no result".into()))?;
        serde_json::from_value(result).map_err(|e| malformed(e.to_string()))
    }

    /// `eth_getProof(address, slots, block)` at a block number.
    pub async fn get_proof(
        &self,
        address: &str,
        slots: &[String],
        block_number: u64,
    ) -> Result<ProofResponse, RpcError> {
        self.call("eth_getProof", json!([address, slots, format!("{block_number:#x}")])).await
    }

    /// `eth_getCode(address, block)` at a block number, as bytes.
    pub async fn get_code(&self, address: &str, block_number: u64) -> Result<Vec<u8>, RpcError> {
        let text: String = self.call("eth_getCode", json!([address, format!("{block_number:#x}")])).await?;
        parse_bytes("code", &text)
            .map_err(|e| RpcError::Malformed { method: "eth_getCode".into(), reason: e.to_string() })
    }

    /// `eth_getBlockByHash(hash, false)`: the block's header fields.
    pub async fn get_block_header(&self, hash: &Root) -> Result<ExecutionBlockHeader, RpcError> {
        self.call("eth_getBlockByHash", json!([to_hex(hash.as_ref()), false])).await
    }
}

/// Why an account read ended without a verified answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// An answer was refused: a proof or a stated value does not hold, or it is malformed.
    #[error(transparent)]
    Rejected(#[from] ExecutionError),
    /// The execution node could not be asked, or answered with an error.
    #[error(transparent)]
    Unavailable(RpcError),
}

impl From<RpcError> for ReadError {
    fn from(e: RpcError) -> Self {
        match e {
            RpcError::Malformed { .. } => ReadError::Rejected(ExecutionError::Malformed(e.to_string())),
            other => ReadError::Unavailable(other),
        }
    }
}

/// An account read and proven at an anchor, with its code when asked for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AccountRead {
    pub anchor: ExecutionAnchor,
    pub account: VerifiedAccount,
    /// The code, checked against the account's code hash (`0x` hex), when asked for.
    pub code: Option<String>,
}

impl<T: HttpTransport> ExecutionRpc<T> {
    /// The execution block of a verified head: from the head itself (Capella–Fulu), or from the
    /// block header fetched by the head's block hash and checked against it (Gloas).
    pub async fn anchor(&self, head: &Head) -> Result<ExecutionAnchor, ReadError> {
        if let Some(anchor) = ExecutionAnchor::from_head(head) {
            return Ok(anchor);
        }
        if head.execution_block_hash == Root::default() {
            return Err(ExecutionError::NoExecutionPayload { slot: head.slot }.into());
        }
        let block = self.get_block_header(&head.execution_block_hash).await?;
        Ok(ExecutionAnchor::from_block_header(head, &block)?)
    }

    /// Read `address` (and `slots`, and its code when `code`) at the verified `head`'s execution
    /// block; every value is proven against the anchor's state root or refused.
    pub async fn read_account(
        &self,
        head: &Head,
        address: &str,
        slots: &[String],
        code: bool,
    ) -> Result<AccountRead, ReadError> {
        let anchor = self.anchor(head).await?;
        let answer = self.get_proof(address, slots, anchor.block_number).await?;
        let account = verify_account(&anchor.state_root, address, slots, &answer)?;
        let code = if code {
            let bytes = self.get_code(address, anchor.block_number).await?;
            verify_code(&account.account, &bytes)?;
            Some(to_hex(&bytes))
        } else {
            None
        };
        Ok(AccountRead { anchor, account, code })
    }
}
