//! Execution block headers as `eth_getBlockByHash` returns them, re-encoded in
//! RLP and hashed, so a header fetched from an untrusted node is accepted only
//! when it hashes to a verified block hash.

use alloy_rlp::{Encodable, Header};
use lucid_core::primitives::root_from;
use lucid_core::Root;
use serde::{Deserialize, Serialize};

use crate::error::ExecutionError;
use crate::keccak256;
use crate::rpc::{parse_bytes, parse_fixed, parse_quantity, parse_u64};

/// The header fields of an `eth_getBlockByHash` result (other fields ignored).
/// The optional fields arrived with London, Shanghai, Cancun and Prague, in this order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecutionBlockHeader {
    pub parent_hash: String,
    pub sha3_uncles: String,
    pub miner: String,
    pub state_root: String,
    pub transactions_root: String,
    pub receipts_root: String,
    pub logs_bloom: String,
    pub difficulty: String,
    pub number: String,
    pub gas_limit: String,
    pub gas_used: String,
    pub timestamp: String,
    pub extra_data: String,
    pub mix_hash: String,
    pub nonce: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_fee_per_gas: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawals_root: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blob_gas_used: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excess_blob_gas: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_beacon_block_root: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests_hash: Option<String>,
}

/// One field of the header's RLP list.
enum Field {
    Bytes(Vec<u8>),
    Quantity([u8; 32]),
}

impl Field {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Field::Bytes(b) => b.as_slice().encode(out),
            Field::Quantity(be) => {
                let first = be.iter().position(|b| *b != 0).unwrap_or(32);
                be[first..].encode(out);
            }
        }
    }
}

impl ExecutionBlockHeader {
    /// The header's block number.
    pub fn number(&self) -> Result<u64, ExecutionError> {
        parse_u64("number", &self.number)
    }

    /// The header's state root.
    pub fn state_root(&self) -> Result<Root, ExecutionError> {
        parse_fixed::<32>("stateRoot", &self.state_root).map(root_from)
    }

    fn fields(&self) -> Result<Vec<Field>, ExecutionError> {
        let fixed = |name: &str, text: &str, len: usize| -> Result<Field, ExecutionError> {
            let bytes = parse_bytes(name, text)?;
            if bytes.len() != len {
                return Err(ExecutionError::Malformed(format!("{name}: {} bytes, expected {len}", bytes.len())));
            }
            Ok(Field::Bytes(bytes))
        };
        let quantity = |name: &str, text: &str| parse_quantity(name, text).map(Field::Quantity);
        let mut fields = vec![
            fixed("parentHash", &self.parent_hash, 32)?,
            fixed("sha3Uncles", &self.sha3_uncles, 32)?,
            fixed("miner", &self.miner, 20)?,
            fixed("stateRoot", &self.state_root, 32)?,
            fixed("transactionsRoot", &self.transactions_root, 32)?,
            fixed("receiptsRoot", &self.receipts_root, 32)?,
            fixed("logsBloom", &self.logs_bloom, 256)?,
            quantity("difficulty", &self.difficulty)?,
            quantity("number", &self.number)?,
            quantity("gasLimit", &self.gas_limit)?,
            quantity("gasUsed", &self.gas_used)?,
            quantity("timestamp", &self.timestamp)?,
            Field::Bytes(parse_bytes("extraData", &self.extra_data)?),
            fixed("mixHash", &self.mix_hash, 32)?,
            fixed("nonce", &self.nonce, 8)?,
        ];
        let optional: [(&str, &Option<String>, Option<usize>); 6] = [
            ("baseFeePerGas", &self.base_fee_per_gas, None),
            ("withdrawalsRoot", &self.withdrawals_root, Some(32)),
            ("blobGasUsed", &self.blob_gas_used, None),
            ("excessBlobGas", &self.excess_blob_gas, None),
            ("parentBeaconBlockRoot", &self.parent_beacon_block_root, Some(32)),
            ("requestsHash", &self.requests_hash, Some(32)),
        ];
        let present = optional.iter().take_while(|(_, value, _)| value.is_some()).count();
        if let Some((name, _, _)) = optional[present..].iter().find(|(_, value, _)| value.is_some()) {
            let missing = optional[present].0;
            return Err(ExecutionError::Malformed(format!("{name} is present but the earlier {missing} is not")));
        }
        for (name, value, len) in &optional[..present] {
            let text = value.as_deref().unwrap_or_default();
            fields.push(match len {
                Some(len) => fixed(name, text, *len)?,
                None => quantity(name, text)?,
            });
        }
        Ok(fields)
    }

    /// The header's RLP encoding.
    pub fn rlp(&self) -> Result<Vec<u8>, ExecutionError> {
        let mut payload = Vec::new();
        for field in self.fields()? {
            field.encode(&mut payload);
        }
        let mut out = Vec::with_capacity(payload.len() + 4);
        Header { list: true, payload_length: payload.len() }.encode(&mut out);
        out.extend_from_slice(&payload);
        Ok(out)
    }

    /// The block hash: keccak256 of the RLP encoding.
    pub fn hash(&self) -> Result<Root, ExecutionError> {
        Ok(root_from(keccak256(&self.rlp()?)))
    }

    /// Accept the header only if it hashes to `expected`.
    pub fn check_hash(&self, expected: &Root) -> Result<(), ExecutionError> {
        let found = self.hash()?;
        if found != *expected {
            return Err(ExecutionError::BlockHashMismatch { expected: *expected, found });
        }
        Ok(())
    }
}
