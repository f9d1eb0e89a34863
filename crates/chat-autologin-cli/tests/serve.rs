//! `chat-autologin serve`: the binary on a free port, its endpoints over real
//! HTTP on the loopback interface.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use chat_autologin::Issuer;
use serde_json::{json, Value};

const SECRET: &str = "serve-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ";
const OLD_SECRET: &str = "serve-test-old-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDE";
const OTHER_SECRET: &str = "a-secret-the-emulator-does-not-know-0123456789-abcdefghijklmnop";
const SITE: &str = "http://127.0.0.1:5000";

/// The emulator, running until dropped.
struct Emulator {
    child: Child,
    base: String,
    stderr: Arc<Mutex<String>>,
    reader: Option<JoinHandle<()>>,
}

impl Emulator {
    fn start(extra: &[&str]) -> Emulator {
        let mut child = Command::new(env!("CARGO_BIN_EXE_chat-autologin"))
            .args(["serve", "--port", "0", "--secret-env", "SERVE_TEST_SECRET"])
            .args(extra)
            .env("SERVE_TEST_SECRET", SECRET)
            .env("SERVE_TEST_OLD_SECRET", OLD_SECRET)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start chat-autologin serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut pipe = child.stderr.take().unwrap();
        let sink = Arc::clone(&stderr);
        let reader = std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        });
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("read the startup line");
        let prefix = "chat-autologin emulator listening on ";
        assert!(
            line.starts_with(prefix) && line.ends_with("/\n"),
            "startup line {line:?}; stderr: {}",
            stderr.lock().unwrap()
        );
        let base = line[prefix.len()..].trim_end().to_owned();
        assert!(base.starts_with("http://127.0.0.1:"), "{base}");
        assert!(!base.ends_with(":0/"), "the real port is printed: {base}");
        Emulator {
            child,
            base,
            stderr,
            reader: Some(reader),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path.trim_start_matches('/'))
    }

    fn get(&self, path: &str) -> Reply {
        Reply::from(agent().get(self.url(path)).call())
    }

    fn post(&self, path: &str, body: &Value) -> Reply {
        Reply::from(
            agent()
                .post(self.url(path))
                .header("Content-Type", "application/json")
                .header("Origin", SITE)
                .send(body.to_string()),
        )
    }

    /// `POST /api/reset` with these extra headers (none: as a tool sends it).
    fn reset(&self, headers: &[(&str, &str)]) -> Reply {
        let mut request = agent().post(self.url("/api/reset"));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        Reply::from(request.send(""))
    }

    fn login(&self, token: &str) -> Reply {
        self.post("/api/login", &json!({"token": token, "sessionId": "tab-1"}))
    }

    fn log(&self) -> Value {
        self.get("/api/log").json()
    }

    /// Stops it with SIGTERM and returns its exit status and stderr.
    #[cfg(unix)]
    fn terminate(mut self) -> (std::process::ExitStatus, String) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success());
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(std::time::Instant::now() < deadline, "still running");
            std::thread::sleep(Duration::from_millis(20));
        };
        if let Some(reader) = self.reader.take() {
            reader.join().unwrap();
        }
        let stderr = self.stderr.lock().unwrap().clone();
        (status, stderr)
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

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
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// A token over any header and payload text, signed with `secret`: for claims
/// the core would refuse to mint (control characters).
fn signed(secret: &str, header: &str, payload: &str) -> String {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine as _;
    use hmac::{Hmac, KeyInit, Mac};
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(input.as_bytes());
    format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

fn mint(secret: &str, email: &str, name: &str) -> String {
    Issuer::new(secret, Duration::from_secs(300))
        .unwrap()
        .mint(email, name)
        .unwrap()
}

#[test]
fn a_good_token_logs_in_and_shows_in_the_log() {
    let emulator = Emulator::start(&[]);
    let token = mint(SECRET, "ada@example.com", "Ada Lovelace");
    let reply = emulator.login(&token);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.json(),
        json!({"loggedIn": true, "email": "ada@example.com", "displayName": "Ada Lovelace",
               "sessionId": "tab-1"})
    );
    assert_eq!(reply.header("access-control-allow-origin"), Some(SITE));

    let session = emulator.get("/api/session?sessionId=tab-1").json();
    assert_eq!(session["loggedIn"], true);
    assert_eq!(session["displayName"], "Ada Lovelace");

    let log = emulator.log();
    assert_eq!(log["rejections"], json!([]));
    let sessions = log["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 1);
    let record = &sessions[0];
    assert_eq!(record["email"], "ada@example.com");
    assert_eq!(record["displayName"], "Ada Lovelace");
    assert_eq!(record["sessionId"], "tab-1");
    assert_eq!(record["active"], true);
    assert_eq!(record["origin"], SITE);
    assert_eq!(record["claims"]["email"], "ada@example.com");
    let lifetime =
        record["claims"]["exp"].as_f64().unwrap() - record["claims"]["iat"].as_f64().unwrap();
    assert_eq!(lifetime, 300.0);
    let shown = record["token"].as_str().unwrap();
    assert!(
        shown.ends_with('…') && shown.chars().count() <= 17,
        "{shown}"
    );
    assert!(!emulator.get("/").body.contains(&token));
    assert!(!log.to_string().contains(&token));

    let reply = emulator.post("/api/logout", &json!({"sessionId": "tab-1"}));
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["wasLoggedIn"], true);
    assert_eq!(
        emulator.get("/api/session?sessionId=tab-1").json()["loggedIn"],
        false
    );
    let record = &emulator.log()["sessions"][0];
    assert_eq!(record["active"], false);
    assert_eq!(record["endedBy"], "logout");
}

