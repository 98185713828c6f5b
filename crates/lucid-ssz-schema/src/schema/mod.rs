//! Per-fork, per-preset schemas of `BeaconState`, `BeaconBlockBody`, `BeaconBlock` and
//! `SignedBeaconBlock`.

mod containers;
mod def;
mod forks;

use crate::preset::Constants;
use crate::ty::Type;
use crate::SchemaError;

/// A supported consensus fork, in activation order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Fork {
    Altair,
    Bellatrix,
    Capella,
    Deneb,
    Electra,
    Fulu,
    Gloas,
}

impl Fork {
    /// All supported forks, oldest first.
    pub(crate) const ALL: [Fork; 7] =
        [Fork::Altair, Fork::Bellatrix, Fork::Capella, Fork::Deneb, Fork::Electra, Fork::Fulu, Fork::Gloas];

    /// Lower-case spec name of the fork.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Fork::Altair => "altair",
            Fork::Bellatrix => "bellatrix",
            Fork::Capella => "capella",
            Fork::Deneb => "deneb",
            Fork::Electra => "electra",
            Fork::Fulu => "fulu",
            Fork::Gloas => "gloas",
        }
    }

    /// Parses a lower-case fork name.
    pub(crate) fn parse(name: &str) -> Result<Fork, SchemaError> {
        Fork::ALL.into_iter().find(|f| f.name() == name).ok_or_else(|| SchemaError::UnknownFork(name.to_string()))
    }
}

/// The top-level types of one fork and preset.
pub(crate) struct Schema {
    beacon_state: Type,
    beacon_block_body: Type,
    beacon_block: Type,
    signed_beacon_block: Type,
}

impl Schema {
    /// Builds the schema of `fork` with the given preset constants.
    pub(crate) fn build(fork: Fork, c: &Constants) -> Schema {
        let defs = forks::build(fork, c);
        let beacon_block = containers::beacon_block(defs.body.ty());
        Schema {
            beacon_state: defs.state.ty(),
            beacon_block_body: defs.body.ty(),
            signed_beacon_block: containers::signed_beacon_block(beacon_block.clone()),
            beacon_block,
        }
    }

    /// Looks up a top-level type by its spec name.
    pub(crate) fn get(&self, type_name: &str) -> Result<&Type, SchemaError> {
        match type_name {
            "BeaconState" => Ok(&self.beacon_state),
            "BeaconBlockBody" => Ok(&self.beacon_block_body),
            "BeaconBlock" => Ok(&self.beacon_block),
            "SignedBeaconBlock" => Ok(&self.signed_beacon_block),
            other => Err(SchemaError::UnknownType(other.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Preset;

    #[test]
    fn every_schema_builds_with_expected_field_counts() {
        // (fork, BeaconState fields, BeaconBlockBody fields)
        let expected = [
            (Fork::Altair, 24, 9),
            (Fork::Bellatrix, 25, 10),
            (Fork::Capella, 28, 11),
            (Fork::Deneb, 28, 12),
            (Fork::Electra, 37, 13),
            (Fork::Fulu, 38, 13),
            (Fork::Gloas, 46, 13),
        ];
        for preset in [Preset::Minimal, Preset::Mainnet] {
            for (fork, state, body) in expected {
                let s = Schema::build(fork, preset.constants());
                for (name, count) in [("BeaconState", state), ("BeaconBlockBody", body)] {
                    let Ok(Type::Container(_, fields)) = s.get(name) else {
                        panic!("{name} is not a container");
                    };
                    assert_eq!(fields.len(), count, "{fork:?} {name}");
                }
            }
        }
    }

    #[test]
    fn fork_names_round_trip() {
        for fork in Fork::ALL {
            assert_eq!(Fork::parse(fork.name()).unwrap(), fork);
        }
        assert!(matches!(Fork::parse("phase0"), Err(SchemaError::UnknownFork(_))));
    }
}
