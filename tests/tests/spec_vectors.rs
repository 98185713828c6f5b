//! The consensus-spec-tests light-client vectors, as cargo tests. Each test
//! names every failing case. The vectors in `tests/vectors` ship with the
//! repository and always run; those in `../shared/data` run when it is present.

use std::path::{Path, PathBuf};

use lucid_cli::spec_test::{run_dir, Outcome, Summary};
use lucid_tests::shared_data;

/// The in-repository tree `tests/vectors/consensus-spec-tests/<relative>`.
fn in_repo(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors/consensus-spec-tests").join(relative)
}

/// Run every case under `dir`: none may fail, only `data_collection` may be skipped.
fn check_tree(dir: &Path) -> Summary {
    assert!(dir.is_dir(), "{} is missing", dir.display());
    let summary = run_dir(dir, &mut |_| {});
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
    summary
}

/// [`check_tree`] on `../shared/data/<relative>`, skipped when that is absent.
fn run_tree(test: &str, relative: &str) {
    let Some(shared) = shared_data(test) else { return };
    check_tree(&shared.join(relative));
}

/// Every runner the CLI checks has a passing case for every fork from Altair to Gloas.
fn assert_every_runner_and_fork(summary: &Summary) {
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

#[test]
fn v1_7_0_beta_4_minimal_every_fork() {
    check_tree(&in_repo("v1.7.0-beta.4/tests/minimal"));
}

#[test]
fn v1_7_0_beta_4_mainnet_every_fork() {
    check_tree(&in_repo("v1.7.0-beta.4/tests/mainnet"));
}

#[test]
fn v1_7_0_beta_4_every_runner_and_fork_is_exercised() {
    let summary = run_dir(&in_repo("v1.7.0-beta.4/tests"), &mut |_| {});
    assert_every_runner_and_fork(&summary);
}

/// Blob-parameter forks change Fulu's and Gloas's fork digests: these cases
/// label their updates with digests masked by the case's `BLOB_SCHEDULE`.
#[test]
fn v1_7_0_beta_4_sync_across_blob_parameter_forks() {
    for fork in ["fulu", "gloas"] {
        let summary = run_dir(&in_repo(&format!("v1.7.0-beta.4/tests/minimal/{fork}")), &mut |_| {});
        let case = summary
            .cases
            .iter()
            .find(|c| c.runner == "sync" && c.path.ends_with("supply_sync_committee_from_past_update"))
            .unwrap_or_else(|| panic!("{fork}: no supply_sync_committee_from_past_update case"));
        assert_eq!(case.outcome, Outcome::Passed, "{fork}");
    }
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
    assert_every_runner_and_fork(&summary);
}

/// The named gindices equal the `leaf_index` of the spec's own proofs, per fork.
fn assert_named_gindices(root: &Path) {
    use lucid_core::gindex::*;
    use lucid_core::Fork;
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

#[test]
fn named_gindices_match_the_spec_proofs() {
    assert_named_gindices(&in_repo("v1.7.0-beta.4/tests/mainnet"));
    let Some(shared) = shared_data("named_gindices_match_the_spec_proofs") else { return };
    assert_named_gindices(&shared.join("consensus-spec-tests/v1.7.0-alpha.13/tests/mainnet"));
}
