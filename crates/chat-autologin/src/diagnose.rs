//! A diagnosis of a token, for the person whose chat will not log users in:
//! would the chat accept it, and which of the usual mistakes made it.

use std::borrow::Cow;
use std::fmt;

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::{DecodePaddingMode, Engine as _};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::error::{Error, ErrorKind, Result};
use crate::human;
use crate::json;
use crate::rules::{self, Seconds, DEFAULT_LEEWAY_SECS, MAX_LIFETIME_SECS, MAX_TOKEN_BYTES};
use crate::token::{decode_segment, object_error, truncate, Decoded, Header, RawClaims};
use crate::token::{Scratch, Segments, TimeRules};
use crate::verifier::Verifier;

/// Every finding code [`diagnose`] can report, in the order findings are listed.
/// Besides these, a finding can carry one of the contract's error codes, for a
/// check that fails too but is not the verdict.
pub const FINDING_CODES: [&str; 43] = [
    "whitespace_stripped",
    "pasted_quotes_stripped",
    "bearer_prefix_stripped",
    "url_encoding_stripped",
    "previous_secret_matches",
    "secret_base64_decoded",
    "secret_hex_decoded",
    "secret_base64_encoded",
    "secret_trailing_newline",
    "secret_trailing_space",
    "secret_whitespace_trimmed",
    "secret_quoted",
    "secret_utf16",
    "header_reserialized",
    "payload_reserialized",
    "claim_misspelled",
    "missing_email",
    "missing_display_name",
    "missing_iat",
    "missing_exp",
    "email_not_a_string",
    "display_name_not_a_string",
    "email_not_valid",
    "display_name_not_valid",
    "iat_is_string",
    "exp_is_string",
    "iat_is_iso_date",
    "exp_is_iso_date",
    "iat_not_a_number",
    "exp_not_a_number",
    "iat_negative",
    "exp_negative",
    "timestamps_in_milliseconds",
    "timestamps_in_microseconds",
    "timestamps_in_nanoseconds",
    "fractional_timestamps",
    "exp_before_iat",
    "lifetime_over_a_day",
    "clock_skew",
    "token_expired",
    "token_not_yet_valid",
    "lifetime_too_long",
    "bad_signature",
];

/// What [`diagnose`] found: the verdict first, then every other finding.
#[derive(Clone, PartialEq)]
pub struct Diagnosis {
    /// Would the chat accept the token, and if not, the one reason.
    pub verdict: Verdict,
    /// Whether the signature matches one of the secrets given.
    pub signature: SignatureCheck,
    /// The index, in the list given, of the secret that signed the token.
    pub signer: Option<usize>,
    /// Every finding other than the verdict, each with a stable code.
    pub findings: Vec<Finding>,
    /// The header of the token (repaired, if it had to be), when it decodes.
    pub header: Option<Map<String, Value>>,
    /// The payload of the token (repaired, if it had to be), when it decodes.
    pub claims: Option<Map<String, Value>>,
    /// The time the token was judged at, in seconds since the Unix epoch.
    pub now: f64,
}

/// Would the chat accept the token as given: what [`Verifier::verify`] says with
/// the default leeway and maximum lifetime.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// `Some(true)` accepted, `Some(false)` refused, `None` when nothing but the
    /// signature stands in the way and no secret was given to check it.
    pub accepted: Option<bool>,
    /// The contract's error code of the reason, when refused.
    pub code: Option<&'static str>,
    /// The reason, or what the acceptance depends on, for a person.
    pub message: String,
}

impl Verdict {
    /// The reason as an [`Error`], when refused.
    pub fn error(&self) -> Option<Error> {
        let kind = ErrorKind::from_code(self.code?)?;
        Some(Error::new(kind, self.message.clone()))
    }
}

/// One thing found in a token, and what to change in the code that minted it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// A stable snake_case code: one of [`FINDING_CODES`] or a contract error code.
    pub code: &'static str,
    /// What was found and what to do, for a person. Never contains a secret.
    pub message: String,
}

/// Whether the signature was checked, and how it came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureCheck {
    /// No secret was given, or the token does not decode far enough.
    NotChecked,
    /// One of the secrets signed it.
    Valid,
    /// None of the secrets signed it.
    Invalid,
}

impl SignatureCheck {
    /// `"not_checked"`, `"valid"` or `"invalid"`.
    pub const fn code(self) -> &'static str {
        match self {
            SignatureCheck::NotChecked => "not_checked",
            SignatureCheck::Valid => "valid",
            SignatureCheck::Invalid => "invalid",
        }
    }
}

