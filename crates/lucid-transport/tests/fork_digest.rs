//! The context bytes of SSZ `updates` chunks: each chunk's fork digest must be
//! `compute_fork_digest` of its update's epoch on the syncer's network. A node
//! serving real mainnet data (scenarios/capella-p862) under another network's
//! digest is refused with `wrong_fork_digest` and marked a liar. No test leaves
//! 127.0.0.1.

// Local TCP servers and threads: these run natively only.
#![cfg(not(target_arch = "wasm32"))]

use lucid_core::{LightClientError, NetworkConfig};
use lucid_tests::capella_p862::{self as p862, CHECKPOINT, FINALIZED_ROOT};
use lucid_transport::api::Endpoint;
use lucid_transport::clock::FixedSlot;
use lucid_transport::fake_node::{FakeNode, Fault, NodeData, SseMode};
use lucid_transport::native::ReqwestTransport;
use lucid_transport::report::Verdict;
use lucid_transport::sync::{SyncOptions, Syncer};
use lucid_transport::{Encoding, RequestPolicy};
use std::time::Duration;

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

fn policy() -> RequestPolicy {
    RequestPolicy {
        timeout: Duration::from_millis(1500),
        attempts: 2,
        backoff: Duration::from_millis(50),
        ..Default::default()
    }
}

/// A node serving the recorded mainnet data, computing its digests with `cfg`.
fn node_of(cfg: NetworkConfig) -> FakeNode {
    FakeNode::start(NodeData::load(cfg, &p862::dir()).expect("scenario data"), Fault::None, SseMode::Off).unwrap()
}

/// Mainnet's fork schedule under Sepolia's genesis validators root: the same
/// forks at the same epochs, but another network's digests.
fn other_network() -> NetworkConfig {
    NetworkConfig {
        name: "other".into(),
        genesis_validators_root: NetworkConfig::sepolia().genesis_validators_root,
        ..NetworkConfig::mainnet()
    }
}

fn endpoint(node: &FakeNode) -> Endpoint<ReqwestTransport> {
    Endpoint::new(ReqwestTransport::new(&node.url()).unwrap(), policy())
}

#[test]
fn honest_chunks_decode_and_foreign_chunks_are_wrong_fork_digest() {
    let cfg = NetworkConfig::mainnet();
    let start = *p862::PERIODS.start();
    let count = p862::PERIODS.end() - start + 1;
    let (honest, foreign) = (node_of(NetworkConfig::mainnet()), node_of(other_network()));
    let r = rt();
    let served = r.block_on(endpoint(&honest).updates(&cfg, start, count, Encoding::Ssz)).value.unwrap();
    assert_eq!(served.len() as u64, count);
    for f in &served {
        assert!(f.fork_digest.is_some(), "SSZ chunks carry their context bytes");
        f.decode_update(&cfg).unwrap();
    }
    let served = r.block_on(endpoint(&foreign).updates(&cfg, start, count, Encoding::Ssz)).value.unwrap();
    assert_eq!(served.len() as u64, count);
    for f in &served {
        let err = f.decode_update(&cfg).unwrap_err();
        assert!(matches!(err, LightClientError::WrongForkDigest { .. }), "{err}");
    }
}

#[test]
fn a_node_of_another_network_is_a_liar_and_sync_ends_on_the_real_head() {
    let (foreign, honest) = (node_of(other_network()), node_of(NetworkConfig::mainnet()));
    let endpoints = vec![endpoint(&foreign), endpoint(&honest)];
    let root = lucid_core::primitives::parse_root(CHECKPOINT).unwrap();
    let options = SyncOptions { encoding: Encoding::Ssz, ..Default::default() };
    let mut s = Syncer::new(NetworkConfig::mainnet(), root, endpoints, FixedSlot(p862::CURRENT_SLOT), options);
    rt().block_on(s.sync(&mut |_| {})).unwrap_or_else(|e| panic!("{e}\n{:#?}", s.report_cards()));
    assert_eq!(s.finalized().unwrap().root.to_string(), FINALIZED_ROOT);
    let cards = s.report_cards();
    assert_eq!(cards[0].last_rejection.as_deref(), Some("wrong_fork_digest"), "{:#?}", cards[0]);
    assert_eq!(cards[0].verdict(), Verdict::Liar, "{:#?}", cards[0]);
    assert_eq!(cards[1].verdict(), Verdict::Honest, "{:#?}", cards[1]);
}
