//! Forks, presets and network configurations: everything the update rules
//! need to turn a slot into a fork version, a period or a gindex.

use crate::primitives::{parse_hex_array, Root, Slot};
use serde::Serialize;

/// A consensus fork. Light-client data exists from Altair on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fork {
    Phase0,
    Altair,
    Bellatrix,
    Capella,
    Deneb,
    Electra,
    Fulu,
    Gloas,
}

/// The shape of a `LightClientHeader`: which spec version's container holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HeaderLayout {
    /// `beacon` only (Altair, Bellatrix).
    Altair,
    /// `beacon`, Capella `execution`, `execution_branch` (Capella).
    Capella,
    /// `beacon`, Deneb `execution`, `execution_branch` (Deneb, Electra, Fulu).
    Deneb,
    /// `beacon`, `execution_block_hash`, 11-deep `execution_branch` (Gloas).
    Gloas,
}

impl Fork {
    /// Every fork, oldest first.
    pub const ALL: [Fork; 8] = [
        Fork::Phase0,
        Fork::Altair,
        Fork::Bellatrix,
        Fork::Capella,
        Fork::Deneb,
        Fork::Electra,
        Fork::Fulu,
        Fork::Gloas,
    ];

    /// Lower-case name as used by the Beacon API's `version` field.
    pub fn name(self) -> &'static str {
        match self {
            Fork::Phase0 => "phase0",
            Fork::Altair => "altair",
            Fork::Bellatrix => "bellatrix",
            Fork::Capella => "capella",
            Fork::Deneb => "deneb",
            Fork::Electra => "electra",
            Fork::Fulu => "fulu",
            Fork::Gloas => "gloas",
        }
    }

    /// Parse a fork name (case-insensitive).
    pub fn from_name(name: &str) -> Option<Fork> {
        Fork::ALL.into_iter().find(|f| f.name().eq_ignore_ascii_case(name))
    }

    /// The fork that defines this fork's light-client containers: Bellatrix
    /// uses Altair's, Fulu uses Electra's. Data can be upgraded to a store
    /// whose container fork is the same or newer.
    pub fn container_fork(self) -> Fork {
        match self {
            Fork::Bellatrix => Fork::Altair,
            Fork::Fulu => Fork::Electra,
            other => other,
        }
    }

    /// The light-client header container this fork uses (`None` before Altair).
    pub fn header_layout(self) -> Option<HeaderLayout> {
        match self {
            Fork::Phase0 => None,
            Fork::Altair | Fork::Bellatrix => Some(HeaderLayout::Altair),
            Fork::Capella => Some(HeaderLayout::Capella),
            Fork::Deneb | Fork::Electra | Fork::Fulu => Some(HeaderLayout::Deneb),
            Fork::Gloas => Some(HeaderLayout::Gloas),
        }
    }
}

impl std::fmt::Display for Fork {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A consensus preset (the specs' `presets/<name>/` files): the compile-time constants that
/// size the SSZ types and the light client's periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Preset {
    /// The `mainnet` preset, used by every public network.
    Mainnet,
    /// The `minimal` preset used by the spec tests.
    Minimal,
}

impl Preset {
    /// Every preset.
    pub const ALL: [Preset; 2] = [Preset::Mainnet, Preset::Minimal];

    /// Lower-case name, as in the specs' `presets/` and the spec tests' directories.
    pub fn name(self) -> &'static str {
        match self {
            Preset::Mainnet => "mainnet",
            Preset::Minimal => "minimal",
        }
    }

    /// Parse a preset name (case-insensitive).
    pub fn from_name(name: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.name().eq_ignore_ascii_case(name))
    }

    /// The preset's constants the light client depends on.
    pub const fn constants(self) -> PresetConstants {
        match self {
            Preset::Mainnet => PresetConstants {
                slots_per_epoch: 32,
                epochs_per_sync_committee_period: 256,
                sync_committee_size: crate::MAINNET_SYNC_COMMITTEE_SIZE,
                min_sync_committee_participants: 1,
            },
            Preset::Minimal => PresetConstants {
                slots_per_epoch: 8,
                epochs_per_sync_committee_period: 8,
                sync_committee_size: crate::MINIMAL_SYNC_COMMITTEE_SIZE,
                min_sync_committee_participants: 1,
            },
        }
    }
}

