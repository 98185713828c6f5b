//! The recorded syncs the verification entry points run against, and the seeds they are made of.
//!
//! A [`Scenario`] is a network, a trusted checkpoint, a real bootstrap and the store as it stood
//! before each recorded update was processed (a [`Position`]). A mutated update is processed
//! against the position of the update it was mutated from, so that the store's period, committee
//! and finalized header are the ones the genuine update met.
//!
//! Two sources: real mainnet data (`mainnet/capella-p862`, `mainnet/capella-p816`, Beacon-API JSON
//! and raw SSZ) and the `sync` cases of the consensus-spec-tests vectors (raw-snappy SSZ, every fork).

use std::path::{Path, PathBuf};

use lucid_core::decode::{decode_bootstrap, decode_json, decode_ssz, Decoded, ObjectKind};
use lucid_core::primitives::parse_root;
use lucid_core::replay::Input;
use lucid_core::store::{
    initialize_light_client_store, process_light_client_store_force_update, process_light_client_update,
    LightClientStore,
};
use lucid_core::{Fork, NetworkConfig, Preset, Root, MAINNET_SYNC_COMMITTEE_SIZE, MINIMAL_SYNC_COMMITTEE_SIZE};
use serde_json::value::RawValue;
use serde_yaml::Value as Yaml;

use crate::seeds::{Encoding, Seed};

/// The store just before a recorded update was processed, and the current slot it was processed at.
#[derive(Debug, Clone)]
pub struct Position<const S: usize> {
    pub store: LightClientStore<S>,
    pub current_slot: u64,
}

/// One recorded sync with committees of `S` members.
#[derive(Debug)]
pub struct Scenario<const S: usize> {
    /// A unique name without dots (it is part of reproducer file names).
    pub name: String,
    pub cfg: NetworkConfig,
    /// The checkpoint the recorded bootstrap is for.
    pub trusted_root: Root,
    /// The recorded bootstrap file, for bundles whose bootstrap is not the mutated input.
    pub bootstrap: Input,
    /// The first recorded update file and its kind, for bundles whose bootstrap is mutated.
    pub first_update: Option<(ObjectKind, Input)>,
    /// Position 0 is the store right after the bootstrap.
    pub positions: Vec<Position<S>>,
    /// How many recorded updates were processed, and how many of them verified.
    pub processed: usize,
    pub verified: usize,
}

/// A scenario of either committee size.
#[derive(Debug)]
pub enum AnyScenario {
    Mainnet(Scenario<MAINNET_SYNC_COMMITTEE_SIZE>),
    Minimal(Scenario<MINIMAL_SYNC_COMMITTEE_SIZE>),
}

impl AnyScenario {
    /// The scenario's name.
    pub fn name(&self) -> &str {
        match self {
            AnyScenario::Mainnet(s) => &s.name,
            AnyScenario::Minimal(s) => &s.name,
        }
    }

    /// `(processed, verified)` recorded updates.
    pub fn verified(&self) -> (usize, usize) {
        match self {
            AnyScenario::Mainnet(s) => (s.processed, s.verified),
            AnyScenario::Minimal(s) => (s.processed, s.verified),
        }
    }

    /// The preset (committee size) of the scenario.
    pub fn preset(&self) -> Preset {
        match self {
            AnyScenario::Mainnet(_) => Preset::Mainnet,
            AnyScenario::Minimal(_) => Preset::Minimal,
        }
    }
}

/// Every scenario and every seed found under a data directory.
#[derive(Debug, Default)]
pub struct Loaded {
    pub scenarios: Vec<AnyScenario>,
    pub seeds: Vec<Seed>,
    /// Cases that could not be replayed, with why (their seeds are still used up to the failure).
    pub warnings: Vec<String>,
    /// Panics of the core on recorded data while loading (those scenarios are left out).
    pub panics: Vec<String>,
}

