//! The entry points every input runs through: the core's decoders for every fork and kind, a
//! round-trip check of what decodes, and then verification of every decoded object against the
//! recorded store its genuine version met.
//!
//! Besides "no panic", two properties are checked, and a violation is reported like a panic:
//! an object that decodes re-encodes (SSZ ⇄ JSON) to the same object, and a rejected update
//! leaves the store exactly as it was.

use std::borrow::Cow;

use lucid_core::containers::{Body, ForkedBootstrap, ForkedFinalityUpdate, ForkedOptimisticUpdate, ForkedUpdate};
use lucid_core::decode::{
    decode_bootstrap, decode_json, decode_ssz, decode_updates, json_to_ssz, ssz_to_json, Decoded, ObjectKind,
};
use lucid_core::replay::{verify_bundle, Bundle, Input};
use lucid_core::store::{initialize_light_client_store, process_light_client_update};
use lucid_core::{Fork, LightClientError};
use serde_json::value::RawValue;

use crate::scenario::{AnyScenario, Scenario};
use crate::seeds::{Encoding, Tag};
use crate::stats::{Entry, Probe, Reject};

/// The name inputs are given in the core's error messages.
const OBJECT: &str = "input";

/// The four kinds of object.
const KINDS: [ObjectKind; 4] =
    [ObjectKind::Bootstrap, ObjectKind::Update, ObjectKind::FinalityUpdate, ObjectKind::OptimisticUpdate];

fn kind_of(e: &LightClientError) -> Reject {
    Cow::Borrowed(e.kind())
}

/// Run every entry point on `bytes`, an input tagged `tag`.
pub fn run(scenarios: &[AnyScenario], tag: &Tag, bytes: &[u8], probe: &mut Probe<'_>) {
    match &scenarios[tag.scenario] {
        AnyScenario::Mainnet(s) => Targets { scenario: s, tag, bytes }.run(probe, true),
        AnyScenario::Minimal(s) => Targets { scenario: s, tag, bytes }.run(probe, false),
    }
}

/// One input and the scenario it is checked against.
struct Targets<'a, const S: usize> {
    scenario: &'a Scenario<S>,
    tag: &'a Tag,
    bytes: &'a [u8],
}

/// The `data` member of a `{version, data}` envelope, as text.
#[derive(serde::Deserialize)]
struct Data<'a> {
    #[serde(borrow)]
    data: &'a RawValue,
}

/// `Forked*::decode(body, fork, …)` of `kind`, re-encoded as SSZ.
fn forked_to_ssz<const S: usize>(kind: ObjectKind, body: Body<'_>, fork: Fork) -> Result<Vec<u8>, LightClientError> {
    match kind {
        ObjectKind::Bootstrap => ForkedBootstrap::<S>::decode(body, fork, OBJECT)?.to_ssz(OBJECT),
        ObjectKind::Update => ForkedUpdate::<S>::decode(body, fork, OBJECT)?.to_ssz(OBJECT),
        ObjectKind::FinalityUpdate => ForkedFinalityUpdate::<S>::decode(body, fork, OBJECT)?.to_ssz(OBJECT),
        ObjectKind::OptimisticUpdate => ForkedOptimisticUpdate::<S>::decode(body, fork, OBJECT)?.to_ssz(OBJECT),
    }
}

fn fork_of<const S: usize>(decoded: &Decoded<S>) -> Fork {
    match decoded {
        Decoded::Bootstrap(b) => b.fork,
        Decoded::Update(u) => u.fork,
    }
}

