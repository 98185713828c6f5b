//! The multi-endpoint syncer.
//!
//! Every endpoint is asked the same question at once; each answer is verified
//! by `lucid-core` on its own copy of the store, so an endpoint's lies cannot
//! spoil another's truths. The store then moves to the best verified result
//! (highest finalized slot, then a known next committee). Anything the core
//! rejects marks the endpoint that served it; valid but outdated answers mark
//! it as lagging; failures and timeouts are recorded too (see [`ReportCard`]).
//! With any one honest, reachable endpoint the sync completes.
//!
//! The current slot comes from an injectable [`Clock`], never from the
//! endpoints.

use crate::api::{event_to_fetched, Endpoint, Fetched, Timed};
use crate::checkpoint::AgeGauge;
use crate::clock::{Clock, Stopwatch};
use crate::error::TransportError;
use crate::report::ReportCard;
use crate::transport::HttpTransport;
use crate::{Encoding, S};
use futures::future::{join_all, select, Either};
use futures::stream::{SelectAll, StreamExt};
use lucid_core::data::UpdateKind;
use lucid_core::decode::ObjectKind;
use lucid_core::header::LightClientHeader;
use lucid_core::store::{initialize_light_client_store, process_light_client_update, LightClientStore};
use lucid_core::{Head, LightClientError, NetworkConfig, Root};
use std::time::Duration;

/// How a head update arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// Asked for (`finality_update` / `optimistic_update`).
    Poll,
    /// Pushed on the event stream.
    Event,
}

/// A verified change of the store's heads.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HeadEvent {
    pub kind: UpdateKind,
    /// The endpoint whose update was applied.
    pub endpoint: String,
    pub via: Via,
    pub finalized: Head,
    pub optimistic: Head,
    /// Time spent decoding and verifying the update, in microseconds.
    pub verify_us: u64,
}

/// What the syncer reports as it goes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum SyncEvent {
    /// The bootstrap matched the checkpoint and its committee branch verified.
    Bootstrapped { endpoint: String, head: Head, age: AgeGauge },
    /// Catch-up progress: the best verified period so far, of `target`.
    Progress { start: u64, period: u64, target: u64 },
    /// A verified head.
    Head(HeadEvent),
}

/// Why a sync could not go on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    #[error("no endpoints given")]
    NoEndpoints,
    #[error("no endpoint served a bootstrap that verifies against checkpoint {checkpoint}")]
    BootstrapFailed { checkpoint: Root, rejected: bool },
    #[error("stuck at period {period}: no endpoint served an update that verifies and advances the store")]
    Stuck { period: u64, rejected: bool },
    #[error("not bootstrapped yet")]
    NotBootstrapped,
}

impl SyncError {
    /// Whether verification refused data (as opposed to nothing arriving at all).
    pub fn rejected(&self) -> bool {
        matches!(self, SyncError::BootstrapFailed { rejected: true, .. } | SyncError::Stuck { rejected: true, .. })
    }
}

/// Options of a [`Syncer`].
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// JSON or SSZ.
    pub encoding: Encoding,
    /// Catch up at most this many periods past the bootstrap's (for recording).
    pub max_periods: Option<u64>,
    /// Keep the verified objects as Beacon-API JSON (see [`Syncer::records`]).
    pub keep_records: bool,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions { encoding: Encoding::Json, max_periods: None, keep_records: false }
    }
}

/// The verified objects of a sync, as Beacon-API JSON, in the form `lucid verify` reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Records {
    pub bootstrap: Option<serde_json::Value>,
    pub updates: Vec<serde_json::Value>,
    pub finality: Option<serde_json::Value>,
    pub optimistic: Option<serde_json::Value>,
}

