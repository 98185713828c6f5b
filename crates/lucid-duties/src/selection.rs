//! Seeds, aggregators, and the balance-weighted choice of proposers and sync committees (Electra) and
//! of the payload-timeliness committee (Gloas).

use crate::shuffle::compute_shuffled_index;
use crate::{
    bytes_to_uint64, sha256, DomainType, DutiesError, Preset, Seed, SignatureBytes, MAX_EFFECTIVE_BALANCE_ELECTRA,
    MAX_RANDOM_VALUE, TARGET_AGGREGATORS_PER_COMMITTEE,
};

/// How many tries in a row a balance-weighted choice makes without accepting anyone before it gives up
/// with [`DutiesError::SelectionExhausted`]. Each try accepts with chance at least `1 / 65536` (a random
/// value of 0 accepts any balance), so reaching this means about `e**-1024`.
const MAX_TRIES_WITHOUT_PICK: u64 = 1 << 26;

/// `is_active_validator` (phase0): `activation_epoch <= epoch < exit_epoch`.
pub fn is_active_validator(activation_epoch: u64, exit_epoch: u64, epoch: u64) -> bool {
    activation_epoch <= epoch && epoch < exit_epoch
}

/// The hash of `get_seed` (phase0): `hash(domain_type + uint_to_bytes(epoch) + mix)`, where `mix` is
/// `get_randao_mix(state, epoch + EPOCHS_PER_HISTORICAL_VECTOR - MIN_SEED_LOOKAHEAD - 1)`.
pub fn compute_seed(domain_type: &DomainType, epoch: u64, randao_mix: &[u8; 32]) -> Seed {
    sha256(&[domain_type, &epoch.to_le_bytes(), randao_mix])
}

/// A slot's seed from an epoch's: `hash(epoch_seed + uint_to_bytes(slot))`. The proposer's
/// (`get_beacon_proposer_index`, phase0: `epoch_seed = get_seed(state, epoch, DOMAIN_BEACON_PROPOSER)`)
/// and the payload-timeliness committee's (`compute_ptc`, Gloas: `get_seed(state, epoch, DOMAIN_PTC_ATTESTER)`).
pub fn compute_slot_seed(epoch_seed: &Seed, slot: u64) -> Seed {
    sha256(&[epoch_seed, &slot.to_le_bytes()])
}

/// The modulo of `is_aggregator` (phase0 validator guide): `max(1, committee_len // 16)`.
pub fn aggregator_modulo(committee_len: u64) -> u64 {
    (committee_len / TARGET_AGGREGATORS_PER_COMMITTEE).max(1)
}

/// `is_aggregator` (phase0 validator guide), given the committee's length:
/// `bytes_to_uint64(hash(slot_signature)[0:8]) % max(1, len(committee) // TARGET_AGGREGATORS_PER_COMMITTEE) == 0`.
pub fn is_aggregator(committee_len: u64, slot_signature: &SignatureBytes) -> bool {
    bytes_to_uint64(&sha256(&[slot_signature])[0..8]) % aggregator_modulo(committee_len) == 0
}

/// The `random_value` of try `i` of Electra's balance-weighted choice (0 to `MAX_RANDOM_VALUE`):
/// `bytes_to_uint64(hash(seed + uint_to_bytes(i // 16))[i % 16 * 2 : i % 16 * 2 + 2])`.
pub fn sample_random_value(seed: &Seed, i: u64) -> u64 {
    let offset = (i % 16 * 2) as usize;
    bytes_to_uint64(&sha256(&[seed, &(i / 16).to_le_bytes()])[offset..offset + 2])
}

/// The result of [`compute_proposer_index`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProposerSelection {
    /// The chosen validator index.
    pub proposer_index: u64,
    /// How many candidates the loop looked at, the chosen one included (its `i + 1`).
    pub candidates_tried: u64,
}

/// The loop shared by `compute_proposer_index` (Electra) and `compute_balance_weighted_selection` (Gloas).
struct WeightedSampler<'a> {
    indices: &'a [u64],
    effective_balances: &'a [u64],
    seed: &'a Seed,
    /// `None`: candidates in list order (`shuffle_indices=False`); else the shuffle's round count.
    shuffle_round_count: Option<u8>,
    total: u64,
    max_balance: u64,
    random_block: Option<(u64, [u8; 32])>,
}

impl<'a> WeightedSampler<'a> {
    fn new(
        indices: &'a [u64],
        effective_balances: &'a [u64],
        seed: &'a Seed,
        shuffle_round_count: Option<u8>,
    ) -> Result<Self, DutiesError> {
        if indices.is_empty() {
            return Err(DutiesError::EmptyIndices);
        }
        let mut max_balance = 0;
        for &index in indices {
            max_balance = max_balance.max(balance_of(effective_balances, index)?);
        }
        Ok(Self {
            indices,
            effective_balances,
            seed,
            shuffle_round_count,
            total: indices.len() as u64,
            max_balance,
            random_block: None,
        })
    }

    fn random_value(&mut self, i: u64) -> u64 {
        let block = i / 16;
        let bytes = match self.random_block {
            Some((cached, bytes)) if cached == block => bytes,
            _ => {
                let bytes = sha256(&[self.seed, &block.to_le_bytes()]);
                self.random_block = Some((block, bytes));
                bytes
            }
        };
        let offset = (i % 16 * 2) as usize;
        bytes_to_uint64(&bytes[offset..offset + 2])
    }

