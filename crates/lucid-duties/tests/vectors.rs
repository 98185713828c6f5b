//! The vectors of `tests/vectors/duties/v1.7.0-beta.4`, made with the reference Python spec
//! (see `tests/vectors/duties/PROVENANCE.md`). Every case of every file is asserted.

use std::fs;
use std::path::{Path, PathBuf};

use lucid_duties::{
    check_proposer_slashing, compute_committee, compute_proposer_index, compute_ptc, compute_seed,
    compute_shuffled_index, compute_shuffled_permutation, compute_slot_seed, correlation_penalty,
    get_next_sync_committee_indices, is_active_validator, is_aggregator, is_slashable_attestation_data,
    is_slashable_validator, shuffle_rounds, slashing_amounts, AttestationData, BlockHeader, Checkpoint, DutiesError,
    Preset, ProposalPair, Slashability,
};
use serde_json::Value;

const PRESETS: [Preset; 2] = [Preset::MINIMAL, Preset::MAINNET];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/duties/v1.7.0-beta.4")
}

/// The cases of `<preset>/electra/duties/<name>.json`.
fn cases(preset: &Preset, name: &str) -> Vec<Value> {
    fork_cases(preset, "electra", name)
}

/// The cases of `<preset>/<fork>/duties/<name>.json`.
fn fork_cases(preset: &Preset, fork: &str, name: &str) -> Vec<Value> {
    let path = root().join(preset.name).join(fork).join("duties").join(format!("{name}.json"));
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let cases = value["cases"].as_array().unwrap_or_else(|| panic!("{}: no cases", path.display())).clone();
    assert!(!cases.is_empty(), "{}: no cases", path.display());
    cases
}

fn u(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a u64: {v}"))
}

fn b(v: &Value) -> bool {
    v.as_bool().unwrap_or_else(|| panic!("not a bool: {v}"))
}

fn list(v: &Value) -> Vec<u64> {
    v.as_array().unwrap_or_else(|| panic!("not a list: {v}")).iter().map(u).collect()
}

fn bytes<const N: usize>(v: &Value) -> [u8; N] {
    let s = v.as_str().unwrap_or_else(|| panic!("not a string: {v}"));
    let raw = hex::decode(s.trim_start_matches("0x")).unwrap_or_else(|e| panic!("{s}: {e}"));
    raw.try_into().unwrap_or_else(|raw: Vec<u8>| panic!("{s}: {} bytes, not {N}", raw.len()))
}

fn report(name: &str, preset: &Preset, n: usize) {
    println!("{name} ({}): {n} cases passed", preset.name);
}

#[test]
fn shuffling() {
    for preset in &PRESETS {
        let dir = root().join(preset.name).join("phase0/shuffling/core/shuffle");
        let mut n = 0;
        let mut entries: Vec<_> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.expect("directory entry").path())
            .collect();
        entries.sort();
        for case in entries {
            let text = fs::read_to_string(case.join("mapping.yaml")).expect("mapping.yaml");
            let yaml: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
            let seed: [u8; 32] = bytes(&Value::String(yaml["seed"].as_str().expect("seed").to_owned()));
            let count = yaml["count"].as_u64().expect("count");
            let mapping: Vec<u64> =
                yaml["mapping"].as_sequence().expect("mapping").iter().map(|v| v.as_u64().expect("u64")).collect();
            assert_eq!(mapping.len() as u64, count, "{}", case.display());
            let rounds = preset.shuffle_round_count;
            for (i, &expected) in mapping.iter().enumerate() {
                let got = compute_shuffled_index(i as u64, count, &seed, rounds).expect("in range");
                assert_eq!(got, expected, "{} index {i}", case.display());
            }
            // The round-by-round details end where compute_shuffled_index does (checked on a few indices).
            for i in (0..count).step_by(usize::try_from(count / 7 + 1).expect("small")) {
                let steps = shuffle_rounds(i, count, &seed, rounds).expect("in range");
                assert_eq!(steps.len(), usize::from(rounds));
                assert_eq!(steps.last().map(|s| s.next_index), Some(mapping[i as usize]), "{}", case.display());
            }
            if count == 0 {
                assert_eq!(compute_shuffled_permutation(0, &seed, rounds), Err(DutiesError::EmptyIndices));
                assert_eq!(
                    compute_shuffled_index(0, 0, &seed, rounds),
                    Err(DutiesError::IndexOutOfRange { index: 0, index_count: 0 })
                );
            } else {
                assert_eq!(compute_shuffled_permutation(count, &seed, rounds).expect("permutation"), mapping);
            }
            n += 1;
        }
        assert!(n > 0, "{}: no cases", dir.display());
        report("compute_shuffled_index", preset, n);
    }
}

