//! `lucid sync`: follow the chain from several Beacon API endpoints at once,
//! verifying everything, trusting none of them.

use lucid_core::primitives::parse_root;
use lucid_core::NetworkConfig;
use lucid_transport::api::Endpoint;
use lucid_transport::checkpoint::{self, CheckpointSource, SavedCheckpoint};
use lucid_transport::clock::{Clock, FixedSlot, SystemClock};
use lucid_transport::native::ReqwestTransport;
use lucid_transport::report::render_table;
use lucid_transport::sync::{Behind, FollowOptions, SyncError, SyncEvent, SyncOptions, Syncer};
use lucid_transport::{defaults, Encoding, RequestPolicy};
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::{EXIT_REJECTED, EXIT_USAGE, EXIT_VERIFIED};

/// Options `sync` and `record` share.
#[derive(Debug, Clone, clap::Args)]
pub struct CommonArgs {
    /// The network: mainnet, sepolia, holesky or hoodi
    #[arg(long, value_name = "NAME", default_value = "mainnet")]
    pub network: String,
    /// A Beacon API endpoint (repeatable); all are asked the same questions and cross-checked
    #[arg(long = "endpoint", value_name = "URL", value_hint = clap::ValueHint::Url)]
    pub endpoints: Vec<String>,
    /// The trusted block root to start from
    #[arg(long, value_name = "0xROOT")]
    pub checkpoint: Option<String>,
    /// Ask the endpoints for SSZ instead of JSON
    #[arg(long)]
    pub ssz: bool,
    /// Timeout of each request, in milliseconds
    #[arg(long, value_name = "N")]
    pub timeout_ms: Option<u64>,
    /// Take this slot as the current one instead of the wall clock's (to replay recorded data)
    #[arg(long, value_name = "N")]
    pub current_slot: Option<u64>,
}

/// `lucid sync`'s arguments.
#[derive(Debug, Clone, clap::Args)]
#[command(
    args_override_self = true,
    after_help = "Without --endpoint, the network's default endpoints are used.\n\
        Without --checkpoint, the checkpoint saved by the last verified sync is used \
        (integrity-checked), else the built-in one.\n\
        A built-in checkpoint older than the weak-subjectivity threshold is refused: pass it \
        with --checkpoint to use it anyway.\n\
        Exit codes: 0 verified (also when every endpoint lags behind the clock: the report says \
        how far), 1 rejected (no endpoint served data that verifies, and some served data that \
        failed a check), 2 usage or I/O (also: no endpoint reachable)."
)]
pub struct SyncArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// After catching up, keep following the chain's new heads
    #[arg(long)]
    pub follow: bool,
    /// Follow for N seconds, then stop (implies --follow)
    #[arg(long, value_name = "N")]
    pub follow_seconds: Option<u64>,
    /// Print one JSON object per event, then a summary object
    #[arg(long)]
    pub json: bool,
    /// Keep the checkpoint in DIR/<network> [default: $LUCID_DATA_DIR, $XDG_DATA_HOME/lucid or ~/.local/share/lucid]
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub data_dir: Option<PathBuf>,
    /// Do not save the verified finalized head as the next checkpoint
    #[arg(long)]
    pub no_save: bool,
}

/// The clock: fixed at `--current-slot`, else the wall clock.
#[derive(Debug, Clone, Copy)]
pub enum CliClock {
    Fixed(FixedSlot),
    System(SystemClock),
}

impl Clock for CliClock {
    fn current_slot(&self, cfg: &NetworkConfig) -> u64 {
        match self {
            CliClock::Fixed(c) => c.current_slot(cfg),
            CliClock::System(c) => c.current_slot(cfg),
        }
    }
}

/// Everything needed to start a syncer, resolved from the arguments.
pub struct Prepared {
    pub cfg: NetworkConfig,
    pub syncer: Syncer<ReqwestTransport, CliClock>,
    /// The trusted root and where it came from.
    pub checkpoint: (lucid_core::Root, CheckpointSource),
    /// Where it came from, for people (the saved file's path and its origin, or `--checkpoint`).
    pub checkpoint_detail: String,
    pub data_dir: Option<PathBuf>,
    pub notes: Vec<String>,
}

