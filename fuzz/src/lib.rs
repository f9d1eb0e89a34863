//! What the fuzz targets share: the fixed secrets and clock, signing hand-made
//! tokens, the checks every error must pass, and a small model of the contract's
//! verification rules that the structured inputs are judged against.
//!
//! The model is written from the documented rules (`docs/token-rules.md`,
//! "Verification"; "rules 5 to 8" below are its checks 5 to 8; the edge cases are
//! in `tests/vectors/README.md`), not from the core's code: where the two
//! disagree, a target panics and the fuzzer keeps the input.

pub use arbitrary;
use arbitrary::Arbitrary;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chat_autologin::{ChatClaims, Error, ErrorKind, Seconds, Verifier};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The secret of most shared vectors, so that the seed tokens verify.
pub const SECRET: &str = "chat-autologin-shared-test-secret-0001";
/// A second secret, as during a key rotation (the vectors' vendor-style secret).
pub const PREVIOUS_SECRET: &str =
    "P38JqBkHjM1UTp1oLZ5gdsY1TuhwEaSmVAB6u3WBnpXz5kxWhefZuMp1RIaEignZYVLztiZ6rQfW";
/// A valid secret that the verifiers do not hold.
pub const WRONG_SECRET: &str = "an-attacker-guess-at-the-service-desk-secret";
/// The fixed clock, seconds since the Unix epoch (the vectors' usual `now`).
pub const NOW: f64 = 1_764_115_260.0;
/// The largest `now` the contract accepts (9999-12-31T23:59:59Z).
pub const MAX_NOW: f64 = 253_402_300_799.0;
/// The longest message an error may have, in bytes (exclusive).
pub const MAX_MESSAGE_BYTES: usize = 400;
/// `{"alg":"HS256","typ":"JWT"}`, base64url.
pub const HEADER_B64: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
/// The contract's token size limit, in bytes.
pub const MAX_TOKEN_BYTES: usize = 8192;

/// The codes `verify` may return for a token (with valid options).
pub const VERIFY_CODES: [ErrorKind; 8] = [
    ErrorKind::TokenTooLarge,
    ErrorKind::MalformedToken,
    ErrorKind::UnsupportedAlgorithm,
    ErrorKind::BadSignature,
    ErrorKind::InvalidClaims,
    ErrorKind::TokenExpired,
    ErrorKind::TokenNotYetValid,
    ErrorKind::LifetimeTooLong,
];

/// Base64url without padding.
pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// HMAC-SHA256 of `input` under `secret`.
pub fn hs256(secret: &[u8], input: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(input);
    mac.finalize().into_bytes().into()
}

/// A token over the given (already encoded) header segment and payload bytes,
/// signed with `secret`.
pub fn sign(header_b64: &str, payload: &[u8], secret: &[u8]) -> String {
    let signing_input = format!("{header_b64}.{}", b64(payload));
    let tag = hs256(secret, signing_input.as_bytes());
    format!("{signing_input}.{}", b64(&tag))
}

/// One verifier for the fixed secret, one for a rotation (current and previous).
pub fn verifiers() -> (Verifier, Verifier) {
    (
        Verifier::new([SECRET]).expect("the fixed secret is valid"),
        Verifier::new([SECRET, PREVIOUS_SECRET]).expect("the fixed secrets are valid"),
    )
}

/// The checks every error must pass, wherever it comes from: one of the
/// contract's 13 codes, a short message, and no secret in it.
pub fn check_error(err: &Error, secrets: &[&[u8]], context: &str) {
    let kind = err.kind();
    assert!(
        ErrorKind::ALL.contains(&kind),
        "{context}: an error kind outside the contract: {kind:?}"
    );
    assert_eq!(
        ErrorKind::from_code(err.code()),
        Some(kind),
        "{context}: the code {:?} does not name its kind",
        err.code()
    );
    assert_eq!(err.code(), kind.code());
    let message = err.message();
    assert_eq!(
        err.to_string(),
        message,
        "{context}: Display is not the message"
    );
    assert!(
        !message.is_empty(),
        "{context}: an empty message for {}",
        err.code()
    );
    assert!(
        message.len() < MAX_MESSAGE_BYTES,
        "{context}: a {} message of {} bytes (limit {MAX_MESSAGE_BYTES}): {message:?}",
        err.code(),
        message.len()
    );
    for secret in secrets {
        assert!(
            !contains(message.as_bytes(), secret),
            "{context}: the {} message contains the secret",
            err.code()
        );
        assert!(
            !contains(format!("{err:?}").as_bytes(), secret),
            "{context}: the Debug of a {} error contains the secret",
            err.code()
        );
    }
}

