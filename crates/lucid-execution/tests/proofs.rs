//! Merkle-Patricia proofs and `eth_getProof` answers: py-trie's proofs, real
//! mainnet and Sepolia answers with their block headers, and tampered copies
//! of both. The vectors and their provenance are in `tests/vectors/execution`.

use lucid_core::primitives::{parse_root, root_from, Root};
use lucid_execution::rpc::parse_bytes;
use lucid_execution::{
    keccak256, verify_account, verify_code, walk, ExecutionBlockHeader, ExecutionError, ProofResponse, TrieError,
};
use serde::Deserialize;
use serde_json::Value;

fn vectors(name: &str) -> Value {
    let path = format!("{}/../../tests/vectors/execution/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn hex(v: &Value) -> Vec<u8> {
    parse_bytes("vector", v.as_str().expect("hex string")).expect("hex")
}

fn root(v: &Value) -> Root {
    parse_root(v.as_str().expect("root")).expect("root")
}

/// One probe of a py-trie case: key, proof, expected value.
type Probe = (Vec<u8>, Vec<Vec<u8>>, Option<Vec<u8>>);

fn probes(case: &Value) -> Vec<Probe> {
    case["probes"]
        .as_array()
        .expect("probes")
        .iter()
        .map(|p| {
            let proof = p["proof"].as_array().expect("proof").iter().map(hex).collect();
            let value = (!p["value"].is_null()).then(|| hex(&p["value"]));
            (hex(&p["key"]), proof, value)
        })
        .collect()
}

#[test]
fn py_trie_proofs_give_the_value_or_prove_absence() {
    let file = vectors("trie-proofs.json");
    let (mut present, mut absent, mut embedded) = (0, 0, 0);
    for case in file["cases"].as_array().expect("cases") {
        let root = root(&case["root"]);
        for (p, (key, proof, value)) in probes(case).into_iter().enumerate() {
            if case["secure"].as_bool() == Some(true) {
                let slot = hex(&case["probes"][p]["slot"]);
                assert_eq!(keccak256(&slot).to_vec(), key, "secure tries key by keccak256");
            }
            let path = walk(&root, &key, &proof).unwrap_or_else(|e| panic!("{} probe {p}: {e}", case["name"]));
            assert_eq!(path.value, value, "{} probe {p}", case["name"]);
            if value.is_some() {
                present += 1;
            } else {
                absent += 1;
            }
            embedded += path.steps.iter().filter(|s| s.hash.is_none()).count();
        }
    }
    assert!(present >= 50 && absent >= 50, "{present} inclusion and {absent} exclusion proofs");
    assert!(embedded > 0, "the raw tries exercise embedded nodes");
}

/// ethereum/tests' state trie (`hex_encoded_securetrie_test.json`, test1): py-trie rebuilt it to
/// the test's root, and every account it holds is proven and decodes.
#[test]
fn the_ethereum_tests_state_trie_proves_each_account() {
    let file = vectors("trie-proofs.json");
    let case =
        file["cases"].as_array().expect("cases").iter().find(|c| c["state"] == true).expect("the state-trie case");
    let root = root(&case["root"]);
    let mut accounts = 0;
    for (key, proof, value) in probes(case) {
        let path = walk(&root, &key, &proof).expect("the proof holds");
        assert_eq!(path.value, value);
        if let Some(leaf) = value {
            lucid_execution::Account::decode(&leaf).expect("an RLP account");
            accounts += 1;
        }
    }
    assert_eq!(accounts, 5);
}

/// Every byte of every node, flipped, breaks that node's hash: the walk names the node.
#[test]
fn a_flipped_byte_in_any_node_is_named() {
    let file = vectors("trie-proofs.json");
    let mut checked = 0;
    for case in file["cases"].as_array().expect("cases") {
        let root = root(&case["root"]);
        for (key, proof, _) in probes(case).into_iter().take(4) {
            for i in 0..proof.len() {
                for at in 0..proof[i].len() {
                    let mut tampered = proof.clone();
                    tampered[i][at] ^= 0x01;
                    match walk(&root, &key, &tampered) {
                        Err(TrieError::NodeHashMismatch { index, .. }) => assert_eq!(index, i),
                        other => panic!("{}: byte {at} of node {i}: {other:?}", case["name"]),
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 5_000, "{checked} tampered bytes");
}

#[test]
fn an_empty_trie_is_proven_by_no_node_or_by_its_root_node() {
    let empty = root_from(lucid_execution::trie::EMPTY_TRIE_ROOT);
    assert_eq!(walk(&empty, &[7; 32], &[]).expect("no node").value, None);
    assert_eq!(walk(&empty, &[7; 32], &[vec![0x80]]).expect("the root node").value, None);
    assert!(matches!(walk(&empty, &[7; 32], &[vec![0x80], vec![0x80]]), Err(TrieError::TrailingNodes { .. })));
    // rlp(b"") is the empty trie's root only: under another root its hash does not match.
    let other = root_from([1; 32]);
    assert!(matches!(walk(&other, &[7; 32], &[vec![0x80]]), Err(TrieError::NodeHashMismatch { index: 0, .. })));
}

#[test]
fn short_long_and_misdirected_proofs_are_refused() {
    let file = vectors("trie-proofs.json");
    let case = &file["cases"][5]; // secure-200: proofs of 3 to 4 nodes
    let root = root(&case["root"]);
    for (key, proof, value) in probes(case) {
        let mut short = proof.clone();
        short.pop();
        assert!(matches!(walk(&root, &key, &short), Err(TrieError::ProofTooShort { .. })));
        let mut long = proof.clone();
        long.push(proof[0].clone());
        assert!(matches!(walk(&root, &key, &long), Err(TrieError::TrailingNodes { .. })));
        if let Some(value) = value {
            // Another key through the same nodes never reads this key's value.
            let mut other = key.clone();
            other[31] ^= 0x10;
            assert_ne!(walk(&root, &other, &proof).ok().and_then(|p| p.value), Some(value));
        }
    }
}

/// Replace node `i` and re-point every ancestor at its new hash, giving a
/// proof that hashes consistently to a new root: only its content is wrong.
fn rehashed(proof: &[Vec<u8>], i: usize, node: Vec<u8>) -> (Root, Vec<Vec<u8>>) {
    let mut out = proof.to_vec();
    let mut old = keccak256(&out[i]);
    out[i] = node;
    for j in (0..i).rev() {
        let new = keccak256(&out[j + 1]);
        let at = out[j].windows(32).position(|w| w == old).expect("parent names its child");
        old = keccak256(&out[j]);
        out[j][at..at + 32].copy_from_slice(&new);
    }
    (root_from(keccak256(&out[0])), out)
}

/// Every byte of a leaf rewritten (RLP lengths, the path's flag and nibbles,
/// the value) in a proof re-hashed to match: never a panic, never the old value.
#[test]
fn rewritten_leaves_never_read_as_the_original() {
    let file = vectors("trie-proofs.json");
    let (mut refused, mut absent, mut other) = (0, 0, 0);
    // Secure tries only: there the last node is the key's own leaf. (In the raw
    // tries it can be a branch whose other, embedded leaves may change freely.)
    for case in file["cases"].as_array().expect("cases").iter().filter(|c| c["secure"] == true) {
        for (key, proof, value) in probes(case).into_iter().take(3) {
            let Some(value) = value else { continue };
            let last = proof.len() - 1;
            for at in 0..proof[last].len() {
                for delta in [0x01u8, 0x80] {
                    let mut leaf = proof[last].clone();
                    leaf[at] ^= delta;
                    let (root, tampered) = rehashed(&proof, last, leaf);
                    match walk(&root, &key, &tampered) {
                        Err(_) => refused += 1,
                        Ok(p) if p.value.is_none() => absent += 1,
                        Ok(p) => {
                            assert_ne!(p.value, Some(value.clone()), "{} byte {at}", case["name"]);
                            other += 1;
                        }
                    }
                }
            }
        }
    }
    assert!(refused > 50 && absent > 0 && other > 0, "{refused} refused, {absent} absent, {other} other values");
}

#[derive(Deserialize)]
struct RealBlock {
    execution_payload: Value,
    execution_block_header: ExecutionBlockHeader,
    #[serde(rename = "eth_getProof")]
    proofs: Vec<ProofResponse>,
    #[serde(rename = "eth_getCode")]
    code: std::collections::BTreeMap<String, String>,
}

fn real(name: &str) -> RealBlock {
    serde_json::from_value(vectors(name)).expect("real block vectors")
}

#[test]
fn real_block_headers_hash_to_their_block_hash() {
    for name in ["mainnet-17463226.json", "sepolia-3445383.json"] {
        let block = real(name);
        let hash = root(&block.execution_payload["block_hash"]);
        block.execution_block_header.check_hash(&hash).expect(name);
        assert_eq!(
            block.execution_block_header.state_root().expect(name),
            root(&block.execution_payload["state_root"])
        );
        let number: u64 = block.execution_payload["block_number"].as_str().and_then(|n| n.parse().ok()).expect(name);
        assert_eq!(block.execution_block_header.number().expect(name), number);

        let mut lie = block.execution_block_header.clone();
        lie.state_root = block.execution_payload["block_hash"].as_str().expect("hash").to_string();
        assert!(matches!(lie.check_hash(&hash), Err(ExecutionError::BlockHashMismatch { .. })));
        let mut gap = block.execution_block_header.clone();
        gap.base_fee_per_gas = None;
        assert!(matches!(gap.check_hash(&hash), Err(ExecutionError::Malformed(_))));
    }
}

#[test]
fn real_account_proofs_verify_against_the_state_root() {
    let mut accounts = 0;
    for name in ["mainnet-17463226.json", "sepolia-3445383.json"] {
        let block = real(name);
        let state_root = root(&block.execution_payload["state_root"]);
        for answer in &block.proofs {
            let verified = verify_account(&state_root, &answer.address, &[], answer).expect(&answer.address);
            assert!(verified.exists, "{}", answer.address);
            assert_eq!(verified.path.steps.len(), answer.account_proof.len());
            if let Some(code) = block.code.get(&answer.address.to_lowercase()) {
                let code = parse_bytes("code", code).expect("code");
                verify_code(&verified.account, &code).expect("code matches its hash");
                let mut wrong = code.clone();
                wrong.push(0);
                assert!(matches!(verify_code(&verified.account, &wrong), Err(ExecutionError::CodeHashMismatch { .. })));
            }
            accounts += 1;
        }
    }
    assert_eq!(accounts, 6);
    // The zero address on mainnet held 0x27c1d68008dc34fba25 wei at block 17463226.
    let block = real("mainnet-17463226.json");
    let zero = &block.proofs[0];
    let verified =
        verify_account(&root(&block.execution_payload["state_root"]), &zero.address, &[], zero).expect("zero");
    assert_eq!(
        verified.account.balance.to_decimal(),
        u128::from_str_radix("27c1d68008dc34fba25", 16).expect("hex").to_string()
    );
}

/// What a lying execution node can send, each refused and named.
#[test]
fn a_lying_node_is_refused_and_named() {
    let mainnet = real("mainnet-17463226.json");
    let sepolia = real("sepolia-3445383.json");
    let state_root = root(&mainnet.execution_payload["state_root"]);
    let honest = &mainnet.proofs[1];
    let check = |answer: &ProofResponse| verify_account(&state_root, &honest.address, &[], answer);

    let mut lie = honest.clone();
    lie.balance = "0x1".into();
    assert!(matches!(check(&lie), Err(ExecutionError::ClaimMismatch { field, .. }) if field == "balance"));
    let mut lie = honest.clone();
    lie.nonce = "0x99".into();
    assert!(matches!(check(&lie), Err(ExecutionError::ClaimMismatch { field, .. }) if field == "nonce"));
    let mut lie = honest.clone();
    lie.code_hash = mainnet.proofs[3].code_hash.clone();
    assert!(matches!(check(&lie), Err(ExecutionError::ClaimMismatch { field, .. }) if field == "codeHash"));
    let mut truncated = honest.clone();
    truncated.account_proof.pop();
    assert!(matches!(
        check(&truncated),
        Err(ExecutionError::AccountProof { source: TrieError::ProofTooShort { .. }, .. })
    ));
    let mut other_block = sepolia.proofs[0].clone();
    other_block.address = honest.address.clone();
    assert!(matches!(
        check(&other_block),
        Err(ExecutionError::AccountProof { source: TrieError::NodeHashMismatch { index: 0, .. }, .. })
    ));
    let other_account = &mainnet.proofs[2];
    assert!(matches!(check(other_account), Err(ExecutionError::WrongAddress { .. })));
    let mut swapped = other_account.clone();
    swapped.address = honest.address.clone();
    assert!(matches!(check(&swapped), Err(ExecutionError::AccountProof { .. } | ExecutionError::ClaimMismatch { .. })));
    let mut bad_hex = honest.clone();
    bad_hex.account_proof[2] = "0xzz".into();
    assert!(matches!(check(&bad_hex), Err(ExecutionError::Malformed(_))));
    let asked = vec!["0x0".to_string()];
    assert!(matches!(
        verify_account(&state_root, &honest.address, &asked, honest),
        Err(ExecutionError::MissingSlot { .. })
    ));
}

/// Storage proofs, through `verify_account`: the secure py-trie tries stand in
/// for an account's storage trie (the fixtures' accounts have no storage proofs).
#[test]
fn storage_slots_are_proven_against_the_storage_root() {
    let file = vectors("trie-proofs.json");
    let case = &file["cases"][5];
    let storage_root = root(&case["root"]);
    let honest = &real("mainnet-17463226.json").proofs[3];
    let mut answer = honest.clone();
    answer.storage_hash = storage_root.to_string();
    // An account whose storage root is the case's: build its leaf and a one-node state trie.
    let (state_root, proof) = one_account_state(&answer, &storage_root);
    answer.account_proof = vec![lucid_core::primitives::to_hex(&proof)];
    let mut slots = Vec::new();
    for probe in case["probes"].as_array().expect("probes") {
        let slot = probe["slot"].as_str().expect("slot").to_string();
        let value = match probe["value"].as_str() {
            Some(v) => {
                let leaf = parse_bytes("value", v).expect("value");
                let (header_len, len) = if leaf[0] < 0x80 { (0, 1) } else { (1, usize::from(leaf[0] - 0x80)) };
                format!("0x{}", hex_digits(&leaf[header_len..header_len + len]))
            }
            None => "0x0".into(),
        };
        answer.storage_proof.push(lucid_execution::rpc::StorageProofResponse {
            key: slot.clone(),
            value,
            proof: probe["proof"]
                .as_array()
                .expect("proof")
                .iter()
                .map(|n| n.as_str().expect("node").to_string())
                .collect(),
        });
        slots.push(slot);
    }
    let verified = verify_account(&state_root, &answer.address, &slots, &answer).expect("storage verifies");
    assert_eq!(verified.storage.len(), slots.len());
    assert!(verified.storage.iter().any(|s| s.value.to_decimal() == "0"));
    assert!(verified.storage.iter().any(|s| s.value.to_decimal() != "0"));

    let mut lie = answer.clone();
    lie.storage_proof[0].value = "0x2a".into();
    assert!(matches!(
        verify_account(&state_root, &answer.address, &slots, &lie),
        Err(ExecutionError::ClaimMismatch { field, .. }) if field.starts_with("the value of slot")
    ));
    let mut lie = answer.clone();
    lie.storage_proof[0].proof.pop();
    assert!(matches!(
        verify_account(&state_root, &answer.address, &slots, &lie),
        Err(ExecutionError::StorageProof { source: TrieError::ProofTooShort { .. }, .. })
    ));
}

fn hex_digits(bytes: &[u8]) -> String {
    let digits: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".into()
    } else {
        trimmed.into()
    }
}

/// A state trie holding only `answer`'s account (with `storage_root`): its root and its one node.
fn one_account_state(answer: &ProofResponse, storage_root: &Root) -> (Root, Vec<u8>) {
    use alloy_rlp::{Encodable, Header};
    let quantity = |text: &str| {
        let be = lucid_execution::rpc::parse_quantity("q", text).expect("quantity");
        let first = be.iter().position(|b| *b != 0).unwrap_or(32);
        be[first..].to_vec()
    };
    let mut fields = Vec::new();
    quantity(&answer.nonce).as_slice().encode(&mut fields);
    quantity(&answer.balance).as_slice().encode(&mut fields);
    storage_root.as_ref().encode(&mut fields);
    parse_bytes("codeHash", &answer.code_hash).expect("code hash").as_slice().encode(&mut fields);
    let mut account = Vec::new();
    Header { list: true, payload_length: fields.len() }.encode(&mut account);
    account.extend(fields);
    let address = parse_bytes("address", &answer.address).expect("address");
    let mut path = vec![0x20];
    path.extend(keccak256(&address));
    let mut items = Vec::new();
    path.as_slice().encode(&mut items);
    account.as_slice().encode(&mut items);
    let mut node = Vec::new();
    Header { list: true, payload_length: items.len() }.encode(&mut node);
    node.extend(items);
    (root_from(keccak256(&node)), node)
}
