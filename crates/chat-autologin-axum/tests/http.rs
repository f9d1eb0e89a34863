//! The router on a free port of the loopback interface, over real HTTP.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::FromRequestParts;
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use chat_autologin::{Verifier, COMPANION_SCRIPT};
use chat_autologin_axum::{ChatAutologin, ChatUser, DEFAULT_PREFIX};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const SECRET: &str = "axum-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLM";
const SUPPORT_SECRET: &str = "axum-support-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG";
const SALES_SECRET: &str = "axum-sales-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHI";

/// The site's sessions, kept on the server: the `session` cookie names one.
fn user_for(headers: &HeaderMap) -> Option<ChatUser> {
    let cookies = headers.get(COOKIE)?.to_str().ok()?;
    let session = cookies
        .split(';')
        .find_map(|cookie| cookie.trim().strip_prefix("session="))?;
    let (email, name) = match session {
        "ada" => ("ada@example.com", "Ada Lovelace"),
        "bob" => ("BOB@Example.COM", "Bob"),
        "eve" => ("eve@elsewhere.org", "Eve"),
        "lookalike" => ("mallory@example.com.elsewhere.org", "Mallory"),
        "blank" => ("blank@example.com", "   "),
        _ => return None,
    };
    Some(ChatUser::new(email, name))
}

/// The usual set-up: the user from the request's headers.
fn router(chat: &ChatAutologin) -> Router {
    chat.router(|headers: HeaderMap| async move { user_for(&headers) })
        .expect("valid settings")
}

/// A server on 127.0.0.1:0, stopped when dropped.
struct Server {
    base: String,
    _runtime: tokio::runtime::Runtime,
}

fn serve(app: Router) -> Server {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("a free port");
    let base = format!("http://{}", listener.local_addr().unwrap());
    runtime.spawn(async move { axum::serve(listener, app).await.unwrap() });
    Server {
        base,
        _runtime: runtime,
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn from(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
        let mut response = result.expect("an HTTP answer");
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    value.to_str().unwrap_or("").to_owned(),
                )
            })
            .collect();
        Reply {
            status: response.status().as_u16(),
            headers,
            body: response.body_mut().read_to_string().expect("a text body"),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    fn json(&self) -> Value {
        assert_eq!(self.header("content-type"), Some("application/json"));
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    /// Asserts a JSON error answer, byte for byte as the other integrations write it.
    fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status, status, "{self:?}");
        assert_eq!(self.header("cache-control"), Some("no-store"), "{self:?}");
        assert_eq!(self.json(), json!({ "error": code }));
        assert_eq!(self.body, format!("{{\"error\":\"{code}\"}}"));
    }
}

