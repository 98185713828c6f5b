//! Running one entry point under `catch_unwind`, and the counts and times of every entry point.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use crate::mutate::Mutation;

/// Why an entry point refused an input: the core's error kind (`LightClientError::kind`) or a
/// short description of another refusal.
pub type Reject = Cow<'static, str>;

/// The entry points, in the order they run on each input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Entry {
    /// `decode_ssz` with the fork given (`Forked*::decode(Body::Ssz, fork, …)`), every fork.
    DecodeSsz,
    /// `decode_ssz` without a fork: every kind, the fork found from the slot.
    DecodeSszAuto,
    /// `decode_json` (`{version, data}`), every kind.
    DecodeJson,
    /// `Forked*::decode(Body::Json(data), fork, …)`, every fork.
    DecodeJsonData,
    /// `decode_bootstrap` / `decode_updates`, which tell JSON from SSZ by the content.
    DecodeSniffed,
    /// Re-encoding a decoded object (SSZ ⇄ JSON) gives the same object.
    Roundtrip,
    /// `initialize_light_client_store` with the scenario's trusted checkpoint.
    InitTrusted,
    /// `initialize_light_client_store` with the decoded header's own root.
    InitOwnRoot,
    /// `process_light_client_update` on the recorded store the input's update met.
    ProcessUpdate,
    /// `replay::verify_bundle` on a recorded bundle with the input in its role.
    VerifyBundle,
    /// The browser app's verification of user files: `verify_bundle` on mainnet, no checkpoint.
    AppVerify,
}

impl Entry {
    /// Every entry point.
    pub const ALL: [Entry; 11] = [
        Entry::DecodeSsz,
        Entry::DecodeSszAuto,
        Entry::DecodeJson,
        Entry::DecodeJsonData,
        Entry::DecodeSniffed,
        Entry::Roundtrip,
        Entry::InitTrusted,
        Entry::InitOwnRoot,
        Entry::ProcessUpdate,
        Entry::VerifyBundle,
        Entry::AppVerify,
    ];

    /// The name used in reports and reproducer file names.
    pub fn name(self) -> &'static str {
        match self {
            Entry::DecodeSsz => "decode_ssz",
            Entry::DecodeSszAuto => "decode_ssz_auto",
            Entry::DecodeJson => "decode_json",
            Entry::DecodeJsonData => "decode_json_data",
            Entry::DecodeSniffed => "decode_sniffed",
            Entry::Roundtrip => "roundtrip",
            Entry::InitTrusted => "init_store_trusted",
            Entry::InitOwnRoot => "init_store_own_root",
            Entry::ProcessUpdate => "process_update",
            Entry::VerifyBundle => "verify_bundle",
            Entry::AppVerify => "app_verify",
        }
    }

    /// Whether the entry point verifies (store rules, Merkle branches, BLS) rather than decodes.
    pub fn verifies(self) -> bool {
        matches!(
            self,
            Entry::InitTrusted | Entry::InitOwnRoot | Entry::ProcessUpdate | Entry::VerifyBundle | Entry::AppVerify
        )
    }
}

/// Counts of one entry point.
#[derive(Debug, Default, Clone)]
pub struct EntryStats {
    pub calls: u64,
    pub accepted: u64,
    pub panics: u64,
    pub rejected: BTreeMap<Reject, u64>,
    pub time: Duration,
}

/// Counts of a whole run.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub executions: u64,
    pub entries: BTreeMap<Entry, EntryStats>,
    pub mutations: BTreeMap<Mutation, u64>,
    pub panics: u64,
}

/// A panic caught in an entry point.
#[derive(Debug, Clone)]
pub struct Crash {
    pub entry: Entry,
    /// The panic message and where it was raised.
    pub message: String,
}

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Install a panic hook that keeps each panic's message and location for [`Probe`] to report.
/// With `also_print`, the default hook runs too (message and, with `RUST_BACKTRACE=1`, a backtrace).
pub fn install_panic_hook(also_print: bool) {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let location =
            info.location().map(|l| format!(" at {}:{}:{}", l.file(), l.line(), l.column())).unwrap_or_default();
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(non-string panic payload)".to_string());
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{message}{location}")));
        if also_print {
            default(info);
        }
    }));
}

