//! A fake beacon node for tests (feature `fake-node`, native only): a small
//! HTTP/1.1 server on 127.0.0.1 that serves recorded light-client data as
//! JSON and SSZ, with an event stream, and can misbehave in chosen ways.
//!
//! It only listens on the loopback interface, on an ephemeral port, and
//! stops when dropped.

use crate::S;
use lucid_core::decode::{json_to_ssz, ObjectKind};
use lucid_core::store::compute_fork_digest;
use lucid_core::{Fork, NetworkConfig};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How the node misbehaves (on every light-client object it serves).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Serve the data as recorded.
    None,
    /// Replace sync-committee signatures with another valid-looking signature.
    BadSignature,
    /// Corrupt a Merkle branch (committee, finality or execution branch).
    BadBranch,
    /// Label the data with the wrong fork (JSON `version`, SSZ header and digest).
    WrongForkLabel,
    /// Serve old data: the first period's update as the head, and no later updates.
    Stale,
    /// A different, validly shaped head (a changed state root).
    OtherHead,
    /// Cut the body short.
    Truncated,
    /// Append megabytes of zeros.
    Oversized,
    /// Syntactically broken JSON.
    MalformedJson,
    /// HTTP 500 for everything.
    ServerError,
    /// Accept the request and never answer.
    Hang,
    /// Answer correctly after this delay.
    Slow(Duration),
    /// Send `200 OK` headers promising a body, then nothing.
    HeadersThenSilence,
    /// Send the right answer one byte per second.
    Trickle,
    /// Send `503` with a large `Content-Length`, then nothing (event stream included).
    StatusThenSilence,
    /// The chain stops finalizing: every update comes without its finality
    /// proof (a validly signed update all the same), and `finality_update`
    /// has nothing new to serve (404).
    NoFinality,
    /// An honest node whose chain moves on while it is watched: polls get the heads of its last
    /// recorded update until the event stream has sent the newer (recorded) ones. Use with an
    /// [`SseMode::Stream`].
    HeadsByStream,
}

/// The event stream's behaviour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SseMode {
    /// No event stream (404).
    Off,
    /// Alternate finality and optimistic updates every `interval`; close the
    /// connection after `drop_after` events when set.
    Stream { interval: Duration, drop_after: Option<u64> },
    /// Send `events` events every `interval`, then keep the connection open and send nothing.
    StallAfter { interval: Duration, events: u64 },
    /// Open the stream (`200`, event-stream headers) and never send anything.
    Silent,
}

/// The recorded data a node serves: Beacon-API `{version, data}` JSON values.
#[derive(Debug, Clone)]
pub struct NodeData {
    pub cfg: NetworkConfig,
    pub bootstrap: Value,
    pub updates: Vec<Value>,
    pub finality: Value,
    pub optimistic: Value,
}

impl NodeData {
    /// Read `bootstrap.json`, `updates.json` (array), `finality.json` and
    /// `optimistic.json` from `dir`.
    pub fn load(cfg: NetworkConfig, dir: &std::path::Path) -> std::io::Result<Self> {
        let read = |name: &str| -> std::io::Result<Value> {
            let bytes = std::fs::read(dir.join(name))?;
            serde_json::from_slice(&bytes)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{name}: {e}")))
        };
        let updates = match read("updates.json")? {
            Value::Array(a) => a,
            other => vec![other],
        };
        Ok(NodeData {
            cfg,
            bootstrap: read("bootstrap.json")?,
            updates,
            finality: read("finality.json")?,
            optimistic: read("optimistic.json")?,
        })
    }

    fn slot_of(v: &Value, header: &str) -> u64 {
        v["data"][header]["beacon"]["slot"].as_str().and_then(|s| s.parse().ok()).unwrap_or(0)
    }

