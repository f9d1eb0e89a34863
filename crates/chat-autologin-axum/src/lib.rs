//! [axum] integration of [`chat_autologin`]: the token endpoint and the browser
//! companion that log a site's signed-in visitors into the *Chat for Jira
//! Service Management* widget.
//!
//! [`ChatAutologin`] is built from the service desk project's secret key and
//! makes a [`Router`] to merge into the site's own, with two routes under the
//! prefix (default `/chat-autologin`):
//!
//! - `GET <prefix>/token` mints a token for the signed-in visitor: 200
//!   `{"token": "…", "expiresAt": <the token's exp>}`, or one of the JSON errors
//!   (401 `not_authenticated`, 403 `email_domain_not_allowed`,
//!   `cross_site_request`, `invalid_email`, `invalid_display_name`, 400
//!   `desk_required`, `desk_ambiguous`, 404 `unknown_desk`, 405), decided by
//!   the core's [`web`](chat_autologin::web) module exactly as in every other
//!   integration (the project's README lists them).
//! - `GET <prefix>/client.js` serves the companion script
//!   ([`COMPANION_SCRIPT`](chat_autologin::COMPANION_SCRIPT)), which fetches
//!   the token and hands it to the widget. [`ChatAutologin::script_tag`]
//!   writes its `<script>` tag for a page, after the widget's own tags
//!   ([`ChatAutologin::script_tag_with`] adds a CSP nonce or a longer retry).
//!
//! These are the same routes and answers as the Flask, Django and Express
//! integrations, so the one companion script works with all of them.
//!
//! # Who is signed in
//!
//! [`ChatAutologin::router`] takes a function of one axum extractor, like a
//! handler, that returns the visitor as a [`ChatUser`], or `None` when nobody
//! is signed in. The identity comes from the server side only (the site's
//! session or authentication layer), never from the request's parameters.
//!
//! ```no_run
//! use std::time::Duration;
//!
//! use axum::{response::Html, routing::get, Extension, Router};
//! use chat_autologin_axum::{ChatAutologin, ChatUser};
//!
//! /// The signed-in user, as the site's authentication middleware puts it in
//! /// the request's extensions.
//! #[derive(Clone)]
//! struct User {
//!     email: String,
//!     name: String,
//! }
//!
//! # #[tokio::main]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let chat = ChatAutologin::new(std::env::var("CHAT_AUTOLOGIN_SECRET")?)
//!     .ttl(Duration::from_secs(300))
//!     .allowed_email_domains(["example.com"]);
//!
//! // The widget's tags come from the Chat for JSM settings page; the companion's after them.
//! let page = format!(
//!     r#"<script src="https://chat-widget.example/chat-widget.js"></script>
//! <chat-widget jira-id="…" service-desk-id="…"></chat-widget>
//! {}"#,
//!     chat.script_tag(None, false)?
//! );
//!
//! let app = Router::new()
//!     .route("/", get(move || async move { Html(page) }))
//!     .merge(chat.router(|user: Option<Extension<User>>| async move {
//!         user.map(|Extension(user)| ChatUser::new(user.email, user.name))
//!     })?);
//! // .layer(…) the site's authentication, which inserts Extension(User)
//!
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
//! axum::serve(listener, app).await?;
//! # Ok(())
//! # }
//! ```
//!
//! Any extractor works: the site's own `CurrentUser` (as `Option<CurrentUser>`
//! when it implements [`OptionalFromRequestParts`](axum::extract::OptionalFromRequestParts),
//! or as `CurrentUser` when it rejects anonymous visitors), a session
//! extractor whose lookup is awaited in the function, or a tuple of several.
//! When the extractor rejects the request, the visitor counts as not signed in
//! (401), unless the rejection is a server error (5xx), which is answered as
//! the extractor answered it, with `Cache-Control: no-store`.
//!
//! # Mistakes fail at start-up
//!
//! The builder only collects the settings; [`router`](ChatAutologin::router)
//! has the core judge them and returns its [`Error`] with the contract's code:
//! a missing or invalid secret (`invalid_secret`), a lifetime outside 1 to
//! 86 400 whole seconds (`invalid_ttl`), a desk name, an allowed domain or a
//! prefix that cannot work (`invalid_option`). The message names the setting
//! and never shows a secret.
#![deny(missing_docs)]

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use chat_autologin::web::{
    self, SettingNames, SettingValue, Site, SiteSettings, SiteUser, Text, Token,
};
use chat_autologin::Seconds;

