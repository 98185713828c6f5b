//! The multi-endpoint syncer.
//!
//! Every endpoint is asked the same question at once; each answer is verified
//! by `lucid-core` on its own copy of the store, so an endpoint's lies cannot
//! spoil another's truths. The store then moves to the best verified result
//! (highest finalized slot, then a known next committee). Once one endpoint
//! has answered, the others get one request timeout more: a hung endpoint
//! cannot hold up the rest. While following, every endpoint runs on its own
//! task and each object is verified as it arrives.
//!
//! Verdicts (see [`ReportCard`]): a failed branch or signature check is a lie,
//! whatever the slot (the core checks proofs before it compares slots); valid
//! but outdated answers are lag; answers signed for a slot the clock has not
//! reached, or for a period the store has not reached, are early and retried;
//! two validly signed heads that differ at one slot make both endpoints
//! "conflicting"; failures and timeouts are recorded too. With any one honest,
//! reachable endpoint the sync completes.
//!
//! When the chain does not finalize for `UPDATE_TIMEOUT` slots, the store is
//! moved by the spec's force update ([`SyncEvent::Forced`]), as the spec's
//! light client does, so following goes on through a stretch of non-finality.
//!
//! The current slot comes from an injectable [`Clock`], never from the
//! endpoints.

use crate::api::{event_to_fetched, Endpoint, Fetched, Timed};
use crate::checkpoint::AgeGauge;
use crate::clock::{Clock, Stopwatch};
use crate::error::TransportError;
use crate::report::ReportCard;
use crate::transport::{EventStream, HttpTransport};
use crate::{Encoding, S};
use futures::future::{select, Either, FutureExt};
use futures::stream::{FuturesUnordered, LocalBoxStream, SelectAll, StreamExt};
use lucid_core::data::UpdateKind;
use lucid_core::decode::ObjectKind;
use lucid_core::header::LightClientHeader;
use lucid_core::store::{
    initialize_light_client_store, process_light_client_store_force_update, process_light_client_update,
    LightClientStore,
};
use lucid_core::{Head, LightClientError, NetworkConfig, Root};
use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
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
    /// No finalized update for `UPDATE_TIMEOUT` slots: the spec's force update
    /// took the best valid update's attested header as finalized. `head` is
    /// the new finalized head; it is signed by the sync committee but not
    /// finalized by the chain.
    Forced { head: Head, current_slot: u64 },
    /// Catch-up ended behind the clock: every endpoint that answered lags (or
    /// the chain has not finalized). What they served verified.
    Behind(Behind),
    /// Catching up to a new period failed while following; following goes on.
    CatchUpFailed { message: String },
    /// While following: the endpoints' report cards so far, sent every poll interval in which
    /// they changed. Not serialized: front ends get the cards as [`crate::live::LiveUpdate::Cards`].
    #[serde(skip)]
    Cards { cards: Vec<ReportCard> },
}

/// How far behind the clock a sync ended.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Behind {
    /// The best verified finalized head.
    pub finalized: Head,
    /// The best verified optimistic head.
    pub optimistic: Head,
    /// Slots between the finalized head and the current slot.
    pub finalized_slots_behind: u64,
    /// The same in seconds.
    pub seconds_behind: u64,
    /// The period the clock is in (or the catch-up limit).
    pub target_period: u64,
    /// The current slot by the clock.
    pub current_slot: u64,
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

impl Records {
    /// The objects as a bundle the core replays (`bootstrap.json`, `updates.json`, …), once a
    /// bootstrap has been kept.
    pub fn bundle(&self) -> Option<lucid_core::replay::Bundle> {
        self.bundle_with(|v| v.to_string().into_bytes())
    }

    /// [`Records::bundle`], each file's JSON written by `encode` (e.g. pretty-printed for files).
    pub fn bundle_with(&self, encode: impl Fn(&serde_json::Value) -> Vec<u8>) -> Option<lucid_core::replay::Bundle> {
        use lucid_core::replay::{Bundle, Input};
        let input = |name: &str, value: &serde_json::Value| Input { name: name.into(), bytes: encode(value) };
        Some(Bundle {
            bootstrap: input("bootstrap.json", self.bootstrap.as_ref()?),
            updates: vec![input("updates.json", &serde_json::Value::Array(self.updates.clone()))],
            finality: self.finality.as_ref().map(|v| input("finality.json", v)),
            optimistic: self.optimistic.as_ref().map(|v| input("optimistic.json", v)),
        })
    }
}

/// The attested header's slot of a Beacon-API `{version, data}` update.
fn attested_slot(update: &serde_json::Value) -> Option<u64> {
    update["data"]["attested_header"]["beacon"]["slot"].as_str()?.parse().ok()
}

/// The verified objects of a running [`Syncer`], shared with whoever holds a clone.
#[derive(Debug, Clone, Default)]
pub struct SharedRecords(Arc<Mutex<Records>>);

