//! `LightClientStore` and the sync protocol's rules, named as in the specs.
//!
//! Every entry point either succeeds or returns a [`LightClientError`] and
//! leaves the store exactly as it was: changes are made on a copy and
//! committed only when every check has passed.

use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::bls::{verify_aggregate, CommitteeKeys};
use crate::config::{Fork, NetworkConfig};
use crate::containers::{ForkData, SigningData, SyncCommittee};
use crate::data::{LightClientBootstrap, LightClientUpdate};
use crate::error::LightClientError;
use crate::gindex::{
    current_sync_committee_gindex_at_slot, finalized_root_gindex_at_slot, next_sync_committee_gindex_at_slot,
};
use crate::head::HeaderRole;
use crate::header::LightClientHeader;
use crate::merkle::is_valid_normalized_merkle_branch;
use crate::primitives::{root_bytes, root_from, root_of, BlsPublicKey, ByteVector, Root, Version};

/// `DOMAIN_SYNC_COMMITTEE`.
pub const DOMAIN_SYNC_COMMITTEE: [u8; 4] = [7, 0, 0, 0];

/// A sync committee with its root and the keys decompressed so far, cached
/// for as long as the committee serves (its period).
#[derive(Debug)]
pub struct Committee<const S: usize> {
    pub ssz: SyncCommittee<S>,
    /// `hash_tree_root(ssz)`.
    pub root: Root,
    pub keys: CommitteeKeys,
}

impl<const S: usize> Committee<S> {
    /// Wrap a committee and compute its root.
    pub fn new(ssz: SyncCommittee<S>) -> Self {
        let root = root_of(&ssz);
        Self { ssz, root, keys: CommitteeKeys::new(S) }
    }

    /// The sum of the keys of the members whose bit is set.
    pub fn participants_key(&self, bits: &ssz_rs::Bitvector<S>) -> Result<blst::min_pk::PublicKey, LightClientError> {
        self.keys.participants_key(&self.ssz.pubkeys, &self.ssz.aggregate_pubkey, bits.iter().by_vals())
    }
}

impl<const S: usize> PartialEq for Committee<S> {
    fn eq(&self, other: &Self) -> bool {
        self.ssz == other.ssz
    }
}
impl<const S: usize> Eq for Committee<S> {}

/// `LightClientStore`, in the containers of `fork`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LightClientStore<const S: usize> {
    /// The fork whose containers the stored headers use.
    pub fork: Fork,
    pub finalized_header: LightClientHeader,
    pub current_sync_committee: Arc<Committee<S>>,
    /// `None` stands for the spec's empty `SyncCommittee()` (unknown).
    pub next_sync_committee: Option<Arc<Committee<S>>>,
    pub best_valid_update: Option<LightClientUpdate<S>>,
    pub optimistic_header: LightClientHeader,
    pub previous_max_active_participants: u64,
    pub current_max_active_participants: u64,
}

/// What the signature check of an update used and found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SignatureCheck {
    pub participants: u64,
    pub committee_size: usize,
    pub signature_period: u64,
    /// `hash_tree_root` of the committee that signed.
    pub committee_root: Root,
    /// The fork version of the signature slot's epoch.
    pub fork_version: Version,
    /// `compute_domain(DOMAIN_SYNC_COMMITTEE, fork_version, genesis_validators_root)`.
    pub domain: Root,
    /// `compute_signing_root(attested_root, domain)`: the message the committee signed.
    pub signing_root: Root,
    /// The attested header's block root.
    pub attested_root: Root,
    /// The participants' aggregate public key the signature was checked against (compressed).
    pub participants_key: BlsPublicKey,
}

/// What processing an update changed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UpdateOutcome {
    pub signature: SignatureCheck,
    pub checked_finality_branch: bool,
    pub checked_next_committee_branch: bool,
    pub optimistic_advanced: bool,
    pub finalized_advanced: bool,
    /// The new store period when the committee was handed over.
    pub committee_handover: Option<u64>,
    pub next_committee_learned: bool,
}

impl<const S: usize> LightClientStore<S> {
    /// `is_next_sync_committee_known`.
    pub fn is_next_sync_committee_known(&self) -> bool {
        self.next_sync_committee.is_some()
    }

