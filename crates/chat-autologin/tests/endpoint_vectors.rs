//! Every case of `tests/vectors/endpoint.json` through the core's `web` module,
//! as an integration would call it.

mod support;

use chat_autologin::web::{
    self, ScriptOptions, SettingNames, Site, SiteUser, Text, Token, TokenRequest,
};
use chat_autologin::Seconds;
use serde_json::Value;
use support::endpoint::{cases, check_answer, settings, user_text, vectors};

fn site(value: &Value) -> Site {
    Site::new(settings(value), &SettingNames::RUST).expect("valid settings")
}

fn text((text, valid): &(String, bool)) -> Text<'_> {
    if *valid {
        Text::Valid(text)
    } else {
        Text::NotUnicode(text)
    }
}

#[test]
fn settings_cases() {
    let vectors = vectors();
    for case in cases(&vectors, "settings_cases", "settings") {
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
    assert_eq!(vectors["script_version"], web::script_version());
    for case in cases(&vectors, "request_cases", "requests") {
        let id = case["id"].as_str().unwrap();
        let site = site(&case["settings"]);
        let request = &case["request"];
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
                    let email = user.get("email").map(user_text);
                    let name = user.get("displayName").map(user_text);
                    let user = email.as_ref().map(|email| SiteUser {
                        email: text(email),
                        display_name: name.as_ref().map(text),
                    });
                    // The same answer with a room handed in, whatever it held:
                    // a 200's body is written into it.
                    let mut room = Vec::with_capacity(1024);
                    room.extend_from_slice(b"left over");
                    let room_at = room.as_ptr();
                    let answer = site.token_answer_in(pending, user, room);
                    if answer.status == 200 && !answer.body.is_empty() {
                        assert_eq!(answer.body.as_ptr(), room_at, "{id}: the room is reused");
                    }
                    check_core_answer(case, &answer, looked_up);
                    site.token_answer(pending, user)
                }
            }
        } else if path == format!("{}{}", site.prefix(), web::CLIENT_JS_PATH) {
            web::client_js(method, header("If-None-Match"))
        } else {
            assert_eq!(
                case["expect"]["not_routed"], true,
                "{id}: {path} is not routed"
            );
            continue;
        };
        check_core_answer(case, &answer, looked_up);
    }
}

/// `check_answer` over one of the core's answers.
fn check_core_answer(case: &Value, answer: &web::Answer, looked_up: bool) {
    let warnings: Vec<String> = answer.warning.iter().cloned().collect();
    check_answer(
        case,
        answer.status,
        |name| answer.header(name).map(str::to_owned),
        &answer.body,
        looked_up,
        &warnings,
    );
}

#[test]
fn script_tag_cases() {
    let vectors = vectors();
    for case in cases(&vectors, "script_tag_cases", "script_tags") {
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
