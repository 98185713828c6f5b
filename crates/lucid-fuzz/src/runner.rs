//! The fuzzing loop: pick an input, mutate it, run every entry point on it, keep inputs whose
//! outcomes are new, and save every input that made an entry point panic.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use fastrand::Rng;
use lucid_core::Preset;

use crate::mutate::mutate;
use crate::scenario::AnyScenario;
use crate::seeds::{file_name, save, Encoding, Seed};
use crate::stats::{Probe, Stats};
use crate::targets;

/// How a run is set up.
#[derive(Debug, Clone)]
pub struct Options {
    pub iterations: u64,
    pub seed: u64,
    /// Where new inputs are written, if anywhere.
    pub corpus_dir: Option<PathBuf>,
    /// Where reproducers are written.
    pub out: PathBuf,
    /// How often progress is printed.
    pub progress_every: Duration,
}

/// Inputs kept in memory beyond the seeds, at most this many bytes in all.
const CORPUS_BYTES: usize = 64 << 20;
/// Reproducers saved for one distinct panic (entry point and message).
const REPRODUCERS_PER_PANIC: usize = 3;

/// The result of a run.
#[derive(Debug)]
pub struct Outcome {
    pub stats: Stats,
    pub elapsed: Duration,
    /// Distinct panics (entry point and message) with the reproducers saved for them.
    pub distinct_panics: Vec<(String, Vec<PathBuf>)>,
    pub corpus_added: usize,
}

/// Fuzz `options.iterations` inputs mutated from `seeds`.
pub fn fuzz(scenarios: &[AnyScenario], seeds: &[Seed], options: &Options) -> Outcome {
    let mut rng = Rng::with_seed(options.seed);
    let mut stats = Stats::default();
    let mut corpus: Vec<Seed> = Vec::new();
    let mut corpus_bytes = 0usize;
    let mut signatures = HashSet::new();
    let mut distinct_panics: Vec<(String, Vec<PathBuf>)> = Vec::new();
    // Half the inputs come from mainnet scenarios (few, large seeds), half from the spec vectors.
    let by_preset: Vec<Vec<usize>> = [Preset::Mainnet, Preset::Minimal]
        .iter()
        .map(|p| (0..seeds.len()).filter(|&i| scenarios[seeds[i].tag.scenario].preset() == *p).collect())
        .filter(|v: &Vec<usize>| !v.is_empty())
        .collect();
    let started = Instant::now();
    let mut last_progress = started;
    for iteration in 0..options.iterations {
        let base = if !corpus.is_empty() && rng.u8(..3) == 0 {
            &corpus[rng.usize(..corpus.len())]
        } else {
            let bucket = &by_preset[rng.usize(..by_preset.len())];
            &seeds[bucket[rng.usize(..bucket.len())]]
        };
        let tag = base.tag;
        let mut bytes = base.bytes.clone();
        // Mostly one mutation, sometimes up to four.
        let rounds = match rng.u8(..100) {
            0..=59 => 1,
            60..=84 => 2,
            _ => rng.usize(3..=4),
        };
        for _ in 0..rounds {
            let donor = donor(&mut rng, seeds, tag.encoding);
            let mutation = mutate(&mut rng, &mut bytes, tag.encoding, donor);
            *stats.mutations.entry(mutation).or_default() += 1;
        }
        stats.executions += 1;
        let mut probe = Probe::new(&mut stats);
        targets::run(scenarios, &tag, &bytes, &mut probe);
        let (signature, crashes) = (probe.signature, std::mem::take(&mut probe.crashes));
        for crash in crashes {
            let key = format!("{}: {}", crash.entry.name(), crash.message);
            let index = match distinct_panics.iter().position(|(k, _)| *k == key) {
                Some(i) => i,
                None => {
                    distinct_panics.push((key.clone(), Vec::new()));
                    distinct_panics.len() - 1
                }
            };
            let saved = &mut distinct_panics[index].1;
            if saved.len() < REPRODUCERS_PER_PANIC {
                let name = file_name(Some(crash.entry.name()), &tag, scenarios, &bytes);
                match save(&options.out, &name, &bytes) {
                    Ok(path) => {
                        eprintln!("PANIC in {key}\n  reproducer: {}", path.display());
                        saved.push(path);
                    }
                    Err(e) => eprintln!("PANIC in {key}\n  cannot save the reproducer: {e}"),
                }
            }
        }
        if signatures.insert(signature) && corpus_bytes + bytes.len() <= CORPUS_BYTES {
            if let Some(dir) = &options.corpus_dir {
                if let Err(e) = save(dir, &file_name(None, &tag, scenarios, &bytes), &bytes) {
                    eprintln!("fuzz: {e}");
                }
            }
            corpus_bytes += bytes.len();
            corpus.push(Seed { origin: format!("mutant {iteration}"), tag, bytes });
        }
        if last_progress.elapsed() >= options.progress_every {
            last_progress = Instant::now();
            let secs = started.elapsed().as_secs_f64();
            eprintln!(
                "fuzz: {} / {} executions, {:.0} exec/s, {} panics, {} new inputs kept",
                stats.executions,
                options.iterations,
                stats.executions as f64 / secs,
                stats.panics,
                corpus.len()
            );
        }
    }
    Outcome { stats, elapsed: started.elapsed(), distinct_panics, corpus_added: corpus.len() }
}

/// A random seed of `encoding`, for splices (any seed when none of that encoding is found quickly).
fn donor<'a>(rng: &mut Rng, seeds: &'a [Seed], encoding: Encoding) -> &'a [u8] {
    let mut pick = &seeds[rng.usize(..seeds.len())];
    for _ in 0..4 {
        if pick.tag.encoding == encoding {
            break;
        }
        pick = &seeds[rng.usize(..seeds.len())];
    }
    &pick.bytes
}

impl Outcome {
    /// `fuzz: N executions in T s (R exec/s), P panics`.
    pub fn summary_line(&self) -> String {
        let secs = self.elapsed.as_secs_f64();
        format!(
            "fuzz: {} executions in {:.1} s ({:.0} exec/s), {} panics",
            self.stats.executions,
            secs,
            self.stats.executions as f64 / secs.max(1e-9),
            self.stats.panics
        )
    }
}