impl Loaded {
    fn add(&mut self, scenario: AnyScenario, mut seeds: Vec<Seed>) {
        let index = self.scenarios.len();
        for seed in &mut seeds {
            seed.tag.scenario = index;
        }
        self.scenarios.push(scenario);
        self.seeds.extend(seeds);
    }
}

/// Run `f`, turning a panic (of the core, on recorded data) into an error kept in `panics`.
fn guarded<T>(panics: &mut Vec<String>, what: &str, f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(_) => {
            let message = crate::stats::take_panic_message();
            panics.push(format!("{what}: {message}"));
            Err(format!("panicked: {message}"))
        }
    }
}

/// Load every scenario and seed under `data` (the `shared/data` directory).
pub fn load(data: &Path) -> Result<Loaded, String> {
    let mut loaded = Loaded::default();
    let now = lucid_tests::capella_p862::NOW_SLOT;
    let p862 = parse_root(lucid_tests::capella_p862::CHECKPOINT).ok_or("bad capella-p862 checkpoint")?;
    for (dir, trusted) in [("capella-p862", Some(p862)), ("capella-p816", None)] {
        let path = data.join("mainnet").join(dir);
        match guarded(&mut loaded.panics, dir, || recorded_mainnet(&path, dir, trusted, now)) {
            Ok((scenario, seeds)) => loaded.add(AnyScenario::Mainnet(scenario), seeds),
            Err(e) => loaded.warnings.push(format!("{dir}: skipped: {e}")),
        }
    }
    let vectors = data.join("consensus-spec-tests");
    let mut cases = Vec::new();
    find_sync_cases(&vectors, &mut cases);
    cases.sort();
    for case in cases {
        let name = case_name(&vectors, &case);
        let preset = case.iter().find_map(|c| Preset::from_name(c.to_str()?)).unwrap_or(Preset::Minimal);
        let result =
            match preset {
                Preset::Minimal => {
                    guarded(&mut loaded.panics, &name, || spec_sync_case::<MINIMAL_SYNC_COMMITTEE_SIZE>(&case, &name))
                        .map(|(s, seeds, w)| {
                            loaded.add(AnyScenario::Minimal(s), seeds);
                            w
                        })
                }
                Preset::Mainnet => {
                    guarded(&mut loaded.panics, &name, || spec_sync_case::<MAINNET_SYNC_COMMITTEE_SIZE>(&case, &name))
                        .map(|(s, seeds, w)| {
                            loaded.add(AnyScenario::Mainnet(s), seeds);
                            w
                        })
                }
            };
        match result {
            Ok(Some(warning)) => loaded.warnings.push(format!("{name}: {warning}")),
            Ok(None) => {}
            Err(e) => loaded.warnings.push(format!("{name}: skipped: {e}")),
        }
    }
    if loaded.seeds.is_empty() {
        return Err(format!("no seeds under {}: {}", data.display(), loaded.warnings.join("; ")));
    }
    Ok(loaded)
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("read {}: {e}", path.display()))
}

fn read_snappy(path: &Path) -> Result<Vec<u8>, String> {
    snap::raw::Decoder::new().decompress_vec(&read(path)?).map_err(|e| format!("snappy {}: {e}", path.display()))
}

/// Builds a scenario's positions while replaying its recorded steps, collecting the seeds.
struct Replay<const S: usize> {
    scenario: Scenario<S>,
    store: LightClientStore<S>,
    seeds: Vec<Seed>,
}

