//! Runs every case of the shared vectors in `tests/vectors/` against the core.
//! The Python and Node suites run the same files.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use chat_autologin::{ErrorKind, Issuer, Seconds, Verifier};
use serde_json::Value;

/// A whole vector file: `case_count`, `error_codes` and `cases`.
fn load_file(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/vectors")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn load(name: &str) -> Vec<Value> {
    load_file(name)["cases"].as_array().expect("cases").clone()
}

fn secret(value: &Value) -> Vec<u8> {
    match value {
        Value::String(text) => text.as_bytes().to_vec(),
        Value::Object(map) => {
            let hex = map["hex"].as_str().expect("hex secret");
            (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                .collect()
        }
        other => panic!("not a secret: {other}"),
    }
}

/// A number-of-seconds argument as a dynamically typed caller would pass it, or
/// `None` for a value that is not representable in the Rust API (a type error).
fn seconds(value: &Value) -> Option<Seconds> {
    match value {
        Value::Number(n) => Some(Seconds::Number(n.as_f64().unwrap())),
        Value::Bool(b) => Some(Seconds::Bool(*b)),
        Value::Object(map) => Some(Seconds::Number(match map["float"].as_str() {
            Some("NaN") => f64::NAN,
            Some("Infinity") => f64::INFINITY,
            Some("-Infinity") => f64::NEG_INFINITY,
            other => panic!("unknown float {other:?}"),
        })),
        _ => None,
    }
}

/// The UTF-16 code units of a `{"utf16": parts}` value (text runs and single
/// code units), or `None` for any other value.
fn utf16(value: &Value) -> Option<Vec<u16>> {
    let parts = value.get("utf16")?.as_array().expect("utf16 parts");
    let mut units = Vec::new();
    for part in parts {
        match part {
            Value::String(text) => units.extend(text.encode_utf16()),
            Value::Number(unit) => units.push(u16::try_from(unit.as_u64().unwrap()).unwrap()),
            other => panic!("not a utf16 part: {other}"),
        }
    }
    Some(units)
}

/// An email or a name: a string, or UTF-16 that a Rust `&str` cannot hold when
/// it has a lone surrogate. That surrogate is then the error a binding reports
/// for it, built by the core.
fn text(
    value: &Value,
    lone_surrogate: fn(u16) -> chat_autologin::Error,
) -> Option<Result<String, chat_autologin::Error>> {
    if let Some(units) = utf16(value) {
        return Some(
            char::decode_utf16(units.iter().copied())
                .collect::<Result<String, _>>()
                .map_err(|e| lone_surrogate(e.unpaired_surrogate())),
        );
    }
    value.as_str().map(|text| Ok(text.to_owned()))
}

/// The outcome of one case, in the vectors' own terms.
fn outcome<T>(result: chat_autologin::Result<T>, ok: impl FnOnce(T) -> Value) -> Value {
    match result {
        Ok(value) => ok(value),
        Err(e) => {
            assert!(!e.message().is_empty(), "an error without a message");
            // Short enough to log: never a dump of the token or a 300-digit number.
            assert!(e.message().len() < 300, "a long message: {}", e.message());
            assert_eq!(ErrorKind::from_code(e.code()), Some(e.kind()));
            serde_json::json!({ "error": e.code() })
        }
    }
}

fn mint_case(case: &Value) -> Value {
    let (Some(email), Some(name), Some(ttl)) = (
        text(&case["email"], chat_autologin::rules::email_lone_surrogate),
        text(
            &case["name"],
            chat_autologin::rules::display_name_lone_surrogate,
        ),
        seconds(&case["ttl"]),
    ) else {
        // Not representable in Rust's types: the compiler is the type error.
        let argument = if !case["email"].is_string() {
            "email"
        } else if !case["name"].is_string() {
            "name"
        } else {
            "ttl"
        };
        return serde_json::json!({ "type_error": argument });
    };
    let now = seconds(&case["now"]).expect("now");
    outcome(
        Issuer::with_ttl_seconds(secret(&case["secret"]), ttl).and_then(|issuer| {
            let (email, name) = (email?, name?);
            issuer.issue(&email, &name, Some(now))
        }),
        |minted| serde_json::json!({ "token": minted.token }),
    )
}

fn verify_case(case: &Value) -> Value {
    let secrets: Vec<Vec<u8>> = match (&case["secret"], &case["secrets"]) {
        (Value::Null, Value::Array(list)) => list.iter().map(secret).collect(),
        (one, Value::Null) => vec![secret(one)],
        _ => panic!("a case has either secret or secrets"),
    };
    let mut verifier = Verifier::new(secrets);
    if let Some(leeway) = case.get("leeway") {
        verifier = verifier.and_then(|v| v.with_leeway_seconds(seconds(leeway).unwrap()));
    }
    if let Some(max) = case.get("max_lifetime") {
        verifier = verifier.and_then(|v| v.with_max_lifetime_seconds(seconds(max).unwrap()));
    }
    // A lone surrogate becomes U+FFFD, as the bindings hand it to the core:
    // three bytes, the length the contract gives it, and never a token's character.
    let token = match utf16(&case["token"]) {
        Some(units) => String::from_utf16_lossy(&units),
        None => case["token"].as_str().expect("token").to_owned(),
    };
    let token = token.as_str();
    let now = seconds(&case["now"]).expect("now");
    outcome(
        verifier.and_then(|v| v.verify_at_seconds(token, Some(now))),
        |claims| serde_json::json!({ "claims": claims }),
    )
}

fn run(file: &str, case: fn(&Value) -> Value) {
    let cases = load(file);
    // Exactly as many as the generator wrote: a lost case fails here.
    let count = load_file(file)["case_count"].as_u64().expect("case_count");
    assert_eq!(cases.len() as u64, count, "{file}: cases loaded");
    let mut ran = 0u64;
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            ran += 1;
            let got = case(c);
            let want = &c["expect"];
            let same =
                match (want.get("claims"), got.get("claims")) {
                    // Compare numbers as numbers: 1764115200 and 1764115200.0 are one claim.
                    (Some(w), Some(g)) => ["email", "displayName", "iat", "exp"].iter().all(|k| {
                        match (w[k].as_f64(), g[k].as_f64()) {
                            (Some(a), Some(b)) => a == b,
                            _ => w[k] == g[k],
                        }
                    }),
                    _ => &got == want,
                };
            (!same).then(|| format!("{}: expected {want}, got {got}", c["id"]))
        })
        .collect();
    assert_eq!(ran, count, "{file}: cases run");
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_mint_case() {
    run("mint.json", mint_case);
}

