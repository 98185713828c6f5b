//! A shipped `SignedBeaconBlock` (Beacon-API JSON), summarised in the worker for the views: its header
//! fields, attestations with their aggregation bits and checkpoints, and its sync aggregate; and
//! the honest comparison of the block with the headers the core verified.
//!
//! A light client never checks the block itself, but it does verify header roots. The block's own
//! root is recomputed here from the whole JSON (`hash_tree_root` of its body by
//! `lucid_ssz_schema`, then of its header), so a block whose computed root equals a verified
//! header's root *is* that verified block, body and attestations included. Any other block is
//! unverified: data as reported by the file. The attestations' own signatures are never checked.

use lucid_core::containers::BeaconBlockHeader;
use lucid_core::primitives::{parse_root, root_from, root_of, to_hex};
use lucid_core::Fork;
use lucid_core::{Head, HeaderRole};
use lucid_ssz_schema::{hash_tree_root_json, Preset};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::hex::{bitlist_from_hex, bitvector_from_hex, decode_hex};

/// An FFG checkpoint: an epoch and the root of the block at (or before) its first slot.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Checkpoint {
    pub epoch: u64,
    pub root: String,
}

/// One attestation of the block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttestationSummary {
    pub slot: u64,
    pub committee_index: u64,
    /// Aggregation bits, one per committee member.
    pub bits: Vec<bool>,
    pub beacon_block_root: String,
    pub source: Checkpoint,
    pub target: Checkpoint,
}

impl AttestationSummary {
    /// Members whose votes this aggregate carries.
    pub fn participants(&self) -> usize {
        self.bits.iter().filter(|b| **b).count()
    }
}

/// A source → target link and how many attestations (and votes) in the block carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckpointLink {
    pub source: Checkpoint,
    pub target: Checkpoint,
    pub attestations: usize,
    pub votes: usize,
}

/// Roots computed from the block's JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComputedRoots {
    /// `hash_tree_root` of the body.
    pub body_root: String,
    /// `hash_tree_root` of the block's header (slot, proposer, parent, state and body roots):
    /// the block root.
    pub root: String,
}

/// What the execution payload says about who was paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayloadSummary {
    /// `fee_recipient`: who receives the priority fees (a builder's address in a bought block).
    pub fee_recipient: String,
    pub gas_used: u64,
    pub gas_limit: u64,
    /// `base_fee_per_gas` in wei (burned for every gas unit used).
    pub base_fee_per_gas: u128,
    pub transaction_count: usize,
    /// Where the last transaction sends ether (a builder's payment to the proposer, usually), if
    /// it decodes.
    pub last_transfer: Option<crate::transaction::Transfer>,
}

/// The fields of the block the views show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockSummary {
    pub fork: String,
    pub slot: u64,
    pub proposer_index: u64,
    pub parent_root: String,
    pub state_root: String,
    pub graffiti: String,
    pub execution_block_number: u64,
    pub execution_block_hash: String,
    /// The execution payload's `prev_randao`: the beacon state's RANDAO mix before this block's reveal
    /// (empty before Bellatrix).
    pub prev_randao: String,
    /// The execution payload's economics (none before Bellatrix).
    pub payload: Option<PayloadSummary>,
    pub attestations: Vec<AttestationSummary>,
    /// The block's own sync aggregate (it signs the *parent* block).
    pub sync_bits: Vec<bool>,
    /// The block's roots computed from its JSON, or why they could not be.
    pub roots: Result<ComputedRoots, String>,
}

