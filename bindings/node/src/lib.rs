//! The native half of the `chat-autologin` npm package.
//!
//! The core crate decides; this layer only translates. Every rule, limit and
//! message comes from `chat_autologin`. What is done here:
//!
//! - JavaScript numbers arrive as `f64` (or `bool`) and go to the core as a
//!   [`Seconds`], so that -1, 1.5, NaN and 2**53 are refused by the core with the
//!   contract's code instead of being wrapped or truncated on the way in.
//! - A core error becomes a JavaScript `Error` whose `code` is the contract's code
//!   (`bad_signature`, ...); `node/index.js` rethrows it as a `ChatAutologinError`.
//! - A panic never crosses into Node: every entry point runs under
//!   `catch_unwind` (napi's, which also covers argument conversion, and ours
//!   around the body) and a panic becomes an ordinary JavaScript error.
//!
//! The functions here are the package's private interface; the public API, with
//! its type checks and option objects, is `node/index.js`. Each value that
//! crosses the boundary costs time (a string argument or result about 0.1 to
//! 0.2 µs, an object with four properties about 0.5 µs), so the hot paths take
//! and return plain strings and numbers:
//!
//! - `Issuer` and `Verifier` are plain functions over an `External` handle,
//!   which napi dispatches faster than the methods of a `#[napi]` class.
//! - Verified claims come back as one string, the email followed by the display
//!   name, while `iat`, `exp` and the email's length in UTF-16 code units are
//!   written into a `Float64Array` the loader owns and passes in (see
//!   `claims`). The loader builds the `{ email, displayName, iat, exp }`
//!   object in JavaScript, where it costs almost nothing.
//! - The token endpoint's second step, run on every page view of a signed-in
//!   visitor, is a plain Node-API function (`hot.rs`, the only module with
//!   `unsafe` code): napi's generated glue cost more per call than the token.

use std::panic::{catch_unwind, AssertUnwindSafe};

use chat_autologin::{inspect_unverified, Issuer, Seconds, Verifier};
use napi::bindgen_prelude::{Either, Error, External};
use napi_derive::napi;
use serde_json::Value;
use zeroize::Zeroizing;

pub mod diagnose;
pub mod hot;
pub mod web;

/// The contract's error code, handed to JavaScript as the error's `code`.
#[derive(Clone, Copy, Debug)]
pub struct Code(&'static str);

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        self.0
    }
}

/// The code of an error that is not the caller's fault (a bug in this package).
const INTERNAL: Code = Code("internal_error");

type Result<T> = std::result::Result<T, Error<Code>>;

fn to_js(error: chat_autologin::Error) -> Error<Code> {
    Error::new(Code(error.code()), error.message())
}

/// Runs `body`, turning a core error into a coded JavaScript error and a panic
/// into an ordinary one.
fn guard<T>(body: impl FnOnce() -> chat_autologin::Result<T>) -> Result<T> {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(result) => result.map_err(to_js),
        Err(payload) => {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(Error::new(
                INTERNAL,
                format!(
                    "chat-autologin failed internally ({detail}); this is a bug, please report it"
                ),
            ))
        }
    }
}

/// A number of seconds as JavaScript passed it: a number, or a boolean, which
/// the core refuses with the option's code.
type JsSeconds = Either<f64, bool>;

fn seconds(value: JsSeconds) -> Seconds {
    match value {
        Either::A(number) => Seconds::Number(number),
        Either::B(flag) => Seconds::Bool(flag),
    }
}

/// A secret as JavaScript passed it: a string (used as UTF-8) or the bytes of a
/// `Buffer` / `Uint8Array`, borrowed for the duration of the call.
type JsSecret<'a> = Either<String, &'a [u8]>;

/// The bytes of a secret. A string's copy is overwritten when dropped.
enum SecretBytes<'a> {
    Text(Zeroizing<String>),
    Bytes(&'a [u8]),
}

impl<'a> From<JsSecret<'a>> for SecretBytes<'a> {
    fn from(value: JsSecret<'a>) -> Self {
        match value {
            Either::A(text) => SecretBytes::Text(Zeroizing::new(text)),
            Either::B(bytes) => SecretBytes::Bytes(bytes),
        }
    }
}

impl AsRef<[u8]> for SecretBytes<'_> {
    fn as_ref(&self) -> &[u8] {
        match self {
            SecretBytes::Text(text) => text.as_bytes(),
            SecretBytes::Bytes(bytes) => bytes,
        }
    }
}

/// The loader's `Float64Array` that receives the numbers of verified claims.
/// (Named so that napi converts it as a typed array, which it does for a plain
/// `&mut [f64]` argument only through this alias.)
type ClaimsBuffer<'a> = &'a mut [f64];

