//! BLS on teaching keys, computed in the worker (the page links no curve arithmetic): a few
//! validators sign one message and their signatures aggregate into one that a single pairing check
//! verifies; the rogue-key attack and the proof of possession that stops it; and one validator key
//! split t-of-n among operators whose partial signatures recombine. The curve work is
//! `lucid_core::teaching_keys`'.

use lucid_core::primitives::to_hex;
use lucid_core::teaching_keys::{
    aggregate, combine, fast_aggregate_verify, lagrange_at_zero, rogue_key, split, verify, verify_possession,
    PublicKey, Signature, TeachingKey, MAX_OPERATORS,
};
use serde::{Deserialize, Serialize};

/// The most signers the aggregation demo takes.
pub const MAX_SIGNERS: u64 = 16;
/// The longest message, in bytes.
pub const MAX_MESSAGE: usize = 256;

/// What the views ask.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeysQuery {
    /// The text every key signs.
    pub message: String,
    /// How many validators sign (`validator 1` … `validator n`).
    pub signers: u64,
    /// Signers (1-based) whose signature is left out of the aggregate while their key still counts.
    pub dropped: Vec<u64>,
    /// The split: `threshold` of `operators`, and which operators (1-based) do not sign.
    pub threshold: u64,
    pub operators: u64,
    pub offline: Vec<u64>,
}

/// One signer of the aggregation demo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignerRow {
    pub label: String,
    pub public: String,
    pub signature: String,
    /// Its own signature verifies under its own key.
    pub verifies: bool,
    pub dropped: bool,
}

/// The rogue-key attack against the first signer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RogueKey {
    pub victim: String,
    pub attacker: String,
    /// `attacker · G1 − victim`.
    pub rogue: String,
    /// The attacker's lone signature passes `FastAggregateVerify([victim, rogue], message)`.
    pub forged_verifies: bool,
    /// `PopVerify(rogue, best attempt)`: the attacker cannot prove possession of the rogue key.
    pub rogue_possession: bool,
    /// `PopVerify(victim, victim's proof)`.
    pub victim_possession: bool,
}

/// One operator of the split key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorRow {
    pub operator: u64,
    pub public: String,
    pub partial: String,
    /// The partial signature verifies under the operator's share key (never under the validator's).
    pub verifies_share: bool,
    pub online: bool,
    /// Its Lagrange coefficient at 0 over the online operators (`0x` + 32 bytes, big-endian), if online.
    pub lagrange: Option<String>,
    /// The same coefficient as a fraction of integers, e.g. `15/3 = 5` or `2/−1 = −2` (before it is
    /// taken mod r), if online.
    pub lagrange_fraction: Option<String>,
}

/// The threshold demo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Threshold {
    pub validator: String,
    pub operators: Vec<OperatorRow>,
    /// `Σ λ_i · σ_i` over the online operators (none if all are offline).
    pub combined: Option<String>,
    /// It verifies under the validator's public key.
    pub combined_verifies: bool,
    /// It equals the signature the whole key would make.
    pub equals_direct: bool,
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeysAnswer {
    pub query: KeysQuery,
    pub signers: Vec<SignerRow>,
    /// The sum of the included signatures (none if every signer is dropped).
    pub aggregate: Option<String>,
    /// `FastAggregateVerify(every key, message, aggregate)`.
    pub verifies_all_keys: bool,
    /// `FastAggregateVerify(the included signers' keys, message, aggregate)`.
    pub verifies_included_keys: bool,
    pub rogue: RogueKey,
    pub threshold: Threshold,
}

fn pk(p: &PublicKey) -> String {
    to_hex(&p.to_bytes())
}

fn sig(s: &Signature) -> String {
    to_hex(&s.to_bytes())
}

fn key(label: &str) -> Result<TeachingKey, String> {
    TeachingKey::from_label(label).map_err(|e| e.to_string())
}