#[derive(Deserialize)]
struct Envelope {
    version: String,
    data: Signed,
}
#[derive(Deserialize)]
struct Signed {
    message: Message,
}
#[derive(Deserialize)]
struct Message {
    slot: String,
    proposer_index: String,
    parent_root: String,
    state_root: String,
    body: Body,
}
#[derive(Deserialize)]
struct Body {
    graffiti: String,
    attestations: Vec<RawAttestation>,
    sync_aggregate: RawSyncAggregate,
    execution_payload: Option<RawPayload>,
}
#[derive(Deserialize)]
struct RawAttestation {
    aggregation_bits: String,
    data: RawAttestationData,
}
#[derive(Deserialize)]
struct RawAttestationData {
    slot: String,
    index: String,
    beacon_block_root: String,
    source: RawCheckpoint,
    target: RawCheckpoint,
}
#[derive(Deserialize)]
struct RawCheckpoint {
    epoch: String,
    root: String,
}
#[derive(Deserialize)]
struct RawSyncAggregate {
    sync_committee_bits: String,
}
#[derive(Deserialize)]
struct RawPayload {
    block_number: String,
    block_hash: String,
    prev_randao: String,
    fee_recipient: String,
    gas_used: String,
    gas_limit: String,
    base_fee_per_gas: String,
    transactions: Vec<String>,
}

fn payload_summary(p: &RawPayload) -> Result<PayloadSummary, String> {
    Ok(PayloadSummary {
        fee_recipient: p.fee_recipient.clone(),
        gas_used: num("gas_used", &p.gas_used)?,
        gas_limit: num("gas_limit", &p.gas_limit)?,
        base_fee_per_gas: p
            .base_fee_per_gas
            .parse()
            .map_err(|_| format!("base_fee_per_gas: {:?} is not a decimal below 2^128", p.base_fee_per_gas))?,
        transaction_count: p.transactions.len(),
        last_transfer: p
            .transactions
            .last()
            .and_then(|tx| decode_hex(tx))
            .and_then(|tx| crate::transaction::decode_transfer(&tx)),
    })
}

fn num(field: &str, s: &str) -> Result<u64, String> {
    s.parse().map_err(|_| format!("{field}: {s:?} is not a decimal uint64"))
}

fn checkpoint(field: &str, c: &RawCheckpoint) -> Result<Checkpoint, String> {
    Ok(Checkpoint { epoch: num(field, &c.epoch)?, root: c.root.clone() })
}

/// Graffiti bytes as text where printable, trailing zeros dropped.
fn graffiti_text(hex: &str) -> String {
    let bytes = decode_hex(hex).unwrap_or_default();
    let end = bytes.iter().rposition(|b| *b != 0).map_or(0, |i| i + 1);
    bytes[..end].iter().map(|b| if (0x20..0x7f).contains(b) { *b as char } else { '·' }).collect()
}

/// The body root and block root of a mainnet `BeaconBlock` of `fork`, computed from its JSON
/// `message`: the body by `lucid_ssz_schema`, the header by the core's `BeaconBlockHeader`.
fn compute_roots(fork: &str, message: &Value, m: &Message) -> Result<ComputedRoots, String> {
    let fork = Fork::from_name(fork).ok_or_else(|| format!("unknown fork `{fork}`"))?;
    let body_root =
        hash_tree_root_json(fork, Preset::Mainnet, "BeaconBlockBody", &message["body"]).map_err(|e| e.to_string())?;
    let root32 = |field: &str, hex: &str| parse_root(hex).ok_or(format!("{field}: {hex:?} is not a 32-byte hex root"));
    let header = BeaconBlockHeader {
        slot: num("slot", &m.slot)?,
        proposer_index: num("proposer_index", &m.proposer_index)?,
        parent_root: root32("parent_root", &m.parent_root)?,
        state_root: root32("state_root", &m.state_root)?,
        body_root: root_from(body_root),
    };
    Ok(ComputedRoots { body_root: to_hex(&body_root), root: to_hex(root_of(&header).as_ref()) })
}