impl<const S: usize> Replay<S> {
    /// Start from a decoded bootstrap; its file becomes a seed at position 0.
    fn start(
        name: &str,
        cfg: NetworkConfig,
        trusted: Option<Root>,
        bootstrap_file: Input,
        encoding: Encoding,
        store_fork: Option<Fork>,
    ) -> Result<Self, String> {
        let bootstrap = decode_bootstrap::<S>(&cfg, &bootstrap_file.bytes, &bootstrap_file.name)
            .map_err(|e| format!("bootstrap: {e}"))?;
        let seed_fork = bootstrap.fork;
        let bootstrap = match store_fork {
            Some(fork) if fork > bootstrap.fork => bootstrap.upgrade_to(fork, &cfg).map_err(|e| e.to_string())?,
            _ => bootstrap,
        };
        let trusted_root = trusted.unwrap_or_else(|| bootstrap.header.beacon_root());
        let store =
            initialize_light_client_store(&cfg, &trusted_root, &bootstrap).map_err(|e| format!("bootstrap: {e}"))?;
        let seed = Seed::new(
            &bootstrap_file.name,
            ObjectKind::Bootstrap,
            seed_fork,
            encoding,
            0,
            bootstrap_file.bytes.clone(),
        );
        Ok(Self {
            scenario: Scenario {
                name: name.to_string(),
                cfg,
                trusted_root,
                bootstrap: bootstrap_file,
                first_update: None,
                positions: vec![Position { store: store.clone(), current_slot: 0 }],
                processed: 0,
                verified: 0,
            },
            store,
            seeds: vec![seed],
        })
    }

    /// Process one recorded update file as the store stands; it becomes a seed at the position
    /// before it. A recorded update that does not verify (data older than the bootstrap) leaves
    /// the store as it was.
    fn update(&mut self, kind: ObjectKind, encoding: Encoding, file: Input, current_slot: u64) -> Result<(), String> {
        let decoded = match encoding {
            Encoding::Json => {
                let text = std::str::from_utf8(&file.bytes).map_err(|e| format!("{}: {e}", file.name))?;
                decode_json::<S>(&self.scenario.cfg, kind, text, &file.name)
            }
            Encoding::Ssz => decode_ssz::<S>(&self.scenario.cfg, kind, &file.bytes, None, &file.name),
        };
        let update = match decoded.map_err(|e| format!("{}: {e}", file.name))? {
            Decoded::Update(u) => u,
            Decoded::Bootstrap(_) => return Err(format!("{}: decoded as a bootstrap", file.name)),
        };
        let position = self.scenario.positions.len();
        self.scenario.positions.push(Position { store: self.store.clone(), current_slot });
        self.seeds.push(Seed::new(&file.name, kind, update.fork, encoding, position, file.bytes.clone()));
        if self.scenario.first_update.is_none() {
            self.scenario.first_update = Some((kind, file));
        }
        self.scenario.processed += 1;
        if update.fork.container_fork() > self.store.fork.container_fork() {
            self.store = self.store.upgrade_to(update.fork, &self.scenario.cfg).map_err(|e| e.to_string())?;
        }
        if process_light_client_update(&mut self.store, &update, current_slot, &self.scenario.cfg).is_ok() {
            self.scenario.verified += 1;
        }
        Ok(())
    }

    /// A further encoding of an object already replayed: a seed at the position of the replayed
    /// object that decodes to the same value (the last position when none does).
    fn twin(&mut self, kind: ObjectKind, encoding: Encoding, file: Input) -> Result<(), String> {
        let cfg = &self.scenario.cfg;
        let decoded =
            decode_ssz::<S>(cfg, kind, &file.bytes, None, &file.name).map_err(|e| format!("{}: {e}", file.name))?;
        let position = self
            .seeds
            .iter()
            .find(|s| {
                s.tag.kind == kind
                    && s.tag.encoding == Encoding::Json
                    && std::str::from_utf8(&s.bytes)
                        .ok()
                        .and_then(|t| decode_json::<S>(cfg, kind, t, "").ok())
                        .is_some_and(|d| d == decoded)
            })
            .map_or(self.scenario.positions.len() - 1, |s| s.tag.position);
        let fork = match &decoded {
            Decoded::Bootstrap(b) => b.fork,
            Decoded::Update(u) => u.fork,
        };
        self.seeds.push(Seed::new(&file.name, kind, fork, encoding, position, file.bytes));
        Ok(())
    }

