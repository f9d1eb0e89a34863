//! Runs every case of `tests/vectors/diagnose.json` against the core's
//! `diagnose`. The Python and Node suites run the same file.

use std::path::PathBuf;

use chat_autologin::{diagnose, ErrorKind, Seconds, Verifier, FINDING_CODES};
use serde_json::Value;

fn load() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/diagnose.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .expect("a list")
        .iter()
        .map(|s| s.as_str().expect("a string").to_owned())
        .collect()
}

/// Runs one case; returns what was wrong with it.
fn run(case: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let token = case["token"].as_str().expect("token");
    let secrets = strings(&case["secrets"]);
    let now = Seconds::Number(case["now"].as_f64().expect("now"));
    let result = diagnose(token, &secrets, Some(now));
    if let Some(code) = case.get("error") {
        match result {
            Err(e) if e.code() == code => {}
            Err(e) => problems.push(format!("error {}, expected {code}", e.code())),
            Ok(d) => problems.push(format!("a diagnosis {d:?}, expected the error {code}")),
        }
        return problems;
    }
    let diagnosis = match result {
        Ok(diagnosis) => diagnosis,
        Err(e) => return vec![format!("error {}: {}", e.code(), e.message())],
    };
    let verdict = &case["verdict"];
    if Value::from(diagnosis.verdict.accepted) != verdict["accepted"] {
        problems.push(format!(
            "accepted {:?}, expected {}",
            diagnosis.verdict.accepted, verdict["accepted"]
        ));
    }
    if Value::from(diagnosis.verdict.code) != verdict["code"] {
        problems.push(format!(
            "verdict {:?}, expected {}",
            diagnosis.verdict.code, verdict["code"]
        ));
    }
    if diagnosis.signature.code() != case["signature"] {
        problems.push(format!(
            "signature {}, expected {}",
            diagnosis.signature.code(),
            case["signature"]
        ));
    }
    let codes: Vec<String> = diagnosis.codes().iter().map(|c| c.to_string()).collect();
    if codes != strings(&case["findings"]) {
        problems.push(format!("findings {codes:?}, expected {}", case["findings"]));
    }
    // The verdict is the verifier's, whatever the diagnosis does after it.
    if !secrets.is_empty() {
        let verified = Verifier::new(&secrets)
            .unwrap()
            .verify_at_seconds(token, Some(now));
        if verified.as_ref().err().map(|e| e.code()) != diagnosis.verdict.code {
            problems.push(format!("the verifier says {verified:?}"));
        }
    }
    let json = diagnosis.to_json();
    let document: Value = serde_json::from_str(&json).expect("to_json writes JSON");
    if document["verdict"]["code"] != verdict["code"]
        || document["findings"].as_array().map(Vec::len) != Some(codes.len())
    {
        problems.push(format!("to_json disagrees: {json}"));
    }
    for secret in secrets.iter().filter(|s| s.trim().len() >= 8) {
        if json.contains(secret.as_str()) || json.contains(secret.trim()) {
            problems.push("a secret appears in the diagnosis".to_owned());
        }
    }
    problems
}

#[test]
fn every_diagnose_case() {
    let file = load();
    assert_eq!(file["version"], 1);
    let cases = file["cases"].as_array().expect("cases");
    assert_eq!(cases.len() as u64, file["case_count"].as_u64().unwrap());
    let mut failures = Vec::new();
    for case in cases {
        for problem in run(case) {
            failures.push(format!("{}: {problem}", case["id"].as_str().unwrap()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_code_in_the_vectors_is_documented() {
    for code in strings(&load()["finding_codes"]) {
        assert!(
            FINDING_CODES.contains(&code.as_str()) || ErrorKind::from_code(&code).is_some(),
            "{code} is not a finding code"
        );
    }
    // Each finding code is snake_case and listed once.
    for (i, code) in FINDING_CODES.iter().enumerate() {
        assert!(
            code.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{code}"
        );
        assert!(!FINDING_CODES[..i].contains(code), "{code} twice");
    }
}
