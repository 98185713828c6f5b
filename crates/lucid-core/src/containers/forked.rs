//! Fork-tagged light-client objects: one enum per container, with a variant per fork that has
//! light-client data. This is the one place that maps a [`Fork`] to its container module; every
//! decoder and encoder (SSZ and the Beacon-API `{version, data}` JSON) goes through these enums.

use super::offsets::CheckOffsets;
use super::{altair, capella, deneb, electra, gloas};
use crate::config::Fork;
use crate::data::{LightClientBootstrap, LightClientUpdate};
use crate::error::LightClientError;

/// Parse JSON text into `T`, naming the failing field path.
pub(crate) fn parse_json<'a, T: serde::Deserialize<'a>>(text: &'a str, object: &str) -> Result<T, LightClientError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        LightClientError::malformed_json(object, format!("at `{path}`: {}", e.into_inner()))
    })?;
    de.end().map_err(|e| LightClientError::malformed_json(object, e))?;
    Ok(value)
}

/// The encoded body of one object: the JSON text of an envelope's `data`, or raw SSZ.
#[derive(Debug, Clone, Copy)]
pub enum Body<'a> {
    Json(&'a str),
    Ssz(&'a [u8]),
}

impl Body<'_> {
    /// Decode the body as container `T`. `object` names the input in errors.
    /// SSZ offsets are checked first ([`CheckOffsets`]): `ssz_rs` trusts them.
    fn read<T>(self, object: &str) -> Result<T, LightClientError>
    where
        T: ssz_rs::Deserialize + serde::de::DeserializeOwned + CheckOffsets,
    {
        match self {
            Body::Json(text) => parse_json(text, object),
            Body::Ssz(bytes) => {
                T::check_offsets(bytes).map_err(|reason| LightClientError::malformed_ssz(object, reason))?;
                <T as ssz_rs::Deserialize>::deserialize(bytes)
                    .map_err(|e| LightClientError::malformed_ssz(object, format!("{e:?}")))
            }
        }
    }
}

fn to_ssz<T: ssz_rs::Serialize>(value: &T, object: &str) -> Result<Vec<u8>, LightClientError> {
    let mut out = Vec::new();
    value.serialize(&mut out).map_err(|e| LightClientError::malformed_ssz(object, format!("cannot encode: {e:?}")))?;
    Ok(out)
}

/// Writes one fork-tagged enum over the per-fork containers named `$container`.
macro_rules! forked {
    ($(#[$doc:meta])* $name:ident, $container:ident, $data:ident) => {
        $(#[$doc])*
        ///
        /// Serde reads and writes the Beacon-API envelope `{"version": "<fork>", "data": {…}}`.
        #[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(tag = "version", content = "data", rename_all = "lowercase")]
        pub enum $name<const S: usize> {
            Altair(altair::$container<S>),
            Bellatrix(altair::$container<S>),
            Capella(capella::$container<S>),
            Deneb(deneb::$container<S>),
            Electra(electra::$container<S>),
            Fulu(electra::$container<S>),
            Gloas(gloas::$container<S>),
        }

        impl<const S: usize> $name<S> {
            /// The fork this object is tagged with.
            pub fn fork(&self) -> Fork {
                match self {
                    Self::Altair(_) => Fork::Altair,
                    Self::Bellatrix(_) => Fork::Bellatrix,
                    Self::Capella(_) => Fork::Capella,
                    Self::Deneb(_) => Fork::Deneb,
                    Self::Electra(_) => Fork::Electra,
                    Self::Fulu(_) => Fork::Fulu,
                    Self::Gloas(_) => Fork::Gloas,
                }
            }

            /// Decode `body` as `fork`'s container. `object` names the input in errors (with the
            /// failing field path for JSON).
            pub fn decode(body: Body<'_>, fork: Fork, object: &str) -> Result<Self, LightClientError> {
                Ok(match fork {
                    Fork::Phase0 => return Err(LightClientError::NoLightClientData(fork)),
                    Fork::Altair => Self::Altair(body.read(object)?),
                    Fork::Bellatrix => Self::Bellatrix(body.read(object)?),
                    Fork::Capella => Self::Capella(body.read(object)?),
                    Fork::Deneb => Self::Deneb(body.read(object)?),
                    Fork::Electra => Self::Electra(body.read(object)?),
                    Fork::Fulu => Self::Fulu(body.read(object)?),
                    Fork::Gloas => Self::Gloas(body.read(object)?),
                })
            }

            /// Decode raw SSZ as `fork`'s container. `object` names the input in errors.
            pub fn from_ssz_bytes(bytes: &[u8], fork: Fork, object: &str) -> Result<Self, LightClientError> {
                Self::decode(Body::Ssz(bytes), fork, object)
            }

            /// The SSZ encoding of the container (without the fork, which travels beside it).
            pub fn to_ssz(&self, object: &str) -> Result<Vec<u8>, LightClientError> {
                match self {
                    Self::Altair(c) | Self::Bellatrix(c) => to_ssz(c, object),
                    Self::Capella(c) => to_ssz(c, object),
                    Self::Deneb(c) => to_ssz(c, object),
                    Self::Electra(c) | Self::Fulu(c) => to_ssz(c, object),
                    Self::Gloas(c) => to_ssz(c, object),
                }
            }

            /// The fork-independent form the store works with.
            pub fn into_data(self) -> $data<S> {
                let fork = self.fork();
                match self {
                    Self::Altair(c) | Self::Bellatrix(c) => c.into_data(fork),
                    Self::Capella(c) => c.into_data(fork),
                    Self::Deneb(c) => c.into_data(fork),
                    Self::Electra(c) | Self::Fulu(c) => c.into_data(fork),
                    Self::Gloas(c) => c.into_data(fork),
                }
            }
        }
    };
}

forked!(
    /// `LightClientBootstrap` of any fork.
    ForkedBootstrap,
    LightClientBootstrap,
    LightClientBootstrap
);
forked!(
    /// `LightClientUpdate` of any fork.
    ForkedUpdate,
    LightClientUpdate,
    LightClientUpdate
);
forked!(
    /// `LightClientFinalityUpdate` of any fork.
    ForkedFinalityUpdate,
    LightClientFinalityUpdate,
    LightClientUpdate
);
forked!(
    /// `LightClientOptimisticUpdate` of any fork.
    ForkedOptimisticUpdate,
    LightClientOptimisticUpdate,
    LightClientUpdate
);
