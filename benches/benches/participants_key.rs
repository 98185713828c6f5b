//! The cost of the participants' aggregate key for a cold committee (no key
//! cached yet): the verifier's way — `aggregate_pubkey` minus the absent
//! members, decompressing only those — against decompressing and validating
//! all 512 keys and summing the participants. Both must give the same key.
//! Run: `cargo bench -p lucid-benches --bench participants_key`.

use blst::min_pk::{AggregatePublicKey, PublicKey};
use criterion::{criterion_group, criterion_main, Criterion};
use lucid_core::bls::decompress_committee;
use lucid_core::containers::SyncCommittee;
use lucid_core::data::LightClientUpdate;
use lucid_core::decode::{decode_bootstrap, decode_updates, ObjectKind};
use lucid_core::store::Committee;
use lucid_core::NetworkConfig;
use lucid_tests::capella_p862 as p862;

const S: usize = lucid_core::MAINNET_SYNC_COMMITTEE_SIZE;

fn by_decompressing_all(committee: &SyncCommittee<S>, update: &LightClientUpdate<S>) -> PublicKey {
    let keys = decompress_committee(&committee.pubkeys).unwrap();
    let participants: Vec<&PublicKey> = update
        .sync_aggregate
        .sync_committee_bits
        .iter()
        .by_vals()
        .zip(&keys)
        .filter(|(b, _)| *b)
        .map(|(_, k)| k)
        .collect();
    AggregatePublicKey::aggregate(&participants, false).unwrap().to_public_key()
}

fn by_subtraction_cold(committee: &SyncCommittee<S>, update: &LightClientUpdate<S>) -> PublicKey {
    Committee::new(committee.clone()).participants_key(&update.sync_aggregate.sync_committee_bits).unwrap()
}

fn benches(c: &mut Criterion) {
    let cfg = NetworkConfig::mainnet();
    let bootstrap = decode_bootstrap::<S>(&cfg, p862::BOOTSTRAP, "bootstrap").unwrap();
    let updates = decode_updates::<S>(&cfg, ObjectKind::Update, p862::UPDATES, "updates").unwrap();
    // Update i is signed by the committee of period 862 + i: the bootstrap's, then each update's next.
    let mut committees = vec![bootstrap.current_sync_committee.clone()];
    committees.extend(updates.iter().map(|u| u.next_sync_committee.clone()));
    for (i, u) in updates.iter().enumerate() {
        assert_eq!(by_subtraction_cold(&committees[i], u), by_decompressing_all(&committees[i], u), "update {i}");
    }
    c.bench_function("six cold committees: decompress + validate all 512 keys, sum participants", |b| {
        b.iter(|| updates.iter().enumerate().map(|(i, u)| by_decompressing_all(&committees[i], u)).collect::<Vec<_>>());
    });
    c.bench_function("six cold committees: aggregate_pubkey minus absent members", |b| {
        b.iter(|| updates.iter().enumerate().map(|(i, u)| by_subtraction_cold(&committees[i], u)).collect::<Vec<_>>());
    });
}

criterion_group! {
    name = participants_key;
    config = Criterion::default().sample_size(10).measurement_time(std::time::Duration::from_secs(3));
    targets = benches
}
criterion_main!(participants_key);
