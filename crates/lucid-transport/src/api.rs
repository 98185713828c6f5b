//! The Beacon API light-client endpoints over any [`HttpTransport`]:
//!
//! * `GET /eth/v1/beacon/light_client/bootstrap/{block_root}`
//! * `GET /eth/v1/beacon/light_client/updates?start_period&count`
//! * `GET /eth/v1/beacon/light_client/finality_update`
//! * `GET /eth/v1/beacon/light_client/optimistic_update`
//! * `GET /eth/v1/events?topics=light_client_finality_update,light_client_optimistic_update`
//!
//! JSON (`{version, data}`) or SSZ (`Accept: application/octet-stream`; the
//! fork in `Eth-Consensus-Version`). An SSZ `updates` response is a sequence
//! of `response_chunk`s, each `[u64 little-endian length][4-byte fork digest][SSZ]`
//! where the length counts the digest and the SSZ (beacon-APIs
//! `apis/beacon/light_client/updates.yaml`). Each chunk's fork digest must be
//! `compute_fork_digest` of the epoch of the update's attested header (the
//! light-client p2p interface's context epoch); any other digest is refused
//! with [`LightClientError::WrongForkDigest`]. Every request has a timeout, a
//! size limit and retries with backoff ([`RequestPolicy`]).

use crate::clock::Stopwatch;
use crate::error::TransportError;
use crate::policy::RequestPolicy;
use crate::transport::{EventStream, HttpTransport, RawResponse, Request};
use crate::{Encoding, S};
use lucid_core::data::{LightClientBootstrap, LightClientUpdate};
use lucid_core::decode::{decode_json, decode_ssz, looks_like_json, ssz_to_json, Decoded, ObjectKind};
use lucid_core::store::compute_fork_digest;
use lucid_core::{Fork, LightClientError, NetworkConfig, Root};
use serde_json::value::RawValue;
use std::time::Duration;

/// `MAX_REQUEST_LIGHT_CLIENT_UPDATES`: the most updates one request may ask for.
pub const MAX_REQUEST_LIGHT_CLIENT_UPDATES: u64 = 128;

/// The event-stream path for both light-client topics.
pub const EVENTS_PATH: &str = "/eth/v1/events?topics=light_client_finality_update,light_client_optimistic_update";

/// Event name of finality updates on the event stream.
pub const FINALITY_EVENT: &str = "light_client_finality_update";
/// Event name of optimistic updates on the event stream.
pub const OPTIMISTIC_EVENT: &str = "light_client_optimistic_update";

/// One light-client object as an endpoint served it, not yet verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// What was asked for.
    pub kind: ObjectKind,
    /// How the bytes are encoded (an endpoint may answer JSON to an SSZ request).
    pub encoding: Encoding,
    /// The fork the endpoint labelled the SSZ with (header or fork digest), if any.
    pub fork_label: Option<String>,
    /// The fork digest (context bytes) the endpoint sent before the SSZ, for
    /// the chunks of an SSZ `updates` response; checked when decoding.
    pub fork_digest: Option<[u8; 4]>,
    /// The body: one JSON object, or one SSZ object.
    pub bytes: Vec<u8>,
}

impl Fetched {
    fn decode_any(&self, cfg: &NetworkConfig, object: &str) -> Result<Decoded<S>, LightClientError> {
        if self.encoding == Encoding::Json {
            let text = std::str::from_utf8(&self.bytes)
                .map_err(|e| LightClientError::MalformedJson { object: object.into(), reason: e.to_string() })?;
            return decode_json::<S>(cfg, self.kind, text, object);
        }
        let fork = match &self.fork_label {
            Some(label) => Some(Fork::from_name(label).ok_or_else(|| LightClientError::UnknownFork(label.clone()))?),
            None => None,
        };
        let decoded = decode_ssz::<S>(cfg, self.kind, &self.bytes, fork, object)?;
        if let Some(digest) = self.fork_digest {
            check_fork_digest(cfg, digest, decoded.slot())?;
        }
        if let Some(labelled) = fork {
            let expected = cfg.fork_at_slot(decoded.slot());
            if expected != labelled {
                return Err(LightClientError::WrongFork { labelled, expected, slot: decoded.slot() });
            }
        }
        Ok(decoded)
    }

    /// Decode as an update (any of the three update kinds). Errors are the core's.
    pub fn decode_update(&self, cfg: &NetworkConfig) -> Result<LightClientUpdate<S>, LightClientError> {
        let object = self.kind.name();
        match self.decode_any(cfg, object)? {
            Decoded::Update(u) => Ok(u),
            Decoded::Bootstrap(_) => {
                Err(LightClientError::MalformedJson { object: object.into(), reason: "expected an update".into() })
            }
        }
    }