impl SharedRecords {
    /// A copy of the objects as they are now.
    pub fn get(&self) -> Records {
        self.lock().clone()
    }

    fn edit(&self, f: impl FnOnce(&mut Records)) {
        f(&mut self.lock());
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Records> {
        // Records are plain values: one left half-written by a panic elsewhere is still readable.
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Options of [`Syncer::follow`].
#[derive(Debug, Clone)]
pub struct FollowOptions {
    /// Use the event stream (else poll only).
    pub use_events: bool,
    /// Poll interval of an endpoint whose event stream is down or has been
    /// quiet this long, and how often the force update and a new period are
    /// checked for.
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

/// How an answer the core refused reflects on the endpoint that served it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Judged {
    /// Valid but outdated: the endpoint lags.
    Lag,
    /// Not usable yet: signed for a slot the clock has not reached, or for a
    /// period the store has not reached. Retried later.
    Early,
    /// A check failed that no honest endpoint fails: a lie.
    Lie,
}

/// Judge a rejection. The core checks every branch and the signature before
/// it compares slots with the clock and the store, so an early or stale
/// verdict here means the proofs that could be checked held.
fn judge(e: &LightClientError) -> Judged {
    match e {
        LightClientError::StaleUpdate { .. } => Judged::Lag,
        LightClientError::PeriodOutOfRange { signature_period, store_period, .. } => {
            if signature_period < store_period {
                Judged::Lag
            } else {
                Judged::Early
            }
        }
        LightClientError::SignatureSlotOutOfRange { current_slot, signature_slot, attested_slot, finalized_slot }
            if signature_slot > current_slot && signature_slot > attested_slot && attested_slot >= finalized_slot =>
        {
            Judged::Early
        }
        _ => Judged::Lie,
    }
}

/// Verify `update` against `store` (upgrading the store's containers first when
/// the update is of a newer fork); returns its attested header. A rejected
/// update leaves `store` unchanged.
fn apply(
    store: &mut LightClientStore<S>,
    f: &Fetched,
    cfg: &NetworkConfig,
    current_slot: u64,
) -> Result<LightClientHeader, LightClientError> {
    let update = f.decode_update(cfg)?;
    if update.fork.container_fork() > store.fork.container_fork() {
        let mut upgraded = store.upgrade_to(update.fork, cfg)?;
        process_light_client_update(&mut upgraded, &update, current_slot, cfg)?;
        *store = upgraded;
    } else {
        process_light_client_update(store, &update, current_slot, cfg)?;
    }
    Ok(update.attested_header)
}

/// `process_light_client_store_force_update`, as the spec's light client runs
/// it at every slot: after `UPDATE_TIMEOUT` slots without a finalized update,
/// the best valid update's attested header is taken as finalized. Returns the
/// new finalized head if the store moved.
fn force_if_due(store: &mut LightClientStore<S>, cfg: &NetworkConfig, current_slot: u64) -> Option<Head> {
    match process_light_client_store_force_update(store, current_slot, cfg) {
        Ok(true) => Some(Head::of(&store.finalized_header, cfg)),
        _ => None,
    }
}

/// How far a store has come: its finalized slot, then whether it knows the
/// next committee. Catch-up advances when this grows.
fn progress(s: &LightClientStore<S>) -> (u64, bool) {
    (s.finalized_header.slot(), s.is_next_sync_committee_known())
}

/// Which of two verified stores to keep: the one that has come further, then
/// the later optimistic head, then the one holding a best valid update.
fn rank(s: &LightClientStore<S>) -> (u64, bool, u64, bool) {
    (
        s.finalized_header.slot(),
        s.is_next_sync_committee_known(),
        s.optimistic_header.slot(),
        s.best_valid_update.is_some(),
    )
}

/// An answer, or `None` when it did not come within the grace period.
type Answer<V> = Option<Timed<Result<V, TransportError>>>;

/// Run `requests` (one per endpoint) at once. Once the first usable answer is
/// in, the others get at most `grace` more: a hung endpoint delays the rest by
/// no more than one request timeout. Answers come back in the order asked.
async fn gather<'a, V: 'a>(
    requests: Vec<futures::future::LocalBoxFuture<'a, Timed<Result<V, TransportError>>>>,
    grace: Duration,
) -> Vec<Answer<V>> {
    let mut answers: Vec<Answer<V>> = (0..requests.len()).map(|_| None).collect();
    let mut pending: FuturesUnordered<_> =
        requests.into_iter().enumerate().map(|(i, f)| f.map(move |t| (i, t))).collect();
    let mut deadline: Option<Stopwatch> = None;
    while !pending.is_empty() {
        let next = match deadline {
            None => pending.next().await,
            Some(first) => {
                let left = grace.saturating_sub(first.elapsed());
                match select(pending.next(), Box::pin(crate::sleep(left))).await {
                    Either::Left((item, _)) => item,
                    Either::Right(_) => break,
                }
            }
        };
        let Some((i, t)) = next else { break };
        if deadline.is_none() && t.value.is_ok() {
            deadline = Some(Stopwatch::start());
        }
        answers[i] = Some(t);
    }
    answers
}

/// What one endpoint's follower task hands the syncer.
enum Arrival {
    /// An object to verify.
    Object { fetched: Fetched, via: Via, latency: Option<Duration> },
    /// A request or the event stream failed.
    Failed(TransportError),
    /// The event stream (re)opened.
    StreamOpened { reconnect: bool },
    /// The endpoint was polled for its heads.
    Polled,
}

/// One endpoint's task while following: it keeps the event stream open
/// (reopening it with backoff), polls when the stream is down or quiet for a
/// poll interval, and hands over what arrives. Each endpoint has its own task,
/// so a hung or slow endpoint delays only itself.
struct EndpointTask<T> {
    endpoint: Rc<Endpoint<T>>,
    encoding: Encoding,
    use_events: bool,
    poll_interval: Duration,
    stream: Option<EventStream>,
    opened_before: bool,
    /// Failures in a row (reset by anything that arrives).
    failures: u32,
    /// Since the last failure.
    since_failure: Stopwatch,
    /// Since the last event or poll.
    since_news: Stopwatch,
    queue: VecDeque<Arrival>,
}

impl<T: HttpTransport + 'static> EndpointTask<T> {
    fn new(endpoint: Rc<Endpoint<T>>, encoding: Encoding, opts: &FollowOptions) -> Self {
        EndpointTask {
            endpoint,
            encoding,
            use_events: opts.use_events,
            poll_interval: opts.poll_interval,
            stream: None,
            opened_before: false,
            failures: 0,
            since_failure: Stopwatch::start(),
            since_news: Stopwatch::start(),
            queue: VecDeque::new(),
        }
    }

    /// The task as a stream of arrivals tagged with the endpoint's index.
    fn run(self, i: usize) -> LocalBoxStream<'static, (usize, Arrival)> {
        futures::stream::unfold(self, move |mut task| async move {
            let arrival = task.next_arrival().await;
            Some(((i, arrival), task))
        })
        .boxed_local()
    }

    /// The wait before trying again after `failures` failures in a row: none
    /// after the first, then one poll interval, doubling up to sixteen.
    fn backoff(&self) -> Duration {
        match self.failures {
            0 | 1 => Duration::ZERO,
            n => self.poll_interval.saturating_mul(1u32 << (n - 2).min(4)),
        }
    }

    fn failed(&mut self, e: TransportError) {
        self.failures = self.failures.saturating_add(1);
        self.since_failure = Stopwatch::start();
        self.queue.push_back(Arrival::Failed(e));
    }

    async fn next_arrival(&mut self) -> Arrival {
        loop {
            if let Some(a) = self.queue.pop_front() {
                return a;
            }
            let retry_wait = self.backoff().saturating_sub(self.since_failure.elapsed());
            if self.use_events && self.stream.is_none() {
                crate::sleep(retry_wait).await;
                match self.endpoint.events().await {
                    Ok(stream) => {
                        self.stream = Some(stream);
                        self.queue.push_back(Arrival::StreamOpened { reconnect: self.opened_before });
                        self.opened_before = true;
                        self.since_news = Stopwatch::start();
                    }
                    Err(e) => {
                        self.failed(e);
                        self.poll().await;
                    }
                }
                continue;
            }
            let poll_wait = self.poll_interval.saturating_sub(self.since_news.elapsed()).max(retry_wait);
            let Some(stream) = self.stream.as_mut() else {
                crate::sleep(poll_wait).await;
                self.poll().await;
                continue;
            };
            match select(stream.next(), Box::pin(crate::sleep(poll_wait))).await {
                Either::Left((Some(Ok(ev)), _)) => {
                    self.since_news = Stopwatch::start();
                    if let Some(fetched) = event_to_fetched(&ev.event, &ev.data) {
                        self.failures = 0;
                        self.queue.push_back(Arrival::Object { fetched, via: Via::Event, latency: None });
                    }
                }
                Either::Left((Some(Err(e)), _)) => {
                    self.stream = None;
                    self.failed(e);
                }
                Either::Left((None, _)) => {
                    self.stream = None;
                    let url = self.endpoint.url().to_string();
                    self.failed(TransportError::StreamEnded { url });
                }
                // The stream is open but quiet: ask directly.
                Either::Right(_) => self.poll().await,
            }
        }
    }

    /// Ask for both heads at once and queue what comes back.
    async fn poll(&mut self) {
        self.queue.push_back(Arrival::Polled);
        let (finality, optimistic) = futures::future::join(
            self.endpoint.finality_update(self.encoding),
            self.endpoint.optimistic_update(self.encoding),
        )
        .await;
        self.since_news = Stopwatch::start();
        for t in [finality, optimistic] {
            match t.value {
                Ok(fetched) => {
                    self.failures = 0;
                    self.queue.push_back(Arrival::Object { fetched, via: Via::Poll, latency: Some(t.latency) });
                }
                Err(e) => self.failed(e),
            }
        }
    }
}

/// Verified heads recently seen per endpoint, to find conflicting ones.
#[derive(Debug, Default)]
struct SeenHeads {
    /// Per endpoint, the last few (slot, root) pairs it served that verified.
    recent: Vec<VecDeque<(u64, Root)>>,
}

impl SeenHeads {
    const KEEP: usize = 16;

