//! Basic SSZ types shared by every fork, and their Beacon-API JSON forms
//! (`0x`-hex for bytes, decimal strings for `uint64`).

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
        let mut len = [0u8; 32];
        len[..8].copy_from_slice(&(self.0.len() as u64).to_le_bytes());
        Ok(root_from(hash_pair(&root, &len)))
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

/// Merkleize raw bytes packed into 32-byte chunks, padded to `limit` chunks
/// (or the next power of two of the chunk count).
pub fn merkleize_bytes(bytes: &[u8], limit_chunks: Option<usize>) -> [u8; 32] {
    let mut layer: Vec<[u8; 32]> = bytes
        .chunks(32)
        .map(|c| {
            let mut chunk = [0u8; 32];
            chunk[..c.len()].copy_from_slice(c);
            chunk
        })
        .collect();
    let leaves = limit_chunks.unwrap_or(layer.len()).max(layer.len()).max(1).next_power_of_two();
    merkleize_chunks(&mut layer, leaves)
}

/// Merkle root of `chunks` padded with zero chunks up to `leaves` (a power of two).
pub fn merkleize_chunks(layer: &mut Vec<[u8; 32]>, leaves: usize) -> [u8; 32] {
    let depth = leaves.trailing_zeros() as usize;
    let mut zero = [0u8; 32];
    for _ in 0..depth {
        if layer.len() % 2 == 1 {
            layer.push(zero);
        }
        let next: Vec<[u8; 32]> = layer.chunks(2).map(|p| hash_pair(&p[0], &p[1])).collect();
        *layer = next;
        zero = hash_pair(&zero, &zero);
    }
    layer.first().copied().unwrap_or(zero)
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
        if s.is_empty() || s.len() > 80 {
            return None;
        }
        let mut le = [0u8; 32];
        for c in s.bytes() {
            let mut carry = u32::from(c.checked_sub(b'0').filter(|d| *d < 10)?);
            for byte in le.iter_mut() {
                let v = u32::from(*byte) * 10 + carry;
                *byte = (v & 0xff) as u8;
                carry = v >> 8;
            }
            if carry != 0 {
                return None;
            }
        }
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

    #[test]
    fn byte_list_rejects_too_long() {
        assert!(<ByteList<32> as ssz_rs::Deserialize>::deserialize(&[0u8; 33]).is_err());
        assert!(serde_json::from_str::<ByteList<2>>("\"0x010203\"").is_err());
        assert!(serde_json::from_str::<ByteVector<2>>("\"0x01\"").is_err());
    }
}
