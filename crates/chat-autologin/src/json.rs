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

/// Reads a JSON string from its raw text, borrowing when it holds no escapes.
pub(crate) fn raw_string(raw: &RawValue) -> Option<String> {
    let text = raw.get();
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    if inner.contains('\\') {
        serde_json::from_str(text).ok()
    } else {
        Some(inner.to_owned())
    }
}

/// Reads a JSON number from its raw text, as an `f64` (`1e400` becomes infinity).
pub(crate) fn raw_number(raw: &RawValue) -> Option<f64> {
    let text = raw.get();
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

/// Why an object could not be read.
#[derive(Debug)]
pub(crate) enum ObjectError {
    /// Not JSON, not UTF-8, or not an object.
    Syntax(String),
    /// A key appears twice.
    DuplicateKey(String),
}

/// Reads `bytes` as one JSON object, handing each member to `member` with its value
/// unconverted, and refusing duplicate keys (compared after unescaping).
pub(crate) fn read_object<'de>(
    bytes: &'de [u8],
    member: impl FnMut(&str, &'de RawValue),
) -> Result<(), ObjectError> {
    struct ObjectVisitor<F> {
        member: F,
    }
    impl<'de, F: FnMut(&str, &'de RawValue)> Visitor<'de> for ObjectVisitor<F> {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut seen: BTreeSet<Cow<'de, str>> = BTreeSet::new();
            // Keep reading after a duplicate so that the object is still checked
            // to its end; the first duplicate is the one reported.
            let mut duplicate = None;
            while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
                let value: &'de RawValue = map.next_value()?;
                if seen.contains(&key) {
                    duplicate.get_or_insert_with(|| key.into_owned());
                    continue;
                }
                (self.member)(&key, value);
                seen.insert(key);
            }
            Ok(duplicate)
        }
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let duplicate = deserializer
        .deserialize_map(ObjectVisitor { member })
        .and_then(|dup| deserializer.end().map(|()| dup))
        .map_err(|e| ObjectError::Syntax(e.to_string()))?;
    match duplicate {
        Some(key) => Err(ObjectError::DuplicateKey(key)),
        None => Ok(()),
    }
}

/// Reads `bytes` as one JSON object into a map, refusing duplicate keys.
pub(crate) fn read_map(
    bytes: &[u8],
) -> Result<serde_json::Map<String, serde_json::Value>, ObjectError> {
    let mut map = serde_json::Map::new();
    let mut unreadable = None;
    read_object(bytes, |key, raw| match serde_json::from_str(raw.get()) {
        Ok(value) => {
            map.insert(key.to_owned(), value);
        }
        // Only a number beyond f64 (such as 1e400) gets here.
        Err(e) => {
            unreadable.get_or_insert_with(|| format!("{key:?}: {e}"));
        }
    })?;
    match unreadable {
        Some(detail) => Err(ObjectError::Syntax(detail)),
        None => Ok(map),
    }
}
