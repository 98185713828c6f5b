//! The progressive merkleization of EIP-7916 lists and EIP-7688 containers, on top of the
//! binary merkleization of `lucid_core::primitives`.

use lucid_core::primitives::{hash_pair, merkleize, Chunk};

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
    fn active_fields_are_packed_little_endian() {
        let root = chunk(7);
        let mut bits = [0u8; 32];
        bits[0] = 0b101;
        assert_eq!(mix_in_active_fields(&root, &[true, false, true]), hash_pair(&root, &bits));
    }
}
