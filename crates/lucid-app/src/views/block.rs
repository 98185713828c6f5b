//! A shipped `SignedBeaconBlock` (Beacon-API JSON), summarised for the block view: its header
//! fields, attestations with their aggregation bits and checkpoints, and its sync aggregate; and
//! the honest comparison of the block with a header the core verified.
//!
//! A light client never checks the block itself: the summary is data as reported by the file.
//! What can be tied to the verified chain is the header: a block whose slot, proposer, parent root
//! and state root equal a verified header's is that header's block *unless* its body differs, and
//! the body root is not recomputed here (that needs the full block types).

use serde::{Deserialize, Serialize};

use super::chain::{bitlist_from_hex, bitvector_from_hex};

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
    pub attestations: Vec<AttestationSummary>,
    /// The block's own sync aggregate (it signs the *parent* block).
    pub sync_bits: Vec<bool>,
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
}

fn num(field: &str, s: &str) -> Result<u64, String> {
    s.parse().map_err(|_| format!("{field}: {s:?} is not a decimal uint64"))
}

fn checkpoint(field: &str, c: &RawCheckpoint) -> Result<Checkpoint, String> {
    Ok(Checkpoint { epoch: num(field, &c.epoch)?, root: c.root.clone() })
}

/// Graffiti bytes as text where printable, trailing zeros dropped.
fn graffiti_text(hex: &str) -> String {
    let bytes = super::chain::decode_hex(hex).unwrap_or_default();
    let end = bytes.iter().rposition(|b| *b != 0).map_or(0, |i| i + 1);
    bytes[..end].iter().map(|b| if (0x20..0x7f).contains(b) { *b as char } else { '·' }).collect()
}

/// Parse a Beacon-API `SignedBeaconBlock` (`{version, data: {message, signature}}`).
pub fn parse_block(json: &[u8], sync_committee_size: usize) -> Result<BlockSummary, String> {
    let env: Envelope = serde_json::from_slice(json).map_err(|e| format!("block JSON: {e}"))?;
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
                bits: bitlist_from_hex(&a.aggregation_bits).ok_or(format!("attestations[{i}].aggregation_bits is not an SSZ bitlist"))?,
                beacon_block_root: a.data.beacon_block_root.clone(),
                source: checkpoint("source epoch", &a.data.source)?,
                target: checkpoint("target epoch", &a.data.target)?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let (execution_block_number, execution_block_hash) = match &m.body.execution_payload {
        Some(p) => (num("block_number", &p.block_number)?, p.block_hash.clone()),
        None => (0, String::new()),
    };
    Ok(BlockSummary {
        fork: env.version,
        slot: num("slot", &m.slot)?,
        proposer_index: num("proposer_index", &m.proposer_index)?,
        parent_root: m.parent_root,
        state_root: m.state_root,
        graffiti: graffiti_text(&m.body.graffiti),
        execution_block_number,
        execution_block_hash,
        attestations,
        sync_bits: bitvector_from_hex(&m.body.sync_aggregate.sync_committee_bits, sync_committee_size)
            .ok_or("sync_committee_bits is not a bitvector of the committee's size")?,
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
                None => links.push(CheckpointLink { source: a.source.clone(), target: a.target.clone(), attestations: 1, votes: a.participants() }),
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

/// Header fields of a header the core verified (through a sync-committee signature over its root).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifiedHeader {
    pub slot: u64,
    pub proposer_index: u64,
    pub parent_root: String,
    pub state_root: String,
    pub body_root: String,
    /// `hash_tree_root` of the header.
    pub root: String,
    pub execution_block_hash: String,
    /// Why it counts as verified (e.g. "attested header of finality.json, signed by 512/512").
    pub how: String,
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
    /// Every compared field equals the verified header at the block's slot; the body root was not
    /// recomputed, so the body is only as trustworthy as the file.
    MatchedOnHeaderFields { header: VerifiedHeader, fields: Vec<FieldMatch> },
    /// A verified header exists at this slot but some field differs: not this chain's block.
    Mismatch { header: VerifiedHeader, fields: Vec<FieldMatch> },
    /// No verified header at this slot (its parent may still be linked, see [`parent_link`]).
    NoVerifiedHeader,
}

/// Compare `block` with the verified header of the same slot, field by field.
pub fn link_block(block: &BlockSummary, verified: &[VerifiedHeader]) -> BlockLink {
    let Some(h) = verified.iter().find(|h| h.slot == block.slot) else {
        return BlockLink::NoVerifiedHeader;
    };
    let fields = vec![
        FieldMatch { field: "slot", block: block.slot.to_string(), header: h.slot.to_string() },
        FieldMatch { field: "proposer_index", block: block.proposer_index.to_string(), header: h.proposer_index.to_string() },
        FieldMatch { field: "parent_root", block: block.parent_root.clone(), header: h.parent_root.clone() },
        FieldMatch { field: "state_root", block: block.state_root.clone(), header: h.state_root.clone() },
        FieldMatch { field: "execution block_hash", block: block.execution_block_hash.clone(), header: h.execution_block_hash.clone() },
    ];
    if fields.iter().all(FieldMatch::equal) {
        BlockLink::MatchedOnHeaderFields { header: h.clone(), fields }
    } else {
        BlockLink::Mismatch { header: h.clone(), fields }
    }
}

/// The verified header whose root is this block's `parent_root`, if any.
pub fn parent_link<'a>(block: &BlockSummary, verified: &'a [VerifiedHeader]) -> Option<&'a VerifiedHeader> {
    verified.iter().find(|h| h.root == block.parent_root)
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
                let ones: u32 = super::super::chain::decode_hex(hex).unwrap().iter().map(|x| x.count_ones()).sum();
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

    #[test]
    fn a_block_links_only_on_equal_header_fields() {
        let (b, _) = block(7_109_430);
        let header = VerifiedHeader {
            slot: 7_109_430,
            proposer_index: 725_978,
            parent_root: "0x20ad70e3e61e94e9789107b94b352cf79260a8b354a5267da1fdc291714aeb29".into(),
            state_root: "0x105af543ed1544e69047ebe83ed9ceb62c4e773ea9b360157563675c795ff24f".into(),
            body_root: "0x5ffadfaa27116ebd4407184da4ce15c918c106469666681f39543193d32c6252".into(),
            root: "0xe1046bffcbea37a18be60692416aa8c107fdc59df597cb3db795ef13da40008b".into(),
            execution_block_hash: b.execution_block_hash.clone(),
            how: "test".into(),
        };
        assert!(matches!(link_block(&b, std::slice::from_ref(&header)), BlockLink::MatchedOnHeaderFields { .. }));
        let mut other = header.clone();
        other.state_root = "0x00".into();
        assert!(matches!(link_block(&b, &[other]), BlockLink::Mismatch { .. }));
        assert_eq!(link_block(&b, &[]), BlockLink::NoVerifiedHeader);
        let (child, _) = block(7_109_431);
        assert_eq!(parent_link(&child, std::slice::from_ref(&header)).map(|h| h.slot), Some(7_109_430));
    }
}