/// Diagnoses a token as of `now` (seconds since the Unix epoch; `None` for the
/// system clock), with the secrets it may have been signed with (none to skip the
/// signature).
///
/// The verdict is what a [`Verifier`] with the default leeway (60 s) and maximum
/// lifetime (one day) says of the token as given. The findings then name every
/// other problem and the usual mistake behind each: a token pasted with quotes,
/// `Bearer `, whitespace or URL-encoding (stripped, and the token inside
/// diagnosed); a secret base64- or hex-decoded, with a trailing newline, quoted,
/// UTF-16 encoded, or the previous one of a rotation; a header or payload
/// re-serialized after signing; timestamps in milliseconds, as strings or dates;
/// an `exp` before `iat`, a lifetime over a day, a clock skew.
///
/// Errors: `invalid_option` for a bad `now`, `invalid_secret` for a bad secret.
pub fn diagnose<I, S>(token: &str, secrets: I, now: Option<Seconds>) -> Result<Diagnosis>
where
    I: IntoIterator<Item = S>,
    S: AsRef<[u8]>,
{
    let now = rules::now_or_system(now)?;
    let secrets: Vec<Zeroizing<Vec<u8>>> = secrets
        .into_iter()
        .map(|secret| Zeroizing::new(secret.as_ref().to_vec()))
        .collect();
    let verifier = if secrets.is_empty() {
        None
    } else {
        Some(Verifier::new(secrets.iter().map(|secret| &secret[..]))?)
    };
    let given = judge(token, verifier.as_ref(), now);
    let mut verdict = match &given {
        Ok(()) if verifier.is_some() => Verdict {
            accepted: Some(true),
            code: None,
            message: "the chat accepts this token".to_owned(),
        },
        Ok(()) => Verdict {
            accepted: None,
            code: None,
            message: "the chat accepts this token if its signature matches the project's \
                      secret (no secret was given to check it)"
                .to_owned(),
        },
        Err(e) => Verdict {
            accepted: Some(false),
            code: Some(e.code()),
            message: e.message().to_owned(),
        },
    };
    let mut diagnosis = Diagnosis {
        verdict: verdict.clone(),
        signature: SignatureCheck::NotChecked,
        signer: None,
        findings: Vec::new(),
        header: None,
        claims: None,
        now,
    };
    let mut findings = Findings {
        list: Vec::new(),
        verdict: verdict.code,
    };
    let subject = match &given {
        Err(e) if e.kind() == ErrorKind::MalformedToken => {
            let (repaired, stripped) = repair(token, &mut findings);
            if !stripped.is_empty() {
                verdict.message = format!(
                    "the token as given is not a compact JWT: it has {}; the findings below \
                     are about the token inside",
                    stripped.join(", ")
                );
            }
            repaired
        }
        _ => Cow::Borrowed(token),
    };
    diagnosis.verdict = verdict;
    examine(&subject, &secrets, now, &mut diagnosis, &mut findings);
    diagnosis.findings = findings.list;
    Ok(diagnosis)
}

/// The verdict on the token as given: the verifier's, or without secrets every
/// check but the signature's.
fn judge(token: &str, verifier: Option<&Verifier>, now: f64) -> Result<()> {
    if let Some(verifier) = verifier {
        return verifier
            .verify_at_seconds(token, Some(Seconds::Number(now)))
            .map(drop);
    }
    Scratch::with(|scratch| {
        let decoded = Decoded::new(token, scratch)?;
        decoded.check_header()?;
        let claims = decoded.claims.claims()?;
        TimeRules::DEFAULT.check(&claims, now)
    })
}

struct Findings {
    list: Vec<Finding>,
    verdict: Option<&'static str>,
}

impl Findings {
    fn push(&mut self, code: &'static str, message: impl Into<String>) {
        if !self.has(code) {
            self.list.push(Finding {
                code,
                message: message.into(),
            });
        }
    }

    /// A contract check that fails too, unless it is the verdict itself.
    fn contract(&mut self, error: &Error) {
        if self.verdict != Some(error.code()) {
            self.push(error.code(), error.message());
        }
    }

    fn has(&self, code: &str) -> bool {
        self.list.iter().any(|finding| finding.code == code)
    }
}

