//! `lucid verify`: check recorded light-client data from a trusted bootstrap.

use std::path::Path;

use lucid_core::primitives::parse_root;
use lucid_core::replay::{verify_bundle, Bundle, Input, ReplayReport, Step};
use lucid_core::NetworkConfig;
use lucid_transport::checkpoint::CheckpointSource;
use serde_json::json;

use crate::{EXIT_REJECTED, EXIT_USAGE, EXIT_VERIFIED};

/// `lucid verify`'s arguments.
#[derive(Debug, Clone, clap::Args)]
#[command(
    args_override_self = true,
    after_help = "FILEs are Beacon-API JSON ({version, data}; updates as an array) or raw SSZ (.ssz, fork from the slot).\n\
        Exit codes: 0 verified, 1 an input was rejected, 2 usage or I/O error."
)]
pub struct VerifyArgs {
    /// The network: mainnet, sepolia, holesky or hoodi
    #[arg(long, value_name = "NAME", default_value = "mainnet")]
    pub network: String,
    /// The bootstrap; its header is trusted as the checkpoint unless --checkpoint is given
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub bootstrap: String,
    /// Light-client updates, applied in order (repeatable)
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub updates: Vec<String>,
    /// A finality update
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub finality: Option<String>,
    /// An optimistic update
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub optimistic: Option<String>,
    /// The trusted block root the bootstrap must match
    #[arg(long, value_name = "0xROOT")]
    pub checkpoint: Option<String>,
    /// Print one JSON object, also for errors
    #[arg(long)]
    pub json: bool,
}

fn read_input(path: &str) -> Result<Input, String> {
    std::fs::read(Path::new(path))
        .map(|bytes| Input { name: path.to_string(), bytes })
        .map_err(|e| format!("cannot read {path}: {e}"))
}

/// The current slot on `cfg`'s chain, from the system clock (with the p2p spec's clock-disparity
/// allowance, see `lucid_transport::clock`).
pub fn current_slot(cfg: &NetworkConfig) -> u64 {
    use lucid_transport::clock::Clock;
    lucid_transport::clock::SystemClock.current_slot(cfg)
}

/// Run `verify`: print the report, or why an input was rejected, and return the exit code.
pub fn run(args: VerifyArgs) -> u8 {
    let usage = |message: &str| {
        crate::report_usage_error::<VerifyArgs>("verify", message, args.json);
        EXIT_USAGE
    };
    let Some(cfg) = NetworkConfig::by_name(&args.network) else {
        return usage(&format!("unknown network {:?}", args.network));
    };
    let checkpoint = match args.checkpoint.as_deref().map(parse_root) {
        Some(None) => return usage("--checkpoint must be a 0x-prefixed 32-byte block root"),
        other => other.flatten(),
    };
    let bundle = (|| -> Result<Bundle, String> {
        Ok(Bundle {
            bootstrap: read_input(&args.bootstrap)?,
            updates: args.updates.iter().map(|p| read_input(p)).collect::<Result<_, _>>()?,
            finality: args.finality.as_deref().map(read_input).transpose()?,
            optimistic: args.optimistic.as_deref().map(read_input).transpose()?,
        })
    })();
    let bundle = match bundle {
        Ok(b) => b,
        Err(e) => return usage(&e),
    };
    let source = if checkpoint.is_some() { CheckpointSource::Given } else { CheckpointSource::Bootstrap };
    let (code, text) = match verify_bundle::<{ lucid_core::MAINNET_SYNC_COMMITTEE_SIZE }>(
        &cfg,
        &bundle,
        checkpoint,
        current_slot(&cfg),
        &mut |_| {},
    ) {
        Ok(report) => {
            (EXIT_VERIFIED, if args.json { report_json(&report, source) } else { report_text(&report, &cfg, source) })
        }
        Err(e) => {
            let text = if args.json {
                json!({
                    "ok": false,
                    "error": {"kind": e.error.kind(), "file": e.file, "message": e.to_string()},
                    "checkpoint": {"root": checkpoint.map(|r| r.to_string()), "source": source},
                })
                .to_string()
            } else {
                format!("REJECTED {}\n  check: {}\n", e, e.error.kind())
            };
            (EXIT_REJECTED, text)
        }
    };
    println!("{}", text.trim_end());
    code
}

/// The `--json` form of a verified report; `source` says where the trusted root came from.
pub fn report_json(report: &ReplayReport, source: CheckpointSource) -> String {
    lucid_transport::checkpoint::verified_report_json(report, source).to_string()
}

/// The human form of a verified report; `source` says where the trusted root came from.
pub fn report_text(report: &ReplayReport, cfg: &NetworkConfig, source: CheckpointSource) -> String {
    let mut out = String::new();
    for step in &report.steps {
        match step {
            Step::BootstrapVerified { file, fork, header, .. } => {
                let trust = match source {
                    CheckpointSource::Bootstrap => {
                        format!("has root {} (no checkpoint given: trusted as given)", header.root)
                    }
                    _ => format!("matches the checkpoint {}", header.root),
                };
                out.push_str(&format!(
                    "ok  {file}: bootstrap ({fork}) slot {} {trust}; current sync committee branch verified (period {})\n",
                    header.slot, header.period
                ));
            }
            Step::StoreUpgraded { from, to } => {
                out.push_str(&format!("ok  store upgraded from {from} to {to} containers\n"));
            }
            Step::UpdateVerified { file, attested, outcome, .. } => {
                let s = &outcome.signature;
                let mut checks = vec![format!(
                    "signature by period-{} committee, {}/{} participants",
                    s.signature_period, s.participants, s.committee_size
                )];
                if outcome.checked_finality_branch {
                    checks.push("finality branch".into());
                }
                if outcome.checked_next_committee_branch {
                    checks.push("next-committee branch".into());
                }
                let mut line = format!("ok  {file}: attested slot {} — {}", attested.slot, checks.join(", "));
                if let Some(p) = outcome.committee_handover {
                    line.push_str(&format!("; committee handed over to period {p}"));
                }
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    out.push_str(&format!("network {}, fork {}, periods {:?}\n", cfg.name, report.fork, report.periods));
    out.push_str(&format!("Finalized: slot {} root {}\n", report.finalized.slot, report.finalized.root));
    out.push_str(&format!("Optimistic: slot {} root {}\n", report.optimistic.slot, report.optimistic.root));
    out
}
