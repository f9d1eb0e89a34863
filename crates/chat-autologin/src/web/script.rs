//! The companion script's route, `GET|HEAD <prefix>/client.js`, and its
//! `<script>` tag.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use super::endpoint::{safe_method, Answer};
use super::settings::{Desks, Site};
use crate::error::{Error, ErrorKind};
use crate::rules::{Seconds, Shown};
use crate::COMPANION_SCRIPT;

/// The companion's `Content-Type`.
pub const SCRIPT_CONTENT_TYPE: &str = "application/javascript; charset=utf-8";

/// The companion changes only with the package: browsers keep it a day and
/// revalidate it with its `ETag`; the tag's `?v=` reaches them at once after an
/// upgrade.
pub const SCRIPT_CACHE_CONTROL: &str = "public, max-age=86400";

/// The longest `data-retry-for`, in seconds.
const MAX_RETRY_FOR_SECS: f64 = 600.0;

struct Version {
    hex: String,
    etag: String,
}

fn version() -> &'static Version {
    static VERSION: OnceLock<Version> = OnceLock::new();
    VERSION.get_or_init(|| {
        let digest = Sha256::digest(COMPANION_SCRIPT.as_bytes());
        let hex = digest[..8].iter().fold(String::new(), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        });
        let etag = format!("\"{hex}\"");
        Version { hex, etag }
    })
}

/// The companion's version: the first 16 hex digits of its SHA-256, its `ETag`
/// (in quotes) and the `?v=` of its URL in every integration.
pub fn script_version() -> &'static str {
    &version().hex
}

/// The answer of `<prefix>/client.js`: the companion with its caching headers,
/// 304 when `If-None-Match` holds its `ETag` (or `*`), 405 for a method other
/// than GET or HEAD.
pub fn client_js(method: &str, if_none_match: Option<&str>) -> Answer {
    let Some(head) = safe_method(method) else {
        return Answer::method_not_allowed();
    };
    let etag = version().etag.as_str();
    let cached = if_none_match.is_some_and(|tags| {
        tags.split(',')
            .map(str::trim)
            .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
    });
    let mut headers = vec![
        ("Cache-Control", SCRIPT_CACHE_CONTROL),
        ("ETag", etag),
        ("X-Content-Type-Options", "nosniff"),
    ];
    if !cached {
        // A 304 has no body, so no Content-Type (RFC 9110 15.4.5).
        headers.insert(0, ("Content-Type", SCRIPT_CONTENT_TYPE));
    }
    let (status, body): (u16, &'static [u8]) = if cached {
        (304, &[])
    } else if head {
        (200, &[])
    } else {
        (200, COMPANION_SCRIPT.as_bytes())
    };
    Answer {
        status,
        headers: Cow::Owned(headers),
        body: Cow::Borrowed(body),
        warning: None,
    }
}

/// The options of the companion's `<script>` tag; the default is none of them.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ScriptOptions<'a> {
    /// `data-desk`: the service desk of the page's widget; required with
    /// several desks, and one of them; refused with a single secret.
    pub desk: Option<&'a str>,
    /// `data-show="true"`: open the widget once the visitor is logged in.
    /// Defaults to `false`.
    pub show: bool,
    /// `data-retry-for`: how long the companion retries a failed login, whole
    /// seconds from 1 to 600 (a user the chat has just created can take up to a
    /// minute). Defaults to the companion's 60 s.
    pub retry_for: Option<Seconds>,
    /// `nonce`: the page's Content-Security-Policy nonce.
    pub nonce: Option<&'a str>,
    /// `data-anonymous="true"`: the site knows nobody is signed in, so the page
    /// makes no token request and logs out a widget left logged in by an earlier
    /// visit. Defaults to `false` (the companion asks the token endpoint).
    pub anonymous: bool,
}

impl Site {
    /// The companion's `<script>` tag, its URL being `src` (the path of
    /// `<prefix>/client.js` as the site routes it) with `?v=<version>`:
    /// `<script src="…" defer data-desk="…" data-show="true"
    /// data-retry-for="…" data-anonymous="true" nonce="…"></script>`, each
    /// attribute only as asked, every value HTML-escaped.
    ///
    /// Errors (`invalid_option`): a desk missing with several desks, not one of
    /// them, or given with a single secret; a `retry_for` that is not whole
    /// seconds from 1 to 600.
    pub fn script_tag(&self, src: &str, options: &ScriptOptions<'_>) -> Result<String, Error> {
        let option = |message: String| Err(Error::new(ErrorKind::InvalidOption, message));
        match (&self.desks, options.desk) {
            (Desks::Single(_), Some(desk)) => {
                return option(format!(
                    "desk {}: a single secret is configured, so there is no desk to choose; \
                     leave desk out",
                    super::quoted(desk)
                ))
            }
            (Desks::Named(_), None) => {
                return option(format!(
                    "several service desks are configured ({}): pass the desk of this page's \
                     widget",
                    self.desk_list()
                ))
            }
            (Desks::Named(_), Some(desk)) if !self.desks().any(|name| name == desk) => {
                return option(format!(
                    "unknown service desk {}: the configured ones are {}",
                    super::quoted(desk),
                    self.desk_list()
                ))
            }
            _ => {}
        }
        let retry_for = match options.retry_for {
            None => None,
            Some(value) => Some(retry_for(value)?),
        };
        let separator = if src.contains('?') { '&' } else { '?' };
        let mut tag = String::with_capacity(160);
        tag.push_str("<script src=\"");
        escape_into(&mut tag, src);
        tag.push(separator);
        tag.push_str("v=");
        tag.push_str(script_version());
        tag.push_str("\" defer");
        if let Some(desk) = options.desk {
            tag.push_str(" data-desk=\"");
            escape_into(&mut tag, desk);
            tag.push('"');
        }
        if options.show {
            tag.push_str(" data-show=\"true\"");
        }
        if let Some(seconds) = retry_for {
            let _ = write!(tag, " data-retry-for=\"{seconds}\"");
        }
        if options.anonymous {
            tag.push_str(" data-anonymous=\"true\"");
        }
        if let Some(nonce) = options.nonce {
            tag.push_str(" nonce=\"");
            escape_into(&mut tag, nonce);
            tag.push('"');
        }
        tag.push_str("></script>");
        Ok(tag)
    }
}

/// `data-retry-for`: whole seconds from 1 to 600.
fn retry_for(value: Seconds) -> Result<u32, Error> {
    let refuse = |shown: String| {
        Err(Error::new(
            ErrorKind::InvalidOption,
            format!(
                "the retry time (data-retry-for) must be whole seconds from 1 to \
                 {MAX_RETRY_FOR_SECS}, not {shown} (the companion's default is 60)"
            ),
        ))
    };
    match value {
        Seconds::Bool(flag) => refuse(format!("the boolean {flag}")),
        Seconds::Number(n) if n.fract() == 0.0 && (1.0..=MAX_RETRY_FOR_SECS).contains(&n) => {
            Ok(n as u32)
        }
        Seconds::Number(n) => refuse(Shown(n).to_string()),
    }
}

/// Escapes text for an HTML attribute value, as Python's
/// `html.escape(text, quote=True)` does.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            _ => out.push(c),
        }
    }
}