pub use chat_autologin::Error;

/// Where the routes are unless [`ChatAutologin::prefix`] says otherwise.
pub const DEFAULT_PREFIX: &str = web::DEFAULT_PREFIX;

/// The lifetime of each token unless [`ChatAutologin::ttl`] says otherwise.
pub const DEFAULT_TTL: Duration = Duration::from_secs(web::DEFAULT_TTL_SECS as u64);

/// The signed-in visitor, as the chat will know them.
///
/// The email and the display name go into the token as given (a blank name
/// becomes the email); the core's rules apply (the token endpoint answers 403
/// `invalid_email` or `invalid_display_name` for a user who breaks them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatUser {
    /// The email, the chat's key for the user.
    pub email: String,
    /// The name the agents see.
    pub display_name: String,
}

impl ChatUser {
    /// A user with this email and display name.
    pub fn new(email: impl Into<String>, display_name: impl Into<String>) -> ChatUser {
        ChatUser {
            email: email.into(),
            display_name: display_name.into(),
        }
    }
}

/// The options of the companion's `<script>` tag, for
/// [`ChatAutologin::script_tag_with`]; the default is none of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScriptOptions<'a> {
    /// `data-desk`: the service desk of the page's widget (required with
    /// several desks, refused with one).
    pub desk: Option<&'a str>,
    /// `data-show="true"`: open the widget once the visitor is logged in.
    pub show: bool,
    /// `nonce`: the page's Content-Security-Policy nonce.
    pub nonce: Option<&'a str>,
    /// `data-retry-for`: how long to keep retrying a failed login, whole
    /// seconds from 1 to 600 (the companion's default is 60).
    pub retry_for: Option<Duration>,
    /// `data-anonymous="true"`: nobody is signed in on this page, so it makes
    /// no token request and logs out a widget left logged in by an earlier visit.
    pub anonymous: bool,
}

/// Where the core's warnings go (a signed-in user the chat cannot take).
type Warn = Arc<dyn Fn(&str) + Send + Sync>;

/// The settings of the integration, builder style; [`router`](Self::router)
/// makes the routes.
///
/// `Debug` never shows a secret, and the copies of the secrets it holds are
/// zeroized when it is dropped.
#[derive(Clone)]
pub struct ChatAutologin {
    settings: SiteSettings,
    warn: Warn,
}

impl ChatAutologin {
    /// One service desk project and its secret key, used as its raw bytes (the
    /// 76 characters shown by Chat for JSM, exactly as typed). The secret is
    /// judged when the router is built.
    pub fn new(secret: impl AsRef<[u8]>) -> ChatAutologin {
        ChatAutologin::from_settings(SiteSettings {
            secret: SettingValue::bytes(secret.as_ref()),
            ..SiteSettings::default()
        })
    }

    /// Several service desk projects, each with a name (1 to 64 of `A–Z a–z
    /// 0–9 . _ -`) and its secret key: the page's companion then asks for one
    /// with `data-desk`, and the token endpoint with `?desk=`.
    pub fn with_desks<I, N, K>(desks: I) -> ChatAutologin
    where
        I: IntoIterator<Item = (N, K)>,
        N: Into<String>,
        K: AsRef<[u8]>,
    {
        let entries = desks
            .into_iter()
            .map(|(name, secret)| {
                (
                    SettingValue::text(name),
                    SettingValue::bytes(secret.as_ref()),
                )
            })
            .collect();
        ChatAutologin::from_settings(SiteSettings {
            secrets: SettingValue::Map(entries),
            ..SiteSettings::default()
        })
    }

    /// Every setting as the core takes them, for a site that loads its
    /// configuration from a file or the environment.
    pub fn from_settings(settings: SiteSettings) -> ChatAutologin {
        ChatAutologin {
            settings,
            warn: Arc::new(|line: &str| eprintln!("{line}")),
        }
    }

    /// The lifetime of each token: whole seconds, 1 to 86 400. Defaults to `300 s`.
    pub fn ttl(mut self, ttl: Duration) -> ChatAutologin {
        self.settings.ttl = SettingValue::from(ttl);
        self
    }