/// The usual ways a token gets damaged between a log and a terminal.
fn repair<'t>(token: &'t str, findings: &mut Findings) -> (Cow<'t, str>, Vec<&'static str>) {
    let mut stripped = Vec::new();
    // A repaired token is shorter than the original: only look at plausible sizes.
    if token.len() > 4 * MAX_TOKEN_BYTES {
        return (Cow::Borrowed(token), stripped);
    }
    let mut current = token.to_owned();
    let mut note = |code: &'static str, what: &'static str, message: &str| {
        if !stripped.contains(&what) {
            stripped.push(what);
            findings.push(code, message);
        }
    };
    const WHITESPACE: &str = "the token had whitespace (spaces, tabs or line breaks) around or \
                              inside it, which was removed; a token has none: if the site adds \
                              it (a template's indentation, a wrapped line), pass the token \
                              string as minted";
    // Layers come in any order (`"Bearer eyJ…"`, `Bearer%20eyJ…`): peel until none is left.
    for _ in 0..8 {
        let before = current.clone();
        let trimmed = current.trim();
        if trimmed.len() != current.len() {
            current = trimmed.to_owned();
            note("whitespace_stripped", "whitespace", WHITESPACE);
        }
        for quote in ['"', '\'', '`'] {
            if current.len() >= 2 && current.starts_with(quote) && current.ends_with(quote) {
                current = current[1..current.len() - 1].to_owned();
                note(
                    "pasted_quotes_stripped",
                    "surrounding quotes",
                    "the token was wrapped in quotes, which were removed; if the site sends it \
                     like this, it passes a JSON-encoded string: pass the token itself to \
                     loginWithToken(token)",
                );
            }
        }
        let bearer = current
            .get(..6)
            .is_some_and(|w| w.eq_ignore_ascii_case("bearer"))
            && current[6..].starts_with(char::is_whitespace);
        if bearer {
            current = current[6..].trim_start().to_owned();
            note(
                "bearer_prefix_stripped",
                "a \"Bearer \" prefix",
                "the token started with \"Bearer \", which was removed; that prefix belongs \
                 to an Authorization header, not to the token given to loginWithToken(token)",
            );
        }
        if current.contains('%') {
            if let Some(decoded) = percent_decode(&current) {
                current = decoded;
                note(
                    "url_encoding_stripped",
                    "URL-encoding",
                    "the token was URL-encoded (%XX escapes), which was decoded; decode it \
                     once where it is read from a URL or a form, or don't encode it",
                );
            }
        }
        // Whitespace inside (a wrapped line) only once nothing else is left to peel.
        if current == before && current.contains(char::is_whitespace) {
            current.retain(|c| !c.is_whitespace());
            note("whitespace_stripped", "whitespace", WHITESPACE);
        }
        if current == before {
            break;
        }
    }
    if stripped.is_empty() {
        (Cow::Borrowed(token), stripped)
    } else {
        (Cow::Owned(current), stripped)
    }
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Everything after the verdict: the parts, the signature, the claims, the times.
fn examine(
    token: &str,
    secrets: &[Zeroizing<Vec<u8>>],
    now: f64,
    diagnosis: &mut Diagnosis,
    findings: &mut Findings,
) {
    let segments = match Segments::split(token) {
        Ok(segments) => segments,
        Err(e) => return findings.contract(&e),
    };
    let mut buffers: [Vec<u8>; 3] = Default::default();
    let [header_buf, payload_buf, tag_buf] = &mut buffers;
    let parts = decode_segment(segments.header, "header", header_buf).and_then(|header| {
        let payload = decode_segment(segments.payload, "payload", payload_buf)?;
        let tag = decode_segment(segments.signature, "signature", tag_buf)?;
        Ok((header, payload, tag))
    });
    let (header, payload, tag) = match parts {
        Ok(parts) => parts,
        Err(e) => return findings.contract(&e),
    };
    let maps = json::read_map(header)
        .map_err(|e| object_error("header", e))
        .and_then(|h| {
            let claims = json::read_map(payload).map_err(|e| object_error("payload", e))?;
            Ok((h, claims))
        });
    let (header_map, claims_map) = match maps {
        Ok(maps) => maps,
        Err(e) => return findings.contract(&e),
    };
    if let Err(e) = Header::parse(header).and_then(|h| h.check()) {
        findings.contract(&e);
    }

    if !secrets.is_empty() {
        let input = segments.signing_input.as_bytes();
        diagnosis.signer = secrets
            .iter()
            .position(|secret| mac_matches(secret, input, tag));
        match diagnosis.signer {
            Some(0) => diagnosis.signature = SignatureCheck::Valid,
            Some(index) => {
                diagnosis.signature = SignatureCheck::Valid;
                findings.push(
                    "previous_secret_matches",
                    format!(
                        "the token was signed with secret #{} of the list, not the first \
                         (current) one: the chat accepts it while that secret is still listed \
                         there; if the project's key was rotated, update the code that mints \
                         tokens to the new key",
                        index + 1
                    ),
                );
            }
            None => {
                diagnosis.signature = SignatureCheck::Invalid;
                let before = findings.list.len();
                signature_mistakes(&segments, header, payload, tag, secrets, findings);
                if findings.list.len() == before {
                    let which = if secrets.len() == 1 {
                        "the secret given"
                    } else {
                        "any of the secrets given"
                    };
                    findings.contract(&Error::new(
                        ErrorKind::BadSignature,
                        format!(
                            "the signature does not match {which}, nor any usual mistake with \
                             them (base64- or hex-decoded, a trailing newline, quotes, UTF-16, \
                             a re-serialized payload): check it is the right project's secret"
                        ),
                    ));
                }
            }
        }
    }

    let before = findings.list.len();
    claim_findings(&claims_map, findings);
    let claims_explained = findings.list.len() > before;
    let times_explained = time_findings(&claims_map, now, findings);
    let raw = RawClaims::parse(payload).and_then(|raw| raw.claims());
    match raw {
        Err(e) if !claims_explained => findings.contract(&e),
        Err(_) => {}
        Ok(claims) => {
            let rules = TimeRules::DEFAULT;
            if !times_explained.units {
                if let Err(e) = rules.check_expiry(&claims, now) {
                    findings.contract(&e);
                }
                if let Err(e) = rules.check_issued(&claims, now) {
                    if !times_explained.skew {
                        findings.contract(&e);
                    }
                }
                if let Err(e) = rules.check_lifetime(&claims) {
                    if !times_explained.lifetime {
                        findings.contract(&e);
                    }
                }
            }
        }
    }
    diagnosis.header = Some(header_map);
    diagnosis.claims = Some(claims_map);
}

fn mac_matches(key: &[u8], input: &[u8], tag: &[u8]) -> bool {
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(key) else {
        return false;
    };
    mac.update(input);
    mac.verify_slice(tag).is_ok()
}

/// The usual wrong forms of a secret, with the code that names each.
fn secret_variants(secret: &[u8]) -> Vec<(&'static str, Zeroizing<Vec<u8>>)> {
    let mut variants: Vec<(&'static str, Zeroizing<Vec<u8>>)> = Vec::new();
    let mut add = |code, bytes: Vec<u8>| variants.push((code, Zeroizing::new(bytes)));
    let text = std::str::from_utf8(secret).ok();
    if let Some(text) = text.map(str::trim) {
        let lenient = GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true);
        for alphabet in [&alphabet::STANDARD, &alphabet::URL_SAFE] {
            if let Ok(bytes) = GeneralPurpose::new(alphabet, lenient).decode(text) {
                add("secret_base64_decoded", bytes);
            }
        }
        if text.len() % 2 == 0 && !text.is_empty() && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            let bytes = (0..text.len())
                .step_by(2)
                .filter_map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
                .collect();
            add("secret_hex_decoded", bytes);
        }
    }
    add(
        "secret_base64_encoded",
        STANDARD.encode(secret).into_bytes(),
    );
    for ending in [&b"\n"[..], b"\r\n"] {
        add("secret_trailing_newline", [secret, ending].concat());
    }
    add("secret_trailing_space", [secret, b" "].concat());
    let trimmed = secret.trim_ascii();
    if trimmed.len() != secret.len() {
        add("secret_whitespace_trimmed", trimmed.to_vec());
    }
    for quote in [&b"\""[..], b"'"] {
        add("secret_quoted", [quote, secret, quote].concat());
    }
    if let Some(text) = text {
        let units: Vec<u16> = text.encode_utf16().collect();
        add(
            "secret_utf16",
            units.iter().flat_map(|u| u.to_le_bytes()).collect(),
        );
        add(
            "secret_utf16",
            units.iter().flat_map(|u| u.to_be_bytes()).collect(),
        );
    }
    variants
}

