//! Checks `hash_tree_root` against every consensus-spec-tests
//! `light_client/single_merkle_proof` case: the root rebuilt from each case's
//! leaf and branch must equal the root computed from its `object.ssz_snappy`.

mod common;

use std::collections::HashMap;

use common::{all_cases, shared_data, Case, FORKS, PRESETS};
use lucid_core::primitives::hash_pair;
use lucid_ssz_schema::{Fork, Preset};
use serde_yaml::Value;

/// A parsed `proof.yaml`.
struct Proof {
    leaf: String,
    leaf_index: u64,
    branch: Vec<String>,
}

impl Proof {
    fn parse(yaml: &str) -> Result<Proof, String> {
        let doc: Value = serde_yaml::from_str(yaml).map_err(|e| format!("proof.yaml: {e}"))?;
        let text = |v: &Value| v.as_str().map(str::to_owned).ok_or_else(|| format!("expected a hex string, got {v:?}"));
        let leaf = text(&doc["leaf"])?;
        let leaf_index = doc["leaf_index"].as_u64().ok_or("leaf_index is not an integer")?;
        let branch =
            doc["branch"].as_sequence().ok_or("branch is not a list")?.iter().map(text).collect::<Result<_, _>>()?;
        Ok(Proof { leaf, leaf_index, branch })
    }
}

fn parse_root(hex_str: &str) -> Result<[u8; 32], String> {
    let raw = hex::decode(hex_str.trim_start_matches("0x")).map_err(|e| format!("bad hex {hex_str}: {e}"))?;
    raw.try_into().map_err(|_| format!("not 32 bytes: {hex_str}"))
}

/// The root implied by `leaf` at generalized index `leaf_index` and its `branch`
/// (`is_valid_merkle_branch` with depth = floorlog2(leaf_index)).
fn root_from_branch(proof: &Proof) -> Result<[u8; 32], String> {
    if proof.leaf_index == 0 {
        return Err("leaf_index 0".into());
    }
    let depth = (63 - proof.leaf_index.leading_zeros()) as usize;
    if proof.branch.len() != depth {
        return Err(format!("branch has {} nodes, depth is {depth}", proof.branch.len()));
    }
    let index = proof.leaf_index % (1u64 << depth);
    let mut node = parse_root(&proof.leaf)?;
    for (i, sibling) in proof.branch.iter().enumerate() {
        let sibling = parse_root(sibling)?;
        node = match (index >> i) & 1 {
            1 => hash_pair(&sibling, &node),
            _ => hash_pair(&node, &sibling),
        };
    }
    Ok(node)
}

/// Roots already computed, keyed by everything `hash_tree_root` depends on
/// (the cases of one fork share their `BeaconState` object).
type RootCache = HashMap<(Preset, Fork, String, Vec<u8>), Result<[u8; 32], String>>;

fn check(case: &Case, cache: &mut RootCache) -> Result<(), String> {
    let yaml = std::fs::read_to_string(case.dir.join("proof.yaml")).map_err(|e| e.to_string())?;
    let proof = Proof::parse(&yaml)?;
    let expected = root_from_branch(&proof)?;
    let object = case.object()?;
    let key = (case.preset, case.fork, case.type_name.clone(), object);
    let actual = cache
        .entry(key)
        .or_insert_with_key(|(preset, fork, type_name, object)| {
            lucid_ssz_schema::hash_tree_root(*fork, *preset, type_name, object)
                .map_err(|e| format!("hash_tree_root failed: {e}"))
        })
        .clone()?;
    if actual != expected {
        return Err(format!(
            "root mismatch: computed 0x{}, branch gives 0x{}",
            hex::encode(actual),
            hex::encode(expected)
        ));
    }
    Ok(())
}

#[test]
fn single_merkle_proof_vectors() {
    let Some(data) = shared_data() else { return };
    let cases = all_cases(&data);
    let results: Vec<(&Case, Result<(), String>)> = {
        let mut cache = RootCache::new();
        cases.iter().map(|c| (c, check(c, &mut cache))).collect()
    };

    let mut empty = Vec::new();
    for preset in PRESETS {
        for fork in FORKS {
            let group = results.iter().filter(|(c, _)| c.preset == preset && c.fork == fork);
            let (ran, passed) = group.fold((0, 0), |(r, p), (_, res)| (r + 1, p + usize::from(res.is_ok())));
            println!("{:>7} {:<9} {passed}/{ran} passed", preset.name(), fork.name());
            if ran == 0 {
                empty.push(format!("{preset}/{fork}"));
            }
        }
    }
    let failures: Vec<String> =
        results.iter().filter_map(|(c, res)| res.as_ref().err().map(|e| format!("{}: {e}", c.name()))).collect();
    println!("single_merkle_proof: ran {} cases, {} failed", cases.len(), failures.len());
    assert!(empty.is_empty(), "no cases found for {empty:?}");
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
