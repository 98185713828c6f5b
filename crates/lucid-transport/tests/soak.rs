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