impl std::fmt::Display for Preset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Preset constants the light client depends on ([`Preset::constants`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PresetConstants {
    pub slots_per_epoch: u64,
    pub epochs_per_sync_committee_period: u64,
    pub sync_committee_size: usize,
    pub min_sync_committee_participants: u64,
}

impl PresetConstants {
    /// `UPDATE_TIMEOUT`: slots in one sync-committee period.
    pub fn update_timeout(&self) -> u64 {
        self.slots_per_epoch * self.epochs_per_sync_committee_period
    }
}

/// Epoch meaning "not scheduled".
pub const FAR_FUTURE_EPOCH: u64 = u64::MAX;

/// A network: genesis, fork schedule and preset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkConfig {
    pub name: String,
    pub genesis_validators_root: Root,
    pub genesis_time: u64,
    pub seconds_per_slot: u64,
    pub preset: PresetConstants,
    /// `(fork, version, activation epoch)`, oldest first, Phase0 at epoch 0.
    pub forks: Vec<(Fork, [u8; 4], u64)>,
}

fn root_hex(s: &str) -> Root {
    crate::primitives::root_from(parse_hex_array::<32>(s).unwrap_or_default())
}

impl NetworkConfig {
    fn build(name: &str, gvr: &str, genesis_time: u64, versions: [[u8; 4]; 8], epochs: [u64; 8]) -> Self {
        NetworkConfig {
            name: name.to_string(),
            genesis_validators_root: root_hex(gvr),
            genesis_time,
            seconds_per_slot: 12,
            preset: Preset::Mainnet.constants(),
            forks: Fork::ALL.iter().enumerate().map(|(i, f)| (*f, versions[i], epochs[i])).collect(),
        }
    }

    /// Ethereum mainnet (genesis 2020-12-01).
    pub fn mainnet() -> Self {
        Self::build(
            "mainnet",
            "0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95",
            1606824023,
            [
                [0, 0, 0, 0],
                [1, 0, 0, 0],
                [2, 0, 0, 0],
                [3, 0, 0, 0],
                [4, 0, 0, 0],
                [5, 0, 0, 0],
                [6, 0, 0, 0],
                [7, 0, 0, 0],
            ],
            [0, 74240, 144896, 194048, 269568, 364032, 411392, FAR_FUTURE_EPOCH],
        )
    }

    /// Sepolia testnet.
    pub fn sepolia() -> Self {
        let v = |b: u8| [0x90, 0x00, 0x00, b];
        Self::build(
            "sepolia",
            "0xd8ea171f3c94aea21ebc42a1ed61052acf3f9209c00e4efbaaddac09ed9b8078",
            1655733600,
            [v(0x69), v(0x70), v(0x71), v(0x72), v(0x73), v(0x74), v(0x75), v(0x76)],
            [0, 50, 100, 56832, 132608, 222464, 272640, FAR_FUTURE_EPOCH],
        )
    }

    /// Holesky testnet.
    pub fn holesky() -> Self {
        let v = |b: u8| [b, 0x01, 0x70, 0x00];
        Self::build(
            "holesky",
            "0x9143aa7c615a7f7115e2b6aac319c03529df8242ae705fba9df39b79c59fa8b1",
            1695902400,
            [v(1), v(2), v(3), v(4), v(5), v(6), v(7), v(8)],
            [0, 0, 0, 256, 29696, 115968, 165120, FAR_FUTURE_EPOCH],
        )
    }

    /// Hoodi testnet.
    pub fn hoodi() -> Self {
        let v = |b: u8| [b, 0x00, 0x09, 0x10];
        Self::build(
            "hoodi",
            "0x212f13fc4df078b6cb7db228f1c8307566dcecf900867401a92023d7ba99cb5f",
            1742213400,
            [v(0x10), v(0x20), v(0x30), v(0x40), v(0x50), v(0x60), v(0x70), v(0x80)],
            [0, 0, 0, 0, 0, 2048, 50688, FAR_FUTURE_EPOCH],
        )
    }

    /// A built-in network by name: mainnet, sepolia, holesky or hoodi.
    pub fn by_name(name: &str) -> Option<Self> {
        match name {
            "mainnet" => Some(Self::mainnet()),
            "sepolia" => Some(Self::sepolia()),
            "holesky" => Some(Self::holesky()),
            "hoodi" => Some(Self::hoodi()),
            _ => None,
        }
    }

    /// Build a config from a consensus-specs style `config.yaml` (the
    /// `*_FORK_VERSION` / `*_FORK_EPOCH` keys), with the given preset and
    /// genesis validators root. Unlisted forks are unscheduled.
    pub fn from_config_yaml(name: &str, text: &str, preset: Preset, genesis_validators_root: Root) -> Self {
        let value = |key: &str| {
            text.lines().find_map(|l| {
                let (k, v) = l.split_once(':')?;
                (k.trim() == key).then(|| v.trim().trim_matches(|c| c == '\'' || c == '"').to_string())
            })
        };
        let forks = Fork::ALL
            .iter()
            .map(|f| {
                let upper = if *f == Fork::Phase0 { "GENESIS".to_string() } else { f.name().to_uppercase() };
                let version =
                    value(&format!("{upper}_FORK_VERSION")).and_then(|v| parse_hex_array::<4>(&v)).unwrap_or([0xff; 4]);
                let epoch = if *f == Fork::Phase0 {
                    0
                } else {
                    value(&format!("{upper}_FORK_EPOCH")).and_then(|v| v.parse().ok()).unwrap_or(FAR_FUTURE_EPOCH)
                };
                (*f, version, epoch)
            })
            .collect();
        NetworkConfig {
            name: name.to_string(),
            genesis_validators_root,
            genesis_time: value("MIN_GENESIS_TIME").and_then(|v| v.parse().ok()).unwrap_or(0),
            seconds_per_slot: value("SECONDS_PER_SLOT").and_then(|v| v.parse().ok()).unwrap_or(12),
            preset: preset.constants(),
            forks,
        }
    }

    /// `compute_epoch_at_slot`.
    pub fn epoch_at_slot(&self, slot: Slot) -> u64 {
        slot / self.preset.slots_per_epoch
    }

    /// `compute_sync_committee_period_at_slot`.
    pub fn period_at_slot(&self, slot: Slot) -> u64 {
        self.epoch_at_slot(slot) / self.preset.epochs_per_sync_committee_period
    }

    /// The fork active at `epoch`.
    pub fn fork_at_epoch(&self, epoch: u64) -> Fork {
        self.forks.iter().rev().find(|(_, _, e)| epoch >= *e).map_or(Fork::Phase0, |(f, _, _)| *f)
    }

    /// The fork active at `slot`.
    pub fn fork_at_slot(&self, slot: Slot) -> Fork {
        self.fork_at_epoch(self.epoch_at_slot(slot))
    }

    /// Activation epoch of `fork` (`FAR_FUTURE_EPOCH` if unscheduled).
    pub fn fork_epoch(&self, fork: Fork) -> u64 {
        self.forks.iter().find(|(f, _, _)| *f == fork).map_or(FAR_FUTURE_EPOCH, |(_, _, e)| *e)
    }

    /// Version of `fork`.
    pub fn fork_version(&self, fork: Fork) -> [u8; 4] {
        self.forks.iter().find(|(f, _, _)| *f == fork).map_or([0xff; 4], |(_, v, _)| *v)
    }

    /// `compute_fork_version(epoch)`.
    pub fn compute_fork_version(&self, epoch: u64) -> [u8; 4] {
        self.fork_version(self.fork_at_epoch(epoch))
    }

    /// Whether `epoch` is at or after the activation of `fork`.
    pub fn is_active(&self, fork: Fork, epoch: u64) -> bool {
        epoch >= self.fork_epoch(fork)
    }

    /// The slot a wall-clock time (seconds since the Unix epoch) falls in.
    pub fn slot_at_time(&self, unix_seconds: u64) -> Slot {
        unix_seconds.saturating_sub(self.genesis_time) / self.seconds_per_slot.max(1)
    }
}
