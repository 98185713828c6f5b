//! One macro writes the four light-client containers of a fork from its
//! header type and gindices, so the forks cannot drift apart.

macro_rules! light_client_containers {
    ($header:ty, $current_gindex:expr, $next_gindex:expr, $finality_gindex:expr) => {
        use crate::primitives::{quoted_u64, Root};
        use ssz_rs::prelude::*;

        /// This fork's `LightClientHeader`.
        pub type LightClientHeader = $header;
        /// Length of `current_sync_committee_branch`.
        pub const CURRENT_SYNC_COMMITTEE_BRANCH_DEPTH: usize = floorlog2($current_gindex);
        /// Length of `next_sync_committee_branch`.
        pub const NEXT_SYNC_COMMITTEE_BRANCH_DEPTH: usize = floorlog2($next_gindex);
        /// Length of `finality_branch`.
        pub const FINALITY_BRANCH_DEPTH: usize = floorlog2($finality_gindex);

        $crate::containers::offsets::ssz_container! {
            /// `LightClientBootstrap`.
            #[derive(Debug, Default, Clone, PartialEq, Eq, SimpleSerialize, serde::Serialize, serde::Deserialize)]
            #[serde(deny_unknown_fields)]
            pub struct LightClientBootstrap<const S: usize> {
                pub header: $header,
                pub current_sync_committee: SyncCommittee<S>,
                pub current_sync_committee_branch: Vector<Root, CURRENT_SYNC_COMMITTEE_BRANCH_DEPTH>,
            }
        }

        $crate::containers::offsets::ssz_container! {
            /// `LightClientUpdate`.
            #[derive(Debug, Default, Clone, PartialEq, Eq, SimpleSerialize, serde::Serialize, serde::Deserialize)]
            #[serde(deny_unknown_fields)]
            pub struct LightClientUpdate<const S: usize> {
                pub attested_header: $header,
                pub next_sync_committee: SyncCommittee<S>,
                pub next_sync_committee_branch: Vector<Root, NEXT_SYNC_COMMITTEE_BRANCH_DEPTH>,
                pub finalized_header: $header,
                pub finality_branch: Vector<Root, FINALITY_BRANCH_DEPTH>,
                pub sync_aggregate: SyncAggregate<S>,
                #[serde(with = "quoted_u64")]
                pub signature_slot: u64,
            }
        }

        $crate::containers::offsets::ssz_container! {
            /// `LightClientFinalityUpdate`.
            #[derive(Debug, Default, Clone, PartialEq, Eq, SimpleSerialize, serde::Serialize, serde::Deserialize)]
            #[serde(deny_unknown_fields)]
            pub struct LightClientFinalityUpdate<const S: usize> {
                pub attested_header: $header,
                pub finalized_header: $header,
                pub finality_branch: Vector<Root, FINALITY_BRANCH_DEPTH>,
                pub sync_aggregate: SyncAggregate<S>,
                #[serde(with = "quoted_u64")]
                pub signature_slot: u64,
            }
        }

        $crate::containers::offsets::ssz_container! {
            /// `LightClientOptimisticUpdate`.
            #[derive(Debug, Default, Clone, PartialEq, Eq, SimpleSerialize, serde::Serialize, serde::Deserialize)]
            #[serde(deny_unknown_fields)]
            pub struct LightClientOptimisticUpdate<const S: usize> {
                pub attested_header: $header,
                pub sync_aggregate: SyncAggregate<S>,
                #[serde(with = "quoted_u64")]
                pub signature_slot: u64,
            }
        }
    };
}

pub(crate) use light_client_containers;
