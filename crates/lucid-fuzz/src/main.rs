//! `lucid-fuzz`: a mutation fuzzer for lucid's decoders and verification, on stable Rust.
//!
//! It starts from real data — every mainnet light-client object in `shared/data/mainnet`
//! (`capella-p862`, `capella-p816`: Beacon-API JSON and raw SSZ) and every bootstrap and update of
//! the consensus-spec-tests `sync` cases, for every fork from Altair to Gloas — plus each of them
//! converted to the other encoding. Each execution takes one of these (or an earlier mutant whose
//! outcomes were new), applies a few mutations (bit flips, byte runs, splices, truncation and
//! extension; SSZ offsets and integers set to boundary values; JSON fields deleted, nulled, set to
//! huge, negative or malformed values, branches shortened or lengthened, fork names swapped), and
//! runs it through every entry point:
//!
//! * decoding: `decode_ssz` for every fork (`Forked*::decode`) and without a fork, `decode_json`
//!   for every kind, `Forked*::decode` of the JSON `data` for every fork, `decode_bootstrap` /
//!   `decode_updates`;
//! * a round trip of whatever decodes (SSZ ⇄ JSON must give the same object);
//! * verification: `initialize_light_client_store` (trusted checkpoint, and the header's own
//!   root), `process_light_client_update` against the recorded store the genuine update met (a
//!   rejected update must leave the store unchanged), `replay::verify_bundle` on a recorded bundle
//!   holding the input, and the browser app's verification of user files (mainnet inputs).
//!
//! Every entry point runs under `catch_unwind`. An input that makes one panic (or breaks one of the
//! two properties above) is saved in `--out` as `<entry>.<scenario>.<kind>.<position>.<fork>.<hash>.<ext>`
//! and the run exits with status 1.
//!
//! ```text
//! cargo run --profile fuzz -p lucid-fuzz -- --iterations 20000 --seed 1
//! cargo run --profile fuzz -p lucid-fuzz -- --iterations 1000000 --seed 7 --corpus target/fuzz-corpus
//! cargo run --profile fuzz -p lucid-fuzz -- --reproduce target/fuzz-crashes/<file>
//! ```
//!
//! Use `--profile fuzz` (release with overflow checks and debug assertions): arithmetic that would
//! silently wrap on hostile input in a release build panics there and is reported.
//!
//! The data directory is `../shared/data` beside the project, or `--data DIR`. Without it the run
//! fails, unless `LUCID_ALLOW_NO_DATA=1` is set: then it prints `skipped: …` and exits 0.
//! Exit status: 0 no panic, 1 panics (reproducers saved), 2 bad arguments or data.

mod mutate;
mod runner;
mod scenario;
mod seeds;
mod stats;
mod targets;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

use crate::scenario::Loaded;
use crate::seeds::{parse_file_name, Seed};
use crate::stats::{install_panic_hook, Probe, Stats};

/// Mutation fuzzing of lucid's decoders and verification.
#[derive(Debug, Parser)]
#[command(name = "lucid-fuzz", version)]
struct Args {
    /// Number of executions (mutated inputs, each through every entry point).
    #[arg(long, default_value_t = 10_000)]
    iterations: u64,
    /// Seed of the PRNG: the same seed and data give the same inputs.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// A corpus directory: its inputs are added to the seeds, and new inputs are written there.
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// Where reproducers of panics are written.
    #[arg(long, default_value = "target/fuzz-crashes")]
    out: PathBuf,
    /// The data directory (default: ../shared/data beside the project).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Run one saved input through every entry point, with the panic's backtrace, and exit.
    #[arg(long, value_name = "FILE")]
    reproduce: Option<PathBuf>,
    /// Seconds between progress lines on stderr.
    #[arg(long, default_value_t = 5)]
    progress: u64,
}

/// `../shared/data` beside the project.
fn default_data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

