//! Sync against local fake beacon nodes serving real mainnet data
//! (scenarios/capella-p862), honest and faulty. No test leaves 127.0.0.1.

// Local TCP servers and threads: these run natively only.
#![cfg(not(target_arch = "wasm32"))]

use lucid_core::NetworkConfig;
use lucid_tests::capella_p862::{self as p862, CHECKPOINT, FINALIZED_ROOT, FINALIZED_SLOT};
use lucid_transport::api::Endpoint;
use lucid_transport::clock::FixedSlot;
use lucid_transport::fake_node::{FakeNode, Fault, NodeData, SseMode};
use lucid_transport::native::ReqwestTransport;
use lucid_transport::report::Verdict;
use lucid_transport::sync::{FollowOptions, SyncEvent, SyncOptions, Syncer};
use lucid_transport::{Encoding, RequestPolicy};
use std::time::{Duration, Instant};

/// A slot shortly after the recorded data (period 867), instead of the wall clock.
const NOW: FixedSlot = FixedSlot(p862::CURRENT_SLOT);

fn data() -> NodeData {
    NodeData::load(NetworkConfig::mainnet(), &p862::dir()).expect("scenario data")
}

fn quick_policy() -> RequestPolicy {
    RequestPolicy {
        timeout: Duration::from_millis(1500),
        attempts: 2,
        backoff: Duration::from_millis(50),
        ..Default::default()
    }
}