/// An error from verifying a token: the checks above, and a verify-side code.
pub fn check_verify_error(err: &Error, context: &str) {
    check_error(
        err,
        &[SECRET.as_bytes(), PREVIOUS_SECRET.as_bytes()],
        context,
    );
    assert!(
        VERIFY_CODES.contains(&err.kind()),
        "{context}: verify returned the input code {}",
        err.code()
    );
}

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// What a successful verification at `now` implies about the claims, whatever
/// the token was: the contract's rules 5 to 8 hold.
pub fn check_claims_hold(claims: &ChatClaims, now: f64, leeway: f64, max_lifetime: f64) {
    let ChatClaims { iat, exp, .. } = *claims;
    assert!(iat.is_finite() && iat >= 0.0, "accepted iat {iat}");
    assert!(exp.is_finite() && exp >= 0.0, "accepted exp {exp}");
    assert!(
        !iat.is_sign_negative() && !exp.is_sign_negative(),
        "-0 handed back as -0"
    );
    assert!(
        exp > now - leeway,
        "accepted an expired token: exp {exp}, now {now}"
    );
    assert!(
        iat <= now + leeway,
        "accepted a future iat {iat}, now {now}"
    );
    assert!(exp > iat, "accepted exp {exp} <= iat {iat}");
    assert!(
        exp - iat < max_lifetime + 1.0,
        "accepted a lifetime of {} s (max {max_lifetime})",
        exp - iat
    );
}

// ---------------------------------------------------------------------------
// Structured tokens
// ---------------------------------------------------------------------------

/// A JSON value to put in a header or payload.
#[derive(Arbitrary, Debug, Clone)]
pub enum Value {
    /// A string, escaped only where JSON requires.
    Str(String),
    /// A string with every character written as `\uXXXX` escapes.
    Escaped(String),
    /// A lone surrogate, JSON text but no Unicode string: `"\uD8xx"` (a high
    /// one, below 128) or `"\uDCxx"` (a low one), then the letter `A` either
    /// plainly or as the escape `\u0041`.
    LoneSurrogate(u8),
    /// A time near the fixed clock.
    Time(Time),
    /// A number written as `{int}[.{frac}][e{exp}]`, possibly negative.
    Number {
        negative: bool,
        int: u64,
        frac: Option<u32>,
        exp: Option<i16>,
    },
    /// A float as Rust displays it (never an exponent); `null` when not finite.
    Float(f64),
    Null,
    Bool(bool),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

/// A time in seconds, mostly around the fixed clock and its edges.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct Time {
    pub base: TimeBase,
    pub delta: i16,
    pub frac: Frac,
}

#[derive(Debug, Clone, Copy)]
pub enum TimeBase {
    Now,
    Zero,
    Epoch9999,
    Big,
}

impl<'a> Arbitrary<'a> for TimeBase {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=199 => TimeBase::Now,
            200..=219 => TimeBase::Zero,
            220..=239 => TimeBase::Epoch9999,
            _ => TimeBase::Big,
        })
    }
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Frac {
    None,
    Half,
    Milli(u16),
    Tiny,
}

impl Time {
    pub fn seconds(self) -> f64 {
        let base = match self.base {
            TimeBase::Now => NOW,
            TimeBase::Zero => 0.0,
            TimeBase::Epoch9999 => MAX_NOW,
            TimeBase::Big => 9_007_199_254_740_992.0, // 2^53
        };
        let frac = match self.frac {
            Frac::None => 0.0,
            Frac::Half => 0.5,
            Frac::Milli(m) => f64::from(m % 1000) / 1000.0,
            Frac::Tiny => 1e-6,
        };
        base + f64::from(self.delta) + frac
    }
}