/// Parse a Beacon-API `SignedBeaconBlock` (`{version, data: {message, signature}}`) and compute
/// its roots (hashing the whole block: call it off the page's main thread).
pub fn parse_block(json: &[u8], sync_committee_size: usize) -> Result<BlockSummary, String> {
    let raw: Value = serde_json::from_slice(json).map_err(|e| format!("block JSON: {e}"))?;
    let env = Envelope::deserialize(&raw).map_err(|e| format!("block JSON: {e}"))?;
    let roots = compute_roots(&env.version, &raw["data"]["message"], &env.data.message);
    let m = env.data.message;
    let attestations = m
        .body
        .attestations
        .iter()
        .enumerate()
        .map(|(i, a)| {
            Ok(AttestationSummary {
                slot: num("attestation slot", &a.data.slot)?,
                committee_index: num("attestation index", &a.data.index)?,
                bits: bitlist_from_hex(&a.aggregation_bits)
                    .ok_or(format!("attestations[{i}].aggregation_bits is not an SSZ bitlist"))?,
                beacon_block_root: a.data.beacon_block_root.clone(),
                source: checkpoint("source epoch", &a.data.source)?,
                target: checkpoint("target epoch", &a.data.target)?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let (execution_block_number, execution_block_hash, prev_randao) = match &m.body.execution_payload {
        Some(p) => (num("block_number", &p.block_number)?, p.block_hash.clone(), p.prev_randao.clone()),
        None => (0, String::new(), String::new()),
    };
    let payload = m.body.execution_payload.as_ref().map(payload_summary).transpose()?;
    Ok(BlockSummary {
        fork: env.version,
        slot: num("slot", &m.slot)?,
        proposer_index: num("proposer_index", &m.proposer_index)?,
        parent_root: m.parent_root,
        state_root: m.state_root,
        graffiti: graffiti_text(&m.body.graffiti),
        execution_block_number,
        execution_block_hash,
        prev_randao,
        payload,
        attestations,
        sync_bits: bitvector_from_hex(&m.body.sync_aggregate.sync_committee_bits, sync_committee_size)
            .ok_or("sync_committee_bits is not a bitvector of the committee's size")?,
        roots,
    })
}

impl BlockSummary {
    /// The distinct source → target links of the block's attestations, most votes first.
    pub fn checkpoint_links(&self) -> Vec<CheckpointLink> {
        let mut links: Vec<CheckpointLink> = Vec::new();
        for a in &self.attestations {
            match links.iter_mut().find(|l| l.source == a.source && l.target == a.target) {
                Some(l) => {
                    l.attestations += 1;
                    l.votes += a.participants();
                }
                None => links.push(CheckpointLink {
                    source: a.source.clone(),
                    target: a.target.clone(),
                    attestations: 1,
                    votes: a.participants(),
                }),
            }
        }
        links.sort_by(|a, b| b.votes.cmp(&a.votes).then(a.target.cmp(&b.target)));
        links
    }

    /// Total votes carried by the block's attestations.
    pub fn votes(&self) -> usize {
        self.attestations.iter().map(|a| a.participants()).sum()
    }

    /// Sync-committee members who signed the parent block in this block's sync aggregate.
    pub fn sync_participants(&self) -> usize {
        self.sync_bits.iter().filter(|b| **b).count()
    }
}

/// A header the core verified (through a sync-committee signature over its root, a finality
/// branch, or as the trusted checkpoint), in its role, with how it was verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifiedHeader {
    pub role: HeaderRole,
    pub head: Head,
    /// Why it counts as verified (e.g. "attested header of finality.json, signed by 512/512").
    pub how: String,
}

impl VerifiedHeader {
    /// `head`, verified in `role`, saying `how`.
    pub fn new(head: &Head, role: HeaderRole, how: String) -> Self {
        VerifiedHeader { role, head: head.clone(), how }
    }
}

/// One field compared between the block and a verified header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMatch {
    pub field: &'static str,
    pub block: String,
    pub header: String,
}

impl FieldMatch {
    pub fn equal(&self) -> bool {
        self.block == self.header
    }
}

/// How the block relates to the verified headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockLink {
    /// The root computed from the block's JSON equals this verified header's root: the block,
    /// body included, is the verified block.
    Verified { header: VerifiedHeader, fields: Vec<FieldMatch> },
    /// A verified header exists at this slot but the block's root is not its root (or could not
    /// be computed): not the verified block.
    Mismatch { header: VerifiedHeader, fields: Vec<FieldMatch> },
    /// No verified header at this slot (its parent may still be linked, see [`parent_link`]).
    NoVerifiedHeader,
}

impl BlockLink {
    /// Whether the block is a verified block.
    pub fn is_verified(&self) -> bool {
        matches!(self, BlockLink::Verified { .. })
    }
}

/// The block's fields and computed roots beside the header's.
fn compare(block: &BlockSummary, h: &Head) -> Vec<FieldMatch> {
    let computed = |pick: fn(&ComputedRoots) -> &String| match &block.roots {
        Ok(r) => pick(r).clone(),
        Err(_) => "not computed".to_string(),
    };
    vec![
        FieldMatch { field: "slot", block: block.slot.to_string(), header: h.slot.to_string() },
        FieldMatch {
            field: "proposer_index",
            block: block.proposer_index.to_string(),
            header: h.proposer_index.to_string(),
        },
        FieldMatch { field: "parent_root", block: block.parent_root.clone(), header: h.parent_root.to_string() },
        FieldMatch { field: "state_root", block: block.state_root.clone(), header: h.state_root.to_string() },
        FieldMatch {
            field: "body_root (computed)",
            block: computed(|r| &r.body_root),
            header: h.body_root.to_string(),
        },
        FieldMatch {
            field: "execution block_hash",
            block: block.execution_block_hash.clone(),
            header: h.execution_block_hash.to_string(),
        },
        FieldMatch { field: "block root (computed)", block: computed(|r| &r.root), header: h.root.to_string() },
    ]
}

/// Find the verified header whose root equals the block's computed root (the most final one if
/// several do); failing that, compare with the verified header at the block's slot.
pub fn link_block(block: &BlockSummary, verified: &[VerifiedHeader]) -> BlockLink {
    let root = block.roots.as_ref().ok().map(|r| r.root.as_str());
    if let Some(h) = verified.iter().filter(|h| Some(h.head.root.to_string().as_str()) == root).max_by_key(|h| h.role) {
        return BlockLink::Verified { header: h.clone(), fields: compare(block, &h.head) };
    }
    match verified.iter().filter(|h| h.head.slot == block.slot).max_by_key(|h| h.role) {
        Some(h) => BlockLink::Mismatch { header: h.clone(), fields: compare(block, &h.head) },
        None => BlockLink::NoVerifiedHeader,
    }
}

/// The verified header whose root is this block's `parent_root`, if any.
pub fn parent_link<'a>(block: &BlockSummary, verified: &'a [VerifiedHeader]) -> Option<&'a VerifiedHeader> {
    let parent = parse_root(&block.parent_root);
    verified.iter().find(|h| Some(h.head.root) == parent)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCENARIO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/capella-p862");

    fn block(slot: u64) -> (BlockSummary, serde_json::Value) {
        let bytes = std::fs::read(format!("{SCENARIO}/blocks/{slot}.json")).unwrap();
        (parse_block(&bytes, 512).unwrap(), serde_json::from_slice(&bytes).unwrap())
    }

    #[test]
    fn attestation_counts_and_bits_match_the_json() {
        for slot in [7_109_344, 7_109_430, 7_109_431] {
            let (b, raw) = block(slot);
            let atts = raw["data"]["message"]["body"]["attestations"].as_array().unwrap();
            assert_eq!(b.attestations.len(), atts.len(), "block {slot}");
            assert_eq!(b.slot, slot);
            // Bits independently: popcount of all bytes minus the one delimiter bit.
            for (a, j) in b.attestations.iter().zip(atts) {
                let hex = j["aggregation_bits"].as_str().unwrap();
                let ones: u32 = decode_hex(hex).unwrap().iter().map(|x| x.count_ones()).sum();
                assert_eq!(a.participants() as u32, ones - 1);
            }
        }
        assert_eq!(block(7_109_344).0.attestations.len(), 65);
    }

    #[test]
    fn checkpoint_links_of_the_finality_block() {
        let (b, _) = block(7_109_430);
        let links = b.checkpoint_links();
        assert_eq!(links.iter().map(|l| l.attestations).sum::<usize>(), b.attestations.len());
        assert_eq!(links.iter().map(|l| l.votes).sum::<usize>(), b.votes());
        let top = &links[0];
        assert_eq!((top.source.epoch, top.target.epoch), (222_168, 222_169));
        for l in &links {
            assert!(l.source.epoch < l.target.epoch, "a link goes forward in epochs");
        }
    }

    fn block_with(slot: u64, edit: impl FnOnce(&mut serde_json::Value)) -> BlockSummary {
        let mut raw = block(slot).1;
        edit(&mut raw);
        parse_block(&serde_json::to_vec(&raw).unwrap(), 512).unwrap()
    }

    #[test]
    fn each_shipped_block_is_the_verified_block_by_its_computed_root() {
        let verified = crate::lab::tests::lab().1.verified_headers();
        let expected = [
            (7_109_344, HeaderRole::Finalized),
            (7_109_430, HeaderRole::Attested),
            (7_109_431, HeaderRole::Optimistic),
        ];
        for (slot, role) in expected {
            let (b, _) = block(slot);
            let roots = b.roots.clone().unwrap();
            let BlockLink::Verified { header, fields } = link_block(&b, &verified) else {
                panic!("block {slot} not verified: {:?}", link_block(&b, &verified))
            };
            assert_eq!((header.head.slot, header.role), (slot, role));
            assert_eq!(roots.root, header.head.root.to_string());
            assert_eq!(roots.body_root, header.head.body_root.to_string());
            assert!(fields.iter().all(FieldMatch::equal), "block {slot}: {fields:?}");
        }
        let root_344 = block(7_109_344).0.roots.unwrap().root;
        assert_eq!(root_344, "0xa9bb1965a6288f64374a9425f5ecb90dd81239cc2ae1a8ec8b673c13c9d2586a");
        let (child, _) = block(7_109_431);
        assert_eq!(parent_link(&child, &verified).map(|h| h.head.slot), Some(7_109_430));
    }

    #[test]
    fn a_block_with_an_edited_body_is_unverified() {
        let verified = crate::lab::tests::lab().1.verified_headers();
        // One attestation bit flipped: the header fields still match, the body root does not.
        let edited = block_with(7_109_344, |raw| {
            let bits = &mut raw["data"]["message"]["body"]["attestations"][0]["aggregation_bits"];
            let mut bytes = crate::hex::decode_hex(bits.as_str().unwrap()).unwrap();
            bytes[0] ^= 1;
            *bits = serde_json::Value::String(to_hex(&bytes));
        });
        let BlockLink::Mismatch { header, fields } = link_block(&edited, &verified) else {
            panic!("an edited block must not verify")
        };
        assert_eq!(header.role, HeaderRole::Finalized);
        let differing: Vec<&str> = fields.iter().filter(|f| !f.equal()).map(|f| f.field).collect();
        assert_eq!(differing, ["body_root (computed)", "block root (computed)"]);
        // A body the schema cannot read has no root: unverified, with the reason.
        let broken = block_with(7_109_344, |raw| {
            raw["data"]["message"]["body"].as_object_mut().unwrap().remove("bls_to_execution_changes");
        });
        assert!(broken.roots.as_ref().unwrap_err().contains("missing field `bls_to_execution_changes`"));
        assert!(!link_block(&broken, &verified).is_verified());
        assert_eq!(link_block(&block(7_109_344).0, &[]), BlockLink::NoVerifiedHeader);
    }
}
