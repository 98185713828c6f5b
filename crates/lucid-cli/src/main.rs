//! `lucid`: verify Ethereum light-client data without trusting any server.

use std::process::ExitCode;

const USAGE: &str = "lucid — a trustless Ethereum light client

commands:
  lucid verify --network NAME --bootstrap FILE --updates FILE [--finality FILE] [--optimistic FILE] [--json]
  lucid sync --network NAME [--endpoint URL ...] [--checkpoint 0xROOT] [--follow] [--json]
  lucid record --network NAME --endpoint URL --checkpoint 0xROOT --periods K --out DIR
  lucid spec-test DIR

exit codes: 0 verified, 1 an input was rejected, 2 usage or I/O error";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("verify") => {
            let (code, text) = lucid_cli::verify::run(&args[1..]);
            if code == lucid_cli::verify::EXIT_USAGE && !args.iter().any(|a| a == "--json") {
                eprint!("{text}");
            } else {
                println!("{}", text.trim_end());
            }
            ExitCode::from(code)
        }
        Some("spec-test") => spec_test(&args[1..]),
        Some("sync") => ExitCode::from(lucid_cli::sync::run(&args[1..])),
        Some("record") => ExitCode::from(lucid_cli::record::run(&args[1..])),
        Some("--help") | Some("-h") | Some("help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn spec_test(args: &[String]) -> ExitCode {
    let [dir] = args else {
        eprintln!("usage: lucid spec-test DIR");
        return ExitCode::from(2);
    };
    if !std::path::Path::new(dir).is_dir() {
        eprintln!("error: {dir} is not a directory");
        return ExitCode::from(2);
    }
    let summary = lucid_cli::spec_test::run_dir(std::path::Path::new(dir), &mut |case| match &case.outcome {
        lucid_cli::spec_test::Outcome::Failed(reason) => println!("FAIL {}: {reason}", case.path.display()),
        lucid_cli::spec_test::Outcome::Skipped(reason) => println!("skip {}: {reason}", case.path.display()),
        lucid_cli::spec_test::Outcome::Passed => {}
    });
    for ((preset, fork), c) in summary.per_fork() {
        println!("{preset:>8} {fork:<10} {:>4} passed {:>3} failed {:>3} skipped", c.passed, c.failed, c.skipped);
    }
    println!("{}", summary.line());
    let t = summary.totals();
    if t.failed == 0 && t.passed > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