    /// Decode as a bootstrap. Errors are the core's.
    pub fn decode_bootstrap(&self, cfg: &NetworkConfig) -> Result<LightClientBootstrap<S>, LightClientError> {
        match self.decode_any(cfg, "bootstrap")? {
            Decoded::Bootstrap(b) => Ok(b),
            Decoded::Update(_) => Err(LightClientError::MalformedJson {
                object: "bootstrap".into(),
                reason: "expected a bootstrap".into(),
            }),
        }
    }

    /// The object as a Beacon-API JSON value `{version, data}`: JSON as served,
    /// SSZ converted (its fork from the label, else from the slot it holds).
    pub fn to_json(&self, cfg: &NetworkConfig) -> Result<serde_json::Value, LightClientError> {
        let object = self.kind.name();
        if self.encoding == Encoding::Json {
            return serde_json::from_slice(&self.bytes).map_err(|e| LightClientError::malformed_json(object, e));
        }
        let fork = match &self.fork_label {
            Some(label) => Fork::from_name(label).ok_or_else(|| LightClientError::UnknownFork(label.clone()))?,
            None => cfg.fork_at_slot(decode_ssz::<S>(cfg, self.kind, &self.bytes, None, object)?.slot()),
        };
        ssz_to_json::<S>(self.kind, fork, &self.bytes, object)
    }
}

/// One chunk of an SSZ `updates` body: the fork digest and the update's SSZ bytes.
pub type UpdateChunk<'a> = ([u8; 4], &'a [u8]);

/// Split an SSZ `updates` body into its chunks.
pub fn split_update_chunks(body: &[u8]) -> Result<Vec<UpdateChunk<'_>>, String> {
    let mut chunks = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let Some((len_bytes, after)) = rest.split_first_chunk::<8>() else {
            return Err(format!("chunk {}: {} bytes left, too few for a length prefix", chunks.len(), rest.len()));
        };
        let len = u64::from_le_bytes(*len_bytes);
        if len < 4 || len > after.len() as u64 {
            return Err(format!("chunk {}: length {len} but {} bytes follow", chunks.len(), after.len()));
        }
        let (chunk, tail) = after.split_at(len as usize);
        let (digest, payload) = chunk.split_at(4);
        chunks.push((digest.try_into().unwrap_or_default(), payload));
        rest = tail;
    }
    Ok(chunks)
}

/// The fork of the epoch whose `compute_fork_digest` on `cfg` is `digest`, if
/// the network uses that digest at all: every fork's, and from Fulu on every
/// blob-parameter fork's ([`NetworkConfig::fork_digest_epochs`]).
pub fn fork_of_digest(cfg: &NetworkConfig, digest: [u8; 4]) -> Option<Fork> {
    cfg.fork_digest_epochs()
        .into_iter()
        .rev()
        .find(|epoch| compute_fork_digest(cfg, *epoch) == digest)
        .map(|epoch| cfg.fork_at_epoch(epoch))
}

/// Check a chunk's context bytes: `digest` must be `compute_fork_digest` of
/// the epoch of `slot` (the attested header's slot for updates, the header's
/// for a bootstrap).
pub fn check_fork_digest(cfg: &NetworkConfig, digest: [u8; 4], slot: u64) -> Result<(), LightClientError> {
    let epoch = cfg.epoch_at_slot(slot);
    let expected = compute_fork_digest(cfg, epoch);
    if digest != expected {
        return Err(LightClientError::WrongForkDigest { digest, expected, slot, epoch });
    }
    Ok(())
}

/// A response together with how long it took.
#[derive(Debug, Clone)]
pub struct Timed<T> {
    /// The result.
    pub value: T,
    /// Time from the first attempt to the final answer, retries included.
    pub latency: Duration,
    /// Attempts made.
    pub attempts: u32,
}

/// One Beacon API endpoint: a transport plus its request policy.
#[derive(Debug, Clone)]
pub struct Endpoint<T> {
    transport: T,
    policy: RequestPolicy,
}

impl<T: HttpTransport> Endpoint<T> {
    /// An endpoint over `transport`, with `policy`.
    pub fn new(transport: T, policy: RequestPolicy) -> Self {
        Endpoint { transport, policy }
    }

    /// The endpoint's base URL.
    pub fn url(&self) -> &str {
        self.transport.base_url()
    }