/// Resolve network, endpoints, checkpoint and clock; the saved checkpoint is looked for in
/// `data_dir/<network>`, else in the network's default data directory. Errors are usage/I/O errors.
pub fn prepare(c: &CommonArgs, data_dir: Option<&Path>, options: SyncOptions) -> Result<Prepared, String> {
    let cfg = NetworkConfig::by_name(&c.network).ok_or_else(|| format!("unknown network {:?}", c.network))?;
    let mut notes = Vec::new();
    let urls: Vec<String> = if c.endpoints.is_empty() {
        let d = defaults::endpoints(&c.network);
        if d.is_empty() {
            return Err(format!("no default endpoints for {}: pass --endpoint URL", c.network));
        }
        notes.push(format!("using the default endpoints of {} (see lucid_transport::defaults)", c.network));
        d.iter().map(|e| e.url.to_string()).collect()
    } else {
        c.endpoints.clone()
    };
    let data_dir = data_dir.map(|d| d.join(&c.network)).or_else(|| checkpoint::default_data_dir(&c.network));
    let clock = match c.current_slot {
        Some(s) => CliClock::Fixed(FixedSlot(s)),
        None => CliClock::System(SystemClock),
    };
    let (root_text, source, detail) = match &c.checkpoint {
        Some(r) => (r.clone(), CheckpointSource::Given, "user (--checkpoint)".to_string()),
        None => {
            let saved = match &data_dir {
                Some(dir) => checkpoint::load(dir).map_err(|e| e.to_string())?,
                None => None,
            };
            match (saved, defaults::checkpoint(&c.network)) {
                (Some(s), _) => (
                    s.block_root.to_string(),
                    CheckpointSource::Saved,
                    format!(
                        "saved {} ({})",
                        data_dir.as_ref().map(|d| d.join("checkpoint.json").display().to_string()).unwrap_or_default(),
                        s.source
                    ),
                ),
                (None, Some(d)) => {
                    let age = checkpoint::AgeGauge::new(&cfg, d.slot, clock.current_slot(&cfg));
                    if age.too_old {
                        return Err(format!(
                            "the built-in checkpoint of {} (slot {}) is {} epochs (~{} days) old, past the {}-epoch \
                             weak-subjectivity threshold: a chain signed by sync committees whose members have since \
                             exited could fool this client. Pass a recent checkpoint from a source you trust with \
                             --checkpoint 0xROOT, or pass the built-in one explicitly to use it anyway: --checkpoint {}",
                            c.network, d.slot, age.age_epochs, age.age_days, age.threshold_epochs, d.block_root
                        ));
                    }
                    notes.push(format!("no checkpoint given or saved: using the built-in one ({})", d.source));
                    (d.block_root.to_string(), CheckpointSource::BuiltIn, "built-in default".to_string())
                }
                (None, None) => return Err(format!("no checkpoint for {}: pass --checkpoint 0xROOT", c.network)),
            }
        }
    };
    let root = parse_root(&root_text)
        .ok_or_else(|| format!("checkpoint {root_text:?} is not a 0x-prefixed 32-byte block root"))?;
    let mut policy = RequestPolicy::default();
    if let Some(ms) = c.timeout_ms {
        policy.timeout = Duration::from_millis(ms);
    }
    let endpoints = urls
        .iter()
        .map(|u| ReqwestTransport::new(u).map(|t| Endpoint::new(t, policy.clone())).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let options = SyncOptions { encoding: if c.ssz { Encoding::Ssz } else { options.encoding }, ..options };
    Ok(Prepared {
        syncer: Syncer::new(cfg.clone(), root, endpoints, clock, options),
        cfg,
        checkpoint: (root, source),
        checkpoint_detail: detail,
        data_dir,
        notes,
    })
}

/// A one-line progress bar on stderr.
pub fn progress_bar(start: u64, period: u64, target: u64) -> String {
    let total = target.saturating_sub(start).max(1);
    let done = period.saturating_sub(start).min(total);
    let width = 30;
    let filled = (done * width / total) as usize;
    format!(
        "\r[{}{}] period {period}/{target} ({done}/{total})",
        "#".repeat(filled),
        " ".repeat(width as usize - filled)
    )
}

/// The human line of an event.
pub fn event_line(e: &SyncEvent) -> Option<String> {
    match e {
        SyncEvent::Bootstrapped { endpoint, head, age } => {
            let mut s = format!(
                "ok  bootstrap from {endpoint}: slot {} root {} (period {}), checkpoint age {} epochs",
                head.slot, head.root, head.period, age.age_epochs
            );
            if let Some(w) = age.warning() {
                s.push('\n');
                s.push_str(&w);
            }
            Some(s)
        }
        SyncEvent::Head(h) => Some(format!(
            "ok  {:?} via {:?} from {}: finalized slot {} root {}; optimistic slot {} root {} (verified in {} us)",
            h.kind,
            h.via,
            h.endpoint,
            h.finalized.slot,
            h.finalized.root,
            h.optimistic.slot,
            h.optimistic.root,
            h.verify_us
        )),
        SyncEvent::Forced { head, current_slot } => Some(format!(
            "ok  forced update: no finalized update for a sync-committee period (slot {current_slot}); the store \
             moved to the best valid update's attested header, slot {} root {} (signed by the sync committee, \
             not finalized)",
            head.slot, head.root
        )),
        SyncEvent::Behind(b) => Some(behind_line(b)),
        SyncEvent::CatchUpFailed { message } => Some(format!("warn catching up failed, following goes on: {message}")),
        SyncEvent::Progress { .. } | SyncEvent::Cards { .. } => None,
    }
}

/// The line saying the endpoints lag behind the clock.
pub fn behind_line(b: &Behind) -> String {
    format!(
        "lag every endpoint that answered is behind the clock: the best verified finalized head, slot {} (period {}), \
         is {} slots (~{}) behind slot {} (period {}); optimistic head slot {}",
        b.finalized.slot,
        b.finalized.period,
        b.finalized_slots_behind,
        human_duration(b.seconds_behind),
        b.current_slot,
        b.target_period,
        b.optimistic.slot
    )
}

/// "3 h 20 min", "5 days", "40 s".
pub fn human_duration(seconds: u64) -> String {
    match seconds {
        s if s < 120 => format!("{s} s"),
        s if s < 7200 => format!("{} min", s / 60),
        s if s < 172_800 => format!("{} h {} min", s / 3600, s % 3600 / 60),
        s => format!("{} days", s / 86_400),
    }
}

/// The current-thread runtime the async commands (`sync`, `record`, `account`) run on.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))
}

