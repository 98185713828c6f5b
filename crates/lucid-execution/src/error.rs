//! Why an execution node's answer was refused.

use lucid_core::Root;

use crate::trie::TrieError;

/// A refused answer. Each names what was wrong; nothing refused is ever shown as verified.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExecutionError {
    /// The account's proof does not hold against the state root.
    #[error("account proof for {address}: {source}")]
    AccountProof { address: String, source: TrieError },
    /// A storage slot's proof does not hold against the account's storage root.
    #[error("storage proof for slot {slot}: {source}")]
    StorageProof { slot: String, source: TrieError },
    /// The account leaf is not `rlp([nonce, balance, storageRoot, codeHash])`.
    #[error("the account leaf is not an RLP account [nonce, balance, storageRoot, codeHash]: {0}")]
    MalformedAccount(String),
    /// A storage leaf is not an RLP integer of at most 32 bytes.
    #[error("storage slot {slot}: the leaf is not an RLP integer of at most 32 bytes")]
    MalformedStorageValue { slot: String },
    /// A value the node states differs from what its own proof shows.
    #[error("the node says {field} is {claimed}, but its proof shows {proven}")]
    ClaimMismatch { field: String, claimed: String, proven: String },
    /// The answer is about another account.
    #[error("asked about {asked}, the answer is about {answered}")]
    WrongAddress { asked: String, answered: String },
    /// A storage slot that was asked for is missing from the answer.
    #[error("storage slot {slot} was asked for but the answer has no proof for it")]
    MissingSlot { slot: String },
    /// Code does not hash to the account's code hash.
    #[error("the code hashes to {found}, the account's verified code hash is {expected}")]
    CodeHashMismatch { expected: Root, found: Root },
    /// An execution block header does not hash to the verified block hash.
    #[error("the execution block header hashes to {found}, the verified block hash is {expected}")]
    BlockHashMismatch { expected: Root, found: Root },
    /// The answer is not well-formed JSON-RPC (bad hex, a missing field, a number too large).
    #[error("malformed answer: {0}")]
    Malformed(String),
    /// The verified header carries no execution block (a header from before Capella).
    #[error("the verified header at slot {slot} carries no execution block (before Capella)")]
    NoExecutionPayload { slot: u64 },
}
