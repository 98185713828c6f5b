//! An incremental `text/event-stream` parser (the WHATWG "server-sent
//! events" format): feed it bytes as they arrive, take out whole events.
//! [`event_stream`] turns a body's chunks into an [`EventStream`] with it.

use crate::error::TransportError;
use crate::transport::{EventStream, SseEvent};
use futures::future::{select, Either};
use futures::stream::{LocalBoxStream, StreamExt};
use std::collections::VecDeque;
use std::time::Duration;

/// Parser state. It holds at most one partial line plus one partial event,
/// each bounded by `max_event_bytes`.
#[derive(Debug)]
pub struct SseParser {
    line: Vec<u8>,
    event: String,
    data: String,
    has_data: bool,
    max_event_bytes: usize,
    skip_cr_lf: bool,
}

/// An event (or a line) grew past the size limit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("server-sent event larger than {0} bytes")]
pub struct EventTooLarge(pub usize);

impl SseParser {
    /// A parser that refuses events larger than `max_event_bytes`.
    pub fn new(max_event_bytes: usize) -> Self {
        SseParser {
            line: Vec::new(),
            event: String::new(),
            data: String::new(),
            has_data: false,
            max_event_bytes,
            skip_cr_lf: false,
        }
    }

    /// Feed `bytes`; complete events are pushed to `out`.
    pub fn feed(&mut self, bytes: &[u8], out: &mut Vec<SseEvent>) -> Result<(), EventTooLarge> {
        for &b in bytes {
            if self.skip_cr_lf {
                self.skip_cr_lf = false;
                if b == b'\n' {
                    continue;
                }
            }
            match b {
                b'\n' | b'\r' => {
                    self.skip_cr_lf = b == b'\r';
                    let line = std::mem::take(&mut self.line);
                    self.line_done(&line, out);
                }
                _ => {
                    if self.line.len() + self.data.len() >= self.max_event_bytes {
                        return Err(EventTooLarge(self.max_event_bytes));
                    }
                    self.line.push(b);
                }
            }
        }
        Ok(())
    }

    fn line_done(&mut self, line: &[u8], out: &mut Vec<SseEvent>) {
        if line.is_empty() {
            if self.has_data {
                out.push(SseEvent { event: std::mem::take(&mut self.event), data: std::mem::take(&mut self.data) });
            } else {
                self.event.clear();
            }
            self.has_data = false;
            return;
        }
        if line[0] == b':' {
            return;
        }
        let text = String::from_utf8_lossy(line);
        let (field, value) = match text.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (text.as_ref(), ""),
        };
        match field {
            "event" => self.event = value.to_string(),
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            _ => {}
        }
    }
}

