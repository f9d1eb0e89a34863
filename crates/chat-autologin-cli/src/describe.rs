//! Words for people: dates, spans of time and untrusted text.

use std::borrow::Cow;
use std::fmt::Write as _;

use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Seconds since the Unix epoch as an RFC 3339 UTC time, to the millisecond.
pub(crate) fn utc(seconds: f64) -> String {
    let whole = seconds.floor();
    let mut millis = ((seconds - whole) * 1000.0).round() as i64;
    let mut whole = whole as i64;
    if millis == 1000 {
        whole += 1;
        millis = 0;
    }
    OffsetDateTime::from_unix_timestamp(whole)
        .ok()
        .and_then(|t| t.replace_millisecond(millis as u16).ok())
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| "(not a date this tool can show)".to_owned())
}

/// A span of time in its two largest units: `45s`, `4m 12s`, `3h`, `2d 5h`;
/// the core's wording, so that `inspect` and the diagnosis agree.
pub(crate) use chat_autologin::human::span;

/// When a token was issued, relative to `now`: `issued 2m ago`.
pub(crate) fn issued(iat: f64, now: f64) -> String {
    let ago = now - iat;
    if ago.abs() < 0.5 {
        "issued just now".to_owned()
    } else if ago > 0.0 {
        format!("issued {} ago", span(ago))
    } else {
        format!("issued {} in the future", span(ago))
    }
}

/// When a token expires, relative to `now`: `expires in 4m 12s`, `expired 3h ago`.
pub(crate) fn expires(exp: f64, now: f64) -> String {
    let left = exp - now;
    if left.abs() < 0.5 {
        "expires now".to_owned()
    } else if left > 0.0 {
        format!("expires in {}", span(left))
    } else {
        format!("expired {} ago", span(left))
    }
}

/// A number as a person would write it: `1700000000`, `1700000000.25`.
pub(crate) fn number(value: f64) -> String {
    crate::json::seconds(value).to_string()
}

/// Whether a character could drive a terminal (a control character: ESC,
/// newline, C1) or change how it shows the rest of the line (the Unicode bidi
/// controls, which can reverse text, and the line and paragraph separators).
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// Untrusted text for a terminal line: each unsafe character written as a
/// `\uXXXX` escape, everything else as is. Every string that comes from a
/// token or a request goes through this (or [`text`]) before it is printed.
pub(crate) fn terminal(value: &str) -> Cow<'_, str> {
    if !value.chars().any(is_unsafe) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 16);
    for c in value.chars() {
        if is_unsafe(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text from a token, shown as is unless it holds a character that could drive
/// the terminal or reorder the line, in which case it is shown JSON-quoted with
/// those characters escaped.
pub(crate) fn text(value: &str) -> String {
    if value.chars().any(is_unsafe) {
        terminal(&Value::from(value).to_string()).into_owned()
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_use_the_two_largest_units() {
        assert_eq!(span(0.2), "0s");
        assert_eq!(span(45.0), "45s");
        assert_eq!(span(252.0), "4m 12s");
        assert_eq!(span(-10_800.0), "3h");
        assert_eq!(span(10_830.0), "3h");
        assert_eq!(span(3_725.0), "1h 2m");
        assert_eq!(span(2.0 * 86_400.0 + 5.0 * 3_600.0 + 7.0), "2d 5h");
        assert_eq!(span(86_400.0 + 30.0), "1d");
    }

    #[test]
    fn times_are_rfc3339_utc() {
        assert_eq!(utc(1_700_000_000.0), "2023-11-14T22:13:20Z");
        assert_eq!(utc(1_700_000_000.25), "2023-11-14T22:13:20.25Z");
        assert_eq!(utc(1_700_000_000.999_6), "2023-11-14T22:13:21Z");
        assert_eq!(utc(0.0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(1e300), "(not a date this tool can show)");
    }

    #[test]
    fn relative_times() {
        assert_eq!(issued(100.0, 220.0), "issued 2m ago");
        assert_eq!(issued(400.0, 100.0), "issued 5m in the future");
        assert_eq!(expires(352.0, 100.0), "expires in 4m 12s");
        assert_eq!(expires(100.0, 10_900.0), "expired 3h ago");
    }

    #[test]
    fn control_characters_are_quoted() {
        assert_eq!(text("Zoë Ångström"), "Zoë Ångström");
        assert_eq!(text("evil\u{1b}[2J"), "\"evil\\u001b[2J\"");
        assert_eq!(text("a\nb"), "\"a\\nb\"");
        // A right-to-left override would show "moc.elpmaxe@lave" reversed.
        assert_eq!(
            text("eve\u{202e}moc.elpmaxe@"),
            "\"eve\\u202emoc.elpmaxe@\""
        );
        assert_eq!(
            text("\u{2066}x\u{2069}\u{85}"),
            "\"\\u2066x\\u2069\\u0085\""
        );
    }

    #[test]
    fn terminal_lines_escape_without_quoting() {
        assert_eq!(terminal("plain Zoë"), "plain Zoë");
        assert_eq!(
            terminal("x\u{1b}[2J\nrefused: forged"),
            "x\\u001b[2J\\u000arefused: forged"
        );
        assert_eq!(terminal("\u{200f}\u{2028}"), "\\u200f\\u2028");
    }
}
