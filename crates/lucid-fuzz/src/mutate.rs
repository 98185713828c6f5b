//! Mutators: byte-level edits for any input, SSZ-aware edits of offsets and integers, and
//! JSON-aware edits of the parsed object. Every choice comes from the caller's seeded PRNG, so a
//! run is reproducible from its `--seed`.

use fastrand::Rng;
use serde_json::Value;

use crate::seeds::Encoding;

/// The mutations, named for the statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mutation {
    FlipBit,
    SetByte,
    InsertRun,
    DeleteRun,
    Splice,
    Truncate,
    Extend,
    HexDigit,
    SszOffset,
    SszInteger,
    SszResize,
    JsonDelete,
    JsonNull,
    JsonNumber,
    JsonHugeDecimal,
    JsonNegative,
    JsonEmptyHex,
    JsonOddHex,
    JsonHexLength,
    JsonLongArray,
    JsonVersion,
    JsonBranchLength,
    JsonWrongType,
    JsonIntegerNudge,
}

impl Mutation {
    /// A short name for the statistics.
    pub fn name(self) -> &'static str {
        use Mutation::*;
        match self {
            FlipBit => "flip_bit",
            SetByte => "set_byte",
            InsertRun => "insert_run",
            DeleteRun => "delete_run",
            Splice => "splice",
            Truncate => "truncate",
            Extend => "extend",
            HexDigit => "hex_digit",
            SszOffset => "ssz_offset",
            SszInteger => "ssz_integer",
            SszResize => "ssz_resize",
            JsonDelete => "json_delete",
            JsonNull => "json_null",
            JsonNumber => "json_number",
            JsonHugeDecimal => "json_huge_decimal",
            JsonNegative => "json_negative",
            JsonEmptyHex => "json_empty_hex",
            JsonOddHex => "json_odd_hex",
            JsonHexLength => "json_hex_length",
            JsonLongArray => "json_long_array",
            JsonVersion => "json_version",
            JsonBranchLength => "json_branch_length",
            JsonWrongType => "json_wrong_type",
            JsonIntegerNudge => "json_integer_nudge",
        }
    }
}

/// The largest input a mutation may produce (a mainnet update is about 60 KiB of JSON): inputs
/// grow by repeated insertions, splices and long arrays, and memory must stay bounded.
pub const MAX_INPUT: usize = 1 << 20;

/// Apply one mutation to `input`, chosen to suit `encoding`. `donor` is another input, for splices.
/// Returns the mutation applied. The result is never longer than [`MAX_INPUT`].
pub fn mutate(rng: &mut Rng, input: &mut Vec<u8>, encoding: Encoding, donor: &[u8]) -> Mutation {
    let structured = match encoding {
        Encoding::Ssz if rng.u8(..100) < 40 => ssz_edit(rng, input),
        Encoding::Json if rng.u8(..100) < 60 => json_edit(rng, input),
        _ => None,
    };
    let mutation = structured.unwrap_or_else(|| byte_edit(rng, input, encoding, donor));
    input.truncate(MAX_INPUT);
    mutation
}

/// Byte values at the edges of signed and unsigned ranges.
const INTERESTING_BYTES: [u8; 6] = [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff];

/// A run length: mostly short, sometimes long.
fn run_length(rng: &mut Rng) -> usize {
    match rng.u8(..10) {
        0 => rng.usize(64..=4096),
        1..=3 => rng.usize(4..64),
        _ => rng.usize(1..4),
    }
}

