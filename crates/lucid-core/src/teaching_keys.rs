//! BLS12-381 on teaching keys, for showing how signatures combine: sign, aggregate and verify with
//! one pairing check; split a key t-of-n (Shamir over the scalar field) and recombine partial
//! signatures by Lagrange interpolation; and the rogue-key attack that proofs of possession stop.
//!
//! The keys come from public labels, so they protect nothing: they exist to be shown. The curve
//! arithmetic is real (`blst`, the same suite as [`crate::bls`]).

use blst::min_pk::{AggregateSignature, SecretKey};
pub use blst::min_pk::{PublicKey, Signature};
use blst::{
    blst_p2, blst_p2_affine, blst_p2_from_affine, blst_p2_mult, blst_p2_to_affine, blst_scalar,
    blst_scalar_from_uint64, blst_sk_add_n_check, blst_sk_inverse, blst_sk_mul_n_check, blst_sk_sub_n_check,
    BLST_ERROR,
};
use sha2::{Digest, Sha256};

use crate::bls::{subtract, DST};

/// The domain separation tag of `PopProve`/`PopVerify` (the proof-of-possession suite's own).
pub const POP_DST: &[u8] = b"BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

/// Why a teaching-key operation cannot be done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TeachingKeyError {
    /// A t-of-n split needs `1 <= t <= n`, and at most [`MAX_OPERATORS`] operators.
    #[error("a {threshold}-of-{operators} split is not possible (1 ≤ t ≤ n ≤ {MAX_OPERATORS})")]
    BadThreshold { threshold: u64, operators: u64 },
    /// Interpolation needs distinct, non-zero operator numbers.
    #[error("operator numbers must be distinct and non-zero (got {0} twice, or 0)")]
    BadOperator(u64),
    /// Nothing to combine or aggregate.
    #[error("no signatures to combine")]
    Empty,
    /// A scalar came out zero (probability about 2⁻²⁵⁵; a different label avoids it).
    #[error("a scalar came out zero")]
    ZeroScalar,
    /// `blst` refused a value.
    #[error("blst refused a value: {0:?}")]
    Blst(BLST_ERROR),
}

/// The most operators a split may have.
pub const MAX_OPERATORS: u64 = 64;

/// A key pair derived from a public label (`KeyGen` of the label's SHA-256).
#[derive(Debug, Clone)]
pub struct TeachingKey {
    secret: SecretKey,
    /// The public key, `secret · G1`.
    pub public: PublicKey,
}

impl TeachingKey {
    /// The key of `label` (the same label gives the same key everywhere).
    pub fn from_label(label: &str) -> Result<Self, TeachingKeyError> {
        let ikm: [u8; 32] = Sha256::digest(label.as_bytes()).into();
        let secret = SecretKey::key_gen(&ikm, b"lucid teaching key").map_err(TeachingKeyError::Blst)?;
        Ok(Self::from_secret(secret))
    }

    fn from_secret(secret: SecretKey) -> Self {
        let public = secret.sk_to_pk();
        Self { secret, public }
    }

    /// `Sign(secret, message)` with Ethereum's DST.
    pub fn sign(&self, message: &[u8]) -> Signature {
        self.secret.sign(message, DST, &[])
    }

    /// `PopProve`: the key's signature over its own public key.
    pub fn prove_possession(&self) -> Signature {
        self.secret.sign(&self.public.to_bytes(), POP_DST, &[])
    }
}

/// `Verify(public, message, signature)` with Ethereum's DST.
pub fn verify(public: &PublicKey, message: &[u8], signature: &Signature) -> bool {
    signature.verify(true, message, DST, &[], public, true) == BLST_ERROR::BLST_SUCCESS
}

/// `PopVerify(public, proof)`.
pub fn verify_possession(public: &PublicKey, proof: &Signature) -> bool {
    proof.verify(true, &public.to_bytes(), POP_DST, &[], public, true) == BLST_ERROR::BLST_SUCCESS
}

/// `Aggregate`: the sum of the signatures on G2.
pub fn aggregate(signatures: &[Signature]) -> Result<Signature, TeachingKeyError> {
    let refs: Vec<&Signature> = signatures.iter().collect();
    if refs.is_empty() {
        return Err(TeachingKeyError::Empty);
    }
    AggregateSignature::aggregate(&refs, true).map(|a| a.to_signature()).map_err(TeachingKeyError::Blst)
}

