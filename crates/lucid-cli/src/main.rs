//! `lucid`: verify Ethereum light-client data without trusting any server.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("spec-test") => spec_test(&args[1..]),
        _ => {
            eprintln!("usage: lucid spec-test DIR");
            ExitCode::from(2)
        }
    }
}

fn spec_test(args: &[String]) -> ExitCode {
    let [dir] = args else {
        eprintln!("usage: lucid spec-test DIR");
        return ExitCode::from(2);
    };
    let summary = lucid_cli::spec_test::run_dir(std::path::Path::new(dir), &mut |case| {
        if let lucid_cli::spec_test::Outcome::Failed(reason) = &case.outcome {
            println!("FAIL {}: {reason}", case.path.display());
        }
    });
    for ((preset, fork), c) in summary.per_fork() {
        println!("{preset:>8} {fork:<10} {:>4} passed {:>3} failed {:>3} skipped", c.passed, c.failed, c.skipped);
    }
    println!("{}", summary.line());
    let t = summary.totals();
    if t.failed == 0 && t.passed > 0 { ExitCode::SUCCESS } else { ExitCode::from(1) }
}
