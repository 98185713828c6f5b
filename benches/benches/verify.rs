//! Native benchmarks of the verifier on real mainnet data (capella-p862).
//! Run: `cargo bench -p lucid-benches`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use lucid_core::bls::decompress_committee;
use lucid_core::data::{LightClientBootstrap, LightClientUpdate};
use lucid_core::decode::{decode_bootstrap, decode_updates, ObjectKind};
use lucid_core::primitives::root_of;
use lucid_core::replay::{verify_bundle, Bundle, Input};
use lucid_core::store::{initialize_light_client_store, process_light_client_update, LightClientStore};
use lucid_core::NetworkConfig;
use lucid_tests::capella_p862 as p862;

const S: usize = lucid_core::MAINNET_SYNC_COMMITTEE_SIZE;
const NOW: u64 = p862::NOW_SLOT;

struct Data {
    cfg: NetworkConfig,
    bootstrap: LightClientBootstrap<S>,
    updates: Vec<LightClientUpdate<S>>,
    finality: LightClientUpdate<S>,
}

fn data() -> Data {
    let cfg = NetworkConfig::mainnet();
    let bootstrap = decode_bootstrap::<S>(&cfg, p862::BOOTSTRAP, "bootstrap").unwrap();
    let updates = decode_updates::<S>(&cfg, ObjectKind::Update, p862::UPDATES, "updates").unwrap();
    let finality = decode_updates::<S>(&cfg, ObjectKind::FinalityUpdate, p862::FINALITY, "finality").unwrap().remove(0);
    Data { cfg, bootstrap, updates, finality }
}

fn cold_chain(d: &Data) -> LightClientStore<S> {
    let mut store = initialize_light_client_store(&d.cfg, &d.bootstrap.header.beacon_root(), &d.bootstrap).unwrap();
    for u in &d.updates {
        process_light_client_update(&mut store, u, NOW, &d.cfg).unwrap();
    }
    process_light_client_update(&mut store, &d.finality, NOW, &d.cfg).unwrap();
    store
}

fn benches(c: &mut Criterion) {
    let d = data();

    // The store just before the finality update, with period 867's keys decompressed.
    let mut warm = initialize_light_client_store(&d.cfg, &d.bootstrap.header.beacon_root(), &d.bootstrap).unwrap();
    for u in &d.updates {
        process_light_client_update(&mut warm, u, NOW, &d.cfg).unwrap();
    }
    warm.current_sync_committee.participants_key(&d.finality.sync_aggregate.sync_committee_bits).unwrap();
    c.bench_function("finality update, cached keys", |b| {
        b.iter_batched(
            || warm.clone(),
            |mut s| process_light_client_update(&mut s, &d.finality, NOW, &d.cfg).unwrap(),
            BatchSize::SmallInput,
        );
    });
    let mut before_last =
        initialize_light_client_store(&d.cfg, &d.bootstrap.header.beacon_root(), &d.bootstrap).unwrap();
    for u in &d.updates[..5] {
        process_light_client_update(&mut before_last, u, NOW, &d.cfg).unwrap();
    }
    before_last
        .next_sync_committee
        .as_ref()
        .unwrap()
        .participants_key(&d.updates[5].sync_aggregate.sync_committee_bits)
        .unwrap();
    c.bench_function("sync-committee update (period hand-over), cached keys", |b| {
        b.iter_batched(
            || before_last.clone(),
            |mut s| process_light_client_update(&mut s, &d.updates[5], NOW, &d.cfg).unwrap(),
            BatchSize::SmallInput,
        );
    });

    c.bench_function("chain: bootstrap + 6 updates + finality, cold (decoded input)", |b| b.iter(|| cold_chain(&d)));

    let bundle = Bundle {
        bootstrap: Input { name: "bootstrap.json".into(), bytes: p862::BOOTSTRAP.to_vec() },
        updates: vec![Input { name: "updates.json".into(), bytes: p862::UPDATES.to_vec() }],
        finality: Some(Input { name: "finality.json".into(), bytes: p862::FINALITY.to_vec() }),
        optimistic: None,
    };
    c.bench_function("chain: bootstrap + 6 updates + finality, cold, from JSON bytes", |b| {
        b.iter(|| verify_bundle::<S>(&d.cfg, &bundle, None, NOW, &mut |_| {}).unwrap());
    });

    let mut group = c.benchmark_group("parts");
    group.bench_function("decompress and validate all 512 keys of a committee", |b| {
        b.iter(|| decompress_committee(&d.bootstrap.current_sync_committee.pubkeys).unwrap());
    });
    group.bench_function("hash_tree_root(SyncCommittee)", |b| b.iter(|| root_of(&d.bootstrap.current_sync_committee)));
    group.bench_function("decode updates.json (6 updates)", |b| {
        b.iter(|| decode_updates::<S>(&d.cfg, ObjectKind::Update, &bundle.updates[0].bytes, "updates").unwrap());
    });
    group.finish();
}

criterion_group! {
    name = verify;
    config = Criterion::default().sample_size(30).warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(3));
    targets = benches
}
criterion_main!(verify);
