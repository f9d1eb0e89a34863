//! The site side (`chat_autologin::web`) for the Node integrations: settings
//! arrive as tagged values that `node/web.js` builds from JavaScript values, the
//! core judges them and answers; this layer only converts.

use std::borrow::Cow;
use std::cell::RefCell;
use std::ptr;

use chat_autologin::web::{self, SettingNames, SettingValue, Site, SiteSettings};
use napi::bindgen_prelude::{Buffer, Either, External};
use napi_derive::napi;

use crate::{guard, seconds, JsSeconds, Result};

/// A JavaScript setting, tagged by `node/web.js`: `t` is its type.
#[napi(object)]
pub struct JsSetting {
    /// `unset`, `text`, `nottext`, `bytes`, `number`, `bool`, `list`, `map` or `other`.
    pub t: String,
    /// The text (`text`), or the type's name (`other`).
    pub s: Option<String>,
    /// The bytes (`bytes`).
    pub b: Option<Buffer>,
    /// The number (`number`), or the boolean as 0 or 1 (`bool`).
    pub n: Option<f64>,
    /// The items (`list`), or the keys and values one after the other (`map`).
    pub items: Option<Vec<JsSetting>>,
}

impl std::fmt::Debug for JsSetting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // It may hold a secret: its type only.
        write!(f, "JsSetting({})", self.t)
    }
}

fn setting(value: JsSetting) -> SettingValue {
    match value.t.as_str() {
        "unset" => SettingValue::Unset,
        "text" => SettingValue::text(value.s.unwrap_or_default()),
        "nottext" => SettingValue::NotText,
        "bytes" => SettingValue::bytes(value.b.map(|b| b.to_vec()).unwrap_or_default()),
        "number" => SettingValue::Number(value.n.unwrap_or(f64::NAN)),
        "bool" => SettingValue::Bool(value.n == Some(1.0)),
        "list" => SettingValue::List(
            value
                .items
                .unwrap_or_default()
                .into_iter()
                .map(setting)
                .collect(),
        ),
        "map" => {
            let mut items = value.items.unwrap_or_default().into_iter().map(setting);
            let mut entries = Vec::new();
            while let (Some(key), Some(value)) = (items.next(), items.next()) {
                entries.push((key, value));
            }
            SettingValue::Map(entries)
        }
        _ => SettingValue::Other(value.s.unwrap_or_else(|| "object".to_owned())),
    }
}

thread_local! {
    /// The header sets the core has answered with, numbered in the order they
    /// were first seen. The core's headers are static text, so there are a
    /// handful of sets and the list stays that short; `node/web.js` asks for
    /// a set's lines once (`web_header_set`) and keeps them by number.
    static HEADER_SETS: RefCell<Vec<HeaderSet>> = const { RefCell::new(Vec::new()) };
}

type HeaderSet = Cow<'static, [(&'static str, &'static str)]>;

/// The number of a header set (see `HEADER_SETS`). The token endpoint's sets
/// are the core's own static arrays: found by address before by content.
fn header_set(headers: &HeaderSet) -> usize {
    HEADER_SETS.with_borrow_mut(|sets| {
        let same_array = |set: &HeaderSet| {
            matches!((set, headers), (Cow::Borrowed(kept), Cow::Borrowed(given)) if ptr::eq(*kept, *given))
        };
        sets.iter()
            .position(same_array)
            .or_else(|| sets.iter().position(|set| **set == **headers))
            .unwrap_or_else(|| {
                sets.push(headers.clone());
                sets.len() - 1
            })
    })
}

/// The longest warning an answer carries, in UTF-16 code units: the core's
/// are one line of a few dozen words.
const MAX_WARNING_UNITS: usize = 99_999;

/// One answer as one string: a head of ten digits (the status in three, the
/// number of its header set in two, the length of the warning for the log in
/// UTF-16 code units in five), the warning, then the body (JSON or
/// JavaScript: always UTF-8). Each JavaScript value made here costs more than
/// the token itself, so the answer is one value, which node/web.js takes
/// apart by position.
pub(crate) fn answer(answer: web::Answer) -> String {
    let mut out = Vec::new();
    write_answer(&mut out, &answer);
    String::from_utf8(out)
        .unwrap_or_else(|out| String::from_utf8_lossy(out.as_bytes()).into_owned())
}

/// Appends the string of `answer` (see `answer`) to `out`, as bytes.
pub(crate) fn write_answer(out: &mut Vec<u8>, answer: &web::Answer) {
    let mut warning = answer.warning.as_deref().unwrap_or("");
    let mut units = warning.encode_utf16().count();
    if units > MAX_WARNING_UNITS {
        let mut cut = 0;
        units = 0;
        for c in warning.chars() {
            if units + c.len_utf16() > MAX_WARNING_UNITS {
                break;
            }
            units += c.len_utf16();
            cut += c.len_utf8();
        }
        warning = &warning[..cut];
    }
    out.reserve(answer.body.len() + warning.len() + 10);
    write_digits(out, usize::from(answer.status), 3);
    write_digits(out, header_set(&answer.headers), 2);
    write_digits(out, units, 5);
    // One line, whatever the core's message holds (the same length).
    out.extend(
        warning
            .bytes()
            .map(|b| if b == b'\n' || b == b'\r' { b' ' } else { b }),
    );
    out.extend_from_slice(&answer.body);
}

