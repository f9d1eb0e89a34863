//! The compact HS256 JWS: writing it, and taking a received one apart in the
//! contract's order.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use crate::claims::ChatClaims;
use crate::error::{Error, ErrorKind, Result};
use crate::human;
use crate::json::{self, ObjectError};
use crate::key::{Key, TAG_BYTES};
use crate::rules::{self, DEFAULT_LEEWAY_SECS, MAX_LIFETIME_SECS, MAX_TOKEN_BYTES};

/// `{"alg":"HS256","typ":"JWT"}`, base64url: the only header this crate writes.
pub(crate) const HEADER_B64: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

/// Writes a signed token. The inputs must already have been checked.
pub(crate) fn encode(key: &Key, email: &str, name: &str, iat: u64, exp: u64) -> String {
    let mut token = Vec::new();
    encode_into(&mut token, key, email, name, iat, exp);
    // Checked once, at the end: base64url and the header are ASCII.
    String::from_utf8(token).unwrap_or_else(|_| unreachable!("base64url is ASCII"))
}

/// Appends a signed token (ASCII) to `out`. The inputs must already have been
/// checked.
pub(crate) fn encode_into(
    out: &mut Vec<u8>,
    key: &Key,
    email: &str,
    name: &str,
    iat: u64,
    exp: u64,
) {
    thread_local! {
        // The payload JSON is only an intermediate: reuse one buffer per thread.
        static PAYLOAD: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(Vec::with_capacity(512));
    }
    // A fresh buffer if this thread's is in use or already destroyed (a
    // thread-local destructor that mints): never a panic.
    let written = PAYLOAD
        .try_with(|cell| {
            cell.try_borrow_mut()
                .ok()
                .map(|mut payload| encode_with(&mut payload, out, key, email, name, iat, exp))
        })
        .ok()
        .flatten();
    if written.is_none() {
        encode_with(&mut Vec::new(), out, key, email, name, iat, exp);
    }
}

fn encode_with(
    payload: &mut Vec<u8>,
    out: &mut Vec<u8>,
    key: &Key,
    email: &str,
    name: &str,
    iat: u64,
    exp: u64,
) {
    payload.clear();
    payload.extend_from_slice(b"{\"email\":");
    json::write_string(payload, email);
    payload.extend_from_slice(b",\"displayName\":");
    json::write_string(payload, name);
    let mut digits = itoa::Buffer::new();
    payload.extend_from_slice(b",\"iat\":");
    payload.extend_from_slice(digits.format(iat).as_bytes());
    payload.extend_from_slice(b",\"exp\":");
    payload.extend_from_slice(digits.format(exp).as_bytes());
    payload.push(b'}');

    // Build the token as bytes with exact sizes, encoding in place.
    let payload_b64_len = (payload.len() * 4).div_ceil(3);
    let tag_b64_len = (TAG_BYTES * 4).div_ceil(3);
    let start = out.len();
    out.reserve(HEADER_B64.len() + payload_b64_len + tag_b64_len + 2);
    out.extend_from_slice(HEADER_B64.as_bytes());
    out.push(b'.');
    append_base64(out, payload, payload_b64_len);
    let tag = key.tag(&out[start..]);
    out.push(b'.');
    append_base64(out, &tag, tag_b64_len);
}

fn append_base64(out: &mut Vec<u8>, input: &[u8], encoded_len: usize) {
    let start = out.len();
    out.resize(start + encoded_len, 0);
    let written = URL_SAFE_NO_PAD
        .encode_slice(input, &mut out[start..])
        .unwrap_or_else(|_| unreachable!("the exact length was reserved"));
    debug_assert_eq!(written, encoded_len);
}

/// A received token split into its three segments.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Segments<'t> {
    /// `header "." payload`, exactly as received: the bytes the MAC covers.
    pub(crate) signing_input: &'t str,
    pub(crate) header: &'t str,
    pub(crate) payload: &'t str,
    pub(crate) signature: &'t str,
}

fn malformed(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::MalformedToken, message)
}

