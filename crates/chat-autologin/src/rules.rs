//! The input rules and limits of the contract, in one place.
//!
//! The Rust API takes [`Duration`] and [`SystemTime`], which cannot hold a NaN or a
//! negative number. Language bindings hand over whatever number (or boolean) their
//! caller passed as a [`Seconds`], and these functions decide, so that every
//! language refuses the same values with the same code.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::{Error, ErrorKind, Result};

/// The shortest secret accepted, in bytes (RFC 7518 §3.2: a key as long as the hash).
pub const MIN_SECRET_BYTES: usize = 32;
/// The shortest token lifetime, in seconds.
pub const MIN_TTL_SECS: u32 = 1;
/// The longest token lifetime, in seconds (one day).
pub const MAX_TTL_SECS: u32 = 86_400;
/// The default token lifetime of an [`Issuer`](crate::Issuer) made by a binding, in seconds.
pub const DEFAULT_TTL_SECS: u32 = 300;
/// The default clock-skew allowance when verifying, in seconds.
pub const DEFAULT_LEEWAY_SECS: f64 = 60.0;
/// The largest clock-skew allowance, in seconds.
pub const MAX_LEEWAY_SECS: f64 = 300.0;
/// The default and largest accepted `exp - iat` when verifying, in seconds.
pub const MAX_LIFETIME_SECS: f64 = 86_400.0;
/// The largest `now` accepted, 9999-12-31T23:59:59Z, in seconds since the Unix epoch.
pub const MAX_NOW_SECS: f64 = 253_402_300_799.0;
/// The longest token accepted by `verify`, in bytes.
pub const MAX_TOKEN_BYTES: usize = 8_192;
/// The longest email accepted, in bytes.
pub const MAX_EMAIL_BYTES: usize = 254;
/// The shortest email accepted, in bytes (`a@b`).
pub const MIN_EMAIL_BYTES: usize = 3;
/// The longest display name accepted, in Unicode scalar values.
pub const MAX_DISPLAY_NAME_CHARS: usize = 255;

/// A number of seconds as a dynamically typed caller passed it.
///
/// Bindings pass their language's number unchanged (a JavaScript `-1` or `1.5`, a
/// Python `float('nan')`), or `Bool` when the caller passed a boolean where seconds
/// were expected, and the core refuses it with the contract's code.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Seconds {
    /// A number, possibly fractional, negative, NaN or infinite.
    Number(f64),
    /// A boolean, which is never a valid number of seconds (for language
    /// bindings, whose callers can pass one).
    #[doc(hidden)]
    Bool(bool),
}

impl From<f64> for Seconds {
    fn from(value: f64) -> Seconds {
        Seconds::Number(value)
    }
}

impl From<u32> for Seconds {
    fn from(value: u32) -> Seconds {
        Seconds::Number(f64::from(value))
    }
}

impl From<bool> for Seconds {
    fn from(value: bool) -> Seconds {
        Seconds::Bool(value)
    }
}

/// A number of seconds for a message: as written for everyday values, in
/// scientific notation when huge or tiny, so that `1e300` or `5e-324` does not
/// become hundreds of digits.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Shown(pub(crate) f64);

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let size = self.0.abs();
        if self.0.is_finite() && (size >= 1e15 || (size != 0.0 && size < 1e-3)) {
            write!(f, "{:e}", self.0)
        } else {
            write!(f, "{}", self.0)
        }
    }
}

fn number(value: Seconds, kind: ErrorKind, what: &str) -> Result<f64> {
    match value {
        Seconds::Number(n) if n.is_finite() => Ok(n),
        Seconds::Number(n) => Err(Error::new(
            kind,
            format!(
                "{what} must be a finite number of seconds, not {}",
                Shown(n)
            ),
        )),
        Seconds::Bool(b) => Err(Error::new(
            kind,
            format!("{what} must be a number of seconds, not the boolean {b}"),
        )),
    }
}

/// Checks a token lifetime and returns it in whole seconds.
pub fn ttl(value: Seconds) -> Result<u32> {
    let secs = number(value, ErrorKind::InvalidTtl, "ttl")?;
    if secs.fract() != 0.0 {
        return Err(Error::new(
            ErrorKind::InvalidTtl,
            format!(
                "ttl must be a whole number of seconds, not {}; round it",
                Shown(secs)
            ),
        ));
    }
    if !(f64::from(MIN_TTL_SECS)..=f64::from(MAX_TTL_SECS)).contains(&secs) {
        return Err(Error::new(
            ErrorKind::InvalidTtl,
            format!(
                "ttl must be between {MIN_TTL_SECS} and {MAX_TTL_SECS} seconds, not {}; \
                 tokens are meant to live a few minutes (300 is a good default)",
                Shown(secs)
            ),
        ));
    }
    Ok(secs as u32)
}

