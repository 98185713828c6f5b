//! The one transport trait. An implementation moves bytes and nothing else:
//! it neither decodes nor verifies, and it enforces the timeout and the size
//! limit it is given.

use crate::error::TransportError;
use std::time::Duration;

/// The representation asked for with the `Accept` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// `application/json`: `{version, data}` objects.
    Json,
    /// `application/octet-stream`: raw SSZ, the fork in `Eth-Consensus-Version`.
    Ssz,
}

impl Encoding {
    /// The `Accept` header value.
    pub fn accept(self) -> &'static str {
        match self {
            Encoding::Json => "application/json",
            Encoding::Ssz => "application/octet-stream",
        }
    }
}

/// A successful (2xx) response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// The full body, never longer than the limit the request was given.
    pub body: Vec<u8>,
    /// The `Eth-Consensus-Version` header, if any.
    pub consensus_version: Option<String>,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
}

/// One server-sent event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    /// The `event:` field (empty when the server sent none).
    pub event: String,
    /// The `data:` lines, joined with `\n`.
    pub data: String,
}

/// A stream of server-sent events; it ends (or yields an error) when the
/// connection drops.
pub type EventStream = futures::stream::LocalBoxStream<'static, Result<SseEvent, TransportError>>;

/// A request for one URL path under an endpoint's base URL.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// Path and query, starting with `/`.
    pub path: &'a str,
    /// The representation to ask for.
    pub accept: Encoding,
    /// Fail with [`TransportError::Timeout`] after this long.
    pub timeout: Duration,
    /// Fail with [`TransportError::TooLarge`] past this many body bytes.
    pub max_bytes: usize,
    /// A JSON body to POST (JSON-RPC); `None` for a GET.
    pub body: Option<&'a str>,
}

/// HTTP GET and server-sent events against one Beacon API endpoint (and JSON
/// POSTs, for an execution node's JSON-RPC).
///
/// Two implementations exist: `native::ReqwestTransport` (not on wasm32) and
/// `browser::FetchTransport` (wasm32 only). Futures are not required to be
/// `Send`: drive them from one task (`block_on`, a current-thread runtime, or
/// the browser's event loop).
#[allow(async_fn_in_trait)]
pub trait HttpTransport {
    /// The endpoint's base URL, as given (used in messages and report cards).
    fn base_url(&self) -> &str;

    /// One GET attempt, or one POST of `request.body` as JSON when it is set.
    /// Non-2xx statuses are [`TransportError::Status`].
    async fn get(&self, request: Request<'_>) -> Result<RawResponse, TransportError>;

    /// Open `text/event-stream` at `path`. `connect_timeout` bounds the wait
    /// for the response headers; `idle_timeout` ends a stream that goes silent.
    async fn events(
        &self,
        path: &str,
        connect_timeout: Duration,
        idle_timeout: Duration,
        max_event_bytes: usize,
    ) -> Result<EventStream, TransportError>;
}

/// Join an endpoint base URL and a path without doubling or dropping `/`.
/// An empty path is the base URL itself (a JSON-RPC endpoint such as `https://host/v3/KEY`).
pub fn join_url(base: &str, path: &str) -> String {
    if path.is_empty() {
        return base.to_string();
    }
    format!("{}/{}", base.trim_end_matches('/'), path.trim_start_matches('/'))
}
