//! The views' worker-side laboratory. It watches the worker's one verification run (a
//! [`ReplayObserver`] of `lucid_core::replay::replay_bundle`), keeps the store as it was just before
//! the last signed update (the finality update when there is one), and then
//!
//! * explains each update: its header fields, participation bits, the core's [`SignatureCheck`]
//!   (fork version → domain → signing root), and each Merkle branch walked up its tree;
//! * tampers with that update: flips one byte or field of its JSON, hands it to the core's decoder
//!   and `process_light_client_update`, and reports the typed rejection and whether the store changed.
//!
//! A run the core rejects yields no summary at all, so no view can show a figure from it as verified.
//! Pure functions and plain data: it runs inside the worker ([`crate::worker`]) and in tests.

use lucid_core::data::{LightClientBootstrap, LightClientUpdate, UpdateKind};
use lucid_core::decode::{decode_updates, ObjectKind};
use lucid_core::gindex::{
    current_sync_committee_gindex_at_slot, finalized_root_gindex_at_slot, next_sync_committee_gindex_at_slot,
    EXECUTION_PAYLOAD_GINDEX_CAPELLA,
};
use lucid_core::header::LightClientHeader;
use lucid_core::merkle::is_valid_normalized_merkle_branch;
use lucid_core::primitives::{hash_pair, root_bytes, root_of, to_hex, Root};
use lucid_core::replay::{Bundle, ReplayObserver, Step};
use lucid_core::store::{process_light_client_update, LightClientStore, SignatureCheck, UpdateOutcome};
use lucid_core::{Head, HeaderRole, NetworkConfig, MAINNET_SYNC_COMMITTEE_SIZE as S};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::block::VerifiedHeader;
use crate::branch::{branch_path, Container};

/// The store's finalized and optimistic heads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heads {
    pub finalized: Head,
    pub optimistic: Head,
}

impl Heads {
    fn of(store: &LightClientStore<S>, cfg: &NetworkConfig) -> Heads {
        Heads { finalized: Head::of(&store.finalized_header, cfg), optimistic: Head::of(&store.optimistic_header, cfg) }
    }
}

/// One level of a branch walk: the path node, its sibling (the branch element) and their names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalkNode {
    pub gindex: u64,
    pub label: String,
    /// The node's value, folded up from the leaf.
    pub value: String,
    pub sibling_gindex: u64,
    pub sibling_label: String,
    /// The branch element: as reported by the data.
    pub sibling: String,
    pub node_is_right: bool,
}

/// A Merkle branch walked from its leaf to the root it must reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BranchWalk {
    pub name: String,
    pub gindex: u64,
    pub leaf_label: String,
    pub leaf: String,
    pub root_label: String,
    /// The root the branch must reach (from the header the proof is anchored in).
    pub expected_root: String,
    /// The root the fold reaches.
    pub computed_root: String,
    /// The core's verdict (`is_valid_normalized_merkle_branch`).
    pub valid: bool,
    /// Leaf first.
    pub nodes: Vec<WalkNode>,
}

/// Fold `leaf` up `branch` for `gindex`, naming nodes in `container`, and ask the core for its verdict.
fn walk(
    name: &str,
    container: Option<Container>,
    gindex: u64,
    leaf: Root,
    branch: &[Root],
    root: Root,
    root_label: &str,
) -> BranchWalk {
    let path = branch_path(gindex);
    let extra = branch.len().saturating_sub(path.len());
    let describe = |g: u64| container.map_or_else(|| format!("node {g}"), |c| c.describe(g));
    let mut value = root_bytes(&leaf);
    let mut nodes = Vec::new();
    for (step, sibling) in path.iter().zip(&branch[extra.min(branch.len())..]) {
        let sib = root_bytes(sibling);
        nodes.push(WalkNode {
            gindex: step.gindex,
            label: describe(step.gindex),
            value: to_hex(&value),
            sibling_gindex: step.sibling,
            sibling_label: describe(step.sibling),
            sibling: to_hex(&sib),
            node_is_right: step.node_is_right,
        });
        value = if step.node_is_right { hash_pair(&sib, &value) } else { hash_pair(&value, &sib) };
    }
    BranchWalk {
        name: name.into(),
        gindex,
        leaf_label: describe(gindex),
        leaf: to_hex(leaf.as_ref()),
        root_label: root_label.into(),
        expected_root: to_hex(root.as_ref()),
        computed_root: to_hex(&value),
        valid: is_valid_normalized_merkle_branch(&leaf, branch, gindex, &root),
        nodes,
    }
}