/// Exit code for a failed sync.
pub fn error_code(e: &SyncError) -> u8 {
    if e.rejected() {
        EXIT_REJECTED
    } else {
        EXIT_USAGE
    }
}

/// Run `sync`, printing as it goes; returns the exit code.
pub fn run(args: SyncArgs) -> u8 {
    let as_json = args.json;
    let usage = |message: &str| {
        crate::report_usage_error::<SyncArgs>("sync", message, as_json);
        EXIT_USAGE
    };
    let mut prep = match prepare(&args.common, args.data_dir.as_deref(), SyncOptions::default()) {
        Ok(p) => p,
        Err(e) => return usage(&e),
    };
    let rt = match runtime() {
        Ok(r) => r,
        Err(e) => return usage(&e),
    };
    for n in &prep.notes {
        eprintln!("note: {n}");
    }
    if !as_json {
        println!("checkpoint: {}", prep.checkpoint_detail);
    }
    let mut bar_shown = false;
    let mut on = |e: &SyncEvent| {
        if as_json {
            println!("{}", serde_json::to_string(e).unwrap_or_default());
            return;
        }
        if let SyncEvent::Progress { start, period, target } = e {
            eprint!("{}", progress_bar(*start, *period, *target));
            let _ = std::io::stderr().flush();
            bar_shown = true;
            return;
        }
        if bar_shown {
            eprintln!();
            bar_shown = false;
        }
        if let Some(line) = event_line(e) {
            println!("{line}");
        }
    };
    let mut result = rt.block_on(prep.syncer.sync(&mut on));
    if result.is_ok() && (args.follow || args.follow_seconds.is_some()) {
        let opts = FollowOptions { duration: args.follow_seconds.map(Duration::from_secs), ..Default::default() };
        result = rt.block_on(prep.syncer.follow(&opts, &mut on)).map(|_| ());
    }
    let cards = prep.syncer.report_cards().to_vec();
    let behind = prep.syncer.behind().cloned();
    let fin = prep.syncer.finalized();
    let opt = prep.syncer.optimistic();
    let code = match &result {
        Ok(()) => EXIT_VERIFIED,
        Err(e) => error_code(e),
    };
    if result.is_ok() && !args.no_save {
        if let (Some(dir), Some(f)) = (&prep.data_dir, &fin) {
            let saved = SavedCheckpoint {
                network: prep.cfg.name.clone(),
                block_root: f.root,
                slot: Some(f.slot),
                source: format!("verified sync from {}", args.common.endpoints.join(", ")),
                saved_at: lucid_transport::clock::unix_seconds(),
            };
            if let Err(e) = checkpoint::save(dir, &saved) {
                eprintln!("warning: could not save the checkpoint: {e}");
            }
        }
    }
    if as_json {
        println!(
            "{}",
            json!({
                "ok": result.is_ok(),
                "checkpoint": {"root": prep.checkpoint.0, "source": prep.checkpoint.1},
                "error": result.as_ref().err().map(|e| json!({"kind": if e.rejected() {"rejected"} else {"unavailable"}, "message": e.to_string()})),
                "finalized": fin,
                "optimistic": opt,
                "behind": behind,
                "report_card": cards.iter().map(|c| { let mut v = serde_json::to_value(c).unwrap_or_default(); v["verdict"] = serde_json::to_value(c.verdict()).unwrap_or_default(); v }).collect::<Vec<_>>(),
            })
        );
    } else {
        if let Err(e) = &result {
            println!("FAILED {e}");
        }
        if let Some(f) = &fin {
            println!("Finalized: slot {} root {}", f.slot, f.root);
        }
        if let Some(o) = &opt {
            println!("Optimistic: slot {} root {}", o.slot, o.root);
        }
        if let Some(b) = &behind {
            println!(
                "Behind the clock by {} slots: the endpoints lag; what they served verified.",
                b.finalized_slots_behind
            );
        }
        print!("{}", render_table(&cards));
    }
    code
}