/// Options of [`Syncer::follow`].
#[derive(Debug, Clone)]
pub struct FollowOptions {
    /// Use the event stream (else poll only).
    pub use_events: bool,
    /// Poll interval for endpoints without a live event stream, and how often
    /// dropped streams are reopened and the period is checked for catch-up.
    pub poll_interval: Duration,
    /// Stop after this long.
    pub duration: Option<Duration>,
    /// Stop after this many verified heads.
    pub max_heads: Option<u64>,
}

impl Default for FollowOptions {
    fn default() -> Self {
        FollowOptions { use_events: true, poll_interval: Duration::from_secs(12), duration: None, max_heads: None }
    }
}

/// What [`Syncer::follow`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FollowSummary {
    pub heads: u64,
    pub events: u64,
    pub polls: u64,
    pub reconnects: u64,
}

enum Judged {
    Stale,
    Rejected,
}

/// Valid-but-outdated (or not-yet-applicable) answers are lag, not lies.
fn judge(e: &LightClientError) -> Judged {
    match e {
        LightClientError::StaleUpdate { .. } | LightClientError::PeriodOutOfRange { .. } => Judged::Stale,
        _ => Judged::Rejected,
    }
}

/// Verify `update` against `store` (upgrading the store's containers first when
/// the update is of a newer fork). A rejected update leaves `store` unchanged.
fn apply(
    store: &mut LightClientStore<S>,
    f: &Fetched,
    cfg: &NetworkConfig,
    current_slot: u64,
) -> Result<(), LightClientError> {
    let update = f.decode_update(cfg)?;
    if update.fork.container_fork() > store.fork.container_fork() {
        let mut upgraded = store.upgrade_to(update.fork, cfg)?;
        process_light_client_update(&mut upgraded, &update, current_slot, cfg)?;
        *store = upgraded;
    } else {
        process_light_client_update(store, &update, current_slot, cfg)?;
    }
    Ok(())
}

/// Syncs one store from several endpoints.
pub struct Syncer<T, C> {
    cfg: NetworkConfig,
    checkpoint: Root,
    endpoints: Vec<Endpoint<T>>,
    cards: Vec<ReportCard>,
    clock: C,
    options: SyncOptions,
    store: Option<LightClientStore<S>>,
    bootstrap_period: u64,
    records: Records,
}

impl<T: HttpTransport, C: Clock> Syncer<T, C> {
    /// A syncer from `checkpoint` (the trusted block root) over `endpoints`.
    pub fn new(
        cfg: NetworkConfig,
        checkpoint: Root,
        endpoints: Vec<Endpoint<T>>,
        clock: C,
        options: SyncOptions,
    ) -> Self {
        let cards = endpoints.iter().map(|e| ReportCard::new(e.url())).collect();
        Syncer {
            cfg,
            checkpoint,
            endpoints,
            cards,
            clock,
            options,
            store: None,
            bootstrap_period: 0,
            records: Records::default(),
        }
    }

    /// One report card per endpoint, in the order given.
    pub fn report_cards(&self) -> &[ReportCard] {
        &self.cards
    }

    /// The verified store, once bootstrapped.
    pub fn store(&self) -> Option<&LightClientStore<S>> {
        self.store.as_ref()
    }

    /// The verified finalized head.
    pub fn finalized(&self) -> Option<Head> {
        self.store.as_ref().map(|s| Head::of(&s.finalized_header, &self.cfg))
    }

    /// The verified optimistic head.
    pub fn optimistic(&self) -> Option<Head> {
        self.store.as_ref().map(|s| Head::of(&s.optimistic_header, &self.cfg))
    }

    /// The verified objects (when `keep_records` is set).
    pub fn records(&self) -> &Records {
        &self.records
    }

    /// The network.
    pub fn config(&self) -> &NetworkConfig {
        &self.cfg
    }

    fn current_slot(&self) -> u64 {
        self.clock.current_slot(&self.cfg)
    }

    fn record_json(&self, f: &Fetched) -> Option<serde_json::Value> {
        if !self.options.keep_records {
            return None;
        }
        f.to_json(&self.cfg).ok()
    }

