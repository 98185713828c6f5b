//! The Web Worker side of the app.
//!
//! Everything that verifies runs here, off the page's main thread; the page only shows state and
//! never verifies anything itself. The worker's job will be to call
//! `lucid_core::replay::verify_bundle(...)` on the bundle it is sent and answer with the core's
//! result and trace. Until that call exists the worker does the one honest thing it can: it reports
//! how many bytes it received, which proves the page ⇄ worker plumbing end to end.

use gloo_worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};

/// What the page sends to the worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    /// Liveness check, sent once when the page starts. Answered with [`Response::Ready`].
    Ping,
    /// A bundle of light-client data (a file the user chose), to be checked.
    Bundle {
        /// File name, echoed back so the page can label the answer.
        name: String,
        /// The file's raw bytes.
        bytes: Vec<u8>,
    },
}

/// What the worker answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Response {
    /// The worker is loaded and running this build of the crate.
    Ready {
        /// `CARGO_PKG_VERSION` of the worker build.
        version: String,
    },
    /// The worker received a bundle. No verification has happened: the verifier is not wired in yet.
    BundleReceived {
        /// The name the page gave.
        name: String,
        /// Number of bytes the worker actually received.
        byte_len: u64,
    },
}

/// The worker's message handler: a plain function, so it can be tested without a worker.
pub fn handle(request: Request) -> Response {
    match request {
        Request::Ping => Response::Ready {
            version: env!("CARGO_PKG_VERSION").to_string(),
        },
        // TODO(core): call lucid_core::replay::verify_bundle(&bytes) here and return its result
        // and trace instead of only the length.
        Request::Bundle { name, bytes } => Response::BundleReceived {
            name,
            byte_len: bytes.len() as u64,
        },
    }
}

/// The gloo-worker actor registered by `src/bin/worker.rs` and spawned by the page.
pub struct LucidWorker;

impl Worker for LucidWorker {
    type Message = ();
    type Input = Request;
    type Output = Response;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        LucidWorker
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, msg: Self::Input, id: HandlerId) {
        scope.respond(id, handle(msg));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ping_is_answered_with_the_crate_version() {
        assert_eq!(
            handle(Request::Ping),
            Response::Ready {
                version: env!("CARGO_PKG_VERSION").into()
            }
        );
    }

    #[test]
    fn bundle_answer_reports_the_received_length() {
        let answer = handle(Request::Bundle {
            name: "b.bin".into(),
            bytes: vec![7; 1234],
        });
        assert_eq!(
            answer,
            Response::BundleReceived {
                name: "b.bin".into(),
                byte_len: 1234
            }
        );
    }
}