fn secret_mistake_message(code: &str, which: &str) -> String {
    let what = match code {
        "secret_base64_decoded" => {
            "base64-decoded: the code that minted it decoded the secret (Buffer.from(secret, \
             'base64'), base64.b64decode, or a library option that reads the secret as \
             base64); sign with the secret as typed, its UTF-8 bytes"
        }
        "secret_hex_decoded" => {
            "hex-decoded: the code that minted it decoded the secret (Buffer.from(secret, \
             'hex'), bytes.fromhex); sign with the secret as typed, its UTF-8 bytes"
        }
        "secret_base64_encoded" => {
            "base64-encoded: the code that minted it encoded the secret before signing; sign \
             with the secret as typed"
        }
        "secret_trailing_newline" => {
            "with a line ending after it: the secret was read from a file or a prompt with \
             its newline; strip it where the secret is read"
        }
        "secret_trailing_space" => {
            "with a space after it: the secret was copied with a trailing space; remove it \
             where the secret is stored"
        }
        "secret_whitespace_trimmed" => {
            "without the whitespace at its ends that the secret given here has: the minting \
             side is probably right, and the copy given here has stray whitespace"
        }
        "secret_quoted" => {
            "with quotes around it: the quotes of a .env or configuration file became part of \
             the secret; remove them"
        }
        _ => {
            "encoded as UTF-16: the code that minted it took the secret's UTF-16 bytes \
             (Encoding.Unicode, 'utf-16'); encode the secret as UTF-8"
        }
    };
    format!("the token was signed with {which} {what}")
}

