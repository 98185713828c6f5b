//! Merkle-Patricia trie proofs (the execution layer's state and storage tries):
//! walk a proof from a trusted root along a key's nibbles, checking each node's
//! hash, and say what the trie holds at the key, or that it holds nothing.
//!
//! The walk records every step so a front end can draw the path; the same
//! walk is the verification, so what is drawn is what was checked.

use alloy_rlp::Header;
use lucid_core::primitives::{root_bytes, root_from, Root};
use serde::{Deserialize, Serialize};

use crate::keccak256;

/// The root of the empty trie, `keccak256(rlp(b""))`.
pub const EMPTY_TRIE_ROOT: [u8; 32] = [
    0x56, 0xe8, 0x1f, 0x17, 0x1b, 0xcc, 0x55, 0xa6, 0xff, 0x83, 0x45, 0xe6, 0x92, 0xc0, 0xf8, 0x6e, 0x5b, 0x48, 0xe0,
    0x1b, 0x99, 0x6c, 0xad, 0xc0, 0x01, 0x62, 0x2f, 0xb5, 0xe3, 0x63, 0xb4, 0x21,
];

/// Why a proof does not prove anything about its key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrieError {
    /// A node's keccak256 is not the hash its parent (or the trusted root) names.
    #[error("proof node {index}: its hash is {found}, but {expected} was expected")]
    NodeHashMismatch { index: usize, expected: Root, found: Root },
    /// A node is not valid RLP, or has trailing bytes.
    #[error("proof node {index}: malformed RLP: {reason}")]
    MalformedNode { index: usize, reason: String },
    /// A node is a list of neither 17 (branch) nor 2 (extension or leaf) items.
    #[error("proof node {index}: a trie node has 17 or 2 items, this one has {items}")]
    BadNodeShape { index: usize, items: usize },
    /// A child reference is neither empty, a 32-byte hash nor an embedded node under 32 bytes.
    #[error("proof node {index}: a child reference of {len} bytes is neither a hash nor an embedded node")]
    BadChildReference { index: usize, len: usize },
    /// The hex-prefix path of an extension or leaf has an unknown flag or an odd-length padding error.
    #[error("proof node {index}: bad hex-prefix path (first byte {first:#04x})")]
    BadPath { index: usize, first: u8 },
    /// A branch carries a value, which the fixed-length keys of the state and storage tries never reach.
    #[error("proof node {index}: a branch holds a value where the key continues")]
    ValueInBranch { index: usize },
    /// The proof ends before the walk reaches a leaf or an empty slot.
    #[error("the proof ends after {nodes} node(s), before the key's path does")]
    ProofTooShort { nodes: usize },
    /// The walk ended, but the proof has more nodes.
    #[error("the walk ends at node {used} of {given}: the proof has nodes that are not on the key's path")]
    TrailingNodes { used: usize, given: usize },
}

impl TrieError {
    /// The proof node the refusal names, if it names one.
    pub fn node(&self) -> Option<usize> {
        match self {
            TrieError::NodeHashMismatch { index, .. }
            | TrieError::MalformedNode { index, .. }
            | TrieError::BadNodeShape { index, .. }
            | TrieError::BadChildReference { index, .. }
            | TrieError::BadPath { index, .. }
            | TrieError::ValueInBranch { index } => Some(*index),
            TrieError::ProofTooShort { .. } | TrieError::TrailingNodes { .. } => None,
        }
    }
}

/// What one node on the path did with the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StepKind {
    /// A branch: the walk took child `nibble`; `present` is false when that child is empty (the key is absent).
    Branch { nibble: u8, present: bool },
    /// An extension shared by every key under it.
    Extension { path: Vec<u8> },
    /// A leaf whose remaining path is `path`.
    Leaf { path: Vec<u8> },
}

/// One node of the walk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// Index of the node in the proof; embedded nodes share their parent's index.
    pub index: usize,
    /// The node's hash, or `None` for a node embedded in its parent.
    pub hash: Option<Root>,
    /// How many nibbles of the key were taken before this node.
    pub depth: usize,
    /// The node's RLP length in bytes.
    pub len: usize,
    pub kind: StepKind,
    /// Whether the key leaves the trie at this node (a different path, or an empty child).
    pub diverges: bool,
}