/// Hands verified claims to the loader: the returned string is the email
/// followed by the display name; `out` receives `[iat, exp, email length in
/// UTF-16 code units]`.
fn claims(claims: chat_autologin::ChatClaims, out: &mut [f64]) -> chat_autologin::Result<String> {
    let email_units = claims.email.encode_utf16().count();
    if let [iat, exp, split, ..] = out {
        *iat = claims.iat;
        *exp = claims.exp;
        *split = email_units as f64;
    } else {
        panic!("the claims buffer holds {} numbers, not 3", out.len());
    }
    let mut both = claims.email;
    both.push_str(&claims.display_name);
    Ok(both)
}

fn configure(
    verifier: Verifier,
    leeway: Option<JsSeconds>,
    max_lifetime: Option<JsSeconds>,
) -> chat_autologin::Result<Verifier> {
    let verifier = match leeway {
        Some(leeway) => verifier.with_leeway_seconds(seconds(leeway))?,
        None => verifier,
    };
    match max_lifetime {
        Some(max_lifetime) => verifier.with_max_lifetime_seconds(seconds(max_lifetime)),
        None => Ok(verifier),
    }
}

/// Mints one token. `now` is seconds since the Unix epoch, or undefined for the
/// system clock.
#[napi(catch_unwind)]
pub fn mint_chat_token(
    email: String,
    name: String,
    ttl: JsSeconds,
    secret: JsSecret<'_>,
    now: Option<JsSeconds>,
) -> Result<String> {
    let secret = SecretBytes::from(secret);
    guard(|| {
        Issuer::with_ttl_seconds(&secret, seconds(ttl))?
            .issue(&email, &name, now.map(seconds))
            .map(|minted| minted.token)
    })
}

/// Verifies one token against one secret; undefined options take the core's
/// defaults. Returns the claims as `claims` does.
#[napi(catch_unwind)]
pub fn verify_chat_token(
    token: String,
    secret: JsSecret<'_>,
    leeway: Option<JsSeconds>,
    max_lifetime: Option<JsSeconds>,
    now: Option<JsSeconds>,
    out: ClaimsBuffer<'_>,
) -> Result<String> {
    let secret = SecretBytes::from(secret);
    guard(|| {
        let verifier = configure(Verifier::new([&secret])?, leeway, max_lifetime)?;
        claims(verifier.verify_at_seconds(&token, now.map(seconds))?, out)
    })
}

/// Decodes a token without checking it, as the JSON text
/// `{"header":{...},"claims":{...}}` (the loader parses it).
#[napi(catch_unwind)]
pub fn inspect_unverified_json(token: String) -> Result<String> {
    guard(|| {
        let inspection = inspect_unverified(&token)?;
        Ok(format!(
            r#"{{"header":{},"claims":{}}}"#,
            Value::Object(inspection.header),
            Value::Object(inspection.claims)
        ))
    })
}

/// Prepares an issuer. `ttl` undefined means the core's default lifetime (300 s).
#[napi(catch_unwind)]
pub fn issuer_new(secret: JsSecret<'_>, ttl: Option<JsSeconds>) -> Result<External<Issuer>> {
    let secret = SecretBytes::from(secret);
    let ttl = ttl.map_or(
        Seconds::from(chat_autologin::rules::DEFAULT_TTL_SECS),
        seconds,
    );
    guard(|| Issuer::with_ttl_seconds(&secret, ttl)).map(External::new)
}

/// The lifetime of an issuer's tokens, in seconds.
#[napi(catch_unwind)]
pub fn issuer_ttl(issuer: &External<Issuer>) -> f64 {
    issuer.ttl().as_secs_f64()
}

/// Mints a token issued now by the system clock.
#[napi(catch_unwind)]
pub fn issuer_mint(issuer: &External<Issuer>, email: String, name: String) -> Result<String> {
    guard(|| issuer.mint(&email, &name))
}

/// Mints a token issued at `now`, seconds since the Unix epoch.
#[napi(catch_unwind)]
pub fn issuer_mint_at(
    issuer: &External<Issuer>,
    email: String,
    name: String,
    now: JsSeconds,
) -> Result<String> {
    guard(|| {
        issuer
            .issue(&email, &name, Some(seconds(now)))
            .map(|minted| minted.token)
    })
}