impl Server {
    fn get(&self, path: &str, session: Option<&str>) -> Reply {
        let mut request = agent().get(format!("{}{path}", self.base));
        if let Some(session) = session {
            request = request.header("Cookie", format!("theme=dark; session={session}"));
        }
        Reply::from(request.call())
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Checks a 200 answer and returns its token, after checking it against `secret`.
fn token_from(reply: &Reply, secret: &str, email: &str, name: &str) -> String {
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    let body = reply.json();
    let object = body.as_object().unwrap();
    assert_eq!(
        object.keys().collect::<Vec<_>>(),
        ["token", "expiresAt"],
        "{body}"
    );
    let token = body["token"].as_str().unwrap();
    let expires_at = body["expiresAt"].as_u64().expect("expiresAt is an integer");
    let claims = Verifier::new([secret]).unwrap().verify(token).unwrap();
    assert_eq!(claims.email, email);
    assert_eq!(claims.display_name, name);
    assert_eq!(claims.exp, expires_at as f64);
    let iat = claims.iat as u64;
    assert!(iat.abs_diff(now()) <= 5, "iat {iat}");
    token.to_owned()
}

#[test]
fn a_signed_in_visitor_gets_a_token_that_the_core_verifies() {
    let chat = ChatAutologin::new(SECRET).ttl(Duration::from_secs(120));
    let server = serve(router(&chat));
    let reply = server.get("/chat-autologin/token", Some("ada"));
    let token = token_from(&reply, SECRET, "ada@example.com", "Ada Lovelace");
    let claims = Verifier::new([SECRET]).unwrap().verify(&token).unwrap();
    assert_eq!(claims.exp - claims.iat, 120.0);
    assert!(reply.body.starts_with("{\"token\":\""), "{}", reply.body);

    // The default lifetime is 300 seconds.
    let server = serve(router(&ChatAutologin::new(SECRET)));
    let reply = server.get("/chat-autologin/token", Some("ada"));
    let token = token_from(&reply, SECRET, "ada@example.com", "Ada Lovelace");
    let claims = Verifier::new([SECRET]).unwrap().verify(&token).unwrap();
    assert_eq!(claims.exp - claims.iat, 300.0);

    // A fresh token each time is fine; HEAD answers like GET, without a body.
    let reply = Reply::from(
        agent()
            .head(format!("{}/chat-autologin/token", server.base))
            .header("Cookie", "session=ada")
            .call(),
    );
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    assert_eq!(reply.body, "");
}

#[test]
fn a_visitor_who_is_not_signed_in_gets_401() {
    let server = serve(router(&ChatAutologin::new(SECRET)));
    server
        .get("/chat-autologin/token", None)
        .assert_error(401, "not_authenticated");
    server
        .get("/chat-autologin/token", Some("nobody"))
        .assert_error(401, "not_authenticated");
    // The identity is the server's: nothing in the request names a user.
    server
        .get("/chat-autologin/token?email=ada@example.com&name=Ada", None)
        .assert_error(401, "not_authenticated");
}

#[test]
fn emails_outside_the_allowed_domains_get_403() {
    let chat = ChatAutologin::new(SECRET).allowed_email_domains(["Example.com", "@example.net"]);
    let server = serve(router(&chat));
    let reply = server.get("/chat-autologin/token", Some("ada"));
    token_from(&reply, SECRET, "ada@example.com", "Ada Lovelace");
    // The domain is compared ignoring case; the email goes into the token as given.
    let reply = server.get("/chat-autologin/token", Some("bob"));
    token_from(&reply, SECRET, "BOB@Example.COM", "Bob");
    server
        .get("/chat-autologin/token", Some("eve"))
        .assert_error(403, "email_domain_not_allowed");
    // The domain is what follows the last '@', not a prefix of it.
    server
        .get("/chat-autologin/token", Some("lookalike"))
        .assert_error(403, "email_domain_not_allowed");
    // Anonymous visitors are still 401, not 403.
    server
        .get("/chat-autologin/token", None)
        .assert_error(401, "not_authenticated");
}

#[test]
fn a_user_the_chat_cannot_take_gets_403_with_the_cores_code() {
    let server = serve(router(&ChatAutologin::new(SECRET)));
    // A blank name is not one: the email stands in for it.
    let reply = server.get("/chat-autologin/token", Some("blank"));
    token_from(&reply, SECRET, "blank@example.com", "blank@example.com");
}

#[test]
fn several_desks_are_chosen_with_the_desk_parameter() {
    let chat = ChatAutologin::with_desks([("support", SUPPORT_SECRET), ("sales", SALES_SECRET)]);
    let server = serve(router(&chat));
    for session in [Some("ada"), None] {
        server
            .get("/chat-autologin/token", session)
            .assert_error(400, "desk_required");
        server
            .get("/chat-autologin/token?desk=", session)
            .assert_error(400, "desk_required");
        server
            .get("/chat-autologin/token?desk=marketing", session)
            .assert_error(404, "unknown_desk");
        server
            .get("/chat-autologin/token?desk=SALES", session)
            .assert_error(404, "unknown_desk");
    }
    let reply = server.get("/chat-autologin/token?desk=sales", Some("ada"));
    let token = token_from(&reply, SALES_SECRET, "ada@example.com", "Ada Lovelace");
    let other = Verifier::new([SUPPORT_SECRET]).unwrap().verify(&token);
    assert_eq!(other.unwrap_err().code(), "bad_signature");

    server
        .get(
            "/chat-autologin/token?x=1&desk=support&desk=sales",
            Some("ada"),
        )
        .assert_error(400, "desk_ambiguous");

    // A desk name that is percent-encoded.
    let reply = server.get("/chat-autologin/token?desk=s%75pport", Some("ada"));
    token_from(&reply, SUPPORT_SECRET, "ada@example.com", "Ada Lovelace");
}

#[test]
fn with_one_secret_the_desk_parameter_is_ignored() {
    let server = serve(router(&ChatAutologin::new(SECRET)));
    let reply = server.get("/chat-autologin/token?desk=anything", Some("ada"));
    token_from(&reply, SECRET, "ada@example.com", "Ada Lovelace");
}

#[test]
fn client_js_is_the_companion_script() {
    let chat = ChatAutologin::new(SECRET);
    let server = serve(router(&chat));
    let reply = server.get("/chat-autologin/client.js", None);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, COMPANION_SCRIPT);
    assert_eq!(
        reply.header("content-type"),
        Some("application/javascript; charset=utf-8")
    );
    assert_eq!(reply.header("cache-control"), Some("public, max-age=86400"));
    // The ETag and the tag's ?v= are the first 16 hex digits of the script's
    // SHA-256, as in the Python and Node integrations.
    let digest = Sha256::digest(COMPANION_SCRIPT.as_bytes());
    let version: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        reply.header("etag"),
        Some(format!("\"{version}\"").as_str())
    );
    assert_eq!(
        chat.script_src().unwrap(),
        format!("/chat-autologin/client.js?v={version}")
    );
    // The URL the script tag gives is served too.
    let reply = server.get(&chat.script_src().unwrap(), None);
    assert_eq!(reply.body, COMPANION_SCRIPT);