fn byte_edit(rng: &mut Rng, input: &mut Vec<u8>, encoding: Encoding, donor: &[u8]) -> Mutation {
    if input.is_empty() {
        input.extend((0..run_length(rng)).map(|_| rng.u8(..)));
        return Mutation::Extend;
    }
    let len = input.len();
    // Edits that keep the length (and, for hex digits, the JSON) well-formed are favoured: they
    // get past the decoders to the checks behind them.
    match rng.u8(..100) {
        0..=24 => {
            let i = rng.usize(..len);
            input[i] ^= 1 << rng.u8(..8);
            Mutation::FlipBit
        }
        25..=44 => {
            let i = rng.usize(..len);
            input[i] = if rng.bool() { INTERESTING_BYTES[rng.usize(..INTERESTING_BYTES.len())] } else { rng.u8(..) };
            Mutation::SetByte
        }
        45..=52 => {
            let at = rng.usize(..=len);
            let n = run_length(rng);
            let fill = rng.u8(..);
            let run: Vec<u8> = if rng.bool() { vec![fill; n] } else { (0..n).map(|_| rng.u8(..)).collect() };
            input.splice(at..at, run);
            Mutation::InsertRun
        }
        53..=60 => {
            let at = rng.usize(..len);
            let n = run_length(rng).min(len - at);
            input.drain(at..at + n);
            Mutation::DeleteRun
        }
        61..=67 if !donor.is_empty() => {
            let cut = rng.usize(..=len);
            let from = rng.usize(..donor.len());
            input.truncate(cut);
            input.extend_from_slice(&donor[from..]);
            Mutation::Splice
        }
        68..=74 => {
            input.truncate(rng.usize(..len));
            Mutation::Truncate
        }
        75..=81 => {
            let n = run_length(rng);
            if rng.bool() {
                input.extend((0..n).map(|_| rng.u8(..)));
            } else {
                let start = len - n.min(len);
                let tail = input[start..].to_vec();
                input.extend_from_slice(&tail);
            }
            Mutation::Extend
        }
        82..=99 if encoding == Encoding::Json => hex_digit(rng, input).unwrap_or_else(|| {
            input[rng.usize(..len)] ^= 1;
            Mutation::FlipBit
        }),
        _ => {
            let i = rng.usize(..len);
            input[i] ^= 1 << rng.u8(..8);
            Mutation::FlipBit
        }
    }
}

/// Replace one hex digit of a JSON text with another: the JSON stays well-formed, so the edit
/// reaches the checks behind the parser (roots, keys, signatures, bits).
fn hex_digit(rng: &mut Rng, input: &mut [u8]) -> Option<Mutation> {
    for _ in 0..16 {
        let i = rng.usize(..input.len());
        if input[i].is_ascii_hexdigit() && i > 0 && input[i - 1] != b'"' {
            let digits = b"0123456789abcdef";
            input[i] = digits[rng.usize(..16)];
            return Some(Mutation::HexDigit);
        }
    }
    None
}

/// Aligned positions holding a little-endian `u32` that could be an SSZ offset: it points forward,
/// inside the input. Offsets of every container here are 4-aligned; random key or root bytes
/// pass this test rarely (about once in 170,000 positions of a mainnet update).
fn offset_candidates(input: &[u8]) -> Vec<usize> {
    (0..input.len().saturating_sub(3))
        .step_by(4)
        .filter(|&p| {
            let v = u32::from_le_bytes([input[p], input[p + 1], input[p + 2], input[p + 3]]) as usize;
            v >= p + 4 && v <= input.len()
        })
        .collect()
}

fn ssz_edit(rng: &mut Rng, input: &mut Vec<u8>) -> Option<Mutation> {
    let len = input.len();
    match rng.u8(..3) {
        0 => {
            let candidates = offset_candidates(input);
            let p = *candidates.get(rng.usize(..candidates.len().max(1)))?;
            let old = u32::from_le_bytes([input[p], input[p + 1], input[p + 2], input[p + 3]]);
            let len32 = u32::try_from(len).unwrap_or(u32::MAX);
            let choices = [
                0,
                1,
                4,
                old.wrapping_sub(1),
                old.wrapping_add(1),
                old.wrapping_sub(4),
                old.wrapping_add(4),
                len32.wrapping_sub(1),
                len32,
                len32.wrapping_add(1),
                u32::MAX,
                u32::MAX - 3,
                0x8000_0000,
                rng.u32(..=len32),
            ];
            let new = choices[rng.usize(..choices.len())];
            input[p..p + 4].copy_from_slice(&new.to_le_bytes());
            Some(Mutation::SszOffset)
        }
        1 if len >= 8 => {
            // Slots, indices and every other uint64 sit at 8-byte boundaries of fixed parts.
            let p = rng.usize(..=(len - 8) / 8) * 8;
            let old = u64::from_le_bytes(input[p..p + 8].try_into().ok()?);
            let choices =
                [0, 1, u64::MAX, u64::MAX - 1, 1 << 32, old.wrapping_add(1), old.wrapping_sub(1), old.wrapping_mul(2)];
            let new = choices[rng.usize(..choices.len())];
            input[p..p + 8].copy_from_slice(&new.to_le_bytes());
            Some(Mutation::SszInteger)
        }
        _ => {
            // Grow or shrink the variable-size part an offset points at, leaving the offsets as
            // they are: the lengths they imply change.
            let candidates = offset_candidates(input);
            let p = *candidates.get(rng.usize(..candidates.len().max(1)))?;
            let at = u32::from_le_bytes([input[p], input[p + 1], input[p + 2], input[p + 3]]) as usize;
            let n = rng.usize(1..=40);
            if rng.bool() {
                input.splice(at..at, std::iter::repeat_n(rng.u8(..), n));
            } else {
                input.drain(at..(at + n).min(len));
            }
            Some(Mutation::SszResize)
        }
    }
}