/// Mints a token and hands back its times, for callers that report when the
/// token expires (the Express integration's `expiresAt`): returns the token
/// and writes `[iat, exp]` (whole seconds since the Unix epoch) into `out`.
/// `now` is seconds since the Unix epoch, or undefined for the system clock.
#[napi(catch_unwind)]
pub fn issuer_issue(
    issuer: &External<Issuer>,
    email: String,
    name: String,
    now: Option<JsSeconds>,
    out: ClaimsBuffer<'_>,
) -> Result<String> {
    guard(|| {
        let minted = issuer.issue(&email, &name, now.map(seconds))?;
        if let [iat, exp, ..] = out {
            // Whole seconds below 2**53: exact as f64.
            *iat = minted.iat as f64;
            *exp = minted.exp as f64;
        } else {
            panic!("the times buffer holds {} numbers, not 2", out.len());
        }
        Ok(minted.token)
    })
}

/// Prepares a verifier: `secrets` is the current secret first, then any
/// previous ones; undefined options take the core's defaults.
#[napi(catch_unwind)]
pub fn verifier_new(
    secrets: Vec<JsSecret<'_>>,
    leeway: Option<JsSeconds>,
    max_lifetime: Option<JsSeconds>,
) -> Result<External<Verifier>> {
    let secrets: Vec<SecretBytes> = secrets.into_iter().map(SecretBytes::from).collect();
    guard(|| configure(Verifier::new(&secrets)?, leeway, max_lifetime)).map(External::new)
}

/// A verifier's clock-skew allowance, in seconds.
#[napi(catch_unwind)]
pub fn verifier_leeway(verifier: &External<Verifier>) -> f64 {
    verifier.leeway()
}

/// A verifier's longest accepted `exp - iat`, in seconds.
#[napi(catch_unwind)]
pub fn verifier_max_lifetime(verifier: &External<Verifier>) -> f64 {
    verifier.max_lifetime()
}

/// Verifies a token against the system clock. Returns the claims as
/// `claims` does.
#[napi(catch_unwind)]
pub fn verifier_verify(
    verifier: &External<Verifier>,
    token: String,
    out: ClaimsBuffer<'_>,
) -> Result<String> {
    guard(|| claims(verifier.verify(&token)?, out))
}

/// Verifies a token as of `now`, seconds since the Unix epoch. Returns the
/// claims as `claims` does.
#[napi(catch_unwind)]
pub fn verifier_verify_at(
    verifier: &External<Verifier>,
    token: String,
    now: JsSeconds,
    out: ClaimsBuffer<'_>,
) -> Result<String> {
    guard(|| claims(verifier.verify_at_seconds(&token, Some(seconds(now)))?, out))
}

/// The longest token the core accepts, in UTF-8 bytes: the loader refuses a
/// string of more UTF-16 code units than this by its length alone.
#[napi(catch_unwind)]
pub fn max_token_bytes() -> u32 {
    chat_autologin::rules::MAX_TOKEN_BYTES as u32
}

/// Throws the core's `token_too_large` error for a token of at least
/// `at_least` bytes (the loader passes a string's length in UTF-16 code units).
#[napi(catch_unwind)]
pub fn token_too_large(at_least: f64) -> Result<()> {
    guard(|| Err(chat_autologin::rules::token_too_large(at_least as usize)))
}

/// Throws the core's `invalid_email` error for an email holding the lone
/// UTF-16 surrogate `unit`.
#[napi(catch_unwind)]
pub fn email_lone_surrogate(unit: u32) -> Result<()> {
    guard(|| Err(chat_autologin::rules::email_lone_surrogate(unit as u16)))
}

/// Throws the core's `invalid_display_name` error for a display name holding
/// the lone UTF-16 surrogate `unit`.
#[napi(catch_unwind)]
pub fn display_name_lone_surrogate(unit: u32) -> Result<()> {
    guard(|| {
        Err(chat_autologin::rules::display_name_lone_surrogate(
            unit as u16,
        ))
    })
}

/// The browser companion script (`chat_autologin::COMPANION_SCRIPT`), which
/// the Express integration serves at `<path>/client.js`. The loader reads it
/// once.
#[napi(catch_unwind)]
pub fn companion_script() -> &'static str {
    chat_autologin::COMPANION_SCRIPT
}

/// Whether this addon was built without optimizations (`npm run build`), so
/// that the benchmark can refuse to report the speed of a debug build. Not
/// part of the API.
#[napi(js_name = "_debugBuild", catch_unwind)]
pub fn debug_build() -> bool {
    cfg!(debug_assertions)
}

/// Panics on purpose, so the tests can check that a panic reaches JavaScript as
/// an ordinary error instead of aborting the process. Not part of the API.
#[napi(js_name = "_panicForTests", catch_unwind)]
pub fn panic_for_tests() -> Result<()> {
    guard(|| -> chat_autologin::Result<()> { panic!("a deliberate panic for the tests") })
}