    /// Mints tokens only for emails in these domains, such as `["example.com"]`
    /// (ASCII; an internationalized domain in its `xn--` form; compared with the
    /// part after the email's last `@`, ASCII letters without case). Others get
    /// 403 `email_domain_not_allowed`. Defaults to every domain.
    pub fn allowed_email_domains<I, D>(mut self, domains: I) -> ChatAutologin
    where
        I: IntoIterator<Item = D>,
        D: Into<String>,
    {
        let domains = domains.into_iter().map(|d| SettingValue::text(d)).collect();
        self.settings.allowed_email_domains = SettingValue::List(domains);
        self
    }

    /// Where the routes go: `/` and segments of `A–Z a–z 0–9 - . _ ~` (one
    /// trailing `/` dropped; `"/"` for the site's root). Defaults to
    /// `"/chat-autologin"`.
    ///
    /// The router's routes are absolute: merge it into the site's top-level
    /// router. Under [`Router::nest`], the script tag's URL would miss the
    /// nesting path; write the tag with the full path instead.
    pub fn prefix(mut self, prefix: impl Into<String>) -> ChatAutologin {
        self.settings.path_prefix = SettingValue::text(prefix);
        self
    }

    /// Where the core's warnings go: one line when a signed-in user breaks a
    /// mint rule (it names the rule, never the user). Defaults to standard error.
    pub fn on_warning(mut self, warn: impl Fn(&str) + Send + Sync + 'static) -> ChatAutologin {
        self.warn = Arc::new(warn);
        self
    }

    fn site(&self) -> Result<Site, Error> {
        Site::new(self.settings.clone(), &SettingNames::RUST).map_err(Error::from)
    }

    /// The routes, `<prefix>/token` and `<prefix>/client.js`, to merge into the
    /// site's router (which may have any state `S`).
    ///
    /// `current_user` is called on each token request that passes the core's
    /// first checks, with the extractor `E` it takes, and returns the signed-in
    /// visitor or `None`; like an axum handler, it is cloned for each call. A
    /// rejection of `E` counts as `None`, except a server error (5xx), which is
    /// answered as is.
    ///
    /// Errors (the settings are judged here, once): `invalid_secret`,
    /// `invalid_ttl`, `invalid_option`.
    pub fn router<S, E, F, Fut>(&self, current_user: F) -> Result<Router<S>, Error>
    where
        S: Clone + Send + Sync + 'static,
        E: FromRequestParts<S> + Send + 'static,
        F: FnOnce(E) -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = Option<ChatUser>> + Send + 'static,
    {
        let site = Arc::new(self.site()?);
        let warn = self.warn.clone();
        let token_path = format!("{}{}", site.prefix(), web::TOKEN_PATH);
        let client_path = format!("{}{}", site.prefix(), web::CLIENT_JS_PATH);
        let token = any(move |State(state): State<S>, request: Request| {
            let future = token(site.clone(), warn.clone(), current_user, state, request);
            assert_send(future)
        });
        let client_js = any(|request: Request| async move {
            let if_none_match = request
                .headers()
                .get("if-none-match")
                .and_then(|value| value.to_str().ok());
            response(web::client_js(request.method().as_str(), if_none_match))
        });
        Ok(Router::new()
            .route(&token_path, token)
            .route(&client_path, client_js))
    }

    /// The companion's `<script>` tag, to place after the widget's own tags:
    /// `<script src="<prefix>/client.js?v=<version>" defer></script>`.
    ///
    /// `desk` becomes `data-desk` (required with several service desks, and one
    /// of them), `show` `data-show="true"`. For a CSP nonce, a longer retry or
    /// an anonymous visitor, see [`script_tag_with`](Self::script_tag_with).
    ///
    /// Errors: `invalid_option` for a missing or unknown desk; any error of the
    /// settings.
    pub fn script_tag(&self, desk: Option<&str>, show: bool) -> Result<String, Error> {
        self.script_tag_with(&ScriptOptions {
            desk,
            show,
            ..ScriptOptions::default()
        })
    }