/// The execution branch of a Capella–Fulu header (the payload header proven in the body), if any.
fn execution_walk(cfg: &NetworkConfig, role: &str, h: &LightClientHeader) -> Option<BranchWalk> {
    let is_payload_layout =
        matches!(h.layout(), lucid_core::config::HeaderLayout::Capella | lucid_core::config::HeaderLayout::Deneb);
    (is_payload_layout && !h.is_empty()).then(|| {
        walk(
            &format!("execution branch ({role})"),
            Some(Container::BeaconBlockBody),
            EXECUTION_PAYLOAD_GINDEX_CAPELLA,
            h.execution_root(cfg),
            h.execution_branch(),
            h.beacon().body_root,
            &format!("{role} body_root"),
        )
    })
}

/// What the core said about one update of the bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateDigest {
    pub file: String,
    pub kind: String,
    pub fork: String,
    pub attested: Head,
    /// `None` for updates without a finality proof.
    pub finalized: Option<Head>,
    pub signature_slot: u64,
    pub participants: u64,
    pub bits: Vec<bool>,
    pub signature: String,
    /// The aggregate public key of the committee that signed (from the committee the store holds).
    pub committee_aggregate_pubkey: String,
    /// The core's signature check.
    pub check: SignatureCheck,
    pub finalized_advanced: bool,
    pub optimistic_advanced: bool,
    pub committee_handover: Option<u64>,
    pub next_committee_learned: bool,
    pub store_after: Heads,
    pub branches: Vec<BranchWalk>,
}

/// The bootstrap, as the core checked it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BootstrapDigest {
    pub header: Head,
    pub committee_root: String,
    pub branches: Vec<BranchWalk>,
}

/// Everything the views need from one run of the core over a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabSummary {
    pub bootstrap: BootstrapDigest,
    pub updates: Vec<UpdateDigest>,
    /// The update offered for tampering, and its editable fields.
    pub target: Option<String>,
    pub fields: Vec<Field>,
    pub heads_before_target: Heads,
    /// The trusted checkpoint was the bootstrap's own header (no checkpoint given): every figure
    /// here rests on the bootstrap as given.
    pub self_trusted: bool,
}

impl LabSummary {
    /// Headers the core verified in this data: the bootstrap header (the trusted checkpoint),
    /// each update's attested header when at least 2/3 of the committee signed it (for an optimistic
    /// update, the optimistic head) and finalized header (proven by the finality branch).
    pub fn verified_headers(&self) -> Vec<VerifiedHeader> {
        let mut out = vec![VerifiedHeader::new(
            &self.bootstrap.header,
            HeaderRole::Bootstrap,
            "bootstrap header (trusted checkpoint)".into(),
        )];
        for u in &self.updates {
            let role = if u.kind == kind_name(ObjectKind::OptimisticUpdate) {
                HeaderRole::Optimistic
            } else {
                HeaderRole::Attested
            };
            if u.participants * 3 >= u.bits.len() as u64 * 2 {
                out.push(VerifiedHeader::new(
                    &u.attested,
                    role,
                    format!("attested header of {}, signed by {}/{}", u.file, u.participants, u.bits.len()),
                ));
            }
            if let Some(f) = &u.finalized {
                out.push(VerifiedHeader::new(
                    f,
                    HeaderRole::Finalized,
                    format!("finalized header of {}, proven by its finality branch", u.file),
                ));
            }
        }
        out
    }
}

/// A leaf of the tamper target's JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// JSON path, e.g. `["data", "finality_branch", "3"]`.
    pub path: Vec<String>,
    pub value: String,
}

