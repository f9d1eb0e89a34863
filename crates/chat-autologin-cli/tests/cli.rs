//! Runs every case of `tests/vectors/cli.json` against the `chat-autologin`
//! binary. The file's `description` documents the format.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The string that, in `stdout_json`, matches any string.
const ANY: &str = "{any}";

fn vectors() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/cli.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A fresh directory for one case's files, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(case: usize) -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir = std::env::temp_dir().join(format!(
            "chat-autologin-cli-test-{}-{case}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn hex(text: &str) -> Vec<u8> {
    assert!(text.len().is_multiple_of(2), "odd hex {text:?}");
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

fn file_bytes(content: &Value) -> Vec<u8> {
    match content {
        Value::String(text) => text.as_bytes().to_vec(),
        Value::Object(map) => hex(map["hex"].as_str().expect("{\"hex\": …}")),
        other => panic!("not file content: {other}"),
    }
}

/// Replaces every `{file:NAME}` in an argument with the path of NAME in `dir`.
fn expand(arg: &str, dir: &Path) -> String {
    let mut out = String::new();
    let mut rest = arg;
    while let Some(start) = rest.find("{file:") {
        let end = start + rest[start..].find('}').expect("unclosed {file:");
        out.push_str(&rest[..start]);
        let name = &rest[start + "{file:".len()..end];
        out.push_str(dir.join(name).to_str().expect("UTF-8 temp path"));
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// `actual` equals `expected`, where the expected string `{any}` matches any string.
/// Numbers compare as written: `1` does not match `1.0`.
fn json_matches(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::String(e), Value::String(_)) if e == ANY => true,
        (Value::Array(e), Value::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(e, a)| json_matches(e, a))
        }
        (Value::Object(e), Value::Object(a)) => {
            e.len() == a.len()
                && e.iter()
                    .all(|(k, e)| a.get(k).is_some_and(|a| json_matches(e, a)))
        }
        _ => expected == actual,
    }
}

