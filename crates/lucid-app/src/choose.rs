//! Who is chosen, computed in the worker (the page runs no hashing): the attester seed from a RANDAO
//! mix, every round of the swap-or-not shuffle of one index on a small list, and, for a list of
//! active validators of a chosen size, where one of them attests and who proposes the epoch's first
//! slot. The spec's functions are `lucid_duties`'.

use lucid_core::primitives::{parse_root, root_bytes, to_hex};
use lucid_duties::{
    committee_assignment, compute_proposer_index, compute_seed, compute_shuffled_permutation, compute_slot_seed,
    shuffle_rounds, Assignment, ShuffleRound, DOMAIN_BEACON_ATTESTER, DOMAIN_BEACON_PROPOSER, SLOTS_PER_EPOCH,
};
use serde::{Deserialize, Serialize};

/// `SHUFFLE_ROUND_COUNT` of the mainnet preset.
pub const ROUNDS: u8 = 90;
/// The longest small list the round-by-round view shuffles.
pub const MAX_SMALL: u64 = 64;
/// The most active validators the view accepts (its proposer draw holds a balance per validator).
pub const MAX_ACTIVE: u64 = 4_000_000;

/// What the view asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChooseQuery {
    /// The RANDAO mix (`0x` + 32 bytes) that `get_seed` reads for `epoch`.
    pub mix: String,
    pub epoch: u64,
    /// The small list's length and the index followed through its rounds.
    pub small: u64,
    pub index: u64,
    /// The number of active validators, and the list position of the validator to place.
    pub active: u64,
    pub position: u64,
    /// The effective balance every candidate is given for the proposer draw, in ETH.
    pub balance_eth: u64,
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chosen {
    pub query: ChooseQuery,
    /// `get_seed(state, epoch, DOMAIN_BEACON_ATTESTER)`.
    pub seed: String,
    /// The rounds of `compute_shuffled_index(index, small, seed)`.
    pub rounds: Vec<ShuffleRound>,
    /// `compute_shuffled_index(i, small, seed)` for every `i` of the small list.
    pub permutation: Vec<u64>,
    /// Where the validator at `query.position` attests (slot within `query.epoch`).
    pub place: Assignment,
    /// The first slot of the epoch, its proposer's list position, and how many candidates the
    /// balance test saw.
    pub proposer_slot: u64,
    pub proposer_position: u64,
    pub candidates_tried: u64,
}

/// Compute everything `q` asks, or say which input is unusable.
pub fn choose(q: &ChooseQuery) -> Result<Chosen, String> {
    let mix = parse_root(&q.mix)
        .map(|r| root_bytes(&r))
        .ok_or_else(|| format!("the RANDAO mix {:?} is not 0x + 32 bytes", q.mix))?;
    if !(1..=MAX_SMALL).contains(&q.small) {
        return Err(format!("the small list must have 1 to {MAX_SMALL} entries"));
    }
    if !(1..=2048).contains(&q.balance_eth) {
        return Err("the candidates' effective balance must be 1 to 2048 ETH".into());
    }
    if !(1..=MAX_ACTIVE).contains(&q.active) {
        return Err(format!("the active validator count must be 1 to {MAX_ACTIVE}"));
    }
    let seed = compute_seed(&DOMAIN_BEACON_ATTESTER, q.epoch, &mix);
    let err = |e: lucid_duties::DutiesError| e.to_string();
    let rounds = shuffle_rounds(q.index, q.small, &seed, ROUNDS).map_err(err)?;
    let permutation = compute_shuffled_permutation(q.small, &seed, ROUNDS).map_err(err)?;
    let place = committee_assignment(q.position, q.active, &seed, ROUNDS).map_err(err)?;
    let proposer_slot = q.epoch.checked_mul(SLOTS_PER_EPOCH).ok_or("the epoch is too large")?;
    let proposer_seed = compute_slot_seed(&compute_seed(&DOMAIN_BEACON_PROPOSER, q.epoch, &mix), proposer_slot);
    let indices: Vec<u64> = (0..q.active).collect();
    let balances = vec![q.balance_eth.saturating_mul(1_000_000_000); indices.len()];
    let drawn = compute_proposer_index(&indices, &balances, &proposer_seed, ROUNDS).map_err(err)?;
    Ok(Chosen {
        query: q.clone(),
        seed: to_hex(&seed),
        rounds,
        permutation,
        place,
        proposer_slot,
        proposer_position: drawn.proposer_index,
        candidates_tried: drawn.candidates_tried,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query() -> ChooseQuery {
        ChooseQuery {
            mix: format!("0x{}", "ab".repeat(32)),
            epoch: 222_168,
            small: 16,
            index: 3,
            active: 10_000,
            position: 1234,
            balance_eth: 32,
        }
    }

    #[test]
    fn rounds_end_where_the_permutation_says() {
        let c = choose(&query()).unwrap();
        assert_eq!(c.rounds.len(), usize::from(ROUNDS));
        assert_eq!(c.rounds.last().unwrap().next_index, c.permutation[3]);
        assert!(c.place.slot_in_epoch < 32);
        assert!(c.place.index_in_committee < c.place.committee_len);
        assert!(c.proposer_position < 10_000 && c.candidates_tried >= 1);
    }

    #[test]
    fn unusable_inputs_are_named() {
        let bad = |edit: fn(&mut ChooseQuery)| {
            let mut q = query();
            edit(&mut q);
            choose(&q).unwrap_err()
        };
        assert!(bad(|q| q.mix = "0x12".into()).contains("RANDAO mix"));
        assert!(bad(|q| q.small = 0).contains("small list"));
        assert!(bad(|q| q.index = 16).contains("index"));
        assert!(bad(|q| q.active = MAX_ACTIVE + 1).contains("active"));
        assert!(bad(|q| q.position = 10_000).contains("index"));
        assert!(bad(|q| q.epoch = u64::MAX).contains("epoch"));
        assert!(bad(|q| q.balance_eth = 0).contains("balance"));
    }
}