/// `value` in exactly `width` decimal digits (the lowest, should it have more).
fn write_digits(out: &mut Vec<u8>, mut value: usize, width: usize) {
    let start = out.len();
    out.resize(start + width, b'0');
    for digit in out[start..].iter_mut().rev() {
        *digit = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

/// The lines of a header set by its number: names and values, one after the
/// other (empty for a number the core has not answered with).
#[napi(catch_unwind)]
pub fn web_header_set(index: u32) -> Vec<&'static str> {
    HEADER_SETS.with_borrow(|sets| {
        sets.get(index as usize)
            .map(|set| {
                set.iter()
                    .flat_map(|(name, value)| [*name, *value])
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// Judges a site's settings. `names` spells secret, secrets, ttl, allowed email
/// domains and path prefix as the integration does.
#[napi(catch_unwind)]
pub fn web_site_new(
    secret: JsSetting,
    secrets: JsSetting,
    ttl: JsSetting,
    allowed_email_domains: JsSetting,
    path_prefix: JsSetting,
    names: Vec<String>,
) -> Result<External<Site>> {
    let settings = SiteSettings {
        secret: setting(secret),
        secrets: setting(secrets),
        ttl: setting(ttl),
        allowed_email_domains: setting(allowed_email_domains),
        path_prefix: setting(path_prefix),
    };
    let name = |i: usize| names.get(i).map_or("setting", String::as_str);
    let names = SettingNames {
        secret: name(0),
        secrets: name(1),
        ttl: name(2),
        allowed_email_domains: name(3),
        path_prefix: name(4),
    };
    guard(|| Site::new(settings, &names).map_err(Into::into)).map(External::new)
}

/// The site's path prefix, without a trailing `/`.
#[napi(catch_unwind)]
pub fn web_site_prefix(site: &External<Site>) -> String {
    site.prefix().to_owned()
}

/// The site's desk names (none with a single secret).
#[napi(catch_unwind)]
pub fn web_site_desks(site: &External<Site>) -> Vec<String> {
    site.desks().map(str::to_owned).collect()
}

/// The site's token lifetime, in seconds.
#[napi(catch_unwind)]
pub fn web_site_ttl(site: &External<Site>) -> u32 {
    site.ttl()
}

/// The first checks of a token request: an answer, or the pending desk as a
/// number (`index * 2 + 1` for HEAD, `index * 2` for GET).
#[napi(catch_unwind)]
pub fn web_token_request(
    site: &External<Site>,
    method: String,
    query: String,
    sec_fetch_site: Option<String>,
) -> Either<String, u32> {
    let request = web::TokenRequest {
        method: &method,
        query: query.as_bytes(),
        sec_fetch_site: sec_fetch_site.as_deref(),
    };
    match site.token_request(&request) {
        web::Token::Answer(given) => Either::A(answer(given)),
        web::Token::LookUpUser(pending) => {
            Either::B((pending.index() as u32) * 2 + u32::from(pending.is_head()))
        }
    }
}

/// The answer of `<prefix>/client.js`.
#[napi(catch_unwind)]
pub fn web_client_js(method: String, if_none_match: Option<String>) -> String {
    answer(web::client_js(&method, if_none_match.as_deref()))
}

/// The companion's `<script>` tag.
#[napi(catch_unwind)]
pub fn web_script_tag(
    site: &External<Site>,
    src: String,
    desk: Option<String>,
    show: bool,
    retry_for: Option<JsSeconds>,
    nonce: Option<String>,
    anonymous: bool,
) -> Result<String> {
    let options = web::ScriptOptions {
        desk: desk.as_deref(),
        show,
        retry_for: retry_for.map(seconds),
        nonce: nonce.as_deref(),
        anonymous,
    };
    guard(|| site.script_tag(&src, &options))
}

/// The companion's version, its ETag and `?v=`.
#[napi(catch_unwind)]
pub fn web_script_version() -> &'static str {
    web::script_version()
}

/// The core's defaults and routes: `[prefix, token path, client.js path]`.
#[napi(catch_unwind)]
pub fn web_paths() -> Vec<&'static str> {
    vec![web::DEFAULT_PREFIX, web::TOKEN_PATH, web::CLIENT_JS_PATH]
}

/// A setting's text for a message: quoted when short, by its length when it
/// could be a secret put in the wrong place.
#[napi(catch_unwind)]
pub fn web_quoted(text: String) -> String {
    web::quoted(&text)
}
