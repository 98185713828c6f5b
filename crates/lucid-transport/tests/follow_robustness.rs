//! Live sync that no endpoint can stall: endpoints that hang in every way a
//! server can, a clock a little behind the chain, and a stretch without
//! finality, all against local fake nodes serving real mainnet data
//! (scenarios/capella-p862). No test leaves 127.0.0.1.

// Local TCP servers and threads: these run natively only.
#![cfg(not(target_arch = "wasm32"))]

use lucid_core::NetworkConfig;
use lucid_tests::capella_p862::{self as p862, CHECKPOINT, FINALIZED_ROOT, OPTIMISTIC_ROOT, OPTIMISTIC_SLOT};
use lucid_transport::api::Endpoint;
use lucid_transport::clock::FixedSlot;
use lucid_transport::fake_node::{FakeNode, Fault, NodeData, SseMode};
use lucid_transport::native::ReqwestTransport;
use lucid_transport::report::Verdict;
use lucid_transport::sync::{FollowOptions, SyncEvent, SyncOptions, Syncer, Via};
use lucid_transport::RequestPolicy;
use std::time::{Duration, Instant};

/// One request's timeout in these tests.
const TIMEOUT: Duration = Duration::from_millis(1500);

fn policy() -> RequestPolicy {
    RequestPolicy {
        timeout: TIMEOUT,
        attempts: 3,
        backoff: Duration::from_millis(100),
        event_idle_timeout: Duration::from_secs(60),
        ..Default::default()
    }
}

fn node(fault: Fault, sse: SseMode) -> FakeNode {
    FakeNode::start(NodeData::load(NetworkConfig::mainnet(), &p862::dir()).unwrap(), fault, sse).unwrap()
}

