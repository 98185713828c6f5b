//! The browser transport (wasm32 only): `fetch` through `gloo-net`, for
//! requests and for server-sent events alike.
//!
//! Every request is bounded while it runs, not after:
//! * **Time.** Each request has an `AbortController` whose signal goes to
//!   `fetch`. When the timeout passes (or the request's future is dropped) it
//!   is aborted, which ends the request whether it is still waiting for the
//!   headers or in the middle of the body; nothing stays open in the background.
//! * **Size.** A `Content-Length` over the limit is refused before the body is
//!   read. Bodies are read through their `ReadableStream`, counting bytes as the
//!   chunks arrive: as soon as the count passes the limit the stream is
//!   cancelled, so an endless or oversized body is never buffered. Error bodies
//!   are read only as far as the excerpt kept in the error.
//! * **Events.** The event stream is a `fetch` too, its body parsed by
//!   [`crate::sse::event_stream`] (the parser the native transport uses), which
//!   refuses an event while it grows past `max_event_bytes`. `EventSource` is
//!   not used: it buffers every message whole before handing it over, however
//!   large, cannot send an `Accept` header, and reconnects on its own.
//!
//! Browser limits worth knowing: the endpoint must send CORS headers
//! (`Access-Control-Allow-Origin`), and for SSZ also allow the `Accept` request
//! header and expose `Eth-Consensus-Version`; when it does not expose that
//! header the fork is taken from the slot the SSZ holds (see `api`).

mod body;

use crate::error::TransportError;
use crate::transport::{join_url, EventStream, HttpTransport, RawResponse, Request};
use body::{read_capped, Abort, BodyReader};
use futures::future::{select, Either};
use futures::StreamExt;
use std::time::Duration;

/// How much of an error response's body is kept in [`TransportError::Status`].
const ERROR_EXCERPT_BYTES: usize = 512;

/// `HttpTransport` over the browser's `fetch`.
#[derive(Debug, Clone)]
pub struct FetchTransport {
    base: String,
}

impl FetchTransport {
    /// A transport for the endpoint at `base_url`.
    pub fn new(base_url: &str) -> Result<Self, TransportError> {
        let base = base_url.trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(TransportError::InvalidUrl(base_url.to_string()));
        }
        Ok(FetchTransport { base })
    }
}

fn connect_error(url: &str, reason: String) -> TransportError {
    TransportError::Connect { url: url.to_string(), reason }
}

/// Run `work` for at most `timeout`; past it, abort the request and fail with
/// [`TransportError::Timeout`].
async fn with_timeout<T>(
    url: &str,
    timeout: Duration,
    abort: &Abort,
    work: impl std::future::Future<Output = Result<T, TransportError>>,
) -> Result<T, TransportError> {
    let work = Box::pin(work);
    let timer = Box::pin(gloo_timers::future::sleep(timeout));
    match select(work, timer).await {
        Either::Left((result, _)) => result,
        Either::Right(_) => {
            abort.abort();
            Err(TransportError::Timeout { url: url.to_string(), after_ms: timeout.as_millis() as u64 })
        }
    }
}

/// Send a GET for `url` that `abort` can end, and wait for the response headers.
/// A non-2xx answer is [`TransportError::Status`], with an excerpt of its body.
async fn send(
    url: &str,
    accept: &str,
    body: Option<&str>,
    abort: &Abort,
) -> Result<gloo_net::http::Response, TransportError> {
    let signal = abort.signal();
    let builder = match body {
        Some(_) => gloo_net::http::Request::post(url).header("Content-Type", "application/json"),
        None => gloo_net::http::Request::get(url),
    }
    .header("Accept", accept)
    .abort_signal(Some(&signal));
    let sent = match body {
        Some(body) => builder.body(body.to_string()).map_err(|e| connect_error(url, e.to_string()))?.send().await,
        None => builder.send().await,
    };
    let resp = sent.map_err(|e| connect_error(url, e.to_string()))?;
    if resp.ok() {
        return Ok(resp);
    }
    let excerpt = read_capped(resp.body(), ERROR_EXCERPT_BYTES).await.map(|c| c.bytes).unwrap_or_default();
    Err(TransportError::Status {
        url: url.to_string(),
        status: resp.status(),
        body: String::from_utf8_lossy(&excerpt).trim().to_string(),
    })
}

impl HttpTransport for FetchTransport {
    fn base_url(&self) -> &str {
        &self.base
    }

    async fn get(&self, request: Request<'_>) -> Result<RawResponse, TransportError> {
        let url = join_url(&self.base, request.path);
        let abort = Abort::new().map_err(|reason| connect_error(&url, reason))?;
        let too_large = || TransportError::TooLarge { url: url.clone(), limit: request.max_bytes };
        let work = async {
            let resp = send(&url, request.accept.accept(), request.body, &abort).await?;
            let headers = resp.headers();
            if headers
                .get("content-length")
                .and_then(|v| v.parse::<u64>().ok())
                .is_some_and(|n| n > request.max_bytes as u64)
            {
                return Err(too_large());
            }
            let body =
                read_capped(resp.body(), request.max_bytes).await.map_err(|reason| connect_error(&url, reason))?;
            if body.over_limit {
                return Err(too_large());
            }
            Ok(RawResponse {
                body: body.bytes,
                consensus_version: headers.get("eth-consensus-version"),
                content_type: headers.get("content-type"),
            })
        };
        with_timeout(&url, request.timeout, &abort, work).await
    }

    async fn events(
        &self,
        path: &str,
        connect_timeout: Duration,
        idle_timeout: Duration,
        max_event_bytes: usize,
    ) -> Result<EventStream, TransportError> {
        let url = join_url(&self.base, path);
        let abort = Abort::new().map_err(|reason| connect_error(&url, reason))?;
        let open = async {
            let resp = send(&url, "text/event-stream", None, &abort).await?;
            BodyReader::new(resp.body()).map_err(|reason| connect_error(&url, reason))
        };
        let reader = with_timeout(&url, connect_timeout, &abort, open).await?;
        // The abort handle travels with the reader: dropping the event stream closes the connection.
        let chunks = futures::stream::unfold(Some((reader, abort, url.clone())), |state| async move {
            let (mut reader, abort, url) = state?;
            match reader.next_chunk().await {
                Ok(Some(chunk)) => Some((Ok(chunk.to_vec()), Some((reader, abort, url)))),
                Ok(None) => None,
                Err(reason) => Some((Err(connect_error(&url, reason)), None)),
            }
        });
        Ok(crate::sse::event_stream(chunks.boxed_local(), url, idle_timeout, max_event_bytes))
    }
}
