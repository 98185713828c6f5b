//! Light-client objects between raw SSZ and Beacon-API JSON (`{version,
//! data}`), through `lucid-core`'s containers. Recording uses it to write SSZ
//! responses in the JSON form `lucid verify` reads; the fake beacon node uses
//! it to serve JSON files as SSZ.

use lucid_core::containers;
use lucid_core::decode::ObjectKind;
use lucid_core::Fork;

/// A conversion that could not be done.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConvertError {
    #[error("fork {0} has no light-client containers")]
    NoContainers(Fork),
    #[error("unknown fork {0:?}")]
    UnknownFork(String),
    #[error("cannot decode SSZ: {0}")]
    Ssz(String),
    #[error("cannot encode SSZ: {0}")]
    SszEncode(String),
    #[error("JSON: {0}")]
    Json(String),
}

macro_rules! by_fork {
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
            Fork::Phase0 => Err(ConvertError::NoContainers(Fork::Phase0)),
        }
    };
}

fn from_ssz<T: ssz_rs::Deserialize + serde::Serialize>(bytes: &[u8]) -> Result<serde_json::Value, ConvertError> {
    let value = T::deserialize(bytes).map_err(|e| ConvertError::Ssz(format!("{e:?}")))?;
    serde_json::to_value(&value).map_err(|e| ConvertError::Json(e.to_string()))
}

fn to_ssz<T: ssz_rs::Serialize + serde::de::DeserializeOwned>(
    data: &serde_json::Value,
) -> Result<Vec<u8>, ConvertError> {
    let value: T = serde_json::from_value(data.clone()).map_err(|e| ConvertError::Json(e.to_string()))?;
    let mut out = Vec::new();
    value.serialize(&mut out).map_err(|e| ConvertError::SszEncode(format!("{e:?}")))?;
    Ok(out)
}

/// Decode SSZ bytes of `kind` in `fork`'s containers into a `{version, data}` JSON value.
pub fn ssz_to_json<const S: usize>(
    kind: ObjectKind,
    fork: Fork,
    bytes: &[u8],
) -> Result<serde_json::Value, ConvertError> {
    let data = by_fork!(fork, m => match kind {
        ObjectKind::Bootstrap => from_ssz::<m::LightClientBootstrap<S>>(bytes),
        ObjectKind::Update => from_ssz::<m::LightClientUpdate<S>>(bytes),
        ObjectKind::FinalityUpdate => from_ssz::<m::LightClientFinalityUpdate<S>>(bytes),
        ObjectKind::OptimisticUpdate => from_ssz::<m::LightClientOptimisticUpdate<S>>(bytes),
    })?;
    Ok(serde_json::json!({ "version": fork.name(), "data": data }))
}

/// Encode a `{version, data}` JSON value of `kind` as SSZ; returns the fork too.
pub fn json_to_ssz<const S: usize>(
    kind: ObjectKind,
    envelope: &serde_json::Value,
) -> Result<(Fork, Vec<u8>), ConvertError> {
    let version = envelope
        .get("version")
        .and_then(|v| v.as_str())
        .ok_or_else(|| ConvertError::Json("missing \"version\"".into()))?;
    let fork = Fork::from_name(version).ok_or_else(|| ConvertError::UnknownFork(version.to_string()))?;
    let data = envelope.get("data").ok_or_else(|| ConvertError::Json("missing \"data\"".into()))?;
    let bytes = by_fork!(fork, m => match kind {
        ObjectKind::Bootstrap => to_ssz::<m::LightClientBootstrap<S>>(data),
        ObjectKind::Update => to_ssz::<m::LightClientUpdate<S>>(data),
        ObjectKind::FinalityUpdate => to_ssz::<m::LightClientFinalityUpdate<S>>(data),
        ObjectKind::OptimisticUpdate => to_ssz::<m::LightClientOptimisticUpdate<S>>(data),
    })?;
    Ok((fork, bytes))
}
