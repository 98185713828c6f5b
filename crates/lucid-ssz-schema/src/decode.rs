//! Strict SSZ decoding driven by a [`Type`] description.
//!
//! Decoding borrows from the input and checks every length, offset, limit,
//! boolean and bitfield padding rule of the SSZ specification.

use std::borrow::Cow;

use crate::path::Path;
use crate::ty::{Limit, Type};
use crate::SchemaError;

/// Size of an SSZ offset.
const OFFSET_SIZE: usize = 4;

/// A decoded SSZ value, ready for merkleization.
#[derive(Debug)]
pub(crate) enum Value<'a> {
    /// Serialized bytes of a basic value, or of a vector or list of basic values.
    Packed(Cow<'a, [u8]>),
    /// Bitfield bytes (bitlist delimiter removed) and the number of bits.
    Bits(Cow<'a, [u8]>, u64),
    /// Elements of a vector or list of composite values, or container fields in order.
    Composite(Vec<Value<'a>>),
}

impl Value<'_> {
    /// The same value, owning its bytes.
    pub(crate) fn into_owned(self) -> Value<'static> {
        match self {
            Value::Packed(bytes) => Value::Packed(Cow::Owned(bytes.into_owned())),
            Value::Bits(bits, len) => Value::Bits(Cow::Owned(bits.into_owned()), len),
            Value::Composite(items) => Value::Composite(items.into_iter().map(Value::into_owned).collect()),
        }
    }
}

/// Decodes `bytes` as a value of type `ty`.
pub(crate) fn decode<'a>(ty: &Type, bytes: &'a [u8], path: &Path<'_>) -> Result<Value<'a>, SchemaError> {
    match ty {
        Type::Uint(n) => {
            expect_len(bytes, *n, path)?;
            Ok(Value::Packed(Cow::Borrowed(bytes)))
        }
        Type::Boolean => {
            expect_len(bytes, 1, path)?;
            if bytes[0] > 1 {
                return Err(path.malformed(format!("boolean byte is {:#04x}", bytes[0])));
            }
            Ok(Value::Packed(Cow::Borrowed(bytes)))
        }
        Type::Vector(elem, n) => decode_sequence(elem, bytes, Some(*n), None, path),
        Type::List(elem, limit) => decode_sequence(elem, bytes, None, Some(*limit), path),
        Type::Bitvector(n) => decode_bitvector(bytes, *n, path),
        Type::Bitlist(limit) => decode_bitlist(bytes, *limit, path),
        Type::Container(_, fields) => {
            let parts = split(bytes, fields.len(), |i| fields[i].ty.fixed_size())
                .map_err(|e| e.locate(path, |i| Path::Field(path, fields[i].name)))?;
            fields
                .iter()
                .zip(parts)
                .map(|(f, part)| decode(&f.ty, part, &Path::Field(path, f.name)))
                .collect::<Result<_, _>>()
                .map(Value::Composite)
        }
    }
}

/// Decodes a vector (`count` known) or a list (`limit` given) of `elem`.
fn decode_sequence<'a>(
    elem: &Type,
    bytes: &'a [u8],
    count: Option<usize>,
    limit: Option<Limit>,
    path: &Path<'_>,
) -> Result<Value<'a>, SchemaError> {
    let elem_size = elem.fixed_size();
    if elem_size == Some(0) {
        return Err(path.malformed("zero-sized element type"));
    }
    let count = match (count, elem_size) {
        (Some(n), Some(size)) => {
            expect_len(bytes, size.saturating_mul(n), path)?;
            n
        }
        (Some(n), None) => n,
        (None, Some(size)) => {
            if bytes.len() % size != 0 {
                return Err(
                    path.malformed(format!("length {} is not a multiple of the element size {size}", bytes.len()))
                );
            }
            bytes.len() / size
        }
        (None, None) => variable_list_count(bytes, path)?,
    };
    if let Some(Limit::Max(max)) = limit {
        if count as u64 > max {
            return Err(path.malformed(format!("{count} elements exceed the limit of {max}")));
        }
    }
    if elem.is_basic() {
        return Ok(Value::Packed(Cow::Borrowed(bytes)));
    }
    let parts = match elem_size {
        Some(size) => bytes.chunks_exact(size).collect(),
        None => split(bytes, count, |_| None).map_err(|e| e.locate(path, |i| Path::Index(path, i)))?,
    };
    parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| decode(elem, part, &Path::Index(path, i)))
        .collect::<Result<_, _>>()
        .map(Value::Composite)
}

