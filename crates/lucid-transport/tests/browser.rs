//! The browser transport's limits, in a real (headless) browser: an oversized
//! body is cut off while it arrives, a timeout aborts the request (headers or
//! body), and an oversized server-sent event is refused before it is buffered.
//!
//! `fetch` is replaced, for URLs under `http://stub.invalid`, by a stand-in
//! that serves bodies as `ReadableStream`s built here (endless, slow, …) and
//! records what the transport did to them: how much it pulled, whether it
//! cancelled the body, whether the request's abort signal fired. It treats the
//! signal as a real `fetch` does. Run by scripts/test.sh (wasm-bindgen-test-runner
//! in headless Chromium); natively this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use futures::StreamExt;
use lucid_transport::browser::FetchTransport;
use lucid_transport::transport::{HttpTransport, Request, SseEvent};
use lucid_transport::{Encoding, TransportError};
use std::time::Duration;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const BASE: &str = "http://stub.invalid";
const CHUNK: usize = 65_536;

/// Install the stand-in `fetch` (once). Each path is one behaviour; what happened
/// to each path's request is kept in `globalThis.stubLog[path]`.
const STUB: &str = r#"
if (globalThis.stubLog) return;
const log = (globalThis.stubLog = {});
const realFetch = globalThis.fetch.bind(globalThis);
const abortError = () => new DOMException('The operation was aborted.', 'AbortError');
const bytes = (text) => new TextEncoder().encode(text);
globalThis.fetch = (input, init) => {
  const req = input instanceof Request ? input : new Request(input, init);
  const url = new URL(req.url);
  if (url.host !== 'stub.invalid') return realFetch(input, init);
  const s = (log[url.pathname] = { pulled: 0, cancelled: false, aborted: false, accept: req.headers.get('accept') });
  const aborted = new Promise((resolve) => req.signal.addEventListener('abort', () => { s.aborted = true; resolve(); }));
  // A body that serves `chunks` (an iterator of byte arrays) one per pull, every `delay` ms,
  // and errors like a real fetch body when the request is aborted.
  const stream = (chunks, delay = 0) => new ReadableStream({
    start(c) { aborted.then(() => { try { c.error(abortError()); } catch {} }); },
    async pull(c) {
      if (delay) await new Promise((r) => setTimeout(r, delay));
      if (s.aborted) return;
      const next = chunks.next();
      if (next.done) { c.close(); return; }
      s.pulled += next.value.length;
      c.enqueue(next.value);
    },
    cancel() { s.cancelled = true; },
  });
  const endless = function* (first) { if (first) yield first; for (;;) yield new Uint8Array(65536).fill(97); };
  const respond = (body, status = 200, headers = {}) => Promise.resolve(new Response(body, { status, headers }));
  switch (url.pathname) {
    case '/small':
      return respond(stream([bytes('{"ok":true}')].values()), 200, { 'content-type': 'application/json', 'eth-consensus-version': 'capella' });
    case '/endless':
      return respond(stream(endless()));
    case '/declared-large':
      return respond(stream(endless()), 200, { 'content-length': '99999999' });
    case '/error-endless':
      return respond(stream(endless(bytes('{"code":503,"message":"busy"} '))), 503);
    case '/no-headers':
      return new Promise((_, reject) => aborted.then(() => reject(abortError())));
    case '/slow-body':
      return respond(stream((function* () { for (;;) yield new Uint8Array(1); })(), 100));
    case '/events':
      return respond(stream([bytes('event: light_client_finality_update\ndata: {"a":'), bytes('1}\n\n: keep-alive\n\ndata: 2\n\n')].values()), 200, { 'content-type': 'text/event-stream' });
    case '/events-open':
      return respond(stream((function* () { yield bytes('data: 1\n\n'); for (;;) yield new Uint8Array(0); })(), 50), 200, { 'content-type': 'text/event-stream' });
    case '/events-huge':
      return respond(stream(endless(bytes('event: x\ndata: '))), 200, { 'content-type': 'text/event-stream' });
    default:
      return respond(stream([].values()), 404);
  }
};
"#;

/// What the stand-in recorded for `path`.
#[derive(Debug, Default)]
struct Log {
    pulled: usize,
    cancelled: bool,
    aborted: bool,
    accept: Option<String>,
}

fn install_stub() {
    js_sys::Function::new_no_args(STUB).call0(&JsValue::NULL).expect("install the stand-in fetch");
}

