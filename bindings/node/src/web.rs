//! The site side (`chat_autologin::web`) for the Node integrations: settings
//! arrive as tagged values that `node/web.js` builds from JavaScript values, the
//! core judges them and answers; this layer only converts.

use chat_autologin::web::{
    self, Pending, SettingNames, SettingValue, Site, SiteSettings, SiteUser, Text,
};
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

/// One answer as one string: the status, the headers (`name: value` joined by
/// `\r`), the warning for the log (empty for none), each on a line of its own,
/// then the body (JSON or JavaScript: always UTF-8). Each JavaScript value made
/// here costs more than the token itself, so the answer is one value, which
/// node/web.js takes apart.
fn answer(answer: web::Answer) -> String {
    let mut out = String::with_capacity(answer.body.len() + 128);
    out.push_str(&answer.status.to_string());
    out.push('\n');
    for (i, (name, value)) in answer.headers.iter().enumerate() {
        if i > 0 {
            out.push('\r');
        }
        out.push_str(name);
        out.push_str(": ");
        out.push_str(value);
    }
    out.push('\n');
    if let Some(warning) = &answer.warning {
        // One line, whatever the core's message holds.
        out.push_str(&warning.replace(['\n', '\r'], " "));
    }
    out.push('\n');
    out.push_str(&String::from_utf8_lossy(&answer.body));
    out
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

/// The answer once the user lookup is done. `email` undefined means nobody is
/// signed in; `*_text` says whether the string was well-formed (a lone
/// surrogate arrives here as U+FFFD and is refused by the core).
#[napi(catch_unwind)]
pub fn web_token_answer(
    site: &External<Site>,
    pending: u32,
    email: Option<String>,
    email_text: bool,
    name: Option<String>,
    name_text: bool,
) -> String {
    let pending = Pending::from_parts((pending / 2) as usize, pending % 2 == 1);
    let user = email.as_deref().map(|email| SiteUser {
        email: wrap(email, email_text),
        display_name: name.as_deref().map(|name| wrap(name, name_text)),
    });
    answer(site.token_answer(pending, user))
}

fn wrap(text: &str, valid: bool) -> Text<'_> {
    if valid {
        Text::Valid(text)
    } else {
        Text::NotUnicode(text)
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
