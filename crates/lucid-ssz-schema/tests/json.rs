//! `hash_tree_root_json` against roots established independently: the block roots a light
//! client verified (capella-p862 scenario), the roots of SSZ twins of the same blocks, and the
//! block roots recorded next to them. Mutated JSON must be rejected with a path, never panic.

mod common;

use std::path::Path;

use common::shared_data;
use lucid_core::primitives::hash_pair;
use lucid_ssz_schema::{hash_tree_root, hash_tree_root_json, Fork, Preset, SchemaError};
use lucid_tests::capella_p862 as p862;
use serde_json::Value;

/// The fork named by a Beacon-API `version` field.
fn fork_of(file: &Value) -> Fork {
    file["version"].as_str().and_then(Fork::from_name).expect("a known fork in `version`")
}

fn read_json(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The scenario's block at `slot` (`blocks/{slot}.json`).
fn scenario_block(slot: u64) -> Value {
    serde_json::from_slice(p862::block(slot)).unwrap_or_else(|e| panic!("blocks/{slot}.json: {e}"))
}

fn hex32(s: &str) -> [u8; 32] {
    hex::decode(s.trim_start_matches("0x"))
        .ok()
        .and_then(|b| b.try_into().ok())
        .unwrap_or_else(|| panic!("{s} is not a 32-byte hex string"))
}

fn uint_chunk(decimal: &Value) -> [u8; 32] {
    let n: u64 = decimal.as_str().and_then(|s| s.parse().ok()).expect("a decimal uint64");
    let mut chunk = [0u8; 32];
    chunk[..8].copy_from_slice(&n.to_le_bytes());
    chunk
}

/// `hash_tree_root(BeaconBlockHeader)` computed here from the block's fields and `body_root`:
/// five leaves padded to eight, merkleized pairwise.
fn header_root(message: &Value, body_root: [u8; 32]) -> [u8; 32] {
    let leaves = [
        uint_chunk(&message["slot"]),
        uint_chunk(&message["proposer_index"]),
        hex32(message["parent_root"].as_str().expect("parent_root")),
        hex32(message["state_root"].as_str().expect("state_root")),
        body_root,
        [0; 32],
        [0; 32],
        [0; 32],
    ];
    let level: Vec<[u8; 32]> = leaves.chunks(2).map(|p| hash_pair(&p[0], &p[1])).collect();
    let level: Vec<[u8; 32]> = level.chunks(2).map(|p| hash_pair(&p[0], &p[1])).collect();
    hash_pair(&level[0], &level[1])
}

/// The attested header root of the scenario's finality update, as decoded by the light client.
fn finality_attested_root() -> [u8; 32] {
    use lucid_core::decode::{decode_updates, ObjectKind};
    let cfg = lucid_core::NetworkConfig::mainnet();
    let updates = decode_updates::<{ lucid_core::MAINNET_SYNC_COMMITTEE_SIZE }>(
        &cfg,
        ObjectKind::FinalityUpdate,
        p862::FINALITY,
        "finality.json",
    )
    .expect("finality.json decodes");
    let root = updates[0].attested_header.beacon_root();
    root.as_ref().try_into().expect("32-byte root")
}

#[test]
fn scenario_blocks_have_the_verified_header_roots() {
    let expected = [
        // The finalized header of finality.json.
        (p862::FINALIZED_SLOT, hex32(p862::FINALIZED_ROOT)),
        // The attested header of finality.json.
        (p862::FINALITY_ATTESTED_SLOT, finality_attested_root()),
        // The attested header of optimistic.json: the optimistic head.
        (p862::OPTIMISTIC_SLOT, hex32(p862::OPTIMISTIC_ROOT)),
    ];
    for (slot, root) in expected {
        let file = scenario_block(slot);
        let fork = fork_of(&file);
        let message = &file["data"]["message"];
        let body_root = hash_tree_root_json(fork, Preset::Mainnet, "BeaconBlockBody", &message["body"])
            .unwrap_or_else(|e| panic!("block {slot}: {e}"));
        assert_eq!(header_root(message, body_root), root, "block {slot}");
        let block_root = hash_tree_root_json(fork, Preset::Mainnet, "BeaconBlock", message)
            .unwrap_or_else(|e| panic!("block {slot}: {e}"));
        assert_eq!(block_root, root, "block {slot}: BeaconBlock root");
    }
}

/// Body bytes of an SSZ `BeaconBlock`: everything after its fixed part
/// (slot, proposer_index, parent_root, state_root, body offset = 84 bytes).
fn body_of_block(ssz: &[u8]) -> &[u8] {
    let offset = u32::from_le_bytes(ssz[80..84].try_into().unwrap()) as usize;
    assert_eq!(offset, 84, "BeaconBlock body offset");
    &ssz[offset..]
}

/// `BeaconBlock` bytes of an SSZ `SignedBeaconBlock` (message offset, then the 96-byte signature).
fn message_of_signed(ssz: &[u8]) -> &[u8] {
    let offset = u32::from_le_bytes(ssz[0..4].try_into().unwrap()) as usize;
    assert_eq!(offset, 100, "SignedBeaconBlock message offset");
    &ssz[offset..]
}

#[test]
fn json_and_ssz_twins_have_the_same_roots() {
    let Some(data) = shared_data() else { return };
    let dir = data.join("mainnet/blocks");
    let mut files: Vec<_> =
        std::fs::read_dir(&dir).map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect()).unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json") && p.with_extension("ssz").is_file());
    files.sort();
    if files.is_empty() {
        eprintln!("\n======== skipped: no JSON/SSZ block twins in {} ========\n", dir.display());
        return;
    }
    for json_path in &files {
        let name = json_path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let file = read_json(json_path);
        let ssz = std::fs::read(json_path.with_extension("ssz")).expect("ssz twin");
        let fork = fork_of(&file);
        let data = &file["data"];
        let signed = data.get("message").is_some();
        let (message_json, message_ssz) = match signed {
            true => (&data["message"], message_of_signed(&ssz)),
            false => (data, &ssz[..]),
        };
        let root = |ty: &str, json: &Value, ssz: &[u8]| {
            let from_json = hash_tree_root_json(fork, Preset::Mainnet, ty, json)
                .unwrap_or_else(|e| panic!("{name} {ty} from JSON: {e}"));
            let from_ssz =
                hash_tree_root(fork, Preset::Mainnet, ty, ssz).unwrap_or_else(|e| panic!("{name} {ty} from SSZ: {e}"));
            assert_eq!(from_json, from_ssz, "{name}: {ty} root from JSON and from SSZ");
            from_json
        };
        let body_root = root("BeaconBlockBody", &message_json["body"], body_of_block(message_ssz));
        let block_root = root("BeaconBlock", message_json, message_ssz);
        assert_eq!(header_root(message_json, body_root), block_root, "{name}: header root");
        if signed {
            root("SignedBeaconBlock", data, &ssz);
        }
        if let Some(recorded) = file["block_root"].as_str() {
            assert_eq!(block_root, hex32(recorded), "{name}: recorded block_root");
        }
        eprintln!("{name}: body root {}", hex::encode(body_root));
    }
}

