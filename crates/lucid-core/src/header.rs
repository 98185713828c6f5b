//! `LightClientHeader` in any fork's layout, with the spec's
//! `is_valid_light_client_header`, `get_lc_execution_root` and the
//! `upgrade_lc_header_to_*` rules.

use crate::config::{Fork, HeaderLayout, NetworkConfig};
use crate::containers::*;
use crate::gindex::*;
use crate::merkle::{
    compute_merkle_branch_root, is_valid_merkle_branch, is_valid_normalized_merkle_branch, merkle_proof_from_leaves,
    normalize_merkle_branch,
};
use crate::primitives::{root_from, root_of, Root};
use ssz_rs::prelude::*;

/// A light-client header in the container of one fork layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LightClientHeader {
    Altair(AltairLightClientHeader),
    Capella(CapellaLightClientHeader),
    Deneb(DenebLightClientHeader),
    Gloas(GloasLightClientHeader),
}

impl From<AltairLightClientHeader> for LightClientHeader {
    fn from(h: AltairLightClientHeader) -> Self {
        Self::Altair(h)
    }
}
impl From<CapellaLightClientHeader> for LightClientHeader {
    fn from(h: CapellaLightClientHeader) -> Self {
        Self::Capella(h)
    }
}
impl From<DenebLightClientHeader> for LightClientHeader {
    fn from(h: DenebLightClientHeader) -> Self {
        Self::Deneb(h)
    }
}
impl From<GloasLightClientHeader> for LightClientHeader {
    fn from(h: GloasLightClientHeader) -> Self {
        Self::Gloas(h)
    }
}

impl LightClientHeader {
    /// The empty header (`LightClientHeader()`) of a layout.
    pub fn empty(layout: HeaderLayout) -> Self {
        match layout {
            HeaderLayout::Altair => Self::Altair(Default::default()),
            HeaderLayout::Capella => Self::Capella(Default::default()),
            HeaderLayout::Deneb => Self::Deneb(Default::default()),
            HeaderLayout::Gloas => Self::Gloas(Default::default()),
        }
    }

    /// This header's container layout.
    pub fn layout(&self) -> HeaderLayout {
        match self {
            Self::Altair(_) => HeaderLayout::Altair,
            Self::Capella(_) => HeaderLayout::Capella,
            Self::Deneb(_) => HeaderLayout::Deneb,
            Self::Gloas(_) => HeaderLayout::Gloas,
        }
    }

    /// The beacon block header.
    pub fn beacon(&self) -> &BeaconBlockHeader {
        match self {
            Self::Altair(h) => &h.beacon,
            Self::Capella(h) => &h.beacon,
            Self::Deneb(h) => &h.beacon,
            Self::Gloas(h) => &h.beacon,
        }
    }

    /// Mutable access to the beacon block header.
    pub fn beacon_mut(&mut self) -> &mut BeaconBlockHeader {
        match self {
            Self::Altair(h) => &mut h.beacon,
            Self::Capella(h) => &mut h.beacon,
            Self::Deneb(h) => &mut h.beacon,
            Self::Gloas(h) => &mut h.beacon,
        }
    }

    /// `hash_tree_root(header.beacon)`: the block root.
    pub fn beacon_root(&self) -> Root {
        root_of(self.beacon())
    }

    /// The slot of the beacon block.
    pub fn slot(&self) -> u64 {
        self.beacon().slot
    }

    /// Whether this is the empty header of its layout.
    pub fn is_empty(&self) -> bool {
        *self == Self::empty(self.layout())
    }

    /// The execution branch, as stored (empty for Altair).
    pub fn execution_branch(&self) -> &[Root] {
        match self {
            Self::Altair(_) => &[],
            Self::Capella(h) => &h.execution_branch,
            Self::Deneb(h) => &h.execution_branch,
            Self::Gloas(h) => &h.execution_branch,
        }
    }

    /// The execution block hash (zero before Capella).
    pub fn execution_block_hash(&self) -> Root {
        match self {
            Self::Altair(_) => Root::default(),
            Self::Capella(h) => h.execution.block_hash,
            Self::Deneb(h) => h.execution.block_hash,
            Self::Gloas(h) => h.execution_block_hash,
        }
    }

    /// The execution payload header's block number and state root: `Some` for
    /// the Capella–Fulu layouts, whose header carries the payload header;
    /// `None` for Altair and Gloas (Gloas carries only the block hash).
    pub fn execution_state(&self) -> Option<(u64, Root)> {
        match self {
            Self::Capella(h) => Some((h.execution.block_number, h.execution.state_root)),
            Self::Deneb(h) => Some((h.execution.block_number, h.execution.state_root)),
            Self::Altair(_) | Self::Gloas(_) => None,
        }
    }

