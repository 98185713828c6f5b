//! The one shape in which a light-client header reaches users: [`Head`] (slot, block root,
//! period and the header's fields), and [`HeaderRole`], what a header is to the store. The CLI,
//! the transport's syncer and the browser app all report heads in this form.

use crate::config::NetworkConfig;
use crate::header::LightClientHeader;
use crate::primitives::Root;

/// A beacon block header as shown to users, with the sync-committee period of its slot.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Head {
    pub slot: u64,
    /// `hash_tree_root` of the `BeaconBlockHeader`: the block root.
    pub root: Root,
    /// Sync-committee period of `slot`.
    pub period: u64,
    pub proposer_index: u64,
    pub parent_root: Root,
    pub state_root: Root,
    pub body_root: Root,
    /// The execution block hash the header carries (zero before Capella).
    pub execution_block_hash: Root,
    /// The execution block number, Capella to Fulu (zero before Capella and from Gloas on, whose
    /// header carries only the block hash).
    #[serde(default)]
    pub execution_block_number: u64,
    /// The execution state root, Capella to Fulu (zero otherwise, as the block number): what
    /// account proofs are checked against.
    #[serde(default)]
    pub execution_state_root: Root,
}

impl Head {
    /// The head of `header` on the network `cfg`.
    pub fn of(header: &LightClientHeader, cfg: &NetworkConfig) -> Self {
        let beacon = header.beacon();
        let (execution_block_number, execution_state_root) = header.execution_state().unwrap_or_default();
        Head {
            slot: beacon.slot,
            root: header.beacon_root(),
            period: cfg.period_at_slot(beacon.slot),
            proposer_index: beacon.proposer_index,
            parent_root: beacon.parent_root,
            state_root: beacon.state_root,
            body_root: beacon.body_root,
            execution_block_hash: header.execution_block_hash(),
            execution_block_number,
            execution_state_root,
        }
    }
}

/// What a header is to the store, least final first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeaderRole {
    /// The bootstrap's header, trusted as the checkpoint.
    Bootstrap,
    /// An update's attested header: its root was signed by the sync committee.
    Attested,
    /// The attested header of an optimistic update: the store's optimistic head.
    Optimistic,
    /// A finalized header, proven by a finality branch from a signed attested header.
    Finalized,
}

impl HeaderRole {
    /// One lower-case word: `bootstrap`, `attested`, `optimistic` or `finalized`.
    pub fn name(self) -> &'static str {
        match self {
            HeaderRole::Bootstrap => "bootstrap",
            HeaderRole::Attested => "attested",
            HeaderRole::Optimistic => "optimistic",
            HeaderRole::Finalized => "finalized",
        }
    }
}

impl std::fmt::Display for HeaderRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} header", self.name())
    }
}
