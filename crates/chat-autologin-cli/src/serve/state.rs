//! The emulator's memory and decisions: who is logged in to which widget
//! session, which emails it has seen, and every attempt it refused.
//!
//! Nothing here knows about HTTP: the routes hand over request bodies and get
//! back an [`Answer`], so the rules can be tested without a server.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use chat_autologin::{diagnose, inspect_unverified, rules, ChatClaims, Seconds, Verifier};
use serde::Serialize;
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::{describe, json};

/// How many sessions, and how many rejections, the log keeps; the oldest go first.
pub(crate) const LOG_CAPACITY: usize = 1_000;
/// How many characters of a token the log shows.
pub(crate) const TOKEN_PREFIX_CHARS: usize = 16;
/// The longest widget session id accepted from a widget.
const MAX_SESSION_ID_CHARS: usize = 128;

/// The code of a refusal that is not one of the contract's: the user is new and
/// the chat is still creating it (`--new-user-delay`).
pub(crate) const USER_NOT_READY: &str = "user_not_ready";
/// The code of a request whose body is not the JSON object expected.
pub(crate) const BAD_REQUEST: &str = "bad_request";

/// The emulator: its settings, and its memory behind a lock.
pub(crate) struct Emulator {
    verifier: Verifier,
    /// The raw secrets, for diagnosing refused tokens; never shown.
    secrets: Vec<Zeroizing<Vec<u8>>>,
    new_user_delay: Duration,
    /// The emulator's own URL, `http://127.0.0.1:8787/`.
    pub(crate) base_url: String,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    next_id: u64,
    /// Oldest first.
    sessions: VecDeque<SessionRecord>,
    /// Oldest first.
    rejections: VecDeque<Rejection>,
    /// Widget session id → the id of its session record, while logged in.
    active: HashMap<String, u64>,
    /// When each email first came with a valid token (for `--new-user-delay`).
    first_seen: HashMap<String, Instant>,
}

/// A login the emulator accepted: a widget session it created.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SessionRecord {
    /// Increasing over sessions and rejections alike.
    pub(crate) id: u64,
    /// The widget's session id (kept by the widget in the tab's sessionStorage).
    pub(crate) session_id: String,
    pub(crate) email: String,
    pub(crate) display_name: String,
    /// The verified claims, `{"email","displayName","iat","exp"}`.
    pub(crate) claims: Value,
    /// When, in seconds since the Unix epoch.
    pub(crate) time: Value,
    pub(crate) time_utc: String,
    /// Whether the widget session is still logged in as this user.
    pub(crate) active: bool,
    /// `"logout"`, or `"replaced"` when the widget logged in again as someone else.
    pub(crate) ended_by: Option<&'static str>,
    pub(crate) end_time: Option<Value>,
    pub(crate) end_time_utc: Option<String>,
    /// The `Origin` of the page that logged in, when the browser sent one.
    pub(crate) origin: Option<String>,
    /// The first characters of the token, and `…`.
    pub(crate) token: String,
}

/// A login the emulator refused.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Rejection {
    pub(crate) id: u64,
    /// A contract code (`bad_signature`, `token_expired`, …), `user_not_ready` or
    /// `bad_request`.
    pub(crate) code: &'static str,
    pub(crate) message: String,
    /// The HTTP status answered: 401, 503 or 400.
    pub(crate) status: u16,
    pub(crate) time: Value,
    pub(crate) time_utc: String,
    pub(crate) session_id: Option<String>,
    pub(crate) origin: Option<String>,
    /// The first characters of the token, and `…`; `null` when there was none.
    pub(crate) token: Option<String>,
    /// The token's claims when they could be decoded (verified only for
    /// `user_not_ready`), else `null`.
    pub(crate) claims: Option<Value>,
    pub(crate) claims_verified: bool,
    /// The core's diagnosis of the token (as `inspect --json` prints it), with
    /// the emulator's secrets and the default leeway; `null` without a token.
    pub(crate) diagnosis: Option<Value>,
}

/// The whole log, newest first, as `GET /api/log` answers it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Log {
    pub(crate) settings: Settings,
    pub(crate) sessions: Vec<SessionRecord>,
    pub(crate) rejections: Vec<Rejection>,
}

/// What the emulator was started with (never the secrets themselves).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Settings {
    /// How many secrets it accepts tokens from.
    pub(crate) secrets: usize,
    pub(crate) leeway: Value,
    pub(crate) max_lifetime: Value,
    pub(crate) new_user_delay: Value,
}

