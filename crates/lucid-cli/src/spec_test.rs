//! Runs consensus-spec-tests `light_client` vectors (`sync`,
//! `update_ranking`, `single_merkle_proof`; `data_collection` is skipped
//! with its reason) from any tree of the official layout
//! `<preset>/<fork>/light_client/<runner>/<handler>/<case>/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lucid_core::config::{Fork, NetworkConfig, Preset};
use lucid_core::data::LightClientUpdate;
use lucid_core::decode::{decode_ssz, Decoded, ObjectKind};
use lucid_core::gindex::{floorlog2, get_subtree_index};
use lucid_core::merkle::is_valid_merkle_branch;
use lucid_core::primitives::{parse_hex_array, root_from, to_hex, Root};
use lucid_core::store::{
    compute_fork_data_digest, compute_fork_digest, initialize_light_client_store, is_better_update,
    process_light_client_store_force_update, process_light_client_update, LightClientStore,
};
use serde_yaml::Value;

/// How one case ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    Failed(String),
    Skipped(String),
}

/// One case and its outcome.
#[derive(Debug, Clone)]
pub struct CaseResult {
    pub path: PathBuf,
    /// The preset directory's name.
    pub preset: String,
    /// The fork directory's name.
    pub fork: String,
    pub runner: String,
    pub outcome: Outcome,
}

/// Counts per `(preset, fork)`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
}

impl Counts {
    /// Count one more case that ended with `outcome`.
    fn add(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Passed => self.passed += 1,
            Outcome::Failed(_) => self.failed += 1,
            Outcome::Skipped(_) => self.skipped += 1,
        }
    }
}

/// Every case run under a directory.
#[derive(Debug, Default)]
pub struct Summary {
    pub cases: Vec<CaseResult>,
}

impl Summary {
    /// Totals over all cases.
    pub fn totals(&self) -> Counts {
        let mut c = Counts::default();
        for case in &self.cases {
            c.add(&case.outcome);
        }
        c
    }

    /// Counts per `(preset, fork)`.
    pub fn per_fork(&self) -> BTreeMap<(String, String), Counts> {
        let mut map: BTreeMap<(String, String), Counts> = BTreeMap::new();
        for case in &self.cases {
            map.entry((case.preset.clone(), case.fork.clone())).or_default().add(&case.outcome);
        }
        map
    }

    /// The final line: `N passed, N failed, N skipped`.
    pub fn line(&self) -> String {
        let t = self.totals();
        format!("{} passed, {} failed, {} skipped", t.passed, t.failed, t.skipped)
    }
}

/// Find every case under `root` and run it, calling `on_case` after each.
pub fn run_dir(root: &Path, on_case: &mut dyn FnMut(&CaseResult)) -> Summary {
    let mut summary = Summary::default();
    let mut light_client_dirs = Vec::new();
    find_dirs_named(root, "light_client", &mut light_client_dirs);
    light_client_dirs.sort();
    for lc in light_client_dirs {
        let fork = name_of(lc.parent());
        let preset = name_of(lc.parent().and_then(Path::parent));
        let preset_and_fork = parse_preset_and_fork(&preset, &fork);
        for runner_dir in sorted_subdirs(&lc) {
            let runner = name_of(Some(&runner_dir));
            for handler_dir in sorted_subdirs(&runner_dir) {
                for case_dir in sorted_subdirs(&handler_dir) {
                    let outcome = run_case(&preset_and_fork, &runner, &handler_dir, &case_dir);
                    let result = CaseResult {
                        path: case_dir,
                        preset: preset.clone(),
                        fork: fork.clone(),
                        runner: runner.clone(),
                        outcome,
                    };
                    on_case(&result);
                    summary.cases.push(result);
                }
            }
        }
    }
    summary
}

/// `lucid spec-test`'s arguments.
#[derive(Debug, Clone, clap::Args)]
#[command(
    args_override_self = true,
    after_help = "Exit codes: 0 every case passed, 1 a case failed or none passed, 2 usage error."
)]
pub struct SpecTestArgs {
    /// A consensus-spec-tests tree (or any directory under one)
    #[arg(value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub dir: PathBuf,
}

/// Run `spec-test`: print each failed or skipped case, the counts per preset and fork, and the
/// final count line; returns the exit code.
pub fn run(args: SpecTestArgs) -> u8 {
    if !args.dir.is_dir() {
        eprintln!("error: {} is not a directory", args.dir.display());
        return 2;
    }
    let summary = run_dir(&args.dir, &mut |case| match &case.outcome {
        Outcome::Failed(reason) => println!("FAIL {}: {reason}", case.path.display()),
        Outcome::Skipped(reason) => println!("skip {}: {reason}", case.path.display()),
        Outcome::Passed => {}
    });
    for ((preset, fork), c) in summary.per_fork() {
        println!("{preset:>8} {fork:<10} {:>4} passed {:>3} failed {:>3} skipped", c.passed, c.failed, c.skipped);
    }
    println!("{}", summary.line());
    let t = summary.totals();
    if t.failed == 0 && t.passed > 0 {
        0
    } else {
        1
    }
}