    /// Record that `i` served a verified head; returns the endpoints that
    /// served a different verified head at the same slot.
    fn record(&mut self, i: usize, slot: u64, root: Root) -> Vec<usize> {
        if self.recent.len() <= i {
            self.recent.resize_with(i + 1, VecDeque::new);
        }
        let others = self
            .recent
            .iter()
            .enumerate()
            .filter(|(j, seen)| *j != i && seen.iter().any(|(s, r)| *s == slot && *r != root))
            .map(|(j, _)| j)
            .collect();
        let mine = &mut self.recent[i];
        if !mine.contains(&(slot, root)) {
            mine.push_back((slot, root));
            if mine.len() > Self::KEEP {
                mine.pop_front();
            }
        }
        others
    }
}

/// Syncs one store from several endpoints.
pub struct Syncer<T, C> {
    cfg: NetworkConfig,
    checkpoint: Root,
    endpoints: Vec<Rc<Endpoint<T>>>,
    cards: Vec<ReportCard>,
    clock: C,
    options: SyncOptions,
    store: Option<LightClientStore<S>>,
    bootstrap_period: u64,
    records: SharedRecords,
    behind: Option<Behind>,
    seen: SeenHeads,
}

impl<T: HttpTransport + 'static, C: Clock> Syncer<T, C> {
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
            endpoints: endpoints.into_iter().map(Rc::new).collect(),
            cards,
            clock,
            options,
            store: None,
            bootstrap_period: 0,
            records: SharedRecords::default(),
            behind: None,
            seen: SeenHeads::default(),
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