/// What the login endpoint answers.
#[derive(Debug, PartialEq)]
pub(crate) enum Answer {
    LoggedIn {
        session_id: String,
        email: String,
        display_name: String,
    },
    Refused {
        status: u16,
        code: &'static str,
        message: String,
        /// Whole seconds after which a retry can succeed (`user_not_ready`).
        retry_after: Option<u64>,
    },
}

/// Where a request came from, for the log.
#[derive(Debug, Default)]
pub(crate) struct Caller {
    pub(crate) origin: Option<String>,
}

impl Emulator {
    pub(crate) fn new(
        verifier: Verifier,
        secrets: Vec<Zeroizing<Vec<u8>>>,
        new_user_delay: Duration,
        base_url: String,
    ) -> Emulator {
        Emulator {
            verifier,
            secrets,
            new_user_delay,
            base_url,
            state: Mutex::new(State::default()),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves plain data behind: keep serving.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// `POST /api/login` with `{"token": "…", "sessionId": "…"}`.
    pub(crate) fn login(&self, body: &[u8], caller: &Caller) -> Answer {
        let now = SystemTime::now();
        let request = match LoginRequest::parse(body) {
            Ok(request) => request,
            Err((status, code, message)) => {
                let session_id = session_id_of(body);
                return self.refuse(
                    Refusal {
                        status,
                        code,
                        message,
                        retry_after: None,
                        token: None,
                        claims: None,
                        claims_verified: false,
                        diagnosis: None,
                        session_id,
                    },
                    now,
                    caller,
                );
            }
        };
        let claims = match self.verifier.verify_at(&request.token, now) {
            Ok(claims) => claims,
            Err(error) => {
                return self.refuse(
                    Refusal {
                        status: 401,
                        code: error.code(),
                        message: error.message().to_owned(),
                        retry_after: None,
                        token: Some(token_prefix(&request.token)),
                        claims: unverified_claims(&request.token),
                        claims_verified: false,
                        diagnosis: self.diagnosis(&request.token, now),
                        session_id: request.session_id,
                    },
                    now,
                    caller,
                );
            }
        };
        if let Some(wait) = self.new_user_wait(&claims.email) {
            let retry_after = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            let message = format!(
                "the user {} is new and is still being created by the chat; retry in {} s \
                 (the emulator refuses a new user's logins for {} s after its first valid \
                 token: --new-user-delay)",
                claims.email,
                retry_after,
                describe::number(self.new_user_delay.as_secs_f64())
            );
            return self.refuse(
                Refusal {
                    status: 503,
                    code: USER_NOT_READY,
                    message,
                    retry_after: Some(retry_after.max(1)),
                    token: Some(token_prefix(&request.token)),
                    claims: Some(claims_json(&claims)),
                    claims_verified: true,
                    diagnosis: self.diagnosis(&request.token, now),
                    session_id: request.session_id,
                },
                now,
                caller,
            );
        }
        self.log_in(request, claims, now, caller)
    }

    /// The core's diagnosis of a refused token, as JSON.
    fn diagnosis(&self, token: &str, now: SystemTime) -> Option<Value> {
        let now = now.duration_since(UNIX_EPOCH).ok()?.as_secs_f64();
        let diagnosis = diagnose(
            token,
            self.secrets.iter().map(|secret| &secret[..]),
            Some(Seconds::Number(now)),
        )
        .ok()?;
        serde_json::from_str(&diagnosis.to_json()).ok()
    }

    /// How long the email must still wait, when `--new-user-delay` applies.
    fn new_user_wait(&self, email: &str) -> Option<Duration> {
        if self.new_user_delay.is_zero() {
            return None;
        }
        let now = Instant::now();
        let mut state = self.state();
        let first_seen = *state.first_seen.entry(email.to_owned()).or_insert(now);
        let waited = now.saturating_duration_since(first_seen);
        (waited < self.new_user_delay).then(|| self.new_user_delay - waited)
    }

    fn log_in(
        &self,
        request: LoginRequest,
        claims: ChatClaims,
        now: SystemTime,
        caller: &Caller,
    ) -> Answer {
        let mut state = self.state();
        let id = state.next_id();
        let session_id = request
            .session_id
            .unwrap_or_else(|| new_session_id(id, now));
        if let Some(previous) = state.active.remove(&session_id) {
            state.end(previous, "replaced", now);
        }
        state.active.insert(session_id.clone(), id);
        let (time, time_utc) = times(now);
        state.sessions.push_back(SessionRecord {
            id,
            session_id: session_id.clone(),
            email: claims.email.clone(),
            display_name: claims.display_name.clone(),
            claims: claims_json(&claims),
            time,
            time_utc,
            active: true,
            ended_by: None,
            end_time: None,
            end_time_utc: None,
            origin: caller.origin.clone(),
            token: token_prefix(&request.token),
        });
        if state.sessions.len() > LOG_CAPACITY {
            if let Some(oldest) = state.sessions.pop_front() {
                if state.active.get(&oldest.session_id) == Some(&oldest.id) {
                    state.active.remove(&oldest.session_id);
                }
            }
        }
        drop(state);
        eprintln!(
            "login: {} <{}> (widget session {})",
            describe::text(&claims.display_name),
            describe::text(&claims.email),
            describe::text(&session_id)
        );
        Answer::LoggedIn {
            session_id,
            email: claims.email,
            display_name: claims.display_name,
        }
    }

    fn refuse(&self, refusal: Refusal, now: SystemTime, caller: &Caller) -> Answer {
        let mut state = self.state();
        let id = state.next_id();
        let (time, time_utc) = times(now);
        state.rejections.push_back(Rejection {
            id,
            code: refusal.code,
            message: refusal.message.clone(),
            status: refusal.status,
            time,
            time_utc,
            session_id: refusal.session_id,
            origin: caller.origin.clone(),
            token: refusal.token,
            claims: refusal.claims,
            claims_verified: refusal.claims_verified,
            diagnosis: refusal.diagnosis,
        });
        if state.rejections.len() > LOG_CAPACITY {
            state.rejections.pop_front();
        }
        drop(state);
        // The message can quote the token (its email, its typ): escaped.
        eprintln!(
            "refused: {}: {}",
            refusal.code,
            describe::terminal(&refusal.message)
        );
        Answer::Refused {
            status: refusal.status,
            code: refusal.code,
            message: refusal.message,
            retry_after: refusal.retry_after,
        }
    }

    /// `POST /api/logout` with `{"sessionId": "…"}`: the session id, and whether
    /// it was logged in.
    pub(crate) fn logout(&self, body: &[u8]) -> (Option<String>, bool) {
        let Some(session_id) = session_id_of(body) else {
            return (None, false);
        };
        let mut state = self.state();
        let was_logged_in = match state.active.remove(&session_id) {
            Some(id) => {
                state.end(id, "logout", SystemTime::now());
                true
            }
            None => false,
        };
        drop(state);
        if was_logged_in {
            eprintln!("logout: widget session {}", describe::text(&session_id));
        }
        (Some(session_id), was_logged_in)
    }

    /// Who the widget session is logged in as: `(email, displayName)`.
    pub(crate) fn session(&self, session_id: &str) -> Option<(String, String)> {
        let state = self.state();
        let id = state.active.get(session_id)?;
        state
            .sessions
            .iter()
            .find(|record| record.id == *id)
            .map(|record| (record.email.clone(), record.display_name.clone()))
    }

    /// The log, newest first.
    pub(crate) fn log(&self) -> Log {
        let state = self.state();
        Log {
            settings: Settings {
                secrets: self.secrets.len(),
                leeway: json::seconds(self.verifier.leeway()),
                max_lifetime: json::seconds(self.verifier.max_lifetime()),
                new_user_delay: json::seconds(self.new_user_delay.as_secs_f64()),
            },
            sessions: state.sessions.iter().rev().cloned().collect(),
            rejections: state.rejections.iter().rev().cloned().collect(),
        }
    }

    /// `POST /api/reset`: forgets every session, rejection and seen email.
    pub(crate) fn reset(&self) {
        let mut state = self.state();
        let next_id = state.next_id;
        *state = State {
            next_id,
            ..State::default()
        };
        drop(state);
        eprintln!("reset: sessions, rejections and seen emails forgotten");
    }
}

impl State {
    fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    fn end(&mut self, id: u64, by: &'static str, now: SystemTime) {
        if let Some(record) = self.sessions.iter_mut().find(|record| record.id == id) {
            let (time, time_utc) = times(now);
            record.active = false;
            record.ended_by = Some(by);
            record.end_time = Some(time);
            record.end_time_utc = Some(time_utc);
        }
    }
}

struct Refusal {
    status: u16,
    code: &'static str,
    message: String,
    retry_after: Option<u64>,
    token: Option<String>,
    claims: Option<Value>,
    claims_verified: bool,
    diagnosis: Option<Value>,
    session_id: Option<String>,
}

struct LoginRequest {
    token: String,
    session_id: Option<String>,
}

impl LoginRequest {
    fn parse(body: &[u8]) -> Result<LoginRequest, (u16, &'static str, String)> {
        let Ok(Value::Object(fields)) = serde_json::from_slice::<Value>(body) else {
            return Err((
                400,
                BAD_REQUEST,
                "the body must be a JSON object: {\"token\": \"<JWT>\", \"sessionId\": \"…\"}"
                    .to_owned(),
            ));
        };
        let token = match fields.get("token") {
            Some(Value::String(token)) => token.clone(),
            None | Some(Value::Null) => {
                return Err((
                    401,
                    "malformed_token",
                    "no token was given; pass the token your site's back end minted to \
                     loginWithToken(token)"
                        .to_owned(),
                ))
            }
            Some(other) => {
                return Err((
                    401,
                    "malformed_token",
                    format!(
                        "the token must be a string, not {}; pass the token your site's back \
                         end minted to loginWithToken(token)",
                        json_type(other)
                    ),
                ))
            }
        };
        Ok(LoginRequest {
            token,
            session_id: valid_session_id(fields.get("sessionId")),
        })
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The `sessionId` of a JSON body, when it is one the emulator accepts.
fn session_id_of(body: &[u8]) -> Option<String> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(fields)) => valid_session_id(fields.get("sessionId")),
        _ => None,
    }
}

/// A widget session id: 1 to 128 characters of `A-Z a-z 0-9 - _ . :`.
pub(crate) fn valid_session_id(value: Option<&Value>) -> Option<String> {
    let id = value?.as_str()?;
    let valid = !id.is_empty()
        && id.len() <= MAX_SESSION_ID_CHARS
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'));
    valid.then(|| id.to_owned())
}

/// A session id for a widget that did not send one. Not a secret: the emulator
/// only tells its widget sessions apart with it.
fn new_session_id(id: u64, now: SystemTime) -> String {
    let nanos = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    format!("emulator-{nanos:x}-{id}")
}

/// The first characters of a token, never the whole of it.
pub(crate) fn token_prefix(token: &str) -> String {
    let mut prefix: String = token.chars().take(TOKEN_PREFIX_CHARS).collect();
    if token.chars().count() > TOKEN_PREFIX_CHARS {
        prefix.push('…');
    }
    prefix
}

/// Verified claims in the contract's order.
fn claims_json(claims: &ChatClaims) -> Value {
    let mut map = Map::new();
    map.insert("email".into(), Value::from(claims.email.as_str()));
    map.insert(
        "displayName".into(),
        Value::from(claims.display_name.as_str()),
    );
    map.insert("iat".into(), json::seconds(claims.iat));
    map.insert("exp".into(), json::seconds(claims.exp));
    Value::Object(map)
}

/// The claims of a refused token, decoded without trusting them, when it can be.
fn unverified_claims(token: &str) -> Option<Value> {
    if token.len() > rules::MAX_TOKEN_BYTES {
        return None;
    }
    inspect_unverified(token)
        .ok()
        .map(|inspection| Value::Object(inspection.claims))
}

fn times(now: SystemTime) -> (Value, String) {
    let seconds = now
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    // To the millisecond, as the UTC text shows it.
    let seconds = (seconds * 1000.0).round() / 1000.0;
    (json::seconds(seconds), describe::utc(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chat_autologin::Issuer;

    const SECRET: &str = "emulator-unit-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

    fn emulator(delay: Duration) -> Emulator {
        Emulator::new(
            Verifier::new([SECRET]).unwrap(),
            vec![Zeroizing::new(SECRET.as_bytes().to_vec())],
            delay,
            "http://127.0.0.1:8787/".into(),
        )
    }

    fn token(email: &str, name: &str) -> String {
        Issuer::new(SECRET, Duration::from_secs(300))
            .unwrap()
            .mint(email, name)
            .unwrap()
    }

    fn body(token: &str, session: &str) -> Vec<u8> {
        serde_json::json!({"token": token, "sessionId": session})
            .to_string()
            .into_bytes()
    }

    #[test]
    fn a_good_token_logs_the_session_in_and_out() {
        let emulator = emulator(Duration::ZERO);
        let answer = emulator.login(
            &body(&token("ada@example.com", "Ada"), "tab-1"),
            &Caller::default(),
        );
        assert_eq!(
            answer,
            Answer::LoggedIn {
                session_id: "tab-1".into(),
                email: "ada@example.com".into(),
                display_name: "Ada".into()
            }
        );
        assert_eq!(
            emulator.session("tab-1"),
            Some(("ada@example.com".into(), "Ada".into()))
        );
        assert_eq!(
            emulator.logout(br#"{"sessionId":"tab-1"}"#),
            (Some("tab-1".into()), true)
        );
        assert_eq!(emulator.session("tab-1"), None);
        let log = emulator.log();
        assert_eq!(log.sessions.len(), 1);
        assert_eq!(log.sessions[0].ended_by, Some("logout"));
        assert!(!log.sessions[0].active);
    }

    #[test]
    fn logging_in_again_replaces_the_user() {
        let emulator = emulator(Duration::ZERO);
        let caller = Caller::default();
        emulator.login(&body(&token("ada@example.com", "Ada"), "tab"), &caller);
        emulator.login(&body(&token("bob@example.com", "Bob"), "tab"), &caller);
        assert_eq!(emulator.session("tab").unwrap().0, "bob@example.com");
        let log = emulator.log();
        assert_eq!(log.sessions[0].email, "bob@example.com");
        assert!(log.sessions[0].active);
        assert_eq!(log.sessions[1].ended_by, Some("replaced"));
    }

    #[test]
    fn a_missing_session_id_gets_one() {
        let emulator = emulator(Duration::ZERO);
        let body =
            serde_json::json!({"token": token("ada@example.com", "Ada"), "sessionId": "no spaces"});
        let Answer::LoggedIn { session_id, .. } =
            emulator.login(body.to_string().as_bytes(), &Caller::default())
        else {
            panic!("refused");
        };
        assert!(session_id.starts_with("emulator-"), "{session_id}");
    }

    #[test]
    fn refusals_carry_the_code_and_are_logged() {
        let emulator = emulator(Duration::ZERO);
        let caller = Caller {
            origin: Some("http://site.test".into()),
        };
        let cases: [(&[u8], u16, &str); 5] = [
            (b"not json", 400, BAD_REQUEST),
            (b"[1]", 400, BAD_REQUEST),
            (b"{}", 401, "malformed_token"),
            (br#"{"token": 12}"#, 401, "malformed_token"),
            (br#"{"token": "a.b.c"}"#, 401, "malformed_token"),
        ];
        for (body, status, code) in cases {
            match emulator.login(body, &caller) {
                Answer::Refused {
                    status: s, code: c, ..
                } => assert_eq!((s, c), (status, code), "{}", String::from_utf8_lossy(body)),
                other => panic!("{other:?}"),
            }
        }
        let log = emulator.log();
        assert_eq!(log.rejections.len(), 5);
        assert_eq!(log.rejections[0].token.as_deref(), Some("a.b.c"));
        assert_eq!(
            log.rejections[0].origin.as_deref(),
            Some("http://site.test")
        );
    }

    #[test]
    fn a_bad_signature_shows_the_claims_unverified_and_a_short_token() {
        let emulator = emulator(Duration::ZERO);
        let other = Issuer::new(
            "another-secret-entirely-0123456789-abcdefghijklmnopqrstuvwxyz",
            Duration::from_secs(300),
        )
        .unwrap()
        .mint("eve@example.com", "Eve")
        .unwrap();
        let Answer::Refused { code, .. } = emulator.login(&body(&other, "t"), &Caller::default())
        else {
            panic!("accepted");
        };
        assert_eq!(code, "bad_signature");
        let rejection = &emulator.log().rejections[0];
        assert_eq!(
            rejection.claims.as_ref().unwrap()["email"],
            "eve@example.com"
        );
        assert!(!rejection.claims_verified);
        let shown = rejection.token.as_deref().unwrap();
        assert_eq!(shown.chars().count(), TOKEN_PREFIX_CHARS + 1);
        assert!(other.starts_with(shown.trim_end_matches('…')));
    }

    #[test]
    fn a_new_user_waits_for_the_delay() {
        let emulator = emulator(Duration::from_millis(300));
        let caller = Caller::default();
        let ada = body(&token("ada@example.com", "Ada"), "t");
        match emulator.login(&ada, &caller) {
            Answer::Refused {
                status,
                code,
                retry_after,
                ..
            } => {
                assert_eq!((status, code, retry_after), (503, USER_NOT_READY, Some(1)));
            }
            other => panic!("{other:?}"),
        }
        std::thread::sleep(Duration::from_millis(350));
        assert!(matches!(
            emulator.login(&ada, &caller),
            Answer::LoggedIn { .. }
        ));
        emulator.reset();
        assert!(matches!(
            emulator.login(&ada, &caller),
            Answer::Refused { .. }
        ));
    }

    #[test]
    fn short_tokens_are_shown_whole_and_long_ones_cut() {
        assert_eq!(token_prefix("abc"), "abc");
        assert_eq!(token_prefix("0123456789abcdefXYZ"), "0123456789abcdef…");
        assert_eq!(token_prefix("ééééééééééééééééé").chars().count(), 17);
    }
}