fn main() -> ExitCode {
    let args = Args::parse();
    let (data, shown) = match &args.data {
        Some(dir) => (dir.clone(), dir.display().to_string()),
        None => (default_data_dir(), "../shared/data".to_string()),
    };
    if !data.is_dir() {
        let message = format!("skipped: {shown} not found");
        if std::env::var("LUCID_ALLOW_NO_DATA").is_ok_and(|v| v == "1") {
            println!("{message}");
            return ExitCode::SUCCESS;
        }
        eprintln!("{message} (set LUCID_ALLOW_NO_DATA=1 to allow this)");
        return ExitCode::from(2);
    }
    // Quiet while fuzzing (each panic is reported once, with its reproducer); with the default
    // hook's message and backtrace too when reproducing.
    install_panic_hook(args.reproduce.is_some());
    let loaded = match scenario::load(&data) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("lucid-fuzz: cannot load the seeds: {e}");
            return ExitCode::from(2);
        }
    };
    let seeds = with_twins(&loaded);
    report_seeds(&loaded, &seeds);
    let code = match &args.reproduce {
        Some(file) => reproduce(&loaded, file),
        None => fuzz(&loaded, seeds, &args),
    };
    for panic in &loaded.panics {
        println!("PANIC while loading recorded data: {panic}");
    }
    if loaded.panics.is_empty() {
        code
    } else {
        ExitCode::from(1)
    }
}

/// The loaded seeds and each one's twin in the other encoding.
fn with_twins(loaded: &Loaded) -> Vec<Seed> {
    let mut seeds = loaded.seeds.clone();
    seeds.extend(loaded.seeds.iter().filter_map(|s| seeds::twin(s, &loaded.scenarios[s.tag.scenario])));
    seeds
}

fn report_seeds(loaded: &Loaded, seeds: &[Seed]) {
    let json = seeds.iter().filter(|s| s.tag.encoding == seeds::Encoding::Json).count();
    let mut forks: Vec<&str> = seeds.iter().map(|s| s.tag.fork.name()).collect();
    forks.sort_unstable();
    forks.dedup();
    eprintln!(
        "seeds: {} ({} JSON, {} SSZ) from {} scenarios; forks: {}",
        seeds.len(),
        json,
        seeds.len() - json,
        loaded.scenarios.len(),
        forks.join(", ")
    );
    for s in &loaded.scenarios {
        if let scenario::AnyScenario::Mainnet(_) = s {
            let (processed, verified) = s.verified();
            eprintln!("  {}: {verified} of {processed} recorded updates verify", s.name());
        }
    }
    let (processed, verified) = loaded
        .scenarios
        .iter()
        .filter(|s| matches!(s, scenario::AnyScenario::Minimal(_)))
        .fold((0, 0), |(p, v), s| (p + s.verified().0, v + s.verified().1));
    eprintln!("  spec sync cases: {verified} of {processed} recorded updates verify");
    for w in &loaded.warnings {
        eprintln!("  warning: {w}");
    }
}

fn fuzz(loaded: &Loaded, mut seeds: Vec<Seed>, args: &Args) -> ExitCode {
    if let Some(dir) = &args.corpus {
        match seeds::load_dir(dir, &loaded.scenarios) {
            Ok((more, skipped)) => {
                eprintln!("corpus {}: {} inputs", dir.display(), more.len());
                for s in skipped.iter().take(5) {
                    eprintln!("  skipped {s}");
                }
                seeds.extend(more);
            }
            Err(e) => {
                eprintln!("lucid-fuzz: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let options = runner::Options {
        iterations: args.iterations,
        seed: args.seed,
        corpus_dir: args.corpus.clone(),
        out: args.out.clone(),
        progress_every: Duration::from_secs(args.progress.max(1)),
    };
    let outcome = runner::fuzz(&loaded.scenarios, &seeds, &options);
    print!("{}", outcome.stats.table());
    println!("new inputs kept: {}", outcome.corpus_added);
    for (key, paths) in &outcome.distinct_panics {
        println!("PANIC {key}");
        for p in paths {
            println!("  reproducer: {}", p.display());
        }
    }
    println!("{}", outcome.summary_line());
    if outcome.stats.panics > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn reproduce(loaded: &Loaded, file: &Path) -> ExitCode {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let tag = match parse_file_name(name, &loaded.scenarios) {
        Ok(tag) => tag,
        Err(e) => {
            eprintln!("lucid-fuzz: {e}");
            return ExitCode::from(2);
        }
    };
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("lucid-fuzz: read {}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    let mut stats = Stats::default();
    let mut probe = Probe::new(&mut stats);
    targets::run(&loaded.scenarios, &tag, &bytes, &mut probe);
    let crashes = std::mem::take(&mut probe.crashes);
    print!("{}", stats.table());
    for crash in &crashes {
        println!("PANIC in {}: {}", crash.entry.name(), crash.message);
    }
    println!("reproduce: {} panics", crashes.len());
    if crashes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