    /// The request policy.
    pub fn policy(&self) -> &RequestPolicy {
        &self.policy
    }

    async fn get(&self, path: &str, accept: Encoding, max_bytes: usize) -> Timed<Result<RawResponse, TransportError>> {
        let watch = Stopwatch::start();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result =
                self.transport.get(Request { path, accept, timeout: self.policy.timeout, max_bytes, body: None }).await;
            match result {
                Err(e) if e.is_retryable() && attempt < self.policy.attempts.max(1) => {
                    crate::sleep(self.policy.backoff_for(attempt)).await;
                }
                other => return Timed { value: other, latency: watch.elapsed(), attempts: attempt },
            }
        }
    }

    fn single(kind: ObjectKind, accept: Encoding, resp: RawResponse) -> Fetched {
        let encoding =
            if accept == Encoding::Json || looks_like_json(&resp.body) { Encoding::Json } else { Encoding::Ssz };
        Fetched { kind, encoding, fork_label: resp.consensus_version, fork_digest: None, bytes: resp.body }
    }

    async fn object(&self, kind: ObjectKind, path: &str, accept: Encoding) -> Timed<Result<Fetched, TransportError>> {
        let t = self.get(path, accept, self.policy.max_object_bytes).await;
        Timed { value: t.value.map(|r| Self::single(kind, accept, r)), latency: t.latency, attempts: t.attempts }
    }

    /// `bootstrap/{block_root}` (`block_root` as `0x…` hex).
    pub async fn bootstrap(&self, block_root: &Root, accept: Encoding) -> Timed<Result<Fetched, TransportError>> {
        let path = format!("/eth/v1/beacon/light_client/bootstrap/{block_root}");
        self.object(ObjectKind::Bootstrap, &path, accept).await
    }

    /// `finality_update`.
    pub async fn finality_update(&self, accept: Encoding) -> Timed<Result<Fetched, TransportError>> {
        self.object(ObjectKind::FinalityUpdate, "/eth/v1/beacon/light_client/finality_update", accept).await
    }

    /// `optimistic_update`.
    pub async fn optimistic_update(&self, accept: Encoding) -> Timed<Result<Fetched, TransportError>> {
        self.object(ObjectKind::OptimisticUpdate, "/eth/v1/beacon/light_client/optimistic_update", accept).await
    }

    /// `updates?start_period&count`, split into one [`Fetched`] per update.
    /// `count` is capped at [`MAX_REQUEST_LIGHT_CLIENT_UPDATES`]; extra
    /// updates beyond `count` are dropped.
    pub async fn updates(
        &self,
        cfg: &NetworkConfig,
        start_period: u64,
        count: u64,
        accept: Encoding,
    ) -> Timed<Result<Vec<Fetched>, TransportError>> {
        let count = count.clamp(1, MAX_REQUEST_LIGHT_CLIENT_UPDATES);
        let path = format!("/eth/v1/beacon/light_client/updates?start_period={start_period}&count={count}");
        let t = self.get(&path, accept, self.policy.updates_limit(count)).await;
        let url = format!("{}{}", self.url(), path);
        let value = t.value.and_then(|resp| {
            let mut list = if looks_like_json(&resp.body) {
                split_json_array(resp.body)
            } else if accept == Encoding::Json {
                // Not JSON although JSON was asked for: let the core name the problem.
                vec![Fetched {
                    kind: ObjectKind::Update,
                    encoding: Encoding::Json,
                    fork_label: None,
                    fork_digest: None,
                    bytes: resp.body,
                }]
            } else {
                let chunks = split_update_chunks(&resp.body)
                    .map_err(|reason| TransportError::Malformed { url: url.clone(), reason })?;
                chunks
                    .into_iter()
                    .map(|(digest, ssz)| Fetched {
                        kind: ObjectKind::Update,
                        encoding: Encoding::Ssz,
                        fork_label: fork_of_digest(cfg, digest).map(|f| f.name().to_string()),
                        fork_digest: Some(digest),
                        bytes: ssz.to_vec(),
                    })
                    .collect()
            };
            list.truncate(count as usize);
            Ok(list)
        });
        Timed { value, latency: t.latency, attempts: t.attempts }
    }

    /// Open the light-client event stream.
    pub async fn events(&self) -> Result<EventStream, TransportError> {
        self.transport
            .events(EVENTS_PATH, self.policy.timeout, self.policy.event_idle_timeout, self.policy.max_event_bytes)
            .await
    }
}