#[test]
fn every_verify_case() {
    run("verify.json", verify_case);
}

#[test]
fn the_error_codes_are_the_generators() {
    // Each file's `error_codes` are the codes its cases expect, and together
    // they are exactly the core's codes: a code without a vector, or a code the
    // core does not know, fails here.
    let mut generated = BTreeSet::new();
    for file in ["mint.json", "verify.json"] {
        let listed: BTreeSet<String> = load_file(file)["error_codes"]
            .as_array()
            .expect("error_codes")
            .iter()
            .map(|code| code.as_str().expect("a code").to_owned())
            .collect();
        let expected: BTreeSet<String> = load(file)
            .iter()
            .filter_map(|case| case["expect"]["error"].as_str().map(str::to_owned))
            .collect();
        assert_eq!(listed, expected, "{file}: error_codes");
        generated.extend(listed);
    }
    let core: BTreeSet<String> = ErrorKind::ALL
        .iter()
        .map(|kind| kind.code().to_owned())
        .collect();
    assert_eq!(core, generated);
}

#[test]
fn the_duration_api_agrees_with_the_seconds_api() {
    // The typed Rust API must decide like the dynamic one the vectors use.
    for case in load("mint.json") {
        let (Some(email), Some(name), Some(Value::Number(ttl)), Some(now)) = (
            case["email"].as_str(),
            case["name"].as_str(),
            Some(&case["ttl"]),
            case["now"].as_f64(),
        ) else {
            continue;
        };
        let Some(ttl) = ttl
            .as_f64()
            .filter(|t| *t >= 0.0 && t.is_finite() && *t < 1e12)
        else {
            continue;
        };
        if now < 0.0 {
            continue;
        }
        let typed =
            Issuer::new(secret(&case["secret"]), Duration::from_secs_f64(ttl)).and_then(|issuer| {
                issuer.mint_at(
                    email,
                    name,
                    std::time::UNIX_EPOCH + Duration::from_secs_f64(now),
                )
            });
        let got = outcome(typed, |token| serde_json::json!({ "token": token }));
        assert_eq!(got, case["expect"], "{}", case["id"]);
    }
}
