//! Tests that run inside a real (headless) browser, through wasm-bindgen-test-runner and
//! chromedriver. Run them with `bash scripts/test.sh`, which sets the runner up.
//! Natively this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use lucid_app::worker::{handle_verify, planned_steps, verify, Outcome, Response};
use lucid_core::replay::Step;
use lucid_tests::capella_p862 as p862;
use wasm_bindgen_test::*;

mod common;
use common::{checkpoint, scenario};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn runs_in_chrome() {
    let ua = web_sys::window().unwrap().navigator().user_agent().unwrap();
    assert!(ua.contains("Chrome"), "unexpected user agent {ua}");
}

#[wasm_bindgen_test]
fn the_worker_handler_verifies_the_recorded_scenario_step_by_step() {
    let files = scenario();
    let mut answers = Vec::new();
    let mut lab = None;
    handle_verify(&mut lab, 7, &files, Some(&checkpoint()), &mut |r| answers.push(r));
    assert!(lab.is_some(), "a verified run keeps its store for the tamper view");

    let planned = match &answers[0] {
        Response::Planned { run: 7, steps } => *steps,
        other => panic!("first answer should plan the steps, got {other:?}"),
    };
    let steps: Vec<Step> = answers
        .iter()
        .filter_map(|a| match a {
            Response::Step { run: 7, step, .. } => Some(step.0.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(steps.len(), planned, "one step per input object");
    assert!(matches!(steps[0], Step::BootstrapVerified { .. }), "{:?}", steps[0]);
    let Some(Response::Done { run: 7, outcome: Outcome::Verified(report), .. }) = answers.last() else {
        panic!("last answer should be a verified report, got {:?}", answers.last());
    };
    // The streamed steps are the report's steps, in order.
    assert_eq!(report.0.steps, steps);
    // The views' summary comes from the same run, just before it ends.
    let Some(Response::Lab { run: 7, summary: Ok(summary) }) = answers.iter().rev().nth(1) else {
        panic!("the views' summary should precede the outcome, got {:?}", answers.iter().rev().nth(1));
    };
    assert!(!summary.0.self_trusted, "a checkpoint was given");
    assert_eq!(summary.0.updates.len(), steps.len() - 1);
    // The heads the CLI prints for this scenario (README), decided by the core in the browser.
    assert_eq!(report.0.finalized.slot, p862::FINALIZED_SLOT);
    assert_eq!(report.0.finalized.root.to_string(), p862::FINALIZED_ROOT);
    assert_eq!(report.0.optimistic.slot, p862::OPTIMISTIC_SLOT);
    assert_eq!(report.0.periods, p862::PERIODS.collect::<Vec<_>>());
}

/// Change one hex digit of the first `sync_committee_signature` in JSON `bytes`.
fn flip_signature_digit(bytes: &mut [u8]) {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let at = text.find("\"sync_committee_signature\"").unwrap();
    let digit = at + text[at..].find("0x").unwrap() + 2 + 10;
    bytes[digit] = if bytes[digit] == b'0' { b'1' } else { b'0' };
}

#[wasm_bindgen_test]
fn a_tampered_update_is_rejected_with_the_failed_check() {
    let mut files = scenario();
    // Change one byte of the first update's sync-committee signature.
    flip_signature_digit(&mut files.updates.as_mut().unwrap().bytes);

    let mut steps = 0;
    let err = verify(&files, Some(&checkpoint()), u64::MAX / 2, &mut |_, _| steps += 1).err().expect("rejected");
    assert_eq!(err.file, "updates.json[0]");
    assert!(
        err.kind == "bad_signature" || err.kind == "invalid_signature_encoding",
        "kind {} ({})",
        err.kind,
        err.message
    );
    assert_eq!(steps, 1, "only the bootstrap verified before the rejection");
}

#[wasm_bindgen_test]
fn a_wrong_checkpoint_is_refused() {
    let wrong = format!("0x{}", "11".repeat(32));
    let err = verify(&scenario(), Some(&wrong), u64::MAX / 2, &mut |_, _| {}).err().expect("rejected");
    assert_eq!(err.file, "bootstrap.json");
    assert_eq!(err.kind, "checkpoint_mismatch");
    let err = verify(&scenario(), Some("0x12"), u64::MAX / 2, &mut |_, _| {}).err().expect("rejected");
    assert_eq!(err.kind, "input");
}

#[wasm_bindgen_test]
fn a_rejected_run_leaves_nothing_for_the_views() {
    let mut lab = None;
    handle_verify(&mut lab, 1, &scenario(), Some(&checkpoint()), &mut |_| {});
    assert!(lab.is_some());
    let wrong = format!("0x{}", "11".repeat(32));
    let mut answers = Vec::new();
    handle_verify(&mut lab, 2, &scenario(), Some(&wrong), &mut |r| answers.push(r));
    assert!(lab.is_none(), "the previous run's store must not outlive a rejected run");
    assert!(!answers.iter().any(|a| matches!(a, Response::Lab { .. })), "no summary for a rejected run");
    assert!(matches!(answers.last(), Some(Response::Done { outcome: Outcome::Rejected(_), .. })));
}

#[wasm_bindgen_test]
fn planned_steps_counts_the_updates_array() {
    // 6 updates in the array, plus bootstrap, finality and optimistic.
    assert_eq!(planned_steps(&scenario()), Some(9));
}

/// A live run replays for the views after each head: the bootstrap and updates once, then only
/// each head's new inputs, with the same result as replaying everything.
#[wasm_bindgen_test]
fn a_live_replay_goes_on_from_the_verified_prefix() {
    use lucid_app::worker::{replay_live, verify_bundle};
    use lucid_core::NetworkConfig;
    let cfg = NetworkConfig::mainnet();
    let full = scenario().to_core().unwrap();
    let slot = u64::MAX / 2;
    let whole = |bundle| verify_bundle(&cfg, bundle, Some(&checkpoint()), slot, &mut |_, _| {}).unwrap().summary;
    let mut kept = None;
    let live = |bundle, kept: &mut _| {
        let mut steps = 0;
        let summary = replay_live(&cfg, bundle, &checkpoint(), slot, &mut |_, _| steps += 1, kept).map(|v| v.summary);
        (summary, steps)
    };

    // The first head: everything, and the prefix is kept.
    let (summary, steps) = live(&full, &mut kept);
    assert_eq!(steps, 9, "bootstrap, 6 updates, finality and optimistic");
    assert_eq!(summary.unwrap(), whole(&full));
    // The next head, same bootstrap and updates: only the new updates are verified.
    let (summary, steps) = live(&full, &mut kept);
    assert_eq!(steps, 2, "only the finality and optimistic updates");
    assert_eq!(summary.unwrap(), whole(&full));
    let optimistic_only = lucid_core::replay::Bundle { finality: None, ..full.clone() };
    let (summary, steps) = live(&optimistic_only, &mut kept);
    assert_eq!(steps, 1);
    assert_eq!(summary.unwrap(), whole(&optimistic_only));

    // A tampered new input is refused on its own, and the kept prefix still serves the next head.
    let mut forged = full.clone();
    flip_signature_digit(&mut forged.finality.as_mut().unwrap().bytes);
    let (summary, steps) = live(&forged, &mut kept);
    let rejection = summary.unwrap_err();
    assert_eq!(rejection.file, "finality.json");
    assert_eq!(steps, 0);
    assert_eq!(live(&full, &mut kept).1, 2);

    // Other updates, or another checkpoint, start over from the bootstrap.
    let fewer = lucid_core::replay::Bundle { updates: vec![], ..full.clone() };
    let (summary, steps) = live(&fewer, &mut kept);
    assert!(summary.is_err(), "the finality update needs the committees of the updates left out");
    assert_eq!(steps, 1, "the bootstrap was verified again");
    let wrong = format!("0x{}", "11".repeat(32));
    let err = replay_live(&cfg, &full, &wrong, slot, &mut |_, _| {}, &mut kept).err().expect("rejected");
    assert_eq!(err.kind, "checkpoint_mismatch", "a prefix is only reused for its own checkpoint");
}

#[wasm_bindgen_test]
async fn the_page_takes_a_runs_steps_in_frames_and_every_answer_in_order() {
    use gloo::timers::future::TimeoutFuture;
    use lucid_app::step_frames::{StepFrames, STEP_FRAME_MS};
    use std::{cell::RefCell, rc::Rc};

    let mut answers = Vec::new();
    handle_verify(&mut None, 7, &scenario(), Some(&checkpoint()), &mut |r| answers.push(r));
    let label = |r: &Response| match r {
        Response::Planned { .. } => "planned".to_string(),
        Response::Step { at_ms, .. } => format!("step {at_ms}"),
        Response::Done { .. } => "done".to_string(),
        other => format!("{other:?}"),
    };
    let sent: Vec<String> = answers.iter().map(label).collect();
    let steps = sent.iter().filter(|s| s.starts_with("step")).count();
    assert!(steps >= 4 && sent[0] == "planned" && sent.last().unwrap() == "done", "{sent:?}");

    let got = Rc::new(RefCell::new(Vec::new()));
    let frames = StepFrames::new({
        let got = got.clone();
        move |r, _at_ms| got.borrow_mut().push(label(&r))
    });
    let mut answers = answers.into_iter();
    // The plan is taken at once; steps wait for their frame.
    frames.receive(answers.next().unwrap(), 0.0);
    for step in answers.by_ref().take(3) {
        frames.receive(step, 0.0);
    }
    assert_eq!(*got.borrow(), sent[..1], "steps are held until their frame");
    TimeoutFuture::new(STEP_FRAME_MS + 50).await;
    assert_eq!(*got.borrow(), sent[..4], "a frame hands the held steps over, in order");
    // Any other answer hands the held steps over first, without waiting for the frame.
    for answer in answers {
        frames.receive(answer, 0.0);
    }
    assert_eq!(*got.borrow(), sent, "every answer, in the order the worker sent it");
    TimeoutFuture::new(STEP_FRAME_MS + 50).await;
    assert_eq!(*got.borrow(), sent, "nothing is handed over twice");
}