impl Field {
    /// `data.finality_branch[3]`.
    pub fn label(&self) -> String {
        path_label(&self.path)
    }
}

fn path_label(path: &[String]) -> String {
    let mut out = String::new();
    for seg in path {
        if seg.parse::<usize>().is_ok() {
            out.push_str(&format!("[{seg}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(seg);
        }
    }
    out
}

/// One edit of the tamper target: flip byte `byte` of a hex field (all its bits), or, for a
/// number or text field (`byte: None`), add one / change the fork label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    pub path: Vec<String>,
    pub byte: Option<u32>,
}

/// What happened when the core was handed the edited update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TamperOutcome {
    pub field: String,
    pub before: String,
    pub after: String,
    pub accepted: bool,
    /// `LightClientError::kind()` of the rejection (empty when accepted).
    pub kind: String,
    /// Its Display text.
    pub message: String,
    /// `decode` or `process`: where the core refused it.
    pub stage: String,
    pub store_before: Heads,
    pub store_after: Heads,
    /// Whole-store equality (`LightClientStore: PartialEq`), not just the heads.
    pub store_unchanged: bool,
}

/// The store and the tamper target, kept between requests.
pub struct Lab {
    cfg: NetworkConfig,
    current_slot: u64,
    before_target: Option<(LightClientStore<S>, ObjectKind, String, Value)>,
}

fn kind_name(kind: ObjectKind) -> &'static str {
    match kind {
        ObjectKind::Bootstrap => "bootstrap",
        ObjectKind::Update => "update",
        ObjectKind::FinalityUpdate => "finality_update",
        ObjectKind::OptimisticUpdate => "optimistic_update",
    }
}

fn object_kind(kind: UpdateKind) -> ObjectKind {
    match kind {
        UpdateKind::Update => ObjectKind::Update,
        UpdateKind::FinalityUpdate => ObjectKind::FinalityUpdate,
        UpdateKind::OptimisticUpdate => ObjectKind::OptimisticUpdate,
    }
}

/// The bootstrap's branch walks.
fn bootstrap_digest(
    cfg: &NetworkConfig,
    bootstrap: &LightClientBootstrap<S>,
    store: &LightClientStore<S>,
) -> BootstrapDigest {
    BootstrapDigest {
        header: Head::of(&bootstrap.header, cfg),
        committee_root: to_hex(store.current_sync_committee.root.as_ref()),
        branches: [walk(
            "current sync committee branch",
            Container::state_of(bootstrap.fork),
            current_sync_committee_gindex_at_slot(cfg, bootstrap.header.slot()),
            store.current_sync_committee.root,
            &bootstrap.current_sync_committee_branch,
            bootstrap.header.beacon().state_root,
            "bootstrap state_root",
        )]
        .into_iter()
        .chain(execution_walk(cfg, "bootstrap", &bootstrap.header))
        .collect(),
    }
}

/// What the core's verdict on `update` completes into its digest.
type Pending = Box<dyn FnOnce(&UpdateOutcome, Heads) -> UpdateDigest>;