    /// `get_safety_threshold`.
    pub fn get_safety_threshold(&self) -> u64 {
        self.previous_max_active_participants.max(self.current_max_active_participants) / 2
    }

    /// The sync-committee period of the finalized header.
    pub fn period(&self, cfg: &NetworkConfig) -> u64 {
        cfg.period_at_slot(self.finalized_header.slot())
    }

    /// `upgrade_lc_store_to_<fork>`: re-express the store in `target`'s containers.
    pub fn upgrade_to(&self, target: Fork, cfg: &NetworkConfig) -> Result<Self, LightClientError> {
        if target.container_fork() < self.fork.container_fork() {
            return Err(LightClientError::DataNewerThanStore { data: self.fork, store: target });
        }
        let layout = target.header_layout().ok_or(LightClientError::NoLightClientData(target))?;
        Ok(Self {
            fork: target,
            finalized_header: self.finalized_header.upgrade_to(layout, cfg),
            optimistic_header: self.optimistic_header.upgrade_to(layout, cfg),
            best_valid_update: self.best_valid_update.as_ref().map(|u| u.upgrade_to(target, cfg)).transpose()?,
            ..self.clone()
        })
    }
}

fn committee_or_none<const S: usize>(c: &SyncCommittee<S>) -> Option<Arc<Committee<S>>> {
    (*c != SyncCommittee::default()).then(|| Arc::new(Committee::new(c.clone())))
}

/// `initialize_light_client_store`.
pub fn initialize_light_client_store<const S: usize>(
    cfg: &NetworkConfig,
    trusted_block_root: &Root,
    bootstrap: &LightClientBootstrap<S>,
) -> Result<LightClientStore<S>, LightClientError> {
    if !bootstrap.header.is_valid(cfg) {
        return Err(LightClientError::BadExecutionBranch(HeaderRole::Bootstrap));
    }
    let actual = bootstrap.header.beacon_root();
    if actual != *trusted_block_root {
        return Err(LightClientError::CheckpointMismatch { expected: *trusted_block_root, actual });
    }
    let committee = Committee::new(bootstrap.current_sync_committee.clone());
    if !is_valid_normalized_merkle_branch(
        &committee.root,
        &bootstrap.current_sync_committee_branch,
        current_sync_committee_gindex_at_slot(cfg, bootstrap.header.slot()),
        &bootstrap.header.beacon().state_root,
    ) {
        return Err(LightClientError::BadCurrentSyncCommitteeBranch);
    }
    Ok(LightClientStore {
        fork: bootstrap.fork,
        finalized_header: bootstrap.header.clone(),
        current_sync_committee: Arc::new(committee),
        next_sync_committee: None,
        best_valid_update: None,
        optimistic_header: bootstrap.header.clone(),
        previous_max_active_participants: 0,
        current_max_active_participants: 0,
    })
}

/// `compute_domain(DOMAIN_SYNC_COMMITTEE, fork_version, genesis_validators_root)`.
pub fn compute_sync_committee_domain(fork_version: [u8; 4], genesis_validators_root: &Root) -> Root {
    let fork_data_root = root_bytes(&root_of(&ForkData {
        current_version: ByteVector(fork_version),
        genesis_validators_root: *genesis_validators_root,
    }));
    let mut domain = [0u8; 32];
    domain[..4].copy_from_slice(&DOMAIN_SYNC_COMMITTEE);
    domain[4..].copy_from_slice(&fork_data_root[..28]);
    root_from(domain)
}

/// `compute_fork_digest` before Fulu's blob-parameter mask: the first four
/// bytes of the fork data root.
pub fn compute_fork_data_digest(fork_version: [u8; 4], genesis_validators_root: &Root) -> [u8; 4] {
    let root = root_bytes(&root_of(&ForkData {
        current_version: ByteVector(fork_version),
        genesis_validators_root: *genesis_validators_root,
    }));
    [root[0], root[1], root[2], root[3]]
}