fn signature_mistakes(
    segments: &Segments<'_>,
    header: &[u8],
    payload: &[u8],
    tag: &[u8],
    secrets: &[Zeroizing<Vec<u8>>],
    findings: &mut Findings,
) {
    let input = segments.signing_input.as_bytes();
    for (index, secret) in secrets.iter().enumerate() {
        let which = if secrets.len() == 1 {
            "the secret".to_owned()
        } else {
            format!("secret #{} of the list", index + 1)
        };
        for (code, variant) in secret_variants(secret) {
            if mac_matches(&variant, input, tag) {
                findings.push(code, secret_mistake_message(code, &which));
                return;
            }
        }
    }
    // The signature may cover other bytes of the same JSON: a library parsed
    // and rewrote the header or payload after signing.
    let mut headers = serializations(header);
    for fixed in [
        r#"{"alg":"HS256","typ":"JWT"}"#,
        r#"{"typ":"JWT","alg":"HS256"}"#,
        r#"{"alg": "HS256", "typ": "JWT"}"#,
        r#"{"alg":"HS256"}"#,
    ] {
        if !headers.iter().any(|(bytes, _)| bytes == fixed.as_bytes()) {
            headers.push((fixed.as_bytes().to_vec(), "the contract's header"));
        }
    }
    let payloads = serializations(payload);
    let received_header = (header.to_vec(), "as received");
    let received_payload = (payload.to_vec(), "as received");
    for (header_form, header_how) in std::iter::once(&received_header).chain(&headers) {
        for (payload_form, payload_how) in std::iter::once(&received_payload).chain(&payloads) {
            let header_changed = header_form.as_slice() != header;
            let payload_changed = payload_form.as_slice() != payload;
            if !header_changed && !payload_changed {
                continue;
            }
            let mut candidate = String::new();
            candidate
                .push_str(&base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(header_form));
            candidate.push('.');
            candidate
                .push_str(&base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload_form));
            if !secrets
                .iter()
                .any(|secret| mac_matches(secret, candidate.as_bytes(), tag))
            {
                continue;
            }
            for (changed, code, part, how) in [
                (header_changed, "header_reserialized", "header", header_how),
                (
                    payload_changed,
                    "payload_reserialized",
                    "payload",
                    payload_how,
                ),
            ] {
                if changed {
                    findings.push(
                        code,
                        format!(
                            "the signature was made over the same {part} written another way \
                             ({how}): a library rewrote the {part} after it was signed (other \
                             spacing, key order or escapes), and the signature covers the exact \
                             bytes; send the token exactly as it was signed"
                        ),
                    );
                }
            }
            return;
        }
    }
}

/// One member of a JSON object, borrowed.
type Entry<'m> = (&'m String, &'m Value);

/// The same JSON object as common libraries write it: key orders × spacing ×
/// escaping, each with a description. The received bytes may be among them.
fn serializations(bytes: &[u8]) -> Vec<(Vec<u8>, &'static str)> {
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(bytes) else {
        return Vec::new();
    };
    let mut sorted: Vec<(&String, &Value)> = map.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    const CONTRACT: [&str; 6] = ["alg", "typ", "email", "displayName", "iat", "exp"];
    let mut contract: Vec<(&String, &Value)> = map.iter().collect();
    contract.sort_by_key(|(key, _)| {
        CONTRACT
            .iter()
            .position(|k| k == key)
            .unwrap_or(CONTRACT.len())
    });
    let given: Vec<(&String, &Value)> = map.iter().collect();
    let mut out: Vec<(Vec<u8>, &'static str)> = Vec::new();
    // (entries, spaces after ',' and ':', non-ASCII as \u escapes, description)
    type Style<'m> = (&'m [Entry<'m>], bool, bool, &'static str);
    let styles: [Style<'_>; 12] = [
        (&given, false, false, "compact"),
        (&given, false, true, "compact, non-ASCII as \\u escapes"),
        (
            &given,
            true,
            true,
            "spaces after ',' and ':', \\u escapes (Python's json.dumps)",
        ),
        (&given, true, false, "spaces after ',' and ':'"),
        (&sorted, false, false, "keys sorted, compact"),
        (&sorted, false, true, "keys sorted, compact, \\u escapes"),
        (
            &sorted,
            true,
            true,
            "keys sorted, spaces after ',' and ':', \\u escapes",
        ),
        (
            &sorted,
            true,
            false,
            "keys sorted, spaces after ',' and ':'",
        ),
        (
            &contract,
            false,
            false,
            "keys in the contract's order, compact",
        ),
        (
            &contract,
            false,
            true,
            "keys in the contract's order, \\u escapes",
        ),
        (
            &contract,
            true,
            true,
            "keys in the contract's order, spaces, \\u escapes",
        ),
        (
            &contract,
            true,
            false,
            "keys in the contract's order, spaces",
        ),
    ];
    for (entries, spaced, ascii, how) in styles {
        let mut text = Vec::new();
        write_object(&mut text, entries, spaced, ascii);
        if !out.iter().any(|(bytes, _)| *bytes == text) {
            out.push((text, how));
        }
    }
    out
}

fn write_object(out: &mut Vec<u8>, entries: &[(&String, &Value)], spaced: bool, ascii: bool) {
    out.push(b'{');
    for (i, (key, value)) in entries.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(if spaced { b", " } else { b"," });
        }
        write_text(out, key, ascii);
        out.extend_from_slice(if spaced { b": " } else { b":" });
        write_value(out, value, spaced, ascii);
    }
    out.push(b'}');
}