/// The result of a walk: the steps and the value at the key, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriePath {
    pub steps: Vec<Step>,
    /// The value stored at the key, or `None` when the proof shows the key is absent.
    pub value: Option<Vec<u8>>,
}

/// The nibbles (half-bytes, high first) of `key`.
pub fn nibbles(key: &[u8]) -> Vec<u8> {
    key.iter().flat_map(|b| [b >> 4, b & 0x0f]).collect()
}

/// Where the walk goes next.
enum Next {
    /// A node named by hash: the next proof element must hash to it.
    Hash([u8; 32]),
    /// A node embedded in its parent (RLP under 32 bytes).
    Embedded(Vec<u8>),
}

/// Walk `proof` (RLP nodes, root first) from the trusted `root` along `key`'s
/// nibbles. Returns the value at `key`, or `None` when the proof shows the key
/// is absent; every other outcome is a [`TrieError`].
pub fn walk(root: &Root, key: &[u8], proof: &[Vec<u8>]) -> Result<TriePath, TrieError> {
    let path = nibbles(key);
    let mut steps = Vec::new();
    let mut depth = 0;
    let mut used = 0;
    let mut next = Next::Hash(root_bytes(root));
    if root_bytes(root) == EMPTY_TRIE_ROOT && proof.is_empty() {
        return Ok(TriePath { steps, value: None });
    }
    loop {
        let (node, index, hash) = match next {
            Next::Hash(expected) => {
                let node = proof.get(used).ok_or(TrieError::ProofTooShort { nodes: used })?;
                let found = keccak256(node);
                if found != expected {
                    return Err(TrieError::NodeHashMismatch {
                        index: used,
                        expected: root_from(expected),
                        found: root_from(found),
                    });
                }
                used += 1;
                (node.clone(), used - 1, Some(root_from(found)))
            }
            Next::Embedded(node) => {
                // Some provers list embedded nodes as proof elements too; skip such a copy.
                if proof.get(used) == Some(&node) {
                    used += 1;
                }
                (node, used.saturating_sub(1), None)
            }
        };
        // The empty trie's root node, `rlp(b"")`: some nodes send it as the proof of an empty trie.
        if node == [0x80] && steps.is_empty() {
            return finish(steps, None, used, proof.len());
        }
        let items = list_items(&node, index)?;
        let step = |kind, diverges| Step { index, hash, depth, len: node.len(), kind, diverges };
        let outcome = match items.len() {
            17 => {
                if !items[16].payload.is_empty() || items[16].is_list {
                    return Err(TrieError::ValueInBranch { index });
                }
                let Some(&nibble) = path.get(depth) else {
                    return Err(malformed(index, "the key ends inside a branch"));
                };
                let child = child_reference(&items[nibble as usize], &node, index)?;
                steps.push(step(StepKind::Branch { nibble, present: child.is_some() }, child.is_none()));
                depth += 1;
                child
            }
            2 => {
                if items[0].is_list {
                    return Err(malformed(index, "a path is a list"));
                }
                let (is_leaf, node_path) = hex_prefix(items[0].payload_of(&node), index)?;
                let rest = &path[depth..];
                if is_leaf {
                    let matches = rest == node_path.as_slice();
                    steps.push(step(StepKind::Leaf { path: node_path }, !matches));
                    if items[1].is_list {
                        return Err(malformed(index, "a leaf's value is a list"));
                    }
                    let value = matches.then(|| items[1].payload_of(&node).to_vec());
                    return finish(steps, value, used, proof.len());
                }
                let matches = rest.starts_with(&node_path);
                let taken = node_path.len();
                steps.push(step(StepKind::Extension { path: node_path }, !matches));
                if !matches {
                    None
                } else {
                    depth += taken;
                    match child_reference(&items[1], &node, index)? {
                        Some(child) => Some(child),
                        None => return Err(malformed(index, "an extension points to nothing")),
                    }
                }
            }
            n => return Err(TrieError::BadNodeShape { index, items: n }),
        };
        match outcome {
            Some(child) => next = child.into_next(&node),
            None => return finish(steps, None, used, proof.len()),
        }
    }
}