/// `compute_fork_digest(genesis_validators_root, epoch)` as Fulu defines it:
/// before `FULU_FORK_EPOCH` the first four bytes of the fork data root of
/// `compute_fork_version(epoch)` ([`compute_fork_data_digest`]); from Fulu on
/// those bytes XORed with `hash(uint_to_bytes(blob_parameters.epoch) +
/// uint_to_bytes(blob_parameters.max_blobs_per_block))` for
/// [`NetworkConfig::get_blob_parameters`]`(epoch)`.
pub fn compute_fork_digest(cfg: &NetworkConfig, epoch: u64) -> [u8; 4] {
    let base_digest = compute_fork_data_digest(cfg.compute_fork_version(epoch), &cfg.genesis_validators_root);
    if epoch < cfg.fork_epoch(Fork::Fulu) {
        return base_digest;
    }
    let blob_parameters = cfg.get_blob_parameters(epoch);
    let mut hasher = Sha256::new();
    hasher.update(blob_parameters.epoch.to_le_bytes());
    hasher.update(blob_parameters.max_blobs_per_block.to_le_bytes());
    let mask: [u8; 32] = hasher.finalize().into();
    std::array::from_fn(|i| base_digest[i] ^ mask[i])
}

/// `compute_signing_root(object_root, domain)`.
pub fn compute_signing_root(object_root: Root, domain: Root) -> Root {
    root_of(&SigningData { object_root, domain })
}

/// `validate_light_client_update`. The update must already be in the store's fork.
pub fn validate_light_client_update<const S: usize>(
    store: &LightClientStore<S>,
    update: &LightClientUpdate<S>,
    current_slot: u64,
    cfg: &NetworkConfig,
) -> Result<SignatureCheck, LightClientError> {
    validate_with_next_committee(store, update, &committee_or_none(&update.next_sync_committee), current_slot, cfg)
}

/// `validate_light_client_update` with the update's next committee already
/// wrapped (and hashed) once, so that applying it does not hash it again.
fn validate_with_next_committee<const S: usize>(
    store: &LightClientStore<S>,
    update: &LightClientUpdate<S>,
    next_committee: &Option<Arc<Committee<S>>>,
    current_slot: u64,
    cfg: &NetworkConfig,
) -> Result<SignatureCheck, LightClientError> {
    let participants = update.participants();
    let minimum = cfg.preset.min_sync_committee_participants;
    if participants < minimum {
        return Err(LightClientError::TooFewParticipants { participants, minimum });
    }
    if !update.attested_header.is_valid(cfg) {
        return Err(LightClientError::BadExecutionBranch(HeaderRole::Attested));
    }
    let attested_slot = update.attested_header.slot();
    let finalized_slot = update.finalized_header.slot();
    let slots_out_of_range = || LightClientError::SignatureSlotOutOfRange {
        current_slot,
        signature_slot: update.signature_slot,
        attested_slot,
        finalized_slot,
    };
    if !(update.signature_slot > attested_slot && attested_slot >= finalized_slot) {
        return Err(slots_out_of_range());
    }
    let store_period = store.period(cfg);
    let attested_period = cfg.period_at_slot(attested_slot);
    let state_root = &update.attested_header.beacon().state_root;
    if !update.is_finality_update() {
        if !update.finalized_header.is_empty() {
            return Err(LightClientError::UnexpectedFinalizedHeader);
        }
    } else {
        let finalized_root = if finalized_slot == 0 {
            if !update.finalized_header.is_empty() {
                return Err(LightClientError::UnexpectedFinalizedHeader);
            }
            Root::default()
        } else {
            if !update.finalized_header.is_valid(cfg) {
                return Err(LightClientError::BadExecutionBranch(HeaderRole::Finalized));
            }
            update.finalized_header.beacon_root()
        };
        if !is_valid_normalized_merkle_branch(
            &finalized_root,
            &update.finality_branch,
            finalized_root_gindex_at_slot(cfg, attested_slot),
            state_root,
        ) {
            return Err(LightClientError::BadFinalityBranch);
        }
    }
    if !update.is_sync_committee_update() {
        if update.next_sync_committee != SyncCommittee::default() {
            return Err(LightClientError::UnexpectedNextSyncCommittee);
        }
    } else {
        if let Some(known) = store.next_sync_committee.as_ref().filter(|_| attested_period == store_period) {
            if known.ssz != update.next_sync_committee {
                return Err(LightClientError::NextSyncCommitteeMismatch);
            }
        }
        let leaf = next_committee.as_ref().map_or_else(|| root_of(&update.next_sync_committee), |c| c.root);
        if !is_valid_normalized_merkle_branch(
            &leaf,
            &update.next_sync_committee_branch,
            next_sync_committee_gindex_at_slot(cfg, attested_slot),
            state_root,
        ) {
            return Err(LightClientError::BadNextSyncCommitteeBranch);
        }
    }
    // The spec checks the slots against the clock and the store before the proofs; the outcome is
    // the same in any order, and checking the proofs first means a forged branch or signature is
    // named as such even when the update is also early or stale.
    let signature_period = cfg.period_at_slot(update.signature_slot);
    let next_known = store.is_next_sync_committee_known();
    let period_ok = if next_known {
        signature_period == store_period || signature_period == store_period + 1
    } else {
        signature_period == store_period
    };
    if !period_ok {
        return Err(LightClientError::PeriodOutOfRange { signature_period, store_period, next_known });
    }
    let committee = if signature_period == store_period {
        &store.current_sync_committee
    } else {
        store.next_sync_committee.as_ref().ok_or(LightClientError::NoCommitteeForPeriod { period: signature_period })?
    };
    let participants_key = committee.participants_key(&update.sync_aggregate.sync_committee_bits)?;
    let fork_version = cfg.compute_fork_version(cfg.epoch_at_slot(update.signature_slot.max(1) - 1));
    let domain = compute_sync_committee_domain(fork_version, &cfg.genesis_validators_root);
    let attested_root = update.attested_header.beacon_root();
    let signing_root = compute_signing_root(attested_root, domain);
    verify_aggregate(&participants_key, &root_bytes(&signing_root), &update.sync_aggregate.sync_committee_signature)?;
    if current_slot < update.signature_slot {
        return Err(slots_out_of_range());
    }
    let has_next_committee = !next_known && update.is_sync_committee_update() && attested_period == store_period;
    if !(attested_slot > store.finalized_header.slot() || has_next_committee) {
        return Err(LightClientError::StaleUpdate { attested_slot, finalized_slot: store.finalized_header.slot() });
    }
    Ok(SignatureCheck {
        participants,
        committee_size: S,
        signature_period,
        committee_root: committee.root,
        fork_version: Version::from(fork_version),
        domain,
        signing_root,
        attested_root,
        participants_key: BlsPublicKey::from(participants_key.compress()),
    })
}