    /// Note a transport outcome on `i`'s card; returns the body if there is one.
    fn received<V>(&mut self, i: usize, t: Timed<Result<V, TransportError>>) -> Option<V> {
        let card = &mut self.cards[i];
        match t.value {
            Ok(v) => {
                card.latency(t.latency);
                Some(v)
            }
            Err(e @ TransportError::Malformed { .. }) => {
                card.served += 1;
                card.rejection(e.kind(), &e.to_string());
                None
            }
            Err(e) => {
                card.failure(&e);
                None
            }
        }
    }

    fn judge_into_card(&mut self, i: usize, e: &LightClientError) -> bool {
        match judge(e) {
            Judged::Stale => {
                self.cards[i].stale += 1;
                false
            }
            _ => {
                self.cards[i].rejection(e.kind(), &e.to_string());
                true
            }
        }
    }

    /// Fetch the bootstrap for the checkpoint from every endpoint and start
    /// the store from the first one that verifies.
    pub async fn bootstrap(&mut self, on: &mut dyn FnMut(&SyncEvent)) -> Result<(), SyncError> {
        if self.endpoints.is_empty() {
            return Err(SyncError::NoEndpoints);
        }
        let root = self.checkpoint;
        let enc = self.options.encoding;
        let answers = join_all(self.endpoints.iter().map(|e| e.bootstrap(&root, enc))).await;
        let mut any_rejected = false;
        for (i, t) in answers.into_iter().enumerate() {
            let Some(f) = self.received(i, t) else { continue };
            self.cards[i].served += 1;
            let result = f
                .decode_bootstrap(&self.cfg)
                .and_then(|b| initialize_light_client_store(&self.cfg, &self.checkpoint, &b));
            match result {
                Ok(store) => {
                    self.cards[i].verified += 1;
                    if self.store.is_none() {
                        let head = Head::of(&store.finalized_header, &self.cfg);
                        self.bootstrap_period = head.period;
                        let age = AgeGauge::new(&self.cfg, head.slot, self.current_slot());
                        self.records.bootstrap = self.record_json(&f);
                        self.store = Some(store);
                        on(&SyncEvent::Bootstrapped { endpoint: self.cards[i].endpoint.clone(), head, age });
                    }
                }
                Err(e) => any_rejected |= self.judge_into_card(i, &e),
            }
        }
        if self.store.is_none() {
            return Err(SyncError::BootstrapFailed { checkpoint: root, rejected: any_rejected });
        }
        Ok(())
    }

    fn target_period(&self) -> u64 {
        let current = self.cfg.period_at_slot(self.current_slot());
        match self.options.max_periods {
            Some(k) => current.min(self.bootstrap_period + k.saturating_sub(1)),
            None => current,
        }
    }

    /// Catch up period by period to the current one (or to `max_periods`),
    /// asking every endpoint for the same range and cross-checking the answers.
    pub async fn catch_up(&mut self, on: &mut dyn FnMut(&SyncEvent)) -> Result<(), SyncError> {
        let mut asked_for_next = false;
        loop {
            let Some(store) = self.store.as_ref() else { return Err(SyncError::NotBootstrapped) };
            let start = store.period(&self.cfg);
            let target = self.target_period();
            let next_known = store.is_next_sync_committee_known();
            if start >= target && (next_known || asked_for_next) {
                return Ok(());
            }
            if start >= target {
                asked_for_next = true;
            }
            on(&SyncEvent::Progress { start: self.bootstrap_period, period: start, target });
            let advanced = self.updates_round(start, target.saturating_sub(start) + 1, on).await?;
            if !advanced.0 && start < target {
                return Err(SyncError::Stuck { period: start, rejected: advanced.1 });
            }
        }
    }

