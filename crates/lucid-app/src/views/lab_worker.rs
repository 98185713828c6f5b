//! The lab worker: a second Web Worker that keeps a core store for the views (see [`super::lab`]),
//! so stepping through a verification, tampering with an update, and parsing and hashing the
//! shipped blocks (their roots are recomputed from the whole JSON) never run on the page's main
//! thread. Registered by `src/bin/lab.rs`; Trunk serves it as `lab.js`.

use gloo_worker::{HandlerId, Worker, WorkerScope};
use lucid_core::NetworkConfig;
use serde::{Deserialize, Serialize};

use super::block::{parse_block, BlockSummary};
use super::lab::{Edit, Lab, LabSummary, TamperOutcome};
use crate::files::BundleFiles;

/// Where Trunk puts the lab worker's JS glue, relative to the page.
pub const LAB_WORKER_PATH: &str = "lab.js";

/// What the page asks the lab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LabRequest {
    /// Run the core over these files and keep the store; answered with [`LabResponse::Loaded`].
    Load { files: BundleFiles, current_slot: u64 },
    /// Hand the tamper target, edited, to the core; answered with [`LabResponse::Tampered`].
    Tamper(Edit),
    /// Summarise a `SignedBeaconBlock` file and compute its roots; answered with [`LabResponse::Block`].
    Block { slot: u64, bytes: Vec<u8> },
}

/// What the lab answers. Every `ms` is time spent in the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LabResponse {
    Loaded { summary: Result<LabSummary, String>, ms: f64 },
    Tampered { outcome: Result<TamperOutcome, String>, ms: f64 },
    Block { slot: u64, block: Result<BlockSummary, String> },
}

/// Answer one request, keeping the lab in `lab`. A plain function, so tests can call it.
pub fn handle(lab: &mut Option<Lab>, request: LabRequest, now: &dyn Fn() -> f64) -> LabResponse {
    let t0 = now();
    match request {
        LabRequest::Load { files, current_slot } => {
            let summary = files
                .to_core()
                .and_then(|bundle| Lab::load(NetworkConfig::mainnet(), &bundle, current_slot))
                .map(|(l, s)| {
                    *lab = Some(l);
                    s
                });
            LabResponse::Loaded { summary, ms: now() - t0 }
        }
        LabRequest::Tamper(edit) => {
            let outcome =
                lab.as_ref().ok_or_else(|| "the lab has no data yet".to_string()).and_then(|l| l.tamper(&edit));
            LabResponse::Tampered { outcome, ms: now() - t0 }
        }
        LabRequest::Block { slot, bytes } => {
            LabResponse::Block { slot, block: parse_block(&bytes, lucid_core::MAINNET_SYNC_COMMITTEE_SIZE) }
        }
    }
}

/// The gloo-worker actor.
pub struct LabWorker {
    lab: Option<Lab>,
}

impl Worker for LabWorker {
    type Message = ();
    type Input = LabRequest;
    type Output = LabResponse;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        LabWorker { lab: None }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, msg: Self::Input, id: HandlerId) {
        scope.respond(id, handle(&mut self.lab, msg, &crate::worker::now_ms));
    }
}
