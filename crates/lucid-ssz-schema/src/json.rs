//! Beacon-API JSON → the value tree [`decode`](crate::decode::decode) produces, so that
//! `hash_tree_root` applies to JSON input exactly as to SSZ input.
//!
//! The JSON forms are those of the Beacon API:
//!
//! | SSZ type                                   | JSON                                               |
//! |--------------------------------------------|----------------------------------------------------|
//! | `uint8` … `uint256`                        | decimal string, e.g. `"7109344"`                   |
//! | `boolean`                                  | `true` / `false`                                   |
//! | `ByteVector[N]`, `ByteList[N]`             | `0x`-prefixed hex string                           |
//! | `List[uint8, N]` of flags                  | hex string, or an array of decimal strings         |
//! | `Bitvector[N]`, `Bitlist[N]`               | `0x`-hex of the SSZ bytes (a bitlist keeps its delimiter bit) |
//! | other vectors and lists                    | arrays                                             |
//! | containers                                 | objects with exactly the spec's field names        |
//!
//! Byte and bit values are converted to their SSZ bytes and handed to the SSZ decoder, so they
//! obey the same length, limit, padding and delimiter rules as SSZ input. Any error names the
//! JSON path of the offending value, e.g. `BeaconBlockBody.attestations[3].aggregation_bits`.

use std::borrow::Cow;

use lucid_core::primitives::decimal_to_le;
use serde_json::Value as Json;

use crate::decode::{decode, Value};
use crate::path::Path;
use crate::ty::{Field, Limit, Type};
use crate::SchemaError;

