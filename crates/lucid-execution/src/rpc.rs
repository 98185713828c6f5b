//! The JSON-RPC answers this crate checks, as an execution node sends them,
//! and the parsing of their hex fields into bytes with typed errors.

use lucid_core::primitives::Uint256;
use serde::{Deserialize, Serialize};

use crate::error::ExecutionError;

/// An `eth_getProof` result (EIP-1186). Fields stay text until checked, so a
/// malformed one is named rather than failing the whole answer's decoding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProofResponse {
    pub address: String,
    pub account_proof: Vec<String>,
    pub balance: String,
    pub code_hash: String,
    pub nonce: String,
    pub storage_hash: String,
    #[serde(default)]
    pub storage_proof: Vec<StorageProofResponse>,
}

/// One storage slot of an `eth_getProof` result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorageProofResponse {
    pub key: String,
    pub value: String,
    pub proof: Vec<String>,
}

fn malformed(field: &str, why: &str) -> ExecutionError {
    ExecutionError::Malformed(format!("{field}: {why}"))
}

/// `0x`-prefixed hex bytes of any length.
pub fn parse_bytes(field: &str, text: &str) -> Result<Vec<u8>, ExecutionError> {
    let body = text.strip_prefix("0x").ok_or_else(|| malformed(field, "hex must start with 0x"))?;
    hex::decode(body).map_err(|e| malformed(field, &e.to_string()))
}

/// Exactly `N` bytes of `0x` hex.
pub fn parse_fixed<const N: usize>(field: &str, text: &str) -> Result<[u8; N], ExecutionError> {
    let bytes = parse_bytes(field, text)?;
    let len = bytes.len();
    bytes.try_into().map_err(|_| malformed(field, &format!("{len} bytes, expected {N}")))
}

/// A JSON-RPC quantity (`0x`-hex number, at most 256 bits) as 32 big-endian bytes.
/// Also takes a 32-byte word written in full, as storage keys often are.
pub fn parse_quantity(field: &str, text: &str) -> Result<[u8; 32], ExecutionError> {
    let body = text.strip_prefix("0x").ok_or_else(|| malformed(field, "a quantity must start with 0x"))?;
    if body.is_empty() || body.len() > 64 {
        return Err(malformed(field, "a quantity has 1 to 64 hex digits"));
    }
    let padded = format!("{body:0>64}");
    let bytes = hex::decode(padded).map_err(|e| malformed(field, &e.to_string()))?;
    let mut out = [0u8; 32];
    out.copy_from_slice(&bytes);
    Ok(out)
}

/// A quantity that must fit in 64 bits.
pub fn parse_u64(field: &str, text: &str) -> Result<u64, ExecutionError> {
    let be = parse_quantity(field, text)?;
    if be[..24].iter().any(|b| *b != 0) {
        return Err(malformed(field, "larger than 2^64 - 1"));
    }
    let mut low = [0u8; 8];
    low.copy_from_slice(&be[24..]);
    Ok(u64::from_be_bytes(low))
}

/// A `uint256` from 32 big-endian bytes.
pub fn uint_from_be(be: [u8; 32]) -> Uint256 {
    let mut le = be;
    le.reverse();
    Uint256(lucid_core::primitives::ByteVector(le))
}

/// `0x`-hex of a number's big-endian bytes with no leading zeros (`0x0` for zero), as JSON-RPC writes it.
pub fn quantity_hex(value: &Uint256) -> String {
    let mut be = value.0 .0;
    be.reverse();
    let digits = hex::encode(be);
    let trimmed = digits.trim_start_matches('0');
    format!("0x{}", if trimmed.is_empty() { "0" } else { trimmed })
}