/// A string claim (`email`, `displayName`): mostly a string.
#[derive(Debug, Clone)]
pub enum StrClaim {
    Str(String),
    Missing,
    Other(Value),
}

impl<'a> Arbitrary<'a> for StrClaim {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=219 => StrClaim::Str(String::arbitrary(u)?),
            220..=229 => StrClaim::Missing,
            _ => StrClaim::Other(Value::arbitrary(u)?),
        })
    }
}

/// A time claim: mostly a time near the clock, or placed relative to the other
/// claim; sometimes missing or any value.
#[derive(Debug, Clone)]
pub enum TimeClaim {
    Time(Time),
    /// `exp` as `iat + max_lifetime + delta` (or `iat` as `exp - ...`).
    Lifetime {
        delta: i16,
        frac: Frac,
    },
    Missing,
    Value(Value),
}

impl<'a> Arbitrary<'a> for TimeClaim {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=139 => TimeClaim::Time(Time::arbitrary(u)?),
            140..=199 => TimeClaim::Lifetime {
                delta: i16::arbitrary(u)?,
                frac: Frac::arbitrary(u)?,
            },
            200..=209 => TimeClaim::Missing,
            _ => TimeClaim::Value(Value::arbitrary(u)?),
        })
    }
}

/// How the token is signed: mostly right, so that the claims are reached.
#[derive(Debug, Clone, Copy)]
pub enum Signing {
    Current,
    Previous,
    Wrong,
    /// The right secret, the tag cut to 31 bytes.
    Truncated,
    /// The right tag over other bytes (the header re-encoded).
    OtherBytes,
}

impl<'a> Arbitrary<'a> for Signing {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=159 => Signing::Current,
            160..=199 => Signing::Previous,
            200..=219 => Signing::Wrong,
            220..=239 => Signing::Truncated,
            _ => Signing::OtherBytes,
        })
    }
}

/// The `alg` of a hand-written header: mostly right.
#[derive(Debug, Clone)]
pub enum Alg {
    Absent,
    Hs256,
    None,
    Hs512,
    Lower,
    Other(String),
    NotString(Value),
}

impl<'a> Arbitrary<'a> for Alg {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=179 => Alg::Hs256,
            180..=189 => Alg::Absent,
            190..=199 => Alg::None,
            200..=209 => Alg::Hs512,
            210..=219 => Alg::Lower,
            220..=239 => Alg::Other(String::arbitrary(u)?),
            _ => Alg::NotString(Value::arbitrary(u)?),
        })
    }
}

/// The `typ` of a hand-written header: mostly absent or some case of `JWT`.
#[derive(Debug, Clone)]
pub enum Typ {
    Absent,
    Jwt,
    Lower,
    Mixed,
    Jose,
    Other(String),
    NotString(Value),
}

impl<'a> Arbitrary<'a> for Typ {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=79 => Typ::Jwt,
            80..=139 => Typ::Absent,
            140..=169 => Typ::Lower,
            170..=199 => Typ::Mixed,
            200..=209 => Typ::Jose,
            210..=239 => Typ::Other(String::arbitrary(u)?),
            _ => Typ::NotString(Value::arbitrary(u)?),
        })
    }
}

/// The header: the canonical bytes, or members written out.
#[derive(Arbitrary, Debug, Clone)]
pub enum Header {
    Canonical,
    Members {
        alg: Alg,
        typ: Typ,
        kid: Option<String>,
        /// Below 8: a `crit` member with this value.
        crit: u8,
        crit_value: Value,
        extra: Vec<(String, Value)>,
        /// Below 16: repeat the member at this index.
        duplicate: u8,
        rotate: u8,
        spaced: bool,
    },
}

/// A verifier option as a caller might set it: mostly left at its default.
#[derive(Debug, Clone, Copy)]
pub enum Opt {
    Default,
    Whole(u32),
    Number(f64),
    Bool(bool),
}