#[test]
fn refused_tokens_answer_401_with_the_code_and_are_logged() {
    let emulator = Emulator::start(&[]);
    let forged = mint(OTHER_SECRET, "eve@example.com", "Eve");
    let reply = emulator.login(&forged);
    assert_eq!(reply.status, 401);
    let error = &reply.json()["error"];
    assert_eq!(error["code"], "bad_signature");
    assert!(error["message"].as_str().unwrap().len() > 10, "{error}");

    let an_hour_ago = SystemTime::now() - Duration::from_secs(3_600);
    let expired = Issuer::new(SECRET, Duration::from_secs(300))
        .unwrap()
        .mint_at("ada@example.com", "Ada", an_hour_ago)
        .unwrap();
    let reply = emulator.login(&expired);
    assert_eq!(reply.status, 401);
    assert_eq!(reply.json()["error"]["code"], "token_expired");

    let reply = emulator.login("not-a-token");
    assert_eq!(reply.json()["error"]["code"], "malformed_token");

    let log = emulator.log();
    assert_eq!(log["sessions"], json!([]));
    let codes: Vec<&str> = log["rejections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["malformed_token", "token_expired", "bad_signature"],
        "newest first"
    );
    let bad = &log["rejections"][2];
    assert_eq!(bad["status"], 401);
    assert_eq!(bad["claims"]["email"], "eve@example.com");
    assert_eq!(bad["claimsVerified"], false);
    assert_eq!(bad["origin"], SITE);
    assert!(bad["timeUtc"].as_str().unwrap().ends_with('Z'));
    assert!(!log.to_string().contains(&forged));

    let page = emulator.get("/").body;
    assert!(page.contains("bad_signature") && page.contains("token_expired"));
}

#[test]
fn every_refused_login_is_diagnosed_on_the_log_page() {
    let emulator = Emulator::start(&[]);
    // The usual mistake: the secret read from a file with its newline.
    let with_newline = format!("{SECRET}\n");
    let token = mint(&with_newline, "ada@example.com", "Ada");
    assert_eq!(
        emulator.login(&token).json()["error"]["code"],
        "bad_signature"
    );
    let log = emulator.log();
    let diagnosis = &log["rejections"][0]["diagnosis"];
    assert_eq!(diagnosis["verdict"]["code"], "bad_signature");
    assert_eq!(diagnosis["signature"], "invalid");
    assert_eq!(diagnosis["findings"][0]["code"], "secret_trailing_newline");
    let page = emulator.get("/").body;
    assert!(
        page.contains("data-code=\"secret_trailing_newline\""),
        "{page}"
    );
    for shown in [log.to_string(), page] {
        assert!(!shown.contains(SECRET) && !shown.contains(&token));
    }
}