fn log(path: &str) -> Log {
    let get = |o: &JsValue, k: &str| js_sys::Reflect::get(o, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let all = get(&js_sys::global(), "stubLog");
    let entry = get(&all, path);
    Log {
        pulled: get(&entry, "pulled").as_f64().unwrap_or(0.0) as usize,
        cancelled: get(&entry, "cancelled").is_truthy(),
        aborted: get(&entry, "aborted").is_truthy(),
        accept: get(&entry, "accept").as_string(),
    }
}

fn transport() -> FetchTransport {
    install_stub();
    FetchTransport::new(BASE).unwrap()
}

fn request(path: &str, timeout_ms: u64, max_bytes: usize) -> Request<'_> {
    Request { path, accept: Encoding::Json, timeout: Duration::from_millis(timeout_ms), max_bytes, body: None }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

#[wasm_bindgen_test]
async fn a_small_body_is_read_whole_with_its_headers() {
    let t = transport();
    let resp = t.get(request("/small", 5_000, 1024)).await.expect("the body");
    assert_eq!(resp.body, br#"{"ok":true}"#);
    assert_eq!(resp.content_type.as_deref(), Some("application/json"));
    assert_eq!(resp.consensus_version.as_deref(), Some("capella"));
    assert_eq!(log("/small").accept.as_deref(), Some("application/json"));
}

#[wasm_bindgen_test]
async fn an_endless_body_is_cut_off_at_the_limit_and_its_stream_cancelled() {
    let t = transport();
    let limit = 200_000;
    let started = now_ms();
    let result = t.get(request("/endless", 10_000, limit)).await;
    let took = now_ms() - started;
    assert!(matches!(result, Err(TransportError::TooLarge { limit: 200_000, .. })), "{result:?}");
    let l = log("/endless");
    assert!(l.cancelled, "the body stream was not cancelled: {l:?}");
    // The limit, the chunk that crossed it, and what the stream queued ahead: no more.
    assert!(l.pulled <= limit + 2 * CHUNK, "pulled {} bytes for a {limit}-byte limit", l.pulled);
    assert!(took < 3_000.0, "took {took} ms");
}

#[wasm_bindgen_test]
async fn a_declared_length_over_the_limit_is_refused_before_the_body_is_read() {
    let t = transport();
    let result = t.get(request("/declared-large", 10_000, 1 << 20)).await;
    assert!(matches!(result, Err(TransportError::TooLarge { .. })), "{result:?}");
    // The request is over: its signal fired, so a real fetch stops downloading.
    assert!(log("/declared-large").aborted);
}

#[wasm_bindgen_test]
async fn an_error_body_is_read_only_as_far_as_its_excerpt() {
    let t = transport();
    let result = t.get(request("/error-endless", 10_000, 1 << 20)).await;
    let Err(TransportError::Status { status: 503, body, .. }) = result else { panic!("{result:?}") };
    assert!(body.starts_with(r#"{"code":503,"message":"busy"}"#), "{body}");
    assert!(body.len() <= 512, "kept {} bytes of the error body", body.len());
    let l = log("/error-endless");
    assert!(l.cancelled && l.pulled <= 512 + 2 * CHUNK, "{l:?}");
}

#[wasm_bindgen_test]
async fn a_timeout_aborts_a_request_still_waiting_for_its_headers() {
    let t = transport();
    let started = now_ms();
    let result = t.get(request("/no-headers", 300, 1024)).await;
    let took = now_ms() - started;
    assert!(matches!(result, Err(TransportError::Timeout { after_ms: 300, .. })), "{result:?}");
    assert!(took < 1_500.0, "the request ended after {took} ms, for a 300 ms timeout");
    assert!(log("/no-headers").aborted, "the request was left running after its timeout");
}

#[wasm_bindgen_test]
async fn a_timeout_aborts_a_request_whose_body_trickles_in() {
    let t = transport();
    let started = now_ms();
    let result = t.get(request("/slow-body", 500, 1 << 20)).await;
    let took = now_ms() - started;
    assert!(matches!(result, Err(TransportError::Timeout { after_ms: 500, .. })), "{result:?}");
    assert!(took < 2_000.0, "the request ended after {took} ms, for a 500 ms timeout");
    let l = log("/slow-body");
    assert!(l.aborted, "the body was left downloading after the timeout: {l:?}");
    assert!(l.pulled > 0, "the body never started: {l:?}");
}

#[wasm_bindgen_test]
async fn events_are_parsed_as_they_arrive_and_dropping_the_stream_closes_it() {
    let t = transport();
    let mut events =
        t.events("/events-open", Duration::from_secs(5), Duration::from_secs(5), 1 << 20).await.expect("stream");
    let first = events.next().await;
    assert_eq!(first, Some(Ok(SseEvent { event: String::new(), data: "1".into() })));
    assert_eq!(log("/events-open").accept.as_deref(), Some("text/event-stream"));
    assert!(!log("/events-open").aborted);
    drop(events);
    assert!(log("/events-open").aborted, "the event stream's request outlived the stream");

    let all: Vec<_> =
        t.events("/events", Duration::from_secs(5), Duration::from_secs(5), 1 << 20).await.unwrap().collect().await;
    assert_eq!(
        all[..2],
        [
            Ok(SseEvent { event: "light_client_finality_update".into(), data: r#"{"a":1}"#.into() }),
            Ok(SseEvent { event: String::new(), data: "2".into() }),
        ]
    );
    assert!(matches!(all[2], Err(TransportError::StreamEnded { .. })), "{:?}", all[2]);
}

#[wasm_bindgen_test]
async fn an_oversized_event_is_refused_before_it_is_buffered() {
    let t = transport();
    let max = 100_000;
    let started = now_ms();
    let mut events = t.events("/events-huge", Duration::from_secs(5), Duration::from_secs(5), max).await.unwrap();
    let first = events.next().await;
    let took = now_ms() - started;
    match &first {
        Some(Err(TransportError::Malformed { reason, .. })) => assert!(reason.contains("larger than"), "{reason}"),
        other => panic!("expected a refused event, got {other:?}"),
    }
    let l = log("/events-huge");
    assert!(l.pulled <= max + 2 * CHUNK, "pulled {} bytes for a {max}-byte event limit", l.pulled);
    assert!(l.aborted || l.cancelled, "the oversized event stream was left open: {l:?}");
    assert!(events.next().await.is_none());
    assert!(took < 3_000.0, "took {took} ms");
}