/// Converts `json` into the value of type `ty` the SSZ decoder would produce.
pub(crate) fn from_json(ty: &Type, json: &Json, path: &Path<'_>) -> Result<Value<'static>, SchemaError> {
    match ty {
        Type::Uint(_) | Type::Boolean => basic_bytes(ty, json, path).map(packed),
        Type::Vector(elem, _) | Type::List(elem, _) if matches!(**elem, Type::Uint(1)) && json.is_string() => {
            via_ssz(ty, &hex(json, path)?, path)
        }
        Type::Vector(elem, n) => {
            let items = array(json, path)?;
            if items.len() != *n {
                return Err(path.invalid_json(format!("expected {n} elements, got {}", items.len())));
            }
            sequence(ty, elem, items, path)
        }
        Type::List(elem, limit) => {
            let items = array(json, path)?;
            if let Limit::Max(max) = limit {
                if items.len() as u64 > *max {
                    return Err(path.invalid_json(format!("{} elements exceed the limit of {max}", items.len())));
                }
            }
            sequence(ty, elem, items, path)
        }
        Type::Bitvector(_) | Type::Bitlist(_) => via_ssz(ty, &hex(json, path)?, path),
        Type::Container(_, fields) => container(fields, json, path),
    }
}

/// Fields of a container, in schema order; unknown and missing fields are errors.
fn container(fields: &[Field], json: &Json, path: &Path<'_>) -> Result<Value<'static>, SchemaError> {
    let Json::Object(object) = json else {
        return Err(expected("an object", json, path));
    };
    if let Some(unknown) = object.keys().find(|key| !fields.iter().any(|f| f.name == key.as_str())) {
        return Err(path.invalid_json(format!("unexpected field `{unknown}`")));
    }
    // Checked before descending, so a wrong-fork object is reported at its own level.
    if let Some(missing) = fields.iter().find(|f| !object.contains_key(f.name)) {
        return Err(path.invalid_json(format!("missing field `{}`", missing.name)));
    }
    fields
        .iter()
        .map(|f| {
            let value = object.get(f.name).ok_or_else(|| path.invalid_json(format!("missing field `{}`", f.name)))?;
            from_json(&f.ty, value, &Path::Field(path, f.name))
        })
        .collect::<Result<_, _>>()
        .map(Value::Composite)
}

/// Elements of a vector or list `ty` of `elem`, given as a JSON array.
fn sequence(ty: &Type, elem: &Type, items: &[Json], path: &Path<'_>) -> Result<Value<'static>, SchemaError> {
    if elem.is_basic() {
        let mut bytes = Vec::new();
        for (i, item) in items.iter().enumerate() {
            bytes.extend(basic_bytes(elem, item, &Path::Index(path, i))?);
        }
        return via_ssz(ty, &bytes, path);
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| from_json(elem, item, &Path::Index(path, i)))
        .collect::<Result<_, _>>()
        .map(Value::Composite)
}

/// Decodes SSZ bytes built from JSON, reporting any violation as a JSON error at the same path.
fn via_ssz(ty: &Type, bytes: &[u8], path: &Path<'_>) -> Result<Value<'static>, SchemaError> {
    decode(ty, bytes, path).map(Value::into_owned).map_err(|e| match e {
        SchemaError::Malformed { path, reason } => SchemaError::InvalidJson { path, reason },
        other => other,
    })
}

fn packed(bytes: Vec<u8>) -> Value<'static> {
    Value::Packed(Cow::Owned(bytes))
}

/// SSZ bytes of a basic value (`uintN` or `boolean`).
fn basic_bytes(ty: &Type, json: &Json, path: &Path<'_>) -> Result<Vec<u8>, SchemaError> {
    match (ty, json) {
        (Type::Boolean, Json::Bool(b)) => Ok(vec![u8::from(*b)]),
        (Type::Boolean, _) => Err(expected("a boolean", json, path)),
        (Type::Uint(width), Json::String(s)) => decimal_to_le(s, *width)
            .ok_or_else(|| path.invalid_json(format!("{s:?} is not a decimal uint{}", width.saturating_mul(8)))),
        (Type::Uint(width), _) => {
            Err(expected(&format!("a decimal uint{} string", width.saturating_mul(8)), json, path))
        }
        _ => Err(path.invalid_json("not a basic type")),
    }
}

/// Bytes of a `0x`-prefixed hex string.
fn hex(json: &Json, path: &Path<'_>) -> Result<Vec<u8>, SchemaError> {
    let Json::String(s) = json else {
        return Err(expected("a 0x-hex string", json, path));
    };
    let digits = s.strip_prefix("0x").ok_or_else(|| path.invalid_json("hex string without the 0x prefix"))?;
    if digits.len() % 2 != 0 {
        return Err(path.invalid_json("hex string of odd length"));
    }
    digits
        .as_bytes()
        .chunks_exact(2)
        .map(|pair| Some(nibble(pair[0])? << 4 | nibble(pair[1])?))
        .collect::<Option<Vec<u8>>>()
        .ok_or_else(|| path.invalid_json("not a hex string"))
}

fn nibble(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

fn array<'j>(json: &'j Json, path: &Path<'_>) -> Result<&'j [Json], SchemaError> {
    match json {
        Json::Array(items) => Ok(items),
        _ => Err(expected("an array", json, path)),
    }
}

/// "expected X, got Y" at `path`.
fn expected(what: &str, json: &Json, path: &Path<'_>) -> SchemaError {
    let got = match json {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    };
    path.invalid_json(format!("expected {what}, got {got}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ty::{
        bitlist, bitvector, boolean, byte_list, bytes, container, fields, list, uint256, uint64, uint8, vector,
    };
    use serde_json::json;

    fn conv(ty: &Type, json: Json) -> Result<Value<'static>, SchemaError> {
        from_json(ty, &json, &Path::Root("T"))
    }

    fn packed_bytes(v: Value<'_>) -> Vec<u8> {
        match v {
            Value::Packed(b) => b.into_owned(),
            other => panic!("expected packed bytes, got {other:?}"),
        }
    }

    fn err(r: Result<Value<'static>, SchemaError>) -> String {
        match r {
            Err(SchemaError::InvalidJson { path, reason }) => format!("{path}: {reason}"),
            other => panic!("expected InvalidJson, got {other:?}"),
        }
    }

    #[test]
    fn uints_are_decimal_strings_of_their_width() {
        assert_eq!(packed_bytes(conv(&uint64(), json!("258")).unwrap()), [2, 1, 0, 0, 0, 0, 0, 0]);
        assert_eq!(packed_bytes(conv(&uint64(), json!("18446744073709551615")).unwrap()), [0xff; 8]);
        assert!(err(conv(&uint64(), json!("18446744073709551616"))).contains("not a decimal uint64"));
        let max256 = "115792089237316195423570985008687907853269984665640564039457584007913129639935";
        assert_eq!(packed_bytes(conv(&uint256(), json!(max256)).unwrap()), [0xff; 32]);
        assert!(conv(&uint256(), json!(format!("{max256}0"))).is_err());
        assert!(conv(&uint8(), json!("256")).is_err());
        for bad in [json!(""), json!("-1"), json!("+1"), json!("1.0"), json!(" 1"), json!(1), json!(null)] {
            assert!(conv(&uint64(), bad.clone()).is_err(), "{bad}");
        }
    }

    #[test]
    fn byte_strings_keep_their_ssz_length_and_limit_rules() {
        assert_eq!(packed_bytes(conv(&bytes(2), json!("0xAb01")).unwrap()), [0xab, 1]);
        assert!(err(conv(&bytes(2), json!("0xab"))).contains("expected 2 bytes"));
        assert!(conv(&bytes(1), json!("ab")).is_err());
        assert!(conv(&bytes(1), json!("0xa")).is_err());
        assert!(conv(&bytes(1), json!("0xzz")).is_err());
        assert!(conv(&bytes(1), json!("0xé")).is_err());
        assert_eq!(packed_bytes(conv(&byte_list(2), json!("0x")).unwrap()), Vec::<u8>::new());
        assert!(conv(&byte_list(2), json!("0x010203")).is_err());
        // Flag lists are arrays of decimal strings.
        assert_eq!(packed_bytes(conv(&list(uint8(), 4), json!(["7", "0"])).unwrap()), [7, 0]);
    }

    #[test]
    fn bitfields_are_hex_of_their_ssz_bytes() {
        let Value::Bits(bits, len) = conv(&bitlist(8), json!("0x0501")).unwrap() else { panic!() };
        assert_eq!((bits.as_ref(), len), (&[5u8][..], 8));
        assert!(conv(&bitlist(8), json!("0x0500")).is_err(), "no delimiter");
        assert!(conv(&bitvector(4), json!("0x1f")).is_err(), "padding bits set");
        assert!(conv(&bitvector(4), json!("0x0f")).is_ok());
    }

    #[test]
    fn containers_need_exactly_their_fields_and_errors_name_the_path() {
        let ty = container(fields![
            ("a", uint64()),
            ("b", list(container(fields![("c", boolean())]), 2)),
            ("d", vector(uint64(), 2)),
        ]);
        assert!(conv(&ty, json!({"a": "1", "b": [{"c": true}], "d": ["1", "2"]})).is_ok());
        let e = err(conv(&ty, json!({"a": "1", "b": [{"c": true}, {"c": 1}], "d": ["1", "2"]})));
        assert!(e.starts_with("T.b[1].c: expected a boolean"), "{e}");
        let e = err(conv(&ty, json!({"a": "1", "b": [], "d": ["1", "x"]})));
        assert!(e.starts_with("T.d[1]:"), "{e}");
        assert!(err(conv(&ty, json!({"a": "1", "b": []}))).contains("missing field `d`"));
        assert!(err(conv(&ty, json!({"a": "1", "b": [], "d": ["1", "2"], "e": "0"}))).contains("unexpected field `e`"));
        assert!(err(conv(&ty, json!({"a": "1", "b": [{"c": true}, {"c": true}, {"c": true}], "d": ["1", "2"]})))
            .contains("exceed the limit"));
        assert!(err(conv(&ty, json!({"a": "1", "b": [], "d": ["1"]}))).contains("expected 2 elements"));
        assert!(err(conv(&ty, json!([]))).contains("expected an object, got an array"));
    }
}
