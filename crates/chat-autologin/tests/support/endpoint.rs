//! What the Rust runners of `tests/vectors/endpoint.json` share: the core's
//! own (`tests/endpoint_vectors.rs`) and the axum integration's
//! (`chat-autologin-axum/tests/endpoint_vectors.rs`, which includes this file).

use std::path::PathBuf;

use chat_autologin::web::{SettingValue, SiteSettings};
use chat_autologin::{Verifier, COMPANION_SCRIPT};
use serde_json::Value;

/// The vectors, read from the repository.
pub fn vectors() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/endpoint.json");
    let text = std::fs::read_to_string(path).expect("endpoint.json");
    serde_json::from_str(&text).expect("valid JSON")
}

/// The cases of one section, checked against the count the generator wrote.
pub fn cases<'v>(vectors: &'v Value, section: &str, count: &str) -> &'v [Value] {
    let cases = vectors[section].as_array().expect(section);
    assert_eq!(
        cases.len() as u64,
        vectors["counts"][count].as_u64().unwrap()
    );
    cases
}

/// A JSON value as a setting: `null` is unset.
pub fn setting(value: Option<&Value>) -> SettingValue {
    match value {
        None | Some(Value::Null) => SettingValue::Unset,
        Some(Value::String(text)) => SettingValue::text(text.as_str()),
        Some(Value::Bool(flag)) => SettingValue::Bool(*flag),
        Some(Value::Number(n)) => SettingValue::Number(n.as_f64().unwrap()),
        Some(Value::Array(items)) => {
            SettingValue::List(items.iter().map(|v| setting(Some(v))).collect())
        }
        Some(Value::Object(map)) => SettingValue::Map(
            map.iter()
                .map(|(k, v)| (SettingValue::text(k.as_str()), setting(Some(v))))
                .collect(),
        ),
    }
}

/// A case's settings.
pub fn settings(value: &Value) -> SiteSettings {
    SiteSettings {
        secret: setting(value.get("secret")),
        secrets: setting(value.get("secrets")),
        ttl: setting(value.get("ttl")),
        allowed_email_domains: setting(value.get("allowed_email_domains")),
        path_prefix: setting(value.get("path_prefix")),
    }
}

/// A user's string, and whether it is text: UTF-16 code units may hold a lone
/// surrogate, which comes back as U+FFFD.
pub fn user_text(value: &Value) -> (String, bool) {
    match value {
        Value::String(text) => (text.clone(), true),
        Value::Object(map) => {
            let units: Vec<u16> = map["utf16"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u.as_u64().unwrap() as u16)
                .collect();
            match String::from_utf16(&units) {
                Ok(text) => (text, true),
                Err(_) => (String::from_utf16_lossy(&units), false),
            }
        }
        other => panic!("a user string: {other}"),
    }
}

/// What an answer must be, by the case: the status, whether the user was looked
/// up, the headers (`Cache-Control` by its directives), the warning and the body
/// (a 200's token verified with the desk's secret).
pub fn check_answer(
    case: &Value,
    status: u16,
    header: impl Fn(&str) -> Option<String>,
    body: &[u8],
    looked_up: bool,
    warnings: &[String],
) {
    let id = case["id"].as_str().unwrap();
    let expect = &case["expect"];
    assert_eq!(
        u64::from(status),
        expect["status"].as_u64().unwrap(),
        "{id}"
    );
    assert_eq!(looked_up, expect["looks_up_user"] == true, "{id}");
    for (name, value) in expect["headers"].as_object().unwrap() {
        let got = header(name).unwrap_or_else(|| panic!("{id}: no {name}"));
        let wanted = value.as_str().unwrap();
        if name == "Cache-Control" {
            let directives: Vec<&str> = got.split(',').map(str::trim).collect();
            assert!(
                wanted.split(", ").all(|d| directives.contains(&d)),
                "{id}: {got}"
            );
        } else {
            assert_eq!(got, wanted, "{id}: {name}");
        }
    }
    match expect["warning"].as_str() {
        None => assert!(warnings.is_empty(), "{id}: {warnings:?}"),
        Some(code) => assert!(warnings.len() == 1 && warnings[0].contains(code), "{id}"),
    }
    if expect.get("script") == Some(&Value::Bool(true)) {
        assert_eq!(body, COMPANION_SCRIPT.as_bytes(), "{id}");
    } else if let Some(text) = expect["body"].as_str() {
        assert_eq!(String::from_utf8_lossy(body), text, "{id}");
    } else if let Some(token) = expect.get("token").filter(|t| !t.is_null()) {
        let answer: Value = serde_json::from_slice(body).expect(id);
        let keys: Vec<&String> = answer.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["token", "expiresAt"], "{id}");
        let verifier = Verifier::new([token["secret"].as_str().unwrap()]).unwrap();
        let claims = verifier
            .verify(answer["token"].as_str().unwrap())
            .expect(id);
        assert_eq!(claims.email, token["email"].as_str().unwrap(), "{id}");
        assert_eq!(
            claims.display_name,
            token["displayName"].as_str().unwrap(),
            "{id}"
        );
        assert_eq!(
            claims.exp - claims.iat,
            token["ttl"].as_f64().unwrap(),
            "{id}"
        );
        assert_eq!(answer["expiresAt"].as_f64().unwrap(), claims.exp, "{id}");
    } else {
        assert!(body.is_empty(), "{id}: a body");
    }
}