impl<'a> Arbitrary<'a> for Opt {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=191 => Opt::Default,
            192..=239 => Opt::Whole(u32::arbitrary(u)?),
            240..=251 => Opt::Number(f64::arbitrary(u)?),
            _ => Opt::Bool(bool::arbitrary(u)?),
        })
    }
}

/// A whole token described by its parts.
#[derive(Arbitrary, Debug, Clone)]
pub struct TokenSpec {
    pub signing: Signing,
    pub leeway: Opt,
    pub max_lifetime: Opt,
    pub email: StrClaim,
    pub display_name: StrClaim,
    pub iat: TimeClaim,
    pub exp: TimeClaim,
    pub header: Header,
    pub rotate: u8,
    pub spaced: bool,
    /// Below 16: repeat the member at this index (a duplicate key).
    pub duplicate: u8,
    pub extra: Vec<(String, Value)>,
}

/// A member as written, with its key unescaped (how duplicates are compared).
struct Member {
    key: String,
    value: String,
    /// What the value reads as, for the model.
    model: Model,
    /// Whether the value holds a lone-surrogate escape at any depth: not
    /// Unicode text, so the contract makes the token `malformed_token`.
    lone_surrogate: bool,
}

#[derive(Clone, Debug, PartialEq)]
enum Model {
    Str(String),
    Number(f64),
    Other,
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).expect("a str serializes")
}

fn escaped_string(text: &str) -> String {
    let mut out = String::from("\"");
    for unit in text.encode_utf16() {
        out.push_str(&format!("\\u{unit:04X}"));
    }
    out.push('"');
    out
}

impl Value {
    /// Whether the text [`write`](Value::write) gives holds a lone surrogate.
    fn has_lone_surrogate(&self, depth: usize) -> bool {
        match self {
            Value::LoneSurrogate(_) => true,
            Value::Array(items) if depth <= 4 => {
                items.iter().any(|v| v.has_lone_surrogate(depth + 1))
            }
            Value::Object(members) if depth <= 4 => {
                // As written: the first member of each key only.
                let mut seen = std::collections::HashSet::new();
                members
                    .iter()
                    .filter(|(k, _)| seen.insert(k.clone()))
                    .any(|(_, v)| v.has_lone_surrogate(depth + 1))
            }
            _ => false,
        }
    }

    /// The JSON text and what it reads as.
    fn write(&self, depth: usize) -> (String, Model) {
        match self {
            Value::Str(s) => (json_string(s), Model::Str(s.clone())),
            Value::Escaped(s) => (escaped_string(s), Model::Str(s.clone())),
            Value::LoneSurrogate(b) => {
                let unit = if *b < 128 { 0xD800 } else { 0xDC00 - 128 } + u16::from(*b);
                let after = if b % 2 == 0 { "A" } else { "\\u0041" };
                (format!("\"\\u{unit:04X}{after}\""), Model::Other)
            }
            Value::Time(t) => number(format!("{}", t.seconds())),
            Value::Number {
                negative,
                int,
                frac,
                exp,
            } => {
                let mut text = String::new();
                if *negative {
                    text.push('-');
                }
                text.push_str(&int.to_string());
                if let Some(frac) = frac {
                    text.push_str(&format!(".{frac}"));
                }
                if let Some(exp) = exp {
                    text.push_str(&format!("e{exp}"));
                }
                number(text)
            }
            Value::Float(f) if f.is_finite() => number(format!("{f}")),
            Value::Float(_) | Value::Null => ("null".into(), Model::Other),
            Value::Bool(b) => (b.to_string(), Model::Other),
            Value::Array(items) => {
                let items: Vec<String> = if depth > 4 {
                    Vec::new()
                } else {
                    items.iter().map(|v| v.write(depth + 1).0).collect()
                };
                (format!("[{}]", items.join(",")), Model::Other)
            }
            Value::Object(members) => {
                // Unique keys, so that a nested object is never a syntax error.
                let mut seen = std::collections::HashSet::new();
                let members: Vec<String> = if depth > 4 {
                    Vec::new()
                } else {
                    members
                        .iter()
                        .filter(|(k, _)| seen.insert(k.clone()))
                        .map(|(k, v)| format!("{}:{}", json_string(k), v.write(depth + 1).0))
                        .collect()
                };
                (format!("{{{}}}", members.join(",")), Model::Other)
            }
        }
    }
}

