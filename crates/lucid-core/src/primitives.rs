//! Basic SSZ types shared by every fork, and their Beacon-API JSON forms
//! (`0x`-hex for bytes, decimal strings for `uint64`).

use std::sync::OnceLock;

use sha2::{Digest, Sha256};
use ssz_rs::prelude::*;

/// A 32-byte SSZ root (`Root`, `Bytes32`, `Hash32` in the specs).
pub type Root = Node;
/// Slot number.
pub type Slot = u64;
/// Compressed BLS12-381 G1 public key.
pub type BlsPublicKey = ByteVector<48>;
/// Compressed BLS12-381 G2 signature.
pub type BlsSignature = ByteVector<96>;
/// 4-byte fork version.
pub type Version = ByteVector<4>;

/// A root from 32 raw bytes.
pub fn root_from(bytes: [u8; 32]) -> Root {
    Root::try_from(&bytes[..]).unwrap_or_default()
}

/// Parse a root written as `0x` and 64 hex digits (surrounding whitespace ignored).
pub fn parse_root(text: &str) -> Option<Root> {
    parse_hex_array::<32>(text.trim()).map(root_from)
}

/// The 32 raw bytes of a root.
pub fn root_bytes(root: &Root) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(root.as_ref());
    out
}

/// SHA-256 of the concatenation of two 32-byte nodes.
pub fn hash_pair(a: &[u8], b: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(a);
    h.update(b);
    h.finalize().into()
}

/// `hash_tree_root` of any SSZ value. Never fails for the fixed-shape types
/// used here; a failure is reported as a zero root, which no check accepts.
pub fn root_of<T: SimpleSerialize + Clone>(value: &T) -> Root {
    value.clone().hash_tree_root().unwrap_or_default()
}

/// Parse a `0x`-prefixed hex string into exactly `N` bytes.
pub fn parse_hex_array<const N: usize>(s: &str) -> Option<[u8; N]> {
    let body = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X"))?;
    let bytes = hex::decode(body).ok()?;
    bytes.try_into().ok()
}

/// `0x`-prefixed lowercase hex.
pub fn to_hex(bytes: &[u8]) -> String {
    format!("0x{}", hex::encode(bytes))
}

/// A fixed-length byte vector (`ByteVector[N]`), serialized as `0x`-hex in JSON.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ByteVector<const N: usize>(pub [u8; N]);

impl<const N: usize> Default for ByteVector<N> {
    fn default() -> Self {
        Self([0u8; N])
    }
}

impl<const N: usize> std::fmt::Debug for ByteVector<N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&to_hex(&self.0))
    }
}

impl<const N: usize> From<[u8; N]> for ByteVector<N> {
    fn from(bytes: [u8; N]) -> Self {
        Self(bytes)
    }
}

impl<const N: usize> std::fmt::Display for ByteVector<N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&to_hex(&self.0))
    }
}

impl<const N: usize> AsRef<[u8]> for ByteVector<N> {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl<const N: usize> ssz_rs::Sized for ByteVector<N> {
    fn is_variable_size() -> bool {
        false
    }
    fn size_hint() -> usize {
        N
    }
}

impl<const N: usize> ssz_rs::Serialize for ByteVector<N> {
    fn serialize(&self, buffer: &mut Vec<u8>) -> Result<usize, SerializeError> {
        buffer.extend_from_slice(&self.0);
        Ok(N)
    }
}

impl<const N: usize> ssz_rs::Deserialize for ByteVector<N> {
    fn deserialize(encoding: &[u8]) -> Result<Self, DeserializeError> {
        if encoding.len() < N {
            return Err(DeserializeError::ExpectedFurtherInput { provided: encoding.len(), expected: N });
        }
        if encoding.len() > N {
            return Err(DeserializeError::AdditionalInput { provided: encoding.len(), expected: N });
        }
        let mut out = [0u8; N];
        out.copy_from_slice(encoding);
        Ok(Self(out))
    }
}

impl<const N: usize> Merkleized for ByteVector<N> {
    fn hash_tree_root(&mut self) -> Result<Node, MerkleizationError> {
        Ok(root_from(merkleize_bytes(&self.0, None)))
    }
}

impl<const N: usize> SimpleSerialize for ByteVector<N> {}

impl<const N: usize> serde::Serialize for ByteVector<N> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&to_hex(&self.0))
    }
}