impl<'t> Segments<'t> {
    /// Steps 1 and the first half of 2: the size limit and the three segments.
    pub(crate) fn split(token: &'t str) -> Result<Segments<'t>> {
        if token.len() > MAX_TOKEN_BYTES {
            return Err(rules::token_too_large(token.len()));
        }
        let mut dots = token.match_indices('.').map(|(i, _)| i);
        let (Some(first), Some(second), None) = (dots.next(), dots.next(), dots.next()) else {
            let count = token.split('.').count();
            return Err(malformed(format!(
                "a token has three segments separated by '.'; this one has {count}"
            )));
        };
        Ok(Segments {
            signing_input: &token[..second],
            header: &token[..first],
            payload: &token[first + 1..second],
            signature: &token[second + 1..],
        })
    }
}

/// Decodes one strict base64url segment (no padding, no whitespace, canonical
/// trailing bits) into `buf`, reusing its capacity.
pub(crate) fn decode_segment<'b>(
    segment: &str,
    what: &str,
    buf: &'b mut Vec<u8>,
) -> Result<&'b [u8]> {
    buf.clear();
    URL_SAFE_NO_PAD.decode_vec(segment, buf).map_err(|e| {
        malformed(format!(
            "the {what} segment is not strict base64url without padding ({e})"
        ))
    })?;
    Ok(buf)
}

pub(crate) fn object_error(what: &str, error: ObjectError) -> Error {
    match error {
        ObjectError::Syntax(detail) => {
            malformed(format!("the {what} is not a UTF-8 JSON object ({detail})"))
        }
        ObjectError::DuplicateKey(key) => malformed(format!(
            "the {what} has the key {:?} twice, which makes its meaning ambiguous",
            truncate(&key, 32)
        )),
        ObjectError::LoneSurrogate(unit) => malformed(format!(
            "the {what} holds the escape \\u{unit:04x}, half of a UTF-16 surrogate pair \
             without the other half: JSON in a token must be Unicode text"
        )),
    }
}

/// What the header says about the algorithm, read in step 2 and judged in step 3.
#[derive(Debug)]
pub(crate) struct Header<'h> {
    alg: Option<&'h str>,
    typ: Option<&'h str>,
}