fn number(text: String) -> (String, Model) {
    let value: f64 = text.parse().expect("JSON number text parses as f64");
    (text, Model::Number(value))
}

fn member(key: &str, value: &Value) -> Member {
    let (text, model) = value.write(0);
    Member {
        key: key.to_owned(),
        value: text,
        model,
        lone_surrogate: value.has_lone_surrogate(0),
    }
}

fn object(
    mut members: Vec<Member>,
    duplicate: u8,
    rotate: u8,
    spaced: bool,
) -> (String, Vec<Member>) {
    if duplicate < 16 && !members.is_empty() {
        let i = duplicate;
        let original = &members[usize::from(i) % members.len()];
        let copy = Member {
            key: original.key.clone(),
            value: original.value.clone(),
            model: original.model.clone(),
            lone_surrogate: original.lone_surrogate,
        };
        members.push(copy);
    }
    if !members.is_empty() {
        let by = usize::from(rotate) % members.len();
        members.rotate_left(by);
    }
    let (colon, comma) = if spaced { (": ", ", ") } else { (":", ",") };
    let body: Vec<String> = members
        .iter()
        .map(|m| format!("{}{colon}{}", json_string(&m.key), m.value))
        .collect();
    (format!("{{{}}}", body.join(comma)), members)
}

/// Up to six more members, each with a key not used yet (duplicates come from
/// `duplicate` alone, so that most objects are valid).
fn add_extra(members: &mut Vec<Member>, extra: &[(String, Value)]) {
    for (key, value) in extra.iter().take(6) {
        if members.iter().all(|m| m.key != *key) {
            members.push(member(key, value));
        }
    }
}

fn has_duplicate(members: &[Member]) -> bool {
    let mut seen = std::collections::HashSet::new();
    members.iter().any(|m| !seen.insert(m.key.as_str()))
}

fn find<'m>(members: &'m [Member], key: &str) -> Option<&'m Model> {
    members.iter().find(|m| m.key == key).map(|m| &m.model)
}

/// An option as the caller passes it (`None`: left at its default).
pub fn option_seconds(opt: Opt, high: u32) -> Option<Seconds> {
    match opt {
        Opt::Default => None,
        Opt::Whole(n) => Some(Seconds::Number(f64::from(n % (high + 2)))),
        Opt::Number(n) => Some(Seconds::Number(n)),
        Opt::Bool(b) => Some(Seconds::Bool(b)),
    }
}

/// The value an option takes, or `None` when the contract refuses it.
fn option_value(value: Option<Seconds>, default: f64, low: f64, high: f64) -> Option<f64> {
    match value {
        None => Some(default),
        Some(Seconds::Number(n)) if n.is_finite() && (low..=high).contains(&n) => Some(n),
        Some(_) => None,
    }
}

/// A structured token, ready to verify, and what the contract says verifying
/// it at [`NOW`] gives.
#[derive(Debug)]
pub struct Built {
    pub token: String,
    pub leeway: f64,
    pub max_lifetime: f64,
    /// The leeway and maximum lifetime to build the verifiers with.
    pub options: (Option<Seconds>, Option<Seconds>),
    /// Whether the contract accepts those options (else `invalid_option`).
    pub options_valid: bool,
    pub expected: Result<ChatClaims, ErrorKind>,
    /// The payload's members in order, unescaped keys (for inspect).
    pub payload_keys: Vec<String>,
    pub header_canonical: bool,
}

