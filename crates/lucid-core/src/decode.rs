//! Decoding light-client objects from Beacon-API JSON (`{version, data}`)
//! and from raw SSZ, into the fork-independent types of [`crate::data`].

use crate::config::{Fork, NetworkConfig};
use crate::containers;
use crate::data::{LightClientBootstrap, LightClientUpdate};
use crate::error::LightClientError;
use serde_json::value::RawValue;

/// The four kinds of light-client object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectKind {
    Bootstrap,
    Update,
    FinalityUpdate,
    OptimisticUpdate,
}

/// Run `$body` with `$m` bound to the container module of `$fork`.
macro_rules! with_fork_module {
    ($fork:expr, $m:ident => $body:expr) => {
        match $fork {
            Fork::Altair | Fork::Bellatrix => {
                use containers::altair as $m;
                $body
            }
            Fork::Capella => {
                use containers::capella as $m;
                $body
            }
            Fork::Deneb => {
                use containers::deneb as $m;
                $body
            }
            Fork::Electra | Fork::Fulu => {
                use containers::electra as $m;
                $body
            }
            Fork::Gloas => {
                use containers::gloas as $m;
                $body
            }
            Fork::Phase0 => Err(LightClientError::NoLightClientData(Fork::Phase0)),
        }
    };
}

#[derive(serde::Deserialize)]
struct Envelope<'a> {
    version: String,
    #[serde(borrow)]
    data: &'a RawValue,
}

fn malformed_json(object: &str, reason: impl std::fmt::Display) -> LightClientError {
    LightClientError::MalformedJson { object: object.to_string(), reason: reason.to_string() }
}

fn malformed_ssz(object: &str, reason: impl std::fmt::Debug) -> LightClientError {
    LightClientError::MalformedSsz { object: object.to_string(), reason: format!("{reason:?}") }
}

/// Parse JSON text into `T`, naming the failing field path.
fn parse_json<'a, T: serde::Deserialize<'a>>(text: &'a str, object: &str) -> Result<T, LightClientError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        malformed_json(object, format!("at `{path}`: {}", e.into_inner()))
    })?;
    de.end().map_err(|e| malformed_json(object, e))?;
    Ok(value)
}

/// Check that data labelled `labelled` belongs to the fork of `slot`.
fn check_label(cfg: &NetworkConfig, labelled: Fork, slot: u64) -> Result<(), LightClientError> {
    let expected = cfg.fork_at_slot(slot);
    if expected != labelled {
        return Err(LightClientError::WrongFork { labelled, expected, slot });
    }
    Ok(())
}

fn decode_envelope_json<const S: usize>(
    cfg: &NetworkConfig,
    kind: ObjectKind,
    envelope: &Envelope<'_>,
    object: &str,
) -> Result<Decoded<S>, LightClientError> {
    let fork =
        Fork::from_name(&envelope.version).ok_or_else(|| LightClientError::UnknownFork(envelope.version.clone()))?;
    let text = envelope.data.get();
    let decoded = with_fork_module!(fork, m => match kind {
        ObjectKind::Bootstrap => parse_json::<m::LightClientBootstrap<S>>(text, object).map(|b| Decoded::Bootstrap(b.into_data(fork))),
        ObjectKind::Update => parse_json::<m::LightClientUpdate<S>>(text, object).map(|u| Decoded::Update(u.into_data(fork))),
        ObjectKind::FinalityUpdate => parse_json::<m::LightClientFinalityUpdate<S>>(text, object).map(|u| Decoded::Update(u.into_data(fork))),
        ObjectKind::OptimisticUpdate => parse_json::<m::LightClientOptimisticUpdate<S>>(text, object).map(|u| Decoded::Update(u.into_data(fork))),
    })?;
    check_label(cfg, fork, decoded.slot())?;
    Ok(decoded)
}

fn decode_ssz_as<const S: usize>(
    kind: ObjectKind,
    fork: Fork,
    bytes: &[u8],
    object: &str,
) -> Result<Decoded<S>, LightClientError> {
    with_fork_module!(fork, m => match kind {
        ObjectKind::Bootstrap => <m::LightClientBootstrap<S> as ssz_rs::Deserialize>::deserialize(bytes).map(|b| Decoded::Bootstrap(b.into_data(fork))).map_err(|e| malformed_ssz(object, e)),
        ObjectKind::Update => <m::LightClientUpdate<S> as ssz_rs::Deserialize>::deserialize(bytes).map(|u| Decoded::Update(u.into_data(fork))).map_err(|e| malformed_ssz(object, e)),
        ObjectKind::FinalityUpdate => <m::LightClientFinalityUpdate<S> as ssz_rs::Deserialize>::deserialize(bytes).map(|u| Decoded::Update(u.into_data(fork))).map_err(|e| malformed_ssz(object, e)),
        ObjectKind::OptimisticUpdate => <m::LightClientOptimisticUpdate<S> as ssz_rs::Deserialize>::deserialize(bytes).map(|u| Decoded::Update(u.into_data(fork))).map_err(|e| malformed_ssz(object, e)),
    })
}