#[test]
fn committees() {
    for preset in &PRESETS {
        let mut n = 0;
        for case in cases(preset, "compute_committee") {
            let indices = list(&case["indices"]);
            let seed = bytes(&case["seed"]);
            for c in case["committees"].as_array().expect("committees") {
                let got =
                    compute_committee(&indices, &seed, u(&c["index"]), u(&c["count"]), preset.shuffle_round_count)
                        .expect("committee");
                assert_eq!(got, list(&c["committee"]), "{c}");
                n += 1;
            }
        }
        report("compute_committee", preset, n);
    }
}

#[test]
fn proposers() {
    for preset in &PRESETS {
        let all = cases(preset, "compute_proposer_index");
        for case in &all {
            let got = compute_proposer_index(
                &list(&case["indices"]),
                &list(&case["effective_balances"]),
                &bytes(&case["seed"]),
                preset.shuffle_round_count,
            )
            .expect("proposer");
            assert_eq!(got.proposer_index, u(&case["proposer_index"]), "{}", case["seed"]);
            assert_eq!(got.candidates_tried, u(&case["candidates_tried"]), "{}", case["seed"]);
        }
        report("compute_proposer_index", preset, all.len());
    }
}

#[test]
fn aggregators() {
    for preset in &PRESETS {
        let all = cases(preset, "is_aggregator");
        for case in &all {
            let got = is_aggregator(u(&case["committee_len"]), &bytes(&case["slot_signature"]));
            assert_eq!(got, b(&case["is_aggregator"]), "{case}");
        }
        report("is_aggregator", preset, all.len());
    }
}

#[test]
fn sync_committees() {
    for preset in &PRESETS {
        let all = cases(preset, "get_next_sync_committee_indices");
        for case in &all {
            let epoch = u(&case["epoch"]);
            let seed = compute_seed(&lucid_duties::DOMAIN_SYNC_COMMITTEE, epoch, &bytes(&case["randao_mix"]));
            assert_eq!(seed, bytes::<32>(&case["seed"]));
            let activation = list(&case["activation_epochs"]);
            let exit = list(&case["exit_epochs"]);
            let active: Vec<u64> = (0..activation.len())
                .filter(|&v| is_active_validator(activation[v], exit[v], epoch))
                .map(|v| v as u64)
                .collect();
            assert_eq!(active, list(&case["active_indices"]));
            let got = get_next_sync_committee_indices(&active, &list(&case["effective_balances"]), &seed, preset)
                .expect("sync committee");
            assert_eq!(got.len() as u64, preset.sync_committee_size);
            assert_eq!(got, list(&case["sync_committee_indices"]), "{}", case["seed"]);
        }
        report("get_next_sync_committee_indices", preset, all.len());
    }
}

#[test]
fn payload_timeliness_committees() {
    for preset in &PRESETS {
        let all = fork_cases(preset, "gloas", "compute_ptc");
        let mut failures = 0;
        for case in &all {
            let (epoch, slot) = (u(&case["epoch"]), u(&case["slot"]));
            let mix = bytes(&case["randao_mix"]);
            let attester_seed = compute_seed(&lucid_duties::DOMAIN_BEACON_ATTESTER, epoch, &mix);
            assert_eq!(attester_seed, bytes::<32>(&case["attester_seed"]));
            let seed = compute_slot_seed(&compute_seed(&lucid_duties::DOMAIN_PTC_ATTESTER, epoch, &mix), slot);
            assert_eq!(seed, bytes::<32>(&case["ptc_seed"]));
            // The slot's committees in order (get_beacon_committee for each committee index).
            let active = list(&case["active_indices"]);
            let (per_slot, slots) = (u(&case["committees_per_slot"]), u(&case["slots_per_epoch"]));
            let slot_in_epoch = slot % slots;
            let mut members = Vec::new();
            for index in 0..per_slot {
                let committee = slot_in_epoch * per_slot + index;
                members.extend(
                    compute_committee(&active, &attester_seed, committee, per_slot * slots, preset.shuffle_round_count)
                        .expect("committee"),
                );
            }
            let got = compute_ptc(&members, &list(&case["effective_balances"]), &seed, preset);
            match case["ptc"].as_array() {
                Some(_) => assert_eq!(got.expect("ptc"), list(&case["ptc"]), "slot {slot}"),
                None => {
                    // The spec's `assert total > 0`: the slot's committees are empty.
                    assert!(members.is_empty(), "slot {slot}");
                    assert_eq!(got, Err(DutiesError::EmptyIndices));
                    failures += 1;
                }
            }
        }
        assert!(failures < all.len(), "{}: every case fails", preset.name);
        report("compute_ptc", preset, all.len());
    }
}

