//! The site side, decided once for every web framework: the settings, the
//! token endpoint's answers, the companion script's route and its `<script>`
//! tag.
//!
//! A web integration (Flask, Django, Express, axum, …) is an adapter over this
//! module. It hands over its settings as [`SettingValue`]s and gets a [`Site`],
//! judged once at start-up, or a [`SettingError`] that names the setting in the
//! framework's own spelling ([`SettingNames`]). Then, per request, it reads the
//! method, the raw query string and the `Sec-Fetch-Site` header, and:
//!
//! 1. [`Site::token_request`] either answers at once (405, 403
//!    `cross_site_request`, 400 `desk_required` / `desk_ambiguous`, 404
//!    `unknown_desk`) or picks the service desk ([`Pending`]);
//! 2. the integration looks the signed-in user up, its own way (possibly
//!    awaiting a database);
//! 3. [`Site::token_answer`] answers: 401, 403 `email_domain_not_allowed`, 403
//!    `invalid_email` / `invalid_display_name`, or 200 with the token.
//!
//! Every [`Answer`] is plain data (status, headers, body bytes) for the
//! integration to write as it is. No HTTP types, no I/O, no clock but the
//! system's, no new dependency.
//!
//! ```
//! use chat_autologin::web::{Site, SiteSettings, SettingNames, SettingValue, TokenRequest, Token, SiteUser, Text};
//!
//! let settings = SiteSettings {
//!     secret: SettingValue::text("a-76-character-secret-from-the-service-desk-settings-page"),
//!     ..SiteSettings::default()
//! };
//! let site = Site::new(settings, &SettingNames::RUST)?;
//! let request = TokenRequest { method: "GET", query: b"", sec_fetch_site: Some("same-origin") };
//! let answer = match site.token_request(&request) {
//!     Token::Answer(answer) => answer,
//!     Token::LookUpUser(pending) => {
//!         let user = SiteUser { email: Text::Valid("ada@example.com"), display_name: Some(Text::Valid("Ada")) };
//!         site.token_answer(pending, Some(user))
//!     }
//! };
//! assert_eq!(answer.status, 200);
//! # Ok::<(), chat_autologin::web::SettingError>(())
//! ```

mod endpoint;
mod script;
mod settings;

pub use endpoint::{Answer, Pending, SiteUser, Text, Token, TokenRequest};
pub use script::{
    client_js, script_version, ScriptOptions, SCRIPT_CACHE_CONTROL, SCRIPT_CONTENT_TYPE,
};
pub use settings::{Setting, SettingError, SettingNames, SettingValue, Site, SiteSettings};

/// Where the routes are when the path prefix is not set.
pub const DEFAULT_PREFIX: &str = "/chat-autologin";

/// The lifetime of each token when the settings give none, in seconds.
pub const DEFAULT_TTL_SECS: u32 = crate::rules::DEFAULT_TTL_SECS;

/// The token endpoint's route under the prefix.
pub const TOKEN_PATH: &str = "/token";

/// The companion script's route under the prefix.
pub const CLIENT_JS_PATH: &str = "/client.js";

/// The `Content-Type` of every token endpoint answer.
pub const JSON_CONTENT_TYPE: &str = "application/json";

/// The `Cache-Control` of every token endpoint answer: never stored.
pub const TOKEN_CACHE_CONTROL: &str = "no-store";

/// The methods the token endpoint and the companion's route answer.
pub const ALLOWED_METHODS: &str = "GET, HEAD";

/// Text of a setting for a message: quoted when short, by its length when it
/// could be a secret put in the wrong place (32 characters or more). For an
/// integration's own messages about its options (an unknown key, say).
pub fn quoted(text: &str) -> String {
    let chars = text.chars().count();
    if chars >= crate::rules::MIN_SECRET_BYTES {
        format!("a string of {chars} characters")
    } else {
        format!("{text:?}")
    }
}