/// Number of elements of a list of variable-size elements, read from its first offset.
fn variable_list_count(bytes: &[u8], path: &Path<'_>) -> Result<usize, SchemaError> {
    if bytes.is_empty() {
        return Ok(0);
    }
    let first = read_offset(bytes, 0).ok_or_else(|| path.malformed("truncated first offset"))?;
    if first == 0 || first % OFFSET_SIZE != 0 || first > bytes.len() {
        return Err(path.malformed(format!("invalid first offset {first} for {} bytes", bytes.len())));
    }
    Ok(first / OFFSET_SIZE)
}

fn decode_bitvector<'a>(bytes: &'a [u8], n: usize, path: &Path<'_>) -> Result<Value<'a>, SchemaError> {
    expect_len(bytes, n.div_ceil(8), path)?;
    if n % 8 != 0 {
        let last = bytes[bytes.len() - 1];
        if last >> (n % 8) != 0 {
            return Err(path.malformed("bits set beyond the bitvector length"));
        }
    }
    Ok(Value::Bits(Cow::Borrowed(bytes), n as u64))
}

fn decode_bitlist<'a>(bytes: &'a [u8], limit: Limit, path: &Path<'_>) -> Result<Value<'a>, SchemaError> {
    let Some((&last, _)) = bytes.split_last() else {
        return Err(path.malformed("empty bitlist (missing delimiter bit)"));
    };
    if last == 0 {
        return Err(path.malformed("bitlist last byte has no delimiter bit"));
    }
    let delimiter = 7 - last.leading_zeros() as usize;
    let bit_len = (bytes.len() - 1) * 8 + delimiter;
    if let Limit::Max(max) = limit {
        if bit_len as u64 > max {
            return Err(path.malformed(format!("{bit_len} bits exceed the limit of {max}")));
        }
    }
    let mut bits = bytes[..bit_len.div_ceil(8)].to_vec();
    if delimiter != 0 {
        if let Some(b) = bits.last_mut() {
            *b &= !(1u8 << delimiter);
        }
    }
    Ok(Value::Bits(Cow::Owned(bits), bit_len as u64))
}

fn expect_len(bytes: &[u8], expected: usize, path: &Path<'_>) -> Result<(), SchemaError> {
    if bytes.len() != expected {
        return Err(path.malformed(format!("expected {expected} bytes, got {}", bytes.len())));
    }
    Ok(())
}

fn read_offset(bytes: &[u8], at: usize) -> Option<usize> {
    let raw = bytes.get(at..at.checked_add(OFFSET_SIZE)?)?;
    Some(u32::from_le_bytes(raw.try_into().ok()?) as usize)
}

/// An error found while splitting a sequence, attributed to one of its items.
struct SplitError {
    /// Index of the item the error concerns, if any.
    item: Option<usize>,
    reason: String,
}

impl SplitError {
    fn new(item: Option<usize>, reason: String) -> Self {
        Self { item, reason }
    }

    /// Converts to a [`SchemaError`] at the sequence's path or at the item's path.
    fn locate<'p>(self, parent: &'p Path<'p>, item_path: impl Fn(usize) -> Path<'p>) -> SchemaError {
        match self.item {
            Some(i) => item_path(i).malformed(self.reason),
            None => parent.malformed(self.reason),
        }
    }
}

/// Splits the serialization of `count` consecutive items (container fields or
/// sequence elements) into one slice per item. `size_of(i)` is the fixed size of
/// item `i`, or `None` when it is variable-size and stored behind an offset.
fn split(bytes: &[u8], count: usize, size_of: impl Fn(usize) -> Option<usize>) -> Result<Vec<&[u8]>, SplitError> {
    let fixed_len = (0..count).try_fold(0usize, |acc, i| acc.checked_add(size_of(i).unwrap_or(OFFSET_SIZE)));
    let fixed_len = fixed_len.ok_or_else(|| SplitError::new(None, "fixed part size overflows".into()))?;
    if bytes.len() < fixed_len {
        return Err(SplitError::new(None, format!("expected at least {fixed_len} bytes, got {}", bytes.len())));
    }
    let mut parts: Vec<&[u8]> = Vec::with_capacity(count);
    let mut offsets: Vec<(usize, usize)> = Vec::new();
    let mut pos = 0;
    for i in 0..count {
        match size_of(i) {
            Some(size) => {
                parts.push(&bytes[pos..pos + size]);
                pos += size;
            }
            None => {
                let offset = read_offset(bytes, pos).unwrap_or(usize::MAX);
                pos += OFFSET_SIZE;
                check_offset(offset, offsets.last().map(|&(_, prev)| prev), fixed_len, bytes.len())
                    .map_err(|reason| SplitError::new(Some(i), reason))?;
                offsets.push((i, offset));
                parts.push(&[]);
            }
        }
    }
    if offsets.is_empty() && bytes.len() != fixed_len {
        return Err(SplitError::new(None, format!("expected {fixed_len} bytes, got {}", bytes.len())));
    }
    let ends = offsets.iter().skip(1).map(|&(_, o)| o).chain([bytes.len()]);
    for (&(i, start), end) in offsets.iter().zip(ends) {
        parts[i] = &bytes[start..end];
    }
    Ok(parts)
}

