//! Fork-independent light-client data: a bootstrap and an update carry the
//! fork whose containers they came in, headers in that fork's layout, and
//! branches at that fork's depths. `upgrade_to` applies the spec's
//! `upgrade_lc_*_to_*` rules so that the store sees one layout.

use crate::config::{Fork, NetworkConfig};
use crate::containers::{self, SyncAggregate, SyncCommittee};
use crate::error::LightClientError;
use crate::gindex::StateProof;
use crate::header::LightClientHeader;
use crate::primitives::Root;

/// `LightClientBootstrap` of any fork.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LightClientBootstrap<const S: usize> {
    /// The fork whose containers this came in.
    pub fork: Fork,
    pub header: LightClientHeader,
    pub current_sync_committee: SyncCommittee<S>,
    pub current_sync_committee_branch: Vec<Root>,
}

/// `LightClientUpdate` of any fork. Finality and optimistic updates become
/// updates as `process_light_client_finality_update` /
/// `process_light_client_optimistic_update` build them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LightClientUpdate<const S: usize> {
    /// The fork whose containers this came in.
    pub fork: Fork,
    pub attested_header: LightClientHeader,
    pub next_sync_committee: SyncCommittee<S>,
    pub next_sync_committee_branch: Vec<Root>,
    pub finalized_header: LightClientHeader,
    pub finality_branch: Vec<Root>,
    pub sync_aggregate: SyncAggregate<S>,
    pub signature_slot: u64,
}

/// What kind of object an update was received as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UpdateKind {
    Update,
    FinalityUpdate,
    OptimisticUpdate,
}

fn layout_of(fork: Fork) -> Result<crate::config::HeaderLayout, LightClientError> {
    fork.header_layout().ok_or(LightClientError::NoLightClientData(fork))
}

impl<const S: usize> LightClientUpdate<S> {
    /// `is_sync_committee_update`: the next-committee branch is not all zero.
    pub fn is_sync_committee_update(&self) -> bool {
        self.next_sync_committee_branch.iter().any(|n| *n != Root::default())
    }

    /// `is_finality_update`: the finality branch is not all zero.
    pub fn is_finality_update(&self) -> bool {
        self.finality_branch.iter().any(|n| *n != Root::default())
    }

    /// Number of participating committee members.
    pub fn participants(&self) -> u64 {
        self.sync_aggregate.participants()
    }

    /// Build the update `process_light_client_finality_update` would process.
    pub fn from_finality(
        fork: Fork,
        attested_header: LightClientHeader,
        finalized_header: LightClientHeader,
        finality_branch: Vec<Root>,
        sync_aggregate: SyncAggregate<S>,
        signature_slot: u64,
    ) -> Self {
        Self {
            fork,
            attested_header,
            next_sync_committee: SyncCommittee::default(),
            next_sync_committee_branch: vec![Root::default(); StateProof::NextSyncCommittee.depth_for_fork(fork)],
            finalized_header,
            finality_branch,
            sync_aggregate,
            signature_slot,
        }
    }

    /// `upgrade_lc_update_to_<fork>`: re-express this update in the containers of `target`.
    pub fn upgrade_to(&self, target: Fork, cfg: &NetworkConfig) -> Result<Self, LightClientError> {
        if target.container_fork() < self.fork.container_fork() {
            return Err(LightClientError::DataNewerThanStore { data: self.fork, store: target });
        }
        let layout = layout_of(target)?;
        Ok(Self {
            fork: target,
            attested_header: self.attested_header.upgrade_to(layout, cfg),
            next_sync_committee: self.next_sync_committee.clone(),
            next_sync_committee_branch: pad_branch(
                &self.next_sync_committee_branch,
                StateProof::NextSyncCommittee.depth_for_fork(target),
            ),
            finalized_header: self.finalized_header.upgrade_to(layout, cfg),
            finality_branch: pad_branch(&self.finality_branch, StateProof::FinalizedRoot.depth_for_fork(target)),
            sync_aggregate: self.sync_aggregate.clone(),
            signature_slot: self.signature_slot,
        })
    }
}

impl<const S: usize> LightClientBootstrap<S> {
    /// `upgrade_lc_bootstrap_to_<fork>`.
    pub fn upgrade_to(&self, target: Fork, cfg: &NetworkConfig) -> Result<Self, LightClientError> {
        if target.container_fork() < self.fork.container_fork() {
            return Err(LightClientError::DataNewerThanStore { data: self.fork, store: target });
        }
        Ok(Self {
            fork: target,
            header: self.header.upgrade_to(layout_of(target)?, cfg),
            current_sync_committee: self.current_sync_committee.clone(),
            current_sync_committee_branch: pad_branch(
                &self.current_sync_committee_branch,
                StateProof::CurrentSyncCommittee.depth_for_fork(target),
            ),
        })
    }
}

/// `normalize_merkle_branch` to a target depth.
fn pad_branch(branch: &[Root], depth: usize) -> Vec<Root> {
    let mut out = vec![Root::default(); depth.saturating_sub(branch.len())];
    out.extend_from_slice(branch);
    out
}

/// Conversions from each fork's containers into the fork-independent types.
macro_rules! from_fork_containers {
    ($module:ident) => {
        impl<const S: usize> containers::$module::LightClientBootstrap<S> {
            /// This bootstrap as fork-independent data received in `fork`'s containers.
            pub fn into_data(self, fork: Fork) -> LightClientBootstrap<S> {
                LightClientBootstrap {
                    fork,
                    header: self.header.into(),
                    current_sync_committee: self.current_sync_committee,
                    current_sync_committee_branch: self.current_sync_committee_branch.to_vec(),
                }
            }
        }
        impl<const S: usize> containers::$module::LightClientUpdate<S> {
            /// This update as fork-independent data received in `fork`'s containers.
            pub fn into_data(self, fork: Fork) -> LightClientUpdate<S> {
                LightClientUpdate {
                    fork,
                    attested_header: self.attested_header.into(),
                    next_sync_committee: self.next_sync_committee,
                    next_sync_committee_branch: self.next_sync_committee_branch.to_vec(),
                    finalized_header: self.finalized_header.into(),
                    finality_branch: self.finality_branch.to_vec(),
                    sync_aggregate: self.sync_aggregate,
                    signature_slot: self.signature_slot,
                }
            }
        }
        impl<const S: usize> containers::$module::LightClientFinalityUpdate<S> {
            /// This finality update as the update the spec processes for it.
            pub fn into_data(self, fork: Fork) -> LightClientUpdate<S> {
                LightClientUpdate::from_finality(
                    fork,
                    self.attested_header.into(),
                    self.finalized_header.into(),
                    self.finality_branch.to_vec(),
                    self.sync_aggregate,
                    self.signature_slot,
                )
            }
        }
        impl<const S: usize> containers::$module::LightClientOptimisticUpdate<S> {
            /// This optimistic update as the update the spec processes for it.
            pub fn into_data(self, fork: Fork) -> LightClientUpdate<S> {
                let header: LightClientHeader = self.attested_header.into();
                let empty = LightClientHeader::empty(header.layout());
                LightClientUpdate::from_finality(
                    fork,
                    header,
                    empty,
                    vec![Root::default(); containers::$module::FINALITY_BRANCH_DEPTH],
                    self.sync_aggregate,
                    self.signature_slot,
                )
            }
        }
    };
}

from_fork_containers!(altair);
from_fork_containers!(capella);
from_fork_containers!(deneb);
from_fork_containers!(electra);
from_fork_containers!(gloas);