impl TokenSpec {
    pub fn build(&self) -> Built {
        let options = (
            option_seconds(self.leeway, 300),
            option_seconds(self.max_lifetime, 86_400),
        );
        let leeway = option_value(options.0, 60.0, 0.0, 300.0);
        let max_lifetime = option_value(options.1, 86_400.0, 1.0, 86_400.0);
        let options_valid = leeway.is_some() && max_lifetime.is_some();
        let leeway = leeway.unwrap_or(60.0);
        let max_lifetime = max_lifetime.unwrap_or(86_400.0);

        // The header.
        let (header_b64, header_members, header_canonical) = match &self.header {
            Header::Canonical => (HEADER_B64.to_owned(), None, true),
            Header::Members {
                alg,
                typ,
                kid,
                crit,
                crit_value,
                extra,
                duplicate,
                rotate,
                spaced,
            } => {
                let mut members = Vec::new();
                if !matches!(alg, Alg::Absent) {
                    let value = match alg {
                        Alg::Absent => unreachable!(),
                        Alg::Hs256 => Value::Str("HS256".into()),
                        Alg::None => Value::Str("none".into()),
                        Alg::Hs512 => Value::Str("HS512".into()),
                        Alg::Lower => Value::Str("hs256".into()),
                        Alg::Other(s) => Value::Str(s.clone()),
                        Alg::NotString(v) => v.clone(),
                    };
                    members.push(member("alg", &value));
                }
                if !matches!(typ, Typ::Absent) {
                    let value = match typ {
                        Typ::Absent => unreachable!(),
                        Typ::Jwt => Value::Str("JWT".into()),
                        Typ::Lower => Value::Str("jwt".into()),
                        Typ::Mixed => Value::Str("jWt".into()),
                        Typ::Jose => Value::Str("JOSE".into()),
                        Typ::Other(s) => Value::Str(s.clone()),
                        Typ::NotString(v) => v.clone(),
                    };
                    members.push(member("typ", &value));
                }
                if let Some(kid) = kid {
                    members.push(member("kid", &Value::Str(kid.clone())));
                }
                if *crit < 8 {
                    members.push(member("crit", crit_value));
                }
                add_extra(&mut members, extra);
                let (text, members) = object(members, *duplicate, *rotate, *spaced);
                let header_b64 = b64(text.as_bytes());
                let canonical = header_b64 == HEADER_B64;
                (header_b64, Some(members), canonical)
            }
        };

        // The payload.
        let mut members = Vec::new();
        for (key, claim) in [("email", &self.email), ("displayName", &self.display_name)] {
            match claim {
                StrClaim::Str(s) => members.push(member(key, &Value::Str(s.clone()))),
                StrClaim::Missing => {}
                StrClaim::Other(v) => members.push(member(key, v)),
            }
        }
        let absolute = |key: &str, claim: &TimeClaim| match claim {
            TimeClaim::Time(t) => Some(member(key, &Value::Time(*t))),
            TimeClaim::Value(v) => Some(member(key, v)),
            TimeClaim::Lifetime { .. } | TimeClaim::Missing => None,
        };
        let iat_value = absolute("iat", &self.iat);
        let exp_value = absolute("exp", &self.exp);
        let relative = |other: &Option<Member>, delta: i16, frac: Frac, sign: f64| -> Value {
            let base = match other.as_ref().map(|m| &m.model) {
                Some(Model::Number(n)) => *n,
                _ => NOW,
            };
            let frac = Time {
                base: TimeBase::Zero,
                delta: 0,
                frac,
            }
            .seconds();
            Value::Float(base + sign * (max_lifetime + f64::from(delta) + frac))
        };
        let iat = match &self.iat {
            TimeClaim::Lifetime { delta, frac } => {
                Some(member("iat", &relative(&exp_value, *delta, *frac, -1.0)))
            }
            _ => iat_value,
        };
        let exp = match &self.exp {
            TimeClaim::Lifetime { delta, frac } => {
                Some(member("exp", &relative(&iat, *delta, *frac, 1.0)))
            }
            _ => exp_value,
        };
        members.extend(iat);
        members.extend(exp);
        add_extra(&mut members, &self.extra);
        let (payload, members) = object(members, self.duplicate, self.rotate, self.spaced);

        // The signature.
        let signing_input = format!("{header_b64}.{}", b64(payload.as_bytes()));
        let tag = match self.signing {
            Signing::Current | Signing::Truncated => {
                hs256(SECRET.as_bytes(), signing_input.as_bytes())
            }
            Signing::Previous => hs256(PREVIOUS_SECRET.as_bytes(), signing_input.as_bytes()),
            Signing::Wrong => hs256(WRONG_SECRET.as_bytes(), signing_input.as_bytes()),
            Signing::OtherBytes => hs256(
                SECRET.as_bytes(),
                format!("{header_b64}={}", b64(payload.as_bytes())).as_bytes(),
            ),
        };
        let tag: &[u8] = match self.signing {
            Signing::Truncated => &tag[..31],
            _ => &tag,
        };
        let token = format!("{signing_input}.{}", b64(tag));

        // What the contract says, rule by rule.
        let expected = (|| {
            use ErrorKind::*;
            if token.len() > MAX_TOKEN_BYTES {
                return Err(TokenTooLarge);
            }
            if let Some(header) = &header_members {
                if has_duplicate(header) || header.iter().any(|m| m.key == "crit") {
                    return Err(MalformedToken);
                }
            }
            if has_duplicate(&members) {
                return Err(MalformedToken);
            }
            let lone = |ms: &[Member]| ms.iter().any(|m| m.lone_surrogate);
            if header_members.as_deref().is_some_and(lone) || lone(&members) {
                return Err(MalformedToken);
            }
            if let Some(header) = &header_members {
                if find(header, "alg") != Some(&Model::Str("HS256".into())) {
                    return Err(UnsupportedAlgorithm);
                }
                match find(header, "typ") {
                    None => {}
                    Some(Model::Str(t)) if t.eq_ignore_ascii_case("JWT") => {}
                    Some(_) => return Err(UnsupportedAlgorithm),
                }
            }
            if !matches!(self.signing, Signing::Current | Signing::Previous) {
                return Err(BadSignature);
            }
            let string = |key| match find(&members, key) {
                Some(Model::Str(s)) => Ok(s.clone()),
                _ => Err(InvalidClaims),
            };
            let time = |key| match find(&members, key) {
                Some(Model::Number(n)) if n.is_finite() && *n >= 0.0 => Ok(*n + 0.0),
                _ => Err(InvalidClaims),
            };
            let claims = ChatClaims {
                email: string("email")?,
                display_name: string("displayName")?,
                iat: time("iat")?,
                exp: time("exp")?,
            };
            if claims.exp <= NOW - leeway {
                return Err(TokenExpired);
            }
            if claims.iat > NOW + leeway {
                return Err(TokenNotYetValid);
            }
            let lifetime = claims.exp - claims.iat;
            if lifetime <= 0.0 || lifetime >= max_lifetime + 1.0 {
                return Err(LifetimeTooLong);
            }
            Ok(claims)
        })();

        Built {
            token,
            leeway,
            max_lifetime,
            options,
            options_valid,
            expected,
            payload_keys: members.iter().map(|m| m.key.clone()).collect(),
            header_canonical,
        }
    }
}

