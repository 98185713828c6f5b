//! `hash_tree_root` of a decoded value, following the SSZ merkleization rules.

use lucid_core::primitives::{merkleize, merkleize_bytes, mix_in_length, pack, Chunk};

use crate::decode::Value;
use crate::merkle::{merkleize_progressive, mix_in_active_fields};
use crate::ty::{Limit, Shape, Type};

/// Computes `hash_tree_root` of `value`, which must have been decoded as `ty`.
pub(crate) fn hash_tree_root(ty: &Type, value: &Value<'_>) -> Chunk {
    match (ty, value) {
        (Type::Uint(_) | Type::Boolean, Value::Packed(bytes)) => merkleize_bytes(bytes, None),
        (Type::Vector(_, _), Value::Packed(bytes)) => merkleize_bytes(bytes, None),
        (Type::Vector(elem, _), Value::Composite(items)) => merkleize(&roots(elem, items), None),
        (Type::List(elem, limit), Value::Packed(bytes)) => {
            let size = elem.fixed_size().unwrap_or(1).max(1) as u64;
            let chunk_limit = limit_chunks(*limit, |max| max.saturating_mul(size).div_ceil(32));
            let length = bytes.len() as u64 / size;
            mix_in_length(&tree(&pack(bytes), chunk_limit), length)
        }
        (Type::List(elem, limit), Value::Composite(items)) => {
            let chunk_limit = limit_chunks(*limit, |max| max);
            mix_in_length(&tree(&roots(elem, items), chunk_limit), items.len() as u64)
        }
        (Type::Bitvector(n), Value::Bits(bits, _)) => merkleize_bytes(bits, Some(n.div_ceil(256))),
        (Type::Bitlist(limit), Value::Bits(bits, len)) => {
            let chunk_limit = limit_chunks(*limit, |max| max.div_ceil(256));
            mix_in_length(&tree(&pack(bits), chunk_limit), *len)
        }
        (Type::Container(Shape::Plain, fields), Value::Composite(items)) => {
            let chunks: Vec<Chunk> = fields.iter().zip(items).map(|(f, v)| hash_tree_root(&f.ty, v)).collect();
            merkleize(&chunks, None)
        }
        (Type::Container(Shape::Progressive(active), fields), Value::Composite(items)) => {
            let mut present = fields.iter().zip(items);
            let chunks: Vec<Chunk> = active
                .iter()
                .map(|&is_active| match is_active.then(|| present.next()).flatten() {
                    Some((f, v)) => hash_tree_root(&f.ty, v),
                    None => [0u8; 32],
                })
                .collect();
            mix_in_active_fields(&merkleize_progressive(&chunks), active)
        }
        _ => unreachable!("the decoder produces values matching their type"),
    }
}

fn roots(elem: &Type, items: &[Value<'_>]) -> Vec<Chunk> {
    items.iter().map(|v| hash_tree_root(elem, v)).collect()
}

/// Chunk limit of a list-like type: `Some(chunks)` for bounded lists, `None` for progressive ones.
fn limit_chunks(limit: Limit, chunks_for: impl Fn(u64) -> u64) -> Option<u64> {
    match limit {
        Limit::Max(max) => Some(chunks_for(max)),
        Limit::Progressive => None,
    }
}

/// Binary merkleization up to `chunk_limit`, or progressive merkleization when unbounded.
fn tree(chunks: &[Chunk], chunk_limit: Option<u64>) -> Chunk {
    match chunk_limit {
        Some(limit) => merkleize(chunks, Some(limit)),
        None => merkleize_progressive(chunks),
    }
}