/// `FastAggregateVerify(publics, message, signature)`: one pairing check against the sum of the keys.
pub fn fast_aggregate_verify(publics: &[PublicKey], message: &[u8], signature: &Signature) -> bool {
    let refs: Vec<&PublicKey> = publics.iter().collect();
    !refs.is_empty() && signature.fast_aggregate_verify(true, message, DST, &refs) == BLST_ERROR::BLST_SUCCESS
}

/// The rogue key an attacker registers against `victim`: `attacker · G1 − victim`. Its sum with the
/// victim's key is the attacker's own key, so the attacker alone can sign for "both".
pub fn rogue_key(attacker: &TeachingKey, victim: &PublicKey) -> PublicKey {
    subtract(&attacker.public, victim)
}

/// One operator's share of a split key: `f(operator)` for the split's secret polynomial `f`.
#[derive(Debug, Clone)]
pub struct KeyShare {
    /// The operator's number, `1..=n` (the point the polynomial is evaluated at).
    pub operator: u64,
    /// The share as a key pair: its public key is `f(operator) · G1`.
    pub key: TeachingKey,
}

/// Split `key` t-of-n: a polynomial `f` of degree `t − 1` with `f(0)` = the key's secret and the
/// other coefficients derived from `coefficient_label`; operator `i` (1..=n) holds `f(i)`.
pub fn split(
    key: &TeachingKey,
    threshold: u64,
    operators: u64,
    coefficient_label: &str,
) -> Result<Vec<KeyShare>, TeachingKeyError> {
    if threshold == 0 || threshold > operators || operators > MAX_OPERATORS {
        return Err(TeachingKeyError::BadThreshold { threshold, operators });
    }
    let mut coefficients: Vec<blst_scalar> = vec![<&blst_scalar>::from(&key.secret).clone()];
    for k in 1..threshold {
        let c = TeachingKey::from_label(&format!("{coefficient_label}/coefficient {k}"))?;
        coefficients.push(<&blst_scalar>::from(&c.secret).clone());
    }
    (1..=operators)
        .map(|operator| {
            // Horner: f(x) = c0 + x·(c1 + x·(c2 + …)).
            let x = scalar(operator);
            let mut value = coefficients.last().ok_or(TeachingKeyError::Empty)?.clone();
            for c in coefficients.iter().rev().skip(1) {
                value = add(c, &mul(&value, &x)?)?;
            }
            let secret = <&SecretKey>::try_from(&value).map_err(TeachingKeyError::Blst)?.clone();
            Ok(KeyShare { operator, key: TeachingKey::from_secret(secret) })
        })
        .collect()
}

/// The Lagrange coefficient of `operator` at 0 over `operators`: `∏ x_j / (x_j − x_i)` for `j ≠ i`.
pub fn lagrange_at_zero(operator: u64, operators: &[u64]) -> Result<[u8; 32], TeachingKeyError> {
    Ok(lagrange(operator, operators)?.b)
}

fn lagrange(operator: u64, operators: &[u64]) -> Result<blst_scalar, TeachingKeyError> {
    let xi = scalar(operator);
    let (mut numerator, mut denominator) = (scalar(1), scalar(1));
    for &other in operators.iter().filter(|&&o| o != operator) {
        let xj = scalar(other);
        numerator = mul(&numerator, &xj)?;
        denominator = mul(&denominator, &sub(&xj, &xi)?)?;
    }
    mul(&numerator, &inverse(&denominator))
}

/// Combine partial signatures `(operator, signature)` into `Σ λ_i · σ_i`, `λ_i` the Lagrange
/// coefficients at 0. With `t` or more partials of a t-of-n split this is the signature of the
/// split key; with fewer it is some other point, which does not verify.
pub fn combine(partials: &[(u64, Signature)]) -> Result<Signature, TeachingKeyError> {
    let operators: Vec<u64> = partials.iter().map(|(o, _)| *o).collect();
    for (i, &o) in operators.iter().enumerate() {
        if o == 0 || operators[..i].contains(&o) {
            return Err(TeachingKeyError::BadOperator(o));
        }
    }
    let mut terms = Vec::with_capacity(partials.len());
    for (operator, signature) in partials {
        terms.push(multiply(signature, &lagrange(*operator, &operators)?));
    }
    aggregate(&terms)
}

