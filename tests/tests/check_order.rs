//! Which check names a refused update, and where lucid's signature check is
//! knowingly not the spec's (real mainnet data, capella-p862).
//!
//! The core checks every Merkle branch and the signature before it compares
//! slots with the clock and the store, so a forged proof is named as a forgery
//! even on an update that is also stale or early; the set of accepted updates
//! is the spec's.

use std::sync::Arc;

use lucid_core::decode::{decode_bootstrap, decode_updates, ObjectKind};
use lucid_core::store::{initialize_light_client_store, process_light_client_update, Committee, LightClientStore};
use lucid_core::{LightClientError, NetworkConfig};
use lucid_tests::capella_p862::{self as p862, NOW_SLOT};

const S: usize = lucid_core::MAINNET_SYNC_COMMITTEE_SIZE;

fn bootstrap_store(cfg: &NetworkConfig) -> LightClientStore<S> {
    let bootstrap = decode_bootstrap::<S>(cfg, p862::BOOTSTRAP, "bootstrap").unwrap();
    initialize_light_client_store(cfg, &bootstrap.header.beacon_root(), &bootstrap).unwrap()
}

fn updates(cfg: &NetworkConfig) -> Vec<lucid_core::data::LightClientUpdate<S>> {
    decode_updates::<S>(cfg, ObjectKind::Update, p862::UPDATES, "updates").unwrap()
}

#[test]
fn a_forged_signature_on_a_stale_update_is_named_bad_signature() {
    let cfg = NetworkConfig::mainnet();
    let mut store = bootstrap_store(&cfg);
    let ups = updates(&cfg);
    // The first update teaches the next committee; its attested header is older than the
    // bootstrap's, so a second time it brings nothing: stale (lag, not a lie).
    process_light_client_update(&mut store, &ups[0], NOW_SLOT, &cfg).unwrap();
    let again = process_light_client_update(&mut store.clone(), &ups[0], NOW_SLOT, &cfg).unwrap_err();
    assert_eq!(again.kind(), "stale_update", "{again}");
    // With another update's signature it is a forgery, whatever its slot.
    let mut forged = ups[0].clone();
    forged.sync_aggregate.sync_committee_signature = ups[1].sync_aggregate.sync_committee_signature.clone();
    let before = store.clone();
    let err = process_light_client_update(&mut store, &forged, NOW_SLOT, &cfg).unwrap_err();
    assert_eq!(err, LightClientError::BadSignature);
    assert_eq!(store, before);
}

#[test]
fn a_forged_branch_on_an_early_update_is_named_bad_branch() {
    let cfg = NetworkConfig::mainnet();
    let store = bootstrap_store(&cfg);
    let ups = updates(&cfg);
    // Signed at a slot after this clock's: genuine, it is early.
    let clock = ups[0].signature_slot - 1;
    let early = process_light_client_update(&mut store.clone(), &ups[0], clock, &cfg).unwrap_err();
    assert!(matches!(early, LightClientError::SignatureSlotOutOfRange { .. }), "{early}");
    let mut forged = ups[0].clone();
    forged.next_sync_committee_branch[0] = Default::default();
    let err = process_light_client_update(&mut store.clone(), &forged, clock, &cfg).unwrap_err();
    assert_eq!(err, LightClientError::BadNextSyncCommitteeBranch);
}

/// lucid computes the participants' key as `aggregate_pubkey` minus the absent members' keys when
/// that needs fewer keys than summing the present ones (see `lucid_core::bls`). For every
/// committee consensus produces, `aggregate_pubkey` is the sum of the members' keys and the two
/// agree. For a committee where it is not (which only a bootstrap behind a forged trusted root can
/// bring in, since the committee's Merkle branch covers `aggregate_pubkey`), lucid and the spec
/// can disagree either way. These tests pin that behaviour; docs/ARCHITECTURE.md gives the
/// argument.
#[test]
fn divergence_from_the_spec_for_committees_whose_aggregate_is_not_their_sum() {
    let cfg = NetworkConfig::mainnet();
    let genuine = bootstrap_store(&cfg);
    let update = &updates(&cfg)[0];
    let bits = &update.sync_aggregate.sync_committee_bits;
    let present: Vec<usize> = (0..S).filter(|i| bits[*i]).collect();
    assert!(present.len() > S / 2, "a high-participation update: {}", present.len());

    let with_committee = |edit: &dyn Fn(&mut lucid_core::containers::SyncCommittee<S>)| {
        let mut ssz = genuine.current_sync_committee.ssz.clone();
        edit(&mut ssz);
        LightClientStore { current_sync_committee: Arc::new(Committee::new(ssz)), ..genuine.clone() }
    };

    // A present member's key replaced, aggregate left as it was: the spec sums the present keys
    // and rejects; lucid subtracts the absent ones from the aggregate and accepts.
    let (a, b) = (present[0], present[1]);
    let mut swapped = with_committee(&|c| c.pubkeys[a] = c.pubkeys[b].clone());
    assert!(process_light_client_update(&mut swapped, update, NOW_SLOT, &cfg).is_ok());

    // The aggregate replaced by one member's key: the spec accepts (it never reads the
    // aggregate); lucid rejects.
    let mut wrong_aggregate = with_committee(&|c| c.aggregate_pubkey = c.pubkeys[a].clone());
    let err = process_light_client_update(&mut wrong_aggregate, update, NOW_SLOT, &cfg).unwrap_err();
    assert_eq!(err, LightClientError::BadSignature);
}