impl<'de, const N: usize> serde::Deserialize<'de> for ByteVector<N> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        parse_hex_array::<N>(&s)
            .map(Self)
            .ok_or_else(|| serde::de::Error::custom(format!("expected 0x-prefixed hex of {N} bytes")))
    }
}

/// A variable-length byte list (`ByteList[N]`), serialized as `0x`-hex in JSON.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct ByteList<const N: usize>(pub Vec<u8>);

impl<const N: usize> std::fmt::Debug for ByteList<N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&to_hex(&self.0))
    }
}

impl<const N: usize> ssz_rs::Sized for ByteList<N> {
    fn is_variable_size() -> bool {
        true
    }
    fn size_hint() -> usize {
        0
    }
}

impl<const N: usize> ssz_rs::Serialize for ByteList<N> {
    fn serialize(&self, buffer: &mut Vec<u8>) -> Result<usize, SerializeError> {
        buffer.extend_from_slice(&self.0);
        Ok(self.0.len())
    }
}

impl<const N: usize> ssz_rs::Deserialize for ByteList<N> {
    fn deserialize(encoding: &[u8]) -> Result<Self, DeserializeError> {
        if encoding.len() > N {
            return Err(DeserializeError::AdditionalInput { provided: encoding.len(), expected: N });
        }
        Ok(Self(encoding.to_vec()))
    }
}

impl<const N: usize> Merkleized for ByteList<N> {
    fn hash_tree_root(&mut self) -> Result<Node, MerkleizationError> {
        let root = merkleize_bytes(&self.0, Some(N.div_ceil(32)));
        Ok(root_from(mix_in_length(&root, self.0.len() as u64)))
    }
}

impl<const N: usize> SimpleSerialize for ByteList<N> {}

impl<const N: usize> serde::Serialize for ByteList<N> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&to_hex(&self.0))
    }
}

impl<'de, const N: usize> serde::Deserialize<'de> for ByteList<N> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        let body = s.strip_prefix("0x").ok_or_else(|| serde::de::Error::custom("expected 0x-prefixed hex"))?;
        let bytes = hex::decode(body).map_err(serde::de::Error::custom)?;
        if bytes.len() > N {
            return Err(serde::de::Error::custom(format!("at most {N} bytes allowed")));
        }
        Ok(Self(bytes))
    }
}

/// A 32-byte Merkle tree node (an SSZ chunk).
pub type Chunk = [u8; 32];

/// Deepest tree [`zero_hash`] knows: enough for any limit up to 2^64 chunks.
const MAX_DEPTH: usize = 64;

