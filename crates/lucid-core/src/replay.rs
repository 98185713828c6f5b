//! Verify a recorded bundle (bootstrap, updates, finality and optimistic
//! updates) from a trusted checkpoint, reporting every step as it happens.
//! The CLI's `verify` and the browser app share this one path.

use crate::config::{Fork, NetworkConfig};
use crate::data::{LightClientBootstrap, LightClientUpdate, UpdateKind};
use crate::decode::{decode_bootstrap, decode_updates, ObjectKind};
use crate::error::LightClientError;
use crate::head::Head;
use crate::primitives::Root;
use crate::store::{initialize_light_client_store, process_light_client_update, LightClientStore, UpdateOutcome};

/// One input file: its name (for messages) and its bytes (JSON or SSZ).
#[derive(Debug, Clone)]
pub struct Input {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A recorded scenario.
#[derive(Debug, Clone)]
pub struct Bundle {
    pub bootstrap: Input,
    /// Files of `LightClientUpdate`s: a JSON array each, or one SSZ update each.
    pub updates: Vec<Input>,
    pub finality: Option<Input>,
    pub optimistic: Option<Input>,
}

/// A step of the verification, emitted as soon as it is done.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// The bootstrap's header matched the checkpoint and its committee branch verified.
    BootstrapVerified { file: String, fork: Fork, header: Head, committee_root: Root },
    /// The store was re-expressed in a newer fork's containers.
    StoreUpgraded { from: Fork, to: Fork },
    /// An update passed every check and was applied.
    UpdateVerified {
        file: String,
        kind: UpdateKind,
        fork: Fork,
        attested: Head,
        finalized_slot: u64,
        signature_slot: u64,
        outcome: UpdateOutcome,
        store_finalized: Head,
        store_optimistic: Head,
    },
}

/// Sync-committee participation of one verified update.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Participation {
    pub file: String,
    pub attested_slot: u64,
    pub participants: u64,
    pub committee_size: usize,
}

/// The result of a fully verified bundle.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ReplayReport {
    pub fork: Fork,
    pub finalized: Head,
    pub optimistic: Head,
    /// Sync-committee periods whose committees signed verified updates, in order.
    pub periods: Vec<u64>,
    pub participation: Vec<Participation>,
    pub steps: Vec<Step>,
}

impl ReplayReport {
    /// The root the run trusted: the checkpoint the bootstrap matched, or its own header's.
    pub fn trusted_root(&self) -> Option<Root> {
        self.steps.iter().find_map(|s| match s {
            Step::BootstrapVerified { header, .. } => Some(header.root),
            _ => None,
        })
    }

    /// The report as the CLI's `verify --json` and the JavaScript package's `verifyBundle` give
    /// it (the caller adds `ok` and the checkpoint's source): fork, heads, periods, participation.
    pub fn summary(&self) -> serde_json::Value {
        let counts: Vec<u64> = self.participation.iter().map(|p| p.participants).collect();
        serde_json::json!({
            "fork": self.fork,
            "finalized": {"slot": self.finalized.slot, "root": self.finalized.root},
            "optimistic": {"slot": self.optimistic.slot, "root": self.optimistic.root},
            "periods": self.periods,
            "participation": {
                "committee_size": self.participation.first().map(|p| p.committee_size),
                "min": counts.iter().min(),
                "max": counts.iter().max(),
                "updates": self.participation,
            },
        })
    }
}

/// A rejected bundle: which file, and which check failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {error}")]
pub struct ReplayError {
    pub file: String,
    pub error: LightClientError,
}

fn reject(file: &str) -> impl Fn(LightClientError) -> ReplayError + '_ {
    move |error| ReplayError { file: file.to_string(), error }
}