/// The message and location of the last panic on this thread (after [`install_panic_hook`]).
pub fn take_panic_message() -> String {
    LAST_PANIC.with(|p| p.borrow_mut().take()).unwrap_or_else(|| "panic".to_string())
}

/// Runs the entry points of one execution: counts each outcome, catches panics, and folds the
/// outcomes into a signature (inputs with a signature not seen before join the corpus).
pub struct Probe<'a> {
    stats: &'a mut Stats,
    /// FNV-1a over `(entry, outcome)` in call order.
    pub signature: u64,
    pub crashes: Vec<Crash>,
}

impl<'a> Probe<'a> {
    /// A probe that adds to `stats`.
    pub fn new(stats: &'a mut Stats) -> Self {
        Probe { stats, signature: 0xcbf2_9ce4_8422_2325, crashes: Vec::new() }
    }

    fn note(&mut self, entry: Entry, outcome: &str) {
        for b in [entry as u8].iter().chain(outcome.as_bytes()) {
            self.signature = (self.signature ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// Run `f` as `entry`: `Ok` counts as accepted, `Err` as a rejection of that kind, a panic is
    /// kept in [`Probe::crashes`]. Returns the accepted value.
    pub fn call<T>(&mut self, entry: Entry, f: impl FnOnce() -> Result<T, Reject>) -> Option<T> {
        let start = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(f));
        let elapsed = start.elapsed();
        let stats = self.stats.entries.entry(entry).or_default();
        stats.calls += 1;
        stats.time += elapsed;
        match result {
            Ok(Ok(value)) => {
                stats.accepted += 1;
                self.note(entry, "ok");
                Some(value)
            }
            Ok(Err(reject)) => {
                self.note(entry, &reject);
                *self.stats.entries.entry(entry).or_default().rejected.entry(reject).or_default() += 1;
                None
            }
            Err(_) => {
                stats.panics += 1;
                self.stats.panics += 1;
                let message = take_panic_message();
                self.crashes.push(Crash { entry, message });
                self.note(entry, "panic");
                None
            }
        }
    }
}

impl Stats {
    /// The per-entry-point table: calls, accepted, panics, time, and rejections by kind.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let total: Duration = self.entries.values().map(|e| e.time).sum();
        out.push_str(&format!(
            "{:<20} {:>9} {:>9} {:>7} {:>9} {:>6}  rejected by kind\n",
            "entry point", "calls", "accepted", "panics", "time s", "time%"
        ));
        for entry in Entry::ALL {
            let Some(e) = self.entries.get(&entry) else { continue };
            let share = if total.is_zero() { 0.0 } else { 100.0 * e.time.as_secs_f64() / total.as_secs_f64() };
            let mut rejected: Vec<(&Reject, &u64)> = e.rejected.iter().collect();
            rejected.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let rejected: Vec<String> = rejected.iter().map(|(k, n)| format!("{k} {n}")).collect();
            out.push_str(&format!(
                "{:<20} {:>9} {:>9} {:>7} {:>9.1} {:>5.1}%  {}\n",
                entry.name(),
                e.calls,
                e.accepted,
                e.panics,
                e.time.as_secs_f64(),
                share,
                rejected.join(", ")
            ));
        }
        let (decode, verify): (Vec<_>, Vec<_>) = self.entries.iter().partition(|(entry, _)| !entry.verifies());
        let secs = |v: &[(&Entry, &EntryStats)]| v.iter().map(|(_, e)| e.time.as_secs_f64()).sum::<f64>();
        out.push_str(&format!(
            "time in entry points: decoding {:.1} s, verification (store rules, branches, BLS) {:.1} s\n",
            secs(&decode),
            secs(&verify)
        ));
        if !self.mutations.is_empty() {
            let mutations: Vec<String> = self.mutations.iter().map(|(m, n)| format!("{} {n}", m.name())).collect();
            out.push_str(&format!("mutations: {}\n", mutations.join(", ")));
        }
        out
    }
}
