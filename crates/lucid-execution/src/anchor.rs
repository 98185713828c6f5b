//! Where a verified beacon header anchors the execution state: its block
//! number, block hash and state root.

use lucid_core::header::LightClientHeader;
use lucid_core::Root;
use serde::Serialize;

use crate::block_header::ExecutionBlockHeader;
use crate::error::ExecutionError;

/// The execution block a verified beacon header commits to, and its state root.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ExecutionAnchor {
    /// The beacon slot of the verified header.
    pub slot: u64,
    /// The execution block number.
    pub block_number: u64,
    /// The execution block hash.
    pub block_hash: Root,
    /// The execution state root every account proof is checked against.
    pub state_root: Root,
}

impl ExecutionAnchor {
    /// From a verified Capella–Fulu header, whose execution payload header
    /// (covered by the header's execution branch) carries the state root.
    /// Gloas headers carry only the block hash: use [`Self::from_block_header`].
    pub fn from_header(header: &LightClientHeader) -> Result<Self, ExecutionError> {
        let (block_number, state_root) =
            header.execution_state().ok_or(ExecutionError::NoExecutionPayload { slot: header.slot() })?;
        Ok(Self { slot: header.slot(), block_number, block_hash: header.execution_block_hash(), state_root })
    }

    /// From a verified header and an execution block header fetched by its
    /// block hash, which must hash to the header's `execution_block_hash`.
    pub fn from_block_header(header: &LightClientHeader, block: &ExecutionBlockHeader) -> Result<Self, ExecutionError> {
        let expected = header.execution_block_hash();
        if expected == Root::default() {
            return Err(ExecutionError::NoExecutionPayload { slot: header.slot() });
        }
        block.check_hash(&expected)?;
        Ok(Self {
            slot: header.slot(),
            block_number: block.number()?,
            block_hash: expected,
            state_root: block.state_root()?,
        })
    }
}
