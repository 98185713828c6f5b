//! `lucid`: verify Ethereum light-client data without trusting any server.

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use lucid_cli::{account, record, spec_test, sync, verify};

/// lucid — a trustless Ethereum light client
#[derive(Debug, Parser)]
#[command(
    name = "lucid",
    version,
    arg_required_else_help = true,
    after_help = "Exit codes: 0 verified, 1 an input was rejected, 2 usage or I/O error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Verify recorded light-client data from a trusted bootstrap
    Verify(verify::VerifyArgs),
    /// Follow the chain from several Beacon API endpoints at once, verifying everything, trusting none of them
    Sync(sync::SyncArgs),
    /// Sync from endpoints and write the verified data in the form `lucid verify` reads
    Record(record::RecordArgs),
    /// Read an account (and storage slots) from an execution node, proven against a verified header
    Account(account::AccountArgs),
    /// Run the light-client cases of a consensus-spec-tests tree
    SpecTest(spec_test::SpecTestArgs),
    /// Print a completion script for a shell
    Completions {
        /// The shell
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return parse_error(&e),
    };
    let code = match cli.command {
        Command::Verify(args) => verify::run(args),
        Command::Sync(args) => sync::run(args),
        Command::Record(args) => record::run(args),
        Command::Account(args) => account::run(args),
        Command::SpecTest(args) => spec_test::run(args),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "lucid", &mut std::io::stdout());
            0
        }
    };
    ExitCode::from(code)
}

/// Print a parse error, or the help or version, and return its exit code (2 for a usage error).
/// `verify --json` and `sync --json` print usage errors as one JSON object on stdout, like their
/// other errors.
fn parse_error(e: &clap::Error) -> ExitCode {
    let args: Vec<_> = std::env::args_os().skip(1).collect();
    let json =
        matches!(args.first().and_then(|a| a.to_str()), Some("verify" | "sync")) && args.iter().any(|a| a == "--json");
    if json && e.use_stderr() {
        println!("{}", lucid_cli::usage_error_json(&lucid_cli::clap_error_message(e)));
    } else {
        // Printing to stderr can only fail if stderr is gone; there is nowhere else to report it.
        let _ = e.print();
    }
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(lucid_cli::EXIT_USAGE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
