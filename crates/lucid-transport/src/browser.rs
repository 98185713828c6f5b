//! The browser transport (wasm32 only): `fetch` through `gloo-net`, and
//! server-sent events through the browser's `EventSource` (gloo-net's
//! wrapper around `web_sys::EventSource`).
//!
//! Browser limits worth knowing:
//! * The endpoint must send CORS headers (`Access-Control-Allow-Origin`), and
//!   for SSZ also allow the `Accept` request header and expose
//!   `Eth-Consensus-Version`; when it does not expose that header the fork is
//!   taken from the slot the SSZ holds (see `api`).
//! * `fetch` buffers the body, so the size limit is checked against
//!   `Content-Length` before reading and against the body after reading.
//! * `EventSource` cannot set headers and reconnects by itself; here a
//!   connection error ends the stream so the syncer can fall back to polling.

use crate::error::TransportError;
use crate::transport::{join_url, EventStream, HttpTransport, RawResponse, Request, SseEvent};
use futures::future::{select, Either};
use futures::StreamExt;
use std::time::Duration;

/// `HttpTransport` over the browser's `fetch` and `EventSource`.
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

async fn with_timeout<T>(
    url: &str,
    timeout: Duration,
    fut: impl std::future::Future<Output = Result<T, TransportError>>,
) -> Result<T, TransportError> {
    let fut = Box::pin(fut);
    let timer = Box::pin(gloo_timers::future::sleep(timeout));
    match select(fut, timer).await {
        Either::Left((result, _)) => result,
        Either::Right(_) => Err(TransportError::Timeout { url: url.to_string(), after_ms: timeout.as_millis() as u64 }),
    }
}

impl HttpTransport for FetchTransport {
    fn base_url(&self) -> &str {
        &self.base
    }

    async fn get(&self, request: Request<'_>) -> Result<RawResponse, TransportError> {
        let url = join_url(&self.base, request.path);
        let work = async {
            let resp = gloo_net::http::Request::get(&url)
                .header("Accept", request.accept.accept())
                .send()
                .await
                .map_err(|e| TransportError::Connect { url: url.clone(), reason: e.to_string() })?;
            if !resp.ok() {
                let body = resp.text().await.unwrap_or_default();
                let body: String = body.chars().take(512).collect();
                return Err(TransportError::Status { url: url.clone(), status: resp.status(), body });
            }
            let headers = resp.headers();
            if headers
                .get("content-length")
                .and_then(|v| v.parse::<u64>().ok())
                .is_some_and(|n| n > request.max_bytes as u64)
            {
                return Err(TransportError::TooLarge { url: url.clone(), limit: request.max_bytes });
            }
            let consensus_version = headers.get("eth-consensus-version");
            let content_type = headers.get("content-type");
            let body =
                resp.binary().await.map_err(|e| TransportError::Connect { url: url.clone(), reason: e.to_string() })?;
            if body.len() > request.max_bytes {
                return Err(TransportError::TooLarge { url: url.clone(), limit: request.max_bytes });
            }
            Ok(RawResponse { body, consensus_version, content_type })
        };
        with_timeout(&url, request.timeout, work).await
    }

    async fn events(
        &self,
        path: &str,
        _connect_timeout: Duration,
        idle_timeout: Duration,
        max_event_bytes: usize,
    ) -> Result<EventStream, TransportError> {
        use gloo_net::eventsource::futures::EventSource;
        let url = join_url(&self.base, path);
        let topics: Vec<String> = path
            .split_once("topics=")
            .map(|(_, t)| {
                t.split('&').next().unwrap_or("").split(',').map(str::to_string).filter(|t| !t.is_empty()).collect()
            })
            .unwrap_or_default();
        let mut source = EventSource::new(&url)
            .map_err(|e| TransportError::Connect { url: url.clone(), reason: format!("{e:?}") })?;
        let mut subscriptions = Vec::new();
        for topic in &topics {
            let sub = source
                .subscribe(topic)
                .map_err(|e| TransportError::Connect { url: url.clone(), reason: format!("{e:?}") })?;
            subscriptions.push(sub);
        }
        let merged = futures::stream::select_all(subscriptions);
        struct State<St> {
            source: EventSource,
            merged: St,
            url: String,
            idle: Duration,
            max: usize,
            done: bool,
        }
        let state = State { source, merged, url, idle: idle_timeout, max: max_event_bytes, done: false };
        let stream = futures::stream::unfold(state, |mut st| async move {
            if st.done {
                st.source.close();
                return None;
            }
            let next = Box::pin(st.merged.next());
            let timer = Box::pin(gloo_timers::future::sleep(st.idle));
            let item = match select(next, timer).await {
                Either::Left((Some(Ok((event, message))), _)) => {
                    let data = message.data().as_string().unwrap_or_default();
                    if data.len() > st.max {
                        Err(TransportError::Malformed {
                            url: st.url.clone(),
                            reason: format!("server-sent event larger than {} bytes", st.max),
                        })
                    } else {
                        Ok(SseEvent { event, data })
                    }
                }
                Either::Left((Some(Err(e)), _)) => {
                    Err(TransportError::Connect { url: st.url.clone(), reason: format!("{e:?}") })
                }
                Either::Left((None, _)) => Err(TransportError::StreamEnded { url: st.url.clone() }),
                Either::Right(_) => {
                    Err(TransportError::Timeout { url: st.url.clone(), after_ms: st.idle.as_millis() as u64 })
                }
            };
            if item.is_err() {
                st.done = true;
            }
            Some((item, st))
        });
        Ok(Box::pin(stream))
    }
}