#[test]
fn every_secret_given_is_accepted() {
    let emulator = Emulator::start(&["--secret-env", "SERVE_TEST_OLD_SECRET"]);
    for secret in [SECRET, OLD_SECRET] {
        let reply = emulator.login(&mint(secret, "ada@example.com", "Ada"));
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    assert_eq!(emulator.log()["settings"]["secrets"], 2);
}

#[test]
fn a_new_user_is_not_ready_until_the_delay_has_passed() {
    let emulator = Emulator::start(&["--new-user-delay", "1"]);
    let token = mint(SECRET, "new@example.com", "New User");
    let reply = emulator.login(&token);
    assert_eq!(reply.status, 503, "{}", reply.body);
    assert_eq!(reply.header("retry-after"), Some("1"));
    let error = &reply.json()["error"];
    assert_eq!(error["code"], "user_not_ready");
    assert_eq!(error["retryAfter"], 1);
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("new") && message.contains("retry"),
        "{message}"
    );

    // A bad token does not count as seeing the user.
    let reply = emulator.login(&mint(OTHER_SECRET, "other@example.com", "Other"));
    assert_eq!(reply.json()["error"]["code"], "bad_signature");

    std::thread::sleep(Duration::from_millis(1_100));
    let reply = emulator.login(&token);
    assert_eq!(reply.status, 200, "{}", reply.body);
    // Another new user still waits.
    let reply = emulator.login(&mint(SECRET, "other@example.com", "Other"));
    assert_eq!(reply.json()["error"]["code"], "user_not_ready");

    let log = emulator.log();
    assert_eq!(log["settings"]["newUserDelay"], 1);
    let rejection = &log["rejections"][2];
    assert_eq!(rejection["code"], "user_not_ready");
    assert_eq!(rejection["status"], 503);
    assert_eq!(rejection["claimsVerified"], true);

    // A reset forgets the users seen.
    assert_eq!(emulator.reset(&[]).status, 200);
    assert_eq!(emulator.login(&token).status, 503);
    assert_eq!(emulator.log()["sessions"], json!([]));
}

#[test]
fn the_widget_script_is_javascript() {
    let emulator = Emulator::start(&[]);
    let reply = emulator.get("/chat-widget.js");
    assert_eq!(reply.status, 200);
    let content_type = reply.header("content-type").unwrap();
    assert!(
        content_type.starts_with("text/javascript"),
        "{content_type}"
    );
    for api in [
        "customElements.define('chat-widget'",
        "loginWithToken(token)",
        "spartezSupportChat",
        "initCallback",
        "data-testid",
        "chat-widget-status",
    ] {
        assert!(reply.body.contains(api), "{api}");
    }
}

#[test]
fn the_log_page_escapes_what_tokens_say() {
    let emulator = Emulator::start(&[]);
    let name = "<script>alert('x')</script>";
    assert_eq!(
        emulator
            .login(&mint(SECRET, "ada@example.com", name))
            .status,
        200
    );
    let forged = mint(
        OTHER_SECRET,
        "eve@example.com",
        "<img src=x onerror=alert(1)>",
    );
    assert_eq!(emulator.login(&forged).status, 401);
    let reply = emulator.get("/");
    assert_eq!(reply.status, 200);
    assert!(reply
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    let page = reply.body;
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("<img src=x"), "{page}");
    assert!(
        page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        "{page}"
    );
    assert!(
        page.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{page}"
    );
    assert!(page.contains("http-equiv=\"refresh\""));
}

#[test]
fn pages_on_other_origins_may_call_the_api() {
    let emulator = Emulator::start(&[]);
    let reply = Reply::from(
        agent()
            .options(emulator.url("/api/login"))
            .header("Origin", SITE)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
            .call(),
    );
    assert!(
        reply.status == 204 || reply.status == 200,
        "{}",
        reply.status
    );
    assert_eq!(reply.header("access-control-allow-origin"), Some(SITE));
    let methods = reply.header("access-control-allow-methods").unwrap();
    assert!(methods.contains("POST"), "{methods}");
    assert_eq!(
        reply.header("access-control-allow-headers"),
        Some("content-type")
    );
    assert_eq!(reply.header("access-control-allow-credentials"), None);

    let reply = emulator.login(&mint(OTHER_SECRET, "eve@example.com", "Eve"));
    assert_eq!(reply.header("access-control-allow-origin"), Some(SITE));
}

