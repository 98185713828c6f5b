//! `0x`-hex as the Beacon API writes bytes, and SSZ bit fields (`Bitvector`, `Bitlist`) in it:
//! read by the worker (blocks, branches) and the page (views) alike.

/// The bits of an SSZ `Bitvector` given as `0x` hex: bit `i` is bit `i % 8` of byte `i / 8`.
/// `None` when the hex is malformed or shorter than `size` bits.
pub fn bitvector_from_hex(hex: &str, size: usize) -> Option<Vec<bool>> {
    let bytes = decode_hex(hex)?;
    (bytes.len() * 8 >= size).then(|| (0..size).map(|i| bytes[i / 8] >> (i % 8) & 1 == 1).collect())
}

/// The bits of an SSZ `Bitlist` given as `0x` hex: the highest set bit is the length delimiter and
/// is not part of the list. `None` for malformed hex or a missing delimiter.
pub fn bitlist_from_hex(hex: &str) -> Option<Vec<bool>> {
    let bytes = decode_hex(hex)?;
    let last = *bytes.last()?;
    if last == 0 {
        return None;
    }
    let len = (bytes.len() - 1) * 8 + (7 - last.leading_zeros() as usize);
    Some((0..len).map(|i| bytes[i / 8] >> (i % 8) & 1 == 1).collect())
}

/// `0x`-prefixed (or bare) hex into bytes.
pub fn decode_hex(text: &str) -> Option<Vec<u8>> {
    hex::decode(text.strip_prefix("0x").unwrap_or(text)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bitvector_and_bitlist_follow_ssz_bit_order() {
        assert_eq!(bitvector_from_hex("0x0180", 16).unwrap().iter().filter(|b| **b).count(), 2);
        let bits = bitvector_from_hex("0x0180", 16).unwrap();
        assert!(bits[0] && bits[15] && !bits[1]);
        assert_eq!(bitvector_from_hex("0x01", 16), None);
        // 0x0b = 0b1011: delimiter at bit 3, list [1, 1, 0].
        assert_eq!(bitlist_from_hex("0x0b"), Some(vec![true, true, false]));
        assert_eq!(bitlist_from_hex("0xff01"), Some(vec![true; 8]));
        assert_eq!(bitlist_from_hex("0x00"), None);
        assert_eq!(decode_hex("0xzz"), None);
    }
}
