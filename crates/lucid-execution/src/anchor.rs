//! Where a verified beacon head anchors the execution state: its block
//! number, block hash and state root.

use lucid_core::{Head, Root};
use serde::{Deserialize, Serialize};

use crate::block_header::ExecutionBlockHeader;
use crate::error::ExecutionError;

/// The execution block a verified beacon head commits to, and its state root.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExecutionAnchor {
    /// The beacon slot of the verified head.
    pub slot: u64,
    /// The execution block number.
    pub block_number: u64,
    /// The execution block hash.
    pub block_hash: Root,
    /// The execution state root every account proof is checked against.
    pub state_root: Root,
}

impl ExecutionAnchor {
    /// From a verified Capella–Fulu head, whose header's execution payload
    /// header (covered by its execution branch) carries the state root.
    /// `None` when the head has no state root: before Capella, or from Gloas
    /// on (use [`Self::from_block_header`]).
    pub fn from_head(head: &Head) -> Option<Self> {
        (head.execution_state_root != Root::default()).then_some(Self {
            slot: head.slot,
            block_number: head.execution_block_number,
            block_hash: head.execution_block_hash,
            state_root: head.execution_state_root,
        })
    }

    /// From a verified head and an execution block header fetched by its
    /// block hash, which must hash to the head's `execution_block_hash`.
    pub fn from_block_header(head: &Head, block: &ExecutionBlockHeader) -> Result<Self, ExecutionError> {
        let expected = head.execution_block_hash;
        if expected == Root::default() {
            return Err(ExecutionError::NoExecutionPayload { slot: head.slot });
        }
        block.check_hash(&expected)?;
        Ok(Self {
            slot: head.slot,
            block_number: block.number()?,
            block_hash: expected,
            state_root: block.state_root()?,
        })
    }
}