#[test]
fn requests_that_are_not_json_are_refused() {
    let emulator = Emulator::start(&[]);
    let reply = Reply::from(agent().post(emulator.url("/api/login")).send("token=abc"));
    assert_eq!(reply.status, 400);
    assert_eq!(reply.json()["error"]["code"], "bad_request");
    let reply = emulator.post("/api/login", &json!({"token": 42}));
    assert_eq!(reply.status, 401);
    assert_eq!(reply.json()["error"]["code"], "malformed_token");
}

#[cfg(unix)]
#[test]
fn sigterm_stops_it_cleanly_and_no_secret_is_shown() {
    let emulator = Emulator::start(&[]);
    emulator.login(&mint(SECRET, "ada@example.com", "Ada"));
    let page = emulator.get("/").body;
    let log = emulator.get("/api/log").body;
    let (status, stderr) = emulator.terminate();
    assert!(status.success(), "{status:?}: {stderr}");
    assert!(stderr.contains("login: Ada <ada@example.com>"), "{stderr}");
    assert!(stderr.contains("stopped"), "{stderr}");
    for text in [&page, &log, &stderr] {
        assert!(!text.contains(SECRET));
    }
}

#[test]
fn a_port_in_use_is_an_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = Command::new(env!("CARGO_BIN_EXE_chat-autologin"))
        .args([
            "serve",
            "--port",
            &port,
            "--secret-env",
            "SERVE_TEST_SECRET",
        ])
        .env("SERVE_TEST_SECRET", SECRET)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: cannot listen on 127.0.0.1:"),
        "{stderr}"
    );
}