/// What a replay shows besides its [`Step`]s: each decoded input and the store it meets. The
/// visualizer's explanations (branch walks, the committee that signs) are built from these, in the
/// same pass that verifies, so nothing is shown that the run did not accept.
pub trait ReplayObserver<const S: usize> {
    /// A step, as soon as it is verified.
    fn step(&mut self, step: &Step);
    /// The bootstrap was accepted and initialized `store` (called before its step).
    fn bootstrap(&mut self, _bootstrap: &LightClientBootstrap<S>, _store: &LightClientStore<S>) {}
    /// `update`, read from `file`, is about to be processed by `store` (already upgraded to its fork).
    fn update(&mut self, _file: &str, _kind: UpdateKind, _update: &LightClientUpdate<S>, _store: &LightClientStore<S>) {
    }
}

struct StepsOnly<'a>(&'a mut dyn FnMut(&Step));

impl<const S: usize> ReplayObserver<S> for StepsOnly<'_> {
    fn step(&mut self, step: &Step) {
        (self.0)(step);
    }
}

/// Verify `bundle`. The checkpoint is `trusted_block_root`, or, when `None`,
/// the bootstrap's own header (the caller trusts the bootstrap file).
/// `on_step` sees each step as soon as it is verified.
pub fn verify_bundle<const S: usize>(
    cfg: &NetworkConfig,
    bundle: &Bundle,
    trusted_block_root: Option<Root>,
    current_slot: u64,
    on_step: &mut dyn FnMut(&Step),
) -> Result<ReplayReport, ReplayError> {
    replay_bundle::<S>(cfg, bundle, trusted_block_root, current_slot, &mut StepsOnly(on_step))
}

/// [`verify_bundle`], showing `observer` every decoded input and the store before it.
pub fn replay_bundle<const S: usize>(
    cfg: &NetworkConfig,
    bundle: &Bundle,
    trusted_block_root: Option<Root>,
    current_slot: u64,
    observer: &mut dyn ReplayObserver<S>,
) -> Result<ReplayReport, ReplayError> {
    let mut replay = Replay::bootstrap(cfg, &bundle.bootstrap, trusted_block_root, current_slot, observer)?;
    replay.updates(&bundle.updates, bundle.finality.as_ref(), bundle.optimistic.as_ref(), observer)?;
    Ok(replay.into_report())
}

/// A replay in progress: the store the verified inputs left, and the report so far. Cloning it
/// keeps a verified prefix (a bootstrap and its updates) to go on from with later inputs, which
/// are checked exactly as if the whole bundle had been replayed.
#[derive(Debug, Clone)]
pub struct Replay<const S: usize> {
    cfg: NetworkConfig,
    current_slot: u64,
    store: LightClientStore<S>,
    periods: Vec<u64>,
    participation: Vec<Participation>,
    steps: Vec<Step>,
}

impl<const S: usize> Replay<S> {
    /// Check `bootstrap` against `trusted_block_root` (when `None`, its own header) and start from it.
    pub fn bootstrap(
        cfg: &NetworkConfig,
        bootstrap: &Input,
        trusted_block_root: Option<Root>,
        current_slot: u64,
        observer: &mut dyn ReplayObserver<S>,
    ) -> Result<Self, ReplayError> {
        let name = &bootstrap.name;
        let decoded = decode_bootstrap::<S>(cfg, &bootstrap.bytes, name).map_err(reject(name))?;
        let trusted = trusted_block_root.unwrap_or_else(|| decoded.header.beacon_root());
        let store = initialize_light_client_store(cfg, &trusted, &decoded).map_err(reject(name))?;
        observer.bootstrap(&decoded, &store);
        let mut replay = Replay {
            cfg: cfg.clone(),
            current_slot,
            store,
            periods: Vec::new(),
            participation: Vec::new(),
            steps: Vec::new(),
        };
        let step = Step::BootstrapVerified {
            file: name.clone(),
            fork: decoded.fork,
            header: Head::of(&decoded.header, cfg),
            committee_root: replay.store.current_sync_committee.root,
        };
        emit(observer, &mut replay.steps, step);
        Ok(replay)
    }

    /// Check later inputs against the slot `current_slot` from now on (a replay that goes on).
    pub fn set_current_slot(&mut self, current_slot: u64) {
        self.current_slot = current_slot;
    }