    for if_none_match in [
        format!("\"{version}\""),
        format!("W/\"{version}\""),
        format!("\"other\", \"{version}\""),
    ] {
        let reply = Reply::from(
            agent()
                .get(format!("{}/chat-autologin/client.js", server.base))
                .header("If-None-Match", &if_none_match)
                .call(),
        );
        assert_eq!(reply.status, 304, "{if_none_match}");
        assert_eq!(reply.body, "");
        assert_eq!(
            reply.header("etag"),
            Some(format!("\"{version}\"").as_str())
        );
    }
    let reply = Reply::from(
        agent()
            .get(format!("{}/chat-autologin/client.js", server.base))
            .header("If-None-Match", "\"stale\"")
            .call(),
    );
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, COMPANION_SCRIPT);
}

#[test]
fn other_methods_get_a_json_405() {
    let server = serve(router(&ChatAutologin::new(SECRET)));
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let request = ureq::http::Request::builder()
            .method(method)
            .uri(format!("{}/chat-autologin/token", server.base))
            .header("Cookie", "session=ada")
            .body(())
            .unwrap();
        let reply = Reply::from(agent().run(request));
        reply.assert_error(405, "method_not_allowed");
        assert_eq!(reply.header("allow"), Some("GET, HEAD"));
    }
}