impl<'h> Header<'h> {
    /// Reads a decoded header: a JSON object without duplicate keys or `crit`.
    pub(crate) fn parse(bytes: &'h [u8]) -> Result<Header<'h>> {
        let mut header = Header {
            alg: None,
            typ: None,
        };
        let mut crit = false;
        json::read_object(bytes, |key, value| match key {
            "alg" => header.alg = Some(value),
            "typ" => header.typ = Some(value),
            "crit" => crit = true,
            _ => {}
        })
        .map_err(|e| object_error("header", e))?;
        if crit {
            return Err(malformed(
                "the header has a \"crit\" member; no critical extension is understood here",
            ));
        }
        Ok(header)
    }

    /// Step 3: `alg` is exactly `"HS256"` and `typ`, if present, is `"JWT"` in any case.
    pub(crate) fn check(&self) -> Result<()> {
        let alg = self.alg.and_then(json::raw_string);
        if alg.as_deref() != Some("HS256") {
            let shown = match (self.alg, alg) {
                (None, _) => "no \"alg\"".to_owned(),
                (Some(_), Some(alg)) => format!("alg {:?}", truncate(&alg, 16)),
                (Some(raw), None) => format!("alg {}", truncate(raw, 16)),
            };
            return Err(Error::new(
                ErrorKind::UnsupportedAlgorithm,
                format!("the header has {shown}; chat tokens are signed with HS256 only"),
            ));
        }
        if let Some(raw) = self.typ {
            let typ = json::raw_string(raw);
            if !typ.is_some_and(|t| t.eq_ignore_ascii_case("JWT")) {
                return Err(Error::new(
                    ErrorKind::UnsupportedAlgorithm,
                    format!(
                        "the header has typ {}; a chat token's typ is \"JWT\" or absent",
                        truncate(raw, 16)
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// At most `max` characters of `text`, marked when cut.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// The claims as read in step 2, their types judged in step 5.
#[derive(Debug, Default)]
pub(crate) struct RawClaims<'p> {
    email: Option<&'p str>,
    display_name: Option<&'p str>,
    iat: Option<&'p str>,
    exp: Option<&'p str>,
}

impl<'p> RawClaims<'p> {
    /// Reads a decoded payload: a JSON object without duplicate keys.
    pub(crate) fn parse(bytes: &'p [u8]) -> Result<RawClaims<'p>> {
        let mut claims = RawClaims::default();
        json::read_object(bytes, |key, value| match key {
            "email" => claims.email = Some(value),
            "displayName" => claims.display_name = Some(value),
            "iat" => claims.iat = Some(value),
            "exp" => claims.exp = Some(value),
            _ => {}
        })
        .map_err(|e| object_error("payload", e))?;
        Ok(claims)
    }

    /// Step 5: `email` and `displayName` are strings, `iat` and `exp` finite
    /// non-negative numbers.
    pub(crate) fn claims(&self) -> Result<ChatClaims> {
        fn string(raw: Option<&str>, name: &str) -> Result<String> {
            raw.and_then(json::raw_string)
                .ok_or_else(|| invalid_claim(raw, name, "a string"))
        }
        fn time(raw: Option<&str>, name: &str) -> Result<f64> {
            raw.and_then(json::raw_number)
                .filter(|t| t.is_finite() && *t >= 0.0)
                // -0 is a valid NumericDate; hand it back as 0.
                .map(|t| t + 0.0)
                .ok_or_else(|| {
                    invalid_claim(
                        raw,
                        name,
                        "a non-negative number of seconds since the epoch",
                    )
                })
        }
        Ok(ChatClaims {
            email: string(self.email, "email")?,
            display_name: string(self.display_name, "displayName")?,
            iat: time(self.iat, "iat")?,
            exp: time(self.exp, "exp")?,
        })
    }
}

fn invalid_claim(raw: Option<&str>, name: &str, expected: &str) -> Error {
    let found = match raw {
        None => {
            return Error::new(
                ErrorKind::InvalidClaims,
                format!("the claim {name:?} is missing; it must be {expected}"),
            )
        }
        Some(raw) => truncate(raw, 24),
    };
    Error::new(
        ErrorKind::InvalidClaims,
        format!("the claim {name:?} must be {expected}; found {found}"),
    )
}

/// The time limits a verifier applies in steps 6 to 8.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct TimeRules {
    pub(crate) leeway: f64,
    pub(crate) max_lifetime: f64,
}

impl TimeRules {
    /// The contract's defaults: 60 s of leeway, at most a day from iat to exp.
    pub(crate) const DEFAULT: TimeRules = TimeRules {
        leeway: DEFAULT_LEEWAY_SECS,
        max_lifetime: MAX_LIFETIME_SECS,
    };

    /// Steps 6, 7 and 8, in order.
    pub(crate) fn check(&self, claims: &ChatClaims, now: f64) -> Result<()> {
        self.check_expiry(claims, now)?;
        self.check_issued(claims, now)?;
        self.check_lifetime(claims)
    }

    pub(crate) fn check_expiry(&self, claims: &ChatClaims, now: f64) -> Result<()> {
        if claims.exp > now - self.leeway {
            return Ok(());
        }
        Err(Error::new(
            ErrorKind::TokenExpired,
            format!(
                "the token expired {} ago{} (leeway {}); mint a fresh token for each \
                 login instead of caching one",
                human::span(now - claims.exp),
                human::at(claims.exp),
                human::span(self.leeway)
            ),
        ))
    }

    pub(crate) fn check_issued(&self, claims: &ChatClaims, now: f64) -> Result<()> {
        if claims.iat <= now + self.leeway {
            return Ok(());
        }
        Err(Error::new(
            ErrorKind::TokenNotYetValid,
            format!(
                "the token was issued {} in the future{} (leeway {}); check the clock \
                 of the server that minted it",
                human::span(claims.iat - now),
                human::at(claims.iat),
                human::span(self.leeway)
            ),
        ))
    }

    pub(crate) fn check_lifetime(&self, claims: &ChatClaims) -> Result<()> {
        let lifetime = claims.exp - claims.iat;
        // Fractional timestamps (the vendor's Date.now()/1000) may add under a second.
        if lifetime > 0.0 && lifetime < self.max_lifetime + 1.0 {
            return Ok(());
        }
        let message = if lifetime > 0.0 {
            format!(
                "the token lives {} from iat to exp; at most {} is accepted, so mint \
                 short-lived tokens (minutes)",
                human::span(lifetime),
                human::span(self.max_lifetime)
            )
        } else {
            "the token's exp is not after its iat; mint it with a positive ttl".to_owned()
        };
        Err(Error::new(ErrorKind::LifetimeTooLong, message))
    }
}

/// Buffers to decode a token's segments into, kept per thread so that
/// verifying allocates nothing but the claims it returns.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    header: Vec<u8>,
    payload: Vec<u8>,
    signature: Vec<u8>,
}

impl Scratch {
    /// Runs `f` with this thread's scratch buffers.
    pub(crate) fn with<T>(f: impl FnOnce(&mut Scratch) -> T) -> T {
        thread_local! {
            static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
        }
        // Fresh buffers if this thread's are in use or already destroyed (a
        // thread-local destructor that verifies): never a panic.
        let mut f = Some(f);
        let result = SCRATCH.try_with(|cell| {
            let mut scratch = cell.try_borrow_mut().ok()?;
            f.take().map(|f| f(&mut scratch))
        });
        match (result, f) {
            (Ok(Some(value)), _) => value,
            (_, Some(f)) => f(&mut Scratch::default()),
            (_, None) => unreachable!("f ran, so it returned a value"),
        }
    }
}

/// A token after steps 1 and 2: split, decoded and parsed, nothing judged yet.
#[derive(Debug)]
pub(crate) struct Decoded<'a> {
    pub(crate) segments: Segments<'a>,
    /// `None` for the canonical header, which needs no parsing.
    pub(crate) header: Option<Header<'a>>,
    pub(crate) claims: RawClaims<'a>,
    pub(crate) tag: &'a [u8],
}

impl<'a> Decoded<'a> {
    /// Steps 1 and 2.
    pub(crate) fn new(token: &'a str, scratch: &'a mut Scratch) -> Result<Decoded<'a>> {
        let segments = Segments::split(token)?;
        let header = if segments.header == HEADER_B64 {
            None
        } else {
            let bytes = decode_segment(segments.header, "header", &mut scratch.header)?;
            Some(Header::parse(bytes)?)
        };
        let payload = decode_segment(segments.payload, "payload", &mut scratch.payload)?;
        let claims = RawClaims::parse(payload)?;
        let tag = decode_segment(segments.signature, "signature", &mut scratch.signature)?;
        Ok(Decoded {
            segments,
            header,
            claims,
            tag,
        })
    }

    /// Step 3.
    pub(crate) fn check_header(&self) -> Result<()> {
        self.header.as_ref().map_or(Ok(()), Header::check)
    }

    /// Step 4: the full 32-byte tag matches one of the keys, in constant time.
    pub(crate) fn check_signature(&self, keys: &[Key]) -> Result<()> {
        let input = self.segments.signing_input.as_bytes();
        if self.tag.len() == TAG_BYTES && keys.iter().any(|key| key.verifies(input, self.tag)) {
            return Ok(());
        }
        let which = if keys.len() == 1 {
            "the secret"
        } else {
            "any of the secrets"
        };
        Err(Error::new(
            ErrorKind::BadSignature,
            format!(
                "the signature does not match {which}; sign with the service desk project's \
                 secret key used as typed (not base64-decoded), and check it is the right project"
            ),
        ))
    }
}