/// Checks a token lifetime given as a [`Duration`] and returns it in whole seconds.
pub fn ttl_from_duration(value: Duration) -> Result<u32> {
    if value.subsec_nanos() != 0 {
        return Err(Error::new(
            ErrorKind::InvalidTtl,
            format!(
                "ttl must be a whole number of seconds, not {:?}; round it",
                value
            ),
        ));
    }
    // Saturate so that a huge Duration is reported as out of range, not wrapped.
    ttl(Seconds::Number(
        value.as_secs().min(u64::from(u32::MAX)) as f64
    ))
}

/// Checks a clock value (`now`) in seconds since the Unix epoch.
pub fn now(value: Seconds) -> Result<f64> {
    let secs = number(value, ErrorKind::InvalidOption, "now")?;
    if !(0.0..=MAX_NOW_SECS).contains(&secs) {
        return Err(Error::new(
            ErrorKind::InvalidOption,
            format!(
                "now must be seconds since the Unix epoch between 0 and {MAX_NOW_SECS}, not {}",
                Shown(secs)
            ),
        ));
    }
    Ok(secs)
}

/// Checks a clock value given as a [`SystemTime`].
pub fn now_from_system_time(value: SystemTime) -> Result<f64> {
    let secs = match value.duration_since(UNIX_EPOCH) {
        Ok(since) => since.as_secs_f64(),
        Err(before) => -before.duration().as_secs_f64(),
    };
    now(Seconds::Number(secs))
}

/// The system clock, in seconds since the Unix epoch.
pub(crate) fn system_now() -> Result<f64> {
    now_from_system_time(SystemTime::now())
}

/// `now` as a caller passed it, checked, or the system clock for `None`.
pub(crate) fn now_or_system(now: Option<Seconds>) -> Result<f64> {
    match now {
        Some(now) => self::now(now),
        None => system_now(),
    }
}

/// Checks a verification leeway in seconds.
pub fn leeway(value: Seconds) -> Result<f64> {
    let secs = number(value, ErrorKind::InvalidOption, "leeway")?;
    if !(0.0..=MAX_LEEWAY_SECS).contains(&secs) {
        return Err(Error::new(
            ErrorKind::InvalidOption,
            format!(
                "leeway must be between 0 and {MAX_LEEWAY_SECS} seconds, not {}; \
                 it only covers clock skew (the default is {DEFAULT_LEEWAY_SECS})",
                Shown(secs)
            ),
        ));
    }
    Ok(secs)
}

/// Checks a verification maximum lifetime in seconds.
pub fn max_lifetime(value: Seconds) -> Result<f64> {
    let secs = number(value, ErrorKind::InvalidOption, "max_lifetime")?;
    if !(1.0..=MAX_LIFETIME_SECS).contains(&secs) {
        return Err(Error::new(
            ErrorKind::InvalidOption,
            format!(
                "max_lifetime must be between 1 and {MAX_LIFETIME_SECS} seconds, not {}",
                Shown(secs)
            ),
        ));
    }
    Ok(secs)
}

/// Checks a secret: at least 32 bytes, not all whitespace.
///
/// The message never shows the secret, only its length.
pub fn secret(secret: &[u8]) -> Result<()> {
    if secret.len() < MIN_SECRET_BYTES {
        return Err(Error::new(
            ErrorKind::InvalidSecret,
            format!(
                "the secret is {} bytes; it must be at least {MIN_SECRET_BYTES}. Use the service \
                 desk project's secret key exactly as shown in Chat for JSM (76 characters), \
                 without base64- or hex-decoding it",
                secret.len()
            ),
        ));
    }
    let all_whitespace = match std::str::from_utf8(secret) {
        Ok(text) => text.chars().all(char::is_whitespace),
        Err(_) => false,
    };
    if all_whitespace {
        return Err(Error::new(
            ErrorKind::InvalidSecret,
            "the secret is only whitespace; check that the variable or file holding it is filled in",
        ));
    }
    Ok(())
}

/// The `token_too_large` error for a token of at least `at_least` bytes.
///
/// Verification measures a token's UTF-8 length. A binding whose strings count
/// something else can often decide without converting: a Python `str` of more
/// than [`MAX_TOKEN_BYTES`] code points, or a JavaScript string of more than
/// that many UTF-16 code units, is longer than that in UTF-8 (every code point
/// and every code unit takes at least one byte; a lone surrogate counts three).
/// It then passes its own length here, so that the message is the core's.
pub fn token_too_large(at_least: usize) -> Error {
    Error::new(
        ErrorKind::TokenTooLarge,
        format!(
            "the token is at least {at_least} bytes; the limit is {MAX_TOKEN_BYTES}. A chat \
             token is a few hundred bytes: check that the right value is being passed"
        ),
    )
}

/// The error for an email that is not Unicode text: a string of a binding's
/// language (Python `str`, JavaScript string) that holds the lone UTF-16
/// surrogate `unit`, which UTF-8 cannot encode.
pub fn email_lone_surrogate(unit: u16) -> Error {
    lone_surrogate(ErrorKind::InvalidEmail, "email", unit)
}

