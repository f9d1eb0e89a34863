//! The little JSON this crate needs: writing strings as `JSON.stringify` does, and
//! reading objects strictly (no duplicate keys) without converting their values.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

/// Appends `text` as a JSON string: UTF-8 kept as is; `"`, `\` and control
/// characters below U+0020 escaped the way `JSON.stringify` and `serde_json` do.
pub(crate) fn write_string(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    let bytes = text.as_bytes();
    // Names and emails almost never need escaping: one branch-free scan first.
    if bytes.iter().fold(true, |plain, &b| {
        plain & (b >= 0x20) & (b != b'"') & (b != b'\\')
    }) {
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0x00..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xf)]);
        } else {
            out.extend_from_slice(escape);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// Reads a JSON string from its raw text (as checked by a parser).
pub(crate) fn raw_string(text: &str) -> Option<String> {
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    if inner.as_bytes().contains(&b'\\') {
        serde_json::from_str(text).ok()
    } else {
        Some(inner.to_owned())
    }
}

/// Reads a JSON number from its raw text (as checked by a parser), as an `f64`
/// (`1e400` becomes infinity).
pub(crate) fn raw_number(text: &str) -> Option<f64> {
    match text.as_bytes().first() {
        Some(b'-' | b'0'..=b'9') => text.parse().ok(),
        _ => None,
    }
}

/// A key, borrowed from the input when it holds no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// The keys of one object so far: a few inline (a chat token has four), the
/// rest in a tree, so that hostile objects with many keys stay O(n log n).
#[derive(Default)]
struct SeenKeys<'de> {
    inline: [Option<Cow<'de, str>>; 8],
    more: BTreeSet<Cow<'de, str>>,
}

impl<'de> SeenKeys<'de> {
    fn contains(&self, key: &str) -> bool {
        self.inline.iter().flatten().any(|k| k == key) || self.more.contains(key)
    }

    fn insert(&mut self, key: Cow<'de, str>) {
        match self.inline.iter_mut().find(|slot| slot.is_none()) {
            Some(slot) => *slot = Some(key),
            None => {
                self.more.insert(key);
            }
        }
    }
}

/// The fast path of [`read_object`], for the objects every JWT library writes:
/// compact, with plain keys, and values that are strings without escapes or
/// numbers. Returns `None`, having called `member` for nothing, as soon as the
/// text is anything else (whitespace, escapes, nested values, `true`, a repeated
/// key, a syntax error), and the full parser then decides.
fn read_simple_object<'t>(text: &'t str, member: &mut impl FnMut(&str, &'t str)) -> Option<()> {
    let bytes = text.as_bytes();
    let mut members: [(&'t str, &'t str); 8] = [("", ""); 8];
    let mut count = 0;
    let mut i = 1;
    if bytes.first() != Some(&b'{') {
        return None;
    }
    if bytes.get(1) == Some(&b'}') {
        i = 2;
    } else {
        loop {
            let key = simple_string(bytes, i)?;
            i = key.end;
            if bytes.get(i) != Some(&b':') {
                return None;
            }
            i += 1;
            let value = match bytes.get(i)? {
                b'"' => simple_string(bytes, i)?,
                b'-' | b'0'..=b'9' => number(bytes, i)?,
                _ => return None,
            };
            let key = &text[key.start + 1..key.end - 1];
            if count == members.len() || members[..count].iter().any(|(k, _)| *k == key) {
                return None;
            }
            members[count] = (key, &text[value.start..value.end]);
            count += 1;
            i = value.end;
            match bytes.get(i)? {
                b',' => i += 1,
                b'}' => {
                    i += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    if i != bytes.len() {
        return None;
    }
    for (key, value) in &members[..count] {
        member(key, value);
    }
    Some(())
}

/// The span of a string starting at `start`, quotes included, if it holds no
/// escape and no control character.
fn simple_string(bytes: &[u8], start: usize) -> Option<std::ops::Range<usize>> {
    if bytes.get(start) != Some(&b'"') {
        return None;
    }
    let len = bytes[start + 1..]
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
    let end = start + 1 + len;
    (bytes[end] == b'"').then_some(start..end + 1)
}

/// The span of a JSON number starting at `start`, checked against the grammar
/// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
fn number(bytes: &[u8], start: usize) -> Option<std::ops::Range<usize>> {
    let digits = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let mut i = start + usize::from(bytes[start] == b'-');
    match bytes.get(i)? {
        b'0' => i += 1,
        b'1'..=b'9' => i += digits(i),
        _ => return None,
    }
    if bytes.get(i) == Some(&b'.') {
        let n = digits(i + 1);
        if n == 0 {
            return None;
        }
        i += 1 + n;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let n = digits(i);
        if n == 0 {
            return None;
        }
        i += n;
    }
    Some(start..i)
}

/// Why an object could not be read.
#[derive(Debug)]
pub(crate) enum ObjectError {
    /// Not JSON, not UTF-8, or not an object.
    Syntax(String),
    /// A key appears twice.
    DuplicateKey(String),
    /// A `\u` escape of a lone UTF-16 surrogate (this one), in a key or a
    /// string value at any depth: JSON that is not Unicode text (I-JSON,
    /// RFC 7493), which two parsers may read differently.
    LoneSurrogate(u16),
}

/// Reads `bytes` as one JSON object, handing each member to `member` with the raw
/// text of its value, and refusing duplicate keys (compared after unescaping).
pub(crate) fn read_object<'de>(
    bytes: &'de [u8],
    mut member: impl FnMut(&str, &'de str),
) -> Result<(), ObjectError> {
    if let Some(simple) = std::str::from_utf8(bytes)
        .ok()
        .and_then(|text| read_simple_object(text, &mut member))
    {
        return Ok(simple);
    }
    struct ObjectVisitor<F> {
        member: F,
    }
    impl<'de, F: FnMut(&str, &'de str)> Visitor<'de> for ObjectVisitor<F> {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut seen = SeenKeys::default();
            // Keep reading after a duplicate so that the object is still checked
            // to its end; the first duplicate is the one reported.
            let mut duplicate = None;
            while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
                let value: &'de RawValue = map.next_value()?;
                if seen.contains(&key) {
                    duplicate.get_or_insert_with(|| key.into_owned());
                    continue;
                }
                (self.member)(&key, value.get());
                seen.insert(key);
            }
            Ok(duplicate)
        }
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let duplicate = deserializer
        .deserialize_map(ObjectVisitor { member })
        .and_then(|dup| deserializer.end().map(|()| dup))
        .map_err(|e| ObjectError::Syntax(describe_syntax_error(&e)))?;
    if let Some(unit) = lone_surrogate_escape(bytes) {
        return Err(ObjectError::LoneSurrogate(unit));
    }
    match duplicate {
        Some(key) => Err(ObjectError::DuplicateKey(key)),
        None => Ok(()),
    }
}

/// The first `\u` escape in `json` (valid JSON text) of a surrogate that is not
/// half of a pair: a high one not followed at once by an escaped low one, or a
/// low one on its own. (The fast path never sees an escape: it hands any
/// backslash to the full parser.)
fn lone_surrogate_escape(json: &[u8]) -> Option<u16> {
    // In valid JSON a backslash only starts an escape inside a string, so a
    // scan from escape to escape needs no knowledge of the structure.
    let unit_at = |at: usize| -> Option<u16> {
        let hex = json.get(at..at + 6)?.strip_prefix(b"\\u")?;
        u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
    };
    let mut i = 0;
    while let Some(offset) = json.get(i..)?.iter().position(|&b| b == b'\\') {
        let at = i + offset;
        let Some(unit) = unit_at(at) else {
            // Any other escape is two bytes, `\\` included.
            i = at + 2;
            continue;
        };
        i = at + 6;
        match unit {
            0xD800..=0xDBFF => match unit_at(i) {
                Some(0xDC00..=0xDFFF) => i += 6,
                _ => return Some(unit),
            },
            0xDC00..=0xDFFF => return Some(unit),
            _ => {}
        }
    }
    None
}

/// What is wrong and where, without quoting the input (serde_json's own text
/// can quote kilobytes of it).
fn describe_syntax_error(e: &serde_json::Error) -> String {
    let what = match e.classify() {
        serde_json::error::Category::Data => "not a JSON object",
        serde_json::error::Category::Eof => "JSON that ends too early",
        _ => "not valid UTF-8 JSON",
    };
    format!("{what}, at column {}", e.column())
}

/// Reads `bytes` as one JSON object into a map, refusing duplicate keys.
///
/// A value that JSON allows but `serde_json::Value` cannot hold (a number beyond
/// `f64` such as `1e400`) is kept as its raw JSON text in a string, so that
/// every token `verify` can read can also be inspected.
pub(crate) fn read_map(
    bytes: &[u8],
) -> Result<serde_json::Map<String, serde_json::Value>, ObjectError> {
    let mut map = serde_json::Map::new();
    read_object(bytes, |key, raw| {
        let value =
            serde_json::from_str(raw).unwrap_or_else(|_| serde_json::Value::String(raw.to_owned()));
        map.insert(key.to_owned(), value);
    })?;
    Ok(map)
}

/// A time in seconds as JSON: whole values without a trailing `.0`, fractions kept.
pub(crate) fn seconds(value: f64) -> serde_json::Value {
    // 2^53: every whole number up to it is exact in an f64.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if value.fract() == 0.0 && (0.0..=EXACT).contains(&value) {
        serde_json::Value::from(value as u64)
    } else if value.fract() == 0.0 && (-EXACT..0.0).contains(&value) {
        serde_json::Value::from(value as i64)
    } else {
        serde_json::Value::from(value)
    }
}