    /// The companion's `<script>` tag with every option:
    ///
    /// ```
    /// use std::time::Duration;
    /// use chat_autologin_axum::{ChatAutologin, ScriptOptions};
    ///
    /// let chat = ChatAutologin::new("a-76-character-secret-from-the-service-desk-settings-page");
    /// let tag = chat.script_tag_with(&ScriptOptions {
    ///     nonce: Some("rAnd0m"),
    ///     retry_for: Some(Duration::from_secs(90)),
    ///     ..ScriptOptions::default()
    /// })?;
    /// assert!(tag.ends_with(r#" defer data-retry-for="90" nonce="rAnd0m"></script>"#));
    /// # Ok::<(), chat_autologin_axum::Error>(())
    /// ```
    ///
    /// Errors: those of [`script_tag`](Self::script_tag), and `invalid_option`
    /// for a `retry_for` that is not whole seconds from 1 to 600.
    pub fn script_tag_with(&self, options: &ScriptOptions<'_>) -> Result<String, Error> {
        let site = self.site()?;
        let src = format!("{}{}", site.prefix(), web::CLIENT_JS_PATH);
        site.script_tag(
            &src,
            &web::ScriptOptions {
                desk: options.desk,
                show: options.show,
                retry_for: options.retry_for.map(|d| Seconds::Number(d.as_secs_f64())),
                nonce: options.nonce,
                anonymous: options.anonymous,
            },
        )
    }

    /// The companion's URL, `<prefix>/client.js?v=<version>`, for a page that
    /// writes its own tag.
    ///
    /// Errors: any error of the settings.
    pub fn script_src(&self) -> Result<String, Error> {
        let site = self.site()?;
        Ok(format!(
            "{}{}?v={}",
            site.prefix(),
            web::CLIENT_JS_PATH,
            web::script_version()
        ))
    }
}

/// `<prefix>/token`: the core's first checks, the site's user lookup, the core's answer.
fn assert_send<T: Future + Send>(future: T) -> T {
    future
}

async fn token<S, E, F, Fut>(
    site: Arc<Site>,
    warn: Warn,
    current_user: F,
    state: S,
    request: Request,
) -> Response
where
    S: Send + Sync,
    E: FromRequestParts<S>,
    F: FnOnce(E) -> Fut,
    Fut: Future<Output = Option<ChatUser>>,
{
    let (mut parts, _body) = request.into_parts();
    let sec_fetch_site = parts
        .headers
        .get("sec-fetch-site")
        .and_then(|value| value.to_str().ok());
    let token_request = web::TokenRequest {
        method: parts.method.as_str(),
        query: parts.uri.query().unwrap_or("").as_bytes(),
        sec_fetch_site,
    };
    let pending = match site.token_request(&token_request) {
        Token::Answer(answer) => return response(answer),
        Token::LookUpUser(pending) => pending,
    };
    // A rejection means "not signed in", whatever it would answer elsewhere (a
    // redirect to the sign-in page); a server error stays one.
    let extracted = match E::from_request_parts(&mut parts, &state).await {
        Ok(extracted) => Some(extracted),
        Err(rejection) => {
            let mut response = rejection.into_response();
            if response.status().is_server_error() {
                response.headers_mut().insert(
                    HeaderName::from_static("cache-control"),
                    HeaderValue::from_static(web::TOKEN_CACHE_CONTROL),
                );
                return response;
            }
            None
        }
    };
    let user = match extracted {
        Some(extracted) => current_user(extracted).await,
        None => None,
    };
    let answer = site.token_answer(
        pending,
        user.as_ref().map(|user| SiteUser {
            email: Text::Valid(&user.email),
            display_name: Some(Text::Valid(&user.display_name)),
        }),
    );
    if let Some(line) = &answer.warning {
        warn(line);
    }
    response(answer)
}

/// The core's answer as an axum response.
fn response(answer: web::Answer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, answer.body.into_owned()).into_response();
    let headers = response.headers_mut();
    for &(name, value) in answer.headers.iter() {
        headers.insert(
            HeaderName::from_static(lowercase(name)),
            HeaderValue::from_static(value),
        );
    }
    response
}

/// The header names the core writes, in the lowercase `HeaderName` needs.
fn lowercase(name: &'static str) -> &'static str {
    match name {
        "Content-Type" => "content-type",
        "Cache-Control" => "cache-control",
        "X-Content-Type-Options" => "x-content-type-options",
        "Allow" => "allow",
        "ETag" => "etag",
        other => other,
    }
}

impl fmt::Debug for ChatAutologin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChatAutologin")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}