/// `apply_light_client_update`. Returns the new period on a committee hand-over.
pub fn apply_light_client_update<const S: usize>(
    store: &mut LightClientStore<S>,
    update: &LightClientUpdate<S>,
    cfg: &NetworkConfig,
) -> Result<Option<u64>, LightClientError> {
    apply_with_next_committee(store, update, committee_or_none(&update.next_sync_committee), cfg)
}

fn apply_with_next_committee<const S: usize>(
    store: &mut LightClientStore<S>,
    update: &LightClientUpdate<S>,
    next_committee: Option<Arc<Committee<S>>>,
    cfg: &NetworkConfig,
) -> Result<Option<u64>, LightClientError> {
    let store_period = store.period(cfg);
    let finalized_period = cfg.period_at_slot(update.finalized_header.slot());
    let mut handover = None;
    if !store.is_next_sync_committee_known() {
        if finalized_period != store_period {
            return Err(LightClientError::FinalizedPeriodMismatch { finalized_period, store_period });
        }
        store.next_sync_committee = next_committee;
    } else if finalized_period == store_period + 1 {
        if let Some(next) = store.next_sync_committee.take() {
            store.current_sync_committee = next;
        }
        store.next_sync_committee = next_committee;
        store.previous_max_active_participants = store.current_max_active_participants;
        store.current_max_active_participants = 0;
        handover = Some(finalized_period);
    }
    if update.finalized_header.slot() > store.finalized_header.slot() {
        store.finalized_header = update.finalized_header.clone();
        if store.finalized_header.slot() > store.optimistic_header.slot() {
            store.optimistic_header = store.finalized_header.clone();
        }
    }
    Ok(handover)
}

