//! `lucid record`: sync from endpoints (verifying everything) and write the
//! verified objects in the form `lucid verify` reads: `bootstrap.json`,
//! `updates.json` (an array), `finality.json`, `optimistic.json`.

use crate::sync::{error_code, prepare, CommonArgs};
use crate::{EXIT_USAGE, EXIT_VERIFIED};
use lucid_transport::report::render_table;
use lucid_transport::sync::SyncOptions;
use std::path::PathBuf;

/// `lucid record`'s arguments.
#[derive(Debug, Clone, clap::Args)]
#[command(
    args_override_self = true,
    mut_arg("endpoints", |a| a.required(true)),
    mut_arg("checkpoint", |a| a.required(true)),
    after_help = "Writes bootstrap.json, updates.json, finality.json and optimistic.json (only data that verified)."
)]
pub struct RecordArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Catch up at most K sync-committee periods past the checkpoint's
    #[arg(long, value_name = "K", value_parser = at_least_one)]
    pub periods: u64,
    /// The directory to write the files to (created if needed)
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub out: PathBuf,
    /// Accepted as by `sync`; has no effect here
    #[arg(long, hide = true)]
    pub json: bool,
    /// Accepted as by `sync`; has no effect here, since --checkpoint is required
    #[arg(long, value_name = "DIR", hide = true)]
    pub data_dir: Option<PathBuf>,
}

fn at_least_one(value: &str) -> Result<u64, String> {
    value.parse::<u64>().ok().filter(|k| *k >= 1).ok_or_else(|| "needs a number >= 1".to_string())
}

/// Run `record`; returns the exit code.
pub fn run(args: RecordArgs) -> u8 {
    let usage = |message: &str| {
        crate::report_usage_error::<RecordArgs>("record", message, false);
        EXIT_USAGE
    };
    let out = &args.out;
    let options = SyncOptions { max_periods: Some(args.periods), keep_records: true, ..Default::default() };
    let mut prep = match prepare(&args.common, args.data_dir.as_deref(), options) {
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
    let rec = prep.syncer.records();
    let written = (|| -> Result<Vec<String>, String> {
        std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
        let pretty = |v: &serde_json::Value| {
            // Serializing a JSON value cannot fail.
            let mut text = serde_json::to_string_pretty(v).unwrap_or_default();
            text.push('\n');
            text.into_bytes()
        };
        let bundle = rec.bundle_with(pretty).ok_or("no verified bootstrap to write")?;
        let files =
            std::iter::once(&bundle.bootstrap).chain(&bundle.updates).chain(&bundle.finality).chain(&bundle.optimistic);
        let mut names = Vec::new();
        for file in files {
            let path = out.join(&file.name);
            std::fs::write(&path, &file.bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            names.push(file.name.clone());
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
