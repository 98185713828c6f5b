//! Soak: the follower verifies a fast stream of event-stream updates from a
//! local fake node for a bounded time, and its memory must not grow.
//! Also prints catch-up time and memory, and event-to-verified-head latency.

// Local TCP servers and threads: these run natively only.
#![cfg(not(target_arch = "wasm32"))]

use lucid_core::NetworkConfig;
use lucid_tests::capella_p862 as p862;
use lucid_transport::api::Endpoint;
use lucid_transport::clock::FixedSlot;
use lucid_transport::fake_node::{FakeNode, Fault, NodeData, SseMode};
use lucid_transport::native::ReqwestTransport;
use lucid_transport::sync::{FollowOptions, SyncEvent, SyncOptions, Syncer, Via};
use lucid_transport::{Encoding, RequestPolicy};
use std::time::{Duration, Instant};

/// Resident set size in KiB, from /proc/self/statm (Linux).
fn rss_kib() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = text.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4)
}

/// An honest fake node serving the capella-p862 scenario with event-stream mode `sse`, and a
/// syncer from the scenario's checkpoint that uses only that node.
fn streaming_node(sse: SseMode, options: SyncOptions) -> (FakeNode, Syncer<ReqwestTransport, FixedSlot>) {
    let data = NodeData::load(NetworkConfig::mainnet(), &p862::dir()).unwrap();
    let node = FakeNode::start(data, Fault::None, sse).unwrap();
    let root = lucid_core::primitives::parse_root(p862::CHECKPOINT).unwrap();
    let endpoint = Endpoint::new(ReqwestTransport::new(&node.url()).unwrap(), RequestPolicy::default());
    let syncer = Syncer::new(NetworkConfig::mainnet(), root, vec![endpoint], FixedSlot(p862::CURRENT_SLOT), options);
    (node, syncer)
}

#[test]
fn follower_memory_is_flat_over_a_stream_of_updates() {
    let Some(_) = rss_kib() else {
        eprintln!("skipped: /proc/self/statm is not available");
        return;
    };
    let (node, mut s) = streaming_node(
        SseMode::Stream { interval: Duration::from_millis(5), drop_after: None },
        SyncOptions { encoding: Encoding::Ssz, ..Default::default() },
    );
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();

    let rss0 = rss_kib().unwrap();
    let t0 = Instant::now();
    rt.block_on(s.bootstrap(&mut |_| {})).unwrap();
    let t_boot = t0.elapsed();
    let t1 = Instant::now();
    rt.block_on(s.catch_up(&mut |_| {})).unwrap();
    let t_catch = t1.elapsed();
    let rss_synced = rss_kib().unwrap();
    let periods = 6;
    eprintln!(
        "measure: bootstrap {:?}; catch-up of {periods} periods {:?} ({:?}/period); RSS {} KiB -> {} KiB (+{} KiB/period incl. runtime warm-up)",
        t_boot,
        t_catch,
        t_catch / periods,
        rss0,
        rss_synced,
        rss_synced.saturating_sub(rss0) / periods as u64
    );

    let window = |secs: u64, s: &mut Syncer<_, _>| {
        let mut latencies = Vec::new();
        let opts = FollowOptions {
            poll_interval: Duration::from_secs(60),
            duration: Some(Duration::from_secs(secs)),
            ..Default::default()
        };
        let summary = rt
            .block_on(s.follow(&opts, &mut |e| {
                if let SyncEvent::Head(h) = e {
                    if h.via == Via::Event {
                        latencies.push(h.verify_us);
                    }
                }
            }))
            .unwrap();
        (summary, latencies)
    };
    // Warm up (allocator pools, connection, key caches), then measure two equal windows.
    let (warm, _) = window(3, &mut s);
    let rss_a = rss_kib().unwrap();
    let (first, lat1) = window(8, &mut s);
    let rss_b = rss_kib().unwrap();
    let (second, lat2) = window(8, &mut s);
    let rss_c = rss_kib().unwrap();
    let mut lat: Vec<u64> = lat1.into_iter().chain(lat2).collect();
    lat.sort_unstable();
    let pct = |p: usize| lat.get(lat.len().saturating_sub(1) * p / 100).copied().unwrap_or(0);
    eprintln!(
        "measure: follow warm-up {} heads; windows of 8 s verified {} + {} event heads; verify per event p50 {} us p99 {} us; RSS after warm-up {} KiB, after window 1 {} KiB, after window 2 {} KiB",
        warm.heads, first.heads, second.heads, pct(50), pct(99), rss_a, rss_b, rss_c
    );
    let card = &s.report_cards()[0];
    assert_eq!(card.rejected, 0, "{card:#?}");
    assert!(first.heads >= 200 && second.heads >= 200, "the stream kept flowing: {first:?} {second:?}");
    // Growth over 16 s / hundreds of verified events must stay within a small bound
    // (a leak of even 1 KiB per event would exceed it).
    let growth = rss_c.saturating_sub(rss_a);
    assert!(growth < 4096, "RSS grew by {growth} KiB over {} events", first.heads + second.heads);
    drop(node);
}