/// Split a JSON array body into one [`Fetched`] per element. A body that is
/// not an array is kept whole, for the core to judge.
fn split_json_array(body: Vec<u8>) -> Vec<Fetched> {
    let whole = |bytes| {
        vec![Fetched { kind: ObjectKind::Update, encoding: Encoding::Json, fork_label: None, fork_digest: None, bytes }]
    };
    match serde_json::from_slice::<Vec<Box<RawValue>>>(&body) {
        Ok(items) => items
            .into_iter()
            .map(|raw| Fetched {
                kind: ObjectKind::Update,
                encoding: Encoding::Json,
                fork_label: None,
                fork_digest: None,
                bytes: raw.get().as_bytes().to_vec(),
            })
            .collect(),
        Err(_) => whole(body),
    }
}

/// Decode an event-stream payload (`{version, data}` JSON) of `event`.
pub fn event_to_fetched(event: &str, data: &str) -> Option<Fetched> {
    let kind = match event {
        FINALITY_EVENT => ObjectKind::FinalityUpdate,
        OPTIMISTIC_EVENT => ObjectKind::OptimisticUpdate,
        _ => return None,
    };
    Some(Fetched {
        kind,
        encoding: Encoding::Json,
        fork_label: None,
        fork_digest: None,
        bytes: data.as_bytes().to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_chunks_and_refuses_truncation() {
        let mut body = Vec::new();
        for payload in [&b"abc"[..], &b"defgh"[..]] {
            body.extend_from_slice(&(4 + payload.len() as u64).to_le_bytes());
            body.extend_from_slice(&[1, 2, 3, 4]);
            body.extend_from_slice(payload);
        }
        let chunks = split_update_chunks(&body).unwrap();
        assert_eq!(chunks, vec![([1, 2, 3, 4], &b"abc"[..]), ([1, 2, 3, 4], &b"defgh"[..])]);
        assert!(split_update_chunks(&body[..body.len() - 1]).is_err());
        assert!(split_update_chunks(&body[..5]).is_err());
        assert_eq!(split_update_chunks(&[]).unwrap(), vec![]);
    }

    #[test]
    fn capella_digest_maps_to_capella() {
        let cfg = NetworkConfig::mainnet();
        let digest = compute_fork_digest(&cfg, cfg.fork_epoch(Fork::Capella));
        assert_eq!(fork_of_digest(&cfg, digest), Some(Fork::Capella));
        assert_eq!(fork_of_digest(&cfg, [0xde, 0xad, 0xbe, 0xef]), None);
    }

    #[test]
    fn blob_parameter_digests_map_to_fulu() {
        let cfg = NetworkConfig::mainnet();
        for bpo in &cfg.blob_schedule {
            assert_eq!(fork_of_digest(&cfg, compute_fork_digest(&cfg, bpo.epoch)), Some(Fork::Fulu));
        }
        // Fulu's version without the blob-parameter mask is no digest mainnet uses.
        let unmasked =
            lucid_core::store::compute_fork_data_digest(cfg.fork_version(Fork::Fulu), &cfg.genesis_validators_root);
        assert_eq!(fork_of_digest(&cfg, unmasked), None);
    }

    #[test]
    fn context_bytes_must_be_the_digest_of_the_slot() {
        let cfg = NetworkConfig::mainnet();
        let slots_per_epoch = cfg.preset.slots_per_epoch;
        let fulu = cfg.fork_epoch(Fork::Fulu);
        let bpo1 = cfg.blob_schedule[0].epoch;
        let pre_bpo = compute_fork_digest(&cfg, fulu);
        // The Fulu digest holds until the first blob-parameter fork, and not after it.
        assert_eq!(check_fork_digest(&cfg, pre_bpo, (bpo1 - 1) * slots_per_epoch), Ok(()));
        let slot = bpo1 * slots_per_epoch;
        let expected = compute_fork_digest(&cfg, bpo1);
        assert_eq!(check_fork_digest(&cfg, expected, slot), Ok(()));
        assert_eq!(
            check_fork_digest(&cfg, pre_bpo, slot),
            Err(LightClientError::WrongForkDigest { digest: pre_bpo, expected, slot, epoch: bpo1 })
        );
        // Another network's digest for the same fork.
        let sepolia = NetworkConfig::sepolia();
        let foreign = compute_fork_digest(&sepolia, sepolia.blob_schedule[0].epoch);
        assert_eq!(check_fork_digest(&cfg, foreign, slot).unwrap_err().kind(), "wrong_fork_digest");
    }
}
