//! The `lucid` binary's command forms and exit codes.

use lucid_tests::capella_p862::{self as p862, NETWORK};
use lucid_tests::shared_data;
use std::process::Command;

/// Exit code, stdout and stderr of `lucid args`, run in the scenario's directory.
fn run(args: &[&str]) -> (i32, String, String) {
    let out =
        Command::new(env!("CARGO_BIN_EXE_lucid")).args(args).current_dir(p862::dir()).output().expect("run lucid");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Exit code and stdout followed by stderr.
fn lucid(args: &[&str]) -> (i32, String) {
    let (code, out, err) = run(args);
    (code, out + &err)
}

const FULL: [&str; 11] = [
    "verify",
    "--network",
    NETWORK,
    "--bootstrap",
    "bootstrap.json",
    "--updates",
    "updates.json",
    "--finality",
    "finality.json",
    "--optimistic",
    "optimistic.json",
];

#[test]
fn verify_json_reports_the_verified_heads() {
    let mut args = FULL.to_vec();
    args.push("--json");
    let (code, out) = lucid(&args);
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    assert_eq!(v["ok"], true);
    assert_eq!(v["fork"], "capella");
    assert_eq!(v["finalized"]["slot"], p862::FINALIZED_SLOT);
    assert_eq!(v["finalized"]["root"], p862::FINALIZED_ROOT);
    assert_eq!(v["optimistic"]["slot"], p862::OPTIMISTIC_SLOT);
    assert_eq!(v["periods"], serde_json::json!(p862::PERIODS.collect::<Vec<_>>()));
    assert_eq!(v["participation"]["min"], 510);
    // No checkpoint given: the JSON says the bootstrap's own header was trusted as given.
    assert_eq!(v["checkpoint"]["source"], "bootstrap");
    assert_eq!(v["checkpoint"]["root"], p862::CHECKPOINT);
}

#[test]
fn verify_names_where_its_trusted_root_came_from() {
    let mut args = FULL.to_vec();
    args.extend(["--checkpoint", p862::CHECKPOINT, "--json"]);
    let (code, out) = lucid(&args);
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["checkpoint"], serde_json::json!({"root": p862::CHECKPOINT, "source": "given"}));

    let (code, out) = lucid(&FULL);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("no checkpoint given: trusted as given"), "{out}");
    args.pop();
    let (code, out) = lucid(&args);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("matches the checkpoint {}", p862::CHECKPOINT)), "{out}");

    // A wrong checkpoint: rejected, and the JSON still names the root that was given.
    let wrong = p862::FINALIZED_ROOT;
    let (code, out) = lucid(&[&FULL[..], &["--checkpoint", wrong, "--json"]].concat());
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["error"]["kind"], "checkpoint_mismatch");
    assert_eq!(v["checkpoint"], serde_json::json!({"root": wrong, "source": "given"}));
}

#[test]
fn verify_human_report_names_the_final_header() {
    let (code, out) = lucid(&FULL);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Finalized: slot 7109344"), "{out}");
    assert!(out.contains("committee handed over to period 867"), "{out}");
}

#[test]
fn rejected_input_exits_1_and_names_file_and_check() {
    let dir = std::env::temp_dir().join(format!("lucid-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = String::from_utf8(p862::FINALITY.to_vec()).unwrap();
    // Change one hex digit of the sync committee signature's last byte.
    let sig_at = text.find("\"sync_committee_signature\"").unwrap();
    let value_at = text[sig_at..].find("0x").unwrap() + sig_at;
    let end = text[value_at..].find('"').unwrap() + value_at;
    let mut bytes = text.into_bytes();
    bytes[end - 1] = if bytes[end - 1] == b'0' { b'1' } else { b'0' };
    let tampered = dir.join("finality-tampered.json");
    std::fs::write(&tampered, bytes).unwrap();
    let mut args = FULL.to_vec();
    args[8] = tampered.to_str().unwrap();
    args.push("--json");
    let (code, out) = lucid(&args);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ok"], false);
    let kind = v["error"]["kind"].as_str().unwrap();
    assert!(kind == "bad_signature" || kind == "invalid_signature_encoding", "{kind}");
    assert!(v["error"]["message"].as_str().unwrap().contains("finality-tampered.json"));
}

#[test]
fn usage_and_io_errors_exit_2() {
    assert_eq!(lucid(&["verify"]).0, 2);
    assert_eq!(lucid(&["verify", "--bootstrap", "missing.json"]).0, 2);
    assert_eq!(lucid(&["verify", "--network", "nowhere", "--bootstrap", "bootstrap.json"]).0, 2);
    assert_eq!(lucid(&["frobnicate"]).0, 2);
    let (code, out) = lucid(&["verify", "--bootstrap", "missing.json", "--json"]);
    assert_eq!(code, 2);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&out).unwrap()["ok"], false);
}

#[test]
fn spec_test_command_ends_with_the_count_line() {
    let Some(shared) = shared_data("spec_test_command_ends_with_the_count_line") else { return };
    let shared = shared.join("consensus-spec-tests/official-release-minimal");
    let (code, out) = lucid(&["spec-test", shared.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.trim_end().ends_with("6 passed, 0 failed, 0 skipped"), "{out}");
    assert_eq!(lucid(&["spec-test", "/nonexistent"]).0, 2);
}

#[test]
fn help_and_version_exit_0() {
    for args in
        [&["--help"][..], &["verify", "--help"], &["sync", "--help"], &["record", "--help"], &["spec-test", "-h"]]
    {
        let (code, out, err) = run(args);
        assert_eq!(code, 0, "{args:?}: {out}{err}");
        assert!(out.contains("Usage"), "{args:?}: {out}");
    }
    let (code, out, err) = run(&["--version"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains(env!("CARGO_PKG_VERSION")), "{out}");
}

#[test]
fn usage_errors_exit_2_and_name_the_flag() {
    let (code, out, err) = run(&["verify", "--bogus"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("--bogus"), "{err}");
    let (code, _, err) = run(&["sync", "--timeout-ms", "soon"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--timeout-ms"), "{err}");
    let (code, _, err) =
        run(&["record", "--periods", "0", "--out", "x", "--endpoint", "http://127.0.0.1:9", "--checkpoint", "0x00"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--periods"), "{err}");
    // With --json, verify and sync report usage errors as one JSON object too.
    for command in ["verify", "sync"] {
        let (code, out, err) = run(&[command, "--bogus", "--json"]);
        assert_eq!(code, 2, "{out}{err}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
        assert_eq!(v["ok"], false);
        assert_eq!(v["error"]["kind"], "usage");
        assert!(v["error"]["message"].as_str().unwrap().contains("--bogus"), "{v}");
    }
}

#[test]
fn a_repeated_flag_takes_its_last_value() {
    let mut args = vec!["verify", "--network", "nowhere"];
    args.extend_from_slice(&FULL[1..]);
    let (code, out) = lucid(&args);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn completions_print_a_script() {
    for shell in ["bash", "zsh", "fish"] {
        let (code, out, err) = run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(out.contains("lucid") && out.contains("spec-test"), "{shell}: {out}");
    }
    assert_eq!(run(&["completions", "tcsh"]).0, 2);
}