/// A decoded object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded<const S: usize> {
    Bootstrap(LightClientBootstrap<S>),
    Update(LightClientUpdate<S>),
}

impl<const S: usize> Decoded<S> {
    /// The slot that decides the fork: the bootstrap header's, or the attested header's.
    pub fn slot(&self) -> u64 {
        match self {
            Decoded::Bootstrap(b) => b.header.slot(),
            Decoded::Update(u) => u.attested_header.slot(),
        }
    }

    fn into_bootstrap(self, object: &str) -> Result<LightClientBootstrap<S>, LightClientError> {
        match self {
            Decoded::Bootstrap(b) => Ok(b),
            Decoded::Update(_) => Err(malformed_json(object, "expected a bootstrap")),
        }
    }

    fn into_update(self, object: &str) -> Result<LightClientUpdate<S>, LightClientError> {
        match self {
            Decoded::Update(u) => Ok(u),
            Decoded::Bootstrap(_) => Err(malformed_json(object, "expected an update")),
        }
    }
}

/// Decode raw SSZ. With `fork` given (from an `Eth-Consensus-Version` header
/// or a fork digest) the bytes are read as that fork's container; without it
/// the fork is the one whose container decodes to a slot of that fork.
pub fn decode_ssz<const S: usize>(
    cfg: &NetworkConfig,
    kind: ObjectKind,
    bytes: &[u8],
    fork: Option<Fork>,
    object: &str,
) -> Result<Decoded<S>, LightClientError> {
    if let Some(fork) = fork {
        return decode_ssz_as(kind, fork, bytes, object);
    }
    let mut first_error = None;
    for fork in Fork::ALL.into_iter().filter(|f| f.header_layout().is_some()) {
        match decode_ssz_as::<S>(kind, fork, bytes, object) {
            Ok(decoded) if cfg.fork_at_slot(decoded.slot()) == fork => return Ok(decoded),
            Ok(_) => {}
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or_else(|| malformed_ssz(object, "no fork's container matches the slot it holds")))
}

/// Decode one Beacon-API JSON object `{version, data}`.
pub fn decode_json<const S: usize>(
    cfg: &NetworkConfig,
    kind: ObjectKind,
    text: &str,
    object: &str,
) -> Result<Decoded<S>, LightClientError> {
    let envelope: Envelope<'_> = parse_json(text, object)?;
    decode_envelope_json(cfg, kind, &envelope, object)
}

/// Decode a JSON array of `{version, data}` updates, as
/// `/eth/v1/beacon/light_client/updates` returns it. A single object is accepted too.
pub fn decode_updates_json<const S: usize>(
    cfg: &NetworkConfig,
    text: &str,
    object: &str,
) -> Result<Vec<LightClientUpdate<S>>, LightClientError> {
    let trimmed = text.trim_start();
    if !trimmed.starts_with('[') {
        return Ok(vec![decode_json::<S>(cfg, ObjectKind::Update, text, object)?.into_update(object)?]);
    }
    let envelopes: Vec<Envelope<'_>> = parse_json(text, object)?;
    envelopes
        .iter()
        .enumerate()
        .map(|(i, env)| {
            let name = format!("{object}[{i}]");
            decode_envelope_json::<S>(cfg, ObjectKind::Update, env, &name)?.into_update(&name)
        })
        .collect()
}

/// Whether bytes look like JSON (first non-space byte `{` or `[`).
pub fn looks_like_json(bytes: &[u8]) -> bool {
    bytes.iter().find(|b| !b.is_ascii_whitespace()).is_some_and(|b| *b == b'{' || *b == b'[')
}

/// Decode a bootstrap from JSON or SSZ (detected from the content).
pub fn decode_bootstrap<const S: usize>(
    cfg: &NetworkConfig,
    bytes: &[u8],
    object: &str,
) -> Result<LightClientBootstrap<S>, LightClientError> {
    if looks_like_json(bytes) {
        let text = std::str::from_utf8(bytes).map_err(|e| malformed_json(object, e))?;
        decode_json::<S>(cfg, ObjectKind::Bootstrap, text, object)?.into_bootstrap(object)
    } else {
        decode_ssz::<S>(cfg, ObjectKind::Bootstrap, bytes, None, object)?.into_bootstrap(object)
    }
}

/// Decode updates of `kind` from JSON (an array for `Update`) or SSZ (one object).
pub fn decode_updates<const S: usize>(
    cfg: &NetworkConfig,
    kind: ObjectKind,
    bytes: &[u8],
    object: &str,
) -> Result<Vec<LightClientUpdate<S>>, LightClientError> {
    if looks_like_json(bytes) {
        let text = std::str::from_utf8(bytes).map_err(|e| malformed_json(object, e))?;
        if kind == ObjectKind::Update {
            return decode_updates_json::<S>(cfg, text, object);
        }
        return Ok(vec![decode_json::<S>(cfg, kind, text, object)?.into_update(object)?]);
    }
    Ok(vec![decode_ssz::<S>(cfg, kind, bytes, None, object)?.into_update(object)?])
}