    /// One `updates` round; returns (store advanced, any rejection).
    async fn updates_round(
        &mut self,
        start: u64,
        count: u64,
        on: &mut dyn FnMut(&SyncEvent),
    ) -> Result<(bool, bool), SyncError> {
        let base = self.store.clone().ok_or(SyncError::NotBootstrapped)?;
        let enc = self.options.encoding;
        let current_slot = self.current_slot();
        let target = start + count - 1;
        let answers = join_all(self.endpoints.iter().map(|e| e.updates(&self.cfg, start, count, enc))).await;
        let mut candidates: Vec<(usize, LightClientStore<S>, Vec<serde_json::Value>)> = Vec::new();
        let mut any_rejected = false;
        let mut shown = start;
        for (i, t) in answers.into_iter().enumerate() {
            let Some(list) = self.received(i, t) else { continue };
            let mut st = base.clone();
            let mut recs = Vec::new();
            let mut verified_any = false;
            for f in &list {
                self.cards[i].served += 1;
                match apply(&mut st, f, &self.cfg, current_slot) {
                    Ok(()) => {
                        self.cards[i].verified += 1;
                        verified_any = true;
                        if let Some(v) = self.record_json(f) {
                            recs.push(v);
                        }
                        let p = st.period(&self.cfg);
                        if p > shown {
                            shown = p;
                            on(&SyncEvent::Progress { start: self.bootstrap_period, period: p, target });
                        }
                    }
                    Err(e) => any_rejected |= self.judge_into_card(i, &e),
                }
            }
            if verified_any {
                candidates.push((i, st, recs));
            }
        }
        let rank = |s: &LightClientStore<S>| (s.finalized_header.slot(), s.is_next_sync_committee_known());
        let Some(best_idx) =
            (0..candidates.len()).max_by(|a, b| rank(&candidates[*a].1).cmp(&rank(&candidates[*b].1)).then(b.cmp(a)))
        else {
            return Ok((false, any_rejected));
        };
        self.cross_check(candidates.iter().map(|(i, s, _)| (*i, &s.finalized_header)).collect());
        let (_, best, recs) = candidates.swap_remove(best_idx);
        let advanced = rank(&best) > rank(&base);
        if advanced {
            self.records.updates.extend(recs);
            self.store = Some(best);
        }
        Ok((advanced, any_rejected))
    }

    /// Compare verified heads: record lag behind the best, and disagreement at equal slots.
    fn cross_check(&mut self, heads: Vec<(usize, &LightClientHeader)>) {
        let Some(best) = heads.iter().map(|(_, h)| h.slot()).max() else { return };
        let roots: Vec<(usize, u64, Root)> = heads.iter().map(|(i, h)| (*i, h.slot(), h.beacon_root())).collect();
        for (i, slot, root) in &roots {
            self.cards[*i].lag_slots = Some(best - slot);
            if roots.iter().any(|(j, s, r)| j != i && s == slot && r != root) {
                self.cards[*i].disagreements += 1;
            }
        }
    }

    /// Ask every endpoint for its finality and optimistic updates, verify each
    /// on its own copy of the store, and move to the best.
    pub async fn poll_heads(&mut self, on: &mut dyn FnMut(&SyncEvent)) -> Result<(), SyncError> {
        let all: Vec<usize> = (0..self.endpoints.len()).collect();
        self.poll_heads_of(&all, on).await
    }

