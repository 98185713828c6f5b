//! Real mainnet light-client data verified end to end.

use lucid_core::decode::{decode_bootstrap, decode_updates, ObjectKind};
use lucid_core::replay::{verify_bundle, Bundle, Input};
use lucid_core::NetworkConfig;
use lucid_tests::capella_p862::{self as p862, NOW_SLOT};
use lucid_tests::{read, shared_data};

const S: usize = lucid_core::MAINNET_SYNC_COMMITTEE_SIZE;

fn input(dir: &std::path::Path, name: &str) -> Input {
    Input { name: name.to_string(), bytes: read(&dir.join(name)) }
}

fn p862_bundle(dir: &std::path::Path) -> Bundle {
    Bundle {
        bootstrap: input(dir, "bootstrap.json"),
        updates: vec![input(dir, "updates.json")],
        finality: Some(input(dir, "finality.json")),
        optimistic: Some(input(dir, "optimistic.json")),
    }
}

#[test]
fn capella_p862_verifies_to_known_heads() {
    let cfg = NetworkConfig::mainnet();
    let mut seen = 0;
    let report =
        verify_bundle::<S>(&cfg, &p862_bundle(&p862::dir()), None, NOW_SLOT, &mut |_| seen += 1).expect("verifies");
    assert_eq!(report.finalized.slot, p862::FINALIZED_SLOT);
    assert_eq!(report.optimistic.slot, p862::OPTIMISTIC_SLOT);
    assert_eq!(report.periods, p862::PERIODS.collect::<Vec<_>>());
    assert_eq!(seen, 1 + 6 + 2, "bootstrap, six updates, finality, optimistic");
    assert!(report.participation.iter().all(|p| p.participants * 3 >= 512 * 2));
}

#[test]
fn shipped_p862_is_identical_to_shared_copy() {
    let Some(shared) = shared_data("shipped_p862_is_identical_to_shared_copy") else { return };
    for name in ["bootstrap.json", "updates.json", "finality.json", "optimistic.json", "blocks/7109344.json"] {
        assert_eq!(read(&p862::dir().join(name)), read(&shared.join("mainnet/capella-p862").join(name)), "{name}");
    }
}

#[test]
fn capella_p816_json_and_ssz_decode_identically() {
    let Some(shared) = shared_data("capella_p816_json_and_ssz_decode_identically") else { return };
    let dir = shared.join("mainnet/capella-p816");
    let cfg = NetworkConfig::mainnet();
    let boot_json = decode_bootstrap::<S>(&cfg, &read(&dir.join("bootstrap.json")), "bootstrap.json").unwrap();
    let boot_ssz = decode_bootstrap::<S>(&cfg, &read(&dir.join("bootstrap.ssz")), "bootstrap.ssz").unwrap();
    assert_eq!(boot_json, boot_ssz);
    assert_eq!(boot_json.header.slot(), 6718368);

    let updates_json =
        decode_updates::<S>(&cfg, ObjectKind::Update, &read(&dir.join("updates.json")), "updates.json").unwrap();
    assert_eq!(updates_json.len(), 4);
    for (i, period) in (816..=819).enumerate() {
        let name = format!("update_period_{period}.ssz");
        let ssz = decode_updates::<S>(&cfg, ObjectKind::Update, &read(&dir.join(&name)), &name).unwrap();
        assert_eq!(ssz, vec![updates_json[i].clone()], "{name}");
        assert_eq!(cfg.period_at_slot(ssz[0].attested_header.slot()), period);
    }
    for (kind, stem) in
        [(ObjectKind::FinalityUpdate, "finality_update"), (ObjectKind::OptimisticUpdate, "optimistic_update")]
    {
        let json = decode_updates::<S>(&cfg, kind, &read(&dir.join(format!("{stem}.json"))), stem).unwrap();
        let ssz = decode_updates::<S>(&cfg, kind, &read(&dir.join(format!("{stem}.ssz"))), stem).unwrap();
        assert_eq!(json, ssz, "{stem}");
    }
}

#[test]
fn capella_p816_verifies_from_its_bootstrap() {
    let Some(shared) = shared_data("capella_p816_verifies_from_its_bootstrap") else { return };
    let dir = shared.join("mainnet/capella-p816");
    let cfg = NetworkConfig::mainnet();
    let bundle = Bundle {
        bootstrap: input(&dir, "bootstrap.ssz"),
        updates: vec![],
        finality: Some(input(&dir, "finality_update.ssz")),
        optimistic: None,
    };
    // The finality update's attested header is in period 820, the bootstrap's: the committee signs it.
    let report = verify_bundle::<S>(&cfg, &bundle, None, NOW_SLOT, &mut |_| {}).expect("verifies");
    assert_eq!(report.finalized.slot, 6718368);
}

/// The participants' key taken as `aggregate_pubkey` minus the absent members
/// equals the sum of the participants' keys, on every real update.
#[test]
fn participants_key_by_subtraction_equals_the_sum() {
    use blst::min_pk::{AggregatePublicKey, PublicKey};
    use lucid_core::bls::decompress_committee;
    use lucid_core::store::Committee;
    let cfg = NetworkConfig::mainnet();
    let bootstrap = decode_bootstrap::<S>(&cfg, p862::BOOTSTRAP, "bootstrap").unwrap();
    let updates = decode_updates::<S>(&cfg, ObjectKind::Update, p862::UPDATES, "updates").unwrap();
    let mut committee = bootstrap.current_sync_committee.clone();
    for update in &updates {
        let all = decompress_committee(&committee.pubkeys).unwrap();
        let bits = &update.sync_aggregate.sync_committee_bits;
        let mut patterns = vec![bits.clone()];
        // Also a low-participation pattern (the participants' side is summed) and a full one.
        let mut low = bits.clone();
        for i in 40..S {
            low.set(i, false);
        }
        patterns.push(low);
        let mut full = bits.clone();
        for i in 0..S {
            full.set(i, true);
        }
        patterns.push(full);
        let wrapped = Committee::new(committee.clone());
        for pattern in patterns {
            let participants: Vec<&PublicKey> =
                pattern.iter().by_vals().zip(&all).filter(|(b, _)| *b).map(|(_, k)| k).collect();
            let expected = AggregatePublicKey::aggregate(&participants, false).unwrap().to_public_key();
            assert_eq!(wrapped.participants_key(&pattern).unwrap(), expected);
        }
        assert!(wrapped.keys.decompressed() < S, "only the needed keys are decompressed");
        committee = update.next_sync_committee.clone();
    }
}
