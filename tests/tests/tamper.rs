//! Tamper tests: thousands of mutations of real mainnet data (capella-p862).
//! Every mutant is either rejected with the typed error of the check that
//! covers the touched bytes, leaving the store exactly as it was, or accepted
//! only where no check covers those bytes — and then the resulting store is
//! identical to the one the genuine data produces.

use std::collections::BTreeMap;

use lucid_core::containers::capella;
use lucid_core::data::LightClientUpdate;
use lucid_core::decode::{decode_bootstrap, decode_json, decode_ssz, decode_updates, Decoded, ObjectKind};
use lucid_core::store::{initialize_light_client_store, process_light_client_update, LightClientStore};
use lucid_core::{Fork, LightClientError, NetworkConfig};
use lucid_tests::capella_p862::{self as p862, NOW_SLOT};

const S: usize = lucid_core::MAINNET_SYNC_COMMITTEE_SIZE;

/// Tally of how mutants ended.
#[derive(Default)]
struct Tally {
    ran: usize,
    outcomes: BTreeMap<String, usize>,
    failures: Vec<String>,
}

impl Tally {
    fn record(&mut self, outcome: &str) {
        self.ran += 1;
        *self.outcomes.entry(outcome.to_string()).or_default() += 1;
    }

    fn fail(&mut self, what: String) {
        if self.failures.len() < 20 {
            self.failures.push(what);
        } else if self.failures.len() == 20 {
            self.failures.push("…".into());
        }
    }

