//! The browser companion: its route and its script tag.

use std::fmt::Write as _;
use std::sync::LazyLock;

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chat_autologin::COMPANION_SCRIPT;
use sha2::{Digest, Sha256};

use crate::ScriptOptions;

/// The script changes only with the crate: browsers keep it a day and
/// revalidate with its ETag; the script tag's `?v=` reaches them at once after
/// an upgrade. The same headers as the Python and Node integrations.
const SCRIPT_CONTENT_TYPE: &str = "application/javascript; charset=utf-8";
const SCRIPT_CACHE_CONTROL: &str = "public, max-age=86400";

/// The first 16 hex digits of the script's SHA-256: its ETag (in quotes) and the
/// `?v=` of its URL, the same in every integration.
pub(crate) static VERSION: LazyLock<String> = LazyLock::new(|| {
    let digest = Sha256::digest(COMPANION_SCRIPT.as_bytes());
    digest[..8].iter().fold(String::new(), |mut hex, byte| {
        let _ = write!(hex, "{byte:02x}");
        hex
    })
});

/// `GET <prefix>/client.js`: the companion, or 304 when the browser has it.
pub(crate) async fn client_js(headers: HeaderMap) -> Response {
    let etag = format!("\"{}\"", *VERSION);
    let cached = headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|tag| tag.trim())
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag);
    let mut response = if cached {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut response = COMPANION_SCRIPT.into_response();
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static(SCRIPT_CONTENT_TYPE));
        response
    };
    let headers = response.headers_mut();
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_static(SCRIPT_CACHE_CONTROL),
    );
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(ETAG, value);
    }
    response
}

/// The companion's URL under `prefix`, with its version.
pub(crate) fn script_src(prefix: &str) -> String {
    format!("{prefix}/client.js?v={}", *VERSION)
}

/// `<script src="…" defer data-desk="…" data-show="true" data-retry-for="…"
/// nonce="…"></script>`, every value escaped for an HTML attribute, in the
/// order the Python and Node integrations write them.
pub(crate) fn script_tag(src: &str, options: &ScriptOptions<'_>) -> String {
    let mut tag = format!("<script src=\"{}\" defer", escape(src));
    if let Some(desk) = options.desk {
        let _ = write!(tag, " data-desk=\"{}\"", escape(desk));
    }
    if options.show {
        tag.push_str(" data-show=\"true\"");
    }
    if let Some(retry_for) = options.retry_for {
        let _ = write!(tag, " data-retry-for=\"{}\"", retry_for.as_secs_f64());
    }
    if let Some(nonce) = options.nonce {
        let _ = write!(tag, " nonce=\"{}\"", escape(nonce));
    }
    tag.push_str("></script>");
    tag
}

/// Escapes text for an HTML attribute value or element content, as Python's
/// `html.escape(text, quote=True)` does.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#x27;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_is_16_hex_digits_of_the_scripts_sha256() {
        assert_eq!(VERSION.len(), 16);
        assert!(VERSION.bytes().all(|b| b.is_ascii_hexdigit()));
    }

    #[test]
    fn tags_escape_their_values() {
        let options = ScriptOptions {
            desk: Some("<\"it's\">"),
            show: true,
            nonce: Some("n&1"),
            retry_for: Some(std::time::Duration::from_millis(1_500)),
        };
        assert_eq!(
            script_tag("/a?v=1&x", &options),
            "<script src=\"/a?v=1&amp;x\" defer data-desk=\"&lt;&quot;it&#x27;s&quot;&gt;\" \
             data-show=\"true\" data-retry-for=\"1.5\" nonce=\"n&amp;1\"></script>"
        );
    }
}