    /// `get_lc_execution_root` of this layout's spec version.
    pub fn execution_root(&self, cfg: &NetworkConfig) -> Root {
        let epoch = cfg.epoch_at_slot(self.slot());
        match self {
            Self::Altair(_) => Root::default(),
            Self::Capella(h) => {
                if cfg.is_active(Fork::Capella, epoch) {
                    root_of(&h.execution)
                } else {
                    Root::default()
                }
            }
            Self::Deneb(h) => {
                if cfg.is_active(Fork::Deneb, epoch) {
                    root_of(&h.execution)
                } else if cfg.is_active(Fork::Capella, epoch) {
                    root_of(&capella_view(&h.execution))
                } else {
                    Root::default()
                }
            }
            Self::Gloas(h) => gloas_execution_root(h, cfg, epoch),
        }
    }

    /// `is_valid_light_client_header` of this layout's spec version.
    pub fn is_valid(&self, cfg: &NetworkConfig) -> bool {
        let epoch = cfg.epoch_at_slot(self.slot());
        let body_root = &self.beacon().body_root;
        let payload_depth = floorlog2(EXECUTION_PAYLOAD_GINDEX_CAPELLA);
        let payload_index = get_subtree_index(EXECUTION_PAYLOAD_GINDEX_CAPELLA);
        match self {
            Self::Altair(_) => true,
            Self::Capella(h) => {
                if !cfg.is_active(Fork::Capella, epoch) {
                    return h.execution == Default::default() && h.execution_branch == Default::default();
                }
                is_valid_merkle_branch(
                    &self.execution_root(cfg),
                    &h.execution_branch,
                    payload_depth,
                    payload_index,
                    body_root,
                )
            }
            Self::Deneb(h) => {
                if !cfg.is_active(Fork::Deneb, epoch)
                    && (h.execution.blob_gas_used != 0 || h.execution.excess_blob_gas != 0)
                {
                    return false;
                }
                if !cfg.is_active(Fork::Capella, epoch) {
                    return h.execution == Default::default() && h.execution_branch == Default::default();
                }
                is_valid_merkle_branch(
                    &self.execution_root(cfg),
                    &h.execution_branch,
                    payload_depth,
                    payload_index,
                    body_root,
                )
            }
            Self::Gloas(h) => {
                let gindex = if cfg.is_active(Fork::Gloas, epoch) {
                    EXECUTION_BLOCK_HASH_GINDEX_GLOAS
                } else if cfg.is_active(Fork::Deneb, epoch) {
                    EXECUTION_BLOCK_HASH_GINDEX_DENEB
                } else if cfg.is_active(Fork::Capella, epoch) {
                    EXECUTION_BLOCK_HASH_GINDEX_CAPELLA
                } else {
                    return h.execution_block_hash == Root::default() && h.execution_branch == Default::default();
                };
                is_valid_normalized_merkle_branch(&h.execution_block_hash, &h.execution_branch, gindex, body_root)
            }
        }
    }

    /// Upgrade this header to a newer (or the same) layout, as the spec's
    /// `upgrade_lc_header_to_*` functions do one fork at a time.
    pub fn upgrade_to(&self, target: HeaderLayout, cfg: &NetworkConfig) -> LightClientHeader {
        let mut header = self.clone();
        while header.layout() < target {
            header = header.upgrade_one(cfg);
        }
        header
    }

    fn upgrade_one(&self, cfg: &NetworkConfig) -> LightClientHeader {
        match self {
            Self::Altair(h) => {
                Self::Capella(CapellaLightClientHeader { beacon: h.beacon.clone(), ..Default::default() })
            }
            Self::Capella(h) => Self::Deneb(DenebLightClientHeader {
                beacon: h.beacon.clone(),
                execution: deneb_view(&h.execution),
                execution_branch: h.execution_branch.clone(),
            }),
            Self::Deneb(h) => Self::Gloas(upgrade_deneb_header_to_gloas(h, cfg)),
            Self::Gloas(_) => self.clone(),
        }
    }
}

/// Build a payload header of type `$target` from the fifteen Capella fields of `$e`, plus `$extra`.
macro_rules! with_capella_fields {
    ($target:ident, $e:expr $(, $field:ident: $value:expr)*) => {
        $target {
            parent_hash: $e.parent_hash,
            fee_recipient: $e.fee_recipient.clone(),
            state_root: $e.state_root,
            receipts_root: $e.receipts_root,
            logs_bloom: $e.logs_bloom.clone(),
            prev_randao: $e.prev_randao,
            block_number: $e.block_number,
            gas_limit: $e.gas_limit,
            gas_used: $e.gas_used,
            timestamp: $e.timestamp,
            extra_data: $e.extra_data.clone(),
            base_fee_per_gas: $e.base_fee_per_gas.clone(),
            block_hash: $e.block_hash,
            transactions_root: $e.transactions_root,
            withdrawals_root: $e.withdrawals_root,
            $($field: $value,)*
        }
    };
}

