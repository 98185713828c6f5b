//! Decoding light-client objects from Beacon-API JSON (`{version, data}`)
//! and from raw SSZ, into the fork-independent types of [`crate::data`].

use crate::config::{Fork, NetworkConfig};
use crate::containers::{
    parse_json, Body, ForkedBootstrap, ForkedFinalityUpdate, ForkedOptimisticUpdate, ForkedUpdate,
};
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

#[derive(serde::Deserialize)]
struct Envelope<'a> {
    version: String,
    #[serde(borrow)]
    data: &'a RawValue,
}

/// Check that data labelled `labelled` belongs to the fork of `slot`.
fn check_label(cfg: &NetworkConfig, labelled: Fork, slot: u64) -> Result<(), LightClientError> {
    let expected = cfg.fork_at_slot(slot);
    if expected != labelled {
        return Err(LightClientError::WrongFork { labelled, expected, slot });
    }
    Ok(())
}

impl ObjectKind {
    /// The Beacon API's name for this kind: `bootstrap`, `update`, `finality_update`, `optimistic_update`.
    pub fn name(self) -> &'static str {
        match self {
            ObjectKind::Bootstrap => "bootstrap",
            ObjectKind::Update => "update",
            ObjectKind::FinalityUpdate => "finality_update",
            ObjectKind::OptimisticUpdate => "optimistic_update",
        }
    }

    /// Read `data` (the `data` member of an envelope, JSON) or raw SSZ as this kind in `fork`.
    fn decode<const S: usize>(self, fork: Fork, body: Body<'_>, object: &str) -> Result<Decoded<S>, LightClientError> {
        Ok(match self {
            ObjectKind::Bootstrap => Decoded::Bootstrap(ForkedBootstrap::<S>::decode(body, fork, object)?.into_data()),
            ObjectKind::Update => Decoded::Update(ForkedUpdate::<S>::decode(body, fork, object)?.into_data()),
            ObjectKind::FinalityUpdate => {
                Decoded::Update(ForkedFinalityUpdate::<S>::decode(body, fork, object)?.into_data())
            }
            ObjectKind::OptimisticUpdate => {
                Decoded::Update(ForkedOptimisticUpdate::<S>::decode(body, fork, object)?.into_data())
            }
        })
    }
}

fn decode_envelope_json<const S: usize>(
    cfg: &NetworkConfig,
    kind: ObjectKind,
    envelope: &Envelope<'_>,
    object: &str,
) -> Result<Decoded<S>, LightClientError> {
    let fork =
        Fork::from_name(&envelope.version).ok_or_else(|| LightClientError::UnknownFork(envelope.version.clone()))?;
    let decoded = kind.decode::<S>(fork, Body::Json(envelope.data.get()), object)?;
    check_label(cfg, fork, decoded.slot())?;
    Ok(decoded)
}

fn decode_ssz_as<const S: usize>(
    kind: ObjectKind,
    fork: Fork,
    bytes: &[u8],
    object: &str,
) -> Result<Decoded<S>, LightClientError> {
    kind.decode(fork, Body::Ssz(bytes), object)
}

/// SSZ bytes of `kind` in `fork`'s containers as a Beacon-API `{version, data}` JSON value.
pub fn ssz_to_json<const S: usize>(
    kind: ObjectKind,
    fork: Fork,
    bytes: &[u8],
    object: &str,
) -> Result<serde_json::Value, LightClientError> {
    let json =
        |r: Result<serde_json::Value, serde_json::Error>| r.map_err(|e| LightClientError::malformed_json(object, e));
    match kind {
        ObjectKind::Bootstrap => json(serde_json::to_value(ForkedBootstrap::<S>::from_ssz_bytes(bytes, fork, object)?)),
        ObjectKind::Update => json(serde_json::to_value(ForkedUpdate::<S>::from_ssz_bytes(bytes, fork, object)?)),
        ObjectKind::FinalityUpdate => {
            json(serde_json::to_value(ForkedFinalityUpdate::<S>::from_ssz_bytes(bytes, fork, object)?))
        }
        ObjectKind::OptimisticUpdate => {
            json(serde_json::to_value(ForkedOptimisticUpdate::<S>::from_ssz_bytes(bytes, fork, object)?))
        }
    }
}

/// A Beacon-API `{version, data}` JSON value of `kind` as SSZ, with the fork it is labelled with.
pub fn json_to_ssz<const S: usize>(
    kind: ObjectKind,
    envelope: &serde_json::Value,
    object: &str,
) -> Result<(Fork, Vec<u8>), LightClientError> {
    fn encode<T: serde::de::DeserializeOwned>(
        envelope: &serde_json::Value,
        object: &str,
        fork: impl Fn(&T) -> Fork,
        to_ssz: impl Fn(&T) -> Result<Vec<u8>, LightClientError>,
    ) -> Result<(Fork, Vec<u8>), LightClientError> {
        let value = T::deserialize(envelope).map_err(|e| LightClientError::malformed_json(object, e))?;
        Ok((fork(&value), to_ssz(&value)?))
    }
    match kind {
        ObjectKind::Bootstrap => encode(envelope, object, ForkedBootstrap::<S>::fork, |v| v.to_ssz(object)),
        ObjectKind::Update => encode(envelope, object, ForkedUpdate::<S>::fork, |v| v.to_ssz(object)),
        ObjectKind::FinalityUpdate => encode(envelope, object, ForkedFinalityUpdate::<S>::fork, |v| v.to_ssz(object)),
        ObjectKind::OptimisticUpdate => {
            encode(envelope, object, ForkedOptimisticUpdate::<S>::fork, |v| v.to_ssz(object))
        }
    }
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
            Decoded::Update(_) => Err(LightClientError::malformed_json(object, "expected a bootstrap")),
        }
    }

    fn into_update(self, object: &str) -> Result<LightClientUpdate<S>, LightClientError> {
        match self {
            Decoded::Update(u) => Ok(u),
            Decoded::Bootstrap(_) => Err(LightClientError::malformed_json(object, "expected an update")),
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
    Err(first_error
        .unwrap_or_else(|| LightClientError::malformed_ssz(object, "no fork's container matches the slot it holds")))
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
        let text = std::str::from_utf8(bytes).map_err(|e| LightClientError::malformed_json(object, e))?;
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
        let text = std::str::from_utf8(bytes).map_err(|e| LightClientError::malformed_json(object, e))?;
        if kind == ObjectKind::Update {
            return decode_updates_json::<S>(cfg, text, object);
        }
        return Ok(vec![decode_json::<S>(cfg, kind, text, object)?.into_update(object)?]);
    }
    Ok(vec![decode_ssz::<S>(cfg, kind, bytes, None, object)?.into_update(object)?])
}