    fn finish(self, name: &str) {
        println!("{name}: {} mutants ran", self.ran);
        for (outcome, n) in &self.outcomes {
            println!("  {n:>6}  {outcome}");
        }
        assert!(
            self.failures.is_empty(),
            "{name}: {} wrong outcomes:\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
        assert!(self.ran > 0);
    }
}

/// The store after the bootstrap and the first `n` updates.
struct Chain {
    cfg: NetworkConfig,
    stores: Vec<LightClientStore<S>>,
    updates: Vec<LightClientUpdate<S>>,
}

fn chain() -> Chain {
    let cfg = NetworkConfig::mainnet();
    let bootstrap = decode_bootstrap::<S>(&cfg, p862::BOOTSTRAP, "bootstrap").unwrap();
    let store = initialize_light_client_store(&cfg, &bootstrap.header.beacon_root(), &bootstrap).unwrap();
    let updates = decode_updates::<S>(&cfg, ObjectKind::Update, p862::UPDATES, "updates").unwrap();
    let mut stores = vec![store];
    for u in &updates {
        let mut next = stores.last().unwrap().clone();
        process_light_client_update(&mut next, u, NOW_SLOT, &cfg).unwrap();
        stores.push(next);
    }
    Chain { cfg, stores, updates }
}

/// Process `update` on a copy of `store`; on rejection check the copy is unchanged.
fn try_update(
    store: &LightClientStore<S>,
    update: &LightClientUpdate<S>,
    cfg: &NetworkConfig,
) -> Result<LightClientStore<S>, LightClientError> {
    let mut copy = store.clone();
    match process_light_client_update(&mut copy, update, NOW_SLOT, cfg) {
        Ok(_) => Ok(copy),
        Err(e) => {
            assert!(copy == *store, "store changed although {e} rejected the update");
            Err(e)
        }
    }
}

/// Where a byte of a Capella `LightClientHeader` lies, and which errors may reject a change there.
fn header_field(offset: usize, role: &str) -> (String, Vec<&'static str>) {
    let exec = "bad_execution_branch";
    let (name, kinds): (&str, Vec<&str>) = match offset {
        0..8 if role == "attested" => (
            "beacon.slot",
            vec![
                "signature_slot_out_of_range",
                "stale_update",
                "period_out_of_range",
                "bad_signature",
                exec,
                "bad_finality_branch",
            ],
        ),
        0..8 => (
            "beacon.slot",
            vec!["bad_finality_branch", "signature_slot_out_of_range", exec, "unexpected_finalized_header"],
        ),
        8..48 if role == "attested" => ("beacon.proposer_index/parent_root", vec!["bad_signature"]),
        8..48 => ("beacon.proposer_index/parent_root", vec!["bad_finality_branch"]),
        48..80 if role == "attested" => ("beacon.state_root", vec!["bad_finality_branch"]),
        48..80 => ("beacon.state_root", vec!["bad_finality_branch"]),
        80..112 => ("beacon.body_root", vec![exec]),
        112..116 => ("execution offset", vec!["malformed_ssz"]),
        116..244 => ("execution_branch", vec![exec]),
        680..684 => ("execution.extra_data offset", vec!["malformed_ssz"]),
        _ => ("execution fields", vec![exec]),
    };
    (format!("{role}_header.{name}"), kinds)
}

#[test]
fn every_byte_of_the_ssz_finality_update() {
    let c = chain();
    let store = c.stores.last().unwrap();
    let text = String::from_utf8(p862::FINALITY.to_vec()).unwrap();
    let envelope: serde_json::Value = serde_json::from_str(&text).unwrap();
    let wire: capella::LightClientFinalityUpdate<S> = serde_json::from_value(envelope["data"].clone()).unwrap();
    let bytes = ssz_rs::serialize(&wire).unwrap();
    let genuine = match decode_ssz::<S>(&c.cfg, ObjectKind::FinalityUpdate, &bytes, None, "finality").unwrap() {
        Decoded::Update(u) => u,
        Decoded::Bootstrap(_) => unreachable!(),
    };
    let expected = try_update(store, &genuine, &c.cfg).expect("genuine finality update verifies");

    let attested_start = u32::from_le_bytes(bytes[0..4].try_into().unwrap()) as usize;
    let finalized_start = u32::from_le_bytes(bytes[4..8].try_into().unwrap()) as usize;
    let classify = |i: usize| -> (String, Vec<&'static str>, bool) {
        match i {
            0..8 => ("offsets".into(), vec!["malformed_ssz"], false),
            8..200 => ("finality_branch".into(), vec!["bad_finality_branch"], false),
            200..264 => ("sync_committee_bits".into(), vec!["bad_signature"], false),
            264..360 => ("sync_committee_signature".into(), vec!["invalid_signature_encoding", "bad_signature"], false),
            360..368 => (
                "signature_slot".into(),
                vec!["signature_slot_out_of_range", "period_out_of_range", "bad_signature"],
                true,
            ),
            i if i >= attested_start && i < finalized_start => {
                let (n, k) = header_field(i - attested_start, "attested");
                (n, k, false)
            }
            i => {
                let (n, k) = header_field(i - finalized_start, "finalized");
                (n, k, false)
            }
        }
    };

    let mut tally = Tally::default();
    for i in 0..bytes.len() {
        for mask in [0x01u8, 0x80, 0xff] {
            let mut mutant = bytes.clone();
            mutant[i] ^= mask;
            let (field, kinds, may_accept) = classify(i);
            let result =
                match decode_ssz::<S>(&c.cfg, ObjectKind::FinalityUpdate, &mutant, Some(Fork::Capella), "finality") {
                    Err(e) => Err(e),
                    Ok(Decoded::Update(u)) => try_update(store, &u, &c.cfg),
                    Ok(Decoded::Bootstrap(_)) => unreachable!(),
                };
            match result {
                Err(e) if kinds.contains(&e.kind()) => tally.record(&format!("rejected {:<34} ({field})", e.kind())),
                Err(e) => {
                    tally.record("WRONG ERROR");
                    tally.fail(format!(
                        "byte {i} ^ {mask:#04x} in {field}: got {} ({e}), expected one of {kinds:?}",
                        e.kind()
                    ));
                }
                Ok(after) if may_accept => {
                    tally.record(&format!("accepted, not covered by any check ({field})"));
                    if after.finalized_header != expected.finalized_header
                        || after.optimistic_header != expected.optimistic_header
                    {
                        tally.fail(format!(
                            "byte {i} ^ {mask:#04x} in {field}: accepted with a different resulting header"
                        ));
                    }
                }
                Ok(_) => {
                    tally.record("WRONGLY ACCEPTED");
                    tally.fail(format!("byte {i} ^ {mask:#04x} in {field}: accepted"));
                }
            }
        }
    }
    tally.finish("SSZ finality update, every byte × 3 masks");
}

#[test]
fn branches_bits_and_header_fields_of_every_update() {
    let c = chain();
    let mut tally = Tally::default();
    let check = |tally: &mut Tally, what: String, i: usize, u: &LightClientUpdate<S>, kinds: &[&str]| match try_update(
        &c.stores[i],
        u,
        &c.cfg,
    ) {
        Err(e) if kinds.contains(&e.kind()) => tally.record(&format!("rejected {}", e.kind())),
        Err(e) => {
            tally.record("WRONG ERROR");
            tally.fail(format!("update {i} {what}: got {} ({e}), expected {kinds:?}", e.kind()));
        }
        Ok(_) => {
            tally.record("WRONGLY ACCEPTED");
            tally.fail(format!("update {i} {what}: accepted"));
        }
    };
    for (i, genuine) in c.updates.iter().enumerate() {
        for node in 0..genuine.finality_branch.len() {
            let mut u = genuine.clone();
            flip(&mut u.finality_branch[node]);
            check(&mut tally, format!("finality_branch[{node}]"), i, &u, &["bad_finality_branch"]);
        }
        for node in 0..genuine.next_sync_committee_branch.len() {
            let mut u = genuine.clone();
            flip(&mut u.next_sync_committee_branch[node]);
            check(
                &mut tally,
                format!("next_sync_committee_branch[{node}]"),
                i,
                &u,
                &["bad_next_sync_committee_branch"],
            );
        }
        for (role, kind) in [("attested", "bad_execution_branch"), ("finalized", "bad_execution_branch")] {
            for node in 0..4 {
                let mut u = genuine.clone();
                let header = if role == "attested" { &mut u.attested_header } else { &mut u.finalized_header };
                if let lucid_core::header::LightClientHeader::Capella(h) = header {
                    let mut branch = h.execution_branch.to_vec();
                    flip(&mut branch[node]);
                    h.execution_branch = branch.try_into().unwrap();
                }
                check(&mut tally, format!("{role} execution_branch[{node}]"), i, &u, &[kind]);
            }
        }
        for member in [0usize, 1, 100, 255, 256, 511] {
            let mut u = genuine.clone();
            let bit = u.sync_aggregate.sync_committee_bits[member];
            u.sync_aggregate.sync_committee_bits.set(member, !bit);
            check(&mut tally, format!("sync bit {member}"), i, &u, &["bad_signature"]);
        }
        let mut u = genuine.clone();
        u.next_sync_committee.pubkeys[7].0[5] ^= 1;
        check(&mut tally, "next_sync_committee.pubkeys[7]".into(), i, &u, &["bad_next_sync_committee_branch"]);
        let mut u = genuine.clone();
        u.attested_header.beacon_mut().proposer_index += 1;
        check(&mut tally, "attested proposer_index".into(), i, &u, &["bad_signature"]);
        let mut u = genuine.clone();
        flip(&mut u.attested_header.beacon_mut().state_root);
        check(&mut tally, "attested state_root".into(), i, &u, &["bad_finality_branch"]);
        let mut u = genuine.clone();
        u.finalized_header.beacon_mut().proposer_index += 1;
        check(&mut tally, "finalized proposer_index".into(), i, &u, &["bad_finality_branch"]);
    }
    // All 512 participation bits of one update, one at a time.
    let genuine = &c.updates[2];
    for member in 0..S {
        let mut u = genuine.clone();
        let bit = u.sync_aggregate.sync_committee_bits[member];
        u.sync_aggregate.sync_committee_bits.set(member, !bit);
        check(&mut tally, format!("all bits: bit {member}"), 2, &u, &["bad_signature"]);
    }
    tally.finish("update branches, bits and header fields");
}

fn flip(node: &mut lucid_core::Root) {
    let mut bytes = lucid_core::primitives::root_bytes(node);
    bytes[31] ^= 0x01;
    *node = lucid_core::primitives::root_from(bytes);
}

#[test]
fn fork_versions_genesis_root_and_labels() {
    let c = chain();
    let mut tally = Tally::default();
    // A different fork version or genesis root changes the signing domain.
    let mut configs = Vec::new();
    for fork in [Fork::Capella, Fork::Bellatrix] {
        let mut cfg = c.cfg.clone();
        for entry in cfg.forks.iter_mut().filter(|e| e.0 == fork) {
            entry.1[3] ^= 1;
        }
        configs.push((format!("{fork} version changed"), cfg, fork == Fork::Capella));
    }
    let mut cfg = c.cfg.clone();
    flip(&mut cfg.genesis_validators_root);
    configs.push(("genesis_validators_root changed".into(), cfg, true));
    for (what, cfg, must_reject) in &configs {
        for (i, u) in c.updates.iter().enumerate() {
            let mut copy = c.stores[i].clone();
            match process_light_client_update(&mut copy, u, NOW_SLOT, cfg) {
                Err(e) if *must_reject && e.kind() == "bad_signature" && copy == c.stores[i] => {
                    tally.record("rejected bad_signature");
                }
                Ok(_) if !must_reject => tally.record("accepted: the changed fork does not sign these updates"),
                other => {
                    tally.record("WRONG");
                    tally.fail(format!("{what}, update {i}: {other:?}"));
                }
            }
        }
    }
    // A Beacon-API label that disagrees with the slot, or names no fork.
    let text = String::from_utf8(p862::FINALITY.to_vec()).unwrap();
    for (label, kind) in [
        ("deneb", "malformed_json"),
        ("bellatrix", "malformed_json"),
        ("altair", "malformed_json"),
        ("electra", "malformed_json"),
        ("shanghai", "unknown_fork"),
        ("phase0", "no_light_client_data"),
    ] {
        let relabelled = text.replacen("\"capella\"", &format!("\"{label}\""), 1);
        match decode_json::<S>(&c.cfg, ObjectKind::FinalityUpdate, &relabelled, "finality.json") {
            Err(e) if e.kind() == kind => tally.record(&format!("rejected {kind}")),
            other => {
                tally.record("WRONG");
                tally.fail(format!("label {label}: {:?}", other.map(|_| ())));
            }
        }
    }
    // Well-formed Capella data on a network where Capella starts later: wrong fork.
    let mut late_capella = c.cfg.clone();
    for entry in late_capella.forks.iter_mut().filter(|e| e.0 >= Fork::Capella) {
        entry.2 = 300_000;
    }
    match decode_json::<S>(&late_capella, ObjectKind::FinalityUpdate, &text, "finality.json") {
        Err(LightClientError::WrongFork { labelled: Fork::Capella, expected: Fork::Bellatrix, .. }) => {
            tally.record("rejected wrong_fork");
        }
        other => {
            tally.record("WRONG");
            tally.fail(format!("late capella: {:?}", other.map(|_| ())));
        }
    }
    tally.finish("fork versions, genesis root, labels");
}

#[test]
fn truncated_and_oversized_inputs_never_panic() {
    let c = chain();
    let mut tally = Tally::default();
    for (name, bytes) in p862::FILES {
        for cut in (0..bytes.len()).step_by(97) {
            let r = decode_updates::<S>(&c.cfg, ObjectKind::Update, &bytes[..cut], name).map(|_| ());
            let r2 = decode_bootstrap::<S>(&c.cfg, &bytes[..cut], name).map(|_| ());
            match (r, r2) {
                (Err(a), Err(b)) if a.kind().starts_with("malformed") && b.kind().starts_with("malformed") => {
                    tally.record("rejected malformed");
                }
                other => {
                    tally.record("WRONG");
                    tally.fail(format!("{name} cut at {cut}: {other:?}"));
                }
            }
        }
    }
    let text = String::from_utf8(p862::FINALITY.to_vec()).unwrap();
    let envelope: serde_json::Value = serde_json::from_str(&text).unwrap();
    let wire: capella::LightClientFinalityUpdate<S> = serde_json::from_value(envelope["data"].clone()).unwrap();
    let bytes = ssz_rs::serialize(&wire).unwrap();
    for len in (0..bytes.len() + 64).step_by(7) {
        let mut v = bytes.clone();
        v.resize(len, 0xaa);
        if len == bytes.len() {
            continue;
        }
        match decode_ssz::<S>(&c.cfg, ObjectKind::FinalityUpdate, &v, None, "finality") {
            Err(e) if e.kind() == "malformed_ssz" => tally.record("rejected malformed_ssz"),
            Err(e) => {
                tally.record("WRONG");
                tally.fail(format!("len {len}: {e}"));
            }
            Ok(Decoded::Update(u)) => match try_update(c.stores.last().unwrap(), &u, &c.cfg) {
                Err(_) => tally.record("decoded (extra_data absorbs the bytes), then rejected by a check"),
                Ok(_) => {
                    tally.record("WRONGLY ACCEPTED");
                    tally.fail(format!("len {len}: accepted"));
                }
            },
            Ok(Decoded::Bootstrap(_)) => unreachable!(),
        }
    }
    tally.finish("truncated and oversized inputs");
}