#[test]
fn bad_settings_are_refused_before_listening() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_chat-autologin"))
            .arg("serve")
            .args(args)
            .env("SERVE_TEST_SECRET", SECRET)
            .env("SERVE_TEST_SHORT", "too-short")
            .output()
            .unwrap()
    };
    let output = run(&["--secret-env", "SERVE_TEST_SHORT", "--port", "0"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("error: invalid_secret: "));
    let output = run(&[
        "--secret-env",
        "SERVE_TEST_SECRET",
        "--leeway",
        "301",
        "--port",
        "0",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("error: invalid_option: "));
    let output = run(&[
        "--secret-env",
        "SERVE_TEST_SECRET",
        "--new-user-delay",
        "-1",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let output = run(&["--port", "0"]);
    assert_eq!(output.status.code(), Some(2), "a secret is required");
    assert!(output.stdout.is_empty());
}

#[test]
fn help_documents_serve() {
    let output = Command::new(env!("CARGO_BIN_EXE_chat-autologin"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("serve"), "{help}");
    let output = Command::new(env!("CARGO_BIN_EXE_chat-autologin"))
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    for word in [
        "--new-user-delay",
        "--port",
        "/chat-widget.js",
        "/api/log",
        "loginWithToken",
        "spartezSupportChat",
    ] {
        assert!(help.contains(word), "{word}: {help}");
    }
}

#[cfg(unix)]
#[test]
fn terminal_lines_escape_what_tokens_and_widgets_say() {
    let emulator = Emulator::start(&["--new-user-delay", "1"]);
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    // Claims the core would never mint, signed with the right secret.
    let payload = json!({
        "email": "eve\u{1b}[2J@example.com\nrefused: forged",
        "displayName": "Eve \u{202e}evE\u{2066}",
        "iat": now,
        "exp": now + 300,
    });
    let token = signed(
        SECRET,
        r#"{"alg":"HS256","typ":"JWT"}"#,
        &payload.to_string(),
    );
    // (A session id is only ever A-Z a-z 0-9 - _ . :, checked on the way in.)
    let session = "tab-9";
    let login =
        |token: &str| emulator.post("/api/login", &json!({"token": token, "sessionId": session}));
    // user_not_ready quotes the email; then the login line shows it all.
    assert_eq!(login(&token).status, 503);
    std::thread::sleep(Duration::from_millis(1_100));
    assert_eq!(login(&token).status, 200);
    let reply = emulator.post("/api/logout", &json!({"sessionId": session}));
    assert_eq!(reply.json()["wasLoggedIn"], true);
    // An unsigned header's typ is quoted by the refusal.
    let typ = signed(
        SECRET,
        "{\"alg\":\"HS256\",\"typ\":\"\u{202e}TWJ\"}",
        &payload.to_string(),
    );
    assert_eq!(login(&typ).json()["error"]["code"], "unsupported_algorithm");
    let (status, stderr) = emulator.terminate();
    assert!(status.success(), "{status:?}: {stderr}");
    for raw in ['\u{1b}', '\u{202e}', '\u{2066}'] {
        assert!(!stderr.contains(raw), "{raw:?} reached stderr: {stderr:?}");
    }
    assert!(
        !stderr
            .lines()
            .any(|line| line.starts_with("refused: forged")),
        "a forged line: {stderr}"
    );
    assert!(stderr.contains("user_not_ready"), "{stderr}");
    assert!(stderr.contains("login: "), "{stderr}");
    assert!(stderr.contains("logout: "), "{stderr}");
    assert!(stderr.contains("\\u001b[2J"), "{stderr}");
    assert!(stderr.contains("\\u202eTWJ"), "{stderr}");
}

#[test]
fn trickled_headers_are_cut_off_after_a_few_seconds() {
    use std::io::Write;
    let emulator = Emulator::start(&[]);
    let address = emulator
        .base
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(250)))
        .unwrap();
    let start = std::time::Instant::now();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    // One header line every 250 ms, never the blank line that ends them.
    let closed = loop {
        if start.elapsed() > Duration::from_secs(20) {
            break false;
        }
        if stream.write_all(b"X-Slow: 1\r\n").is_err() {
            break true;
        }
        let mut buffer = [0u8; 1024];
        match stream.read(&mut buffer) {
            Ok(0) => break true,
            // An answer (408) is as good: the connection is being closed.
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => break true,
        }
    };
    let held = start.elapsed();
    assert!(closed, "still open after {held:?}");
    assert!(held < Duration::from_secs(12), "held for {held:?}");
    // It still serves everyone else.
    assert_eq!(emulator.get("/api/log").status, 200);
}

#[test]
fn the_log_and_the_reset_are_not_for_other_origins() {
    let emulator = Emulator::start(&[]);
    assert_eq!(
        emulator
            .login(&mint(SECRET, "ada@example.com", "Ada"))
            .status,
        200
    );
    let own_origin = emulator.base.trim_end_matches('/').to_owned();
    // No CORS on the log or the log page: a page elsewhere cannot read them.
    for path in ["/api/log", "/"] {
        let reply = Reply::from(
            agent()
                .get(emulator.url(path))
                .header("Origin", SITE)
                .call(),
        );
        assert_eq!(reply.status, 200);
        assert_eq!(reply.header("access-control-allow-origin"), None, "{path}");
    }
    let preflight = Reply::from(
        agent()
            .options(emulator.url("/api/reset"))
            .header("Origin", SITE)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Private-Network", "true")
            .call(),
    );
    assert_eq!(preflight.header("access-control-allow-origin"), None);
    assert_eq!(
        preflight.header("access-control-allow-private-network"),
        None
    );
    // A reset from another site or origin is refused, and changes nothing.
    for headers in [
        &[("Origin", SITE)][..],
        &[("Sec-Fetch-Site", "cross-site")],
        &[("Sec-Fetch-Site", "same-site"), ("Origin", SITE)],
        &[("Origin", "null")],
    ] {
        let reply = emulator.reset(headers);
        assert_eq!(reply.status, 403, "{headers:?}");
        assert_eq!(reply.json()["error"]["code"], "cross_site_request");
        assert_eq!(reply.header("access-control-allow-origin"), None);
    }
    assert_eq!(emulator.log()["sessions"].as_array().unwrap().len(), 1);
    // From its own page, or from a tool (no Origin), it resets.
    let own = [
        ("Origin", own_origin.as_str()),
        ("Sec-Fetch-Site", "same-origin"),
    ];
    assert_eq!(emulator.reset(&own).status, 200);
    assert_eq!(emulator.reset(&[]).status, 200);
    assert_eq!(emulator.log()["sessions"], json!([]));
    // The widget's own endpoints still answer any origin.
    for path in ["/api/session?sessionId=tab-1", "/chat-widget.js"] {
        let reply = Reply::from(
            agent()
                .get(emulator.url(path))
                .header("Origin", SITE)
                .call(),
        );
        assert_eq!(
            reply.header("access-control-allow-origin"),
            Some(SITE),
            "{path}"
        );
    }
    let reply = emulator.post("/api/logout", &json!({"sessionId": "tab-1"}));
    assert_eq!(reply.header("access-control-allow-origin"), Some(SITE));
}