    /// Set when the last catch-up ended behind the clock because every
    /// endpoint that answered lags (see [`SyncEvent::Behind`]).
    pub fn behind(&self) -> Option<&Behind> {
        self.behind.as_ref()
    }

    /// The verified objects so far (when `keep_records` is set).
    pub fn records(&self) -> Records {
        self.records.get()
    }

    /// A handle on the verified objects that stays current while the syncer runs (when
    /// `keep_records` is set), e.g. for an event callback during [`Syncer::follow`].
    pub fn shared_records(&self) -> SharedRecords {
        self.records.clone()
    }

    /// The network.
    pub fn config(&self) -> &NetworkConfig {
        &self.cfg
    }

    fn current_slot(&self) -> u64 {
        self.clock.current_slot(&self.cfg)
    }

    /// How long to wait for the others once one endpoint has answered.
    fn grace(&self) -> Duration {
        self.endpoints.iter().map(|e| e.policy().timeout).max().unwrap_or_default()
    }

    fn record_json(&self, f: &Fetched) -> Option<serde_json::Value> {
        if !self.options.keep_records {
            return None;
        }
        f.to_json(&self.cfg).ok()
    }

    /// Note a transport outcome on `i`'s card; returns the body if there is one.
    fn received<V>(&mut self, i: usize, answer: Answer<V>) -> Option<V> {
        let grace = self.grace();
        let card = &mut self.cards[i];
        let Some(t) = answer else {
            card.failure(&TransportError::Timeout { url: card.endpoint.clone(), after_ms: grace.as_millis() as u64 });
            card.last_error = Some(format!(
                "{}: no answer within {} ms of another endpoint's; not waited for",
                card.endpoint,
                grace.as_millis()
            ));
            return None;
        };
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

    /// Record a refusal on `i`'s card; returns how it was judged.
    fn judge_into_card(&mut self, i: usize, e: &LightClientError) -> Judged {
        let judged = judge(e);
        let card = &mut self.cards[i];
        match judged {
            Judged::Lag => card.stale += 1,
            Judged::Early => card.early += 1,
            Judged::Lie => card.rejection(e.kind(), &e.to_string()),
        }
        judged
    }

    /// Note verified heads at the same slot with different roots: both sides conflict.
    fn note_head(&mut self, i: usize, header: &LightClientHeader) {
        for j in self.seen.record(i, header.slot(), header.beacon_root()) {
            self.cards[i].disagreements += 1;
            self.cards[j].disagreements += 1;
        }
    }

    /// Run the spec's force update on the store if it is due, and say so.
    fn force_store_if_due(&mut self, on: &mut dyn FnMut(&SyncEvent)) {
        let current_slot = self.current_slot();
        let Some(store) = self.store.as_mut() else { return };
        if let Some(head) = force_if_due(store, &self.cfg, current_slot) {
            on(&SyncEvent::Forced { head, current_slot });
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
        let requests = self.endpoints.iter().map(|e| e.bootstrap(&root, enc).boxed_local()).collect();
        let answers = gather(requests, self.grace()).await;
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
                        let rec = self.record_json(&f);
                        self.records.edit(|r| r.bootstrap = rec);
                        self.store = Some(store);
                        on(&SyncEvent::Bootstrapped { endpoint: self.cards[i].endpoint.clone(), head, age });
                    }
                }
                Err(e) => any_rejected |= self.judge_into_card(i, &e) == Judged::Lie,
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
    /// When the endpoints that answer lag behind the clock (or the chain has
    /// not finalized, and the update timeout has not passed), this ends with
    /// [`SyncEvent::Behind`] and `Ok`: what they served verified.
    pub async fn catch_up(&mut self, on: &mut dyn FnMut(&SyncEvent)) -> Result<(), SyncError> {
        let mut asked_for_next = false;
        self.behind = None;
        loop {
            self.force_store_if_due(on);
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
            let round = self.updates_round(start, target.saturating_sub(start) + 1, on).await?;
            if !round.advanced && start < target {
                if round.lagging.is_empty() {
                    return Err(SyncError::Stuck { period: start, rejected: round.rejected });
                }
                let behind = self.behind_now(target).ok_or(SyncError::NotBootstrapped)?;
                for &i in &round.lagging {
                    self.cards[i].behind_clock_slots = Some(behind.finalized_slots_behind);
                }
                on(&SyncEvent::Behind(behind.clone()));
                self.behind = Some(behind);
                return Ok(());
            }
        }
    }

    /// Where the store stands against the clock.
    fn behind_now(&self, target_period: u64) -> Option<Behind> {
        let store = self.store.as_ref()?;
        let finalized = Head::of(&store.finalized_header, &self.cfg);
        let current_slot = self.current_slot();
        let slots_behind = current_slot.saturating_sub(finalized.slot);
        Some(Behind {
            finalized_slots_behind: slots_behind,
            seconds_behind: slots_behind.saturating_mul(self.cfg.seconds_per_slot),
            finalized,
            optimistic: Head::of(&store.optimistic_header, &self.cfg),
            target_period,
            current_slot,
        })
    }

    /// One `updates` round.
    async fn updates_round(
        &mut self,
        start: u64,
        count: u64,
        on: &mut dyn FnMut(&SyncEvent),
    ) -> Result<Round, SyncError> {
        let base = self.store.clone().ok_or(SyncError::NotBootstrapped)?;
        let enc = self.options.encoding;
        let current_slot = self.current_slot();
        let target = start + count - 1;
        let cfg = &self.cfg;
        let requests = self.endpoints.iter().map(|e| e.updates(cfg, start, count, enc).boxed_local()).collect();
        let answers = gather(requests, self.grace()).await;
        let mut candidates: Vec<Candidate> = Vec::new();
        let mut round = Round::default();
        let mut shown = start;
        for (i, t) in answers.into_iter().enumerate() {
            let Some(list) = self.received(i, t) else { continue };
            let mut c = Candidate { endpoint: i, store: base.clone(), records: Vec::new(), forced: Vec::new() };
            let (mut verified_any, mut lied, mut lagged) = (false, false, false);
            for f in &list {
                self.cards[i].served += 1;
                let mut result = apply(&mut c.store, f, &self.cfg, current_slot);
                // The spec's light client runs the force update at every slot; catching up, it is
                // due before an update of a later period can be used.
                if matches!(&result, Err(e) if judge(e) == Judged::Early) {
                    if let Some(head) = force_if_due(&mut c.store, &self.cfg, current_slot) {
                        c.forced.push(head);
                        result = apply(&mut c.store, f, &self.cfg, current_slot);
                    }
                }
                match result {
                    Ok(_) => {
                        self.cards[i].verified += 1;
                        verified_any = true;
                        if let Some(v) = self.record_json(f) {
                            c.records.push(v);
                        }
                        let p = c.store.period(&self.cfg);
                        if p > shown {
                            shown = p;
                            on(&SyncEvent::Progress { start: self.bootstrap_period, period: p, target });
                        }
                    }
                    Err(e) => match self.judge_into_card(i, &e) {
                        Judged::Lie => lied = true,
                        Judged::Lag => lagged = true,
                        Judged::Early => {}
                    },
                }
            }
            round.rejected |= lied;
            if !lied && (verified_any || lagged) {
                round.lagging.push(i);
            }
            if verified_any {
                candidates.push(c);
            }
        }
        let Some(best_idx) = (0..candidates.len())
            .max_by(|a, b| rank(&candidates[*a].store).cmp(&rank(&candidates[*b].store)).then(b.cmp(a)))
        else {
            return Ok(round);
        };
        let heads: Vec<(usize, LightClientHeader)> =
            candidates.iter().map(|c| (c.endpoint, c.store.finalized_header.clone())).collect();
        self.cross_check(&heads);
        let best = candidates.swap_remove(best_idx);
        round.advanced = progress(&best.store) > progress(&base);
        if rank(&best.store) > rank(&base) {
            self.records.edit(|r| r.updates.extend(best.records));
            self.store = Some(best.store);
            for head in best.forced {
                on(&SyncEvent::Forced { head, current_slot });
            }
        }
        Ok(round)
    }

    /// Compare verified heads of one round: record lag behind the best, and
    /// conflicts at equal slots.
    fn cross_check(&mut self, heads: &[(usize, LightClientHeader)]) {
        let Some(best) = heads.iter().map(|(_, h)| h.slot()).max() else { return };
        for (i, h) in heads {
            self.cards[*i].lag_slots = Some(best - h.slot());
            self.note_head(*i, h);
        }
    }

    /// Ask every endpoint for its finality and optimistic updates at once,
    /// verify each on its own copy of the store, and move to the best.
    pub async fn poll_heads(&mut self, on: &mut dyn FnMut(&SyncEvent)) -> Result<(), SyncError> {
        self.force_store_if_due(on);
        let enc = self.options.encoding;
        let requests = self
            .endpoints
            .iter()
            .map(|e| {
                async move {
                    let (fin, opt) = futures::future::join(e.finality_update(enc), e.optimistic_update(enc)).await;
                    let (latency, attempts) = (fin.latency.max(opt.latency), fin.attempts.max(opt.attempts));
                    Timed { value: Ok::<_, TransportError>((fin, opt)), latency, attempts }
                }
                .boxed_local()
            })
            .collect::<Vec<_>>();
        // Both requests of an endpoint count as its answer; a transport failure of either is kept.
        let both = gather_pairs(requests, self.grace()).await;
        for kind in [ObjectKind::FinalityUpdate, ObjectKind::OptimisticUpdate] {
            let base = self.store.clone().ok_or(SyncError::NotBootstrapped)?;
            let current_slot = self.current_slot();
            let mut candidates = Vec::new();
            for (i, pair) in both.iter().enumerate() {
                let answer =
                    pair.as_ref().and_then(
                        |(fin, opt)| {
                            if kind == ObjectKind::FinalityUpdate {
                                fin.clone()
                            } else {
                                opt.clone()
                            }
                        },
                    );
                let Some(f) = self.received(i, answer) else { continue };
                self.cards[i].served += 1;
                let mut st = base.clone();
                let watch = Stopwatch::start();
                match apply(&mut st, &f, &self.cfg, current_slot) {
                    Ok(_) => {
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
            self.cross_check(&heads);
            let head_rank = |s: &LightClientStore<S>| (s.finalized_header.slot(), s.optimistic_header.slot());
            let Some(best_idx) = (0..candidates.len())
                .max_by(|a, b| head_rank(&candidates[*a].1).cmp(&head_rank(&candidates[*b].1)).then(b.cmp(a)))
            else {
                continue;
            };
            let (i, best, f, took) = candidates.swap_remove(best_idx);
            let rec = self.record_json(&f);
            match kind {
                ObjectKind::FinalityUpdate => self.records.edit(|r| r.finality = rec.or(r.finality.take())),
                _ => self.records.edit(|r| r.optimistic = rec.or(r.optimistic.take())),
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
        self.poll_heads(on).await?;
        // The heads may have moved the store on since catch-up found the endpoints behind.
        if let Some(target) = self.behind.as_ref().map(|b| b.target_period) {
            self.behind = self.behind_now(target);
            let slots = self.behind.as_ref().map(|b| b.finalized_slots_behind);
            for card in self.cards.iter_mut().filter(|c| c.behind_clock_slots.is_some()) {
                card.behind_clock_slots = slots;
            }
        }
        Ok(())
    }

    /// Follow the chain: every endpoint runs on its own task (event stream,
    /// polling when the stream is down or quiet, reconnects with backoff), and
    /// each object is verified against the store as it arrives, so no endpoint
    /// can hold up another's heads. Every poll interval the force update is
    /// run if due and a new period is caught up. Runs until `duration` or
    /// `max_heads`.
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
        let mut tasks: SelectAll<LocalBoxStream<'static, (usize, Arrival)>> = self
            .endpoints
            .iter()
            .enumerate()
            .map(|(i, e)| EndpointTask::new(e.clone(), self.options.encoding, opts).run(i))
            .collect();
        let mut early: VecDeque<(usize, Fetched, Via, u32)> = VecDeque::new();
        let mut last_check = Stopwatch::start();
        let mut cards_sent = self.cards.clone();
        loop {
            if opts.duration.is_some_and(|d| started.elapsed() >= d)
                || opts.max_heads.is_some_and(|m| summary.heads >= m)
            {
                return Ok(summary);
            }
            let mut wait = opts.poll_interval.saturating_sub(last_check.elapsed());
            if !early.is_empty() {
                wait = wait.min(EARLY_RETRY);
            }
            if let Some(d) = opts.duration {
                wait = wait.min(d.saturating_sub(started.elapsed()));
            }
            let arrival = match select(tasks.next(), Box::pin(crate::sleep(wait))).await {
                Either::Left((item, _)) => item,
                Either::Right(_) => None,
            };
            match arrival {
                Some((i, Arrival::Object { fetched, via, latency })) => {
                    if let Some(l) = latency {
                        self.cards[i].latency(l);
                    }
                    if via == Via::Event {
                        summary.events += 1;
                    }
                    match self.apply_live(i, &fetched, via, on) {
                        Ok(()) => summary.heads += 1,
                        Err(Judged::Early) if early.len() < MAX_EARLY => early.push_back((i, fetched, via, 0)),
                        Err(_) => {}
                    }
                }
                Some((i, Arrival::Failed(e))) => self.cards[i].failure(&e),
                Some((_, Arrival::StreamOpened { reconnect })) => summary.reconnects += u64::from(reconnect),
                Some((_, Arrival::Polled)) => summary.polls += 1,
                None => {}
            }
            // Updates that were early get a few more tries as the clock moves on.
            for _ in 0..early.len() {
                let Some((i, f, via, tries)) = early.pop_front() else { break };
                if self.apply_live_retry(i, &f, via, on).is_ok() {
                    summary.heads += 1;
                } else if tries + 1 < EARLY_TRIES {
                    early.push_back((i, f, via, tries + 1));
                }
            }
            if last_check.elapsed() >= opts.poll_interval {
                last_check = Stopwatch::start();
                if self.cards != cards_sent {
                    cards_sent = self.cards.clone();
                    on(&SyncEvent::Cards { cards: cards_sent.clone() });
                }
                self.force_store_if_due(on);
                if self.target_period() > self.store.as_ref().map_or(0, |s| s.period(&self.cfg)) {
                    if let Err(e) = self.catch_up(on).await {
                        on(&SyncEvent::CatchUpFailed { message: e.to_string() });
                    }
                }
            }
        }
    }

    /// Verify one object that arrived while following directly against the
    /// store and count it as served. `Err` says how a refusal was judged.
    fn apply_live(&mut self, i: usize, f: &Fetched, via: Via, on: &mut dyn FnMut(&SyncEvent)) -> Result<(), Judged> {
        self.cards[i].served += 1;
        let result = self.verify_live(i, f, via, on);
        result.map_err(|e| self.judge_into_card(i, &e))
    }

    /// As [`Self::apply_live`], for an object already counted as served and as early.
    fn apply_live_retry(
        &mut self,
        i: usize,
        f: &Fetched,
        via: Via,
        on: &mut dyn FnMut(&SyncEvent),
    ) -> Result<(), Judged> {
        self.verify_live(i, f, via, on).map_err(|e| judge(&e))?;
        self.cards[i].early = self.cards[i].early.saturating_sub(1);
        Ok(())
    }

    /// Verify `f` against the store; on success count it, note its head, keep
    /// its record and send a head event. A refusal is left to the caller.
    fn verify_live(
        &mut self,
        i: usize,
        f: &Fetched,
        via: Via,
        on: &mut dyn FnMut(&SyncEvent),
    ) -> Result<(), LightClientError> {
        let current_slot = self.current_slot();
        // `follow` runs only once bootstrapped.
        let Some(store) = self.store.as_mut() else { return Ok(()) };
        let watch = Stopwatch::start();
        let attested = apply(store, f, &self.cfg, current_slot)?;
        let took = watch.elapsed();
        let finalized_slot = store.finalized_header.slot();
        self.cards[i].verified += 1;
        self.note_head(i, &attested);
        if self.options.keep_records {
            let rec = f.to_json(&self.cfg).ok();
            self.records.edit(|r| {
                match f.kind {
                    ObjectKind::FinalityUpdate => r.finality = rec,
                    _ => r.optimistic = rec,
                }
                // An optimistic update attested at or before the finalized head would be refused
                // as irrelevant after the finality update: the finality update carries the head.
                if r.optimistic.as_ref().and_then(attested_slot).is_some_and(|slot| slot <= finalized_slot) {
                    r.optimistic = None;
                }
            });
        }
        self.emit_head(i, f.kind, via, took, on);
        Ok(())
    }
}

/// How long an early update waits before it is tried again while following.
const EARLY_RETRY: Duration = Duration::from_secs(1);
/// How many times an early update is tried before it is dropped.
const EARLY_TRIES: u32 = 13;
/// How many early updates are kept for another try.
const MAX_EARLY: usize = 8;

/// The verified store of one endpoint's `updates` answer.
struct Candidate {
    endpoint: usize,
    store: LightClientStore<S>,
    records: Vec<serde_json::Value>,
    forced: Vec<Head>,
}

/// What one `updates` round found.
#[derive(Debug, Default)]
struct Round {
    /// The store came further (finalized slot or next committee).
    advanced: bool,
    /// Some endpoint served something the core rejected as a lie.
    rejected: bool,
    /// Endpoints that served no lie, and something that verified or was only stale.
    lagging: Vec<usize>,
}

/// [`gather`] for the pair of head requests of each endpoint.
async fn gather_pairs<'a>(
    requests: Vec<futures::future::LocalBoxFuture<'a, Timed<Result<HeadPair, TransportError>>>>,
    grace: Duration,
) -> Vec<Option<(Answer<Fetched>, Answer<Fetched>)>> {
    gather(requests, grace)
        .await
        .into_iter()
        .map(|answer| answer.and_then(|t| t.value.ok()).map(|(fin, opt)| (Some(fin), Some(opt))))
        .collect()
}

/// One head request's answer.
type TimedFetch = Timed<Result<Fetched, TransportError>>;

/// An endpoint's answers to the finality and the optimistic head requests.
type HeadPair = (TimedFetch, TimedFetch);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Verdict;

    fn root(byte: u8) -> Root {
        lucid_core::primitives::root_from([byte; 32])
    }

    #[test]
    fn heads_that_differ_at_one_slot_make_both_sides_conflicting() {
        let mut seen = SeenHeads::default();
        assert!(seen.record(0, 100, root(1)).is_empty());
        assert!(seen.record(1, 100, root(1)).is_empty(), "the same head agrees");
        assert!(seen.record(1, 101, root(2)).is_empty(), "another slot is no conflict");
        assert_eq!(seen.record(2, 100, root(3)), vec![0, 1]);
        let mut cards = [ReportCard::new("a"), ReportCard::new("b")];
        for c in &mut cards {
            c.verified = 1;
            c.disagreements = 1;
        }
        assert!(cards.iter().all(|c| c.verdict() == Verdict::Conflicting));
        cards[0].rejection("bad_signature", "bad signature");
        assert_eq!(cards[0].verdict(), Verdict::Liar);
    }

    #[test]
    fn stale_is_lag_and_the_future_is_early_but_a_forgery_is_a_lie() {
        let stale = LightClientError::StaleUpdate { attested_slot: 5, finalized_slot: 9 };
        assert_eq!(judge(&stale), Judged::Lag);
        let old = LightClientError::PeriodOutOfRange { signature_period: 3, store_period: 4, next_known: true };
        assert_eq!(judge(&old), Judged::Lag);
        let ahead = LightClientError::PeriodOutOfRange { signature_period: 6, store_period: 4, next_known: true };
        assert_eq!(judge(&ahead), Judged::Early);
        let future = LightClientError::SignatureSlotOutOfRange {
            current_slot: 10,
            signature_slot: 11,
            attested_slot: 10,
            finalized_slot: 8,
        };
        assert_eq!(judge(&future), Judged::Early);
        let disorder = LightClientError::SignatureSlotOutOfRange {
            current_slot: 20,
            signature_slot: 11,
            attested_slot: 12,
            finalized_slot: 8,
        };
        assert_eq!(judge(&disorder), Judged::Lie);
        assert_eq!(judge(&LightClientError::BadSignature), Judged::Lie);
    }

    #[test]
    fn backoff_grows_after_the_first_retry_and_is_capped() {
        let opts = FollowOptions { poll_interval: Duration::from_secs(1), ..Default::default() };
        struct Never;
        impl HttpTransport for Never {
            fn base_url(&self) -> &str {
                "http://never"
            }
            async fn get(
                &self,
                _: crate::transport::Request<'_>,
            ) -> Result<crate::transport::RawResponse, TransportError> {
                Err(TransportError::InvalidUrl("never".into()))
            }
            async fn events(&self, _: &str, _: Duration, _: Duration, _: usize) -> Result<EventStream, TransportError> {
                Err(TransportError::InvalidUrl("never".into()))
            }
        }
        let endpoint = Rc::new(Endpoint::new(Never, crate::RequestPolicy::default()));
        let mut task = EndpointTask::new(endpoint, Encoding::Json, &opts);
        let waits: Vec<u64> = (0..8)
            .map(|n| {
                task.failures = n;
                task.backoff().as_secs()
            })
            .collect();
        assert_eq!(waits, [0, 0, 1, 2, 4, 8, 16, 16]);
    }
}