/// The error for a display name that is not Unicode text, as for
/// [`email_lone_surrogate`].
pub fn display_name_lone_surrogate(unit: u16) -> Error {
    lone_surrogate(ErrorKind::InvalidDisplayName, "display name", unit)
}

fn lone_surrogate(kind: ErrorKind, what: &str, unit: u16) -> Error {
    Error::new(
        kind,
        format!(
            "the {what} contains a lone UTF-16 surrogate (U+{unit:04X}), which is not text; \
             check how the string was cut or decoded"
        ),
    )
}

/// Checks an email: 3–254 bytes, one `@` with something on each side, no
/// whitespace or control characters. It is never altered.
pub fn email(email: &str) -> Result<()> {
    let len = email.len();
    if !(MIN_EMAIL_BYTES..=MAX_EMAIL_BYTES).contains(&len) {
        return Err(Error::new(
            ErrorKind::InvalidEmail,
            format!("the email is {len} bytes; it must be {MIN_EMAIL_BYTES} to {MAX_EMAIL_BYTES}"),
        ));
    }
    if let Some(bad) = find_char(email, |c| c.is_whitespace() || c.is_control()) {
        return Err(Error::new(
            ErrorKind::InvalidEmail,
            format!(
                "the email contains {}; pass the address exactly as the chat should see it, \
                 without spaces or control characters",
                describe_char(bad)
            ),
        ));
    }
    // '@' is ASCII, so it can be looked for byte by byte even in UTF-8 text.
    let bytes = email.as_bytes();
    let (local, domain) = match bytes.iter().position(|&b| b == b'@') {
        Some(at) if !bytes[at + 1..].contains(&b'@') => (&bytes[..at], &bytes[at + 1..]),
        _ => {
            return Err(Error::new(
                ErrorKind::InvalidEmail,
                "the email must contain exactly one '@'",
            ))
        }
    };
    if local.is_empty() || domain.is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidEmail,
            "the email needs a part before and after the '@'",
        ));
    }
    Ok(())
}

/// Checks a display name: 1–255 characters, not only whitespace, no control
/// characters. Any other Unicode is kept as given.
pub fn display_name(name: &str) -> Result<()> {
    if name.is_ascii() {
        // The common case, byte by byte: ASCII controls are < 0x20 and 0x7F,
        // and every ASCII whitespace but the space is a control.
        if let Some(bad) = find_char(name, char::is_control) {
            return Err(control_in_name(bad));
        }
        return check_name_shape(name.len(), name.bytes().all(|b| b == b' '));
    }
    let mut count = 0usize;
    let mut only_whitespace = true;
    for c in name.chars() {
        if c.is_control() {
            return Err(control_in_name(c));
        }
        only_whitespace &= c.is_whitespace();
        count += 1;
    }
    check_name_shape(count, only_whitespace)
}

fn control_in_name(c: char) -> Error {
    Error::new(
        ErrorKind::InvalidDisplayName,
        format!(
            "the display name contains {}; remove control characters such as tabs and newlines",
            describe_char(c)
        ),
    )
}

fn check_name_shape(count: usize, only_whitespace: bool) -> Result<()> {
    if count == 0 || count > MAX_DISPLAY_NAME_CHARS {
        return Err(Error::new(
            ErrorKind::InvalidDisplayName,
            format!(
                "the display name is {count} characters; it must be 1 to {MAX_DISPLAY_NAME_CHARS}"
            ),
        ));
    }
    if only_whitespace {
        return Err(Error::new(
            ErrorKind::InvalidDisplayName,
            "the display name is only whitespace; fall back to the email or username",
        ));
    }
    Ok(())
}

/// The first character matching `bad`, looking at bytes alone for ASCII text.
fn find_char(text: &str, bad: impl Fn(char) -> bool) -> Option<char> {
    if text.is_ascii() {
        // Every ASCII whitespace or control is a byte <= 0x20 or 0x7F: only
        // those need the full test.
        text.bytes()
            .filter(|&b| b <= 0x20 || b == 0x7f)
            .map(char::from)
            .find(|&c| bad(c))
    } else {
        text.chars().find(|&c| bad(c))
    }
}

fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        '\t' => "a tab".to_owned(),
        '\n' => "a line feed".to_owned(),
        '\r' => "a carriage return".to_owned(),
        _ => format!("the character U+{:04X}", c as u32),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_durations_are_out_of_range_not_wrapped() {
        let err = ttl_from_duration(Duration::from_secs(u64::MAX)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidTtl);
        let err = ttl_from_duration(Duration::from_secs((1 << 32) + 300)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidTtl);
    }

    #[test]
    fn times_before_the_epoch_are_refused() {
        let before = UNIX_EPOCH - Duration::from_secs(1);
        assert_eq!(
            now_from_system_time(before).unwrap_err().kind(),
            ErrorKind::InvalidOption
        );
    }

    #[test]
    fn secret_messages_never_show_the_secret() {
        let err = secret(b"short-secret-value").unwrap_err();
        assert!(!err.message().contains("short-secret-value"));
    }
}
