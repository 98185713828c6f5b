//! Where one light-client update's time goes in the browser's WebAssembly engine: a profile, not a
//! test (it asserts only that the recorded data verifies). `bash scripts/profile.sh` runs it in
//! headless Chromium with the app's `web` profile and prints one line per phase (medians).
#![cfg(target_arch = "wasm32")]
#![allow(unsafe_code, reason = "blst's safe API has no hash-to-curve on its own; the profile times it apart")]

use blst::min_pk::Signature;
use lucid_app::worker::{handle_verify, replay_live, ReplayedPrefix, Response};
use lucid_core::bls::DST;
use lucid_core::decode::{decode_bootstrap, decode_updates, ObjectKind};
use lucid_core::primitives::{root_bytes, root_of};
use lucid_core::store::{
    compute_signing_root, compute_sync_committee_domain, initialize_light_client_store, process_light_client_update,
    LightClientStore,
};
use lucid_core::{NetworkConfig, MAINNET_SYNC_COMMITTEE_SIZE as S};
use lucid_tests::capella_p862 as p862;
use wasm_bindgen_test::*;

mod common;
use common::{checkpoint, scenario};

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Print the median of `runs` timings of `f`.
fn time(what: &str, runs: usize, mut f: impl FnMut()) {
    let mut ms: Vec<f64> = (0..runs)
        .map(|_| {
            let t = now();
            f();
            now() - t
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    console_log!("profile  {what:<58} {:8.3} ms", ms[ms.len() / 2]);
}

#[wasm_bindgen_test]
#[ignore = "a profile: run it with scripts/profile.sh"]
fn one_update_phase_by_phase() {
    let cfg = NetworkConfig::mainnet();
    let bootstrap = decode_bootstrap::<S>(&cfg, p862::BOOTSTRAP, "bootstrap").unwrap();
    let updates = decode_updates::<S>(&cfg, ObjectKind::Update, p862::UPDATES, "updates").unwrap();
    let finality = decode_updates::<S>(&cfg, ObjectKind::FinalityUpdate, p862::FINALITY, "finality").unwrap().remove(0);
    let init = || initialize_light_client_store(&cfg, &bootstrap.header.beacon_root(), &bootstrap).unwrap();
    let chain = |store: &mut LightClientStore<S>, each: &mut dyn FnMut(f64)| {
        for update in updates.iter().chain([&finality]) {
            let t = now();
            process_light_client_update(store, update, p862::NOW_SLOT, &cfg).unwrap();
            each(now() - t);
        }
    };

    // The worker's whole answer to the page's first request, as the page's worker runs it: the
    // bundle decoded from JSON, the core's replay, the views' recording, every message encoded
    // with the worker codec (bincode). First in a fresh instance (the engine's baseline code).
    let files = scenario();
    let checkpoint = checkpoint();
    let encoded = std::cell::Cell::new(0);
    let answer = || {
        let mut lab = None;
        encoded.set(0);
        handle_verify(&mut lab, 1, &files, Some(&checkpoint), &mut |r| {
            encoded.set(encoded.get() + bincode::serialize(&r).unwrap().len());
        });
        assert!(lab.is_some(), "the scenario did not verify");
    };
    let t = now();
    answer();
    console_log!("profile  worker's answer to the scenario, first run in a fresh instance: {:.1} ms", now() - t);
    let (t, mut first) = (now(), Vec::new());
    chain(&mut init(), &mut |ms| first.push(format!("{ms:.1}")));
    console_log!("profile  core: the chain, first run (updates {} ms): {:.1} ms", first.join(", "), now() - t);
    time("worker's answer to the scenario, optimized", 5, answer);
    console_log!("profile    its messages, bincode: {:.1} KB", encoded.get() as f64 / 1024.0);
    let mut responses = Vec::new();
    handle_verify(&mut None, 1, &files, Some(&checkpoint), &mut |r| responses.push(r));
    time("  encode its messages (bincode, views' summary as JSON text)", 10, || {
        responses.iter().for_each(|r| drop(bincode::serialize(r).unwrap()));
    });
    let bytes: Vec<Vec<u8>> = responses.iter().map(|r| bincode::serialize(r).unwrap()).collect();
    time("  the page: decode them", 10, || {
        bytes.iter().for_each(|b| drop(bincode::deserialize::<Response>(b).unwrap()));
    });
    time("  core: bootstrap + 6 updates + finality (decoded input)", 10, || chain(&mut init(), &mut |_| {}));

    // A live run replays what it verified for the views after each head: all of it, or only the
    // head's new inputs, on from the bootstrap and updates kept from the head before.
    let bundle = files.to_core().unwrap();
    let live = |kept: &mut Option<ReplayedPrefix>| {
        replay_live(&cfg, &bundle, &checkpoint, p862::NOW_SLOT, &mut |_, _| {}, kept).unwrap();
    };
    time("live: the views' replay of one head, from the bootstrap", 5, || live(&mut None));
    let mut kept = None;
    live(&mut kept);
    time("live: the same, on from the kept bootstrap and updates", 10, || live(&mut kept));

    let mut warm = init();
    for update in &updates {
        process_light_client_update(&mut warm, update, p862::NOW_SLOT, &cfg).unwrap();
    }
    let bits = &finality.sync_aggregate.sync_committee_bits;
    let key = warm.current_sync_committee.participants_key(bits).unwrap();
    time("finality update, keys cached: process_light_client_update", 20, || {
        process_light_client_update(&mut warm.clone(), &finality, p862::NOW_SLOT, &cfg).unwrap();
    });
    time("  decode finality.json", 20, || {
        decode_updates::<S>(&cfg, ObjectKind::FinalityUpdate, p862::FINALITY, "finality").unwrap();
    });
    time("  headers: execution branches, beacon roots (SHA-256)", 20, || {
        assert!(finality.attested_header.is_valid(&cfg) && finality.finalized_header.is_valid(&cfg));
        finality.attested_header.beacon_root();
    });
    time("  participants' key (cached keys, absent members subtracted)", 20, || {
        warm.current_sync_committee.participants_key(bits).unwrap();
    });
    let version = cfg.compute_fork_version(cfg.epoch_at_slot(finality.signature_slot - 1));
    let message = root_bytes(&compute_signing_root(
        finality.attested_header.beacon_root(),
        compute_sync_committee_domain(version, &cfg.genesis_validators_root),
    ));
    time("  domain and signing root (SHA-256)", 20, || {
        let domain = compute_sync_committee_domain(version, &cfg.genesis_validators_root);
        compute_signing_root(finality.attested_header.beacon_root(), domain);
    });
    let signature = &finality.sync_aggregate.sync_committee_signature.0;
    time("  signature: decompress and G2 subgroup check", 20, || {
        Signature::sig_validate(signature, true).unwrap();
    });
    time("  participants' key: G1 subgroup check", 20, || key.validate().unwrap());
    let signature = Signature::sig_validate(signature, true).unwrap();
    time("  hash_to_G2(signing root) alone", 20, || {
        let mut point = blst::blst_p2::default();
        // SAFETY: every pointer refers to a live value of the length passed with it.
        unsafe {
            blst::blst_hash_to_g2(&mut point, message.as_ptr(), 32, DST.as_ptr(), DST.len(), std::ptr::null(), 0);
        }
    });
    time("  verify: hash_to_G2 + two Miller loops + final exponentiation", 20, || {
        assert_eq!(signature.verify(false, &message, DST, &[], &key, false), blst::BLST_ERROR::BLST_SUCCESS);
    });
    time("period update: hash_tree_root(next SyncCommittee)", 10, || {
        root_of(&updates[5].next_sync_committee);
    });
    time("decode updates.json (6 updates)", 10, || {
        decode_updates::<S>(&cfg, ObjectKind::Update, p862::UPDATES, "updates").unwrap();
    });
}
