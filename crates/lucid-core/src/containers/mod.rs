//! The SSZ containers of the light-client protocol, one module per fork
//! layout. Every type decodes from SSZ (`ssz_rs`) and from Beacon-API JSON
//! (`serde`) into the same Rust value.

mod common;
mod forked;
mod light_client;
mod offsets;

pub use common::*;
pub(crate) use forked::parse_json;
pub use forked::{Body, ForkedBootstrap, ForkedFinalityUpdate, ForkedOptimisticUpdate, ForkedUpdate};

/// Altair and Bellatrix light-client containers.
pub mod altair {
    use super::common::*;
    use crate::gindex::*;
    super::light_client::light_client_containers!(
        AltairLightClientHeader,
        CURRENT_SYNC_COMMITTEE_GINDEX_ALTAIR,
        NEXT_SYNC_COMMITTEE_GINDEX_ALTAIR,
        FINALIZED_ROOT_GINDEX_ALTAIR
    );
}

/// Capella light-client containers.
pub mod capella {
    use super::common::*;
    use crate::gindex::*;
    super::light_client::light_client_containers!(
        CapellaLightClientHeader,
        CURRENT_SYNC_COMMITTEE_GINDEX_ALTAIR,
        NEXT_SYNC_COMMITTEE_GINDEX_ALTAIR,
        FINALIZED_ROOT_GINDEX_ALTAIR
    );
}

/// Deneb light-client containers.
pub mod deneb {
    use super::common::*;
    use crate::gindex::*;
    super::light_client::light_client_containers!(
        DenebLightClientHeader,
        CURRENT_SYNC_COMMITTEE_GINDEX_ALTAIR,
        NEXT_SYNC_COMMITTEE_GINDEX_ALTAIR,
        FINALIZED_ROOT_GINDEX_ALTAIR
    );
}

/// Electra and Fulu light-client containers (Deneb headers, deeper state branches).
pub mod electra {
    use super::common::*;
    use crate::gindex::*;
    super::light_client::light_client_containers!(
        DenebLightClientHeader,
        CURRENT_SYNC_COMMITTEE_GINDEX_ELECTRA,
        NEXT_SYNC_COMMITTEE_GINDEX_ELECTRA,
        FINALIZED_ROOT_GINDEX_ELECTRA
    );
}

/// Gloas light-client containers.
pub mod gloas {
    use super::common::*;
    use crate::gindex::*;
    super::light_client::light_client_containers!(
        GloasLightClientHeader,
        CURRENT_SYNC_COMMITTEE_GINDEX_GLOAS,
        NEXT_SYNC_COMMITTEE_GINDEX_GLOAS,
        FINALIZED_ROOT_GINDEX_GLOAS
    );
}
