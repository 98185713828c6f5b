//! The input files of a verification: the default scenario served by the app's own origin, or
//! files the user opens from disk. Only bytes and names live here; the worker decodes and checks.

use serde::{Deserialize, Serialize};

/// Where the recorded mainnet scenario is served from (copied into `dist/` by Trunk).
pub const SCENARIO_BASE: &str = "scenarios/capella-p862";
/// A short name for the default scenario, shown on the page.
pub const SCENARIO_NAME: &str = "capella-p862 (recorded mainnet data, 2023)";

/// One input file: the name it is reported under and its bytes (Beacon-API JSON or SSZ).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedFile {
    pub name: String,
    #[serde(with = "serde_bytes")]
    pub bytes: Vec<u8>,
}

/// The role of a file in a bundle, in the CLI's terms (`--bootstrap`, `--updates`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    Bootstrap,
    Updates,
    Finality,
    Optimistic,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Bootstrap, Role::Updates, Role::Finality, Role::Optimistic];

    /// The file name of this role in a recorded scenario directory.
    pub fn scenario_file(self) -> &'static str {
        match self {
            Role::Bootstrap => "bootstrap.json",
            Role::Updates => "updates.json",
            Role::Finality => "finality.json",
            Role::Optimistic => "optimistic.json",
        }
    }

    /// The label of the file picker for this role.
    pub fn label(self) -> &'static str {
        match self {
            Role::Bootstrap => "Bootstrap",
            Role::Updates => "Updates",
            Role::Finality => "Finality update",
            Role::Optimistic => "Optimistic update",
        }
    }

    /// What the file must contain.
    pub fn help(self) -> &'static str {
        match self {
            Role::Bootstrap => "LightClientBootstrap (JSON {version, data}, or .ssz). Required.",
            Role::Updates => "LightClientUpdates (the JSON array /light_client/updates returns, or one .ssz update).",
            Role::Finality => "LightClientFinalityUpdate (JSON or .ssz). Optional.",
            Role::Optimistic => "LightClientOptimisticUpdate (JSON or .ssz). Optional.",
        }
    }

    /// The id of this role's file input on the page.
    pub fn input_id(self) -> &'static str {
        match self {
            Role::Bootstrap => "file-bootstrap",
            Role::Updates => "file-updates",
            Role::Finality => "file-finality",
            Role::Optimistic => "file-optimistic",
        }
    }

    /// Guess a role from a dropped file's name (`bootstrap.json`, `finality_update.ssz`, …).
    pub fn guess(name: &str) -> Option<Role> {
        let n = name.to_ascii_lowercase();
        // "update" last: finality and optimistic updates contain it too.
        [
            (Role::Bootstrap, "bootstrap"),
            (Role::Finality, "finality"),
            (Role::Optimistic, "optimistic"),
            (Role::Updates, "update"),
        ]
        .into_iter()
        .find(|(_, word)| n.contains(word))
        .map(|(role, _)| role)
    }
}

/// The files of one verification, as the worker receives them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BundleFiles {
    pub bootstrap: Option<NamedFile>,
    pub updates: Option<NamedFile>,
    pub finality: Option<NamedFile>,
    pub optimistic: Option<NamedFile>,
}

impl BundleFiles {
    pub fn get(&self, role: Role) -> Option<&NamedFile> {
        match role {
            Role::Bootstrap => self.bootstrap.as_ref(),
            Role::Updates => self.updates.as_ref(),
            Role::Finality => self.finality.as_ref(),
            Role::Optimistic => self.optimistic.as_ref(),
        }
    }

    pub fn set(&mut self, role: Role, file: Option<NamedFile>) {
        let slot = match role {
            Role::Bootstrap => &mut self.bootstrap,
            Role::Updates => &mut self.updates,
            Role::Finality => &mut self.finality,
            Role::Optimistic => &mut self.optimistic,
        };
        *slot = file;
    }

    /// The core's bundle, or the reason these files are not one yet.
    pub fn to_core(&self) -> Result<lucid_core::replay::Bundle, String> {
        let input = |f: &NamedFile| lucid_core::replay::Input { name: f.name.clone(), bytes: f.bytes.clone() };
        let bootstrap = self.bootstrap.as_ref().ok_or("no bootstrap file: one is required")?;
        Ok(lucid_core::replay::Bundle {
            bootstrap: input(bootstrap),
            updates: self.updates.iter().map(input).collect(),
            finality: self.finality.as_ref().map(input),
            optimistic: self.optimistic.as_ref().map(input),
        })
    }

    /// Total size in bytes.
    pub fn byte_len(&self) -> usize {
        Role::ALL.iter().filter_map(|r| self.get(*r)).map(|f| f.bytes.len()).sum()
    }
}

/// Fetch the default scenario from the app's own origin.
pub async fn fetch_scenario() -> Result<BundleFiles, String> {
    let mut files = BundleFiles::default();
    for role in Role::ALL {
        let url = format!("{SCENARIO_BASE}/{}", role.scenario_file());
        let response = gloo_net::http::Request::get(&url).send().await.map_err(|e| format!("{url}: {e}"))?;
        if !response.ok() {
            return Err(format!("{url}: HTTP {}", response.status()));
        }
        let bytes = response.binary().await.map_err(|e| format!("{url}: {e}"))?;
        files.set(role, Some(NamedFile { name: role.scenario_file().to_string(), bytes }));
    }
    Ok(files)
}