/// Compute everything `q` asks, or say which input is unusable.
pub fn keys(q: &KeysQuery) -> Result<KeysAnswer, String> {
    let message = q.message.as_bytes();
    if message.len() > MAX_MESSAGE {
        return Err(format!("the message is longer than {MAX_MESSAGE} bytes"));
    }
    if !(1..=MAX_SIGNERS).contains(&q.signers) {
        return Err(format!("the demo takes 1 to {MAX_SIGNERS} signers"));
    }
    if !(1..=MAX_OPERATORS).contains(&q.operators) || !(1..=q.operators).contains(&q.threshold) {
        return Err(format!(
            "a {}-of-{} split is not possible (1 ≤ t ≤ n ≤ {MAX_OPERATORS})",
            q.threshold, q.operators
        ));
    }
    let validators = (1..=q.signers).map(|i| key(&format!("validator {i}"))).collect::<Result<Vec<_>, _>>()?;
    let signatures: Vec<Signature> = validators.iter().map(|k| k.sign(message)).collect();
    let publics: Vec<PublicKey> = validators.iter().map(|k| k.public).collect();
    let included: Vec<usize> = (0..validators.len()).filter(|i| !q.dropped.contains(&(*i as u64 + 1))).collect();
    let aggregate_sig = aggregate(&included.iter().map(|&i| signatures[i]).collect::<Vec<_>>()).ok();
    let included_keys: Vec<PublicKey> = included.iter().map(|&i| publics[i]).collect();
    let signers = validators
        .iter()
        .zip(&signatures)
        .enumerate()
        .map(|(i, (k, s))| SignerRow {
            label: format!("validator {}", i + 1),
            public: pk(&k.public),
            signature: sig(s),
            verifies: verify(&k.public, message, s),
            dropped: !included.contains(&i),
        })
        .collect();

    let attacker = key("attacker")?;
    let victim = &validators[0];
    let rogue = rogue_key(&attacker, &victim.public);
    let rogue = RogueKey {
        victim: pk(&victim.public),
        attacker: pk(&attacker.public),
        rogue: pk(&rogue),
        forged_verifies: fast_aggregate_verify(&[victim.public, rogue], message, &attacker.sign(message)),
        rogue_possession: verify_possession(&rogue, &attacker.prove_possession()),
        victim_possession: verify_possession(&victim.public, &victim.prove_possession()),
    };

    let validator = &validators[0];
    let shares = split(validator, q.threshold, q.operators, "validator 1").map_err(|e| e.to_string())?;
    let online: Vec<u64> = shares.iter().map(|s| s.operator).filter(|o| !q.offline.contains(o)).collect();
    let partials: Vec<(u64, Signature)> = shares.iter().map(|s| (s.operator, s.key.sign(message))).collect();
    let operators = shares
        .iter()
        .zip(&partials)
        .map(|(s, (_, partial))| {
            let is_online = online.contains(&s.operator);
            Ok(OperatorRow {
                operator: s.operator,
                public: pk(&s.key.public),
                partial: sig(partial),
                verifies_share: verify(&s.key.public, message, partial),
                online: is_online,
                lagrange: match is_online {
                    true => Some(to_hex(&lagrange_be(s.operator, &online)?)),
                    false => None,
                },
                lagrange_fraction: is_online.then(|| lagrange_fraction(s.operator, &online)),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let online_partials: Vec<(u64, Signature)> = partials.iter().filter(|(o, _)| online.contains(o)).copied().collect();
    let combined = combine(&online_partials).ok();
    let direct = validator.sign(message);
    let threshold = Threshold {
        validator: pk(&validator.public),
        operators,
        combined_verifies: combined.as_ref().is_some_and(|c| verify(&validator.public, message, c)),
        equals_direct: combined.as_ref().is_some_and(|c| c.to_bytes() == direct.to_bytes()),
        combined: combined.as_ref().map(sig),
    };
    Ok(KeysAnswer {
        query: q.clone(),
        signers,
        verifies_all_keys: aggregate_sig.as_ref().is_some_and(|a| fast_aggregate_verify(&publics, message, a)),
        verifies_included_keys: aggregate_sig
            .as_ref()
            .is_some_and(|a| fast_aggregate_verify(&included_keys, message, a)),
        aggregate: aggregate_sig.as_ref().map(sig),
        rogue,
        threshold,
    })
}

/// The Lagrange coefficient, big-endian as scalars are usually written.
fn lagrange_be(operator: u64, online: &[u64]) -> Result<[u8; 32], String> {
    let mut le = lagrange_at_zero(operator, online).map_err(|e| e.to_string())?;
    le.reverse();
    Ok(le)
}

/// `∏ x_j / ∏ (x_j − x_i)` over the other online operators, in lowest terms (at most 64 operators
/// numbered up to 64: the products fit an `i128` only in lowest terms step by step, so each factor is
/// reduced as it is multiplied in).
fn lagrange_fraction(operator: u64, online: &[u64]) -> String {
    fn gcd(a: i128, b: i128) -> i128 {
        if b == 0 {
            a.abs().max(1)
        } else {
            gcd(b, a % b)
        }
    }
    let (mut num, mut den) = (1i128, 1i128);
    let (mut raw_num, mut raw_den) = (Some(1i128), Some(1i128));
    let i = i128::from(operator);
    for &other in online.iter().filter(|&&o| o != operator) {
        let j = i128::from(other);
        raw_num = raw_num.and_then(|n| n.checked_mul(j));
        raw_den = raw_den.and_then(|d| d.checked_mul(j - i));
        num *= j;
        den *= j - i;
        let g = gcd(num, den);
        (num, den) = (num / g, den / g);
    }
    if den < 0 {
        (num, den) = (-num, -den);
    }
    let signed = |n: i128| if n < 0 { format!("−{}", -n) } else { n.to_string() };
    let value = if den == 1 { signed(num) } else { format!("{}/{den}", signed(num)) };
    match (raw_num, raw_den) {
        (Some(n), Some(d)) if (n, d) != (num, den) => format!("{}/{} = {value}", signed(n), signed(d)),
        _ => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query() -> KeysQuery {
        KeysQuery {
            message: "attest: epoch 222168".into(),
            signers: 4,
            dropped: vec![],
            threshold: 3,
            operators: 5,
            offline: vec![],
        }
    }

    #[test]
    fn every_signer_and_operator_verifies() {
        let a = keys(&query()).unwrap();
        assert!(a.signers.iter().all(|s| s.verifies && !s.dropped));
        assert!(a.verifies_all_keys && a.verifies_included_keys);
        assert!(a.rogue.forged_verifies && !a.rogue.rogue_possession && a.rogue.victim_possession);
        assert!(a.threshold.combined_verifies && a.threshold.equals_direct);
        assert!(a.threshold.operators.iter().all(|o| o.verifies_share && o.online && o.lagrange.is_some()));
    }

    #[test]
    fn a_dropped_signer_or_too_many_offline_operators_fail() {
        let a = keys(&KeysQuery { dropped: vec![2], offline: vec![1, 4], ..query() }).unwrap();
        assert!(a.signers[1].dropped && !a.verifies_all_keys && a.verifies_included_keys);
        assert!(a.threshold.combined_verifies, "3 of 5 online");
        let b = keys(&KeysQuery { offline: vec![1, 4, 5], ..query() }).unwrap();
        assert!(b.threshold.combined.is_some() && !b.threshold.combined_verifies, "2 of 5 online");
        let none = keys(&KeysQuery { dropped: vec![1, 2, 3, 4], offline: vec![1, 2, 3, 4, 5], ..query() }).unwrap();
        assert!(none.aggregate.is_none() && !none.verifies_all_keys && none.threshold.combined.is_none());
    }

    #[test]
    fn lagrange_fractions_in_lowest_terms() {
        assert_eq!(lagrange_fraction(2, &[2, 3, 5]), "15/3 = 5");
        assert_eq!(lagrange_fraction(3, &[2, 3, 5]), "10/−2 = −5");
        assert_eq!(lagrange_fraction(5, &[2, 3, 5]), "6/6 = 1");
        assert_eq!(lagrange_fraction(1, &[1, 2]), "2");
        assert_eq!(lagrange_fraction(1, &[1]), "1");
        assert_eq!(lagrange_fraction(1, &[1, 3, 4]), "12/6 = 2");
        assert_eq!(lagrange_fraction(3, &[1, 2, 3, 4]), "8/2 = 4");
        // Over 1..=n, λ_i = (−1)^(i−1) · C(n, i); for 64 operators the raw products overflow and
        // only the reduced value is shown.
        let all: Vec<u64> = (1..=64).collect();
        assert_eq!(lagrange_fraction(32, &all), "−1832624140942590534");
    }

    #[test]
    fn unusable_inputs_are_named() {
        assert!(keys(&KeysQuery { signers: 0, ..query() }).unwrap_err().contains("signers"));
        assert!(keys(&KeysQuery { threshold: 6, ..query() }).unwrap_err().contains("6-of-5"));
        assert!(keys(&KeysQuery { message: "x".repeat(300), ..query() }).unwrap_err().contains("message"));
    }
}