fn syncer(nodes: &[&FakeNode], encoding: Encoding) -> Syncer<ReqwestTransport, FixedSlot> {
    let endpoints =
        nodes.iter().map(|n| Endpoint::new(ReqwestTransport::new(&n.url()).unwrap(), quick_policy())).collect();
    let root = lucid_core::primitives::parse_root(CHECKPOINT).unwrap();
    Syncer::new(NetworkConfig::mainnet(), root, endpoints, NOW, SyncOptions { encoding, ..Default::default() })
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

fn node(fault: Fault) -> FakeNode {
    FakeNode::start(data(), fault, SseMode::Off).unwrap()
}

/// Sync with the honest node in position `honest_at` among two liars; the
/// result must be the real finalized header and the liars must be named.
fn honest_and_two_liars(liar_a: Fault, liar_b: Fault, encoding: Encoding) {
    let (a, b, h) = (node(liar_a.clone()), node(liar_b.clone()), node(Fault::None));
    let mut s = syncer(&[&a, &h, &b], encoding);
    let mut periods = Vec::new();
    rt().block_on(s.sync(&mut |e| {
        if let SyncEvent::Progress { period, .. } = e {
            periods.push(*period);
        }
    }))
    .unwrap_or_else(|e| panic!("{liar_a:?}/{liar_b:?} {encoding:?}: {e}\n{:#?}", s.report_cards()));
    let fin = s.finalized().unwrap();
    assert_eq!((fin.slot, fin.root.to_string().as_str()), (FINALIZED_SLOT, FINALIZED_ROOT), "{liar_a:?}/{liar_b:?}");
    assert_eq!(periods.last(), Some(p862::PERIODS.end()));
    let cards = s.report_cards();
    assert_eq!(cards[1].verdict(), Verdict::Honest, "{:#?}", cards[1]);
    assert!(cards[1].verified >= 8, "bootstrap + 6 updates + finality + optimistic: {:#?}", cards[1]);
    for (card, fault) in [(&cards[0], &liar_a), (&cards[2], &liar_b)] {
        assert_ne!(card.verdict(), Verdict::Honest, "{fault:?} must not look honest: {card:#?}");
    }
}

#[test]
fn lying_signature_and_branch_are_named_and_sync_ends_on_the_real_head() {
    honest_and_two_liars(Fault::BadSignature, Fault::BadBranch, Encoding::Json);
    let (a, b, h) = (node(Fault::BadSignature), node(Fault::BadBranch), node(Fault::None));
    let mut s = syncer(&[&a, &h, &b], Encoding::Json);
    rt().block_on(s.sync(&mut |_| {})).unwrap();
    let cards = s.report_cards();
    assert_eq!(cards[0].verdict(), Verdict::Liar);
    assert_eq!(cards[0].last_rejection.as_deref(), Some("bad_signature"));
    assert_eq!(cards[2].verdict(), Verdict::Liar);
    assert!(cards[2].last_rejection.as_deref().is_some_and(|k| k.contains("branch")), "{:#?}", cards[2]);
}

#[test]
fn ssz_sync_with_wrong_fork_label_and_other_head() {
    honest_and_two_liars(Fault::WrongForkLabel, Fault::OtherHead, Encoding::Ssz);
    let (a, b, h) = (node(Fault::WrongForkLabel), node(Fault::OtherHead), node(Fault::None));
    let mut s = syncer(&[&a, &h, &b], Encoding::Ssz);
    rt().block_on(s.sync(&mut |_| {})).unwrap();
    let cards = s.report_cards();
    // Capella bytes read as Deneb containers do not even parse.
    assert!(matches!(cards[0].last_rejection.as_deref(), Some("wrong_fork" | "malformed_ssz")), "{:#?}", cards[0]);
    assert_eq!(cards[2].verdict(), Verdict::Liar, "{:#?}", cards[2]);
}

#[test]
fn json_wrong_fork_label_is_rejected() {
    let (a, h) = (node(Fault::WrongForkLabel), node(Fault::None));
    let mut s = syncer(&[&a, &h], Encoding::Json);
    rt().block_on(s.sync(&mut |_| {})).unwrap();
    // A Capella object labelled Deneb lacks Deneb's fields, so it fails as
    // malformed before the label check; either way the core refuses it.
    let card = &s.report_cards()[0];
    assert!(matches!(card.last_rejection.as_deref(), Some("wrong_fork" | "malformed_json")), "{card:#?}");
    assert_eq!(card.verdict(), Verdict::Liar);
    assert_eq!(s.finalized().unwrap().root.to_string(), FINALIZED_ROOT);
}

#[test]
fn truncated_oversized_and_malformed_responses() {
    honest_and_two_liars(Fault::Truncated, Fault::Oversized, Encoding::Ssz);
    honest_and_two_liars(Fault::Truncated, Fault::MalformedJson, Encoding::Json);
    let (a, b, h) = (node(Fault::Truncated), node(Fault::Oversized), node(Fault::None));
    let mut s = syncer(&[&a, &h, &b], Encoding::Ssz);
    rt().block_on(s.sync(&mut |_| {})).unwrap();
    let cards = s.report_cards();
    assert!(cards[0].rejected > 0, "truncated SSZ is rejected: {:#?}", cards[0]);
    assert!(cards[2].failed > 0 && cards[2].last_error.as_deref().unwrap_or("").contains("limit"), "{:#?}", cards[2]);
}

#[test]
fn server_errors_hangs_and_stale_nodes() {
    let started = Instant::now();
    honest_and_two_liars(Fault::ServerError, Fault::Hang, Encoding::Json);
    assert!(started.elapsed() < Duration::from_secs(30), "timeouts bound the hang: {:?}", started.elapsed());
    let (a, b, h) = (node(Fault::Stale), node(Fault::Hang), node(Fault::None));
    let mut s = syncer(&[&a, &h, &b], Encoding::Json);
    rt().block_on(s.sync(&mut |_| {})).unwrap();
    let cards = s.report_cards();
    assert_eq!(cards[0].verdict(), Verdict::Lagging, "{:#?}", cards[0]);
    assert!(cards[0].stale > 0);
    assert!(cards[2].timeouts > 0 && cards[2].verdict() == Verdict::Unreachable, "{:#?}", cards[2]);
}

#[test]
fn slow_node_is_still_verified_and_its_latency_recorded() {
    let slow = node(Fault::Slow(Duration::from_millis(300)));
    let mut s = syncer(&[&slow], Encoding::Json);
    rt().block_on(s.sync(&mut |_| {})).unwrap();
    let c = &s.report_cards()[0];
    assert_eq!(c.verdict(), Verdict::Honest, "{c:#?}");
    assert!(c.mean_latency_ms.unwrap() >= 300, "{c:#?}");
}

#[test]
fn all_liars_means_no_sync() {
    let (a, b) = (node(Fault::BadSignature), node(Fault::OtherHead));
    let mut s = syncer(&[&a, &b], Encoding::Json);
    let err = rt().block_on(s.sync(&mut |_| {})).unwrap_err();
    assert!(err.rejected(), "{err}");
    assert!(s.finalized().unwrap().slot < FINALIZED_SLOT);
}

#[test]
fn follower_uses_events_and_falls_back_to_polling_when_the_stream_drops() {
    let d = data();
    let live = FakeNode::start(
        d.clone(),
        Fault::None,
        SseMode::Stream { interval: Duration::from_millis(50), drop_after: Some(3) },
    )
    .unwrap();
    let mut s = syncer(&[&live], Encoding::Json);
    let r = rt();
    r.block_on(s.sync(&mut |_| {})).unwrap();
    let polls_before = live.paths().iter().filter(|p| p.contains("finality_update")).count();
    let opts = FollowOptions {
        poll_interval: Duration::from_millis(300),
        duration: Some(Duration::from_secs(3)),
        ..Default::default()
    };
    let mut via_event = 0;
    let summary = r
        .block_on(s.follow(&opts, &mut |e| {
            if let SyncEvent::Head(h) = e {
                if h.via == lucid_transport::sync::Via::Event {
                    via_event += 1;
                }
            }
        }))
        .unwrap();
    assert!(via_event >= 3, "events verified: {via_event} {summary:?}");
    assert!(summary.reconnects >= 1, "{summary:?}");
    let polls_after = live.paths().iter().filter(|p| p.contains("finality_update")).count();
    assert!(polls_after > polls_before, "polled after the stream dropped");
    assert!(s.report_cards()[0].failed >= 1, "the drop is recorded: {:#?}", s.report_cards()[0]);
    assert_eq!(s.finalized().unwrap().root.to_string(), FINALIZED_ROOT);
}