    async fn poll_heads_of(&mut self, which: &[usize], on: &mut dyn FnMut(&SyncEvent)) -> Result<(), SyncError> {
        for kind in [ObjectKind::FinalityUpdate, ObjectKind::OptimisticUpdate] {
            let base = self.store.clone().ok_or(SyncError::NotBootstrapped)?;
            let enc = self.options.encoding;
            let current_slot = self.current_slot();
            let answers = join_all(which.iter().map(|&i| {
                let e = &self.endpoints[i];
                async move {
                    match kind {
                        ObjectKind::FinalityUpdate => e.finality_update(enc).await,
                        _ => e.optimistic_update(enc).await,
                    }
                }
            }))
            .await;
            let mut candidates = Vec::new();
            for (&i, t) in which.iter().zip(answers) {
                let Some(f) = self.received(i, t) else { continue };
                self.cards[i].served += 1;
                let mut st = base.clone();
                let watch = Stopwatch::start();
                match apply(&mut st, &f, &self.cfg, current_slot) {
                    Ok(()) => {
                        self.cards[i].verified += 1;
                        candidates.push((i, st, f, watch.elapsed()));
                    }
                    Err(e) => {
                        self.judge_into_card(i, &e);
                    }
                }
            }
            let head_of = |s: &LightClientStore<S>| {
                if kind == ObjectKind::FinalityUpdate {
                    s.finalized_header.clone()
                } else {
                    s.optimistic_header.clone()
                }
            };
            let heads: Vec<(usize, LightClientHeader)> =
                candidates.iter().map(|(i, s, _, _)| (*i, head_of(s))).collect();
            self.cross_check(heads.iter().map(|(i, h)| (*i, h)).collect());
            let rank = |s: &LightClientStore<S>| (s.finalized_header.slot(), s.optimistic_header.slot());
            let Some(best_idx) = (0..candidates.len())
                .max_by(|a, b| rank(&candidates[*a].1).cmp(&rank(&candidates[*b].1)).then(b.cmp(a)))
            else {
                continue;
            };
            let (i, best, f, took) = candidates.swap_remove(best_idx);
            let rec = self.record_json(&f);
            match kind {
                ObjectKind::FinalityUpdate => self.records.finality = rec.or(self.records.finality.take()),
                _ => self.records.optimistic = rec.or(self.records.optimistic.take()),
            }
            self.store = Some(best);
            self.emit_head(i, kind, Via::Poll, took, on);
        }
        Ok(())
    }

    fn emit_head(&self, i: usize, kind: ObjectKind, via: Via, took: Duration, on: &mut dyn FnMut(&SyncEvent)) {
        let Some(store) = &self.store else { return };
        on(&SyncEvent::Head(HeadEvent {
            kind: if kind == ObjectKind::FinalityUpdate {
                UpdateKind::FinalityUpdate
            } else {
                UpdateKind::OptimisticUpdate
            },
            endpoint: self.cards[i].endpoint.clone(),
            via,
            finalized: Head::of(&store.finalized_header, &self.cfg),
            optimistic: Head::of(&store.optimistic_header, &self.cfg),
            verify_us: took.as_micros() as u64,
        }));
    }

    /// Bootstrap, catch up and fetch the heads.
    pub async fn sync(&mut self, on: &mut dyn FnMut(&SyncEvent)) -> Result<(), SyncError> {
        if self.store.is_none() {
            self.bootstrap(on).await?;
        }
        self.catch_up(on).await?;
        self.poll_heads(on).await
    }