    fn force_update(&mut self, current_slot: u64) {
        // A force update that has nothing to force is not an error of the recording.
        let _ = process_light_client_store_force_update(&mut self.store, current_slot, &self.scenario.cfg);
    }

    /// The scenario and its seeds. Position 0 (after the bootstrap) takes the current slot of the
    /// first recorded update, which a bundle with a mutated bootstrap is verified at.
    fn finish(mut self) -> (Scenario<S>, Vec<Seed>) {
        if let Some(slot) = self.scenario.positions.get(1).map(|p| p.current_slot) {
            self.scenario.positions[0].current_slot = slot;
        }
        (self.scenario, self.seeds)
    }
}

/// The kind of a recorded file, from its name.
fn kind_of_file(name: &str) -> Option<ObjectKind> {
    [
        ("bootstrap", ObjectKind::Bootstrap),
        ("finality", ObjectKind::FinalityUpdate),
        ("optimistic", ObjectKind::OptimisticUpdate),
        ("update", ObjectKind::Update),
    ]
    .into_iter()
    .find(|(word, _)| name.contains(word))
    .map(|(_, kind)| kind)
}

/// A recorded mainnet directory: `bootstrap.json`, `updates.json` (an array), a finality and an
/// optimistic update in JSON, and optionally the same objects as raw `.ssz` files.
fn recorded_mainnet(
    dir: &Path,
    name: &str,
    trusted: Option<Root>,
    current_slot: u64,
) -> Result<(Scenario<MAINNET_SYNC_COMMITTEE_SIZE>, Vec<Seed>), String> {
    let file =
        |f: &str| -> Result<Input, String> { Ok(Input { name: format!("{name}/{f}"), bytes: read(&dir.join(f))? }) };
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|f| f.ends_with(".json") || f.ends_with(".ssz"))
        .collect();
    files.sort();
    let mut replay = Replay::start(
        &format!("mainnet-{name}"),
        NetworkConfig::mainnet(),
        trusted,
        file("bootstrap.json")?,
        Encoding::Json,
        None,
    )?;
    let updates = file("updates.json")?;
    let elements: Vec<Box<RawValue>> =
        serde_json::from_slice(&updates.bytes).map_err(|e| format!("{}: {e}", updates.name))?;
    for (i, element) in elements.iter().enumerate() {
        let input = Input { name: format!("{}[{i}]", updates.name), bytes: element.get().as_bytes().to_vec() };
        replay.update(ObjectKind::Update, Encoding::Json, input, current_slot)?;
    }
    for kind in [ObjectKind::FinalityUpdate, ObjectKind::OptimisticUpdate] {
        for f in files.iter().filter(|f| f.ends_with(".json") && kind_of_file(f) == Some(kind)) {
            replay.update(kind, Encoding::Json, file(f)?, current_slot)?;
        }
    }
    for f in files.iter().filter(|f| f.ends_with(".ssz")) {
        let kind = kind_of_file(f).ok_or_else(|| format!("{name}/{f}: unknown kind of object"))?;
        replay.twin(kind, Encoding::Ssz, file(f)?)?;
    }
    Ok(replay.finish())
}

/// Every `light_client/sync/<suite>/<case>` directory under `dir`.
fn find_sync_cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        if path.join("bootstrap.ssz_snappy").is_file() && path.join("steps.yaml").is_file() {
            if path.components().any(|c| c.as_os_str() == "sync") {
                out.push(path);
            }
        } else {
            find_sync_cases(&path, out);
        }
    }
}

/// A file-name-safe name for a case: `<release>-<preset>-<fork>-<case>`.
fn case_name(root: &Path, case: &Path) -> String {
    let parts: Vec<String> = case
        .strip_prefix(root)
        .unwrap_or(case)
        .components()
        .filter_map(|c| c.as_os_str().to_str().map(str::to_string))
        .filter(|c| !["tests", "light_client", "sync", "pyspec_tests"].contains(&c.as_str()))
        .collect();
    parts.join("-").replace('.', "_")
}

