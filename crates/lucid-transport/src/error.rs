//! Transport-level failures: everything that can go wrong before the core
//! gets to look at the bytes.

use thiserror::Error;

/// A request that did not produce a usable response body.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TransportError {
    /// No complete response within the policy's timeout.
    #[error("{url}: no complete response within {after_ms} ms")]
    Timeout { url: String, after_ms: u64 },
    /// The connection could not be made or broke off.
    #[error("{url}: connection failed: {reason}")]
    Connect { url: String, reason: String },
    /// The server answered with a non-success HTTP status.
    #[error("{url}: HTTP {status}: {body}")]
    Status { url: String, status: u16, body: String },
    /// The body exceeded the size limit for this request.
    #[error("{url}: response larger than the {limit}-byte limit")]
    TooLarge { url: String, limit: usize },
    /// The body arrived but its framing is broken (SSZ chunk lengths, event
    /// stream lines, an unexpected content type).
    #[error("{url}: malformed response: {reason}")]
    Malformed { url: String, reason: String },
    /// An event stream closed.
    #[error("{url}: event stream closed")]
    StreamEnded { url: String },
    /// The endpoint URL cannot be used.
    #[error("invalid endpoint URL {0:?}")]
    InvalidUrl(String),
}

impl TransportError {
    /// Whether trying again may help (timeouts, broken connections, 5xx, 429).
    pub fn is_retryable(&self) -> bool {
        match self {
            TransportError::Timeout { .. } | TransportError::Connect { .. } | TransportError::StreamEnded { .. } => {
                true
            }
            TransportError::Status { status, .. } => *status >= 500 || *status == 429,
            TransportError::TooLarge { .. } | TransportError::Malformed { .. } | TransportError::InvalidUrl(_) => false,
        }
    }

    /// A stable snake-case name, for JSON output and tests.
    pub fn kind(&self) -> &'static str {
        match self {
            TransportError::Timeout { .. } => "timeout",
            TransportError::Connect { .. } => "connect",
            TransportError::Status { .. } => "http_status",
            TransportError::TooLarge { .. } => "too_large",
            TransportError::Malformed { .. } => "malformed_response",
            TransportError::StreamEnded { .. } => "stream_ended",
            TransportError::InvalidUrl(_) => "invalid_url",
        }
    }
}