    /// Follow the chain: verify every event-stream update as it arrives, poll
    /// endpoints whose stream is down, reopen dropped streams, and catch up
    /// when a new period starts. Runs until `duration` or `max_heads`.
    pub async fn follow(
        &mut self,
        opts: &FollowOptions,
        on: &mut dyn FnMut(&SyncEvent),
    ) -> Result<FollowSummary, SyncError> {
        if self.store.is_none() {
            return Err(SyncError::NotBootstrapped);
        }
        let started = Stopwatch::start();
        let mut summary = FollowSummary::default();
        let n = self.endpoints.len();
        let mut live = vec![false; n];
        let mut merged: SelectAll<
            futures::stream::LocalBoxStream<'static, (usize, Result<crate::transport::SseEvent, TransportError>)>,
        > = SelectAll::new();
        if opts.use_events {
            self.open_streams(&mut live, &mut merged, &mut summary).await;
        }
        let mut last_poll = Stopwatch::start();
        loop {
            if opts.duration.is_some_and(|d| started.elapsed() >= d)
                || opts.max_heads.is_some_and(|m| summary.heads >= m)
            {
                return Ok(summary);
            }
            let mut wait = opts.poll_interval.saturating_sub(last_poll.elapsed());
            if let Some(d) = opts.duration {
                wait = wait.min(d.saturating_sub(started.elapsed()));
            }
            let tick = Box::pin(crate::sleep(wait));
            let next = if merged.is_empty() { None } else { Some(merged.next()) };
            let item = match next {
                Some(next) => match select(next, tick).await {
                    Either::Left((item, _)) => item,
                    Either::Right(_) => None,
                },
                None => {
                    tick.await;
                    None
                }
            };
            match item {
                Some((i, Ok(ev))) => {
                    let Some(f) = event_to_fetched(&ev.event, &ev.data) else { continue };
                    summary.events += 1;
                    if self.apply_live(i, f, on) {
                        summary.heads += 1;
                    }
                }
                Some((i, Err(e))) => {
                    self.cards[i].failure(&e);
                    live[i] = false;
                }
                None => {}
            }
            if last_poll.elapsed() >= opts.poll_interval {
                last_poll = Stopwatch::start();
                if self.target_period() > self.store.as_ref().map_or(0, |s| s.period(&self.cfg)) {
                    if let Err(e) = self.catch_up(on).await {
                        if let Some(card) = self.cards.first_mut() {
                            card.last_error.get_or_insert_with(|| e.to_string());
                        }
                    }
                }
                let idle: Vec<usize> = (0..n).filter(|i| !live[*i]).collect();
                if !idle.is_empty() {
                    summary.polls += 1;
                    let before = self.store.as_ref().map(|s| (s.finalized_header.slot(), s.optimistic_header.slot()));
                    let mut count = 0u64;
                    self.poll_heads_of(&idle, &mut |e| {
                        if matches!(e, SyncEvent::Head(_)) {
                            count += 1;
                        }
                        on(e);
                    })
                    .await?;
                    let after = self.store.as_ref().map(|s| (s.finalized_header.slot(), s.optimistic_header.slot()));
                    if before != after || count > 0 {
                        summary.heads += count;
                    }
                    if opts.use_events {
                        summary.reconnects += 1;
                        self.open_streams(&mut live, &mut merged, &mut summary).await;
                    }
                }
            }
        }
    }

    async fn open_streams(
        &mut self,
        live: &mut [bool],
        merged: &mut SelectAll<
            futures::stream::LocalBoxStream<'static, (usize, Result<crate::transport::SseEvent, TransportError>)>,
        >,
        _summary: &mut FollowSummary,
    ) {
        let closed: Vec<usize> = (0..live.len()).filter(|i| !live[*i]).collect();
        let opened = join_all(closed.iter().map(|&i| self.endpoints[i].events())).await;
        for (&i, r) in closed.iter().zip(opened) {
            match r {
                Ok(stream) => {
                    live[i] = true;
                    merged.push(stream.map(move |r| (i, r)).boxed_local());
                }
                Err(e) => self.cards[i].failure(&e),
            }
        }
    }

    /// Verify a pushed update directly against the store; returns whether it verified.
    fn apply_live(&mut self, i: usize, f: Fetched, on: &mut dyn FnMut(&SyncEvent)) -> bool {
        let current_slot = self.current_slot();
        let Some(store) = self.store.as_mut() else { return false };
        self.cards[i].served += 1;
        let watch = Stopwatch::start();
        let result = apply(store, &f, &self.cfg, current_slot);
        let took = watch.elapsed();
        match result {
            Ok(()) => {
                self.cards[i].verified += 1;
                if self.options.keep_records {
                    let rec = f.to_json(&self.cfg).ok();
                    match f.kind {
                        ObjectKind::FinalityUpdate => self.records.finality = rec,
                        _ => self.records.optimistic = rec,
                    }
                }
                self.emit_head(i, f.kind, Via::Event, took, on);
                true
            }
            Err(e) => {
                self.judge_into_card(i, &e);
                false
            }
        }
    }
}
