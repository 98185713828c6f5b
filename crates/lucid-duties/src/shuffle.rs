//! The swap-or-not shuffle and committees (phase0).

use crate::{bytes_to_uint64, sha256, DutiesError, Seed};

/// The most indices the shuffle takes: `uint_to_bytes(uint32(position // 256))` needs the position
/// bucket to fit in a `uint32`.
const MAX_INDEX_COUNT: u64 = 1 << 40;

/// The most indices [`compute_shuffled_permutation`] shuffles at once (64 times mainnet's active
/// validators): it holds them all in memory, and an allocation that fails would abort.
pub const MAX_PERMUTATION_LEN: u64 = 1 << 26;

/// One round of the swap-or-not shuffle of one index, as `compute_shuffled_index` computes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ShuffleRound {
    /// The round, `0..shuffle_round_count`.
    pub round: u8,
    /// The index entering the round.
    pub index: u64,
    /// `bytes_to_uint64(hash(seed + uint_to_bytes(uint8(round)))[0:8]) % index_count`.
    pub pivot: u64,
    /// `(pivot + index_count - index) % index_count`: the index it may swap with.
    pub flip: u64,
    /// `max(index, flip)`: whose bit decides.
    pub position: u64,
    /// `hash(seed + uint_to_bytes(uint8(round)) + uint_to_bytes(uint32(position // 256)))[(position % 256) // 8]`.
    pub source_byte: u8,
    /// `(source_byte >> (position % 8)) % 2`: swap when set.
    pub bit: bool,
    /// The index leaving the round: `flip` if `bit`, else `index`.
    pub next_index: u64,
}

fn check_count(index_count: u64) -> Result<(), DutiesError> {
    if index_count > MAX_INDEX_COUNT {
        return Err(DutiesError::IndexCountTooLarge(index_count));
    }
    Ok(())
}

fn pivot(seed: &Seed, round: u8, index_count: u64) -> u64 {
    bytes_to_uint64(&sha256(&[seed, &[round]])[0..8]) % index_count
}

fn source(seed: &Seed, round: u8, position: u64) -> [u8; 32] {
    // position < index_count <= 2**40, so position / 256 fits in a u32.
    let bucket = u32::try_from(position / 256).unwrap_or(u32::MAX);
    sha256(&[seed, &[round], &bucket.to_le_bytes()])
}

/// One round for `index` (< `index_count` <= 2**40), given the round's pivot.
fn round_of(seed: &Seed, round: u8, index: u64, index_count: u64, pivot: u64) -> ShuffleRound {
    // pivot, index < index_count <= 2**40: no overflow.
    let flip = (pivot + index_count - index) % index_count;
    let position = index.max(flip);
    let source_byte = source(seed, round, position)[((position % 256) / 8) as usize];
    let bit = (source_byte >> (position % 8)) & 1 == 1;
    ShuffleRound { round, index, pivot, flip, position, source_byte, bit, next_index: if bit { flip } else { index } }
}

/// `compute_shuffled_index` (phase0): where the swap-or-not shuffle of `index_count` indices with
/// `seed` sends `index`, in `shuffle_round_count` rounds (`SHUFFLE_ROUND_COUNT`: 90 mainnet, 10 minimal).
pub fn compute_shuffled_index(
    index: u64,
    index_count: u64,
    seed: &Seed,
    shuffle_round_count: u8,
) -> Result<u64, DutiesError> {
    let mut index = index;
    for_each_round(index, index_count, seed, shuffle_round_count, |step| index = step.next_index)?;
    Ok(index)
}

/// The rounds of [`compute_shuffled_index`], in order: the first's `index` is the input, the last's
/// `next_index` the result (no rounds when `shuffle_round_count` is 0).
pub fn shuffle_rounds(
    index: u64,
    index_count: u64,
    seed: &Seed,
    shuffle_round_count: u8,
) -> Result<Vec<ShuffleRound>, DutiesError> {
    let mut rounds = Vec::with_capacity(usize::from(shuffle_round_count));
    for_each_round(index, index_count, seed, shuffle_round_count, |step| rounds.push(step))?;
    Ok(rounds)
}

fn for_each_round(
    index: u64,
    index_count: u64,
    seed: &Seed,
    shuffle_round_count: u8,
    mut f: impl FnMut(ShuffleRound),
) -> Result<(), DutiesError> {
    if index >= index_count {
        return Err(DutiesError::IndexOutOfRange { index, index_count });
    }
    check_count(index_count)?;
    let mut index = index;
    for round in 0..shuffle_round_count {
        let step = round_of(seed, round, index, index_count, pivot(seed, round, index_count));
        index = step.next_index;
        f(step);
    }
    Ok(())
}

/// `compute_shuffled_permutation` (phase0, v1.7): `compute_shuffled_index(i, index_count, seed)` for
/// every `i < index_count`, computed together (one hash per 256 positions per round).
pub fn compute_shuffled_permutation(
    index_count: u64,
    seed: &Seed,
    shuffle_round_count: u8,
) -> Result<Vec<u64>, DutiesError> {
    if index_count > MAX_PERMUTATION_LEN {
        return Err(DutiesError::IndexCountTooLarge(index_count));
    }
    if index_count == 0 {
        // The spec takes `% index_count` in every round.
        return if shuffle_round_count == 0 { Ok(Vec::new()) } else { Err(DutiesError::EmptyIndices) };
    }
    let len = usize::try_from(index_count).map_err(|_| DutiesError::IndexCountTooLarge(index_count))?;
    let mut indices: Vec<u64> = (0..index_count).collect();
    let buckets = len.div_ceil(256);
    for round in 0..shuffle_round_count {
        let pivot = pivot(seed, round, index_count);
        let mut sources: Vec<Option<[u8; 32]>> = vec![None; buckets];
        for index in &mut indices {
            let flip = (pivot + index_count - *index) % index_count;
            let position = (*index).max(flip);
            let bucket = (position / 256) as usize;
            let source = *sources[bucket].get_or_insert_with(|| source(seed, round, position));
            if (source[((position % 256) / 8) as usize] >> (position % 8)) & 1 == 1 {
                *index = flip;
            }
        }
    }
    Ok(indices)
}

