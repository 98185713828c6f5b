//! Description of SSZ types.

/// Maximum number of elements of a list-like type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Limit {
    /// A bounded `List[T, N]` / `Bitlist[N]`.
    Max(u64),
    /// An unbounded EIP-7916 `ProgressiveList[T]` / `ProgressiveBitlist`.
    Progressive,
}

/// Merkleization shape of a container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A plain `Container`.
    Plain,
    /// An EIP-7688 `ProgressiveContainer(active_fields)`; one field per `true` entry.
    Progressive(Vec<bool>),
}

/// A named container field.
#[derive(Clone, Debug)]
pub(crate) struct Field {
    pub(crate) name: &'static str,
    pub(crate) ty: Type,
}

/// An SSZ type.
#[derive(Clone, Debug)]
pub(crate) enum Type {
    /// Little-endian unsigned integer of the given byte width (1, 2, 4, 8 or 32).
    Uint(usize),
    /// `boolean`: one byte, 0 or 1.
    Boolean,
    /// `Vector[T, N]`; `ByteVector[N]` is `Vector[uint8, N]`.
    Vector(Box<Type>, usize),
    /// `List[T, N]` or `ProgressiveList[T]`; `ByteList[N]` is `List[uint8, N]`.
    List(Box<Type>, Limit),
    /// `Bitvector[N]`.
    Bitvector(usize),
    /// `Bitlist[N]` or `ProgressiveBitlist`.
    Bitlist(Limit),
    /// `Container` or `ProgressiveContainer`.
    Container(Shape, Vec<Field>),
}

impl Type {
    /// Whether this is a basic type (packed into chunks when in a vector or list).
    pub(crate) fn is_basic(&self) -> bool {
        matches!(self, Type::Uint(_) | Type::Boolean)
    }

    /// Serialized size in bytes, or `None` for variable-size types.
    pub(crate) fn fixed_size(&self) -> Option<usize> {
        match self {
            Type::Uint(n) => Some(*n),
            Type::Boolean => Some(1),
            Type::Vector(elem, n) => elem.fixed_size()?.checked_mul(*n),
            Type::Bitvector(n) => Some(n.div_ceil(8)),
            Type::List(..) | Type::Bitlist(_) => None,
            Type::Container(_, fields) => fields.iter().try_fold(0usize, |acc, f| acc.checked_add(f.ty.fixed_size()?)),
        }
    }
}

/// `uint8`.
pub(crate) fn uint8() -> Type {
    Type::Uint(1)
}

/// `uint64`.
pub(crate) fn uint64() -> Type {
    Type::Uint(8)
}

/// `uint256`.
pub(crate) fn uint256() -> Type {
    Type::Uint(32)
}

/// `boolean`.
pub(crate) fn boolean() -> Type {
    Type::Boolean
}

/// `ByteVector[n]`.
pub(crate) fn bytes(n: u64) -> Type {
    vector(uint8(), n)
}

/// `ByteList[limit]`.
pub(crate) fn byte_list(limit: u64) -> Type {
    list(uint8(), limit)
}

/// `Vector[elem, n]`.
pub(crate) fn vector(elem: Type, n: u64) -> Type {
    Type::Vector(Box::new(elem), n as usize)
}

/// `List[elem, limit]`.
pub(crate) fn list(elem: Type, limit: u64) -> Type {
    Type::List(Box::new(elem), Limit::Max(limit))
}

/// `ProgressiveList[elem]` (EIP-7916); `ProgressiveByteList` is `progressive_list(uint8())`.
pub(crate) fn progressive_list(elem: Type) -> Type {
    Type::List(Box::new(elem), Limit::Progressive)
}

/// `Bitvector[n]`.
pub(crate) fn bitvector(n: u64) -> Type {
    Type::Bitvector(n as usize)
}

/// `Bitlist[limit]`.
pub(crate) fn bitlist(limit: u64) -> Type {
    Type::Bitlist(Limit::Max(limit))
}

/// `ProgressiveBitlist` (EIP-7916).
pub(crate) fn progressive_bitlist() -> Type {
    Type::Bitlist(Limit::Progressive)
}

/// A plain container with the given fields.
pub(crate) fn container(fields: Vec<Field>) -> Type {
    Type::Container(Shape::Plain, fields)
}

/// A progressive container whose fields are all active (`active_fields=[1] * len`).
pub(crate) fn progressive_container(fields: Vec<Field>) -> Type {
    Type::Container(Shape::Progressive(vec![true; fields.len()]), fields)
}

/// Shorthand for a field list: `fields![("a", uint64()), ...]`.
macro_rules! fields {
    ($(($name:expr, $ty:expr)),* $(,)?) => {
        vec![$($crate::ty::Field { name: $name, ty: $ty }),*]
    };
}
pub(crate) use fields;