/// The events in a response body that arrives as `chunks`.
///
/// The stream yields one error and ends when the body ends
/// ([`TransportError::StreamEnded`]), breaks, goes silent for `idle`
/// ([`TransportError::Timeout`]), or holds an event larger than
/// `max_event_bytes` ([`TransportError::Malformed`]; the event is refused
/// while it arrives, never buffered whole). `chunks` is dropped at that point,
/// so a source that closes its connection on drop closes it then.
pub fn event_stream(
    chunks: LocalBoxStream<'static, Result<Vec<u8>, TransportError>>,
    url: String,
    idle: Duration,
    max_event_bytes: usize,
) -> EventStream {
    struct State {
        chunks: Option<LocalBoxStream<'static, Result<Vec<u8>, TransportError>>>,
        parser: SseParser,
        ready: VecDeque<SseEvent>,
        url: String,
        idle: Duration,
    }
    let state =
        State { chunks: Some(chunks), parser: SseParser::new(max_event_bytes), ready: VecDeque::new(), url, idle };
    let stream = futures::stream::unfold(state, |mut st| async move {
        loop {
            if let Some(event) = st.ready.pop_front() {
                return Some((Ok(event), st));
            }
            let chunks = st.chunks.as_mut()?;
            let next = select(chunks.next(), Box::pin(crate::sleep(st.idle))).await;
            let failure = match next {
                Either::Left((Some(Ok(bytes)), _)) => {
                    let mut out = Vec::new();
                    match st.parser.feed(&bytes, &mut out) {
                        Ok(()) => {
                            st.ready.extend(out);
                            continue;
                        }
                        Err(e) => TransportError::Malformed { url: st.url.clone(), reason: e.to_string() },
                    }
                }
                Either::Left((Some(Err(e)), _)) => e,
                Either::Left((None, _)) => TransportError::StreamEnded { url: st.url.clone() },
                Either::Right(_) => {
                    TransportError::Timeout { url: st.url.clone(), after_ms: st.idle.as_millis() as u64 }
                }
            };
            st.chunks = None;
            return Some((Err(failure), st));
        }
    });
    Box::pin(stream)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_events_split_across_chunks() {
        let mut p = SseParser::new(1024);
        let mut out = Vec::new();
        let text =
            b": hello\r\nevent: light_client_finality_update\r\ndata: {\"a\":\ndata: 1}\r\n\r\nevent: x\ndata: y\n\n";
        for chunk in text.chunks(3) {
            p.feed(chunk, &mut out).unwrap();
        }
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].event, "light_client_finality_update");
        assert_eq!(out[0].data, "{\"a\":\n1}");
        assert_eq!(out[1], SseEvent { event: "x".into(), data: "y".into() });
    }

    #[test]
    fn refuses_an_event_over_the_limit() {
        let mut p = SseParser::new(16);
        let mut out = Vec::new();
        assert!(p.feed(b"data: 0123456789abcdefghij", &mut out).is_err());
    }

    #[test]
    fn an_event_without_data_is_not_dispatched() {
        let mut p = SseParser::new(64);
        let mut out = Vec::new();
        p.feed(b"event: a\n\ndata: b\n\n", &mut out).unwrap();
        assert_eq!(out, vec![SseEvent { event: String::new(), data: "b".into() }]);
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn chunks(parts: Vec<Result<Vec<u8>, TransportError>>) -> LocalBoxStream<'static, Result<Vec<u8>, TransportError>> {
        futures::stream::iter(parts).boxed_local()
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[tokio::test(flavor = "current_thread")]
    async fn the_event_stream_yields_events_then_says_the_body_ended() {
        let body = chunks(vec![Ok(b"event: a\ndata: 1\n".to_vec()), Ok(b"\ndata: 2\n\n".to_vec())]);
        let got: Vec<_> = event_stream(body, "u".into(), Duration::from_secs(5), 64).collect().await;
        assert_eq!(got.len(), 3);
        assert_eq!(got[0], Ok(SseEvent { event: "a".into(), data: "1".into() }));
        assert_eq!(got[1], Ok(SseEvent { event: String::new(), data: "2".into() }));
        assert_eq!(got[2], Err(TransportError::StreamEnded { url: "u".into() }));
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[tokio::test(flavor = "current_thread")]
    async fn the_event_stream_refuses_an_endless_event_without_buffering_it() {
        // An event that never ends: the stream must stop after about `max` bytes, not read on.
        let pulled = std::rc::Rc::new(std::cell::Cell::new(0usize));
        let counter = pulled.clone();
        let endless =
            futures::stream::iter(std::iter::once(b"data: ".to_vec()).chain(std::iter::repeat(vec![b'a'; 1024])))
                .inspect(move |_| counter.set(counter.get() + 1))
                .map(Ok)
                .boxed_local();
        let got: Vec<_> = event_stream(endless, "u".into(), Duration::from_secs(5), 4096).collect().await;
        assert!(matches!(&got[..], [Err(TransportError::Malformed { .. })]), "{got:?}");
        assert!(pulled.get() <= 6, "read {} chunks of an event over the limit", pulled.get());
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[tokio::test(flavor = "current_thread")]
    async fn a_silent_event_stream_times_out() {
        let silent = futures::stream::pending().boxed_local();
        let got: Vec<_> = event_stream(silent, "u".into(), Duration::from_millis(50), 64).collect().await;
        assert_eq!(got, vec![Err(TransportError::Timeout { url: "u".into(), after_ms: 50 })]);
    }
}