/// What the data says about `update` and the store it meets, before the core processes it; the
/// core's outcome and the store after it come from its [`Step::UpdateVerified`].
fn describe(
    cfg: &NetworkConfig,
    store: &LightClientStore<S>,
    file: &str,
    kind: UpdateKind,
    update: &LightClientUpdate<S>,
) -> Pending {
    let signature_period = cfg.period_at_slot(update.signature_slot);
    let committee = if signature_period == store.period(cfg) {
        Some(&store.current_sync_committee)
    } else {
        store.next_sync_committee.as_ref()
    };
    let committee_aggregate_pubkey = committee.map(|c| to_hex(c.ssz.aggregate_pubkey.as_ref())).unwrap_or_default();
    let attested_slot = update.attested_header.slot();
    let state_root = update.attested_header.beacon().state_root;
    let mut branches = Vec::new();
    let state = Container::state_of(cfg.fork_at_slot(attested_slot));
    if update.is_finality_update() {
        let leaf =
            if update.finalized_header.slot() == 0 { Root::default() } else { update.finalized_header.beacon_root() };
        branches.push(walk(
            "finality branch",
            state,
            finalized_root_gindex_at_slot(cfg, attested_slot),
            leaf,
            &update.finality_branch,
            state_root,
            "attested state_root",
        ));
    }
    if update.is_sync_committee_update() {
        let leaf = root_of(&update.next_sync_committee);
        branches.push(walk(
            "next sync committee branch",
            state,
            next_sync_committee_gindex_at_slot(cfg, attested_slot),
            leaf,
            &update.next_sync_committee_branch,
            state_root,
            "attested state_root",
        ));
    }
    branches.extend(execution_walk(cfg, "attested", &update.attested_header));
    if update.is_finality_update() {
        branches.extend(execution_walk(cfg, "finalized", &update.finalized_header));
    }
    let file = file.to_string();
    let kind = kind_name(object_kind(kind)).to_string();
    let fork = update.fork.name().to_string();
    let attested = Head::of(&update.attested_header, cfg);
    let finalized = update.is_finality_update().then(|| Head::of(&update.finalized_header, cfg));
    let signature_slot = update.signature_slot;
    let participants = update.participants();
    let bits = update.sync_aggregate.sync_committee_bits.iter().by_vals().collect();
    let signature = to_hex(update.sync_aggregate.sync_committee_signature.as_ref());
    Box::new(move |outcome, store_after| UpdateDigest {
        file,
        kind,
        fork,
        attested,
        finalized,
        signature_slot,
        participants,
        bits,
        signature,
        committee_aggregate_pubkey,
        check: outcome.signature.clone(),
        finalized_advanced: outcome.finalized_advanced,
        optimistic_advanced: outcome.optimistic_advanced,
        committee_handover: outcome.committee_handover,
        next_committee_learned: outcome.next_committee_learned,
        store_after,
        branches,
    })
}

/// Every leaf of a JSON value, with its path (arrays of more than 64 entries, such as committee
/// public keys, are left out: too many to click through).
fn leaves(value: &Value, path: &mut Vec<String>, out: &mut Vec<Field>) {
    match value {
        Value::Object(m) => m.iter().for_each(|(k, v)| {
            path.push(k.clone());
            leaves(v, path, out);
            path.pop();
        }),
        Value::Array(a) if a.len() <= 64 => a.iter().enumerate().for_each(|(i, v)| {
            path.push(i.to_string());
            leaves(v, path, out);
            path.pop();
        }),
        Value::String(s) => out.push(Field { path: path.clone(), value: s.clone() }),
        _ => {}
    }
}

fn pointer(path: &[String]) -> String {
    path.iter().map(|s| format!("/{s}")).collect()
}

/// The fork names the `version` label can be switched through.
const FORK_LABELS: &[&str] = &["altair", "bellatrix", "capella", "deneb", "electra", "fulu"];

/// Apply `edit` to a string leaf: returns the new text, or why it cannot be edited.
fn edit_leaf(old: &str, byte: Option<u32>, is_version: bool) -> Result<String, String> {
    if is_version {
        let i = FORK_LABELS.iter().position(|f| *f == old).unwrap_or(0);
        return Ok(FORK_LABELS[(i + 1) % FORK_LABELS.len()].to_string());
    }
    if let Some(body) = old.strip_prefix("0x") {
        let mut bytes = crate::hex::decode_hex(body).ok_or("not hex")?;
        let i = byte.unwrap_or(0) as usize;
        let b = bytes.get_mut(i).ok_or(format!("byte {i} is past the end"))?;
        *b = !*b;
        return Ok(to_hex(&bytes));
    }
    let n: u64 = old.parse().map_err(|_| "neither hex nor a number".to_string())?;
    Ok(n.wrapping_add(1).to_string())
}

/// What a [`LabRecorder`] kept of a bootstrap and the updates after it.
#[derive(Debug, Clone)]
pub struct LabPrefix {
    bootstrap: BootstrapDigest,
    updates: Vec<UpdateDigest>,
}

