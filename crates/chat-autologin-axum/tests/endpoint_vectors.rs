//! Every case of `tests/vectors/endpoint.json` through the axum router, on a
//! loopback port, over real HTTP/1.1.

#[path = "../../chat-autologin/tests/support/endpoint.rs"]
mod endpoint_support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use chat_autologin_axum::{ChatAutologin, ChatUser, ScriptOptions};
use endpoint_support::{cases, check_answer, settings, user_text, vectors};
use serde_json::Value;

fn chat(value: &Value) -> ChatAutologin {
    ChatAutologin::from_settings(settings(value))
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// One request over a fresh connection, read to its end.
fn send(port: u16, request: &Value) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let method = request["method"].as_str().unwrap();
    let query = request["query"].as_str().unwrap();
    let target = if query.is_empty() {
        request["path"].as_str().unwrap().to_owned()
    } else {
        format!("{}?{query}", request["path"].as_str().unwrap())
    };
    let mut head =
        format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (name, value) in request["headers"].as_object().unwrap() {
        head.push_str(&format!("{name}: {}\r\n", value.as_str().unwrap()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head");
    let text = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = text.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|line| line.split_once(": "))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    Reply {
        status,
        headers,
        body: raw[end + 4..].to_vec(),
    }
}

/// The app of one case on a loopback port, in its own runtime.
fn serve(app: Router) -> (u16, tokio::runtime::Runtime) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let port = listener.local_addr().unwrap().port();
    runtime.spawn(async move { axum::serve(listener, app).await.unwrap() });
    (port, runtime)
}

#[test]
fn settings_cases() {
    let vectors = vectors();
    for case in cases(&vectors, "settings_cases", "settings") {
        let id = case["id"].as_str().unwrap();
        let error = chat(&case["settings"])
            .router(|()| async { None::<ChatUser> })
            .map(|_: Router| ())
            .expect_err(id);
        assert_eq!(
            error.code(),
            case["expect"]["error"]["code"],
            "{id}: {error}"
        );
        let spelled = match case["expect"]["error"]["setting"].as_str().unwrap() {
            "path_prefix" => "prefix",
            other => other,
        };
        assert!(
            error.message().starts_with(&format!("{spelled}: ")),
            "{id}: {error}"
        );
        for secret in case["message_excludes"].as_array().unwrap() {
            assert!(!error.message().contains(secret.as_str().unwrap()), "{id}");
        }
    }
}

#[test]
fn request_cases() {
    let vectors = vectors();
    for case in cases(&vectors, "request_cases", "requests") {
        let id = case["id"].as_str().unwrap();
        let expect = &case["expect"];
        let user = case["user"].clone();
        let lone_surrogate = !user.is_null()
            && (!user_text(&user["email"]).1
                || user
                    .get("displayName")
                    .is_some_and(|name| !user_text(name).1));
        if lone_surrogate {
            // Unrepresentable here: ChatUser holds Rust strings, which cannot
            // carry a lone surrogate. The core's handling of such a user is
            // checked through its own API (crates/chat-autologin/tests/endpoint_vectors.rs).
            continue;
        }
        let calls = Arc::new(AtomicUsize::new(0));
        let warnings = Arc::new(Mutex::new(Vec::<String>::new()));
        let counted = calls.clone();
        let logged = warnings.clone();
        let app = chat(&case["settings"])
            .on_warning(move |line| logged.lock().unwrap().push(line.to_owned()))
            .router(move |()| {
                counted.fetch_add(1, Ordering::SeqCst);
                let user = user.clone();
                async move {
                    (!user.is_null()).then(|| {
                        let email = user_text(&user["email"]).0;
                        let name = user.get("displayName").map(|n| user_text(n).0);
                        ChatUser::new(email, name.unwrap_or_default())
                    })
                }
            })
            .expect(id);
        let (port, _runtime) = serve(app);
        let reply = send(port, &case["request"]);
        if expect["not_routed"] == true {
            assert_eq!(
                u64::from(reply.status),
                expect["status"].as_u64().unwrap(),
                "{id}"
            );
            assert_eq!(calls.load(Ordering::SeqCst), 0, "{id}");
            continue;
        }
        let warnings = warnings.lock().unwrap();
        check_answer(
            case,
            reply.status,
            |name| reply.header(name).map(str::to_owned),
            &reply.body,
            calls.load(Ordering::SeqCst) > 0,
            &warnings,
        );
    }
}

#[test]
fn script_tag_cases() {
    let vectors = vectors();
    for case in cases(&vectors, "script_tag_cases", "script_tags") {
        let id = case["id"].as_str().unwrap();
        let given = &case["options"];
        let retry_for = given.get("retry_for");
        // A boolean cannot be a Duration: Rust's types refuse it before the
        // core sees it (the core's own runner refuses it as invalid_option).
        if retry_for.is_some_and(Value::is_boolean) {
            continue;
        }
        let options = ScriptOptions {
            desk: given.get("desk").and_then(Value::as_str),
            show: given.get("show").and_then(Value::as_bool).unwrap_or(false),
            retry_for: retry_for.map(|r| Duration::from_secs_f64(r.as_f64().unwrap())),
            nonce: given.get("nonce").and_then(Value::as_str),
            anonymous: case["signed_in"] == false,
        };
        match (
            chat(&case["settings"]).script_tag_with(&options),
            &case["expect"],
        ) {
            (Ok(tag), expect) if expect.get("tag").is_some() => {
                assert_eq!(tag, expect["tag"], "{id}")
            }
            (Err(error), expect) if expect.get("error").is_some() => {
                assert_eq!(error.code(), expect["error"], "{id}")
            }
            (got, expect) => panic!("{id}: {got:?}, expected {expect}"),
        }
    }
}
