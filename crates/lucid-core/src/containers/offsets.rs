//! The offsets of an SSZ container, checked before `ssz_rs` reads it.
//!
//! `ssz_rs`'s derived deserializer trusts the offsets it reads: an offset past the end of the
//! input makes it compute `encoding.len() - offset`, which wraps (and panics where overflow checks
//! are on). So every container is declared with [`ssz_container!`], which also writes its
//! [`CheckOffsets`] from the same field list, and [`super::Body`] checks the input with it first:
//! every offset must lie within the container's bytes, no offset may precede the one before it,
//! and the first must equal the size of the fixed part (as SSZ requires), recursively for the
//! variable-size fields. Anything else is refused as malformed SSZ before `ssz_rs` sees it.

use crate::primitives::{ByteList, ByteVector, Root, Uint256};
use ssz_rs::{Bitvector, Vector};

/// A type whose SSZ encoding can be checked for bad offsets.
pub trait CheckOffsets {
    /// Check the offsets in `bytes`, the whole encoding of one value of this type. Basic types and
    /// byte vectors and lists hold none (`ssz_rs` checks their lengths).
    fn check_offsets(_bytes: &[u8]) -> Result<(), String> {
        Ok(())
    }
}

impl CheckOffsets for u64 {}
impl CheckOffsets for Root {}
impl CheckOffsets for Uint256 {}
impl<const N: usize> CheckOffsets for ByteVector<N> {}
impl<const N: usize> CheckOffsets for ByteList<N> {}
impl<const N: usize> CheckOffsets for Bitvector<N> {}

impl<T: ssz_rs::SimpleSerialize, const N: usize> CheckOffsets for Vector<T, N> {
    fn check_offsets(_bytes: &[u8]) -> Result<(), String> {
        // Every vector here holds fixed-size elements; a vector of variable-size elements would
        // carry offsets of its own, which this check does not read.
        if T::is_variable_size() {
            return Err("vectors of variable-size elements are not supported".to_string());
        }
        Ok(())
    }
}

/// The check of a variable-size field's bytes.
type Check = fn(&[u8]) -> Result<(), String>;

