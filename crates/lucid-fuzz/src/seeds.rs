//! Fuzz inputs: the bytes of one light-client object with the tag that says what it is and which
//! store it is verified against, and the file names that carry that tag in a corpus or a
//! reproducer directory.

use std::path::{Path, PathBuf};

use lucid_core::decode::{json_to_ssz, ssz_to_json, ObjectKind};
use lucid_core::{Fork, MAINNET_SYNC_COMMITTEE_SIZE, MINIMAL_SYNC_COMMITTEE_SIZE};

use crate::scenario::AnyScenario;

/// How an input is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// A Beacon-API `{version, data}` object.
    Json,
    /// Raw SSZ of the fork's container.
    Ssz,
}

impl Encoding {
    /// The file extension of this encoding.
    pub fn extension(self) -> &'static str {
        match self {
            Encoding::Json => "json",
            Encoding::Ssz => "ssz",
        }
    }
}

/// What an input is: kept by every mutant of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tag {
    /// Index into the loaded scenarios.
    pub scenario: usize,
    /// The store position (in the scenario) the input is verified against.
    pub position: usize,
    pub kind: ObjectKind,
    /// The fork the genuine object was in.
    pub fork: Fork,
    pub encoding: Encoding,
}

/// One input with its tag and where it came from.
#[derive(Debug, Clone)]
pub struct Seed {
    /// The file (and array index) it was read from, or the file it was converted from.
    pub origin: String,
    pub tag: Tag,
    pub bytes: Vec<u8>,
}

impl Seed {
    /// A seed of scenario 0; the loader sets the scenario index when it adds the scenario.
    pub fn new(
        origin: &str,
        kind: ObjectKind,
        fork: Fork,
        encoding: Encoding,
        position: usize,
        bytes: Vec<u8>,
    ) -> Self {
        Seed { origin: origin.to_string(), tag: Tag { scenario: 0, position, kind, fork, encoding }, bytes }
    }
}

/// The same object in the other encoding, converted with the core's own converters, so that every
/// fork has JSON seeds and the JSON-only recordings have SSZ seeds.
pub fn twin(seed: &Seed, scenario: &AnyScenario) -> Option<Seed> {
    fn convert<const S: usize>(seed: &Seed) -> Option<(Encoding, Vec<u8>)> {
        let Tag { kind, fork, encoding, .. } = seed.tag;
        match encoding {
            Encoding::Ssz => {
                let json = ssz_to_json::<S>(kind, fork, &seed.bytes, &seed.origin).ok()?;
                Some((Encoding::Json, serde_json::to_vec(&json).ok()?))
            }
            Encoding::Json => {
                let value: serde_json::Value = serde_json::from_slice(&seed.bytes).ok()?;
                Some((Encoding::Ssz, json_to_ssz::<S>(kind, &value, &seed.origin).ok()?.1))
            }
        }
    }
    let (encoding, bytes) = match scenario {
        AnyScenario::Mainnet(_) => convert::<MAINNET_SYNC_COMMITTEE_SIZE>(seed)?,
        AnyScenario::Minimal(_) => convert::<MINIMAL_SYNC_COMMITTEE_SIZE>(seed)?,
    };
    let origin = format!("{} (as {})", seed.origin, encoding.extension());
    Some(Seed { origin, tag: Tag { encoding, ..seed.tag }, bytes })
}

/// A stable 64-bit hash of bytes (FNV-1a), for file names.
pub fn content_hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// The kind's short name in file names.
fn kind_token(kind: ObjectKind) -> &'static str {
    kind.name()
}

fn kind_from_token(token: &str) -> Option<ObjectKind> {
    [ObjectKind::Bootstrap, ObjectKind::Update, ObjectKind::FinalityUpdate, ObjectKind::OptimisticUpdate]
        .into_iter()
        .find(|k| k.name() == token)
}

/// The file name of an input: `[<prefix>.]<scenario>.<kind>.<position>.<fork>.<hash>.<json|ssz>`.
pub fn file_name(prefix: Option<&str>, tag: &Tag, scenarios: &[AnyScenario], bytes: &[u8]) -> String {
    let scenario = scenarios.get(tag.scenario).map_or("unknown", AnyScenario::name);
    let body = format!(
        "{scenario}.{}.{}.{}.{:016x}.{}",
        kind_token(tag.kind),
        tag.position,
        tag.fork.name(),
        content_hash(bytes),
        tag.encoding.extension()
    );
    match prefix {
        Some(p) => format!("{p}.{body}"),
        None => body,
    }
}

/// The tag a file name written by [`file_name`] carries (any prefix is ignored).
pub fn parse_file_name(name: &str, scenarios: &[AnyScenario]) -> Result<Tag, String> {
    let parts: Vec<&str> = name.rsplitn(6, '.').collect();
    let [ext, _hash, fork, position, kind, rest] = parts.as_slice() else {
        return Err(format!("{name}: not a <scenario>.<kind>.<position>.<fork>.<hash>.<json|ssz> name"));
    };
    let scenario_name = rest.rsplit('.').next().unwrap_or(rest);
    let scenario = scenarios
        .iter()
        .position(|s| s.name() == scenario_name)
        .ok_or_else(|| format!("{name}: no scenario {scenario_name:?} in the loaded data"))?;
    let encoding = match *ext {
        "json" => Encoding::Json,
        "ssz" => Encoding::Ssz,
        other => return Err(format!("{name}: unknown extension {other:?}")),
    };
    let kind = kind_from_token(kind).ok_or_else(|| format!("{name}: unknown kind {kind:?}"))?;
    let fork = Fork::from_name(fork).ok_or_else(|| format!("{name}: unknown fork {fork:?}"))?;
    let position: usize = position.parse().map_err(|_| format!("{name}: bad position {position:?}"))?;
    Ok(Tag { scenario, position, kind, fork, encoding })
}

/// Write `bytes` to `dir/name`, creating `dir`.
pub fn save(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    let path = dir.join(name);
    std::fs::write(&path, bytes).map_err(|e| format!("write {}: {e}", path.display()))?;
    Ok(path)
}

/// The inputs of a corpus directory, in name order. Files whose names carry no tag are reported
/// and skipped.
pub fn load_dir(dir: &Path, scenarios: &[AnyScenario]) -> Result<(Vec<Seed>, Vec<String>), String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok((Vec::new(), Vec::new())) };
    let mut names: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
    names.sort();
    let mut seeds = Vec::new();
    let mut skipped = Vec::new();
    for path in names {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        match parse_file_name(&name, scenarios) {
            Ok(tag) => {
                let bytes = std::fs::read(&path).map_err(|e| format!("read {}: {e}", path.display()))?;
                seeds.push(Seed { origin: path.display().to_string(), tag, bytes });
            }
            Err(e) => skipped.push(e),
        }
    }
    Ok((seeds, skipped))
}
