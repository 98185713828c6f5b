//! The recipient and value of an execution-layer transaction, read from its encoding (EIP-2718
//! typed envelopes and legacy RLP) for the Builders view: in a block bought from a builder, the
//! last transaction is usually the builder's payment to the proposer.

use alloy_rlp::Header;
use serde::{Deserialize, Serialize};

/// Where a transaction sends ether.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transfer {
    /// The recipient (`0x` + 20 bytes), or empty for a contract creation.
    pub to: String,
    /// The value in wei.
    pub value_wei: u128,
}

/// The positions of `to` and `value` in each transaction type's RLP list.
fn to_and_value_fields(tx_type: Option<u8>) -> Option<(usize, usize)> {
    match tx_type {
        None => Some((3, 4)),        // legacy: [nonce, gasPrice, gas, to, value, …]
        Some(1) => Some((4, 5)),     // EIP-2930: [chainId, nonce, gasPrice, gas, to, value, …]
        Some(2..=4) => Some((5, 6)), // EIP-1559, -4844, -7702: [chainId, nonce, tip, maxFee, gas, to, value, …]
        Some(_) => None,
    }
}

/// The items of one RLP list, as (is a list, payload) pairs.
fn list_items(mut bytes: &[u8]) -> Option<Vec<(bool, &[u8])>> {
    let outer = Header::decode(&mut bytes).ok()?;
    if !outer.list || outer.payload_length != bytes.len() {
        return None;
    }
    let mut items = Vec::new();
    while !bytes.is_empty() {
        let h = Header::decode(&mut bytes).ok()?;
        let payload = bytes.get(..h.payload_length)?;
        items.push((h.list, payload));
        bytes = &bytes[h.payload_length..];
    }
    Some(items)
}

/// `to` and `value` of an encoded transaction (the bytes of an execution payload's `transactions`
/// entry), or `None` if it is not a well-formed transaction of a known type.
pub fn decode_transfer(tx: &[u8]) -> Option<Transfer> {
    let (tx_type, body) = match tx.first()? {
        0xc0.. => (None, tx),
        &t if t <= 0x7f => (Some(t), &tx[1..]),
        _ => return None,
    };
    let (to_at, value_at) = to_and_value_fields(tx_type)?;
    let items = list_items(body)?;
    let (to_list, to) = *items.get(to_at)?;
    let (value_list, value) = *items.get(value_at)?;
    if to_list || value_list || !(to.is_empty() || to.len() == 20) || value.len() > 16 || value.first() == Some(&0) {
        return None;
    }
    Some(Transfer {
        to: if to.is_empty() { String::new() } else { lucid_core::primitives::to_hex(to) },
        value_wei: value.iter().fold(0u128, |acc, b| (acc << 8) | u128::from(*b)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    #[test]
    fn reads_a_real_eip1559_payment() {
        // The last transaction of mainnet block 17923026 (beacon slot 7109344), from the scenario.
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/capella-p862/blocks/7109344.json");
        let block: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let txs = block["data"]["message"]["body"]["execution_payload"]["transactions"].as_array().unwrap();
        let tx = unhex(txs.last().unwrap().as_str().unwrap().trim_start_matches("0x"));
        let t = decode_transfer(&tx).expect("a transfer");
        assert_eq!(t.to, "0x4675c7e5baafbffbca748158becba61ef3b0a263");
        assert_eq!(t.value_wei, 0xde64bdea9408d1);
        // Every transaction of the block is one of the known types and decodes.
        assert!(txs.iter().all(|t| decode_transfer(&unhex(t.as_str().unwrap().trim_start_matches("0x"))).is_some()));
    }

    #[test]
    fn legacy_and_malformed() {
        // Legacy: [nonce 9, gasPrice 20 gwei, gas 21000, to 0x35…35, value 1 ETH, data "", v, r, s] (EIP-155 example).
        let legacy = unhex("f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83");
        let t = decode_transfer(&legacy).unwrap();
        assert_eq!(
            (t.to.as_str(), t.value_wei),
            ("0x3535353535353535353535353535353535353535", 1_000_000_000_000_000_000)
        );
        assert_eq!(decode_transfer(&[]), None);
        assert_eq!(decode_transfer(&[0x02]), None);
        assert_eq!(decode_transfer(&[0x7e, 0xc0]), None, "unknown type");
        assert_eq!(decode_transfer(&legacy[..legacy.len() - 1]), None, "truncated");
        let mut long = legacy.clone();
        long.push(0);
        assert_eq!(decode_transfer(&long), None, "trailing byte");
    }
}