fn scalar(n: u64) -> blst_scalar {
    let mut out = blst_scalar::default();
    let limbs = [n, 0, 0, 0];
    // SAFETY: `out` is a live scalar and `limbs` holds the four 64-bit limbs blst reads.
    #[allow(unsafe_code, reason = "blst's scalar arithmetic is only in its C API")]
    unsafe {
        blst_scalar_from_uint64(&mut out, limbs.as_ptr());
    }
    out
}

type ScalarOp = unsafe extern "C" fn(*mut blst_scalar, *const blst_scalar, *const blst_scalar) -> bool;

/// `op(a, b)` mod r; blst reports a zero (or out-of-range) result as `false`.
fn scalar_op(op: ScalarOp, a: &blst_scalar, b: &blst_scalar) -> Result<blst_scalar, TeachingKeyError> {
    let mut out = blst_scalar::default();
    // SAFETY: all three pointers refer to live scalars owned here or borrowed for the call.
    #[allow(unsafe_code, reason = "blst's scalar arithmetic is only in its C API")]
    let nonzero = unsafe { op(&mut out, a, b) };
    if nonzero {
        Ok(out)
    } else {
        Err(TeachingKeyError::ZeroScalar)
    }
}

fn add(a: &blst_scalar, b: &blst_scalar) -> Result<blst_scalar, TeachingKeyError> {
    scalar_op(blst_sk_add_n_check, a, b)
}

fn sub(a: &blst_scalar, b: &blst_scalar) -> Result<blst_scalar, TeachingKeyError> {
    scalar_op(blst_sk_sub_n_check, a, b)
}

fn mul(a: &blst_scalar, b: &blst_scalar) -> Result<blst_scalar, TeachingKeyError> {
    scalar_op(blst_sk_mul_n_check, a, b)
}

fn inverse(a: &blst_scalar) -> blst_scalar {
    let mut out = blst_scalar::default();
    // SAFETY: both pointers refer to live scalars.
    #[allow(unsafe_code, reason = "blst's scalar arithmetic is only in its C API")]
    unsafe {
        blst_sk_inverse(&mut out, a);
    }
    out
}