    /// Try `i`: the candidate if accepted.
    fn try_candidate(&mut self, i: u64) -> Result<Option<u64>, DutiesError> {
        let random_value = self.random_value(i);
        // At most 2048e9 * 65535, no overflow.
        let threshold = MAX_EFFECTIVE_BALANCE_ELECTRA * random_value;
        // Not even the largest balance passes: skip the shuffle (the spec's answer is the same).
        if u128::from(self.max_balance) * u128::from(MAX_RANDOM_VALUE) < u128::from(threshold) {
            return Ok(None);
        }
        let shuffled = match self.shuffle_round_count {
            Some(rounds) => compute_shuffled_index(i % self.total, self.total, self.seed, rounds)?,
            None => i % self.total,
        };
        let candidate = usize::try_from(shuffled)
            .ok()
            .and_then(|at| self.indices.get(at).copied())
            .ok_or(DutiesError::IndexOutOfRange { index: shuffled, index_count: self.total })?;
        let weighted = balance_of(self.effective_balances, candidate)?
            .checked_mul(MAX_RANDOM_VALUE)
            .ok_or(DutiesError::Overflow("effective_balance * MAX_RANDOM_VALUE"))?;
        Ok((weighted >= threshold).then_some(candidate))
    }
}

fn balance_of(effective_balances: &[u64], index: u64) -> Result<u64, DutiesError> {
    usize::try_from(index)
        .ok()
        .and_then(|at| effective_balances.get(at).copied())
        .ok_or(DutiesError::UnknownValidator { index, registry_len: effective_balances.len() as u64 })
}

/// `compute_proposer_index` (Electra): from `indices` (the active validator indices), a validator sampled
/// by effective balance. `effective_balances[v]` is validator `v`'s effective balance in Gwei (the
/// registry's, indexed by validator index); `seed` is the slot's proposer seed ([`compute_slot_seed`]).
///
/// Every index in `indices` must have a balance, or this fails with [`DutiesError::UnknownValidator`]
/// (checked before the loop, not only for the candidates it reaches).
pub fn compute_proposer_index(
    indices: &[u64],
    effective_balances: &[u64],
    seed: &Seed,
    shuffle_round_count: u8,
) -> Result<ProposerSelection, DutiesError> {
    let mut sampler = WeightedSampler::new(indices, effective_balances, seed, Some(shuffle_round_count))?;
    for i in 0..MAX_TRIES_WITHOUT_PICK {
        if let Some(proposer_index) = sampler.try_candidate(i)? {
            return Ok(ProposerSelection { proposer_index, candidates_tried: i + 1 });
        }
    }
    Err(DutiesError::SelectionExhausted(MAX_TRIES_WITHOUT_PICK))
}

/// `compute_balance_weighted_selection` (Gloas): `size` indices, with possible repeats, sampled by
/// effective balance from `indices`: candidate `i` is `indices[compute_shuffled_index(i % n, n, seed)]`
/// when `shuffle_round_count` is given (`shuffle_indices=True`), else `indices[i % n]`.
/// `effective_balances` is indexed by validator index as in [`compute_proposer_index`].
pub fn compute_balance_weighted_selection(
    indices: &[u64],
    effective_balances: &[u64],
    seed: &Seed,
    size: u64,
    shuffle_round_count: Option<u8>,
) -> Result<Vec<u64>, DutiesError> {
    let mut sampler = WeightedSampler::new(indices, effective_balances, seed, shuffle_round_count)?;
    let size = usize::try_from(size).map_err(|_| DutiesError::Overflow("size"))?;
    let mut chosen = Vec::with_capacity(size.min(1 << 12));
    let mut i: u64 = 0;
    let mut since_pick: u64 = 0;
    while chosen.len() < size {
        if since_pick == MAX_TRIES_WITHOUT_PICK {
            return Err(DutiesError::SelectionExhausted(MAX_TRIES_WITHOUT_PICK));
        }
        if let Some(candidate) = sampler.try_candidate(i)? {
            chosen.push(candidate);
            since_pick = 0;
        } else {
            since_pick += 1;
        }
        i = i.checked_add(1).ok_or(DutiesError::Overflow("i"))?;
    }
    Ok(chosen)
}

/// `get_next_sync_committee_indices` (Electra, and Gloas's form of it): `preset.sync_committee_size`
/// validator indices, with possible repeats, sampled by effective balance from `active_indices` (the
/// active validators of the next epoch), shuffled. `seed` is `get_seed(state, next_epoch,
/// DOMAIN_SYNC_COMMITTEE)` ([`compute_seed`]).
pub fn get_next_sync_committee_indices(
    active_indices: &[u64],
    effective_balances: &[u64],
    seed: &Seed,
    preset: &Preset,
) -> Result<Vec<u64>, DutiesError> {
    compute_balance_weighted_selection(
        active_indices,
        effective_balances,
        seed,
        preset.sync_committee_size,
        Some(preset.shuffle_round_count),
    )
}

/// `compute_ptc` (Gloas): the slot's payload-timeliness committee, `preset.ptc_size` indices with
/// possible repeats, sampled by effective balance from `slot_members` (the slot's beacon committees
/// concatenated in committee-index order) in that order, not shuffled. `seed` is
/// `compute_slot_seed(get_seed(state, epoch, DOMAIN_PTC_ATTESTER), slot)`.
pub fn compute_ptc(
    slot_members: &[u64],
    effective_balances: &[u64],
    seed: &Seed,
    preset: &Preset,
) -> Result<Vec<u64>, DutiesError> {
    compute_balance_weighted_selection(slot_members, effective_balances, seed, preset.ptc_size, None)
}