/// Root of an all-zero subtree of depth `depth` (at most 64): `zero_hash(0)` is the zero chunk.
pub fn zero_hash(depth: usize) -> &'static Chunk {
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
pub fn pack(bytes: &[u8]) -> Vec<Chunk> {
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
/// `next_pow_of_two(limit)` leaves (`limit = None` pads to `next_pow_of_two(len)`). A limit
/// below the number of chunks counts as that number.
pub fn merkleize(chunks: &[Chunk], limit: Option<u64>) -> Chunk {
    merkleize_layer(chunks.to_vec(), limit)
}

/// [`merkleize`] of chunks the caller owns.
fn merkleize_layer(mut layer: Vec<Chunk>, limit: Option<u64>) -> Chunk {
    let count = layer.len() as u64;
    let depth = depth_for(limit.unwrap_or(count).max(count));
    if layer.is_empty() {
        return *zero_hash(depth);
    }
    for d in 0..depth {
        if layer.len() % 2 == 1 {
            layer.push(*zero_hash(d));
        }
        layer = layer.chunks(2).map(|p| hash_pair(&p[0], &p[1])).collect();
    }
    layer[0]
}

/// Merkleize raw bytes packed into 32-byte chunks, padded to `limit_chunks` chunks
/// (or the next power of two of the chunk count).
pub fn merkleize_bytes(bytes: &[u8], limit_chunks: Option<usize>) -> Chunk {
    merkleize_layer(pack(bytes), limit_chunks.map(|l| l as u64))
}

/// `mix_in_length`: `hash(root, uint256(length))`.
pub fn mix_in_length(root: &Chunk, length: u64) -> Chunk {
    let mut len = [0u8; 32];
    len[..8].copy_from_slice(&length.to_le_bytes());
    hash_pair(root, &len)
}

/// The `width` little-endian bytes of a decimal string (digits only), or `None` when it is
/// empty, not decimal or does not fit in `width` bytes.
pub fn decimal_to_le(s: &str, width: usize) -> Option<Vec<u8>> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut le = vec![0u8; width];
    for digit in s.bytes() {
        let mut carry = u32::from(digit - b'0');
        for byte in le.iter_mut() {
            let v = u32::from(*byte) * 10 + carry;
            *byte = v as u8;
            carry = v >> 8;
        }
        if carry != 0 {
            return None;
        }
    }
    Some(le)
}

/// Serde helper: `uint64` as a decimal string (numbers are accepted too).
pub mod quoted_u64 {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Write a `u64` as a decimal string.
    pub fn serialize<S: Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(v)
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum StrOrNum<'a> {
        Str(std::borrow::Cow<'a, str>),
        Num(u64),
    }

    /// Read a `u64` from a decimal string or a JSON number.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        match StrOrNum::deserialize(d)? {
            StrOrNum::Str(s) => {
                s.parse().map_err(|_| serde::de::Error::custom(format!("expected a decimal uint64, got {s:?}")))
            }
            StrOrNum::Num(n) => Ok(n),
        }
    }
}

/// A `uint256` (e.g. `base_fee_per_gas`), little-endian, written in JSON as a
/// decimal string. Values of 2^256 or more are refused, never truncated.
#[derive(Clone, PartialEq, Eq, Hash, Default, Debug)]
pub struct Uint256(pub ByteVector<32>);

impl Uint256 {
    /// Parse a decimal string; `None` when empty, non-decimal or ≥ 2^256.
    pub fn from_decimal(s: &str) -> Option<Self> {
        if s.len() > 80 {
            return None;
        }
        let le = decimal_to_le(s, 32)?.try_into().ok()?;
        Some(Self(ByteVector(le)))
    }

    /// The decimal form.
    pub fn to_decimal(&self) -> String {
        let mut le = self.0 .0;
        let mut digits = Vec::new();
        while le.iter().any(|b| *b != 0) {
            let mut rem = 0u32;
            for byte in le.iter_mut().rev() {
                let v = (rem << 8) | u32::from(*byte);
                *byte = (v / 10) as u8;
                rem = v % 10;
            }
            digits.push(b'0' + rem as u8);
        }
        if digits.is_empty() {
            digits.push(b'0');
        }
        digits.reverse();
        String::from_utf8(digits).unwrap_or_default()
    }
}

impl ssz_rs::Sized for Uint256 {
    fn is_variable_size() -> bool {
        false
    }
    fn size_hint() -> usize {
        32
    }
}

impl ssz_rs::Serialize for Uint256 {
    fn serialize(&self, buffer: &mut Vec<u8>) -> Result<usize, SerializeError> {
        self.0.serialize(buffer)
    }
}