/// Builds the verifiers a structured token is checked with: one with the
/// current secret alone, one with both (rotation). `Err` carries the error that
/// building gave, for an option out of range.
pub fn build_verifiers(
    options: (Option<Seconds>, Option<Seconds>),
) -> Result<(Verifier, Verifier), Error> {
    let (single, both) = verifiers();
    let set = |mut v: Verifier| -> Result<Verifier, Error> {
        if let Some(leeway) = options.0 {
            v = v.with_leeway_seconds(leeway)?;
        }
        if let Some(max) = options.1 {
            v = v.with_max_lifetime_seconds(max)?;
        }
        Ok(v)
    };
    Ok((set(single)?, set(both)?))
}

/// Splits raw fuzz bytes at the first 0xFF (never part of UTF-8 text).
pub fn split_ff(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == 0xff) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixed_secret_verifies_the_canonical_form() {
        let payload = br#"{"email":"ada@example.com","displayName":"Ada Lovelace","iat":1764115200,"exp":1764115500}"#;
        let token = sign(HEADER_B64, payload, SECRET.as_bytes());
        let (single, _) = verifiers();
        let claims = single
            .verify_at_seconds(&token, Some(Seconds::Number(NOW)))
            .unwrap();
        assert_eq!(claims.email, "ada@example.com");
    }
}
