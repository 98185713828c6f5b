//! An incremental `text/event-stream` parser (the WHATWG "server-sent
//! events" format): feed it bytes as they arrive, take out whole events.

use crate::transport::SseEvent;

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
}