fn yaml_text(v: &Yaml, key: &str) -> Option<String> {
    match v.get(key)? {
        Yaml::String(s) => Some(s.trim().to_string()),
        Yaml::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn yaml_u64(v: &Yaml, key: &str) -> Result<u64, String> {
    yaml_text(v, key).and_then(|s| s.parse().ok()).ok_or_else(|| format!("missing or bad {key}"))
}

fn yaml_root(v: &Yaml, key: &str) -> Result<Root, String> {
    yaml_text(v, key).and_then(|s| parse_root(&s)).ok_or_else(|| format!("missing or bad {key}"))
}

fn read_yaml(path: &Path) -> Result<Yaml, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("read {}: {e}", path.display()))?;
    serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The fork whose version is `hex` in `cfg`.
fn fork_of_version(cfg: &NetworkConfig, hex: &str) -> Option<Fork> {
    let version = lucid_core::primitives::parse_hex_array::<4>(hex)?;
    cfg.forks.iter().find(|(_, v, _)| *v == version).map(|(f, _, _)| *f)
}

/// A consensus-spec-tests `sync` case: its config, checkpoint, bootstrap, and the store before
/// each `process_update` step. Each object's fork is the one its container and slot decode to.
/// Returns a warning when a step could not be replayed (the positions before it are kept).
fn spec_sync_case<const S: usize>(case: &Path, name: &str) -> Result<(Scenario<S>, Vec<Seed>, Option<String>), String> {
    let meta = read_yaml(&case.join("meta.yaml"))?;
    let gvr = yaml_root(&meta, "genesis_validators_root")?;
    let preset = if S == MAINNET_SYNC_COMMITTEE_SIZE { Preset::Mainnet } else { Preset::Minimal };
    let config = std::fs::read_to_string(case.join("config.yaml")).unwrap_or_default();
    let cfg = NetworkConfig::from_config_yaml(name, &config, preset, gvr);
    let store_fork = yaml_text(&meta, "store_fork_version").and_then(|v| fork_of_version(&cfg, &v));
    let bootstrap =
        Input { name: format!("{name}/bootstrap"), bytes: read_snappy(&case.join("bootstrap.ssz_snappy"))? };
    let trusted = yaml_root(&meta, "trusted_block_root")?;
    let mut replay = Replay::<S>::start(name, cfg, Some(trusted), bootstrap, Encoding::Ssz, store_fork)?;
    let steps = read_yaml(&case.join("steps.yaml"))?;
    let steps = steps.as_sequence().ok_or("steps.yaml is not a list")?;
    let mut warning = None;
    for (i, step) in steps.iter().enumerate() {
        let result = if let Some(s) = step.get("process_update") {
            yaml_text(s, "update").ok_or_else(|| "process_update without update".to_string()).and_then(|update| {
                let bytes = read_snappy(&case.join(format!("{update}.ssz_snappy")))?;
                let input = Input { name: format!("{name}/{update}"), bytes };
                replay.update(ObjectKind::Update, Encoding::Ssz, input, yaml_u64(s, "current_slot")?)
            })
        } else if let Some(s) = step.get("force_update") {
            yaml_u64(s, "current_slot").map(|slot| replay.force_update(slot))
        } else if let Some(s) = step.get("upgrade_store") {
            yaml_text(s, "store_fork_version")
                .and_then(|v| fork_of_version(&replay.scenario.cfg, &v))
                .ok_or_else(|| "upgrade_store without a known store_fork_version".to_string())
                .and_then(|fork| {
                    replay.store = replay.store.upgrade_to(fork, &replay.scenario.cfg).map_err(|e| e.to_string())?;
                    Ok(())
                })
        } else {
            Err("unknown step".to_string())
        };
        if let Err(e) = result {
            warning = Some(format!("step {i}: {e}"));
            break;
        }
    }
    let (scenario, seeds) = replay.finish();
    Ok((scenario, seeds, warning))
}