/// A step of a path into a JSON value.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// Every path in `value`, parents before children; `named` keeps only object members (not the
/// elements of arrays), which are rarer and usually the more interesting fields.
fn paths(value: &Value, prefix: &mut Vec<Step>, named: bool, out: &mut Vec<Vec<Step>>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                prefix.push(Step::Key(k.clone()));
                out.push(prefix.clone());
                paths(v, prefix, named, out);
                prefix.pop();
            }
        }
        Value::Array(items) if !named => {
            for (i, v) in items.iter().enumerate() {
                prefix.push(Step::Index(i));
                out.push(prefix.clone());
                paths(v, prefix, named, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn get_mut<'a>(value: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, step| match step {
        Step::Key(k) => v.get_mut(k.as_str()),
        Step::Index(i) => v.get_mut(*i),
    })
}

/// Remove the node at `path` from its parent.
fn remove(value: &mut Value, path: &[Step]) -> Option<()> {
    let (last, parent) = path.split_last()?;
    match (get_mut(value, parent)?, last) {
        (Value::Object(map), Step::Key(k)) => map.remove(k).map(|_| ()),
        (Value::Array(items), Step::Index(i)) if *i < items.len() => {
            items.remove(*i);
            Some(())
        }
        _ => None,
    }
}

const FORK_NAMES: [&str; 12] =
    ["phase0", "altair", "bellatrix", "capella", "deneb", "electra", "fulu", "gloas", "Capella", "", "deneb ", "heze"];

const HUGE_DECIMALS: [&str; 5] = [
    "18446744073709551616",
    "18446744073709551615",
    "340282366920938463463374607431768211456",
    "115792089237316195423570985008687907853269984665640564039457584007913129639936",
    "100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
];

