//! The `lucid` command's library: the consensus spec-test runner and the
//! `verify`, `sync`, `record`, `account` and `spec-test` commands (their `clap` arguments and
//! `run` functions), usable from tests without spawning the binary.

pub mod account;
pub mod record;
pub mod spec_test;
pub mod sync;
pub mod verify;

use serde_json::json;

/// Exit code: everything verified.
pub const EXIT_VERIFIED: u8 = 0;
/// Exit code: the data was rejected by a check (for `sync`: no endpoint served data that verifies).
pub const EXIT_REJECTED: u8 = 1;
/// Exit code: a usage or I/O error (for `sync`: also no endpoint reachable).
pub const EXIT_USAGE: u8 = 2;

/// The JSON form of a usage or I/O error, as `verify --json` and `sync --json` print it.
pub fn usage_error_json(message: &str) -> String {
    json!({"ok": false, "error": {"kind": "usage", "message": message}}).to_string()
}

/// The message of a `clap` error on one line, without the tips and usage that follow it.
pub fn clap_error_message(error: &clap::Error) -> String {
    let text = error.to_string();
    let first = text.split("\n\n").next().unwrap_or_default();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    first.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Report a usage or I/O error found after the arguments were parsed: as JSON on stdout when
/// `json`, else on stderr the way `clap` reports its own errors, with the usage of `lucid <command>`.
pub(crate) fn report_usage_error<A: clap::Args>(command: &'static str, message: &str, json: bool) {
    if json {
        println!("{}", usage_error_json(message));
    } else {
        let mut cmd = A::augment_args(clap::Command::new(command).bin_name(format!("lucid {command}")));
        // Printing to stderr can only fail if stderr is gone; there is nowhere else to report it.
        let _ = cmd.error(clap::error::ErrorKind::ValueValidation, message).print();
    }
}