fn syncer(nodes: &[&FakeNode], now: u64) -> Syncer<ReqwestTransport, FixedSlot> {
    let endpoints = nodes.iter().map(|n| Endpoint::new(ReqwestTransport::new(&n.url()).unwrap(), policy())).collect();
    let root = lucid_core::primitives::parse_root(CHECKPOINT).unwrap();
    Syncer::new(NetworkConfig::mainnet(), root, endpoints, FixedSlot(now), SyncOptions::default())
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

fn streaming() -> SseMode {
    SseMode::Stream { interval: Duration::from_millis(100), drop_after: None }
}

/// Every way of hanging at once, beside one honest node. Each request's timeout is 1.5 s with 3
/// attempts, so waiting for a hung endpoint costs at least 4.5 s per round; sync has three rounds
/// (bootstrap, updates, heads). Not waiting for it costs at most one timeout per round.
#[test]
fn hung_endpoints_delay_the_honest_one_by_at_most_one_timeout() {
    let honest = node(Fault::None, streaming());
    let faulty = [
        node(Fault::HeadersThenSilence, SseMode::Off),
        node(Fault::Trickle, SseMode::Off),
        node(Fault::StatusThenSilence, SseMode::Off),
        node(Fault::None, SseMode::Silent),
        node(Fault::None, SseMode::StallAfter { interval: Duration::from_millis(50), events: 1 }),
    ];
    let mut all = vec![&honest];
    all.extend(faulty.iter());
    let mut s = syncer(&all, p862::CURRENT_SLOT);
    let r = rt();
    let started = Instant::now();
    r.block_on(s.sync(&mut |_| {})).unwrap();
    let synced = started.elapsed();
    assert_eq!(s.finalized().unwrap().root.to_string(), FINALIZED_ROOT);
    assert!(synced < TIMEOUT * 3 + Duration::from_secs(2), "sync took {synced:?}");
    let cards = s.report_cards();
    for (i, card) in cards.iter().enumerate().skip(1).take(3) {
        assert_eq!(card.verdict(), Verdict::Unreachable, "endpoint {i}: {card:#?}");
    }

    // Following: the honest node's event-stream heads must keep arriving while the others hang.
    let opts = FollowOptions {
        poll_interval: Duration::from_millis(500),
        duration: Some(Duration::from_secs(5)),
        ..Default::default()
    };
    let mut honest_heads = Vec::new();
    let started = Instant::now();
    let summary = r
        .block_on(s.follow(&opts, &mut |e| {
            if let SyncEvent::Head(h) = e {
                if h.endpoint == honest.url() && h.via == Via::Event {
                    honest_heads.push(started.elapsed());
                }
            }
        }))
        .unwrap();
    let followed = started.elapsed();
    assert!(followed < Duration::from_secs(5) + TIMEOUT, "follow for 5 s took {followed:?}");
    assert!(honest_heads.len() >= 20, "honest heads: {} ({summary:?})", honest_heads.len());
    assert!(honest_heads[0] < TIMEOUT, "first honest head after {:?}", honest_heads[0]);
    let cards = s.report_cards();
    assert_eq!(cards[0].rejected, 0, "{:#?}", cards[0]);
    assert!(cards[1..].iter().all(|c| c.rejected == 0), "hanging is not lying: {cards:#?}");
    for (i, card) in cards.iter().enumerate().skip(1).take(3) {
        assert_eq!(card.verdict(), Verdict::Unreachable, "endpoint {i}: {card:#?}");
    }
}

/// A stream that goes quiet is not waited on: the endpoint is polled after a poll interval.
#[test]
fn a_stalled_stream_falls_back_to_polling() {
    let stalls = node(Fault::None, SseMode::StallAfter { interval: Duration::from_millis(50), events: 1 });
    let mut s = syncer(&[&stalls], p862::CURRENT_SLOT);
    let r = rt();
    r.block_on(s.sync(&mut |_| {})).unwrap();
    let opts = FollowOptions {
        poll_interval: Duration::from_millis(400),
        duration: Some(Duration::from_secs(3)),
        ..Default::default()
    };
    let (mut by_event, mut by_poll) = (0, 0);
    let summary = r
        .block_on(s.follow(&opts, &mut |e| {
            if let SyncEvent::Head(h) = e {
                match h.via {
                    Via::Event => by_event += 1,
                    Via::Poll => by_poll += 1,
                }
            }
        }))
        .unwrap();
    assert_eq!(by_event, 1, "{summary:?}");
    assert!(by_poll >= 4, "polled while the stream was quiet: {by_poll} ({summary:?})");
}

/// An update signed for a slot the local clock has not reached is early, not a lie.
#[test]
fn an_update_from_the_near_future_is_early_not_a_lie() {
    let honest = node(Fault::None, SseMode::Off);
    // The optimistic update is signed at slot OPTIMISTIC_SLOT + 1: one slot ahead of this clock.
    let mut s = syncer(&[&honest], OPTIMISTIC_SLOT);
    rt().block_on(s.sync(&mut |_| {})).unwrap();
    let card = &s.report_cards()[0];
    assert_eq!(card.rejected, 0, "{card:#?}");
    assert!(card.early >= 1, "{card:#?}");
    assert_eq!(card.verdict(), Verdict::Honest, "{card:#?}");
    assert_eq!(s.finalized().unwrap().root.to_string(), FINALIZED_ROOT);
}

/// A chain that stops finalizing: every update lacks its finality proof. The spec's force update
/// moves the store once `UPDATE_TIMEOUT` slots have passed, and the optimistic head is followed.
#[test]
fn following_goes_on_through_a_stretch_without_finality() {
    let node = node(Fault::NoFinality, SseMode::Off);
    let mut s = syncer(&[&node], p862::CURRENT_SLOT);
    let r = rt();
    let mut forced = Vec::new();
    r.block_on(s.sync(&mut |e| {
        if let SyncEvent::Forced { head, .. } = e {
            forced.push(head.slot);
        }
    }))
    .unwrap_or_else(|e| panic!("{e}\n{:#?}", s.report_cards()));
    assert!(forced.len() >= 4, "forced updates: {forced:?}");
    let fin = s.finalized().unwrap();
    assert_eq!(fin.period, *p862::PERIODS.end(), "{fin:?}");
    let opt = s.optimistic().unwrap();
    assert_eq!((opt.slot, opt.root.to_string().as_str()), (OPTIMISTIC_SLOT, OPTIMISTIC_ROOT));
    let card = &s.report_cards()[0];
    assert_eq!(card.rejected, 0, "{card:#?}");

    let opts = FollowOptions {
        use_events: false,
        poll_interval: Duration::from_millis(300),
        duration: Some(Duration::from_secs(2)),
        ..Default::default()
    };
    let mut cards = Vec::new();
    let summary = r
        .block_on(s.follow(&opts, &mut |e| {
            if let SyncEvent::Cards { cards: c } = e {
                cards.push(c[0].verified);
            }
        }))
        .unwrap();
    assert!(summary.heads >= 3, "optimistic heads kept verifying: {summary:?}");
    // While following, the cards are sent as they change, not only at the end.
    assert!(!cards.is_empty() && cards.windows(2).all(|w| w[0] < w[1]), "verified counts sent: {cards:?}");
    assert!(cards.iter().all(|v| *v <= s.report_cards()[0].verified), "{cards:?}");
}

/// A live run that follows the chain hands its verified objects over once caught up, then again
/// each time a streamed head moves the store, and never for an object that moved nothing.
#[test]
fn a_followed_run_hands_over_its_objects_as_each_new_head_arrives() {
    use lucid_transport::live::{platform_transport, run_sync, LiveRequest};
    let node = node(Fault::HeadsByStream, streaming());
    let request = LiveRequest {
        network: "mainnet".into(),
        endpoints: vec![node.url()],
        checkpoint: CHECKPOINT.into(),
        current_slot: Some(p862::CURRENT_SLOT),
        follow: true,
    };
    let slot_of = |v: &Option<serde_json::Value>, header: &str| {
        let slot = &v.as_ref()?["data"][header]["beacon"]["slot"];
        slot.as_str().and_then(|s| s.parse::<u64>().ok())
    };
    let mut handed = Vec::new();
    let mut errors = Vec::new();
    let mut on = |u| {
        if let lucid_transport::live::LiveUpdate::Finished { error: Some(e), .. } = u {
            errors.push(e);
        }
    };
    let mut replayed = Vec::new();
    let mut hand_over = |records: lucid_transport::sync::Records| {
        // What is handed over replays in the core from the same checkpoint to the same heads.
        let bundle = records.bundle().expect("a bootstrap was kept");
        let root = lucid_core::primitives::parse_root(CHECKPOINT);
        let report = lucid_core::replay::verify_bundle::<{ lucid_core::MAINNET_SYNC_COMMITTEE_SIZE }>(
            &NetworkConfig::mainnet(),
            &bundle,
            root,
            p862::CURRENT_SLOT,
            &mut |_| {},
        );
        replayed.push(report.map(|r| (r.finalized.slot, r.optimistic.slot)).map_err(|e| e.to_string()));
        handed.push((
            records.updates.len(),
            slot_of(&records.finality, "finalized_header"),
            slot_of(&records.optimistic, "attested_header"),
        ));
    };
    let run = run_sync(&request, platform_transport, &mut on, Some(&mut hand_over));
    // Following never ends on its own: stop it once the stream has sent each head many times.
    let _ = rt().block_on(async { tokio::time::timeout(Duration::from_secs(4), run).await });
    assert!(errors.is_empty(), "{errors:?}");
    let last = p862::PERIODS.count();
    assert_eq!(
        handed,
        [
            (last, Some(7_104_096), Some(7_104_190)),
            // The finality update is the newest head: the older optimistic update would be refused.
            (last, Some(p862::FINALIZED_SLOT), None),
            (last, Some(p862::FINALIZED_SLOT), Some(OPTIMISTIC_SLOT)),
        ],
        "caught up to the last update's heads, then the streamed finality update, then the optimistic one"
    );
    assert_eq!(
        replayed,
        [
            Ok((7_104_096, 7_104_190)),
            Ok((p862::FINALIZED_SLOT, 7_109_430)),
            Ok((p862::FINALIZED_SLOT, OPTIMISTIC_SLOT))
        ]
    );
}