impl<const S: usize> Targets<'_, S> {
    fn run(&self, probe: &mut Probe<'_>, mainnet_app: bool) {
        // Every distinct object of the input's kind that some decoder accepted, for verification.
        let mut decoded: Vec<Decoded<S>> = Vec::new();
        match self.tag.encoding {
            Encoding::Ssz => self.decode_ssz(probe, &mut decoded),
            Encoding::Json => self.decode_json(probe, &mut decoded),
        }
        self.decode_sniffed(probe);
        for object in &decoded {
            self.verify(probe, object);
        }
        self.verify_bundle(probe);
        if mainnet_app {
            self.app_verify(probe);
        }
    }

    fn keep(decoded: &mut Vec<Decoded<S>>, object: Decoded<S>) {
        if !decoded.contains(&object) {
            decoded.push(object);
        }
    }

    fn decode_ssz(&self, probe: &mut Probe<'_>, decoded: &mut Vec<Decoded<S>>) {
        let (cfg, kind, bytes) = (&self.scenario.cfg, self.tag.kind, self.bytes);
        for fork in Fork::ALL {
            let Some(object) = probe.call(Entry::DecodeSsz, || {
                decode_ssz::<S>(cfg, kind, bytes, Some(fork), OBJECT).map_err(|e| kind_of(&e))
            }) else {
                continue;
            };
            probe.call(Entry::Roundtrip, || self.roundtrip_ssz(fork, &object));
            Self::keep(decoded, object);
        }
        for other in KINDS {
            probe.call(Entry::DecodeSszAuto, || {
                decode_ssz::<S>(cfg, other, bytes, None, OBJECT).map_err(|e| kind_of(&e))
            });
        }
    }

    /// SSZ → JSON → SSZ gives the same fork and bytes, and the JSON decodes to the same object.
    fn roundtrip_ssz(&self, fork: Fork, object: &Decoded<S>) -> Result<(), Reject> {
        let kind = self.tag.kind;
        let json = match ssz_to_json::<S>(kind, fork, self.bytes, OBJECT) {
            Ok(json) => json,
            Err(e) => panic!("decode_ssz accepted {} as {fork} but ssz_to_json refused it: {e}", kind.name()),
        };
        match json_to_ssz::<S>(kind, &json, OBJECT) {
            Ok((f, ssz)) if f == fork && ssz == self.bytes => {}
            Ok((f, ssz)) => panic!(
                "{} SSZ → JSON → SSZ differs: fork {fork} → {f}, {} bytes → {} bytes",
                kind.name(),
                self.bytes.len(),
                ssz.len()
            ),
            Err(e) => panic!("ssz_to_json output of {} ({fork}) is refused by json_to_ssz: {e}", kind.name()),
        }
        match decode_json::<S>(&self.scenario.cfg, kind, &json.to_string(), OBJECT) {
            Ok(again) if again == *object => Ok(()),
            Ok(_) => panic!("{} ({fork}) decodes differently from its JSON form", kind.name()),
            // The label check may refuse the JSON form (the slot belongs to another fork); the
            // SSZ decoder with an explicit fork does not check labels.
            Err(e @ LightClientError::WrongFork { .. }) => Err(kind_of(&e)),
            Err(e) => panic!("the JSON form of an accepted {} ({fork}) is refused: {e}", kind.name()),
        }
    }

    fn decode_json(&self, probe: &mut Probe<'_>, decoded: &mut Vec<Decoded<S>>) {
        let (cfg, kind) = (&self.scenario.cfg, self.tag.kind);
        let Ok(text) = std::str::from_utf8(self.bytes) else {
            probe.call(Entry::DecodeJson, || Err::<(), _>(Cow::Borrowed("not_utf8")));
            return;
        };
        for other in KINDS {
            let result =
                probe.call(Entry::DecodeJson, || decode_json::<S>(cfg, other, text, OBJECT).map_err(|e| kind_of(&e)));
            if let Some(object) = result.filter(|_| other == kind) {
                probe.call(Entry::Roundtrip, || self.roundtrip_json(text, &object));
                Self::keep(decoded, object);
            }
        }
        let Ok(envelope) = serde_json::from_str::<Data<'_>>(text) else { return };
        for fork in Fork::ALL {
            let body = Body::Json(envelope.data.get());
            let Some(ssz) =
                probe.call(Entry::DecodeJsonData, || forked_to_ssz::<S>(kind, body, fork).map_err(|e| kind_of(&e)))
            else {
                continue;
            };
            if let Ok(object) = decode_ssz::<S>(cfg, kind, &ssz, Some(fork), OBJECT) {
                Self::keep(decoded, object);
            }
        }
    }

    /// JSON → SSZ → JSON → SSZ: the `data` member decodes as the labelled fork's container to the
    /// object `decode_json` gave, and the core's converters agree on its SSZ.
    fn roundtrip_json(&self, text: &str, object: &Decoded<S>) -> Result<(), Reject> {
        let (kind, fork) = (self.tag.kind, fork_of(object));
        let data = match serde_json::from_str::<Data<'_>>(text) {
            Ok(envelope) => envelope.data,
            Err(e) => panic!("decode_json accepted an envelope whose data member cannot be read: {e}"),
        };
        let ssz = match forked_to_ssz::<S>(kind, Body::Json(data.get()), fork) {
            Ok(ssz) => ssz,
            Err(e) => panic!("decode_json accepted {} ({fork}) but its data member is refused: {e}", kind.name()),
        };
        match decode_ssz::<S>(&self.scenario.cfg, kind, &ssz, Some(fork), OBJECT) {
            Ok(again) if again == *object => {}
            Ok(_) => panic!("{} ({fork}) from JSON decodes differently from its SSZ", kind.name()),
            Err(e) => panic!("the SSZ of an accepted JSON {} ({fork}) is refused: {e}", kind.name()),
        }
        let json = match ssz_to_json::<S>(kind, fork, &ssz, OBJECT) {
            Ok(json) => json,
            Err(e) => panic!("ssz_to_json refused the SSZ of an accepted JSON {} ({fork}): {e}", kind.name()),
        };
        match json_to_ssz::<S>(kind, &json, OBJECT) {
            Ok((f, again)) if f == fork && again == ssz => Ok(()),
            Ok(_) => panic!("{} ({fork}) JSON → SSZ → JSON → SSZ differs", kind.name()),
            Err(e) => panic!("json_to_ssz refused the output of ssz_to_json for {} ({fork}): {e}", kind.name()),
        }
    }

    fn decode_sniffed(&self, probe: &mut Probe<'_>) {
        let (cfg, kind, bytes) = (&self.scenario.cfg, self.tag.kind, self.bytes);
        probe.call(Entry::DecodeSniffed, || match kind {
            ObjectKind::Bootstrap => decode_bootstrap::<S>(cfg, bytes, OBJECT).map(|_| ()).map_err(|e| kind_of(&e)),
            _ => decode_updates::<S>(cfg, kind, bytes, OBJECT).map(|_| ()).map_err(|e| kind_of(&e)),
        });
    }

    /// The store position of the input's genuine version.
    fn position(&self) -> &crate::scenario::Position<S> {
        let positions = &self.scenario.positions;
        &positions[self.tag.position.min(positions.len() - 1)]
    }

    fn verify(&self, probe: &mut Probe<'_>, object: &Decoded<S>) {
        let cfg = &self.scenario.cfg;
        match object {
            Decoded::Bootstrap(b) => {
                probe.call(Entry::InitTrusted, || {
                    initialize_light_client_store(cfg, &self.scenario.trusted_root, b)
                        .map(|_| ())
                        .map_err(|e| kind_of(&e))
                });
                probe.call(Entry::InitOwnRoot, || {
                    initialize_light_client_store(cfg, &b.header.beacon_root(), b).map(|_| ()).map_err(|e| kind_of(&e))
                });
            }
            Decoded::Update(u) => {
                let position = self.position();
                probe.call(Entry::ProcessUpdate, || {
                    let mut store = position.store.clone();
                    if u.fork.container_fork() > store.fork.container_fork() {
                        store = store.upgrade_to(u.fork, cfg).map_err(|e| kind_of(&e))?;
                    }
                    let before = store.clone();
                    match process_light_client_update(&mut store, u, position.current_slot, cfg) {
                        Ok(_) => Ok(()),
                        Err(e) => {
                            assert!(store == before, "a rejected update ({}) changed the store", e.kind());
                            Err(kind_of(&e))
                        }
                    }
                });
            }
        }
    }

    /// The scenario's recorded bundle with the input in its role: a mutated bootstrap followed by
    /// the first recorded update, or the recorded bootstrap followed by the mutated update.
    fn bundle(&self) -> Bundle {
        let input = Input { name: OBJECT.to_string(), bytes: self.bytes.to_vec() };
        let mut bundle = Bundle {
            bootstrap: self.scenario.bootstrap.clone(),
            updates: Vec::new(),
            finality: None,
            optimistic: None,
        };
        let mut place = |kind: ObjectKind, file: Input| match kind {
            ObjectKind::Bootstrap => bundle.bootstrap = file,
            ObjectKind::Update => bundle.updates.push(file),
            ObjectKind::FinalityUpdate => bundle.finality = Some(file),
            ObjectKind::OptimisticUpdate => bundle.optimistic = Some(file),
        };
        if self.tag.kind == ObjectKind::Bootstrap {
            if let Some((kind, file)) = &self.scenario.first_update {
                place(*kind, file.clone());
            }
        }
        place(self.tag.kind, input);
        bundle
    }

    fn verify_bundle(&self, probe: &mut Probe<'_>) {
        let (cfg, slot) = (&self.scenario.cfg, self.position().current_slot);
        let bundle = self.bundle();
        probe.call(Entry::VerifyBundle, || {
            verify_bundle::<S>(cfg, &bundle, Some(self.scenario.trusted_root), slot, &mut |_| {})
                .map(|_| ())
                .map_err(|e| kind_of(&e.error))
        });
    }

    /// What the browser app does with the files a user opens: `BundleFiles::to_core` copies them
    /// into a [`Bundle`] as they are, and the worker verifies it on mainnet with the checkpoint the
    /// user typed or, by default, none (the bootstrap's own root is trusted). The app crate is not a
    /// dependency (natively it brings in its whole browser stack), so this calls the same core
    /// function with the app's arguments. For an update the default changes nothing (the recorded
    /// bootstrap's root is the checkpoint), so only bootstraps run here.
    fn app_verify(&self, probe: &mut Probe<'_>) {
        if self.tag.kind != ObjectKind::Bootstrap {
            return;
        }
        let (cfg, slot) = (&self.scenario.cfg, self.position().current_slot);
        let bundle = self.bundle();
        probe.call(Entry::AppVerify, || {
            verify_bundle::<S>(cfg, &bundle, None, slot, &mut |_| {}).map(|_| ()).map_err(|e| kind_of(&e.error))
        });
    }
}