/// Checks one offset: the first must point just past the fixed part, later
/// ones must not decrease nor point past the end of the input.
fn check_offset(offset: usize, previous: Option<usize>, fixed_len: usize, len: usize) -> Result<(), String> {
    match previous {
        None if offset != fixed_len => Err(format!("first offset is {offset}, expected {fixed_len}")),
        Some(prev) if offset < prev || offset > len => Err(format!("offset {offset} outside {prev}..={len}")),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ty::{bitlist, bitvector, boolean, byte_list, container, fields, list, uint64};

    fn dec<'a>(ty: &Type, bytes: &'a [u8]) -> Result<Value<'a>, SchemaError> {
        decode(ty, bytes, &Path::Root("T"))
    }

    #[test]
    fn booleans_must_be_zero_or_one() {
        assert!(dec(&boolean(), &[1]).is_ok());
        assert!(dec(&boolean(), &[2]).is_err());
        assert!(dec(&boolean(), &[]).is_err());
    }

    #[test]
    fn bitlist_delimiter_is_stripped_and_limit_enforced() {
        let Value::Bits(bits, len) = dec(&bitlist(8), &[0b0000_0101, 0b1]).unwrap() else {
            panic!("expected bits");
        };
        assert_eq!((bits.as_ref(), len), (&[0b101u8][..], 8));
        let Value::Bits(bits, len) = dec(&bitlist(8), &[0b0001_0101]).unwrap() else {
            panic!("expected bits");
        };
        assert_eq!((bits.as_ref(), len), (&[0b101u8][..], 4));
        assert!(dec(&bitlist(7), &[0, 1]).is_err());
        assert!(dec(&bitlist(8), &[1, 0]).is_err());
        assert!(dec(&bitlist(8), &[]).is_err());
    }

    #[test]
    fn bitvector_padding_must_be_zero() {
        assert!(dec(&bitvector(4), &[0x0f]).is_ok());
        assert!(dec(&bitvector(4), &[0x1f]).is_err());
        assert!(dec(&bitvector(4), &[0, 0]).is_err());
    }

    #[test]
    fn container_offsets_are_checked() {
        let ty = container(fields![("a", uint64()), ("b", byte_list(4)), ("c", byte_list(4))]);
        let mut ok = vec![7, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0, 0, 17, 0, 0, 0, 0xaa];
        assert!(dec(&ty, &ok).is_ok());
        ok[8] = 15; // first offset must equal the fixed part size
        let err = dec(&ty, &ok).unwrap_err().to_string();
        assert!(err.contains("T.b"), "{err}");
        ok[8] = 16;
        ok[12] = 15; // offsets must not decrease
        assert!(dec(&ty, &ok).is_err());
        ok[12] = 18; // offsets must stay inside the input
        assert!(dec(&ty, &ok).is_err());
    }

    #[test]
    fn list_limits_are_enforced() {
        assert!(dec(&list(uint64(), 1), &[0; 8]).is_ok());
        assert!(dec(&list(uint64(), 1), &[0; 16]).is_err());
        assert!(dec(&list(uint64(), 4), &[0; 9]).is_err());
        let nested = list(byte_list(4), 2);
        assert!(dec(&nested, &[8, 0, 0, 0, 8, 0, 0, 0]).is_ok());
        assert!(dec(&nested, &[12, 0, 0, 0, 12, 0, 0, 0, 12, 0, 0, 0]).is_err());
        assert!(dec(&nested, &[0, 0, 0, 0]).is_err());
        assert!(dec(&nested, &[6, 0, 0]).is_err());
    }
}