/// How one field of a container is laid out.
#[derive(Debug, Clone, Copy)]
pub enum Field {
    /// A fixed-size field of this many bytes.
    Fixed(usize),
    /// A variable-size field: a 4-byte offset in the fixed part, and the check of its bytes.
    Variable(&'static str, Check),
}

impl Field {
    /// The layout of field `name` of type `T`.
    pub fn of<T: ssz_rs::Sized + CheckOffsets>(name: &'static str) -> Field {
        if T::is_variable_size() {
            Field::Variable(name, T::check_offsets)
        } else {
            Field::Fixed(T::size_hint())
        }
    }
}

const OFFSET_BYTES: usize = 4;

/// Check the offsets of a container with `fields` encoded as `bytes`.
pub fn check_container(fields: &[Field], bytes: &[u8]) -> Result<(), String> {
    let fixed_size: usize = fields
        .iter()
        .map(|f| match f {
            Field::Fixed(size) => *size,
            Field::Variable(..) => OFFSET_BYTES,
        })
        .sum();
    if bytes.len() < fixed_size {
        return Err(format!("{} bytes, fewer than the {fixed_size} of the fixed part", bytes.len()));
    }
    let mut at = 0;
    let mut variable: Vec<(&'static str, usize, Check)> = Vec::new();
    for field in fields {
        match *field {
            Field::Fixed(size) => at += size,
            Field::Variable(name, check) => {
                let mut word = [0u8; OFFSET_BYTES];
                word.copy_from_slice(&bytes[at..at + OFFSET_BYTES]);
                at += OFFSET_BYTES;
                let offset = u32::from_le_bytes(word) as usize;
                match variable.last() {
                    None if offset != fixed_size => {
                        return Err(format!("offset of `{name}` is {offset}, not the fixed part's size {fixed_size}"));
                    }
                    Some((previous, start, _)) if offset < *start => {
                        return Err(format!("offset of `{name}` ({offset}) precedes that of `{previous}` ({start})"));
                    }
                    _ if offset > bytes.len() => {
                        return Err(format!("offset of `{name}` ({offset}) is past the end ({} bytes)", bytes.len()));
                    }
                    _ => variable.push((name, offset, check)),
                }
            }
        }
    }
    for (i, (name, start, check)) in variable.iter().enumerate() {
        let end = variable.get(i + 1).map_or(bytes.len(), |(_, next, _)| *next);
        check(&bytes[*start..end]).map_err(|reason| format!("in `{name}`: {reason}"))?;
    }
    Ok(())
}

/// Declares an SSZ container (a struct whose fields each end with a comma) and writes
/// its [`CheckOffsets`] from the same field list, so the two cannot drift apart.
///
/// The struct is emitted token for token as written: derive macros that give generated code the
/// spans of the fields need those spans to come from one place.
macro_rules! ssz_container {
    (@check_offsets
        $(#[$attr:meta])*
        $vis:vis struct $name:ident $(<const $param:ident: usize>)? {
            $($(#[$field_attr:meta])* $field_vis:vis $field:ident: $ty:ty,)*
        }
    ) => {
        impl $(<const $param: usize>)? $crate::containers::offsets::CheckOffsets for $name $(<$param>)? {
            fn check_offsets(bytes: &[u8]) -> Result<(), String> {
                $crate::containers::offsets::check_container(
                    &[$($crate::containers::offsets::Field::of::<$ty>(stringify!($field))),*],
                    bytes,
                )
            }
        }
    };
    ($($item:tt)*) => {
        $($item)*
        $crate::containers::offsets::ssz_container!(@check_offsets $($item)*);
    };
}

pub(crate) use ssz_container;

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(_: &[u8]) -> Result<(), String> {
        Ok(())
    }

    fn refuse(_: &[u8]) -> Result<(), String> {
        Err("refused".to_string())
    }

    /// `{a: uint64, b: variable, c: uint32, d: variable}`: a fixed part of 8 + 4 + 4 + 4 = 20 bytes.
    const FIELDS: [Field; 4] = [Field::Fixed(8), Field::Variable("b", ok), Field::Fixed(4), Field::Variable("d", ok)];

    fn encode(b: u32, d: u32, tail: usize) -> Vec<u8> {
        let mut out = vec![0u8; 8];
        out.extend_from_slice(&b.to_le_bytes());
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&d.to_le_bytes());
        out.resize(20 + tail, 0xaa);
        out
    }

    #[test]
    fn canonical_offsets_pass() {
        assert_eq!(check_container(&FIELDS, &encode(20, 20, 0)), Ok(()));
        assert_eq!(check_container(&FIELDS, &encode(20, 23, 5)), Ok(()));
        assert_eq!(check_container(&FIELDS, &encode(20, 25, 5)), Ok(()));
    }

    #[test]
    fn offsets_past_the_end_before_the_fixed_part_or_decreasing_are_refused() {
        for (b, d, tail, reason) in [
            (20, u32::MAX, 5, "past the end"),
            (20, 26, 5, "past the end"),
            (20, 19, 5, "precedes"),
            (0, 20, 5, "not the fixed part's size"),
            (21, 21, 5, "not the fixed part's size"),
            (u32::MAX, 20, 5, "not the fixed part's size"),
        ] {
            let err = check_container(&FIELDS, &encode(b, d, tail)).unwrap_err();
            assert!(err.contains(reason), "b={b} d={d}: {err}");
        }
    }

    #[test]
    fn short_input_is_refused_and_nested_refusals_name_the_field() {
        assert!(check_container(&FIELDS, &[0; 19]).unwrap_err().contains("fewer than the 20"));
        let nested = [Field::Fixed(8), Field::Variable("inner", refuse)];
        let mut bytes = vec![0u8; 8];
        bytes.extend_from_slice(&12u32.to_le_bytes());
        assert_eq!(check_container(&nested, &bytes), Err("in `inner`: refused".to_string()));
    }
}
