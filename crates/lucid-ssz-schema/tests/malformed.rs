//! Malformed input must be rejected with an error, never a panic.

mod common;

use common::{all_cases, shared_data, FORKS, PRESETS};
use lucid_ssz_schema::{hash_tree_root, Fork, Preset, SchemaError};

const TYPES: [&str; 2] = ["BeaconState", "BeaconBlockBody"];

/// Small deterministic xorshift generator, so failures are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

fn assert_malformed(result: Result<[u8; 32], SchemaError>, what: &str) -> String {
    match result {
        Err(SchemaError::Malformed { path, reason }) => format!("{path}: {reason}"),
        other => panic!("{what}: expected Malformed, got {other:?}"),
    }
}

#[test]
fn unknown_fork_and_type_are_reported() {
    assert!(matches!(
        hash_tree_root(Fork::Phase0, Preset::Minimal, "BeaconState", &[]),
        Err(SchemaError::UnsupportedFork(Fork::Phase0))
    ));
    assert!(matches!(
        hash_tree_root(Fork::Deneb, Preset::Minimal, "BeaconBlockHeader", &[]),
        Err(SchemaError::UnknownType(t)) if t == "BeaconBlockHeader"
    ));
}

#[test]
fn empty_and_random_inputs_are_rejected() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for preset in PRESETS {
        for fork in FORKS {
            for ty in TYPES {
                let what = format!("{fork} {preset:?} {ty}");
                assert_malformed(hash_tree_root(fork, preset, ty, &[]), &format!("{what} empty"));
                for len in [1, 3, 4, 100, 383, 384, 1000, 5000, 70_000] {
                    let input = rng.bytes(len);
                    let result = hash_tree_root(fork, preset, ty, &input);
                    assert_malformed(result, &format!("{what} random {len} bytes"));
                }
            }
        }
    }
}

#[test]
fn corrupted_vectors_are_rejected_without_panicking() {
    let Some(data) = shared_data() else { return };
    let mut objects: Vec<(Fork, Preset, String, Vec<u8>)> = Vec::new();
    for case in all_cases(&data) {
        let object = case.object().expect("vector decompresses");
        let key = (case.fork, case.preset, case.type_name.clone(), object);
        if !objects.contains(&key) {
            objects.push(key);
        }
    }
    assert!(!objects.is_empty(), "no vectors found");
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for (fork, preset, ty, object) in &objects {
        let what = format!("{fork} {preset:?} {ty}");
        let root = |bytes: &[u8]| hash_tree_root(*fork, *preset, ty, bytes);
        let original = root(object).unwrap_or_else(|e| panic!("{what}: valid object rejected: {e}"));

        // Cutting into the fixed part (over 200 bytes for both types) must fail.
        // A longer truncation or an extra byte may still be a valid encoding (of a
        // shorter or longer trailing list); then it must be a different object.
        let step = (object.len() / 40).max(1);
        for len in (0..object.len()).step_by(step).chain([1, 199, object.len() - 1]) {
            let result = root(&object[..len]);
            if len < 200 {
                assert_malformed(result, &format!("{what} truncated to {len}"));
            } else {
                assert!(result.map_or(true, |r| r != original), "{what} truncated to {len}");
            }
        }
        let mut longer = object.clone();
        longer.push(0);
        assert!(root(&longer).map_or(true, |r| r != original), "{what} with a trailing byte");

        // Wrong preset: vector lengths differ, so the layout cannot match.
        let other = match preset {
            Preset::Minimal => Preset::Mainnet,
            Preset::Mainnet => Preset::Minimal,
        };
        assert_malformed(hash_tree_root(*fork, other, ty, object), &format!("{what} as {other:?}"));

        // Random corruption may or may not keep the object valid; it must never
        // panic. (Limited to the smaller objects: each valid result is a full hash.)
        let corruptions = if object.len() < 1 << 20 { 6 } else { 0 };
        for _ in 0..corruptions {
            let mut corrupt = object.clone();
            let at = (rng.next() as usize) % corrupt.len();
            let end = (at + 4).min(corrupt.len());
            corrupt[at..end].copy_from_slice(&rng.bytes(end - at));
            let _ = root(&corrupt);
        }
    }
}

#[test]
fn bad_body_offset_names_the_field() {
    let Some(data) = shared_data() else { return };
    // randao_reveal (96) + eth1_data (72) + graffiti (32): the first offset,
    // of `proposer_slashings`, sits at byte 200 in every fork's body.
    const FIRST_OFFSET_AT: usize = 200;
    let bodies: Vec<_> = all_cases(&data).into_iter().filter(|c| c.type_name == "BeaconBlockBody").collect();
    assert!(!bodies.is_empty(), "no BeaconBlockBody vectors found");
    for case in bodies {
        let mut object = case.object().expect("vector decompresses");
        let offset = u32::from_le_bytes(object[FIRST_OFFSET_AT..FIRST_OFFSET_AT + 4].try_into().unwrap());
        for bad in [offset + 1, offset - 4, 0, u32::MAX] {
            object[FIRST_OFFSET_AT..FIRST_OFFSET_AT + 4].copy_from_slice(&bad.to_le_bytes());
            let message = assert_malformed(
                hash_tree_root(case.fork, case.preset, "BeaconBlockBody", &object),
                &format!("{} with first offset {bad}", case.name()),
            );
            assert!(message.starts_with("BeaconBlockBody.proposer_slashings:"), "{}: {message}", case.name());
        }
    }
}

#[test]
fn bad_state_offset_names_the_field() {
    let Some(data) = shared_data() else { return };
    let states: Vec<_> = all_cases(&data).into_iter().filter(|c| c.type_name == "BeaconState").collect();
    for case in states {
        // genesis_time, genesis_validators_root, slot, fork, latest_block_header,
        // block_roots and state_roots precede `historical_roots`, the first offset.
        let slots_per_historical_root = match case.preset {
            Preset::Minimal => 64,
            Preset::Mainnet => 8192,
        };
        let at = 8 + 32 + 8 + 16 + 112 + 2 * 32 * slots_per_historical_root;
        let mut object = case.object().expect("vector decompresses");
        object[at..at + 4].copy_from_slice(&7u32.to_le_bytes());
        let message = assert_malformed(hash_tree_root(case.fork, case.preset, "BeaconState", &object), &case.name());
        assert!(message.starts_with("BeaconState.historical_roots:"), "{}: {message}", case.name());
    }
}