    /// Decode every input (files of updates, then the finality and optimistic updates), then verify
    /// and apply them in that order. A malformed file is refused before any of them is applied.
    pub fn updates(
        &mut self,
        updates: &[Input],
        finality: Option<&Input>,
        optimistic: Option<&Input>,
        observer: &mut dyn ReplayObserver<S>,
    ) -> Result<(), ReplayError> {
        let cfg = &self.cfg;
        let mut queue: Vec<(String, UpdateKind, LightClientUpdate<S>)> = Vec::new();
        let mut add = |input: &Input, kind: UpdateKind, object: ObjectKind| -> Result<(), ReplayError> {
            let updates = decode_updates::<S>(cfg, object, &input.bytes, &input.name).map_err(reject(&input.name))?;
            let many =
                updates.len() > 1 || crate::decode::looks_like_json(&input.bytes) && object == ObjectKind::Update;
            for (i, u) in updates.into_iter().enumerate() {
                let name = if many { format!("{}[{i}]", input.name) } else { input.name.clone() };
                queue.push((name, kind, u));
            }
            Ok(())
        };
        for input in updates {
            add(input, UpdateKind::Update, ObjectKind::Update)?;
        }
        if let Some(input) = finality {
            add(input, UpdateKind::FinalityUpdate, ObjectKind::FinalityUpdate)?;
        }
        if let Some(input) = optimistic {
            add(input, UpdateKind::OptimisticUpdate, ObjectKind::OptimisticUpdate)?;
        }
        for (name, kind, update) in queue {
            self.update(name, kind, update, observer)?;
        }
        Ok(())
    }

    /// Verify and apply one decoded update (upgrading the store to its fork first).
    fn update(
        &mut self,
        name: String,
        kind: UpdateKind,
        update: LightClientUpdate<S>,
        observer: &mut dyn ReplayObserver<S>,
    ) -> Result<(), ReplayError> {
        let cfg = &self.cfg;
        if update.fork.container_fork() > self.store.fork.container_fork() {
            let from = self.store.fork;
            self.store = self.store.upgrade_to(update.fork, cfg).map_err(reject(&name))?;
            emit(observer, &mut self.steps, Step::StoreUpgraded { from, to: update.fork });
        }
        observer.update(&name, kind, &update, &self.store);
        let outcome =
            process_light_client_update(&mut self.store, &update, self.current_slot, cfg).map_err(reject(&name))?;
        if self.periods.last() != Some(&outcome.signature.signature_period) {
            self.periods.push(outcome.signature.signature_period);
        }
        self.participation.push(Participation {
            file: name.clone(),
            attested_slot: update.attested_header.slot(),
            participants: outcome.signature.participants,
            committee_size: S,
        });
        let step = Step::UpdateVerified {
            file: name,
            kind,
            fork: update.fork,
            attested: Head::of(&update.attested_header, cfg),
            finalized_slot: update.finalized_header.slot(),
            signature_slot: update.signature_slot,
            outcome,
            store_finalized: Head::of(&self.store.finalized_header, cfg),
            store_optimistic: Head::of(&self.store.optimistic_header, cfg),
        };
        emit(observer, &mut self.steps, step);
        Ok(())
    }

    /// The report of everything verified.
    pub fn into_report(self) -> ReplayReport {
        report(&self.cfg, &self.store, self.periods, self.participation, self.steps)
    }
}

/// Show `step` to `observer` and keep it in `steps`.
fn emit<const S: usize>(observer: &mut dyn ReplayObserver<S>, steps: &mut Vec<Step>, step: Step) {
    observer.step(&step);
    steps.push(step);
}

fn report<const S: usize>(
    cfg: &NetworkConfig,
    store: &LightClientStore<S>,
    periods: Vec<u64>,
    participation: Vec<Participation>,
    steps: Vec<Step>,
) -> ReplayReport {
    ReplayReport {
        fork: store.fork,
        finalized: Head::of(&store.finalized_header, cfg),
        optimistic: Head::of(&store.optimistic_header, cfg),
        periods,
        participation,
        steps,
    }
}
