//! Merkleization primitives from the SSZ specification.

use std::sync::OnceLock;

use sha2::{Digest, Sha256};

/// A 32-byte Merkle tree node.
pub(crate) type Chunk = [u8; 32];

/// Deepest tree supported: enough for any limit up to 2^64 chunks.
const MAX_DEPTH: usize = 64;

/// `hash(a ++ b)`.
pub(crate) fn hash_pair(a: &Chunk, b: &Chunk) -> Chunk {
    let mut h = Sha256::new();
    h.update(a);
    h.update(b);
    h.finalize().into()
}

/// Roots of all-zero subtrees: `zero_hash(d)` is the root of a tree of depth `d`.
fn zero_hash(depth: usize) -> &'static Chunk {
    static ZERO_HASHES: OnceLock<Vec<Chunk>> = OnceLock::new();
    let table = ZERO_HASHES.get_or_init(|| {
        let mut t = vec![[0u8; 32]];
        for d in 0..MAX_DEPTH {
            let next = hash_pair(&t[d], &t[d]);
            t.push(next);
        }
        t
    });
    &table[depth]
}

/// `pack`: right-pads serialized bytes with zeros and splits them into chunks.
pub(crate) fn pack(bytes: &[u8]) -> Vec<Chunk> {
    bytes
        .chunks(32)
        .map(|c| {
            let mut chunk = [0u8; 32];
            chunk[..c.len()].copy_from_slice(c);
            chunk
        })
        .collect()
}

/// Depth of a binary tree with room for `leaves` leaves (`ceil(log2(leaves))`, 0 for 0 or 1).
fn depth_for(leaves: u64) -> usize {
    if leaves <= 1 {
        0
    } else {
        (u64::BITS - (leaves - 1).leading_zeros()) as usize
    }
}

/// `merkleize(chunks, limit)`: root of the chunks padded with zero chunks to
/// `next_pow_of_two(limit)` leaves (`limit = None` pads to `next_pow_of_two(len)`).
///
/// Callers guarantee `chunks.len() <= limit`.
pub(crate) fn merkleize(chunks: &[Chunk], limit: Option<u64>) -> Chunk {
    let count = chunks.len() as u64;
    debug_assert!(limit.is_none_or(|l| count <= l), "chunk count exceeds limit");
    let depth = depth_for(limit.unwrap_or(count).max(count));
    if chunks.is_empty() {
        return *zero_hash(depth);
    }
    let mut layer = chunks.to_vec();
    for d in 0..depth {
        if layer.len() % 2 == 1 {
            layer.push(*zero_hash(d));
        }
        layer = layer.chunks(2).map(|p| hash_pair(&p[0], &p[1])).collect();
    }
    layer[0]
}

/// `merkleize_progressive(chunks)` (EIP-7916): subtrees of 1, 4, 16, ... leaves
/// hanging off a right-leaning spine that ends in a zero chunk.
pub(crate) fn merkleize_progressive(chunks: &[Chunk]) -> Chunk {
    let mut subtrees = Vec::new();
    let (mut rest, mut width) = (chunks, 1usize);
    while !rest.is_empty() {
        let (head, tail) = rest.split_at(width.min(rest.len()));
        subtrees.push(merkleize(head, Some(width as u64)));
        rest = tail;
        width = width.saturating_mul(4);
    }
    subtrees.iter().rev().fold([0u8; 32], |acc, subtree| hash_pair(subtree, &acc))
}

/// `mix_in_length`: `hash(root, uint256(length))`.
pub(crate) fn mix_in_length(root: &Chunk, length: u64) -> Chunk {
    let mut len = [0u8; 32];
    len[..8].copy_from_slice(&length.to_le_bytes());
    hash_pair(root, &len)
}

/// `mix_in_active_fields` (EIP-7688): `hash(root, pack_bits(active_fields))`.
pub(crate) fn mix_in_active_fields(root: &Chunk, active_fields: &[bool]) -> Chunk {
    debug_assert!(active_fields.len() <= 256);
    let mut bits = [0u8; 32];
    for (i, _) in active_fields.iter().enumerate().filter(|(_, a)| **a) {
        bits[i / 8] |= 1 << (i % 8);
    }
    hash_pair(root, &bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(b: u8) -> Chunk {
        [b; 32]
    }

    #[test]
    fn zero_hashes_match_known_values() {
        assert_eq!(zero_hash(0), &[0u8; 32]);
        assert_eq!(zero_hash(1)[..4], [0xf5, 0xa5, 0xfd, 0x42], "sha256 of 64 zero bytes");
    }

    #[test]
    fn merkleize_pads_to_limit() {
        let (a, b, c) = (chunk(1), chunk(2), chunk(3));
        assert_eq!(merkleize(&[a], None), a);
        assert_eq!(merkleize(&[a, b], None), hash_pair(&a, &b));
        let left = hash_pair(&a, &b);
        let right = hash_pair(&c, &[0; 32]);
        assert_eq!(merkleize(&[a, b, c], None), hash_pair(&left, &right));
        let four = hash_pair(&hash_pair(&a, &[0; 32]), zero_hash(1));
        assert_eq!(merkleize(&[a], Some(4)), four);
        assert_eq!(merkleize(&[], Some(8)), *zero_hash(3));
        assert_eq!(merkleize(&[], None), [0; 32]);
    }

    #[test]
    fn progressive_merkleization_follows_spec_recursion() {
        assert_eq!(merkleize_progressive(&[]), [0; 32]);
        let c: Vec<Chunk> = (1..=6).map(chunk).collect();
        assert_eq!(merkleize_progressive(&c[..1]), hash_pair(&c[0], &[0; 32]));
        let second = merkleize(&c[1..5], Some(4));
        let third = merkleize(&c[5..], Some(16));
        let expected = hash_pair(&c[0], &hash_pair(&second, &hash_pair(&third, &[0; 32])));
        assert_eq!(merkleize_progressive(&c), expected);
    }

    #[test]
    fn mix_ins_encode_little_endian() {
        let root = chunk(7);
        let mut len = [0u8; 32];
        len[0] = 5;
        assert_eq!(mix_in_length(&root, 5), hash_pair(&root, &len));
        let mut bits = [0u8; 32];
        bits[0] = 0b101;
        assert_eq!(mix_in_active_fields(&root, &[true, false, true]), hash_pair(&root, &bits));
    }

    #[test]
    fn depth_is_ceil_log2() {
        let cases = [(0, 0), (1, 0), (2, 1), (3, 2), (4, 2), (5, 3), (1 << 40, 40)];
        for (leaves, depth) in cases {
            assert_eq!(depth_for(leaves), depth, "leaves = {leaves}");
        }
    }
}
