//! `lucid account`: read an account (and storage slots) from an untrusted
//! execution node, and accept it only if its proofs hold against the state
//! root of a header the light client verified.

use std::path::PathBuf;
use std::time::Duration;

use lucid_execution::rpc::quantity_hex;
use lucid_transport::execution::{AccountRead, ExecutionRpc, ReadError};
use lucid_transport::native::ReqwestTransport;
use lucid_transport::sync::{SyncEvent, SyncOptions};
use serde_json::{json, Value};

use crate::sync::{error_code, prepare, Prepared};
use crate::{EXIT_REJECTED, EXIT_USAGE, EXIT_VERIFIED};

/// `lucid account`'s arguments.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "The beacon endpoints are synced first (as `lucid sync` does, same checkpoint rules); the \
        account is read at the execution block of the verified finalized header.\n\
        Exit codes: 0 verified, 1 rejected (a proof or a stated value does not hold), 2 usage or I/O \
        (also: an endpoint unreachable or answering with an error).")]
pub struct AccountArgs {
    #[command(flatten)]
    pub common: crate::sync::CommonArgs,
    /// The execution node's JSON-RPC URL: asked for proofs, trusted for nothing
    #[arg(long = "execution-endpoint", value_name = "URL", value_hint = clap::ValueHint::Url)]
    pub execution_endpoint: String,
    /// The account's address (0x and 40 hex digits)
    #[arg(value_name = "ADDRESS")]
    pub address: String,
    /// A storage slot to read and prove too (repeatable), as a 0x-hex number
    #[arg(long = "storage", value_name = "SLOT")]
    pub storage: Vec<String>,
    /// Fetch the account's code too and check it against its code hash
    #[arg(long)]
    pub code: bool,
    /// Print one JSON object
    #[arg(long)]
    pub json: bool,
    /// Look for the saved checkpoint in DIR/<network> (see `lucid sync --help`)
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub data_dir: Option<PathBuf>,
}

/// How a run ended before an account was verified.
enum Failure {
    Rejected(String),
    Unavailable(String),
}

impl From<ReadError> for Failure {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::Rejected(_) => Failure::Rejected(e.to_string()),
            ReadError::Unavailable(_) => Failure::Unavailable(e.to_string()),
        }
    }
}

async fn read(
    prep: &mut Prepared,
    args: &AccountArgs,
    rpc: &ExecutionRpc<ReqwestTransport>,
) -> Result<AccountRead, Failure> {
    let mut quiet = |_: &SyncEvent| {};
    prep.syncer.sync(&mut quiet).await.map_err(|e| {
        let message = format!("the light client could not verify a header: {e}");
        if error_code(&e) == EXIT_REJECTED {
            Failure::Rejected(message)
        } else {
            Failure::Unavailable(message)
        }
    })?;
    let head = prep.syncer.finalized().ok_or_else(|| Failure::Unavailable("no verified header".into()))?;
    Ok(rpc.read_account(&head, &args.address, &args.storage, args.code).await?)
}

fn found_json(found: &AccountRead) -> Value {
    let a = &found.account;
    json!({
        "anchor": found.anchor,
        "account": {
            "address": a.address,
            "exists": a.exists,
            "nonce": a.account.nonce,
            "balance": a.account.balance,
            "storage_root": a.account.storage_root,
            "code_hash": a.account.code_hash,
            "proof_nodes": a.path.steps.iter().filter(|s| s.hash.is_some()).count(),
        },
        "storage": a.storage.iter().map(|s| json!({"slot": s.slot, "value": s.value, "value_hex": quantity_hex(&s.value)})).collect::<Vec<_>>(),
        "code": found.code,
    })
}

fn print_found(found: &AccountRead) {
    let (x, a) = (&found.anchor, &found.account);
    println!(
        "verified header: slot {}, execution block {} ({}), state root {}",
        x.slot, x.block_number, x.block_hash, x.state_root
    );
    if !a.exists {
        println!("account {}: absent at this block (proven), reads as balance 0, nonce 0, no code", a.address);
    } else {
        println!(
            "account {}: balance {} wei, nonce {}, code hash {}, storage root {}",
            a.address,
            a.account.balance.to_decimal(),
            a.account.nonce,
            a.account.code_hash,
            a.account.storage_root
        );
    }
    for s in &a.storage {
        println!("storage {}: {}", s.slot, quantity_hex(&s.value));
    }
    if let Some(code) = &found.code {
        println!("code: {} bytes, matches the code hash", code.len().saturating_sub(2) / 2);
    }
    println!("Verified: every value above is proven against the state root of a verified header.");
}

/// Run `account`; returns the exit code.
pub fn run(args: AccountArgs) -> u8 {
    let as_json = args.json;
    let usage = |message: &str| {
        crate::report_usage_error::<AccountArgs>("account", message, as_json);
        EXIT_USAGE
    };
    if let Err(e) = lucid_execution::rpc::parse_fixed::<20>("address", &args.address) {
        return usage(&e.to_string());
    }
    if let Some(e) = args.storage.iter().find_map(|s| lucid_execution::rpc::parse_quantity("--storage", s).err()) {
        return usage(&e.to_string());
    }
    let mut prep = match prepare(&args.common, args.data_dir.as_deref(), SyncOptions::default()) {
        Ok(p) => p,
        Err(e) => return usage(&e),
    };
    let timeout = Duration::from_millis(args.common.timeout_ms.unwrap_or(10_000));
    let rpc = match ReqwestTransport::new(&args.execution_endpoint) {
        Ok(t) => ExecutionRpc::new(t, timeout),
        Err(e) => return usage(&e.to_string()),
    };
    let rt = match crate::sync::runtime() {
        Ok(r) => r,
        Err(e) => return usage(&e),
    };
    for n in &prep.notes {
        eprintln!("note: {n}");
    }
    let checkpoint = json!({"root": prep.checkpoint.0, "source": prep.checkpoint.1});
    if !as_json {
        println!("checkpoint: {}", prep.checkpoint_detail);
    }
    let result = rt.block_on(read(&mut prep, &args, &rpc));
    let (code, error) = match &result {
        Ok(_) => (EXIT_VERIFIED, None),
        Err(Failure::Rejected(m)) => (EXIT_REJECTED, Some(("rejected", m))),
        Err(Failure::Unavailable(m)) => (EXIT_USAGE, Some(("unavailable", m))),
    };
    if as_json {
        let mut out = json!({"ok": result.is_ok(), "checkpoint": checkpoint});
        match (&result, error) {
            (Ok(found), _) => {
                if let (Value::Object(o), Value::Object(f)) = (&mut out, found_json(found)) {
                    o.extend(f);
                }
            }
            (Err(_), Some((kind, message))) => out["error"] = json!({"kind": kind, "message": message}),
            (Err(_), None) => {}
        }
        println!("{out}");
    } else {
        match (&result, error) {
            (Ok(found), _) => print_found(found),
            (Err(_), Some((kind, message))) => println!("FAILED ({kind}) {message}"),
            (Err(_), None) => {}
        }
    }
    code
}