#[test]
fn proposer_slashings() {
    let header = |h: &Value| BlockHeader {
        slot: u(&h["slot"]),
        proposer_index: u(&h["proposer_index"]),
        parent_root: bytes(&h["parent_root"]),
        state_root: bytes(&h["state_root"]),
        body_root: bytes(&h["body_root"]),
    };
    for preset in &PRESETS {
        let all = cases(preset, "process_proposer_slashing");
        let mut kinds = std::collections::HashSet::new();
        for case in &all {
            let pair = check_proposer_slashing(&header(&case["header_1"]), &header(&case["header_2"]));
            kinds.insert(pair);
            let p = &case["proposer"];
            let slashable = is_slashable_validator(
                b(&p["slashed"]),
                u(&p["activation_epoch"]),
                u(&p["withdrawable_epoch"]),
                u(&case["epoch"]),
            );
            let valid = pair == ProposalPair::Equivocation && slashable;
            assert_eq!(valid, b(&case["valid"]), "{}: {pair:?}", case["name"]);
        }
        assert_eq!(kinds.len(), 4, "every verdict occurs");
        report("process_proposer_slashing", preset, all.len());
    }
}

#[test]
fn seeds() {
    for preset in &PRESETS {
        let all = cases(preset, "get_seed");
        for case in &all {
            let got = compute_seed(&bytes(&case["domain_type"]), u(&case["epoch"]), &bytes(&case["randao_mix"]));
            assert_eq!(got, bytes::<32>(&case["seed"]), "{case}");
        }
        report("get_seed", preset, all.len());
    }
}

fn attestation_data(v: &Value) -> AttestationData {
    let checkpoint = |c: &Value| Checkpoint { epoch: u(&c["epoch"]), root: bytes(&c["root"]) };
    AttestationData {
        slot: u(&v["slot"]),
        index: u(&v["index"]),
        beacon_block_root: bytes(&v["beacon_block_root"]),
        source: checkpoint(&v["source"]),
        target: checkpoint(&v["target"]),
    }
}

#[test]
fn slashable_attestations() {
    for preset in &PRESETS {
        let all = cases(preset, "is_slashable_attestation_data");
        let mut kinds = [0; 3];
        for case in &all {
            let got =
                is_slashable_attestation_data(&attestation_data(&case["data_1"]), &attestation_data(&case["data_2"]));
            let expected = match case["kind"].as_str().expect("kind") {
                "double_vote" => Slashability::DoubleVote,
                "surround_vote" => Slashability::SurroundVote,
                "not_slashable" => Slashability::NotSlashable,
                other => panic!("unknown kind {other}"),
            };
            assert_eq!(got, expected, "{case}");
            assert_eq!(got.is_slashable(), b(&case["slashable"]), "{case}");
            kinds[got as usize] += 1;
        }
        assert!(kinds.iter().all(|&k| k > 0), "every kind is covered: {kinds:?}");
        report("is_slashable_attestation_data", preset, all.len());
    }
}

#[test]
fn slashable_validators() {
    for preset in &PRESETS {
        let all = cases(preset, "is_slashable_validator");
        for case in &all {
            let got = is_slashable_validator(
                b(&case["slashed"]),
                u(&case["activation_epoch"]),
                u(&case["withdrawable_epoch"]),
                u(&case["epoch"]),
            );
            assert_eq!(got, b(&case["slashable"]), "{case}");
        }
        report("is_slashable_validator", preset, all.len());
    }
}

#[test]
fn slash_validator_amounts() {
    for preset in &PRESETS {
        let all = cases(preset, "slash_validator");
        for case in &all {
            let amounts = slashing_amounts(u(&case["effective_balance"]));
            assert_eq!(amounts.initial_penalty, u(&case["initial_penalty"]), "{case}");
            assert_eq!(amounts.proposer_reward, u(&case["proposer_balance_increase"]), "{case}");
            assert_eq!(
                amounts.whistleblower_reward - amounts.proposer_reward,
                u(&case["whistleblower_balance_increase"]),
                "{case}"
            );
        }
        report("slash_validator", preset, all.len());
    }
}

#[test]
fn correlation_penalties() {
    for preset in &PRESETS {
        let all = cases(preset, "process_slashings");
        for case in &all {
            let got = correlation_penalty(
                u(&case["effective_balance"]),
                u(&case["total_slashings"]),
                u(&case["total_active_balance"]),
            )
            .expect("penalty");
            assert_eq!(got, u(&case["penalty"]), "{case}");
        }
        report("process_slashings", preset, all.len());
    }
}
