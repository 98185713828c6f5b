//! Merkle branches drawn as paths up a tree: for a generalized index, the nodes from the leaf to
//! the root, each node's sibling (the branch element that is hashed with it), and what each node
//! stands for in the container (`BeaconState` fields, `BeaconBlockBody` fields).
//!
//! A gindex is the position of a node in a binary tree numbered breadth-first from the root (1):
//! node `g` has children `2g` and `2g + 1`, so its bits, read after the leading 1, are the path
//! from the root (0 = left, 1 = right).

use lucid_core::gindex::floorlog2;

/// One step of a branch, from the leaf upwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathStep {
    /// The node on the path at this level.
    pub gindex: u64,
    /// The node hashed with it (`gindex ^ 1`); its value is the branch element at this level.
    pub sibling: u64,
    /// Whether the path node is the right child (then the parent is `hash(sibling, node)`).
    pub node_is_right: bool,
}

/// The path of `gindex` up to the root: one step per level, leaf first; `depth` steps in all.
pub fn branch_path(gindex: u64) -> Vec<PathStep> {
    let mut steps = Vec::with_capacity(floorlog2(gindex.max(1)));
    let mut g = gindex.max(1);
    while g > 1 {
        steps.push(PathStep { gindex: g, sibling: g ^ 1, node_is_right: g & 1 == 1 });
        g /= 2;
    }
    steps
}

/// The containers whose trees the light-client branches walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// `BeaconState` of Altair through Deneb (up to 32 fields: depth 5).
    BeaconStateAltair,
    /// `BeaconState` of Electra and Fulu (up to 64 fields: depth 6).
    BeaconStateElectra,
    /// `BeaconBlockBody` of Capella through Fulu (up to 16 fields: depth 4).
    BeaconBlockBody,
}

/// Field names of `BeaconState` (Altair's 24, then Bellatrix's, Capella's and Electra's additions).
const STATE_FIELDS: &[&str] = &[
    "genesis_time",
    "genesis_validators_root",
    "slot",
    "fork",
    "latest_block_header",
    "block_roots",
    "state_roots",
    "historical_roots",
    "eth1_data",
    "eth1_data_votes",
    "eth1_deposit_index",
    "validators",
    "balances",
    "randao_mixes",
    "slashings",
    "previous_epoch_participation",
    "current_epoch_participation",
    "justification_bits",
    "previous_justified_checkpoint",
    "current_justified_checkpoint",
    "finalized_checkpoint",
    "inactivity_scores",
    "current_sync_committee",
    "next_sync_committee",
    "latest_execution_payload_header",
    "next_withdrawal_index",
    "next_withdrawal_validator_index",
    "historical_summaries",
    "deposit_requests_start_index",
    "deposit_balance_to_consume",
    "exit_balance_to_consume",
    "earliest_exit_epoch",
    "consolidation_balance_to_consume",
    "earliest_consolidation_epoch",
    "pending_deposits",
    "pending_partial_withdrawals",
    "pending_consolidations",
];

/// Field names of `BeaconBlockBody` (Capella's, then Deneb's and Electra's additions).
const BODY_FIELDS: &[&str] = &[
    "randao_reveal",
    "eth1_data",
    "graffiti",
    "proposer_slashings",
    "attester_slashings",
    "attestations",
    "deposits",
    "voluntary_exits",
    "sync_aggregate",
    "execution_payload",
    "bls_to_execution_changes",
    "blob_kzg_commitments",
    "execution_requests",
];

impl Container {
    /// The container whose tree a state proof of `fork` walks.
    pub fn state_of(fork: lucid_core::Fork) -> Option<Container> {
        use lucid_core::Fork::*;
        match fork {
            Altair | Bellatrix | Capella | Deneb => Some(Container::BeaconStateAltair),
            Electra | Fulu => Some(Container::BeaconStateElectra),
            Phase0 | Gloas => None, // Gloas's state is a progressive container: not drawn by name
        }
    }

