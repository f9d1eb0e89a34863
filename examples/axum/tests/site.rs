//! The example site as a visitor uses it: the binary on a free port, over HTTP.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use chat_autologin::Verifier;

const SECRET: &str = "example-site-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH";
const BIN: &str = env!("CARGO_BIN_EXE_chat-autologin-example-axum");

/// The site, running until dropped.
struct Site {
    child: Child,
    base: String,
}

impl Site {
    fn start(env: &[(&str, &str)]) -> Site {
        let mut child = Command::new(BIN)
            .env_remove("CHAT_WIDGET_SCRIPT_URL")
            .env_remove("CHAT_JIRA_ID")
            .env_remove("CHAT_SERVICE_DESK_ID")
            .env("CHAT_AUTOLOGIN_SECRET", SECRET)
            .env("PORT", "0")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the example site");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("read the startup line");
        let base = line
            .strip_prefix("example site on ")
            .and_then(|rest| rest.strip_suffix("/\n"))
            .unwrap_or_else(|| panic!("startup line {line:?}"))
            .to_owned();
        assert!(base.starts_with("http://127.0.0.1:"), "{base}");
        assert!(!base.ends_with(":0"), "the real port is printed: {base}");
        Site { child, base }
    }

    fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut request = agent().get(format!("{}{path}", self.base));
        if let Some(cookie) = cookie {
            request = request.header("Cookie", cookie);
        }
        Reply::from(request.call())
    }

    fn post(&self, path: &str, cookie: Option<&str>, form: &str) -> Reply {
        let mut request = agent()
            .post(format!("{}{path}", self.base))
            .header("Content-Type", "application/x-www-form-urlencoded");
        if let Some(cookie) = cookie {
            request = request.header("Cookie", cookie);
        }
        Reply::from(request.send(form))
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
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

    /// The `name=value` part of the Set-Cookie header.
    fn cookie(&self) -> String {
        let set_cookie = self.header("set-cookie").expect("a Set-Cookie header");
        assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
        set_cookie.split(';').next().unwrap().to_owned()
    }
}

#[test]
fn sign_in_get_a_token_and_sign_out() {
    let site = Site::start(&[]);

    // Signed out: the form, and the widget with the emulator's defaults.
    let page = site.get("/", None);
    assert_eq!(page.status, 200);
    assert!(page
        .body
        .contains(r#"<form id="sign-in" method="post" action="/sign-in">"#));
    assert!(page
        .body
        .contains(r#"<script src="http://127.0.0.1:8787/chat-widget.js"></script>"#));
    assert!(page
        .body
        .contains(r#"<chat-widget jira-id="emulator" service-desk-id="1"></chat-widget>"#));
    assert!(page
        .body
        .contains(r#"<script src="/chat-autologin/client.js?v="#));
    let token = site.get("/chat-autologin/token", None);
    assert_eq!(token.status, 401);
    assert_eq!(token.body, r#"{"error":"not_authenticated"}"#);
    let script = site.get("/chat-autologin/client.js", None);
    assert_eq!(script.body, chat_autologin::COMPANION_SCRIPT);

    // Sign in: a session cookie and back to the home page.
    let signed_in = site.post(
        "/sign-in",
        None,
        "email=ada%40example.com&name=Ada+%3Cthe+first%3E",
    );
    assert_eq!(signed_in.status, 303, "{signed_in:?}");
    assert_eq!(signed_in.header("location"), Some("/"));
    let cookie = signed_in.cookie();
    assert!(cookie.starts_with("example_session="), "{cookie}");
    assert_eq!(cookie.len(), "example_session=".len() + 64, "{cookie}");

    let page = site.get("/", Some(&cookie));
    assert!(page.body.contains("Ada &lt;the first&gt;"), "{}", page.body);
    assert!(page.body.contains("ada@example.com"));
    assert!(page
        .body
        .contains(r#"<form id="sign-out" method="post" action="/sign-out">"#));
    assert!(page.body.contains("window.chatAutologin"));
    assert!(page.body.contains("chat.logout()"));

    let token = site.get("/chat-autologin/token", Some(&format!("a=b; {cookie}")));
    assert_eq!(token.status, 200, "{token:?}");
    assert_eq!(token.header("cache-control"), Some("no-store"));
    let body: serde_json::Value = serde_json::from_str(&token.body).unwrap();
    let claims = Verifier::new([SECRET])
        .unwrap()
        .verify(body["token"].as_str().unwrap())
        .unwrap();
    assert_eq!(claims.email, "ada@example.com");
    assert_eq!(claims.display_name, "Ada <the first>");
    assert_eq!(claims.exp, body["expiresAt"].as_f64().unwrap());

    // Sign out: the session is gone, its cookie cleared.
    let signed_out = site.post("/sign-out", Some(&cookie), "");
    assert_eq!(signed_out.status, 303);
    assert_eq!(signed_out.header("location"), Some("/"));
    assert!(signed_out
        .header("set-cookie")
        .unwrap()
        .contains("Max-Age=0"));
    assert_eq!(site.get("/chat-autologin/token", Some(&cookie)).status, 401);
    assert!(site
        .get("/", Some(&cookie))
        .body
        .contains(r#"id="sign-in""#));
}

#[test]
fn the_form_says_what_the_chat_would_refuse() {
    let site = Site::start(&[]);
    let reply = site.post("/sign-in", None, "email=not-an-email&name=Ada");
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("class=\"problem\""), "{}", reply.body);
    assert!(reply.body.contains("&#x27;@&#x27;"), "{}", reply.body);
    assert!(reply.header("set-cookie").is_none());
    let reply = site.post("/sign-in", None, "email=ada%40example.com&name=+++");
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("display name"), "{}", reply.body);
}

#[test]
fn the_widget_is_configured_from_the_environment() {
    let site = Site::start(&[
        (
            "CHAT_WIDGET_SCRIPT_URL",
            "https://widget.example/chat.js?a=1&b=2",
        ),
        ("CHAT_JIRA_ID", "0123-abcd"),
        ("CHAT_SERVICE_DESK_ID", "42"),
    ]);
    let page = site.get("/", None).body;
    assert!(page.contains(r#"<script src="https://widget.example/chat.js?a=1&amp;b=2"></script>"#));
    assert!(
        page.contains(r#"<chat-widget jira-id="0123-abcd" service-desk-id="42"></chat-widget>"#)
    );
}

#[test]
fn a_missing_or_invalid_secret_stops_it_at_start() {
    for secret in [None, Some("short")] {
        let mut command = Command::new(BIN);
        command.env_remove("CHAT_AUTOLOGIN_SECRET").env("PORT", "0");
        if let Some(secret) = secret {
            command.env("CHAT_AUTOLOGIN_SECRET", secret);
        }
        let output = command.output().expect("run the example site");
        assert!(!output.status.success());
        assert!(output.stdout.is_empty());
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.starts_with("error: CHAT_AUTOLOGIN_SECRET"),
            "{stderr}"
        );
        if secret.is_some() {
            assert!(stderr.contains("invalid_secret"), "{stderr}");
            assert!(!stderr.contains("short"), "{stderr}");
        }
    }
}

#[cfg(unix)]
#[test]
fn sigterm_stops_it_cleanly() {
    let mut site = Site::start(&[]);
    let status = Command::new("kill")
        .args(["-TERM", &site.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = site.child.try_wait().unwrap() {
            break status;
        }
        assert!(std::time::Instant::now() < deadline, "still running");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
}
