//! Merkle branch checks as the specs write them.

use crate::gindex::{floorlog2, get_subtree_index};
use crate::primitives::{hash_pair, root_bytes, Root};

/// `compute_merkle_branch_root`: fold `leaf` up `branch` at `index` within `depth`.
/// Returns `None` when the branch is shorter than `depth`.
pub fn compute_merkle_branch_root(leaf: &Root, branch: &[Root], depth: usize, index: u64) -> Option<[u8; 32]> {
    if branch.len() < depth {
        return None;
    }
    let mut value = root_bytes(leaf);
    for (i, sibling) in branch.iter().take(depth).enumerate() {
        value = if (index >> i) & 1 == 1 {
            hash_pair(sibling.as_ref(), &value)
        } else {
            hash_pair(&value, sibling.as_ref())
        };
    }
    Some(value)
}

/// `is_valid_merkle_branch`.
pub fn is_valid_merkle_branch(leaf: &Root, branch: &[Root], depth: usize, index: u64, root: &Root) -> bool {
    depth < 64
        && branch.len() == depth
        && compute_merkle_branch_root(leaf, branch, depth, index).is_some_and(|r| r == root_bytes(root))
}

/// `is_valid_normalized_merkle_branch`: extra leading branch nodes must be zero.
pub fn is_valid_normalized_merkle_branch(leaf: &Root, branch: &[Root], gindex: u64, root: &Root) -> bool {
    let depth = floorlog2(gindex);
    let index = get_subtree_index(gindex);
    if branch.len() < depth {
        return false;
    }
    let num_extra = branch.len() - depth;
    branch[..num_extra].iter().all(|n| *n == Root::default())
        && is_valid_merkle_branch(leaf, &branch[num_extra..], depth, index, root)
}

/// `normalize_merkle_branch`: left-pad `branch` with zero nodes to the depth of `gindex`.
pub fn normalize_merkle_branch(branch: &[Root], gindex: u64) -> Vec<Root> {
    let depth = floorlog2(gindex);
    let mut out = vec![Root::default(); depth.saturating_sub(branch.len())];
    out.extend_from_slice(branch);
    out
}

/// A Merkle proof for leaf `index` of a tree whose leaves are `leaves`
/// (padded with zero chunks to the next power of two). Bottom-up, as the
/// specs' `compute_merkle_proof`.
pub fn merkle_proof_from_leaves(leaves: &[[u8; 32]], index: usize) -> Vec<Root> {
    let width = leaves.len().max(1).next_power_of_two();
    let mut layer: Vec<[u8; 32]> = leaves.to_vec();
    layer.resize(width, [0u8; 32]);
    let mut proof = Vec::new();
    let mut i = index;
    while layer.len() > 1 {
        proof.push(crate::primitives::root_from(layer[i ^ 1]));
        let mut next = Vec::with_capacity(layer.len() / 2);
        for pair in layer.chunks(2) {
            next.push(hash_pair(&pair[0], &pair[1]));
        }
        layer = next;
        i /= 2;
    }
    proof
}