/// Records the worker's verification run for the views: a [`ReplayObserver`] that passes every
/// step on to `on_step` and keeps what the views and the tamper target need.
pub struct LabRecorder<'a> {
    cfg: NetworkConfig,
    current_slot: u64,
    self_trusted: bool,
    on_step: &'a mut dyn FnMut(&Step),
    /// The tamper target (the finality update if there is one, else the optimistic update), until met.
    target: Option<(String, ObjectKind, Value)>,
    before_target: Option<(LightClientStore<S>, ObjectKind, String, Value)>,
    bootstrap: Option<BootstrapDigest>,
    pending: Option<Pending>,
    updates: Vec<UpdateDigest>,
}

impl<'a> LabRecorder<'a> {
    /// A recorder for a run over `bundle`; `self_trusted` when no checkpoint was given.
    pub fn new(
        cfg: NetworkConfig,
        bundle: &Bundle,
        self_trusted: bool,
        current_slot: u64,
        on_step: &'a mut dyn FnMut(&Step),
    ) -> Self {
        let target =
            [(&bundle.finality, ObjectKind::FinalityUpdate), (&bundle.optimistic, ObjectKind::OptimisticUpdate)]
                .into_iter()
                .find_map(|(input, kind)| input.as_ref().map(|i| (i, kind)))
                .and_then(|(input, kind)| {
                    serde_json::from_slice::<Value>(&input.bytes).ok().map(|json| (input.name.clone(), kind, json))
                });
        LabRecorder {
            cfg,
            current_slot,
            self_trusted,
            on_step,
            target,
            before_target: None,
            bootstrap: None,
            pending: None,
            updates: Vec::new(),
        }
    }

    /// A recorder for `bundle` that goes on from `prefix`, what a recorder kept of the same
    /// bootstrap and updates (the replay itself goes on from where those left the store).
    pub fn resume(
        cfg: NetworkConfig,
        bundle: &Bundle,
        self_trusted: bool,
        current_slot: u64,
        on_step: &'a mut dyn FnMut(&Step),
        prefix: LabPrefix,
    ) -> Self {
        let recorder = LabRecorder::new(cfg, bundle, self_trusted, current_slot, on_step);
        LabRecorder { bootstrap: Some(prefix.bootstrap), updates: prefix.updates, ..recorder }
    }

    /// What this recorder kept so far, to [`LabRecorder::resume`] from (`None` before the bootstrap).
    pub fn prefix(&self) -> Option<LabPrefix> {
        Some(LabPrefix { bootstrap: self.bootstrap.clone()?, updates: self.updates.clone() })
    }

    /// The lab and the views' summary, once the replay accepted every input (`None` if it never
    /// saw the bootstrap accepted).
    pub fn finish(self) -> Option<(Lab, LabSummary)> {
        let bootstrap = self.bootstrap?;
        let heads_before_target = match (&self.before_target, self.updates.last()) {
            (Some((store, ..)), _) => Heads::of(store, &self.cfg),
            (None, Some(last)) => last.store_after.clone(),
            (None, None) => Heads { finalized: bootstrap.header.clone(), optimistic: bootstrap.header.clone() },
        };
        let mut fields = Vec::new();
        if let Some((_, _, _, json)) = &self.before_target {
            leaves(json, &mut Vec::new(), &mut fields);
        }
        let summary = LabSummary {
            bootstrap,
            updates: self.updates,
            target: self.before_target.as_ref().map(|t| t.2.clone()),
            fields,
            heads_before_target,
            self_trusted: self.self_trusted,
        };
        Some((Lab { cfg: self.cfg, current_slot: self.current_slot, before_target: self.before_target }, summary))
    }
}

