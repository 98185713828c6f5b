//! `lucid sync` and `lucid record` against local fake beacon nodes (127.0.0.1 only).

use lucid_core::NetworkConfig;
use lucid_tests::capella_p862::{self as p862, CHECKPOINT, FINALIZED_ROOT};
use lucid_transport::fake_node::{FakeNode, Fault, NodeData, SseMode};
use std::path::PathBuf;
use std::process::Command;

fn node(fault: Fault) -> FakeNode {
    FakeNode::start(NodeData::load(NetworkConfig::mainnet(), &p862::dir()).unwrap(), fault, SseMode::Off).unwrap()
}

fn lucid(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lucid")).args(args).output().expect("run lucid");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("lucid-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn sync_json_ends_on_the_real_head_and_names_the_liars() {
    let (liar1, honest, liar2) = (node(Fault::BadSignature), node(Fault::None), node(Fault::OtherHead));
    let dir = temp_dir("sync");
    let (u1, u2, u3) = (liar1.url(), honest.url(), liar2.url());
    let (code, out, err) = lucid(&[
        "sync",
        "--network",
        "mainnet",
        "--endpoint",
        &u1,
        "--endpoint",
        &u2,
        "--endpoint",
        &u3,
        "--checkpoint",
        CHECKPOINT,
        "--current-slot",
        "7109500",
        "--json",
        "--data-dir",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}\n{err}");
    let last: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    assert_eq!(last["ok"], true);
    assert_eq!(last["finalized"]["slot"], p862::FINALIZED_SLOT);
    assert_eq!(last["finalized"]["root"], FINALIZED_ROOT);
    assert_eq!(last["checkpoint"], serde_json::json!({"root": CHECKPOINT, "source": "given"}));
    let verdicts: Vec<&str> =
        last["report_card"].as_array().unwrap().iter().map(|c| c["verdict"].as_str().unwrap()).collect();
    assert_eq!(verdicts, ["liar", "honest", "liar"], "{last:#}");
    assert!(out.lines().any(|l| l.contains("\"event\":\"bootstrapped\"")));

    // The verified head was saved with its integrity hash; a later run uses it...
    let saved = dir.join("mainnet/checkpoint.json");
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(text.contains(FINALIZED_ROOT), "{text}");
    // A run with no --checkpoint, against the honest node, with `extra` arguments.
    let data_dir = dir.to_str().unwrap();
    let again = |extra: &[&str]| {
        let args = [&["sync", "--network", "mainnet", "--endpoint", &u2, "--current-slot", "7109500"], extra].concat();
        lucid(&[&args[..], &["--data-dir", data_dir]].concat())
    };
    let (code, out, err) = again(&[]);
    // ...which the fake node has no bootstrap for, so it fails as unavailable (not as a lie).
    assert!(out.contains("checkpoint: saved"), "{out}\n{err}");
    assert_eq!(code, 2, "{out}\n{err}");
    let (code, out, err) = again(&["--json"]);
    assert_eq!(code, 2, "{out}\n{err}");
    let last: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    assert_eq!(last["checkpoint"], serde_json::json!({"root": FINALIZED_ROOT, "source": "saved"}));

    // A tampered checkpoint file is refused, never trusted.
    std::fs::write(&saved, text.replace(FINALIZED_ROOT, CHECKPOINT)).unwrap();
    let (code, out, err) = again(&[]);
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(err.contains("integrity check"), "{err}");
}

#[test]
fn sync_human_output_has_progress_heads_and_report_card() {
    let (down, honest) = (node(Fault::ServerError), node(Fault::None));
    let (u1, u2) = (down.url(), honest.url());
    let (code, out, err) = lucid(&[
        "sync",
        "--endpoint",
        &u1,
        "--endpoint",
        &u2,
        "--checkpoint",
        CHECKPOINT,
        "--current-slot",
        "7109500",
        "--ssz",
        "--no-save",
    ]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(err.contains("period 867/867"), "progress bar: {err}");
    assert!(out.contains("Finalized: slot 7109344 root 0xa9bb1965"), "{out}");
    assert!(out.contains("UNREACHABLE") && out.contains("HONEST"), "{out}");
    assert!(out.contains("HTTP 500"), "{out}");
}

#[test]
fn sync_exit_codes_for_lies_and_for_usage() {
    let (a, b) = (node(Fault::BadSignature), node(Fault::BadBranch));
    let (u1, u2) = (a.url(), b.url());
    let (code, out, err) = lucid(&[
        "sync",
        "--endpoint",
        &u1,
        "--endpoint",
        &u2,
        "--checkpoint",
        CHECKPOINT,
        "--current-slot",
        "7109500",
        "--no-save",
    ]);
    assert_eq!(code, 1, "{out}\n{err}");
    let (code, _, err) = lucid(&["sync", "--endpoint", &u1, "--checkpoint", "0x1234"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, _) = lucid(&["sync", "--network", "nowhere", "--endpoint", &u1]);
    assert_eq!(code, 2);
}

#[test]
fn record_then_verify_the_recording() {
    for ssz in [false, true] {
        let honest = node(Fault::None);
        let liar = node(Fault::BadSignature);
        let out_dir = temp_dir(if ssz { "record-ssz" } else { "record-json" });
        let (u1, u2) = (liar.url(), honest.url());
        let mut args = vec![
            "record",
            "--network",
            "mainnet",
            "--endpoint",
            &u1,
            "--endpoint",
            &u2,
            "--checkpoint",
            CHECKPOINT,
            "--periods",
            "6",
            "--out",
            out_dir.to_str().unwrap(),
            "--current-slot",
            "7109500",
        ];
        if ssz {
            args.push("--ssz");
        }
        let (code, out, err) = lucid(&args);
        assert_eq!(code, 0, "{out}\n{err}");
        for f in ["bootstrap.json", "updates.json", "finality.json", "optimistic.json"] {
            assert!(out_dir.join(f).is_file(), "{f} missing: {out}\n{err}");
        }
        let p = |f: &str| out_dir.join(f).display().to_string();
        let (code, out, err) = lucid(&[
            "verify",
            "--network",
            "mainnet",
            "--bootstrap",
            &p("bootstrap.json"),
            "--updates",
            &p("updates.json"),
            "--finality",
            &p("finality.json"),
            "--optimistic",
            &p("optimistic.json"),
            "--checkpoint",
            CHECKPOINT,
            "--json",
        ]);
        assert_eq!(code, 0, "verify the recording (ssz={ssz}): {out}\n{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["finalized"]["root"], FINALIZED_ROOT);
        assert_eq!(v["periods"], serde_json::json!(p862::PERIODS.collect::<Vec<_>>()));
    }
}

#[test]
fn endpoints_behind_the_clock_are_lagging_and_sync_exits_0() {
    let honest = node(Fault::None);
    let u = honest.url();
    // The clock two periods past the recorded data: the endpoint serves what it has, and it verifies.
    let now = (p862::CURRENT_SLOT + 2 * 8192).to_string();
    let (code, out, err) =
        lucid(&["sync", "--endpoint", &u, "--checkpoint", CHECKPOINT, "--current-slot", &now, "--no-save"]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("behind the clock"), "{out}");
    assert!(out.contains(&format!("Finalized: slot {}", p862::FINALIZED_SLOT)), "{out}");
    assert!(out.contains("LAGGING"), "{out}");
    let (code, out, err) =
        lucid(&["sync", "--endpoint", &u, "--checkpoint", CHECKPOINT, "--current-slot", &now, "--no-save", "--json"]);
    assert_eq!(code, 0, "{out}\n{err}");
    let last: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    let behind = last["behind"]["finalized_slots_behind"].as_u64().unwrap();
    assert_eq!(behind, p862::CURRENT_SLOT + 2 * 8192 - p862::FINALIZED_SLOT, "{last:#}");
}

#[test]
fn an_old_built_in_checkpoint_is_refused_unless_given_explicitly() {
    let honest = node(Fault::None);
    let u = honest.url();
    let dir = temp_dir("builtin");
    let d = dir.to_str().unwrap();
    // By the wall clock the built-in mainnet checkpoint (2023) is far past the threshold.
    let (code, out, err) = lucid(&["sync", "--endpoint", &u, "--data-dir", d, "--no-save"]);
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(err.contains("weak-subjectivity") && err.contains(CHECKPOINT), "{err}");
    assert_eq!(honest.requests(), 0, "nothing was asked before the refusal");
    // Passed explicitly, it is used.
    let (code, out, err) =
        lucid(&["sync", "--endpoint", &u, "--data-dir", d, "--checkpoint", CHECKPOINT, "--current-slot", "7109500"]);
    assert_eq!(code, 0, "{out}\n{err}");
    // Within the threshold by the clock given, the built-in one is used without asking.
    let (code, out, err) = lucid(&[
        "sync",
        "--endpoint",
        &u,
        "--data-dir",
        &format!("{d}/none"),
        "--current-slot",
        "7109500",
        "--no-save",
    ]);
    assert_eq!(code, 0, "{out}\n{err}");
}
