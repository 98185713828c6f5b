//! Hostile SSZ offsets are refused as malformed SSZ, never with a panic.
//!
//! `ssz_rs`'s derived deserializer trusts offsets: one past the end of the input made it compute
//! `encoding.len() - offset`, which panics where overflow checks are on (debug builds, the fuzz
//! profile) and wraps elsewhere. The core now checks every container's offsets first and names the
//! offending field; without that check every test here but `update_offset_past_the_end` panics in
//! a debug build (that one got an `ssz_rs` error naming no field).

use lucid_core::decode::{decode_ssz, json_to_ssz, ObjectKind};
use lucid_core::{Fork, LightClientError, NetworkConfig};
use lucid_tests::capella_p862 as p862;

const S: usize = lucid_core::MAINNET_SYNC_COMMITTEE_SIZE;

/// The SSZ of a recorded capella-p862 JSON object.
fn ssz_of(kind: ObjectKind, json: &[u8]) -> Vec<u8> {
    let value: serde_json::Value = serde_json::from_slice(json).unwrap();
    let (fork, bytes) = json_to_ssz::<S>(kind, &value, "recorded").unwrap();
    assert_eq!(fork, Fork::Capella);
    bytes
}

fn set_offset(bytes: &mut [u8], at: usize, value: u32) {
    bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

fn offset(bytes: &[u8], at: usize) -> usize {
    u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize
}

/// Decoding `bytes` as `kind` in Capella is refused as malformed SSZ with a reason containing `reason`.
fn assert_refused(kind: ObjectKind, bytes: &[u8], reason: &str) {
    let cfg = NetworkConfig::mainnet();
    match decode_ssz::<S>(&cfg, kind, bytes, Some(Fork::Capella), "hostile") {
        Err(LightClientError::MalformedSsz { reason: r, .. }) => assert!(r.contains(reason), "reason {r:?}"),
        other => panic!("expected malformed SSZ ({reason}), got {other:?}"),
    }
}

/// `LightClientUpdate`'s second offset (`finalized_header`, after the attested header's offset,
/// the next committee and its branch) pointing past the end: refused naming the field.
#[test]
fn update_offset_past_the_end() {
    let update = p862::UPDATES;
    let array: Vec<serde_json::Value> = serde_json::from_slice(update).unwrap();
    let bytes = ssz_of(ObjectKind::Update, &serde_json::to_vec(&array[0]).unwrap());
    let finalized_at = 4 + (S * 48 + 48) + 5 * 32;
    assert!(offset(&bytes, finalized_at) < bytes.len());
    for value in [bytes.len() as u32 + 1, bytes.len() as u32 + 4096, u32::MAX] {
        let mut hostile = bytes.clone();
        set_offset(&mut hostile, finalized_at, value);
        assert_refused(ObjectKind::Update, &hostile, "offset of `finalized_header`");
    }
}

/// The first offset of a container must be the size of its fixed part.
#[test]
fn bootstrap_first_offset_not_the_fixed_size() {
    let bytes = ssz_of(ObjectKind::Bootstrap, p862::BOOTSTRAP);
    assert_eq!(offset(&bytes, 0), 4 + (S * 48 + 48) + 5 * 32);
    for value in [0, 1, bytes.len() as u32, bytes.len() as u32 + 1, u32::MAX] {
        let mut hostile = bytes.clone();
        set_offset(&mut hostile, 0, value);
        assert_refused(ObjectKind::Bootstrap, &hostile, "offset of `header`");
    }
}

/// The header's own offset (`execution`, after the 112-byte beacon header) pointing past the end
/// of the header: the nested container is checked too, and the error names the path.
#[test]
fn nested_execution_offset_past_the_header() {
    for (kind, json) in [(ObjectKind::FinalityUpdate, p862::FINALITY), (ObjectKind::OptimisticUpdate, p862::OPTIMISTIC)]
    {
        let bytes = ssz_of(kind, json);
        let header = offset(&bytes, 0);
        let execution_at = header + 112;
        assert_eq!(offset(&bytes, execution_at), 112 + 4 + 4 * 32);
        for value in [bytes.len() as u32, u32::MAX] {
            let mut hostile = bytes.clone();
            set_offset(&mut hostile, execution_at, value);
            assert_refused(kind, &hostile, "in `attested_header`: offset of `execution`");
        }
    }
}

/// The first files (bootstrap, updates) of each fork's `light_client_sync` case, decompressed.
fn spec_objects(shared: &std::path::Path, fork: &str) -> Vec<Vec<u8>> {
    let case = shared
        .join("consensus-spec-tests/v1.7.0-alpha.13/tests/minimal")
        .join(fork)
        .join("light_client/sync/pyspec_tests/light_client_sync");
    let mut files: Vec<_> = std::fs::read_dir(&case).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ssz_snappy"))
        .take(3)
        .map(|p| snap::raw::Decoder::new().decompress_vec(&lucid_tests::read(p)).unwrap())
        .collect()
}

/// The fork detection of `decode_ssz` reads genuine data as every fork's container: an Altair
/// bootstrap read as Capella's took slot bytes for the header's offset and key bytes for the
/// execution offset, and reached the subtraction.
#[test]
fn altair_bootstrap_read_as_capella() {
    const MINIMAL: usize = lucid_core::MINIMAL_SYNC_COMMITTEE_SIZE;
    let Some(shared) = lucid_tests::shared_data("altair_bootstrap_read_as_capella") else { return };
    let cfg = NetworkConfig::mainnet();
    let bootstrap = &spec_objects(&shared, "altair")[0];
    for fork in [Fork::Capella, Fork::Deneb, Fork::Electra] {
        match decode_ssz::<MINIMAL>(&cfg, ObjectKind::Bootstrap, bootstrap, Some(fork), "altair bootstrap") {
            Err(LightClientError::MalformedSsz { reason, .. }) => {
                assert!(reason.contains("offset of `header`"), "{fork}: {reason}");
            }
            other => panic!("{fork}: expected malformed SSZ, got {other:?}"),
        }
    }
}

/// Every fork's bootstrap and updates, read as every kind of every fork's container, with the fork
/// given and without: each attempt ends in a value or a typed error.
#[test]
fn every_fork_read_as_every_other_fork() {
    const MINIMAL: usize = lucid_core::MINIMAL_SYNC_COMMITTEE_SIZE;
    let Some(shared) = lucid_tests::shared_data("every_fork_read_as_every_other_fork") else { return };
    let cfg = NetworkConfig::mainnet();
    let mut tried = 0;
    for fork in ["altair", "bellatrix", "capella", "deneb", "electra", "fulu", "gloas"] {
        for bytes in spec_objects(&shared, fork) {
            for kind in
                [ObjectKind::Bootstrap, ObjectKind::Update, ObjectKind::FinalityUpdate, ObjectKind::OptimisticUpdate]
            {
                for as_fork in Fork::ALL.into_iter().map(Some).chain([None]) {
                    let _ = decode_ssz::<MINIMAL>(&cfg, kind, &bytes, as_fork, "spec");
                    tried += 1;
                }
            }
        }
    }
    assert_eq!(tried, 7 * 3 * 4 * 9);
}