/// `compute_committee` (phase0): committee `index` of `count` over `indices` shuffled with `seed`.
///
/// Members are `indices[compute_shuffled_index(i, len(indices), seed)]` for `i` in
/// `len * index // count .. len * (index + 1) // count`, so `index >= count` fails as in the spec
/// (unless that range is empty).
pub fn compute_committee(
    indices: &[u64],
    seed: &Seed,
    index: u64,
    count: u64,
    shuffle_round_count: u8,
) -> Result<Vec<u64>, DutiesError> {
    if count == 0 {
        return Err(DutiesError::ZeroCommitteeCount);
    }
    let len = indices.len() as u64;
    let start = len.checked_mul(index).ok_or(DutiesError::Overflow("len(indices) * index"))? / count;
    let end = index
        .checked_add(1)
        .and_then(|next| len.checked_mul(next))
        .ok_or(DutiesError::Overflow("len(indices) * (index + 1)"))?
        / count;
    (start..end)
        .map(|i| {
            let shuffled = compute_shuffled_index(i, len, seed, shuffle_round_count)?;
            // shuffled < len, so this finds it.
            usize::try_from(shuffled)
                .ok()
                .and_then(|at| indices.get(at).copied())
                .ok_or(DutiesError::IndexOutOfRange { index: shuffled, index_count: len })
        })
        .collect()
}

/// The inverse of [`compute_shuffled_index`]: the `i` with `compute_shuffled_index(i, index_count, seed) ==
/// position`. Each swap-or-not round is its own inverse, so this runs the rounds in reverse order.
pub fn unshuffled_index(
    position: u64,
    index_count: u64,
    seed: &Seed,
    shuffle_round_count: u8,
) -> Result<u64, DutiesError> {
    if position >= index_count {
        return Err(DutiesError::IndexOutOfRange { index: position, index_count });
    }
    check_count(index_count)?;
    let mut index = position;
    for round in (0..shuffle_round_count).rev() {
        index = round_of(seed, round, index, index_count, pivot(seed, round, index_count)).next_index;
    }
    Ok(index)
}

/// `MAX_COMMITTEES_PER_SLOT` (phase0).
pub const MAX_COMMITTEES_PER_SLOT: u64 = 64;
/// `TARGET_COMMITTEE_SIZE` (phase0).
pub const TARGET_COMMITTEE_SIZE: u64 = 128;
/// `SLOTS_PER_EPOCH` (phase0, mainnet preset).
pub const SLOTS_PER_EPOCH: u64 = 32;

/// `get_committee_count_per_slot` (phase0) for `active_count` active validators:
/// `max(1, min(MAX_COMMITTEES_PER_SLOT, active_count // SLOTS_PER_EPOCH // TARGET_COMMITTEE_SIZE))`.
pub fn committee_count_per_slot(active_count: u64) -> u64 {
    (active_count / SLOTS_PER_EPOCH / TARGET_COMMITTEE_SIZE).clamp(1, MAX_COMMITTEES_PER_SLOT)
}

/// Where one active validator attests in an epoch (the validator guide's `get_committee_assignment`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Assignment {
    /// Its place in the shuffled order: `compute_shuffled_index(shuffled_at, …)` is its position in
    /// the active list.
    pub shuffled_at: u64,
    /// The slot of the epoch, `0..SLOTS_PER_EPOCH`.
    pub slot_in_epoch: u64,
    /// The committee index within that slot.
    pub committee_index: u64,
    /// `get_committee_count_per_slot`.
    pub committees_per_slot: u64,
    /// How many validators that committee has.
    pub committee_len: u64,
    /// Its place in the committee.
    pub index_in_committee: u64,
}

/// The committee of the validator at `position` in the list of `active_count` active validators, for
/// the epoch whose attester seed is `seed` (`get_beacon_committee` over every slot and committee index
/// of the epoch, found directly through [`unshuffled_index`]).
pub fn committee_assignment(
    position: u64,
    active_count: u64,
    seed: &Seed,
    shuffle_round_count: u8,
) -> Result<Assignment, DutiesError> {
    let shuffled_at = unshuffled_index(position, active_count, seed, shuffle_round_count)?;
    let committees_per_slot = committee_count_per_slot(active_count);
    let count = committees_per_slot * SLOTS_PER_EPOCH;
    // Committee k holds shuffled places [n·k/count, n·(k+1)/count); u128 keeps n·k exact.
    let (n, c) = (u128::from(active_count), u128::from(count));
    let start = |k: u128| (n * k / c) as u64;
    let mut k = u128::from(shuffled_at) * c / n;
    while k > 0 && start(k) > shuffled_at {
        k -= 1;
    }
    while start(k + 1) <= shuffled_at {
        k += 1;
    }
    let k64 = k as u64;
    Ok(Assignment {
        shuffled_at,
        slot_in_epoch: k64 / committees_per_slot,
        committee_index: k64 % committees_per_slot,
        committees_per_slot,
        committee_len: start(k + 1) - start(k),
        index_in_committee: shuffled_at - start(k),
    })
}
