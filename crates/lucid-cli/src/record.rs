//! `lucid record`: sync from endpoints (verifying everything) and write the
//! verified objects in the form `lucid verify` reads: `bootstrap.json`,
//! `updates.json` (an array), `finality.json`, `optimistic.json`.

use crate::sync::{error_code, parse_common, prepare, EXIT_USAGE, EXIT_VERIFIED};
use lucid_transport::report::render_table;
use lucid_transport::sync::SyncOptions;
use std::path::{Path, PathBuf};

/// Usage text of `lucid record`.
pub const USAGE: &str =
    "usage: lucid record --network NAME --endpoint URL [--endpoint URL ...] --checkpoint 0xROOT --periods K --out DIR
                    [--ssz] [--timeout-ms N] [--current-slot N]
  Writes bootstrap.json, updates.json, finality.json and optimistic.json (only data that verified).";

fn write_json(dir: &Path, name: &str, value: &serde_json::Value) -> Result<(), String> {
    let path = dir.join(name);
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    std::fs::write(&path, text + "\n").map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Run `record`; returns the exit code.
pub fn run(args: &[String]) -> u8 {
    let (mut periods, mut out) = (None, None);
    let parsed = parse_common(args, &mut |flag, value| {
        match flag {
            "--periods" => {
                let v = value()?;
                periods = Some(
                    v.parse::<u64>()
                        .ok()
                        .filter(|k| *k >= 1)
                        .ok_or_else(|| format!("--periods needs a number >= 1, got {v:?}"))?,
                );
            }
            "--out" => out = Some(PathBuf::from(value()?)),
            _ => return Ok(false),
        }
        Ok(true)
    });
    let usage = |m: &str| {
        eprintln!("error: {m}\n{USAGE}");
        EXIT_USAGE
    };
    let common = match parsed {
        Ok(c) => c,
        Err(e) => return usage(&e),
    };
    let (Some(periods), Some(out)) = (periods, out) else { return usage("--periods and --out are required") };
    if common.endpoints.is_empty() || common.checkpoint.is_none() {
        return usage("--endpoint and --checkpoint are required");
    }
    let options = SyncOptions { max_periods: Some(periods), keep_records: true, ..Default::default() };
    let mut prep = match prepare(&common, options) {
        Ok(p) => p,
        Err(e) => return usage(&e),
    };
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => return usage(&e.to_string()),
    };
    let result = rt.block_on(prep.syncer.sync(&mut |e| {
        if let Some(line) = crate::sync::event_line(e) {
            eprintln!("{line}");
        }
    }));
    eprint!("{}", render_table(prep.syncer.report_cards()));
    if let Err(e) = result {
        eprintln!("error: {e}");
        return error_code(&e);
    }
    let rec = prep.syncer.records().clone();
    let written = (|| -> Result<Vec<&str>, String> {
        std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
        let mut names = Vec::new();
        let boot = rec.bootstrap.as_ref().ok_or("no verified bootstrap to write")?;
        write_json(&out, "bootstrap.json", boot)?;
        names.push("bootstrap.json");
        write_json(&out, "updates.json", &serde_json::Value::Array(rec.updates.clone()))?;
        names.push("updates.json");
        if let Some(f) = &rec.finality {
            write_json(&out, "finality.json", f)?;
            names.push("finality.json");
        }
        if let Some(o) = &rec.optimistic {
            write_json(&out, "optimistic.json", o)?;
            names.push("optimistic.json");
        }
        Ok(names)
    })();
    match written {
        Ok(names) => {
            println!(
                "recorded {} verified updates; wrote {} in {}",
                rec.updates.len(),
                names.join(", "),
                out.display()
            );
            if let Some(f) = prep.syncer.finalized() {
                println!("Finalized: slot {} root {}", f.slot, f.root);
            }
            EXIT_VERIFIED
        }
        Err(e) => usage(&e),
    }
}
