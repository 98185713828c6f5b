//! The two tools that keep a `fetch` bounded: an [`Abort`] handle whose signal
//! goes to `fetch`, and a [`BodyReader`] that reads a response body through its
//! `ReadableStream` chunk by chunk, so a size limit holds while the body
//! arrives rather than after it was buffered.

use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, ReadableStream, ReadableStreamDefaultReader, ReadableStreamReadResult};

/// The `AbortController` of one request. Aborting it ends the request at
/// whatever stage it is: waiting for headers (the `fetch` promise rejects) or
/// in the body (the next read fails). Dropping it aborts too, so a request
/// whose future is dropped does not stay open in the background.
#[derive(Debug)]
pub(super) struct Abort(AbortController);

impl Abort {
    /// A new controller. Fails only in a browser without `AbortController`.
    pub(super) fn new() -> Result<Self, String> {
        AbortController::new().map(Abort).map_err(|e| js_reason(&e))
    }

    /// The signal to hand to `fetch`.
    pub(super) fn signal(&self) -> AbortSignal {
        self.0.signal()
    }

    /// End the request now.
    pub(super) fn abort(&self) {
        self.0.abort();
    }
}

impl Drop for Abort {
    fn drop(&mut self) {
        // Aborting a request that already completed does nothing.
        self.0.abort();
    }
}

/// A response body, read chunk by chunk.
pub(super) struct BodyReader {
    /// `None` once the body ended or was cancelled, or when there was none.
    reader: Option<ReadableStreamDefaultReader>,
}

impl BodyReader {
    /// A reader of `body` (`None`: a response without a body, read as empty).
    pub(super) fn new(body: Option<ReadableStream>) -> Result<Self, String> {
        let reader = match body {
            None => None,
            Some(stream) => Some(
                stream
                    .get_reader()
                    .dyn_into::<ReadableStreamDefaultReader>()
                    .map_err(|_| "the response body has no default reader".to_string())?,
            ),
        };
        Ok(BodyReader { reader })
    }

    /// The next chunk as it arrived (not copied); `Ok(None)` at the end of the body.
    pub(super) async fn next_chunk(&mut self) -> Result<Option<Uint8Array>, String> {
        let Some(reader) = &self.reader else { return Ok(None) };
        let result = JsFuture::from(reader.read()).await.map_err(|e| js_reason(&e))?;
        let result: ReadableStreamReadResult = result.unchecked_into();
        if result.get_done().unwrap_or(true) {
            self.reader = None;
            return Ok(None);
        }
        result.get_value().dyn_into::<Uint8Array>().map(Some).map_err(|_| "a body chunk is not bytes".to_string())
    }

    /// Stop reading and cancel the stream: the browser stops downloading the rest.
    pub(super) async fn cancel(&mut self) {
        if let Some(reader) = self.reader.take() {
            // Cancelling only fails on a stream that already failed; there is nothing left to stop then.
            let _ = JsFuture::from(reader.cancel()).await;
        }
    }
}

/// A body read up to a limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Capped {
    /// The body, or its first `limit` bytes when it was longer.
    pub(super) bytes: Vec<u8>,
    /// The body was longer than the limit; the stream was cancelled as soon as that showed.
    pub(super) over_limit: bool,
}

/// Read `body` until it ends or more than `limit` bytes have arrived, counting
/// as the chunks come; past the limit the stream is cancelled at once and the
/// first `limit` bytes returned. Only the chunk that crosses the limit is
/// received beyond it, and its part past the limit is not copied.
pub(super) async fn read_capped(body: Option<ReadableStream>, limit: usize) -> Result<Capped, String> {
    let mut reader = BodyReader::new(body)?;
    let mut bytes = Vec::new();
    while let Some(chunk) = reader.next_chunk().await? {
        let len = chunk.length() as usize;
        let room = limit - bytes.len();
        let take = len.min(room);
        let start = bytes.len();
        bytes.resize(start + take, 0);
        chunk.subarray(0, take as u32).copy_to(&mut bytes[start..]);
        if len > room {
            reader.cancel().await;
            return Ok(Capped { bytes, over_limit: true });
        }
    }
    Ok(Capped { bytes, over_limit: false })
}

/// A readable reason from a JavaScript exception (`AbortError: …`, `TypeError: Failed to fetch`).
pub(super) fn js_reason(e: &JsValue) -> String {
    if let Some(error) = e.dyn_ref::<js_sys::Error>() {
        format!("{}: {}", String::from(error.name()), String::from(error.message()))
    } else {
        e.as_string().unwrap_or_else(|| format!("{e:?}"))
    }
}