fn finish(steps: Vec<Step>, value: Option<Vec<u8>>, used: usize, given: usize) -> Result<TriePath, TrieError> {
    if used != given {
        return Err(TrieError::TrailingNodes { used, given });
    }
    Ok(TriePath { steps, value })
}

fn malformed(index: usize, reason: &str) -> TrieError {
    TrieError::MalformedNode { index, reason: reason.to_string() }
}

/// One RLP item of a node's list: where its payload is, and whether it is a list.
struct Item {
    start: usize,
    end: usize,
    is_list: bool,
    payload: std::ops::Range<usize>,
}

impl Item {
    fn payload_of<'a>(&self, node: &'a [u8]) -> &'a [u8] {
        &node[self.payload.clone()]
    }
}

/// A child reference taken from a node: a hash, or an embedded node's range.
enum Child {
    Hash([u8; 32]),
    Embedded(std::ops::Range<usize>),
}

impl Child {
    fn into_next(self, node: &[u8]) -> Next {
        match self {
            Child::Hash(h) => Next::Hash(h),
            Child::Embedded(range) => Next::Embedded(node[range].to_vec()),
        }
    }
}

/// `None` for an empty child, else the hash or the embedded node.
fn child_reference(item: &Item, node: &[u8], index: usize) -> Result<Option<Child>, TrieError> {
    let len = item.end - item.start;
    if item.is_list {
        if len >= 32 {
            return Err(TrieError::BadChildReference { index, len });
        }
        return Ok(Some(Child::Embedded(item.start..item.end)));
    }
    match item.payload.len() {
        0 => Ok(None),
        32 => {
            let mut h = [0u8; 32];
            h.copy_from_slice(item.payload_of(node));
            Ok(Some(Child::Hash(h)))
        }
        other => Err(TrieError::BadChildReference { index, len: other }),
    }
}

/// Split a node into its list items, refusing anything that is not exactly one RLP list.
fn list_items(node: &[u8], index: usize) -> Result<Vec<Item>, TrieError> {
    let mut buf = node;
    let header = Header::decode(&mut buf).map_err(|e| malformed(index, &e.to_string()))?;
    if !header.list {
        return Err(malformed(index, "a node is a list, this is a string"));
    }
    if buf.len() != header.payload_length {
        return Err(malformed(index, "the list's length does not match the node's"));
    }
    let mut items = Vec::new();
    let mut offset = node.len() - buf.len();
    while !buf.is_empty() {
        let before = buf.len();
        let h = Header::decode(&mut buf).map_err(|e| malformed(index, &e.to_string()))?;
        let header_len = before - buf.len();
        if h.payload_length > buf.len() {
            return Err(malformed(index, "an item runs past the node's end"));
        }
        let payload_start = offset + header_len;
        let end = payload_start + h.payload_length;
        items.push(Item { start: offset, end, is_list: h.list, payload: payload_start..end });
        buf = &buf[h.payload_length..];
        offset = end;
    }
    Ok(items)
}

/// Decode a hex-prefix path: (is it a leaf, its nibbles).
fn hex_prefix(encoded: &[u8], index: usize) -> Result<(bool, Vec<u8>), TrieError> {
    let Some(&first) = encoded.first() else {
        return Err(TrieError::BadPath { index, first: 0 });
    };
    let flag = first >> 4;
    let (is_leaf, odd) = match flag {
        0 => (false, false),
        1 => (false, true),
        2 => (true, false),
        3 => (true, true),
        _ => return Err(TrieError::BadPath { index, first }),
    };
    if !odd && first & 0x0f != 0 {
        return Err(TrieError::BadPath { index, first });
    }
    let mut out = Vec::with_capacity(encoded.len() * 2);
    if odd {
        out.push(first & 0x0f);
    }
    out.extend(nibbles(&encoded[1..]));
    Ok((is_leaf, out))
}
