//! `lucid verify`: check recorded light-client data from a trusted bootstrap.

use std::path::Path;

use lucid_core::primitives::{parse_hex_array, root_from};
use lucid_core::replay::{verify_bundle, Bundle, Input, ReplayReport, Step};
use lucid_core::NetworkConfig;
use serde_json::json;

/// Exit code: everything verified.
pub const EXIT_VERIFIED: u8 = 0;
/// Exit code: an input was rejected by a check.
pub const EXIT_REJECTED: u8 = 1;
/// Exit code: usage or I/O error.
pub const EXIT_USAGE: u8 = 2;

/// Usage text of `lucid verify`.
pub const USAGE: &str = "usage: lucid verify --network NAME --bootstrap FILE --updates FILE [--updates FILE ...] [--finality FILE] [--optimistic FILE] [--checkpoint 0xROOT] [--json]
  FILEs are Beacon-API JSON ({version, data}; updates as an array) or raw SSZ (.ssz, fork from the slot).
  NAME is mainnet, sepolia, holesky or hoodi. Without --checkpoint the bootstrap's own header is trusted.";

/// Parsed `verify` arguments.
#[derive(Debug, Default)]
pub struct VerifyArgs {
    pub network: String,
    pub bootstrap: String,
    pub updates: Vec<String>,
    pub finality: Option<String>,
    pub optimistic: Option<String>,
    pub checkpoint: Option<String>,
    pub json: bool,
}

/// Parse `verify`'s arguments.
pub fn parse_args(args: &[String]) -> Result<VerifyArgs, String> {
    let mut out = VerifyArgs { network: "mainnet".into(), ..Default::default() };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || it.next().cloned().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--network" => out.network = value()?,
            "--bootstrap" => out.bootstrap = value()?,
            "--updates" => out.updates.push(value()?),
            "--finality" => out.finality = Some(value()?),
            "--optimistic" => out.optimistic = Some(value()?),
            "--checkpoint" => out.checkpoint = Some(value()?),
            "--json" => out.json = true,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if out.bootstrap.is_empty() {
        return Err("--bootstrap is required".into());
    }
    Ok(out)
}

fn read_input(path: &str) -> Result<Input, String> {
    std::fs::read(Path::new(path))
        .map(|bytes| Input { name: path.to_string(), bytes })
        .map_err(|e| format!("cannot read {path}: {e}"))
}

/// The current slot on `cfg`'s chain, from the system clock.
pub fn current_slot(cfg: &NetworkConfig) -> u64 {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    cfg.slot_at_time(now)
}

/// Run `verify`; returns the exit code and the text to print.
pub fn run(args: &[String]) -> (u8, String) {
    let parsed = match parse_args(args) {
        Ok(p) => p,
        Err(e) => return usage_error(&e, args.iter().any(|a| a == "--json")),
    };
    let Some(cfg) = NetworkConfig::by_name(&parsed.network) else {
        return usage_error(&format!("unknown network {:?}", parsed.network), parsed.json);
    };
    let checkpoint = match parsed.checkpoint.as_deref().map(|c| parse_hex_array::<32>(c).map(root_from)) {
        Some(None) => return usage_error("--checkpoint must be a 0x-prefixed 32-byte block root", parsed.json),
        other => other.flatten(),
    };
    let bundle = (|| -> Result<Bundle, String> {
        Ok(Bundle {
            bootstrap: read_input(&parsed.bootstrap)?,
            updates: parsed.updates.iter().map(|p| read_input(p)).collect::<Result<_, _>>()?,
            finality: parsed.finality.as_deref().map(read_input).transpose()?,
            optimistic: parsed.optimistic.as_deref().map(read_input).transpose()?,
        })
    })();
    let bundle = match bundle {
        Ok(b) => b,
        Err(e) => return usage_error(&e, parsed.json),
    };
    match verify_bundle::<{ lucid_core::MAINNET_SYNC_COMMITTEE_SIZE }>(
        &cfg,
        &bundle,
        checkpoint,
        current_slot(&cfg),
        &mut |_| {},
    ) {
        Ok(report) => (EXIT_VERIFIED, if parsed.json { report_json(&report) } else { report_text(&report, &cfg) }),
        Err(e) => {
            let text = if parsed.json {
                json!({"ok": false, "error": {"kind": e.error.kind(), "file": e.file, "message": e.to_string()}})
                    .to_string()
            } else {
                format!("REJECTED {}\n  check: {}\n", e, e.error.kind())
            };
            (EXIT_REJECTED, text)
        }
    }
}

fn usage_error(message: &str, as_json: bool) -> (u8, String) {
    let text = if as_json {
        json!({"ok": false, "error": {"kind": "usage", "message": message}}).to_string()
    } else {
        format!("error: {message}\n{USAGE}\n")
    };
    (EXIT_USAGE, text)
}

/// The `--json` form of a verified report.
pub fn report_json(report: &ReplayReport) -> String {
    let counts: Vec<u64> = report.participation.iter().map(|p| p.participants).collect();
    json!({
        "ok": true,
        "fork": report.fork,
        "finalized": {"slot": report.finalized.slot, "root": report.finalized.root},
        "optimistic": {"slot": report.optimistic.slot, "root": report.optimistic.root},
        "periods": report.periods,
        "participation": {
            "committee_size": lucid_core::MAINNET_SYNC_COMMITTEE_SIZE,
            "min": counts.iter().min(),
            "max": counts.iter().max(),
            "updates": report.participation,
        },
    })
    .to_string()
}

/// The human form of a verified report.
pub fn report_text(report: &ReplayReport, cfg: &NetworkConfig) -> String {
    let mut out = String::new();
    for step in &report.steps {
        match step {
            Step::BootstrapVerified { file, fork, header, .. } => out.push_str(&format!(
                "ok  {file}: bootstrap ({fork}) slot {} matches the checkpoint {}; current sync committee branch verified (period {})\n",
                header.slot, header.root, header.period
            )),
            Step::StoreUpgraded { from, to } => out.push_str(&format!("ok  store upgraded from {from} to {to} containers\n")),
            Step::UpdateVerified { file, attested, outcome, .. } => {
                let s = &outcome.signature;
                let mut checks = vec![format!("signature by period-{} committee, {}/{} participants", s.signature_period, s.participants, s.committee_size)];
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
