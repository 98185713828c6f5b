//! Accounts and storage slots proven against a verified state root, from an
//! `eth_getProof` answer, and code proven against an account's code hash.

use alloy_rlp::{Decodable, Header};
use lucid_core::primitives::{root_bytes, root_from, to_hex, Uint256};
use lucid_core::Root;
use serde::{Deserialize, Serialize};

use crate::error::ExecutionError;
use crate::rpc::{parse_bytes, parse_fixed, parse_quantity, quantity_hex, uint_from_be, ProofResponse};
use crate::trie::{walk, TriePath, EMPTY_TRIE_ROOT};
use crate::{keccak256, EMPTY_CODE_HASH};

/// An account as the state trie stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub nonce: u64,
    /// Balance in wei.
    pub balance: Uint256,
    /// Root of the account's storage trie.
    pub storage_root: Root,
    /// keccak256 of the account's code.
    pub code_hash: Root,
}

impl Account {
    /// What an absent account reads as: no nonce, no balance, no storage, no code.
    pub fn empty() -> Self {
        Self {
            nonce: 0,
            balance: Uint256::default(),
            storage_root: root_from(EMPTY_TRIE_ROOT),
            code_hash: root_from(EMPTY_CODE_HASH),
        }
    }

    /// Decode the state trie's leaf value `rlp([nonce, balance, storageRoot, codeHash])`.
    pub fn decode(leaf: &[u8]) -> Result<Self, ExecutionError> {
        let bad = |e: alloy_rlp::Error| ExecutionError::MalformedAccount(e.to_string());
        let mut buf = leaf;
        let header = Header::decode(&mut buf).map_err(bad)?;
        if !header.list || header.payload_length != buf.len() {
            return Err(ExecutionError::MalformedAccount("not one RLP list".into()));
        }
        let nonce = u64::decode(&mut buf).map_err(bad)?;
        let balance = decode_uint(&mut buf).ok_or_else(|| ExecutionError::MalformedAccount("bad balance".into()))?;
        let storage_root = <[u8; 32]>::decode(&mut buf).map_err(bad)?;
        let code_hash = <[u8; 32]>::decode(&mut buf).map_err(bad)?;
        if !buf.is_empty() {
            return Err(ExecutionError::MalformedAccount("more than four fields".into()));
        }
        Ok(Self { nonce, balance, storage_root: root_from(storage_root), code_hash: root_from(code_hash) })
    }
}

/// A canonical RLP integer of at most 32 bytes (no leading zero byte).
fn decode_uint(buf: &mut &[u8]) -> Option<Uint256> {
    let bytes = Header::decode_bytes(buf, false).ok()?;
    if bytes.len() > 32 || bytes.first() == Some(&0) {
        return None;
    }
    let mut be = [0u8; 32];
    be[32 - bytes.len()..].copy_from_slice(bytes);
    Some(uint_from_be(be))
}

/// A storage slot proven against the account's storage root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifiedSlot {
    /// The slot, as a 32-byte word.
    pub slot: String,
    /// The value (zero when the proof shows the slot is empty).
    pub value: Uint256,
    /// The walk from the storage root to the slot.
    pub path: TriePath,
}

/// An account proven against a state root, with the storage slots asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifiedAccount {
    /// The address, lowercase `0x` hex.
    pub address: String,
    /// The state root the proof was checked against.
    pub state_root: Root,
    /// Whether the account exists; an absent account reads as [`Account::empty`].
    pub exists: bool,
    pub account: Account,
    /// The walk from the state root to the account.
    pub path: TriePath,
    pub storage: Vec<VerifiedSlot>,
}