impl ReplayObserver<S> for LabRecorder<'_> {
    fn step(&mut self, step: &Step) {
        if let Step::UpdateVerified { outcome, store_finalized, store_optimistic, .. } = step {
            if let Some(pending) = self.pending.take() {
                let after = Heads { finalized: store_finalized.clone(), optimistic: store_optimistic.clone() };
                self.updates.push(pending(outcome, after));
            }
        }
        (self.on_step)(step);
    }

    fn bootstrap(&mut self, bootstrap: &LightClientBootstrap<S>, store: &LightClientStore<S>) {
        self.bootstrap = Some(bootstrap_digest(&self.cfg, bootstrap, store));
    }

    fn update(&mut self, file: &str, kind: UpdateKind, update: &LightClientUpdate<S>, store: &LightClientStore<S>) {
        if self.target.as_ref().is_some_and(|(name, k, _)| name == file && *k == object_kind(kind)) {
            if let Some((name, k, json)) = self.target.take() {
                self.before_target = Some((store.clone(), k, name, json));
            }
        }
        self.pending = Some(describe(&self.cfg, store, file, kind, update));
    }
}

impl Lab {
    /// Hand the target update, with `edit` applied, to the core; the kept store is never changed.
    pub fn tamper(&self, edit: &Edit) -> Result<TamperOutcome, String> {
        let (base, kind, name, json) = self.before_target.as_ref().ok_or("no update to tamper with")?;
        let mut json = json.clone();
        let ptr = pointer(&edit.path);
        let leaf = json.pointer_mut(&ptr).ok_or(format!("no field {ptr}"))?;
        let before = leaf.as_str().ok_or(format!("{ptr} is not a text field"))?.to_string();
        let after = edit_leaf(&before, edit.byte, edit.path.last().is_some_and(|s| s == "version"))?;
        *leaf = Value::String(after.clone());
        let bytes = serde_json::to_vec(&json).map_err(|e| e.to_string())?;
        let mut store = base.clone();
        let (stage, result) = match decode_updates::<S>(&self.cfg, *kind, &bytes, name) {
            Err(e) => ("decode", Err(e)),
            Ok(list) => {
                let mut r = Ok(());
                for u in &list {
                    r = process_light_client_update(&mut store, u, self.current_slot, &self.cfg).map(|_| ());
                    if r.is_err() {
                        break;
                    }
                }
                ("process", r)
            }
        };
        let field = match edit.byte {
            Some(b) if before.starts_with("0x") => format!("{} byte {b}", path_label(&edit.path)),
            _ => path_label(&edit.path),
        };
        Ok(TamperOutcome {
            field,
            before,
            after,
            accepted: result.is_ok(),
            kind: result.as_ref().err().map(|e| e.kind().to_string()).unwrap_or_default(),
            message: result.as_ref().err().map(|e| e.to_string()).unwrap_or_default(),
            stage: stage.into(),
            store_before: Heads::of(base, &self.cfg),
            store_after: Heads::of(&store, &self.cfg),
            store_unchanged: store == *base,
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use lucid_core::replay::{replay_bundle, Input};

    const SCENARIO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/capella-p862");

    fn input(name: &str) -> Input {
        Input { name: name.into(), bytes: std::fs::read(format!("{SCENARIO}/{name}")).unwrap() }
    }

    /// The lab over the capella-p862 scenario.
    pub(crate) fn lab() -> (Lab, LabSummary) {
        let bundle = Bundle {
            bootstrap: input("bootstrap.json"),
            updates: vec![input("updates.json")],
            finality: Some(input("finality.json")),
            optimistic: Some(input("optimistic.json")),
        };
        let checkpoint = lucid_core::primitives::parse_root(lucid_tests::capella_p862::CHECKPOINT);
        let mut ignore = |_: &Step| {};
        let mut recorder = LabRecorder::new(NetworkConfig::mainnet(), &bundle, false, 7_200_000, &mut ignore);
        replay_bundle::<S>(&NetworkConfig::mainnet(), &bundle, checkpoint, 7_200_000, &mut recorder).unwrap();
        recorder.finish().unwrap()
    }

    fn finality_bits_from_json() -> u64 {
        let v: Value = serde_json::from_slice(&input("finality.json").bytes).unwrap();
        let hex = v["data"]["sync_aggregate"]["sync_committee_bits"].as_str().unwrap();
        crate::hex::decode_hex(hex).unwrap().iter().map(|b| b.count_ones() as u64).sum()
    }

    #[test]
    fn the_scenario_verifies_and_hands_the_committee_over_each_period() {
        let (_, s) = lab();
        assert_eq!(s.updates.len(), 8);
        assert!(!s.self_trusted);
        let periods: Vec<u64> = s.updates.iter().map(|u| u.check.signature_period).collect();
        assert_eq!(periods, vec![862, 863, 864, 865, 866, 867, 867, 867]);
        let handovers: Vec<u64> = s.updates.iter().filter_map(|u| u.committee_handover).collect();
        assert_eq!(handovers, vec![863, 864, 865, 866, 867]);
        let fin = &s.updates[6];
        assert_eq!(fin.kind, "finality_update");
        assert_eq!(fin.participants, finality_bits_from_json());
        assert_eq!(fin.bits.iter().filter(|b| **b).count() as u64, fin.participants);
        assert_eq!(fin.finalized.as_ref().unwrap().slot, 7_109_344);
        assert_eq!(fin.store_after.finalized.root.to_string(), lucid_tests::capella_p862::FINALIZED_ROOT);
        assert_eq!(s.updates[7].store_after.optimistic.slot, 7_109_431);
        assert_eq!(s.target.as_deref(), Some("finality.json"));
    }

    #[test]
    fn branch_walks_reach_the_state_root_and_name_their_nodes() {
        let (_, s) = lab();
        let fin = &s.updates[6];
        let finality = fin.branches.iter().find(|b| b.name == "finality branch").unwrap();
        assert!(finality.valid);
        assert_eq!(finality.computed_root, finality.expected_root);
        assert_eq!(finality.expected_root, fin.attested.state_root.to_string());
        assert_eq!(finality.gindex, 105);
        assert_eq!(finality.leaf_label, "finalized_checkpoint.root");
        assert_eq!(finality.nodes[0].sibling_label, "finalized_checkpoint.epoch");
        // The sibling of the finalized root is the finalized epoch, packed little-endian.
        let epoch_chunk = crate::hex::decode_hex(&finality.nodes[0].sibling).unwrap();
        assert_eq!(crate::branch::chunk_as_u64(&epoch_chunk), Some(222_167));
        assert!(fin.branches.iter().all(|b| b.valid), "every branch of a verified update is valid");
        assert!(s.bootstrap.branches.iter().all(|b| b.valid && b.computed_root == b.expected_root));
        let committee = s.updates[0].branches.iter().find(|b| b.name == "next sync committee branch").unwrap();
        assert_eq!(committee.leaf_label, "next_sync_committee");
    }

    #[test]
    fn tampered_fields_are_rejected_with_the_failed_check_and_the_store_unchanged() {
        let (lab, s) = lab();
        let field =
            |p: &str| s.fields.iter().find(|f| f.label() == p).unwrap_or_else(|| panic!("no field {p}")).path.clone();
        let cases = [
            ("data.finality_branch[2]", Some(5), "bad_finality_branch"),
            ("data.attested_header.beacon.state_root", Some(0), "bad_finality_branch"),
            ("data.attested_header.beacon.body_root", Some(31), "bad_execution_branch"),
            ("data.finalized_header.beacon.proposer_index", None, "bad_finality_branch"),
            ("data.sync_aggregate.sync_committee_bits", Some(0), "bad_signature"),
            ("data.attested_header.beacon.proposer_index", None, "bad_signature"),
            // Relabelled `deneb`, the data is read with Deneb's containers, which it does not fit.
            ("version", None, "malformed_json"),
        ];
        for (path, byte, kind) in cases {
            let out = lab.tamper(&Edit { path: field(path), byte }).unwrap();
            assert!(!out.accepted, "{path} accepted");
            assert_eq!(out.kind, kind, "{path}: {}", out.message);
            assert!(out.store_unchanged && out.store_before == out.store_after, "{path} changed the store");
            assert_ne!(out.before, out.after);
        }
        // The signature slot is not signed: moving it (within the period) is accepted.
        let out = lab.tamper(&Edit { path: field("data.signature_slot"), byte: None }).unwrap();
        assert!(out.accepted, "{}", out.message);
        assert!(!out.store_unchanged);
        assert_eq!(out.store_after.finalized.slot, 7_109_344);
    }
}
