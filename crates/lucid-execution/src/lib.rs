//! Execution-layer state read trustlessly.
//!
//! A verified beacon header (Capella and later) carries the execution payload
//! header, and with it the execution state root; from Gloas on it carries only
//! the execution block hash, and the state root comes from the execution
//! block header that hashes to it. From that root this crate checks what an
//! untrusted execution node answers to `eth_getProof` (EIP-1186): the
//! account's Merkle-Patricia proof, each storage slot's proof, and code
//! against the account's code hash. Nothing here does I/O.

pub mod account;
pub mod anchor;
pub mod block_header;
pub mod error;
pub mod rpc;
pub mod trie;

pub use account::{verify_account, verify_code, Account, VerifiedAccount, VerifiedSlot};
pub use anchor::ExecutionAnchor;
pub use block_header::ExecutionBlockHeader;
pub use error::ExecutionError;
pub use rpc::ProofResponse;
pub use trie::{walk, TrieError, TriePath};

use sha3::{Digest, Keccak256};

/// Keccak-256 (the execution layer's hash, not SHA3-256).
pub fn keccak256(bytes: &[u8]) -> [u8; 32] {
    Keccak256::digest(bytes).into()
}

/// `keccak256(b"")`: the code hash of an account without code.
pub const EMPTY_CODE_HASH: [u8; 32] = [
    0xc5, 0xd2, 0x46, 0x01, 0x86, 0xf7, 0x23, 0x3c, 0x92, 0x7e, 0x7d, 0xb2, 0xdc, 0xc7, 0x03, 0xc0, 0xe5, 0x00, 0xb6,
    0x53, 0xca, 0x82, 0x27, 0x3b, 0x7b, 0xfa, 0xd8, 0x04, 0x5d, 0x85, 0xa4, 0x70,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_are_the_hashes_they_name() {
        assert_eq!(keccak256(b""), EMPTY_CODE_HASH);
        assert_eq!(keccak256(&[0x80]), trie::EMPTY_TRIE_ROOT);
    }
}