/// `k · σ` on G2.
fn multiply(signature: &Signature, k: &blst_scalar) -> Signature {
    let affine: blst_p2_affine = (*signature).into();
    let (mut point, mut product, mut out) = (blst_p2::default(), blst_p2::default(), blst_p2_affine::default());
    // SAFETY: every pointer refers to a live, initialized blst value owned by this function;
    // `k.b` holds 32 little-endian bytes, of which blst reads 255 bits.
    #[allow(unsafe_code, reason = "blst's safe API has no scalar multiplication of signatures")]
    unsafe {
        blst_p2_from_affine(&mut point, &affine);
        blst_p2_mult(&mut product, &point, k.b.as_ptr(), 255);
        blst_p2_to_affine(&mut out, &product);
    }
    Signature::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MESSAGE: &[u8] = b"attest: epoch 222168, target 0x4f1c";

    fn key(label: &str) -> TeachingKey {
        TeachingKey::from_label(label).unwrap()
    }

    #[test]
    fn aggregate_verifies_only_with_every_signer() {
        let keys: Vec<TeachingKey> = ["alice", "bob", "carol", "dave"].iter().map(|l| key(l)).collect();
        let signatures: Vec<Signature> = keys.iter().map(|k| k.sign(MESSAGE)).collect();
        let publics: Vec<PublicKey> = keys.iter().map(|k| k.public).collect();
        let all = aggregate(&signatures).unwrap();
        assert!(fast_aggregate_verify(&publics, MESSAGE, &all));
        assert!(!fast_aggregate_verify(&publics, b"another message", &all));
        // Bob's signature left out, his key still counted: the check fails.
        let without_bob = aggregate(&[signatures[0], signatures[2], signatures[3]]).unwrap();
        assert!(!fast_aggregate_verify(&publics, MESSAGE, &without_bob));
        let publics_without_bob = [publics[0], publics[2], publics[3]];
        assert!(fast_aggregate_verify(&publics_without_bob, MESSAGE, &without_bob));
        assert_eq!(aggregate(&[]).unwrap_err(), TeachingKeyError::Empty);
    }

    #[test]
    fn rogue_key_fools_aggregation_but_not_possession() {
        let victim = key("victim");
        let attacker = key("attacker");
        let rogue = rogue_key(&attacker, &victim.public);
        // The attacker alone makes a signature that verifies as "victim and rogue both signed".
        let forged = attacker.sign(MESSAGE);
        assert!(fast_aggregate_verify(&[victim.public, rogue], MESSAGE, &forged));
        // But it cannot prove possession of the rogue key; the honest keys can.
        assert!(!verify_possession(&rogue, &attacker.prove_possession()));
        assert!(verify_possession(&victim.public, &victim.prove_possession()));
        assert!(verify_possession(&attacker.public, &attacker.prove_possession()));
    }

    #[test]
    fn any_t_partials_recombine_and_t_minus_one_do_not() {
        let validator = key("validator 1");
        let shares = split(&validator, 3, 5, "validator 1").unwrap();
        assert_eq!(shares.len(), 5);
        let partials: Vec<(u64, Signature)> = shares.iter().map(|s| (s.operator, s.key.sign(MESSAGE))).collect();
        for (share, (_, partial)) in shares.iter().zip(&partials) {
            assert!(verify(&share.key.public, MESSAGE, partial));
            assert!(!verify(&validator.public, MESSAGE, partial));
        }
        for pick in [[0, 1, 2], [0, 2, 4], [1, 3, 4], [4, 3, 0]] {
            let chosen: Vec<_> = pick.iter().map(|&i| partials[i]).collect();
            let combined = combine(&chosen).unwrap();
            assert!(verify(&validator.public, MESSAGE, &combined), "{pick:?}");
            assert_eq!(combined.to_bytes(), validator.sign(MESSAGE).to_bytes());
        }
        let all = combine(&partials).unwrap();
        assert!(verify(&validator.public, MESSAGE, &all));
        for pick in [[0, 1], [2, 4], [3, 1]] {
            let chosen: Vec<_> = pick.iter().map(|&i| partials[i]).collect();
            assert!(!verify(&validator.public, MESSAGE, &combine(&chosen).unwrap()), "{pick:?}");
        }
    }

    #[test]
    fn lagrange_coefficients_sum_to_one() {
        // Σ λ_i = 1 for any set (interpolating the constant polynomial 1).
        let ops = [1u64, 3, 4];
        let l: Vec<blst_scalar> = ops.iter().map(|&o| lagrange(o, &ops).unwrap()).collect();
        // λ = 2, −2, 1 (2 + −2 is zero, which blst's checked add refuses, so add in another order).
        assert_eq!(l[0].b, scalar(2).b);
        assert_eq!(add(&l[0], &l[1]).unwrap_err(), TeachingKeyError::ZeroScalar);
        let sum = add(&add(&l[0], &l[2]).unwrap(), &l[1]).unwrap();
        assert_eq!(sum.b, scalar(1).b);
        assert_eq!(lagrange_at_zero(3, &ops).unwrap(), l[1].b);
    }

    #[test]
    fn bad_splits_and_operator_numbers_are_named() {
        let k = key("x");
        assert!(matches!(split(&k, 0, 3, "x"), Err(TeachingKeyError::BadThreshold { .. })));
        assert!(matches!(split(&k, 4, 3, "x"), Err(TeachingKeyError::BadThreshold { .. })));
        assert!(matches!(split(&k, 2, MAX_OPERATORS + 1, "x"), Err(TeachingKeyError::BadThreshold { .. })));
        let s = k.sign(MESSAGE);
        assert_eq!(combine(&[(1, s), (1, s)]).unwrap_err(), TeachingKeyError::BadOperator(1));
        assert_eq!(combine(&[(0, s)]).unwrap_err(), TeachingKeyError::BadOperator(0));
        assert_eq!(combine(&[]).unwrap_err(), TeachingKeyError::Empty);
        // 1-of-n: every share is the key itself.
        let shares = split(&k, 1, 3, "x").unwrap();
        assert!(shares.iter().all(|s| s.key.public == k.public));
    }
}
