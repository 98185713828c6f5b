//! A measured alternative, not used by the verifier: the participants'
//! aggregate key computed as the committee's `aggregate_pubkey` minus the
//! absent members' keys, so only the absent keys are decompressed. It equals
//! the sum of the participants' keys whenever the committee's aggregate key
//! is the sum of its members' keys, which consensus guarantees for every
//! committee proven into a `BeaconState`. Run: `cargo bench -p lucid-benches --bench aggregate_by_subtraction`.

use blst::min_pk::{AggregatePublicKey, PublicKey, Signature};
use blst::{blst_p1, blst_p1_add_or_double, blst_p1_affine, blst_p1_cneg, blst_p1_from_affine, blst_p1_to_affine, BLST_ERROR};
use criterion::{criterion_group, criterion_main, Criterion};
use lucid_core::bls::{decompress_committee, DST};
use lucid_core::containers::SyncCommittee;
use lucid_core::data::LightClientUpdate;
use lucid_core::decode::{decode_bootstrap, decode_updates, ObjectKind};
use lucid_core::primitives::root_bytes;
use lucid_core::store::{compute_signing_root, compute_sync_committee_domain};
use lucid_core::NetworkConfig;

const S: usize = lucid_core::MAINNET_SYNC_COMMITTEE_SIZE;

fn file(name: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios/capella-p862").join(name)).unwrap()
}

fn to_p1(key: &PublicKey) -> blst_p1 {
    let affine: blst_p1_affine = (*key).into();
    let mut p = blst_p1::default();
    unsafe { blst_p1_from_affine(&mut p, &affine) };
    p
}

/// Participants' aggregate as `aggregate_pubkey - Σ absent keys`.
fn aggregate_by_subtraction(committee: &SyncCommittee<S>, update: &LightClientUpdate<S>) -> PublicKey {
    let mut sum = to_p1(&PublicKey::uncompress(&committee.aggregate_pubkey.0).unwrap());
    for (i, bit) in update.sync_aggregate.sync_committee_bits.iter().by_vals().enumerate() {
        if !bit {
            let mut absent = to_p1(&PublicKey::uncompress(&committee.pubkeys[i].0).unwrap());
            unsafe {
                blst_p1_cneg(&mut absent, true);
                let acc = sum;
                blst_p1_add_or_double(&mut sum, &acc, &absent);
            }
        }
    }
    let mut affine = blst_p1_affine::default();
    unsafe { blst_p1_to_affine(&mut affine, &sum) };
    PublicKey::from(affine)
}

/// The verifier's way: decompress every key, sum the participants'.
fn aggregate_by_decompression(committee: &SyncCommittee<S>, update: &LightClientUpdate<S>) -> PublicKey {
    let keys = decompress_committee(&committee.pubkeys).unwrap();
    let participants: Vec<&PublicKey> = update.sync_aggregate.sync_committee_bits.iter().by_vals().zip(&keys).filter(|(b, _)| *b).map(|(_, k)| k).collect();
    AggregatePublicKey::aggregate(&participants, false).unwrap().to_public_key()
}

fn verify(cfg: &NetworkConfig, update: &LightClientUpdate<S>, key: &PublicKey) {
    let version = cfg.compute_fork_version(cfg.epoch_at_slot(update.signature_slot - 1));
    let domain = compute_sync_committee_domain(version, &cfg.genesis_validators_root);
    let msg = root_bytes(&compute_signing_root(update.attested_header.beacon_root(), domain));
    let sig = Signature::sig_validate(&update.sync_aggregate.sync_committee_signature.0, true).unwrap();
    assert_eq!(sig.verify(false, &msg, DST, &[], key, false), BLST_ERROR::BLST_SUCCESS);
}

fn benches(c: &mut Criterion) {
    let cfg = NetworkConfig::mainnet();
    let bootstrap = decode_bootstrap::<S>(&cfg, &file("bootstrap.json"), "bootstrap").unwrap();
    let updates = decode_updates::<S>(&cfg, ObjectKind::Update, &file("updates.json"), "updates").unwrap();
    // Update i is signed by the committee of period 862 + i: the bootstrap's, then each update's next.
    let mut committees = vec![bootstrap.current_sync_committee.clone()];
    committees.extend(updates.iter().map(|u| u.next_sync_committee.clone()));
    for (i, u) in updates.iter().enumerate() {
        assert_eq!(aggregate_by_subtraction(&committees[i], u), aggregate_by_decompression(&committees[i], u), "update {i}");
    }
    c.bench_function("six signatures, keys by decompressing all 512", |b| {
        b.iter(|| {
            for (i, u) in updates.iter().enumerate() {
                verify(&cfg, u, &aggregate_by_decompression(&committees[i], u));
            }
        })
    });
    c.bench_function("six signatures, keys by aggregate minus absentees", |b| {
        b.iter(|| {
            for (i, u) in updates.iter().enumerate() {
                verify(&cfg, u, &aggregate_by_subtraction(&committees[i], u));
            }
        })
    });
}

criterion_group! {
    name = subtraction;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(4));
    targets = benches
}
criterion_main!(subtraction);