fn json_edit(rng: &mut Rng, input: &mut Vec<u8>) -> Option<Mutation> {
    let mut value: Value = serde_json::from_slice(input).ok()?;
    let mut all = Vec::new();
    paths(&value, &mut Vec::new(), rng.bool(), &mut all);
    let path = all.get(rng.usize(..all.len().max(1)))?.clone();
    let mutation = match rng.u8(..13) {
        0 => {
            remove(&mut value, &path)?;
            Mutation::JsonDelete
        }
        1 => {
            *get_mut(&mut value, &path)? = Value::Null;
            Mutation::JsonNull
        }
        2 => {
            let numbers =
                [Value::from(0), Value::from(u64::MAX), Value::from(-1), Value::from(1.5), Value::from(rng.u64(..))];
            *get_mut(&mut value, &path)? = numbers[rng.usize(..numbers.len())].clone();
            Mutation::JsonNumber
        }
        3 => {
            *get_mut(&mut value, &path)? = Value::from(HUGE_DECIMALS[rng.usize(..HUGE_DECIMALS.len())]);
            Mutation::JsonHugeDecimal
        }
        4 => {
            *get_mut(&mut value, &path)? = Value::from(["-1", "-0", "-18446744073709551615"][rng.usize(..3)]);
            Mutation::JsonNegative
        }
        5 => {
            *get_mut(&mut value, &path)? = Value::from(["0x", "0X", "0x0", "", "0xzz"][rng.usize(..5)]);
            Mutation::JsonEmptyHex
        }
        6 => {
            let node = get_mut(&mut value, &path)?;
            let text = node.as_str().filter(|s| s.starts_with("0x") && s.len() > 2)?.to_string();
            *node = Value::from(if rng.bool() { text[..text.len() - 1].to_string() } else { format!("{text}0") });
            Mutation::JsonOddHex
        }
        7 => {
            let node = get_mut(&mut value, &path)?;
            let text = node.as_str().filter(|s| s.starts_with("0x") && s.len() >= 4)?.to_string();
            *node = Value::from(if rng.bool() { text[..text.len() - 2].to_string() } else { format!("{text}00") });
            Mutation::JsonHexLength
        }
        8 => {
            let node = get_mut(&mut value, &path)?;
            let element = match &*node {
                Value::Array(items) if !items.is_empty() => items[rng.usize(..items.len())].clone(),
                other => other.clone(),
            };
            // As long as a committee, or longer, within the input size limit.
            let size = serde_json::to_vec(&element).map_or(MAX_INPUT, |v| v.len().max(1));
            let n = [0, 1, 2, 513, 4096][rng.usize(..5)].min(MAX_INPUT / size);
            *node = Value::Array(vec![element; n]);
            Mutation::JsonLongArray
        }
        9 => {
            let version = value.get_mut("version")?;
            *version = Value::from(FORK_NAMES[rng.usize(..FORK_NAMES.len())]);
            Mutation::JsonVersion
        }
        10 => {
            let mut branches = Vec::new();
            find_branches(&mut value, &mut branches);
            let branch = branches.into_iter().nth(rng.usize(..4))?;
            if rng.bool() && !branch.is_empty() {
                branch.remove(rng.usize(..branch.len()));
            } else {
                let node = branch.last().cloned().unwrap_or_else(|| Value::from(format!("0x{}", "00".repeat(32))));
                branch.insert(rng.usize(..=branch.len()), node);
            }
            Mutation::JsonBranchLength
        }
        11 => {
            let node = get_mut(&mut value, &path)?;
            *node = match &*node {
                Value::String(_) => Value::Object(Default::default()),
                Value::Array(_) => Value::from("0x00"),
                Value::Object(_) => Value::Array(Vec::new()),
                _ => Value::from("0"),
            };
            Mutation::JsonWrongType
        }
        _ => {
            let node = get_mut(&mut value, &path)?;
            let n: u64 = node.as_str()?.parse().ok()?;
            let nudged = [n.wrapping_add(1), n.wrapping_sub(1), n.wrapping_mul(2), n / 2, 0, n.wrapping_add(8192)];
            *node = Value::from(nudged[rng.usize(..nudged.len())].to_string());
            Mutation::JsonIntegerNudge
        }
    };
    *input = serde_json::to_vec(&value).ok()?;
    Some(mutation)
}

/// Every array under a key ending in `branch`.
fn find_branches<'a>(value: &'a mut Value, out: &mut Vec<&'a mut Vec<Value>>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if k.ends_with("branch") && v.is_array() {
                    if let Value::Array(items) = v {
                        out.push(items);
                    }
                } else {
                    find_branches(v, out);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| find_branches(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mutants(seed: u64, input: &[u8], encoding: Encoding) -> Vec<Vec<u8>> {
        let mut rng = Rng::with_seed(seed);
        (0..500)
            .map(|_| {
                let mut bytes = input.to_vec();
                mutate(&mut rng, &mut bytes, encoding, b"donor bytes");
                bytes
            })
            .collect()
    }

    #[test]
    fn the_same_seed_gives_the_same_mutants() {
        let json = br#"{"version":"capella","data":{"slot":"12","branch":["0x00","0x01"],"bits":"0xff"}}"#;
        assert_eq!(mutants(7, json, Encoding::Json), mutants(7, json, Encoding::Json));
        assert_ne!(mutants(7, json, Encoding::Json), mutants(8, json, Encoding::Json));
        let ssz: Vec<u8> = (0..200u8).collect();
        assert_eq!(mutants(7, &ssz, Encoding::Ssz), mutants(7, &ssz, Encoding::Ssz));
    }

    #[test]
    fn offsets_are_found_at_aligned_positions() {
        // A fixed part of 12 bytes: a uint64, then one offset (12) to a 4-byte variable part.
        let mut ssz = vec![0xaa; 8];
        ssz.extend_from_slice(&12u32.to_le_bytes());
        ssz.extend_from_slice(&[1, 2, 3, 4]);
        assert_eq!(offset_candidates(&ssz), vec![8]);
    }
}