/// The Capella fields of a Deneb payload header.
fn capella_view(e: &ExecutionPayloadHeaderDeneb) -> ExecutionPayloadHeaderCapella {
    with_capella_fields!(ExecutionPayloadHeaderCapella, e)
}

/// A Capella payload header as Deneb's, with no blob gas.
fn deneb_view(e: &ExecutionPayloadHeaderCapella) -> ExecutionPayloadHeaderDeneb {
    with_capella_fields!(ExecutionPayloadHeaderDeneb, e, blob_gas_used: 0, excess_blob_gas: 0)
}

/// Field roots of a Capella payload header, in field order.
fn capella_field_roots(e: &ExecutionPayloadHeaderCapella) -> Vec<[u8; 32]> {
    let mut e = e.clone();
    let roots: [Result<Node, MerkleizationError>; 15] = [
        e.parent_hash.hash_tree_root(),
        e.fee_recipient.hash_tree_root(),
        e.state_root.hash_tree_root(),
        e.receipts_root.hash_tree_root(),
        e.logs_bloom.hash_tree_root(),
        e.prev_randao.hash_tree_root(),
        e.block_number.hash_tree_root(),
        e.gas_limit.hash_tree_root(),
        e.gas_used.hash_tree_root(),
        e.timestamp.hash_tree_root(),
        e.extra_data.hash_tree_root(),
        e.base_fee_per_gas.hash_tree_root(),
        e.block_hash.hash_tree_root(),
        e.transactions_root.hash_tree_root(),
        e.withdrawals_root.hash_tree_root(),
    ];
    roots.into_iter().map(|r| crate::primitives::root_bytes(&r.unwrap_or_default())).collect()
}

/// Field roots of a Deneb payload header, in field order.
fn deneb_field_roots(e: &ExecutionPayloadHeaderDeneb) -> Vec<[u8; 32]> {
    let mut roots = capella_field_roots(&capella_view(e));
    for mut v in [e.blob_gas_used, e.excess_blob_gas] {
        roots.push(crate::primitives::root_bytes(&v.hash_tree_root().unwrap_or_default()));
    }
    roots
}

/// Index of `block_hash` among the payload header's fields.
const BLOCK_HASH_FIELD: usize = 12;

/// `upgrade_lc_header_to_gloas` from a Deneb-layout (Electra/Fulu) header.
fn upgrade_deneb_header_to_gloas(pre: &DenebLightClientHeader, cfg: &NetworkConfig) -> GloasLightClientHeader {
    if *pre == DenebLightClientHeader::default() {
        return GloasLightClientHeader::default();
    }
    let epoch = cfg.epoch_at_slot(pre.beacon.slot);
    let inner_proof = if cfg.is_active(Fork::Deneb, epoch) {
        merkle_proof_from_leaves(&deneb_field_roots(&pre.execution), BLOCK_HASH_FIELD)
    } else if cfg.is_active(Fork::Capella, epoch) {
        merkle_proof_from_leaves(&capella_field_roots(&capella_view(&pre.execution)), BLOCK_HASH_FIELD)
    } else {
        return GloasLightClientHeader { beacon: pre.beacon.clone(), ..Default::default() };
    };
    let mut branch = inner_proof;
    branch.extend(pre.execution_branch.iter().copied());
    let normalized = normalize_merkle_branch(&branch, EXECUTION_BLOCK_HASH_GINDEX_GLOAS);
    GloasLightClientHeader {
        beacon: pre.beacon.clone(),
        execution_block_hash: pre.execution.block_hash,
        execution_branch: Vector::try_from(normalized).unwrap_or_default(),
    }
}

/// Gloas `get_lc_execution_root`.
fn gloas_execution_root(h: &GloasLightClientHeader, cfg: &NetworkConfig, epoch: u64) -> Root {
    if cfg.is_active(Fork::Gloas, epoch) {
        return h.execution_block_hash;
    }
    let block_hash_gindex = if cfg.is_active(Fork::Deneb, epoch) {
        if h.beacon.slot == 0 {
            return root_of(&ExecutionPayloadHeaderDeneb::default());
        }
        BLOCK_HASH_IN_PAYLOAD_HEADER_GINDEX_DENEB
    } else if cfg.is_active(Fork::Capella, epoch) {
        if h.beacon.slot == 0 {
            return root_of(&ExecutionPayloadHeaderCapella::default());
        }
        BLOCK_HASH_IN_PAYLOAD_HEADER_GINDEX_CAPELLA
    } else {
        return Root::default();
    };
    let branch: &[Root] = &h.execution_branch;
    let inner = &branch[..branch.len() - floorlog2(EXECUTION_PAYLOAD_GINDEX_CAPELLA)];
    let depth = floorlog2(block_hash_gindex);
    let root = compute_merkle_branch_root(
        &h.execution_block_hash,
        &inner[inner.len() - depth..],
        depth,
        get_subtree_index(block_hash_gindex),
    );
    root_from(root.unwrap_or_default())
}