impl ssz_rs::Deserialize for Uint256 {
    fn deserialize(encoding: &[u8]) -> Result<Self, DeserializeError> {
        ByteVector::<32>::deserialize(encoding).map(Self)
    }
}

impl Merkleized for Uint256 {
    fn hash_tree_root(&mut self) -> Result<Node, MerkleizationError> {
        Ok(root_from(self.0 .0))
    }
}

impl SimpleSerialize for Uint256 {
    fn is_composite_type() -> bool {
        false
    }
}

impl serde::Serialize for Uint256 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_decimal())
    }
}

impl<'de> serde::Deserialize<'de> for Uint256 {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::from_decimal(&s).ok_or_else(|| serde::de::Error::custom("expected a decimal uint256 below 2^256"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_must_be_full_length_hex() {
        let root = "0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275";
        assert_eq!(parse_root(root).map(|r| r.to_string()).as_deref(), Some(root));
        assert_eq!(parse_root(&format!(" {root}\n")), parse_root(root));
        assert!(parse_root(&root[2..]).is_none());
        assert!(parse_root("0x5afc").is_none());
        assert!(parse_root(&format!("{root}00")).is_none());
        assert!(parse_root("0xzz").is_none());
    }

    #[test]
    fn uint256_decimal_round_trip_and_bounds() {
        let max = "115792089237316195423570985008687907853269984665640564039457584007913129639935";
        assert_eq!(Uint256::from_decimal(max).unwrap().to_decimal(), max);
        assert!(Uint256::from_decimal(
            "115792089237316195423570985008687907853269984665640564039457584007913129639936"
        )
        .is_none());
        assert_eq!(Uint256::from_decimal("7").unwrap().0 .0[0], 7);
        assert_eq!(Uint256::from_decimal("256").unwrap().0 .0[..2], [0, 1]);
        assert_eq!(Uint256::from_decimal("0").unwrap().to_decimal(), "0");
        assert!(Uint256::from_decimal("").is_none());
        assert!(Uint256::from_decimal("12a").is_none());
        assert!(Uint256::from_decimal("-1").is_none());
    }

    fn chunk(b: u8) -> Chunk {
        [b; 32]
    }

    #[test]
    fn zero_hashes_match_known_values() {
        assert_eq!(zero_hash(0), &[0u8; 32]);
        assert_eq!(zero_hash(1)[..4], [0xf5, 0xa5, 0xfd, 0x42], "sha256 of 64 zero bytes");
        assert_eq!(zero_hash(2), &hash_pair(zero_hash(1), zero_hash(1)));
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
        assert_eq!(merkleize(&[a, b, c], Some(1)), merkleize(&[a, b, c], None));
        assert_eq!(merkleize(&[], Some(8)), *zero_hash(3));
        assert_eq!(merkleize(&[], None), [0; 32]);
        assert_eq!(merkleize_bytes(&[], None), [0; 32]);
        assert_eq!(merkleize_bytes(&[1; 33], Some(4)), merkleize(&pack(&[1; 33]), Some(4)));
    }

    #[test]
    fn mix_in_length_encodes_little_endian() {
        let root = chunk(7);
        let mut len = [0u8; 32];
        len[0] = 5;
        assert_eq!(mix_in_length(&root, 5), hash_pair(&root, &len));
    }

    #[test]
    fn depth_is_ceil_log2() {
        let cases = [(0, 0), (1, 0), (2, 1), (3, 2), (4, 2), (5, 3), (1 << 40, 40)];
        for (leaves, depth) in cases {
            assert_eq!(depth_for(leaves), depth, "leaves = {leaves}");
        }
    }

    #[test]
    fn byte_list_rejects_too_long() {
        assert!(<ByteList<32> as ssz_rs::Deserialize>::deserialize(&[0u8; 33]).is_err());
        assert!(serde_json::from_str::<ByteList<2>>("\"0x010203\"").is_err());
        assert!(serde_json::from_str::<ByteVector<2>>("\"0x01\"").is_err());
    }
}