fn name_of(p: Option<&Path>) -> String {
    p.and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn sorted_subdirs(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

fn find_dirs_named(dir: &Path, name: &str, out: &mut Vec<PathBuf>) {
    for sub in sorted_subdirs(dir) {
        if sub.file_name().is_some_and(|n| n == name) {
            out.push(sub);
        } else {
            find_dirs_named(&sub, name, out);
        }
    }
}

/// The preset and fork named by the directories `<preset>/<fork>/light_client/`.
fn parse_preset_and_fork(preset: &str, fork: &str) -> Result<(Preset, Fork), String> {
    let preset = Preset::from_name(preset).ok_or_else(|| format!("unknown preset {preset:?} in path"))?;
    let fork = Fork::from_name(fork).ok_or_else(|| format!("unknown fork {fork:?} in path"))?;
    Ok((preset, fork))
}

fn run_case(
    preset_and_fork: &Result<(Preset, Fork), String>,
    runner: &str,
    handler_dir: &Path,
    case_dir: &Path,
) -> Outcome {
    let (preset, fork) = match preset_and_fork {
        Ok(parsed) => *parsed,
        Err(e) => return Outcome::Failed(e.clone()),
    };
    let result = match runner {
        "sync" => with_committee_size(preset, fork, |ctx| ctx.run_sync(case_dir)),
        "update_ranking" => with_committee_size(preset, fork, |ctx| ctx.run_update_ranking(case_dir)),
        "single_merkle_proof" => run_single_merkle_proof(preset, fork, handler_dir, case_dir),
        "data_collection" => return Outcome::Skipped(
            "data_collection tests the full node's production of light-client data, which a light client does not do"
                .into(),
        ),
        other => return Outcome::Skipped(format!("runner {other:?} is not a light-client verification test")),
    };
    match result {
        Ok(()) => Outcome::Passed,
        Err(e) => Outcome::Failed(e),
    }
}

/// Context for one case, with the sync-committee size of its preset.
struct Ctx<const S: usize> {
    preset: Preset,
    fork: Fork,
}

/// The case runners, object-safe over the committee size.
trait CtxDyn {
    fn run_sync(&self, case_dir: &Path) -> Result<(), String>;
    fn run_update_ranking(&self, case_dir: &Path) -> Result<(), String>;
}

/// Run `f` with a context whose committee size is the preset's.
fn with_committee_size(
    preset: Preset,
    fork: Fork,
    f: impl Fn(&dyn CtxDyn) -> Result<(), String>,
) -> Result<(), String> {
    match preset {
        Preset::Minimal => f(&Ctx::<{ lucid_core::MINIMAL_SYNC_COMMITTEE_SIZE }> { preset, fork }),
        Preset::Mainnet => f(&Ctx::<{ lucid_core::MAINNET_SYNC_COMMITTEE_SIZE }> { preset, fork }),
    }
}

fn read_snappy(path: &Path) -> Result<Vec<u8>, String> {
    let raw = std::fs::read(path).map_err(|e| format!("read {}: {e}", path.display()))?;
    snap::raw::Decoder::new().decompress_vec(&raw).map_err(|e| format!("snappy {}: {e}", path.display()))
}

fn read_yaml(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("read {}: {e}", path.display()))?;
    serde_yaml::from_str(&text).map_err(|e| format!("yaml {}: {e}", path.display()))
}

fn yaml_str(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn yaml_u64(v: &Value, key: &str) -> Result<u64, String> {
    match v.get(key) {
        Some(Value::Number(n)) => n.as_u64().ok_or_else(|| format!("{key} is not a uint64")),
        Some(Value::String(s)) => s.parse().map_err(|_| format!("{key} is not a uint64")),
        _ => Err(format!("missing {key}")),
    }
}

fn yaml_root(v: &Value, key: &str) -> Result<Root, String> {
    yaml_str(v, key)
        .and_then(|s| parse_hex_array::<32>(&s))
        .map(root_from)
        .ok_or_else(|| format!("missing or bad {key}"))
}

fn yaml_bytes4(v: &Value, key: &str) -> Option<[u8; 4]> {
    yaml_str(v, key).and_then(|s| parse_hex_array::<4>(&s))
}

/// The case's network: its own `config.yaml`, the preset of its path.
fn case_config(case_dir: &Path, preset: Preset, gvr: Root) -> Result<NetworkConfig, String> {
    // A case without its own config.yaml (update_ranking) uses the preset alone.
    let path = case_dir.join("config.yaml");
    let text = if path.exists() {
        std::fs::read_to_string(&path).map_err(|e| format!("config.yaml: {e}"))?
    } else {
        String::new()
    };
    Ok(NetworkConfig::from_config_yaml("spec-test", &text, preset, gvr))
}

/// Map every fork digest the case may use to its fork: the case network's
/// `compute_fork_digest` at each epoch where its digest changes (forks and,
/// from Fulu on, `BLOB_SCHEDULE` entries), and the plain fork-data digest of
/// each fork version. The generator labels data with the digest its test's
/// own spec computes, and a test of a fork before Fulu has no blob-parameter
/// mask even for data of a later fork.
fn fork_digests(cfg: &NetworkConfig) -> Vec<([u8; 4], Fork)> {
    let scheduled =
        cfg.fork_digest_epochs().into_iter().map(|epoch| (compute_fork_digest(cfg, epoch), cfg.fork_at_epoch(epoch)));
    let unmasked = cfg
        .forks
        .iter()
        .map(|(fork, version, _)| (compute_fork_data_digest(*version, &cfg.genesis_validators_root), *fork));
    scheduled.chain(unmasked).collect()
}

fn fork_of_digest(digests: &[([u8; 4], Fork)], digest: [u8; 4]) -> Result<Fork, String> {
    digests
        .iter()
        .find(|(d, _)| *d == digest)
        .map(|(_, f)| *f)
        .ok_or_else(|| format!("unknown fork digest {}", to_hex(&digest)))
}

fn fork_of_version(cfg: &NetworkConfig, version: [u8; 4]) -> Result<Fork, String> {
    cfg.forks
        .iter()
        .find(|(_, v, _)| *v == version)
        .map(|(f, _, _)| *f)
        .ok_or_else(|| format!("unknown fork version {}", to_hex(&version)))
}

impl<const S: usize> Ctx<S> {
    fn check_header(
        &self,
        store: &LightClientStore<S>,
        cfg: &NetworkConfig,
        checks: &Value,
        step: usize,
    ) -> Result<(), String> {
        for (key, header) in
            [("finalized_header", &store.finalized_header), ("optimistic_header", &store.optimistic_header)]
        {
            let Some(expected) = checks.get(key) else { continue };
            let slot = yaml_u64(expected, "slot")?;
            if header.slot() != slot {
                return Err(format!("step {step}: {key}.slot is {}, expected {slot}", header.slot()));
            }
            let root = yaml_root(expected, "beacon_root")?;
            if header.beacon_root() != root {
                return Err(format!("step {step}: {key}.beacon_root differs"));
            }
            if expected.get("execution_root").is_some() {
                let exec = yaml_root(expected, "execution_root")?;
                if header.execution_root(cfg) != exec {
                    return Err(format!(
                        "step {step}: {key}.execution_root is {}, expected {}",
                        to_hex(header.execution_root(cfg).as_ref()),
                        to_hex(exec.as_ref())
                    ));
                }
            }
        }
        Ok(())
    }
}

impl<const S: usize> CtxDyn for Ctx<S> {
    fn run_sync(&self, case_dir: &Path) -> Result<(), String> {
        let meta = read_yaml(&case_dir.join("meta.yaml"))?;
        let gvr = yaml_root(&meta, "genesis_validators_root")?;
        let cfg = case_config(case_dir, self.preset, gvr)?;
        let digests = fork_digests(&cfg);
        let trusted = yaml_root(&meta, "trusted_block_root")?;
        // Releases before the fork-digest fields use the fork of the case's directory.
        let bootstrap_fork = match yaml_bytes4(&meta, "bootstrap_fork_digest") {
            Some(d) => fork_of_digest(&digests, d)?,
            None => self.fork,
        };
        let store_fork = match (yaml_bytes4(&meta, "store_fork_version"), yaml_bytes4(&meta, "store_fork_digest")) {
            (Some(v), _) => fork_of_version(&cfg, v)?,
            (None, Some(d)) => fork_of_digest(&digests, d)?,
            _ => self.fork,
        };
        let bytes = read_snappy(&case_dir.join("bootstrap.ssz_snappy"))?;
        let bootstrap = match decode_ssz::<S>(&cfg, ObjectKind::Bootstrap, &bytes, Some(bootstrap_fork), "bootstrap")
            .map_err(|e| e.to_string())?
        {
            Decoded::Bootstrap(b) => b.upgrade_to(store_fork, &cfg).map_err(|e| e.to_string())?,
            Decoded::Update(_) => return Err("bootstrap decoded as an update".into()),
        };
        let mut store =
            initialize_light_client_store(&cfg, &trusted, &bootstrap).map_err(|e| format!("bootstrap: {e}"))?;
        let steps = read_yaml(&case_dir.join("steps.yaml"))?;
        let steps = steps.as_sequence().ok_or("steps.yaml is not a list")?;
        for (i, step) in steps.iter().enumerate() {
            if let Some(s) = step.get("process_update") {
                let name = yaml_str(s, "update").ok_or("process_update without update")?;
                let fork = match yaml_bytes4(s, "update_fork_digest") {
                    Some(d) => fork_of_digest(&digests, d)?,
                    None => self.fork,
                };
                let bytes = read_snappy(&case_dir.join(format!("{}.ssz_snappy", name.trim())))?;
                let update = match decode_ssz::<S>(&cfg, ObjectKind::Update, &bytes, Some(fork), &name)
                    .map_err(|e| e.to_string())?
                {
                    Decoded::Update(u) => u,
                    Decoded::Bootstrap(_) => return Err("update decoded as a bootstrap".into()),
                };
                let current_slot = yaml_u64(s, "current_slot")?;
                process_light_client_update(&mut store, &update, current_slot, &cfg)
                    .map_err(|e| format!("step {i} ({name}): {e}"))?;
                self.check_header(&store, &cfg, s.get("checks").unwrap_or(&Value::Null), i)?;
            } else if let Some(s) = step.get("force_update") {
                let current_slot = yaml_u64(s, "current_slot")?;
                process_light_client_store_force_update(&mut store, current_slot, &cfg)
                    .map_err(|e| format!("step {i} force_update: {e}"))?;
                self.check_header(&store, &cfg, s.get("checks").unwrap_or(&Value::Null), i)?;
            } else if let Some(s) = step.get("upgrade_store") {
                let version = yaml_bytes4(s, "store_fork_version").ok_or("upgrade_store without store_fork_version")?;
                let fork = fork_of_version(&cfg, version)?;
                store = store.upgrade_to(fork, &cfg).map_err(|e| format!("step {i} upgrade_store: {e}"))?;
                self.check_header(&store, &cfg, s.get("checks").unwrap_or(&Value::Null), i)?;
            } else {
                return Err(format!("step {i}: unknown step {step:?}"));
            }
        }
        Ok(())
    }

    fn run_update_ranking(&self, case_dir: &Path) -> Result<(), String> {
        let meta = read_yaml(&case_dir.join("meta.yaml"))?;
        let count = yaml_u64(&meta, "updates_count")?;
        let cfg = case_config(case_dir, self.preset, Root::default())?;
        let updates: Vec<LightClientUpdate<S>> = (0..count)
            .map(|i| {
                let bytes = read_snappy(&case_dir.join(format!("updates_{i}.ssz_snappy")))?;
                match decode_ssz::<S>(&cfg, ObjectKind::Update, &bytes, Some(self.fork), "update")
                    .map_err(|e| e.to_string())?
                {
                    Decoded::Update(u) => Ok(u),
                    Decoded::Bootstrap(_) => Err("update decoded as a bootstrap".to_string()),
                }
            })
            .collect::<Result<_, String>>()?;
        for j in 0..updates.len() {
            for i in 0..j {
                if is_better_update(&updates[j], &updates[i], &cfg) {
                    return Err(format!("updates_{j} ranks better than updates_{i}"));
                }
            }
        }
        Ok(())
    }
}

fn run_single_merkle_proof(preset: Preset, fork: Fork, handler_dir: &Path, case_dir: &Path) -> Result<(), String> {
    let type_name = name_of(Some(handler_dir));
    let object = read_snappy(&case_dir.join("object.ssz_snappy"))?;
    let root =
        lucid_ssz_schema::hash_tree_root(fork, preset, &type_name, &object).map_err(|e| format!("{type_name}: {e}"))?;
    let proof = read_yaml(&case_dir.join("proof.yaml"))?;
    let leaf = yaml_root(&proof, "leaf")?;
    let gindex = yaml_u64(&proof, "leaf_index")?;
    let branch: Vec<Root> = proof
        .get("branch")
        .and_then(Value::as_sequence)
        .ok_or("proof.yaml without branch")?
        .iter()
        .map(|v| v.as_str().and_then(parse_hex_array::<32>).map(root_from).ok_or("bad branch node"))
        .collect::<Result<_, _>>()?;
    if !is_valid_merkle_branch(&leaf, &branch, floorlog2(gindex), get_subtree_index(gindex), &root_from(root)) {
        return Err(format!("branch for gindex {gindex} does not verify against hash_tree_root({type_name})"));
    }
    Ok(())
}
