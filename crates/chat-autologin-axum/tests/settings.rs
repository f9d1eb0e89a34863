//! Settings that cannot work fail when the router is built, with the contract's
//! codes; the script tag; no secret in any message or `Debug`.

use std::time::Duration;

use axum::http::HeaderMap;
use axum::Router;
use chat_autologin_axum::{ChatAutologin, ChatUser, Error, ScriptOptions};

const SECRET: &str = "axum-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLM";
const SHORT_SECRET: &str = "too-short-a-secret";

fn build(chat: &ChatAutologin) -> Result<Router, Error> {
    chat.router(|_: HeaderMap| async { None::<ChatUser> })
}

fn build_error(chat: &ChatAutologin) -> Error {
    let error = build(chat).expect_err("the settings are refused");
    assert!(!error.message().contains(SHORT_SECRET), "{error}");
    assert!(!error.message().contains(SECRET), "{error}");
    assert_eq!(error.to_string(), error.message());
    assert_eq!(error.code(), error.kind().code());
    error
}

#[test]
fn the_lifetime_follows_the_cores_rule() {
    for ttl in [
        Duration::ZERO,
        Duration::from_secs(86_401),
        Duration::from_millis(1_500),
    ] {
        let error = build_error(&ChatAutologin::new(SECRET).ttl(ttl));
        assert_eq!(error.code(), "invalid_ttl", "{ttl:?}");
    }
    for ttl in [1, 300, 86_400] {
        assert!(build(&ChatAutologin::new(SECRET).ttl(Duration::from_secs(ttl))).is_ok());
    }
    // A bad secret is reported before a bad lifetime, and a desk's lifetime
    // error does not blame the desk.
    let chat = ChatAutologin::new(SHORT_SECRET).ttl(Duration::ZERO);
    assert_eq!(build_error(&chat).code(), "invalid_secret");
    let chat = ChatAutologin::with_desks([("support", SECRET)]).ttl(Duration::ZERO);
    let error = build_error(&chat);
    assert_eq!(error.code(), "invalid_ttl");
    assert!(!error.message().contains("support"), "{error}");
}

#[test]
fn allowed_email_domains_must_be_domains() {
    let none: [&str; 0] = [];
    for domains in [
        &none[..],
        &[""],
        &["@"],
        &["ada@example.com"],
        &["example .com"],
        &["example.com\n"],
    ] {
        let error =
            build_error(&ChatAutologin::new(SECRET).allowed_email_domains(domains.iter().copied()));
        assert_eq!(error.code(), "invalid_option", "{domains:?}");
    }
    let chat = ChatAutologin::new(SECRET)
        .allowed_email_domains(vec!["example.com".to_owned(), "@Example.NET".to_owned()]);
    assert!(build(&chat).is_ok());
}

#[test]
fn the_script_tag_with_every_option() {
    let chat = ChatAutologin::with_desks([("support", SECRET)]);
    let src = chat.script_src().unwrap();
    let options = ScriptOptions {
        desk: Some("support"),
        show: true,
        nonce: Some("r4nd\"0m"),
        retry_for: Some(Duration::from_secs(90)),
        anonymous: true,
    };
    assert_eq!(
        chat.script_tag_with(&options).unwrap(),
        format!(
            "<script src=\"{src}\" defer data-desk=\"support\" data-show=\"true\" \
             data-retry-for=\"90\" data-anonymous=\"true\" nonce=\"r4nd&quot;0m\"></script>"
        )
    );
    // Whole seconds only.
    let fraction = ScriptOptions {
        retry_for: Some(Duration::from_millis(90_500)),
        ..options
    };
    assert_eq!(
        chat.script_tag_with(&fraction).unwrap_err().code(),
        "invalid_option"
    );
    assert_eq!(
        chat.script_tag_with(&ScriptOptions {
            desk: Some("support"),
            ..ScriptOptions::default()
        })
        .unwrap(),
        chat.script_tag(Some("support"), false).unwrap()
    );
    let zero = ScriptOptions {
        retry_for: Some(Duration::ZERO),
        ..options
    };
    assert_eq!(
        chat.script_tag_with(&zero).unwrap_err().code(),
        "invalid_option"
    );
    // The desk is still required.
    let error = chat.script_tag_with(&ScriptOptions::default()).unwrap_err();
    assert_eq!(error.code(), "invalid_option");
}

#[test]
fn debug_never_shows_a_secret() {
    let chat = ChatAutologin::new(SECRET).allowed_email_domains(["example.com"]);
    let shown = format!("{chat:?}");
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(shown.contains("Bytes(<"), "{shown}");
    let chat = ChatAutologin::with_desks([("support", SECRET)]);
    let shown = format!("{chat:#?}");
    assert!(!shown.contains(SECRET), "{shown}");
}

#[test]
fn the_types_are_shareable() {
    fn shareable<T: Send + Sync + Clone + 'static>() {}
    shareable::<ChatAutologin>();
    shareable::<ChatUser>();
    shareable::<Error>();
    let error: Box<dyn std::error::Error + Send + Sync> =
        Box::new(build_error(&ChatAutologin::new("")));
    assert!(!error.to_string().is_empty());
}
