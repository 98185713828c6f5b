//! The native transport: `reqwest` (hyper underneath) with rustls.
//!
//! Why `reqwest`: it is the common async HTTP client of the tokio ecosystem,
//! speaks HTTP/1.1 and HTTP/2 over rustls with the webpki root store (no
//! OpenSSL, no system libraries), streams bodies chunk by chunk (so the size
//! limit is enforced while reading, and server-sent events need no extra
//! crate), and pulls in nothing beyond hyper that a raw hyper client would
//! not need too. Every read has a deadline: a request's timeout covers connect,
//! headers and body (error bodies included); an event stream's connect timeout
//! covers its headers (and an error body), its idle timeout every later read.

use crate::error::TransportError;
use crate::transport::{join_url, EventStream, HttpTransport, RawResponse, Request};
use futures::StreamExt;
use std::time::Duration;

/// `HttpTransport` over `reqwest`. Needs a tokio runtime with the time driver.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    base: String,
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport for the endpoint at `base_url` (`http://` or `https://`).
    pub fn new(base_url: &str) -> Result<Self, TransportError> {
        let base = base_url.trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) || reqwest::Url::parse(&base).is_err() {
            return Err(TransportError::InvalidUrl(base_url.to_string()));
        }
        let client = reqwest::Client::builder()
            .user_agent(concat!("lucid/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| TransportError::Connect { url: base.clone(), reason: e.to_string() })?;
        Ok(ReqwestTransport { base, client })
    }
}

fn connect_error(url: &str, e: reqwest::Error, timeout: Duration) -> TransportError {
    if e.is_timeout() {
        TransportError::Timeout { url: url.to_string(), after_ms: timeout.as_millis() as u64 }
    } else {
        TransportError::Connect { url: url.to_string(), reason: error_chain(&e) }
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

fn header(resp: &reqwest::Response, name: &str) -> Option<String> {
    resp.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// The error for a non-2xx answer, with up to 512 bytes of its body. The body is read for at
/// most `deadline`: a server that sends an error status and then nothing (or a trickle) cannot
/// hold the caller.
async fn status_error(url: &str, mut resp: reqwest::Response, deadline: Duration) -> TransportError {
    let status = resp.status().as_u16();
    let mut body = Vec::new();
    let read = async {
        while let Ok(Some(chunk)) = resp.chunk().await {
            body.extend_from_slice(&chunk);
            if body.len() > 512 {
                break;
            }
        }
    };
    let complete = tokio::time::timeout(deadline, read).await.is_ok();
    body.truncate(512);
    let mut text = String::from_utf8_lossy(&body).trim().to_string();
    if !complete {
        text.push_str(&format!(" (error body cut off after {} ms)", deadline.as_millis()));
    }
    TransportError::Status { url: url.to_string(), status, body: text }
}

impl HttpTransport for ReqwestTransport {
    fn base_url(&self) -> &str {
        &self.base
    }

    async fn get(&self, request: Request<'_>) -> Result<RawResponse, TransportError> {
        let url = join_url(&self.base, request.path);
        let started = tokio::time::Instant::now();
        let work = async {
            let builder = match request.body {
                Some(body) => self
                    .client
                    .post(&url)
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(body.to_string()),
                None => self.client.get(&url),
            };
            let mut resp = builder
                .header(reqwest::header::ACCEPT, request.accept.accept())
                .send()
                .await
                .map_err(|e| connect_error(&url, e, request.timeout))?;
            if !resp.status().is_success() {
                let left = request.timeout.saturating_sub(started.elapsed());
                return Err(status_error(&url, resp, left).await);
            }
            if resp.content_length().is_some_and(|n| n > request.max_bytes as u64) {
                return Err(TransportError::TooLarge { url: url.clone(), limit: request.max_bytes });
            }
            let consensus_version = header(&resp, "eth-consensus-version");
            let content_type = header(&resp, "content-type");
            let mut body = Vec::new();
            while let Some(chunk) = resp.chunk().await.map_err(|e| connect_error(&url, e, request.timeout))? {
                if body.len() + chunk.len() > request.max_bytes {
                    return Err(TransportError::TooLarge { url: url.clone(), limit: request.max_bytes });
                }
                body.extend_from_slice(&chunk);
            }
            Ok(RawResponse { body, consensus_version, content_type })
        };
        match tokio::time::timeout(request.timeout, work).await {
            Ok(result) => result,
            Err(_) => Err(TransportError::Timeout { url, after_ms: request.timeout.as_millis() as u64 }),
        }
    }

    async fn events(
        &self,
        path: &str,
        connect_timeout: Duration,
        idle_timeout: Duration,
        max_event_bytes: usize,
    ) -> Result<EventStream, TransportError> {
        let url = join_url(&self.base, path);
        let started = tokio::time::Instant::now();
        let send = self.client.get(&url).header(reqwest::header::ACCEPT, "text/event-stream").send();
        let resp = match tokio::time::timeout(connect_timeout, send).await {
            Ok(r) => r.map_err(|e| connect_error(&url, e, connect_timeout))?,
            Err(_) => return Err(TransportError::Timeout { url, after_ms: connect_timeout.as_millis() as u64 }),
        };
        if !resp.status().is_success() {
            let left = connect_timeout.saturating_sub(started.elapsed());
            return Err(status_error(&url, resp, left).await);
        }
        let chunk_url = url.clone();
        let chunks = futures::stream::unfold(Some(resp), move |resp| {
            let url = chunk_url.clone();
            async move {
                let mut resp = resp?;
                match resp.chunk().await {
                    Ok(Some(bytes)) => Some((Ok(bytes.to_vec()), Some(resp))),
                    Ok(None) => None,
                    Err(e) => Some((Err(TransportError::Connect { url, reason: error_chain(&e) }), None)),
                }
            }
        });
        Ok(crate::sse::event_stream(chunks.boxed_local(), url, idle_timeout, max_event_bytes))
    }
}
