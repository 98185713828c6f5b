//! The consensus-spec-tests light-client vectors, as cargo tests. Each test
//! names every failing case.

use lucid_cli::spec_test::{run_dir, Outcome};
use lucid_tests::shared_data;

fn run_tree(test: &str, relative: &str) {
    let Some(shared) = shared_data(test) else { return };
    let dir = shared.join(relative);
    assert!(dir.is_dir(), "{} is missing", dir.display());
    let summary = run_dir(&dir, &mut |_| {});
    for ((preset, fork), c) in summary.per_fork() {
        println!("{preset:>8} {fork:<10} {:>4} passed {:>3} failed {:>3} skipped", c.passed, c.failed, c.skipped);
    }
    println!("{}", summary.line());
    let failures: Vec<String> = summary
        .cases
        .iter()
        .filter_map(|c| match &c.outcome {
            Outcome::Failed(reason) => Some(format!("{}: {reason}", c.path.display())),
            _ => None,
        })
        .collect();
    assert!(failures.is_empty(), "{} failing cases:\n{}", failures.len(), failures.join("\n"));
    let wrongly_skipped: Vec<String> = summary
        .cases
        .iter()
        .filter(|c| matches!(c.outcome, Outcome::Skipped(_)) && c.runner != "data_collection")
        .map(|c| c.path.display().to_string())
        .collect();
    assert!(wrongly_skipped.is_empty(), "only data_collection may be skipped: {wrongly_skipped:?}");
    assert!(summary.totals().passed > 0, "no case ran");
}

#[test]
fn v1_7_0_alpha_13_minimal_every_fork() {
    run_tree("v1_7_0_alpha_13_minimal_every_fork", "consensus-spec-tests/v1.7.0-alpha.13/tests/minimal");
}

#[test]
fn v1_7_0_alpha_13_mainnet_every_fork() {
    run_tree("v1_7_0_alpha_13_mainnet_every_fork", "consensus-spec-tests/v1.7.0-alpha.13/tests/mainnet");
}

#[test]
fn official_release_minimal() {
    run_tree("official_release_minimal", "consensus-spec-tests/official-release-minimal");
}

#[test]
fn every_runner_and_fork_is_exercised() {
    let Some(shared) = shared_data("every_runner_and_fork_is_exercised") else { return };
    let summary = run_dir(&shared.join("consensus-spec-tests/v1.7.0-alpha.13/tests"), &mut |_| {});
    for fork in ["altair", "bellatrix", "capella", "deneb", "electra", "fulu", "gloas"] {
        for runner in ["sync", "update_ranking", "single_merkle_proof"] {
            let passed = summary
                .cases
                .iter()
                .filter(|c| c.fork == fork && c.runner == runner && c.outcome == Outcome::Passed)
                .count();
            assert!(passed > 0, "no passing {runner} case for {fork}");
        }
    }
}

/// The named gindices equal the `leaf_index` of the spec's own proofs, per fork.
#[test]
fn named_gindices_match_the_spec_proofs() {
    use lucid_core::gindex::*;
    use lucid_core::Fork;
    let Some(shared) = shared_data("named_gindices_match_the_spec_proofs") else { return };
    let root = shared.join("consensus-spec-tests/v1.7.0-alpha.13/tests/mainnet");
    let mut checked = 0;
    for fork in [Fork::Altair, Fork::Bellatrix, Fork::Capella, Fork::Deneb, Fork::Electra, Fork::Fulu, Fork::Gloas] {
        let dir = root.join(fork.name()).join("light_client/single_merkle_proof");
        let execution_gindex = match fork {
            Fork::Gloas => {
                Some(("BeaconBlockBody/execution_block_hash_merkle_proof", EXECUTION_BLOCK_HASH_GINDEX_GLOAS))
            }
            Fork::Altair | Fork::Bellatrix => None,
            _ => Some(("BeaconBlockBody/execution_merkle_proof", EXECUTION_PAYLOAD_GINDEX_CAPELLA)),
        };
        let cases = [
            ("BeaconState/finality_root_merkle_proof", StateProof::FinalizedRoot.gindex_for_fork(fork)),
            ("BeaconState/current_sync_committee_merkle_proof", StateProof::CurrentSyncCommittee.gindex_for_fork(fork)),
            ("BeaconState/next_sync_committee_merkle_proof", StateProof::NextSyncCommittee.gindex_for_fork(fork)),
        ];
        for (case, expected) in cases.into_iter().chain(execution_gindex) {
            let text = std::fs::read_to_string(dir.join(case).join("proof.yaml")).unwrap();
            let leaf_index: u64 =
                text.lines().find_map(|l| l.strip_prefix("leaf_index:")).unwrap().trim().parse().unwrap();
            assert_eq!(leaf_index, expected, "{fork} {case}");
            checked += 1;
        }
    }
    assert_eq!(checked, 26);
}