fn write_value(out: &mut Vec<u8>, value: &Value, spaced: bool, ascii: bool) {
    match value {
        Value::String(text) => write_text(out, text, ascii),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.extend_from_slice(if spaced { b", " } else { b"," });
                }
                write_value(out, item, spaced, ascii);
            }
            out.push(b']');
        }
        Value::Object(map) => {
            let entries: Vec<(&String, &Value)> = map.iter().collect();
            write_object(out, &entries, spaced, ascii);
        }
        other => out.extend_from_slice(other.to_string().as_bytes()),
    }
}

fn write_text(out: &mut Vec<u8>, text: &str, ascii: bool) {
    let mut plain = Vec::new();
    json::write_string(&mut plain, text);
    if !ascii {
        out.extend_from_slice(&plain);
        return;
    }
    for c in String::from_utf8_lossy(&plain).chars() {
        if c.is_ascii() {
            out.push(c as u8);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.extend_from_slice(format!("\\u{unit:04x}").as_bytes());
            }
        }
    }
}

/// Codes for each claim's problems: (key, missing, not a string / not a number,
/// a number as a string, a date as a string, negative).
struct ClaimCodes {
    key: &'static str,
    aliases: &'static [&'static str],
    missing: &'static str,
    wrong_type: &'static str,
}

const TEXT_CLAIMS: [ClaimCodes; 2] = [
    ClaimCodes {
        key: "email",
        aliases: &["mail", "emailaddress", "sub"],
        missing: "missing_email",
        wrong_type: "email_not_a_string",
    },
    ClaimCodes {
        key: "displayName",
        aliases: &["name", "fullname", "username", "displayname"],
        missing: "missing_display_name",
        wrong_type: "display_name_not_a_string",
    },
];

const TIME_CLAIMS: [(ClaimCodes, &str, &str, &str); 2] = [
    (
        ClaimCodes {
            key: "iat",
            aliases: &["issuedat", "issued"],
            missing: "missing_iat",
            wrong_type: "iat_not_a_number",
        },
        "iat_is_string",
        "iat_is_iso_date",
        "iat_negative",
    ),
    (
        ClaimCodes {
            key: "exp",
            aliases: &["expires", "expiresat", "expiry", "expiration"],
            missing: "missing_exp",
            wrong_type: "exp_not_a_number",
        },
        "exp_is_string",
        "exp_is_iso_date",
        "exp_negative",
    ),
];