/// `process_light_client_update`. Data of an older fork is upgraded to the
/// store's fork first; data of a newer fork is refused (upgrade the store).
pub fn process_light_client_update<const S: usize>(
    store: &mut LightClientStore<S>,
    update: &LightClientUpdate<S>,
    current_slot: u64,
    cfg: &NetworkConfig,
) -> Result<UpdateOutcome, LightClientError> {
    let update = update.upgrade_to(store.fork, cfg)?;
    let next_committee = committee_or_none(&update.next_sync_committee);
    let signature = validate_with_next_committee(store, &update, &next_committee, current_slot, cfg)?;
    let mut next = store.clone();
    let participants = update.participants();
    if next.best_valid_update.as_ref().is_none_or(|best| is_better_update(&update, best, cfg)) {
        next.best_valid_update = Some(update.clone());
    }
    next.current_max_active_participants = next.current_max_active_participants.max(participants);
    let optimistic_advanced =
        participants > next.get_safety_threshold() && update.attested_header.slot() > next.optimistic_header.slot();
    if optimistic_advanced {
        next.optimistic_header = update.attested_header.clone();
    }
    let has_finalized_next_committee = !next.is_next_sync_committee_known()
        && update.is_sync_committee_update()
        && update.is_finality_update()
        && cfg.period_at_slot(update.finalized_header.slot()) == cfg.period_at_slot(update.attested_header.slot());
    let knew_next = next.is_next_sync_committee_known();
    let finalized_before = next.finalized_header.slot();
    let mut committee_handover = None;
    if participants * 3 >= S as u64 * 2
        && (update.finalized_header.slot() > next.finalized_header.slot() || has_finalized_next_committee)
    {
        committee_handover = apply_with_next_committee(&mut next, &update, next_committee, cfg)?;
        next.best_valid_update = None;
    }
    let outcome = UpdateOutcome {
        signature,
        checked_finality_branch: update.is_finality_update(),
        checked_next_committee_branch: update.is_sync_committee_update(),
        optimistic_advanced: next.optimistic_header.slot() > store.optimistic_header.slot(),
        finalized_advanced: next.finalized_header.slot() > finalized_before,
        committee_handover,
        next_committee_learned: !knew_next && next.is_next_sync_committee_known(),
    };
    *store = next;
    Ok(outcome)
}

/// `process_light_client_store_force_update`. Returns whether an update was forced.
pub fn process_light_client_store_force_update<const S: usize>(
    store: &mut LightClientStore<S>,
    current_slot: u64,
    cfg: &NetworkConfig,
) -> Result<bool, LightClientError> {
    let Some(best) = store.best_valid_update.as_ref() else {
        return Ok(false);
    };
    if current_slot <= store.finalized_header.slot().saturating_add(cfg.preset.update_timeout()) {
        return Ok(false);
    }
    let mut best = best.clone();
    if best.finalized_header.slot() <= store.finalized_header.slot() {
        best.finalized_header = best.attested_header.clone();
    }
    let mut next = store.clone();
    apply_light_client_update(&mut next, &best, cfg)?;
    next.best_valid_update = None;
    *store = next;
    Ok(true)
}

/// `is_better_update`.
pub fn is_better_update<const S: usize>(
    new: &LightClientUpdate<S>,
    old: &LightClientUpdate<S>,
    cfg: &NetworkConfig,
) -> bool {
    let max = S as u64;
    let (new_n, old_n) = (new.participants(), old.participants());
    let (new_super, old_super) = (new_n * 3 >= max * 2, old_n * 3 >= max * 2);
    if new_super != old_super {
        return new_super;
    }
    if !new_super && new_n != old_n {
        return new_n > old_n;
    }
    let relevant = |u: &LightClientUpdate<S>| {
        u.is_sync_committee_update()
            && cfg.period_at_slot(u.attested_header.slot()) == cfg.period_at_slot(u.signature_slot)
    };
    if relevant(new) != relevant(old) {
        return relevant(new);
    }
    if new.is_finality_update() != old.is_finality_update() {
        return new.is_finality_update();
    }
    if new.is_finality_update() {
        let sc_final = |u: &LightClientUpdate<S>| {
            cfg.period_at_slot(u.finalized_header.slot()) == cfg.period_at_slot(u.attested_header.slot())
        };
        if sc_final(new) != sc_final(old) {
            return sc_final(new);
        }
    }
    if new_n != old_n {
        return new_n > old_n;
    }
    if new.attested_header.slot() != old.attested_header.slot() {
        return new.attested_header.slot() < old.attested_header.slot();
    }
    new.signature_slot < old.signature_slot
}