#[test]
fn the_prefix_moves_both_routes() {
    let chat = ChatAutologin::new(SECRET).prefix("/auth/chat/");
    let server = serve(router(&chat));
    let reply = server.get("/auth/chat/token", Some("ada"));
    token_from(&reply, SECRET, "ada@example.com", "Ada Lovelace");
    assert_eq!(
        server.get("/auth/chat/client.js", None).body,
        COMPANION_SCRIPT
    );
    assert_eq!(server.get("/chat-autologin/token", Some("ada")).status, 404);
    assert!(chat
        .script_tag(None, false)
        .unwrap()
        .starts_with("<script src=\"/auth/chat/client.js?v="));

    // "" is not a path: the site's root is "/".
    assert_eq!(
        ChatAutologin::new(SECRET)
            .prefix("")
            .script_src()
            .unwrap_err()
            .code(),
        "invalid_option"
    );
    let chat = ChatAutologin::new(SECRET).prefix("/");
    let server = serve(router(&chat));
    let reply = server.get("/token", Some("ada"));
    token_from(&reply, SECRET, "ada@example.com", "Ada Lovelace");
    assert_eq!(server.get("/client.js", None).body, COMPANION_SCRIPT);
    assert!(chat.script_src().unwrap().starts_with("/client.js?v="));
}

/// A site with state, whose own extractor turns anonymous visitors away.
#[derive(Clone)]
struct Site {
    name: &'static str,
}

/// The signed-in user of [`Site`], or a redirect to its sign-in page.
struct SignedIn(ChatUser);

impl FromRequestParts<Site> for SignedIn {
    type Rejection = Redirect;

    async fn from_request_parts(parts: &mut Parts, site: &Site) -> Result<Self, Redirect> {
        assert_eq!(site.name, "the site");
        user_for(&parts.headers)
            .map(SignedIn)
            .ok_or_else(|| Redirect::to("/sign-in"))
    }
}

/// An extractor whose session store is down.
struct Broken;

impl<S: Send + Sync> FromRequestParts<S> for Broken {
    type Rejection = Response;

    async fn from_request_parts(_: &mut Parts, _: &S) -> Result<Self, Response> {
        Err((StatusCode::SERVICE_UNAVAILABLE, "the session store is down").into_response())
    }
}

#[test]
fn a_sites_own_extractor_and_state_work_and_its_rejections_are_401() {
    let chat = ChatAutologin::new(SECRET);
    let app: Router = Router::new()
        .route("/", get(|| async { "home" }))
        .merge(
            chat.router(|SignedIn(user): SignedIn| async move { Some(user) })
                .unwrap(),
        )
        .with_state(Site { name: "the site" });
    let server = serve(app);
    assert_eq!(server.get("/", None).body, "home");
    let reply = server.get("/chat-autologin/token", Some("ada"));
    token_from(&reply, SECRET, "ada@example.com", "Ada Lovelace");
    // The redirect the site's pages would answer becomes the JSON 401.
    server
        .get("/chat-autologin/token", None)
        .assert_error(401, "not_authenticated");
}

#[test]
fn a_server_error_from_the_extractor_is_answered_as_is_but_not_stored() {
    let chat = ChatAutologin::new(SECRET);
    let server = serve(chat.router(|_: Broken| async { None }).unwrap());
    let reply = server.get("/chat-autologin/token", Some("ada"));
    assert_eq!(reply.status, 503);
    assert_eq!(reply.body, "the session store is down");
    assert_eq!(reply.header("cache-control"), Some("no-store"));
}

#[test]
fn the_function_may_await_and_use_what_it_captured() {
    let directory = std::sync::Arc::new(vec![ChatUser::new("ada@example.com", "Ada Lovelace")]);
    let chat = ChatAutologin::new(SECRET);
    let app = chat
        .router(move |headers: HeaderMap| async move {
            tokio::task::yield_now().await;
            let wanted = user_for(&headers)?;
            directory.iter().find(|user| **user == wanted).cloned()
        })
        .unwrap();
    let server = serve(app);
    let reply = server.get("/chat-autologin/token", Some("ada"));
    token_from(&reply, SECRET, "ada@example.com", "Ada Lovelace");
    server
        .get("/chat-autologin/token", Some("bob"))
        .assert_error(401, "not_authenticated");
}

#[test]
fn the_default_prefix_is_chat_autologin() {
    assert_eq!(DEFAULT_PREFIX, "/chat-autologin");
}
