//! The `lucid` command's library: the consensus spec-test runner and the
//! `verify`, `sync` and `record` commands, usable from tests without spawning the binary.

pub mod record;
pub mod spec_test;
pub mod sync;
pub mod verify;