/// Check an `eth_getProof` answer for `address` and `slots` against a
/// verified `state_root`. Every value the node states must equal what its
/// proofs show; otherwise the answer is refused with the reason.
pub fn verify_account(
    state_root: &Root,
    address: &str,
    slots: &[String],
    answer: &ProofResponse,
) -> Result<VerifiedAccount, ExecutionError> {
    let asked = parse_fixed::<20>("address", address)?;
    let answered = parse_fixed::<20>("address", &answer.address)?;
    if asked != answered {
        return Err(ExecutionError::WrongAddress { asked: to_hex(&asked), answered: to_hex(&answered) });
    }
    let address = to_hex(&asked);
    let proof = nodes("accountProof", &answer.account_proof)?;
    let path = walk(state_root, &keccak256(&asked), &proof)
        .map_err(|source| ExecutionError::AccountProof { address: address.clone(), source })?;
    let exists = path.value.is_some();
    let account = match &path.value {
        Some(leaf) => Account::decode(leaf)?,
        None => Account::empty(),
    };
    check_claims(&account, exists, answer)?;
    let storage = slots.iter().map(|slot| verify_slot(&account, slot, answer)).collect::<Result<_, _>>()?;
    Ok(VerifiedAccount { address, state_root: *state_root, exists, account, path, storage })
}

/// Check `code` against the account's verified code hash.
pub fn verify_code(account: &Account, code: &[u8]) -> Result<(), ExecutionError> {
    let found = root_from(keccak256(code));
    if found != account.code_hash {
        return Err(ExecutionError::CodeHashMismatch { expected: account.code_hash, found });
    }
    Ok(())
}

fn nodes(field: &str, proof: &[String]) -> Result<Vec<Vec<u8>>, ExecutionError> {
    proof.iter().map(|node| parse_bytes(field, node)).collect()
}

fn mismatch(field: &str, claimed: String, proven: String) -> ExecutionError {
    ExecutionError::ClaimMismatch { field: field.to_string(), claimed, proven }
}

/// The node's stated nonce, balance, storage hash and code hash must be the proven ones.
/// For an absent account some nodes state zero hashes; those are taken as "none".
fn check_claims(account: &Account, exists: bool, answer: &ProofResponse) -> Result<(), ExecutionError> {
    let nonce = crate::rpc::parse_u64("nonce", &answer.nonce)?;
    if nonce != account.nonce {
        return Err(mismatch("nonce", nonce.to_string(), account.nonce.to_string()));
    }
    let balance = uint_from_be(parse_quantity("balance", &answer.balance)?);
    if balance != account.balance {
        return Err(mismatch("balance", balance.to_decimal(), account.balance.to_decimal()));
    }
    let zero_when_absent =
        |stated: [u8; 32], proven: &Root| stated == root_bytes(proven) || (!exists && stated == [0u8; 32]);
    let storage_hash = parse_fixed::<32>("storageHash", &answer.storage_hash)?;
    if !zero_when_absent(storage_hash, &account.storage_root) {
        return Err(mismatch("storageHash", to_hex(&storage_hash), account.storage_root.to_string()));
    }
    let code_hash = parse_fixed::<32>("codeHash", &answer.code_hash)?;
    if !zero_when_absent(code_hash, &account.code_hash) {
        return Err(mismatch("codeHash", to_hex(&code_hash), account.code_hash.to_string()));
    }
    Ok(())
}

fn verify_slot(account: &Account, slot: &str, answer: &ProofResponse) -> Result<VerifiedSlot, ExecutionError> {
    let key = parse_quantity("storage slot", slot)?;
    let slot = to_hex(&key);
    let entry = answer
        .storage_proof
        .iter()
        .find(|entry| parse_quantity("storageProof.key", &entry.key).is_ok_and(|k| k == key))
        .ok_or_else(|| ExecutionError::MissingSlot { slot: slot.clone() })?;
    let proof = nodes("storageProof.proof", &entry.proof)?;
    let path = walk(&account.storage_root, &keccak256(&key), &proof)
        .map_err(|source| ExecutionError::StorageProof { slot: slot.clone(), source })?;
    let value = match &path.value {
        Some(leaf) => decode_uint(&mut leaf.as_slice())
            .ok_or_else(|| ExecutionError::MalformedStorageValue { slot: slot.clone() })?,
        None => Uint256::default(),
    };
    let stated = uint_from_be(parse_quantity("storageProof.value", &entry.value)?);
    if stated != value {
        return Err(mismatch(&format!("the value of slot {slot}"), quantity_hex(&stated), quantity_hex(&value)));
    }
    Ok(VerifiedSlot { slot, value, path })
}
