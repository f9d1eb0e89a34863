//! Every case of `tests/vectors/endpoint.json` through the core's `web` module,
//! as an integration would call it.

use std::path::PathBuf;

use chat_autologin::web::{
    self, Answer, ScriptOptions, SettingNames, SettingValue, Site, SiteSettings, SiteUser, Text,
    Token, TokenRequest,
};
use chat_autologin::{Seconds, Verifier, COMPANION_SCRIPT};
use serde_json::Value;

fn vectors() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/endpoint.json");
    let text = std::fs::read_to_string(&path).expect("endpoint.json");
    serde_json::from_str(&text).expect("valid JSON")
}

/// A JSON value as a setting: `null` is unset.
fn setting(value: Option<&Value>) -> SettingValue {
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

fn settings(value: &Value) -> SiteSettings {
    SiteSettings {
        secret: setting(value.get("secret")),
        secrets: setting(value.get("secrets")),
        ttl: setting(value.get("ttl")),
        allowed_email_domains: setting(value.get("allowed_email_domains")),
        path_prefix: setting(value.get("path_prefix")),
    }
}

fn site(value: &Value) -> Site {
    Site::new(settings(value), &SettingNames::RUST).expect("valid settings")
}

/// A user's string: text, or UTF-16 code units that may hold a lone surrogate.
fn user_text(value: &Value) -> (String, bool) {
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

fn text((text, valid): &(String, bool)) -> Text<'_> {
    if *valid {
        Text::Valid(text)
    } else {
        Text::NotUnicode(text)
    }
}

fn check_headers(id: &str, answer: &Answer, expected: &Value) {
    for (name, value) in expected.as_object().unwrap() {
        let got = answer
            .header(name)
            .unwrap_or_else(|| panic!("{id}: no {name} header"));
        if name == "Cache-Control" {
            let directives: Vec<&str> = got.split(',').map(str::trim).collect();
            for wanted in value.as_str().unwrap().split(',').map(str::trim) {
                assert!(directives.contains(&wanted), "{id}: Cache-Control {got}");
            }
        } else {
            assert_eq!(got, value.as_str().unwrap(), "{id}: {name}");
        }
    }
}

#[test]
fn settings_cases() {
    let vectors = vectors();
    let cases = vectors["settings_cases"].as_array().unwrap();
    assert_eq!(
        cases.len() as u64,
        vectors["counts"]["settings"].as_u64().unwrap()
    );
    for case in cases {
        let id = case["id"].as_str().unwrap();
        let error = Site::new(settings(&case["settings"]), &SettingNames::RUST).expect_err(id);
        let expected = &case["expect"]["error"];
        assert_eq!(
            error.code(),
            expected["code"].as_str().unwrap(),
            "{id}: {error}"
        );
        let setting = format!("{:?}", error.setting());
        let wanted = expected["setting"].as_str().unwrap().replace('_', "");
        assert!(setting.eq_ignore_ascii_case(&wanted), "{id}: {setting}");
        let spelled = match expected["setting"].as_str().unwrap() {
            "path_prefix" => "prefix",
            other => other,
        };
        assert!(
            error.message().starts_with(&format!("{spelled}: ")),
            "{id}: {error}"
        );
        for secret in case["message_excludes"].as_array().unwrap() {
            assert!(
                !error.message().contains(secret.as_str().unwrap()),
                "{id}: {error}"
            );
        }
        assert!(error.message().len() < 400, "{id}: {error}");
    }
}

#[test]
fn request_cases() {
    let vectors = vectors();
    let cases = vectors["request_cases"].as_array().unwrap();
    assert_eq!(
        cases.len() as u64,
        vectors["counts"]["requests"].as_u64().unwrap()
    );
    assert_eq!(vectors["script_version"], web::script_version());
    for case in cases {
        let id = case["id"].as_str().unwrap();
        let site = site(&case["settings"]);
        let request = &case["request"];
        let expect = &case["expect"];
        let path = request["path"].as_str().unwrap();
        let method = request["method"].as_str().unwrap();
        let header = |name: &str| request["headers"].get(name).and_then(Value::as_str);
        let mut looked_up = false;
        let answer = if path == format!("{}{}", site.prefix(), web::TOKEN_PATH) {
            let token_request = TokenRequest {
                method,
                query: request["query"].as_str().unwrap().as_bytes(),
                sec_fetch_site: header("Sec-Fetch-Site"),
            };
            match site.token_request(&token_request) {
                Token::Answer(answer) => answer,
                Token::LookUpUser(pending) => {
                    looked_up = true;
                    let user = &case["user"];
                    if user.is_null() {
                        site.token_answer(pending, None)
                    } else {
                        let email = user_text(&user["email"]);
                        let name = user.get("displayName").map(user_text);
                        let user = SiteUser {
                            email: text(&email),
                            display_name: name.as_ref().map(text),
                        };
                        site.token_answer(pending, Some(user))
                    }
                }
            }
        } else if path == format!("{}{}", site.prefix(), web::CLIENT_JS_PATH) {
            web::client_js(method, header("If-None-Match"))
        } else {
            assert_eq!(expect["not_routed"], true, "{id}: {path} is not routed");
            continue;
        };
        assert_eq!(
            looked_up,
            expect["looks_up_user"].as_bool().unwrap(),
            "{id}"
        );
        assert_eq!(
            u64::from(answer.status),
            expect["status"].as_u64().unwrap(),
            "{id}"
        );
        check_headers(id, &answer, &expect["headers"]);
        assert_eq!(
            answer.warning.is_some(),
            !expect["warning"].is_null(),
            "{id}: {:?}",
            answer.warning
        );
        if let Some(code) = expect["warning"].as_str() {
            assert!(answer.warning.as_ref().unwrap().contains(code), "{id}");
        }
        if expect.get("script") == Some(&Value::Bool(true)) {
            assert_eq!(&*answer.body, COMPANION_SCRIPT.as_bytes(), "{id}");
        } else if let Some(body) = expect["body"].as_str() {
            assert_eq!(std::str::from_utf8(&answer.body).unwrap(), body, "{id}");
        } else if let Some(token) = expect.get("token").filter(|t| !t.is_null()) {
            let body: Value = serde_json::from_slice(&answer.body).expect(id);
            let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
            assert_eq!(keys, ["token", "expiresAt"], "{id}");
            let verifier = Verifier::new([token["secret"].as_str().unwrap()]).unwrap();
            let claims = verifier.verify(body["token"].as_str().unwrap()).expect(id);
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
            assert_eq!(body["expiresAt"].as_f64().unwrap(), claims.exp, "{id}");
        } else {
            assert!(answer.body.is_empty(), "{id}: a body");
        }
    }
}

#[test]
fn script_tag_cases() {
    let vectors = vectors();
    let cases = vectors["script_tag_cases"].as_array().unwrap();
    assert_eq!(
        cases.len() as u64,
        vectors["counts"]["script_tags"].as_u64().unwrap()
    );
    for case in cases {
        let id = case["id"].as_str().unwrap();
        let site = site(&case["settings"]);
        let given = &case["options"];
        let options = ScriptOptions {
            desk: given.get("desk").and_then(Value::as_str),
            show: given.get("show").and_then(Value::as_bool).unwrap_or(false),
            retry_for: given.get("retry_for").map(|value| match value {
                Value::Bool(flag) => Seconds::Bool(*flag),
                other => Seconds::Number(other.as_f64().unwrap()),
            }),
            nonce: given.get("nonce").and_then(Value::as_str),
            anonymous: !case["signed_in"].as_bool().unwrap(),
        };
        let src = format!("{}{}", site.prefix(), web::CLIENT_JS_PATH);
        match (site.script_tag(&src, &options), &case["expect"]) {
            (Ok(tag), expect) if expect.get("tag").is_some() => {
                assert_eq!(tag, expect["tag"].as_str().unwrap(), "{id}")
            }
            (Err(error), expect) if expect.get("error").is_some() => {
                assert_eq!(error.code(), expect["error"].as_str().unwrap(), "{id}")
            }
            (got, expect) => panic!("{id}: {got:?}, expected {expect}"),
        }
    }
}