#[test]
fn a_block_of_another_fork_is_rejected_with_a_path() {
    let file = scenario_block(p862::FINALIZED_SLOT);
    let body = &file["data"]["message"]["body"];
    let err = hash_tree_root_json(Fork::Deneb, Preset::Mainnet, "BeaconBlockBody", body).unwrap_err();
    assert_eq!(err.to_string(), "invalid JSON at `BeaconBlockBody`: missing field `blob_kzg_commitments`");
    let err = hash_tree_root_json(Fork::Bellatrix, Preset::Mainnet, "BeaconBlockBody", body).unwrap_err();
    assert!(err.to_string().contains("unexpected field `bls_to_execution_changes`"), "{err}");
    assert!(matches!(
        hash_tree_root_json(Fork::Capella, Preset::Mainnet, "BeaconBlockHeader", body),
        Err(SchemaError::UnknownType(_))
    ));
    assert!(matches!(
        hash_tree_root_json(Fork::Phase0, Preset::Mainnet, "BeaconBlockBody", body),
        Err(SchemaError::UnsupportedFork(Fork::Phase0))
    ));
}

/// Small deterministic xorshift generator, so failures are reproducible.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// JSON pointers of every value in `v`.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => m.iter().for_each(|(k, c)| pointers(c, format!("{at}/{k}"), out)),
        Value::Array(a) => a.iter().enumerate().for_each(|(i, c)| pointers(c, format!("{at}/{i}"), out)),
        _ => {}
    }
    out.push(at);
}

#[test]
fn mutated_json_is_rejected_with_a_path_and_never_panics() {
    let file = scenario_block(p862::FINALITY_ATTESTED_SLOT);
    let message = &file["data"]["message"];
    let good = hash_tree_root_json(Fork::Capella, Preset::Mainnet, "BeaconBlock", message).unwrap();
    let mut all = Vec::new();
    pointers(message, String::new(), &mut all);
    let replacements = [
        Value::Null,
        Value::Bool(true),
        serde_json::json!(7),
        serde_json::json!(""),
        serde_json::json!("0x"),
        serde_json::json!("0x0"),
        serde_json::json!("0xzz"),
        serde_json::json!("-1"),
        serde_json::json!("99999999999999999999999999999999999999999999999999999999999999999999999999999999"),
        serde_json::json!([]),
        serde_json::json!({}),
    ];
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let (mut rejected, mut accepted) = (0, 0);
    for _ in 0..400 {
        let ptr = &all[rng.below(all.len())];
        let mut mutated = message.clone();
        let target = mutated.pointer_mut(ptr).expect("pointer from the same document");
        let replacement = &replacements[rng.below(replacements.len())];
        if target == replacement {
            continue;
        }
        *target = replacement.clone();
        match hash_tree_root_json(Fork::Capella, Preset::Mainnet, "BeaconBlock", &mutated) {
            Err(SchemaError::InvalidJson { path, reason }) => {
                assert!(path.starts_with("BeaconBlock"), "{ptr}: {path}: {reason}");
                rejected += 1;
            }
            Ok(root) => {
                // Only a replacement that is itself valid there (e.g. "0x" for an empty
                // ByteList, [] for an empty list) may be accepted, and then it changes the root.
                assert_ne!(root, good, "{ptr}: a different block must have a different root");
                accepted += 1;
            }
            Err(other) => panic!("{ptr}: unexpected error {other}"),
        }
    }
    assert!(rejected > 300, "rejected {rejected}, accepted {accepted}");
}
