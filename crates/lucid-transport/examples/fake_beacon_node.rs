//! Start local fake beacon nodes serving the recorded capella-p862 data and print their URLs,
//! one a line, in the order given; stay up until killed.
//!
//!   cargo run --release -p lucid-transport --features fake-node --example fake_beacon_node -- honest bad-signature
//!
//! Modes: honest, bad-signature, bad-branch, wrong-fork-label, stale, other-head, truncated,
//! oversized, malformed-json, server-error, hang, slow-<ms>, and stream-heads (an honest node whose
//! event stream brings the recorded finality and optimistic updates every 2 s, which its polls
//! serve only once streamed). Every node listens on 127.0.0.1 only.

use lucid_core::NetworkConfig;
use lucid_transport::fake_node::{FakeNode, Fault, NodeData, SseMode};
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

fn fault(mode: &str) -> Option<Fault> {
    Some(match mode {
        "honest" => Fault::None,
        "stream-heads" => Fault::HeadsByStream,
        "bad-signature" => Fault::BadSignature,
        "bad-branch" => Fault::BadBranch,
        "wrong-fork-label" => Fault::WrongForkLabel,
        "stale" => Fault::Stale,
        "other-head" => Fault::OtherHead,
        "truncated" => Fault::Truncated,
        "oversized" => Fault::Oversized,
        "malformed-json" => Fault::MalformedJson,
        "server-error" => Fault::ServerError,
        "hang" => Fault::Hang,
        _ => Fault::Slow(Duration::from_millis(mode.strip_prefix("slow-")?.parse().ok()?)),
    })
}

fn main() {
    let modes: Vec<String> = std::env::args().skip(1).collect();
    if modes.is_empty() {
        eprintln!("usage: fake_beacon_node MODE...   (honest, bad-signature, bad-branch, wrong-fork-label, stale, other-head, truncated, oversized, malformed-json, server-error, hang, slow-<ms>, stream-heads)");
        std::process::exit(2);
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/capella-p862");
    let data = NodeData::load(NetworkConfig::mainnet(), &dir).unwrap_or_else(|e| {
        eprintln!("fake_beacon_node: cannot load {}: {e}", dir.display());
        std::process::exit(1);
    });
    let mut nodes = Vec::new();
    for mode in &modes {
        let Some(f) = fault(mode) else {
            eprintln!("fake_beacon_node: unknown mode {mode:?}");
            std::process::exit(2);
        };
        let sse = match f {
            Fault::HeadsByStream => SseMode::Stream { interval: Duration::from_secs(2), drop_after: None },
            _ => SseMode::Off,
        };
        let node = FakeNode::start(data.clone(), f, sse).unwrap_or_else(|e| {
            eprintln!("fake_beacon_node: cannot start a node: {e}");
            std::process::exit(1);
        });
        nodes.push(node);
    }
    let mut out = std::io::stdout().lock();
    for n in &nodes {
        let _ = writeln!(out, "{}", n.url());
    }
    let _ = out.flush();
    drop(out);
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}