    /// The root's name and the field names with the tree depth of the field layer.
    fn layout(self) -> (&'static str, &'static [&'static str], usize) {
        match self {
            Container::BeaconStateAltair => ("state_root", STATE_FIELDS, 5),
            Container::BeaconStateElectra => ("state_root", STATE_FIELDS, 6),
            Container::BeaconBlockBody => ("body_root", BODY_FIELDS, 4),
        }
    }

    /// What node `gindex` of this container's tree stands for: the root, one field, a field's
    /// part (`finalized_checkpoint.root`), or the fields a subtree covers.
    pub fn describe(self, gindex: u64) -> String {
        let (root, fields, depth) = self.layout();
        let level = floorlog2(gindex.max(1));
        let name =
            |i: u64| fields.get(i as usize).copied().map_or_else(|| format!("(empty field {i})"), str::to_string);
        if gindex <= 1 {
            return root.to_string();
        }
        if level < depth {
            let span = 1u64 << (depth - level);
            let first = (gindex - (1 << level)) * span;
            let last = first + span - 1;
            let named = fields.len() as u64;
            if first >= named {
                return format!("fields {first}–{last} (empty: zero hashes)");
            }
            return format!("fields {first}–{last}: {} … {}", name(first), name(last.min(named - 1)));
        }
        if level == depth {
            return name(gindex - (1 << depth));
        }
        // Below the field layer: the parts of a checkpoint are the ones light clients meet.
        let field = gindex >> (level - depth);
        let part = gindex - (field << (level - depth));
        let field_name = name(field - (1 << depth));
        match (field_name.as_str(), level - depth, part) {
            (f, 1, 0) if f.ends_with("checkpoint") => format!("{f}.epoch"),
            (f, 1, 1) if f.ends_with("checkpoint") => format!("{f}.root"),
            (f, _, _) => format!("{f}, inner node {gindex}"),
        }
    }
}

/// A 32-byte chunk read as a little-endian `uint64` (how SSZ packs an epoch or slot into a leaf),
/// when its other 24 bytes are zero.
pub fn chunk_as_u64(chunk: &[u8]) -> Option<u64> {
    (chunk.len() == 32 && chunk[8..].iter().all(|b| *b == 0))
        .then(|| u64::from_le_bytes(chunk[..8].try_into().unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lucid_core::gindex::*;

    #[test]
    fn the_finality_branch_of_altair_to_deneb_climbs_six_levels() {
        let path = branch_path(FINALIZED_ROOT_GINDEX_ALTAIR);
        let nodes: Vec<u64> = path.iter().map(|s| s.gindex).collect();
        assert_eq!(nodes, vec![105, 52, 26, 13, 6, 3]);
        let siblings: Vec<u64> = path.iter().map(|s| s.sibling).collect();
        assert_eq!(siblings, vec![104, 53, 27, 12, 7, 2]);
        assert_eq!(
            path.iter().map(|s| s.node_is_right).collect::<Vec<_>>(),
            vec![true, false, false, true, false, true]
        );
        assert_eq!(path.len(), floorlog2(FINALIZED_ROOT_GINDEX_ALTAIR));
    }

    #[test]
    fn nodes_are_named_after_the_state_fields() {
        let s = Container::BeaconStateAltair;
        assert_eq!(s.describe(105), "finalized_checkpoint.root");
        assert_eq!(s.describe(104), "finalized_checkpoint.epoch");
        assert_eq!(s.describe(52), "finalized_checkpoint");
        assert_eq!(s.describe(53), "inactivity_scores");
        assert_eq!(s.describe(CURRENT_SYNC_COMMITTEE_GINDEX_ALTAIR), "current_sync_committee");
        assert_eq!(s.describe(NEXT_SYNC_COMMITTEE_GINDEX_ALTAIR), "next_sync_committee");
        assert_eq!(s.describe(1), "state_root");
        assert_eq!(s.describe(13), "fields 20–23: finalized_checkpoint … next_sync_committee");
        let e = Container::BeaconStateElectra;
        assert_eq!(e.describe(FINALIZED_ROOT_GINDEX_ELECTRA), "finalized_checkpoint.root");
        assert_eq!(e.describe(NEXT_SYNC_COMMITTEE_GINDEX_ELECTRA), "next_sync_committee");
        assert_eq!(Container::BeaconBlockBody.describe(EXECUTION_PAYLOAD_GINDEX_CAPELLA), "execution_payload");
        assert_eq!(Container::BeaconBlockBody.describe(24), "sync_aggregate");
    }

    #[test]
    fn a_leaf_chunk_reads_as_an_epoch() {
        let mut chunk = [0u8; 32];
        chunk[..8].copy_from_slice(&222_167u64.to_le_bytes());
        assert_eq!(chunk_as_u64(&chunk), Some(222_167));
        chunk[31] = 1;
        assert_eq!(chunk_as_u64(&chunk), None);
    }
}