fn strings(case: &Value, key: &str) -> Vec<String> {
    case.get(key)
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .map(|s| s.as_str().expect("a string").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// Everything a case treats as a secret: env values, file contents (with and
/// without one trailing newline) and its `secrets` list.
fn secrets(case: &Value) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    for value in case["env"].as_object().into_iter().flat_map(|m| m.values()) {
        out.push(value.as_str().expect("env value").as_bytes().to_vec());
    }
    for content in case["files"]
        .as_object()
        .into_iter()
        .flat_map(|m| m.values())
    {
        let bytes = file_bytes(content);
        let trimmed = bytes
            .strip_suffix(b"\r\n")
            .or_else(|| bytes.strip_suffix(b"\n"))
            .unwrap_or(&bytes)
            .to_vec();
        out.push(trimmed);
        out.push(bytes);
    }
    out.extend(strings(case, "secrets").into_iter().map(String::into_bytes));
    // Short or blank values (an empty variable, spaces) would match by accident.
    out.retain(|s| s.iter().filter(|b| !b.is_ascii_whitespace()).count() >= 8);
    out
}

/// Runs one case and returns what was wrong with it, if anything.
fn run(index: usize, case: &Value) -> Vec<String> {
    let dir = TempDir::new(index);
    let mut problems = Vec::new();
    let mut fail = |message: String| problems.push(message);

    for (name, content) in case["files"].as_object().into_iter().flatten() {
        std::fs::write(dir.0.join(name), file_bytes(content)).unwrap();
    }
    let args: Vec<String> = case["args"]
        .as_array()
        .expect("args")
        .iter()
        .map(|a| expand(a.as_str().expect("string args"), &dir.0))
        .collect();
    let mut command = Command::cargo_bin("chat-autologin").unwrap();
    command.args(&args);
    for (name, value) in case["env"].as_object().into_iter().flatten() {
        command.env(name, value.as_str().expect("env value"));
    }
    match &case["stdin"] {
        Value::Null => {
            command.write_stdin(Vec::new());
        }
        Value::String(text) => {
            command.write_stdin(text.as_bytes().to_vec());
        }
        other => panic!("stdin must be a string or null, not {other}"),
    }
    let output = command.output().expect("the binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);

    let exit = case["exit"].as_i64().expect("exit");
    if output.status.code() != Some(exit as i32) {
        fail(format!("exit {:?}, expected {exit}", output.status.code()));
    }
    let json_flag = args.iter().any(|a| a == "--json");
    match exit {
        0 if !stderr.is_empty() => fail("stderr is not empty on success".into()),
        1 if json_flag => {
            if !stderr.is_empty() {
                fail("stderr is not empty on a --json failure".into());
            }
            let parsed: Option<Value> = serde_json::from_str(&stdout).ok();
            let error = parsed.as_ref().and_then(|v| v.get("error"));
            if !error.is_some_and(|e| e["code"].is_string() && e["message"].is_string()) {
                fail("stdout is not {\"error\":{\"code\",\"message\"}}".into());
            }
        }
        1 => {
            if !stdout.is_empty() {
                fail("stdout is not empty on a failure".into());
            }
            let line = stderr.strip_suffix('\n').unwrap_or(&stderr);
            let well_formed = line
                .strip_prefix("error: ")
                .and_then(|r| r.split_once(": "));
            let ok = well_formed.is_some_and(|(code, message)| {
                !code.is_empty()
                    && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                    && !message.is_empty()
            });
            if !ok || line.contains('\n') {
                fail("stderr is not one line `error: <code>: <message>`".into());
            }
        }
        2 => {
            if !stdout.is_empty() {
                fail("stdout is not empty on a usage error".into());
            }
            if stderr.is_empty() {
                fail("a usage error with nothing on stderr".into());
            }
        }
        _ => {}
    }

    if let Some(expected) = case.get("stdout").and_then(Value::as_str) {
        if stdout != expected {
            fail(format!("stdout {stdout:?}, expected {expected:?}"));
        }
    }
    if let Some(expected) = case.get("stdout_json") {
        match serde_json::from_str::<Value>(&stdout) {
            Ok(actual) if json_matches(expected, &actual) => {}
            Ok(actual) => fail(format!("stdout JSON {actual}, expected {expected}")),
            Err(e) => fail(format!("stdout is not JSON ({e}): {stdout:?}")),
        }
    }
    let checks = [
        ("stdout_contains", &stdout, true),
        ("stdout_not_contains", &stdout, false),
        ("stderr_contains", &stderr, true),
        ("stderr_not_contains", &stderr, false),
    ];
    for (key, text, wanted) in checks {
        for needle in strings(case, key) {
            if text.contains(&needle) != wanted {
                fail(format!("{key} {needle:?} failed on {text:?}"));
            }
        }
    }
    for secret in secrets(case) {
        let shown = String::from_utf8_lossy(&secret);
        if contains(&output.stdout, &secret) {
            fail(format!("the secret {shown:?} appears on stdout"));
        }
        if contains(&output.stderr, &secret) {
            fail(format!("the secret {shown:?} appears on stderr"));
        }
    }
    problems
}

#[test]
fn every_cli_case() {
    let file = vectors();
    assert_eq!(file["version"], 1);
    let cases = file["cases"].as_array().expect("cases");
    // The generator records how many cases it wrote: none may go missing.
    let count = file["case_count"].as_u64().expect("case_count");
    assert_eq!(cases.len() as u64, count, "cases in cli.json");

    let mut ids = BTreeMap::new();
    let mut failures = Vec::new();
    for (index, case) in cases.iter().enumerate() {
        let id = case["id"].as_str().expect("id");
        assert!(ids.insert(id, index).is_none(), "duplicate id {id}");
        for problem in run(index, case) {
            failures.push(format!("{id}: {problem}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn the_runner_matches_json_with_wildcards() {
    let expected = serde_json::json!({"error": {"code": "bad_signature", "message": ANY}});
    let actual = serde_json::json!({"error": {"code": "bad_signature", "message": "x"}});
    assert!(json_matches(&expected, &actual));
    let other = serde_json::json!({"error": {"code": "token_expired", "message": "x"}});
    assert!(!json_matches(&expected, &other));
    let extra = serde_json::json!({"error": {"code": "bad_signature", "message": "x", "more": 1}});
    assert!(!json_matches(&expected, &extra));
    assert!(!json_matches(
        &serde_json::json!(1),
        &serde_json::json!(1.0)
    ));
    assert!(json_matches(
        &serde_json::json!(1.5),
        &serde_json::json!(1.5)
    ));
}

/// `inspect --json` gives the core's diagnosis: every case of the shared
/// `tests/vectors/diagnose.json`, which the Python and Node suites run too.
#[test]
fn inspect_json_runs_the_diagnose_vectors() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/diagnose.json");
    let file: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut failures = Vec::new();
    for case in file["cases"].as_array().expect("cases") {
        let id = case["id"].as_str().unwrap();
        let mut command = Command::cargo_bin("chat-autologin").unwrap();
        command.args([
            "inspect",
            case["token"].as_str().unwrap(),
            "--json",
            "--now",
        ]);
        command.arg(case["now"].to_string());
        for (index, secret) in strings(case, "secrets").iter().enumerate() {
            let name = format!("CHAT_DIAGNOSE_SECRET_{index}");
            command.args(["--secret-env", &name]).env(&name, secret);
        }
        let output = command.output().expect("the binary runs");
        let Ok(stdout) = serde_json::from_slice::<Value>(&output.stdout) else {
            failures.push(format!("{id}: stdout is not JSON"));
            continue;
        };
        let (code, findings) = match (&stdout["error"], case.get("error")) {
            // Nothing decodes: inspect fails with the verdict's code.
            (Value::Object(error), _) => (error["code"].clone(), Value::Array(Vec::new())),
            _ => (
                stdout["verdict"]["code"].clone(),
                Value::Array(
                    stdout["findings"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|finding| finding["code"].clone())
                        .collect(),
                ),
            ),
        };
        let expected = match case.get("error") {
            Some(error) => (error.clone(), Value::Array(Vec::new())),
            None => (case["verdict"]["code"].clone(), case["findings"].clone()),
        };
        if (code.clone(), findings.clone()) != expected {
            failures.push(format!("{id}: {code} {findings}, expected {expected:?}"));
        }
        for secret in strings(case, "secrets") {
            if contains(&output.stdout, secret.trim().as_bytes()) {
                failures.push(format!("{id}: a secret on stdout"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