fn normalized(key: &str) -> String {
    key.chars()
        .filter(|c| !matches!(c, '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A claim that is missing, perhaps because it is spelled otherwise.
fn missing(map: &Map<String, Value>, codes: &ClaimCodes, findings: &mut Findings) {
    let wanted = normalized(codes.key);
    let near = map.keys().find(|key| {
        let key = normalized(key);
        key == wanted || codes.aliases.contains(&key.as_str())
    });
    match near {
        // `sub` often holds an id rather than an email: only a hint when it has an '@'.
        Some(near) if near != "sub" || map[near].as_str().is_some_and(|s| s.contains('@')) => {
            findings.push(
                "claim_misspelled",
                format!(
                    "the payload has {:?} where the chat reads {:?} (names are case-sensitive); \
                     rename the claim in the code that builds the payload",
                    truncate(near, 32),
                    codes.key
                ),
            )
        }
        _ => findings.push(
            codes.missing,
            format!(
                "the payload has no {:?} claim; the chat needs email, displayName, iat and exp",
                codes.key
            ),
        ),
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

fn claim_findings(map: &Map<String, Value>, findings: &mut Findings) {
    for codes in &TEXT_CLAIMS {
        match map.get(codes.key) {
            None => missing(map, codes, findings),
            Some(Value::String(text)) => {
                let check = if codes.key == "email" {
                    rules::email(text).map_err(|e| ("email_not_valid", e))
                } else {
                    rules::display_name(text).map_err(|e| ("display_name_not_valid", e))
                };
                if let Err((code, e)) = check {
                    findings.push(
                        code,
                        format!(
                            "{}; the chat does not check this when it logs the visitor in, but \
                             fix it where the user's details are read",
                            e.message()
                        ),
                    );
                }
            }
            Some(other) => findings.push(
                codes.wrong_type,
                format!(
                    "the claim {:?} is {}; the chat wants a string",
                    codes.key,
                    json_type(other)
                ),
            ),
        }
    }
    for (codes, is_string, is_date, negative) in &TIME_CLAIMS {
        let key = codes.key;
        match map.get(key) {
            None => missing(map, codes, findings),
            Some(Value::Number(n)) => {
                if n.as_f64().is_some_and(|t| t < 0.0) {
                    findings.push(
                        negative,
                        format!("the claim {key:?} is negative; it must be seconds since 1970"),
                    );
                }
            }
            Some(Value::String(text)) => {
                let shown = truncate(text, 32);
                if let Ok(number) = text.trim().parse::<f64>() {
                    findings.push(
                        is_string,
                        format!(
                            "the claim {key:?} is the string {shown:?}; the chat wants a JSON \
                             number: write {} without quotes (a number, not its text)",
                            json::seconds(number)
                        ),
                    );
                } else if let Some(seconds) = iso_date(text) {
                    findings.push(
                        is_date,
                        format!(
                            "the claim {key:?} is the date {shown:?}; the chat wants seconds \
                             since the epoch as a JSON number, here {} (JavaScript: \
                             Math.floor(date.getTime() / 1000); Python: int(dt.timestamp()))",
                            json::seconds(seconds)
                        ),
                    );
                } else {
                    findings.push(
                        codes.wrong_type,
                        format!(
                            "the claim {key:?} is the string {shown:?}; the chat wants seconds \
                             since the epoch as a JSON number"
                        ),
                    );
                }
            }
            Some(other) => findings.push(
                codes.wrong_type,
                format!(
                    "the claim {key:?} is {}; the chat wants seconds since the epoch as a JSON \
                     number",
                    json_type(other)
                ),
            ),
        }
    }
}

/// `YYYY-MM-DD`, optionally `THH:MM[:SS[.fff]]` and `Z` or `±HH:MM`: seconds
/// since the epoch.
fn iso_date(text: &str) -> Option<f64> {
    let b = text.trim().as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = b.get(range)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || !(1..=12).contains(&month) {
        return None;
    }
    if !(1..=31).contains(&day) {
        return None;
    }
    let mut seconds = human::days_from_civil(year, month as u32, day as u32) as f64 * 86_400.0;
    let mut rest = &b[10..];
    if let Some((&sep, time)) = rest.split_first() {
        if !matches!(sep, b'T' | b't' | b' ') {
            return None;
        }
        let field = |at: usize| -> Option<i64> {
            let part = time.get(at..at + 2)?;
            std::str::from_utf8(part).ok()?.parse().ok()
        };
        let (hour, minute) = (field(0)?, field(3)?);
        if time.get(2) != Some(&b':') {
            return None;
        }
        seconds += (hour * 3_600 + minute * 60) as f64;
        rest = &time[5..];
        if rest.first() == Some(&b':') {
            seconds += field(6)? as f64;
            rest = &time[8..];
            if rest.first() == Some(&b'.') {
                let end = rest[1..]
                    .iter()
                    .position(|c| !c.is_ascii_digit())
                    .map_or(rest.len(), |p| p + 1);
                let fraction: f64 = std::str::from_utf8(&rest[..end]).ok()?.parse().ok()?;
                seconds += fraction;
                rest = &rest[end..];
            }
        }
        match rest {
            [] | [b'Z' | b'z'] => {}
            [sign @ (b'+' | b'-'), offset @ ..] => {
                let offset: Vec<u8> = offset.iter().copied().filter(|&c| c != b':').collect();
                if offset.len() != 4 || !offset.iter().all(u8::is_ascii_digit) {
                    return None;
                }
                let text = std::str::from_utf8(&offset).ok()?;
                let minutes =
                    text[..2].parse::<i64>().ok()? * 60 + text[2..].parse::<i64>().ok()?;
                let shift = (minutes * 60) as f64;
                seconds += if *sign == b'+' { -shift } else { shift };
            }
            _ => return None,
        }
    }
    Some(seconds)
}

/// Which time findings explain a contract failure, so that it is not repeated.
#[derive(Default)]
struct TimesExplained {
    units: bool,
    skew: bool,
    lifetime: bool,
}

fn time_findings(map: &Map<String, Value>, now: f64, findings: &mut Findings) -> TimesExplained {
    let mut explained = TimesExplained::default();
    let number = |key| map.get(key).and_then(Value::as_f64).filter(|t| *t >= 0.0);
    let (iat, exp) = (number("iat"), number("exp"));
    let present: Vec<(&str, f64)> = [("iat", iat), ("exp", exp)]
        .into_iter()
        .filter_map(|(name, t)| t.map(|t| (name, t)))
        .collect();

    // A NumericDate in seconds is under 1e11 until the year 5138.
    let scales: [(&'static str, &str, f64, &str); 3] = [
        (
            "timestamps_in_milliseconds",
            "milliseconds",
            1e3,
            "Math.floor(Date.now() / 1000)",
        ),
        (
            "timestamps_in_microseconds",
            "microseconds",
            1e6,
            "int(time.time()), not time.time_ns() // 1000",
        ),
        (
            "timestamps_in_nanoseconds",
            "nanoseconds",
            1e9,
            "int(time.time()), not time.time_ns()",
        ),
    ];
    for (code, unit, factor, instead) in scales {
        let names: Vec<&(&str, f64)> = present
            .iter()
            .filter(|(_, t)| *t >= 1e11 * factor / 1e3 && *t < 1e11 * factor)
            .collect();
        let Some(&&(first, value)) = names.first() else {
            continue;
        };
        explained.units = true;
        let list: Vec<&str> = names.iter().map(|(name, _)| *name).collect();
        findings.push(
            code,
            format!(
                "{} {} in {unit}: {first} {} read as {unit} is {}; NumericDates are seconds \
                 since the epoch, so divide by {} and round down ({instead})",
                list.join(" and "),
                if list.len() > 1 { "are" } else { "is" },
                json::seconds(value),
                human::when(value / factor, now),
                factor as u64
            ),
        );
    }
    if explained.units {
        return explained;
    }
    let fractional: Vec<&str> = present
        .iter()
        .filter(|(_, t)| t.fract() != 0.0)
        .map(|(name, _)| *name)
        .collect();
    if !fractional.is_empty() {
        findings.push(
            "fractional_timestamps",
            format!(
                "{} {} a fraction of a second; the chat accepts fractional NumericDates (this \
                 is not why a login fails), but whole seconds are the norm: \
                 Math.floor(Date.now() / 1000)",
                fractional.join(" and "),
                if fractional.len() > 1 { "have" } else { "has" }
            ),
        );
    }
    if let (Some(iat), Some(exp)) = (iat, exp) {
        if exp <= iat {
            explained.lifetime = true;
            let how = if exp == iat {
                "equals iat".to_owned()
            } else {
                format!("is {} before iat", human::span(iat - exp))
            };
            findings.push(
                "exp_before_iat",
                format!(
                    "exp ({}) {how} ({}); exp is iat plus the token's lifetime: check that \
                     the two are not swapped and that the ttl added is positive",
                    human::utc(exp),
                    human::utc(iat)
                ),
            );
        } else if exp - iat >= MAX_LIFETIME_SECS + 1.0 {
            explained.lifetime = true;
            findings.push(
                "lifetime_over_a_day",
                format!(
                    "the token lives {} from iat to exp; the chat accepts at most 1d: mint a \
                     fresh token per login that lives minutes (a ttl of 300 s)",
                    human::span(exp - iat)
                ),
            );
        }
    }
    if let Some(iat) = iat {
        if iat - now >= 1.0 {
            explained.skew = true;
            let ahead = human::span(iat - now);
            let consequence = if iat - now > DEFAULT_LEEWAY_SECS {
                "more than the 1m leeway, so the chat refuses it"
            } else {
                "within the 1m leeway, so the chat still accepts it; fix it before it grows"
            };
            findings.push(
                "clock_skew",
                format!(
                    "the token was issued {ahead} in the future ({}, against a clock at {}): \
                     the clock of the server that minted it is about {ahead} ahead, {consequence}; \
                     sync its clock (NTP)",
                    human::utc(iat),
                    human::utc(now)
                ),
            );
        }
    }
    explained
}

impl Diagnosis {
    /// The diagnosis as one line of JSON, the schema every language shares:
    /// `{"verdict":{"accepted","code","message"},"signature","signer",
    /// "findings":[{"code","message"}],"header","claims","now"}`. The codes are
    /// stable; the messages are for people and may change.
    pub fn to_json(&self) -> String {
        let verdict = Value::Object(Map::from_iter([
            (
                "accepted".to_owned(),
                self.verdict.accepted.map_or(Value::Null, Value::Bool),
            ),
            (
                "code".to_owned(),
                self.verdict.code.map_or(Value::Null, Value::from),
            ),
            (
                "message".to_owned(),
                Value::from(self.verdict.message.as_str()),
            ),
        ]));
        let findings = self
            .findings
            .iter()
            .map(|finding| {
                Value::Object(Map::from_iter([
                    ("code".to_owned(), Value::from(finding.code)),
                    ("message".to_owned(), Value::from(finding.message.as_str())),
                ]))
            })
            .collect();
        let ordered = |map: &Option<Map<String, Value>>, known: &[&str]| match map {
            None => Value::Null,
            Some(map) => {
                let mut out: Map<String, Value> = known
                    .iter()
                    .filter_map(|key| map.get_key_value(*key))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                for (key, value) in map {
                    if !out.contains_key(key) {
                        out.insert(key.clone(), value.clone());
                    }
                }
                Value::Object(out)
            }
        };
        let document = Map::from_iter([
            ("verdict".to_owned(), verdict),
            ("signature".to_owned(), Value::from(self.signature.code())),
            (
                "signer".to_owned(),
                self.signer.map_or(Value::Null, Value::from),
            ),
            ("findings".to_owned(), Value::Array(findings)),
            ("header".to_owned(), ordered(&self.header, &["alg", "typ"])),
            (
                "claims".to_owned(),
                ordered(&self.claims, &["email", "displayName", "iat", "exp"]),
            ),
            ("now".to_owned(), json::seconds(self.now)),
        ]);
        Value::Object(document).to_string()
    }

    /// The finding codes, in order.
    pub fn codes(&self) -> Vec<&'static str> {
        self.findings.iter().map(|finding| finding.code).collect()
    }
}

impl fmt::Debug for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Diagnosis")
            .field("verdict", &self.verdict)
            .field("signature", &self.signature)
            .field("signer", &self.signer)
            .field("findings", &self.codes())
            .finish_non_exhaustive()
    }
}
