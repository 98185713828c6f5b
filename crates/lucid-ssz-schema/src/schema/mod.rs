//! Per-fork, per-preset schemas of `BeaconState`, `BeaconBlockBody`, `BeaconBlock` and
//! `SignedBeaconBlock`.

mod containers;
mod def;
mod forks;

use lucid_core::Fork;

use crate::preset::Constants;
use crate::ty::Type;
use crate::SchemaError;

/// The top-level types of one fork and preset.
pub(crate) struct Schema {
    beacon_state: Type,
    beacon_block_body: Type,
    beacon_block: Type,
    signed_beacon_block: Type,
}

impl Schema {
    /// Builds the schema of `fork` (Altair or later) with the given preset constants.
    pub(crate) fn build(fork: Fork, c: &Constants) -> Result<Schema, SchemaError> {
        if fork < Fork::Altair {
            return Err(SchemaError::UnsupportedFork(fork));
        }
        let defs = forks::build(fork, c);
        let beacon_block = containers::beacon_block(defs.body.ty());
        Ok(Schema {
            beacon_state: defs.state.ty(),
            beacon_block_body: defs.body.ty(),
            signed_beacon_block: containers::signed_beacon_block(beacon_block.clone()),
            beacon_block,
        })
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
    use crate::preset::constants;
    use lucid_core::Preset;

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
        for preset in Preset::ALL {
            for (fork, state, body) in expected {
                let s = Schema::build(fork, constants(preset)).unwrap();
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
    fn every_fork_from_altair_has_a_schema() {
        for fork in Fork::ALL {
            let built = Schema::build(fork, constants(Preset::Mainnet));
            match fork {
                Fork::Phase0 => assert!(matches!(built, Err(SchemaError::UnsupportedFork(Fork::Phase0)))),
                _ => assert!(built.is_ok(), "{fork}"),
            }
        }
    }
}