#[test]
fn time_from_event_to_verified_head() {
    let (node, mut s) = streaming_node(
        SseMode::Stream { interval: Duration::from_millis(100), drop_after: Some(20) },
        SyncOptions::default(),
    );
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(s.sync(&mut |_| {})).unwrap();
    let mut verified_at = Vec::new();
    let opts = FollowOptions {
        poll_interval: Duration::from_secs(60),
        max_heads: Some(20),
        duration: Some(Duration::from_secs(15)),
        ..Default::default()
    };
    rt.block_on(s.follow(&opts, &mut |e| {
        if let SyncEvent::Head(h) = e {
            if h.via == Via::Event {
                verified_at.push(Instant::now());
            }
        }
    }))
    .unwrap();
    let sent = node.events_sent();
    assert_eq!(verified_at.len(), 20, "every event verified");
    let mut lat: Vec<Duration> = sent.iter().zip(&verified_at).map(|(s, v)| v.saturating_duration_since(*s)).collect();
    lat.sort();
    eprintln!(
        "measure: event written -> verified head: p50 {:?}, max {:?} over {} events",
        lat[lat.len() / 2],
        lat[lat.len() - 1],
        lat.len()
    );
    assert!(lat[lat.len() - 1] < Duration::from_millis(500), "{lat:?}");
}

/// Follow one honest node and two faulty ones (one drops its event stream, one hangs on
/// everything) for `LUCID_SOAK_SECONDS` (default 20; run it with 600 for a ten-minute
/// soak): heads keep arriving from the honest node throughout, and memory stays flat.
#[test]
fn follow_soak_with_a_dropping_and_a_hanging_endpoint() {
    let Some(_) = rss_kib() else {
        eprintln!("skipped: /proc/self/statm is not available");
        return;
    };
    let seconds: u64 = std::env::var("LUCID_SOAK_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(20);
    let data = || NodeData::load(NetworkConfig::mainnet(), &p862::dir()).unwrap();
    let interval = Duration::from_millis(250);
    let honest = FakeNode::start(data(), Fault::None, SseMode::Stream { interval, drop_after: None }).unwrap();
    // A long soak drops the stream every 20 s (80 events) and measures minute by minute; the
    // short one drops it every 2 s.
    let long = seconds >= 120;
    let drop_after = if long { 80 } else { 8 };
    let dropping =
        FakeNode::start(data(), Fault::None, SseMode::Stream { interval, drop_after: Some(drop_after) }).unwrap();
    let hanging = FakeNode::start(data(), Fault::Hang, SseMode::Off).unwrap();
    let policy = RequestPolicy { timeout: Duration::from_secs(2), ..Default::default() };
    let endpoints = [&honest, &dropping, &hanging]
        .iter()
        .map(|n| Endpoint::new(ReqwestTransport::new(&n.url()).unwrap(), policy.clone()))
        .collect();
    let root = lucid_core::primitives::parse_root(p862::CHECKPOINT).unwrap();
    let mut s =
        Syncer::new(NetworkConfig::mainnet(), root, endpoints, FixedSlot(p862::CURRENT_SLOT), SyncOptions::default());
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(s.sync(&mut |_| {})).unwrap();
    let opts = FollowOptions {
        poll_interval: Duration::from_secs(4),
        duration: Some(Duration::from_secs(1)),
        ..Default::default()
    };
    // Slices of the soak: heads per slice from the honest node, and RSS after each.
    let slice = Duration::from_secs(if long { 60 } else { 5.min(seconds).max(1) });
    let slices = seconds.div_ceil(slice.as_secs()).max(2);
    let mut per_slice = Vec::new();
    let mut rss = Vec::new();
    for _ in 0..slices {
        let mut honest_heads = 0u64;
        let summary = rt
            .block_on(s.follow(&FollowOptions { duration: Some(slice), ..opts.clone() }, &mut |e| {
                if let SyncEvent::Head(h) = e {
                    if h.endpoint == honest.url() {
                        honest_heads += 1;
                    }
                }
            }))
            .unwrap();
        let _ = summary;
        per_slice.push(honest_heads);
        rss.push(rss_kib().unwrap());
    }
    let cards = s.report_cards();
    eprintln!(
        "measure: soak {seconds} s in {} slices of {:?}: honest heads per slice min {} max {}; dropping endpoint verified {} (failed {}); hanging endpoint failed {} (timeouts {}); RSS KiB first {} last {} max {}",
        per_slice.len(),
        slice,
        per_slice.iter().min().unwrap(),
        per_slice.iter().max().unwrap(),
        cards[1].verified,
        cards[1].failed,
        cards[2].failed,
        cards[2].timeouts,
        rss[0],
        rss[rss.len() - 1],
        rss.iter().max().unwrap()
    );
    let expected = slice.as_millis() as u64 / interval.as_millis() as u64 / 2;
    assert!(per_slice.iter().all(|n| *n >= expected), "heads kept arriving: {per_slice:?} (each slice >= {expected})");
    assert!(cards.iter().all(|c| c.rejected == 0), "{cards:#?}");
    assert_eq!(cards[2].verdict(), lucid_transport::report::Verdict::Unreachable, "{:#?}", cards[2]);
    assert!(cards[1].verified > 0 && cards[1].failed > 0, "{:#?}", cards[1]);
    let growth = rss[rss.len() - 1].saturating_sub(rss[0]);
    assert!(growth < 4096, "RSS grew by {growth} KiB: {rss:?}");
}