    fn bootstrap_root_matches(&self, root: &str) -> bool {
        let Ok(b) =
            lucid_core::decode::decode_bootstrap::<S>(&self.cfg, self.bootstrap.to_string().as_bytes(), "bootstrap")
        else {
            return false;
        };
        lucid_core::primitives::to_hex(b.header.beacon_root().as_ref()).eq_ignore_ascii_case(root)
    }
}

struct Shared {
    data: NodeData,
    fault: Fault,
    sse: SseMode,
    stop: AtomicBool,
    requests: AtomicU64,
    log: Mutex<Vec<String>>,
    sse_sent: Mutex<Vec<Instant>>,
}

/// A running fake node. Dropping it stops it.
pub struct FakeNode {
    addr: SocketAddr,
    shared: Arc<Shared>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FakeNode {
    /// Start a node serving `data` with `fault` and `sse`.
    pub fn start(data: NodeData, fault: Fault, sse: SseMode) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            data,
            fault,
            sse,
            stop: AtomicBool::new(false),
            requests: AtomicU64::new(0),
            log: Mutex::new(Vec::new()),
            sse_sent: Mutex::new(Vec::new()),
        });
        let s = shared.clone();
        let thread = std::thread::spawn(move || {
            for conn in listener.incoming() {
                if s.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let s = s.clone();
                std::thread::spawn(move || handle(conn, &s));
            }
        });
        Ok(FakeNode { addr, shared, thread: Some(thread) })
    }

    /// The base URL (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Requests received so far.
    pub fn requests(&self) -> u64 {
        self.shared.requests.load(Ordering::SeqCst)
    }

    /// Paths requested so far.
    pub fn paths(&self) -> Vec<String> {
        self.shared.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// When each event-stream event was written.
    pub fn events_sent(&self) -> Vec<Instant> {
        self.shared.sse_sent.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

impl Drop for FakeNode {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn wait_or_stop(s: &Shared, d: Duration) -> bool {
    let until = Instant::now() + d;
    while Instant::now() < until {
        if s.stop.load(Ordering::SeqCst) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20).min(until.saturating_duration_since(Instant::now())));
    }
    !s.stop.load(Ordering::SeqCst)
}

fn handle(conn: TcpStream, s: &Shared) {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(match conn.try_clone() {
        Ok(c) => c,
        Err(_) => return,
    });
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() || line.is_empty() {
        return;
    }
    let method = line.split_whitespace().next().unwrap_or("GET").to_string();
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut ssz = false;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        let lower = h.to_ascii_lowercase();
        if lower.starts_with("accept:") && lower.contains("application/octet-stream") {
            ssz = true;
        }
    }
    let mut conn = conn;
    if method.eq_ignore_ascii_case("OPTIONS") {
        // A browser's CORS preflight (not counted as a request): always answered, whatever the fault.
        let head = format!("HTTP/1.1 204 No Content\r\n{CORS}Access-Control-Allow-Methods: GET, OPTIONS\r\nAccess-Control-Max-Age: 600\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        let _ = conn.write_all(head.as_bytes());
        let _ = conn.flush();
        return drain(&mut conn);
    }
    s.requests.fetch_add(1, Ordering::SeqCst);
    if let Ok(mut l) = s.log.lock() {
        l.push(path.clone());
    }
    match &s.fault {
        Fault::Hang => {
            wait_or_stop(s, Duration::from_secs(60));
            return;
        }
        Fault::Slow(d) if !wait_or_stop(s, *d) => {
            return;
        }
        Fault::ServerError => {
            respond(&mut conn, 500, "application/json", None, br#"{"code":500,"message":"Internal Server Error"}"#);
            return;
        }
        Fault::HeadersThenSilence | Fault::StatusThenSilence => {
            let status = if s.fault == Fault::HeadersThenSilence { 200 } else { 503 };
            let head = response_head(status, "application/json", Some(100_000), None);
            if conn.write_all(head.as_bytes()).and_then(|_| conn.flush()).is_ok() {
                wait_or_stop(s, Duration::from_secs(120));
            }
            return;
        }
        _ => {}
    }
    if path.starts_with("/eth/v1/events") {
        return stream_events(conn, s);
    }
    let lc = "/eth/v1/beacon/light_client/";
    let Some(rest) = path.strip_prefix(lc) else {
        return respond(&mut conn, 404, "application/json", None, br#"{"code":404,"message":"not found"}"#);
    };
    let (kind, objects): (ObjectKind, Vec<Value>) = if let Some(root) = rest.strip_prefix("bootstrap/") {
        if !s.data.bootstrap_root_matches(root) {
            return respond(
                &mut conn,
                404,
                "application/json",
                None,
                br#"{"code":404,"message":"LC bootstrap unavailable"}"#,
            );
        }
        (ObjectKind::Bootstrap, vec![tamper(s, ObjectKind::Bootstrap, s.data.bootstrap.clone())])
    } else if rest.starts_with("updates") {
        let q = |k: &str| {
            rest.split(['?', '&'])
                .find_map(|kv| kv.strip_prefix(k).and_then(|v| v.strip_prefix('=')).and_then(|v| v.parse::<u64>().ok()))
        };
        let (Some(start), Some(count)) = (q("start_period"), q("count")) else {
            return respond(
                &mut conn,
                400,
                "application/json",
                None,
                br#"{"code":400,"message":"missing start_period or count"}"#,
            );
        };
        let mut list: Vec<Value> = s
            .data
            .updates
            .iter()
            .filter(|u| {
                let p = s.data.cfg.period_at_slot(NodeData::slot_of(u, "attested_header"));
                p >= start && p < start.saturating_add(count.min(128))
            })
            .cloned()
            .collect();
        if s.fault == Fault::Stale {
            list.truncate(1);
        }
        (ObjectKind::Update, list.into_iter().map(|u| tamper(s, ObjectKind::Update, u)).collect())
    } else if rest.starts_with("finality_update") {
        if s.fault == Fault::NoFinality {
            return respond(
                &mut conn,
                404,
                "application/json",
                None,
                br#"{"code":404,"message":"no finality update"}"#,
            );
        }
        (ObjectKind::FinalityUpdate, vec![polled_head(s, ObjectKind::FinalityUpdate)])
    } else if rest.starts_with("optimistic_update") {
        (ObjectKind::OptimisticUpdate, vec![polled_head(s, ObjectKind::OptimisticUpdate)])
    } else {
        return respond(&mut conn, 404, "application/json", None, br#"{"code":404,"message":"not found"}"#);
    };
    if s.fault == Fault::MalformedJson {
        return respond(
            &mut conn,
            200,
            "application/json",
            None,
            br#"{"version":"capella","data":{"attested_header": nope"#,
        );
    }
    let many = kind == ObjectKind::Update;
    let (ctype, version, mut body) = if ssz {
        let mut body = Vec::new();
        let mut version = None;
        for o in &objects {
            let Ok((fork, bytes)) = json_to_ssz::<S>(kind, &real_label(s, o), kind.name()) else {
                return respond(&mut conn, 500, "application/json", None, br#"{"code":500,"message":"cannot encode"}"#);
            };
            let label = if s.fault == Fault::WrongForkLabel { Fork::Deneb } else { fork };
            version = Some(label.name().to_string());
            if many {
                let cfg = &s.data.cfg;
                let epoch = if label == fork {
                    cfg.epoch_at_slot(NodeData::slot_of(o, "attested_header"))
                } else {
                    cfg.fork_epoch(label)
                };
                let digest = compute_fork_digest(cfg, epoch);
                body.extend_from_slice(&(4 + bytes.len() as u64).to_le_bytes());
                body.extend_from_slice(&digest);
            }
            body.extend_from_slice(&bytes);
        }
        ("application/octet-stream", if many { None } else { version }, body)
    } else {
        let text = if many {
            Value::Array(objects).to_string()
        } else {
            objects.into_iter().next().unwrap_or(Value::Null).to_string()
        };
        ("application/json", None, text.into_bytes())
    };
    match s.fault {
        Fault::Truncated => {
            let cut = if ssz { 64.min(body.len()) } else { body.len() / 2 };
            body.truncate(body.len() - cut);
        }
        Fault::Oversized => return respond_oversized(&mut conn, ctype, version.as_deref(), &body),
        Fault::Trickle => return respond_trickle(&mut conn, s, ctype, version.as_deref(), &body),
        _ => {}
    }
    respond(&mut conn, 200, ctype, version.as_deref(), &body);
}

/// Under `WrongForkLabel` the SSZ bytes stay in the data's real fork's
/// containers, so the lie is only in the label.
fn real_label(s: &Shared, o: &Value) -> Value {
    let mut o = o.clone();
    if s.fault == Fault::WrongForkLabel {
        let slot = NodeData::slot_of(&o, "attested_header").max(NodeData::slot_of(&o, "header"));
        o["version"] = json!(s.data.cfg.fork_at_slot(slot).name());
    }
    o
}

/// The head a node answers a poll with: with [`Fault::HeadsByStream`], the one of its last update
/// until the event stream has sent the newer one.
fn polled_head(s: &Shared, kind: ObjectKind) -> Value {
    let streamed = s.sse_sent.lock().map_or(0, |l| l.len());
    if s.fault == Fault::HeadsByStream && streamed == 0 {
        return head_from_update(s.data.updates.last(), kind);
    }
    head_object(s, kind)
}

fn head_object(s: &Shared, kind: ObjectKind) -> Value {
    let base = if s.fault == Fault::Stale {
        head_from_update(s.data.updates.first(), kind)
    } else if kind == ObjectKind::FinalityUpdate {
        s.data.finality.clone()
    } else {
        s.data.optimistic.clone()
    };
    tamper(s, kind, base)
}

/// The finality or optimistic update a node would have served when `update` was its newest: the
/// update without its next committee (and, for an optimistic update, without its finality proof).
fn head_from_update(update: Option<&Value>, kind: ObjectKind) -> Value {
    let mut u = update.cloned().unwrap_or(Value::Null);
    if let Some(d) = u.get_mut("data").and_then(Value::as_object_mut) {
        d.remove("next_sync_committee");
        d.remove("next_sync_committee_branch");
        if kind == ObjectKind::OptimisticUpdate {
            d.remove("finalized_header");
            d.remove("finality_branch");
        }
    }
    u
}

fn flip_hex(v: &mut Value) {
    if let Some(t) = v.as_str() {
        let mut chars: Vec<char> = t.chars().collect();
        if let Some(c) = chars.last_mut() {
            *c = if *c == '0' { '1' } else { '0' };
        }
        *v = Value::String(chars.into_iter().collect());
    }
}

fn tamper(s: &Shared, kind: ObjectKind, mut o: Value) -> Value {
    let d = &mut o["data"];
    match s.fault {
        Fault::BadSignature if kind != ObjectKind::Bootstrap => {
            let donor = if kind == ObjectKind::OptimisticUpdate { &s.data.finality } else { &s.data.optimistic };
            let mut sig = donor["data"]["sync_aggregate"]["sync_committee_signature"].clone();
            if sig == d["sync_aggregate"]["sync_committee_signature"] {
                sig = s
                    .data
                    .updates
                    .first()
                    .map(|u| u["data"]["sync_aggregate"]["sync_committee_signature"].clone())
                    .unwrap_or(sig);
            }
            d["sync_aggregate"]["sync_committee_signature"] = sig;
        }
        Fault::BadBranch => match kind {
            ObjectKind::Bootstrap => flip_hex(&mut d["current_sync_committee_branch"][0]),
            ObjectKind::OptimisticUpdate => flip_hex(&mut d["attested_header"]["execution_branch"][0]),
            _ => flip_hex(&mut d["finality_branch"][0]),
        },
        Fault::WrongForkLabel => o["version"] = json!("deneb"),
        Fault::NoFinality if kind == ObjectKind::Update => {
            zero_values(&mut d["finalized_header"]);
            zero_values(&mut d["finality_branch"]);
        }
        Fault::OtherHead => match kind {
            ObjectKind::Bootstrap => flip_hex(&mut d["header"]["beacon"]["state_root"]),
            ObjectKind::OptimisticUpdate => flip_hex(&mut d["attested_header"]["beacon"]["state_root"]),
            _ => flip_hex(&mut d["finalized_header"]["beacon"]["state_root"]),
        },
        _ => {}
    }
    o
}

/// Turn a JSON header or branch into its empty form: every number 0, every
/// fixed-size hex value all zeros, `extra_data` empty.
fn zero_values(v: &mut Value) {
    match v {
        Value::String(t) if t.starts_with("0x") => *t = format!("0x{}", "0".repeat(t.len() - 2)),
        Value::String(t) => *t = "0".into(),
        Value::Array(items) => items.iter_mut().for_each(zero_values),
        Value::Object(map) => {
            for (k, item) in map.iter_mut() {
                if k == "extra_data" {
                    *item = json!("0x");
                } else {
                    zero_values(item);
                }
            }
        }
        _ => {}
    }
}

/// CORS headers on every answer, so a browser page on another origin can read them.
const CORS: &str = "Access-Control-Allow-Origin: *\r\nAccess-Control-Allow-Headers: Accept\r\nAccess-Control-Expose-Headers: Eth-Consensus-Version\r\n";

/// A response's status line and headers, with `Content-Length` when given.
fn response_head(status: u16, ctype: &str, content_length: Option<usize>, version: Option<&str>) -> String {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    };
    let mut head = format!("HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nConnection: close\r\n{CORS}");
    if let Some(n) = content_length {
        head.push_str(&format!("Content-Length: {n}\r\n"));
    }
    if let Some(v) = version {
        head.push_str(&format!("Eth-Consensus-Version: {v}\r\n"));
    }
    head.push_str("\r\n");
    head
}

fn respond(conn: &mut TcpStream, status: u16, ctype: &str, version: Option<&str>, body: &[u8]) {
    let head = response_head(status, ctype, Some(body.len()), version);
    let _ = conn.write_all(head.as_bytes());
    let _ = conn.write_all(body);
    let _ = conn.flush();
    drain(conn);
}

fn drain(conn: &mut TcpStream) {
    let _ = conn.shutdown(std::net::Shutdown::Write);
    let _ = conn.set_read_timeout(Some(Duration::from_millis(200)));
    let mut sink = [0u8; 256];
    while matches!(conn.read(&mut sink), Ok(n) if n > 0) {}
}

/// Send `body` followed by up to 16 MiB of zeros, without a Content-Length.
fn respond_oversized(conn: &mut TcpStream, ctype: &str, version: Option<&str>, body: &[u8]) {
    let head = response_head(200, ctype, None, version);
    if conn.write_all(head.as_bytes()).is_err() || conn.write_all(body).is_err() {
        return;
    }
    let zeros = vec![0u8; 64 << 10];
    for _ in 0..256 {
        if conn.write_all(&zeros).is_err() {
            return;
        }
    }
    let _ = conn.shutdown(std::net::Shutdown::Both);
}

/// Send `body` one byte per second (until the client goes away or the node stops).
fn respond_trickle(conn: &mut TcpStream, s: &Shared, ctype: &str, version: Option<&str>, body: &[u8]) {
    let head = response_head(200, ctype, Some(body.len()), version);
    if conn.write_all(head.as_bytes()).is_err() {
        return;
    }
    for byte in body {
        if conn.write_all(&[*byte]).and_then(|_| conn.flush()).is_err() || !wait_or_stop(s, Duration::from_secs(1)) {
            return;
        }
    }
}

fn stream_events(mut conn: TcpStream, s: &Shared) {
    let (interval, drop_after, stall_after) = match s.sse.clone() {
        SseMode::Off => {
            return respond(&mut conn, 404, "application/json", None, br#"{"code":404,"message":"no event stream"}"#)
        }
        SseMode::Stream { interval, drop_after } => (interval, drop_after, None),
        SseMode::StallAfter { interval, events } => (interval, None, Some(events)),
        SseMode::Silent => (Duration::ZERO, None, Some(0)),
    };
    let head = format!("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n{CORS}\r\n");
    let welcome = if stall_after == Some(0) { "" } else { ": welcome\n\n" };
    if conn.write_all(head.as_bytes()).and_then(|_| conn.write_all(welcome.as_bytes())).is_err() {
        return;
    }
    let _ = conn.flush();
    let mut sent = 0u64;
    loop {
        if drop_after.is_some_and(|n| sent >= n) {
            let _ = conn.shutdown(std::net::Shutdown::Both);
            return;
        }
        if stall_after.is_some_and(|n| sent >= n) {
            wait_or_stop(s, Duration::from_secs(600));
            return;
        }
        if !wait_or_stop(s, interval) {
            return;
        }
        let kind = if sent % 2 == 0 { ObjectKind::FinalityUpdate } else { ObjectKind::OptimisticUpdate };
        let name = if kind == ObjectKind::FinalityUpdate {
            "light_client_finality_update"
        } else {
            "light_client_optimistic_update"
        };
        let payload = match s.fault {
            Fault::MalformedJson => r#"{"version":"capella","data":{"#.to_string(),
            _ => head_object(s, kind).to_string(),
        };
        let event = format!("event: {name}\ndata: {payload}\n\n");
        if let Ok(mut l) = s.sse_sent.lock() {
            l.push(Instant::now());
            let len = l.len();
            if len > 10_000 {
                l.drain(..len - 10_000);
            }
        }
        if conn.write_all(event.as_bytes()).and_then(|_| conn.flush()).is_err() {
            return;
        }
        sent += 1;
    }
}

/// A fake execution node: answers JSON-RPC POSTs from a table of results by
/// method (the same result whatever the parameters), and "method not found"
/// for anything else. Tests give it honest or lying answers.
pub struct FakeExecutionNode {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    calls: Arc<Mutex<Vec<Value>>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FakeExecutionNode {
    /// Start a node answering each method in `results` with its value.
    pub fn start(results: std::collections::BTreeMap<String, Value>) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let calls = Arc::new(Mutex::new(Vec::new()));
        let results = Arc::new(results);
        let (stop_flag, log) = (stop.clone(), calls.clone());
        let thread = std::thread::spawn(move || {
            for conn in listener.incoming() {
                if stop_flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let (results, log) = (results.clone(), log.clone());
                std::thread::spawn(move || answer_rpc(conn, &results, &log));
            }
        });
        Ok(Self { addr, stop, calls, thread: Some(thread) })
    }

    /// The base URL (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The JSON-RPC requests received so far.
    pub fn calls(&self) -> Vec<Value> {
        self.calls.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

impl Drop for FakeExecutionNode {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn answer_rpc(conn: TcpStream, results: &std::collections::BTreeMap<String, Value>, log: &Mutex<Vec<Value>>) {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(5)));
    let Ok(clone) = conn.try_clone() else { return };
    let mut reader = BufReader::new(clone);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() || line.is_empty() {
        return;
    }
    let mut length = 0usize;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0u8; length.min(1 << 20)];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if let Ok(mut l) = log.lock() {
        l.push(request.clone());
    }
    let id = request["id"].clone();
    let answer = match request["method"].as_str().and_then(|m| results.get(m)) {
        Some(result) => json!({"jsonrpc": "2.0", "id": id, "result": result}),
        None => json!({"jsonrpc": "2.0", "id": id, "error": {"code": -32601, "message": "the method does not exist"}}),
    };
    let mut conn = conn;
    respond(&mut conn, 200, "application/json", None, answer.to_string().as_bytes());
}
