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
            StrOrNum::Str(s) => s.parse().map_err(|_| serde::de::Error::custom(format!("expected a decimal uint64, got {s:?}"))),
            StrOrNum::Num(n) => Ok(n),
        }
    }
}
