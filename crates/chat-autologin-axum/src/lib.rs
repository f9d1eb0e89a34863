//! [axum] integration of [`chat_autologin`]: the token endpoint and the browser
//! companion that log a site's signed-in visitors into the *Chat for Jira
//! Service Management* widget.
//!
//! [`ChatAutologin`] is built from the service desk project's secret key and
//! makes a [`Router`] to merge into the site's own, with two routes under the
//! prefix (default `/chat-autologin`):
//!
//! - `GET <prefix>/token` mints a token for the signed-in visitor:
//!   200 `{"token": "…", "expiresAt": <the token's exp, Unix seconds>}`,
//!   401 `{"error":"not_authenticated"}` for a visitor who is not signed in,
//!   403 `{"error":"email_domain_not_allowed"}` for an email outside
//!   [`allowed_email_domains`](ChatAutologin::allowed_email_domains), and 403
//!   `invalid_email` / `invalid_display_name` for a user the chat cannot take.
//!   With several service desks ([`ChatAutologin::with_desks`]) the request
//!   names one with `?desk=<name>`: 400 `desk_required` without it, 404
//!   `unknown_desk` for a name not configured. Every answer is JSON with
//!   `Cache-Control: no-store`; other methods than GET and HEAD get a JSON 405.
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
//! judges them and returns an [`Error`] with the contract's code: a missing or
//! invalid secret (`invalid_secret`, the core's rule: at least 32 bytes, used
//! as typed), a lifetime outside 1 to 86 400 whole seconds (`invalid_ttl`), an
//! allowed domain or a prefix that cannot work (`invalid_option`).
#![deny(missing_docs)]

mod companion;
mod endpoint;
mod error;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{FromRequestParts, Request, State};
use axum::routing::get;
use axum::Router;
use chat_autologin::{ErrorKind, Issuer};
use zeroize::Zeroizing;

use endpoint::{Endpoint, Issuers};
pub use error::Error;

/// Where the routes are unless [`ChatAutologin::prefix`] says otherwise.
pub const DEFAULT_PREFIX: &str = "/chat-autologin";

/// The lifetime of each token unless [`ChatAutologin::ttl`] says otherwise.
pub const DEFAULT_TTL: Duration =
    Duration::from_secs(chat_autologin::rules::DEFAULT_TTL_SECS as u64);

/// The signed-in visitor, as the chat will know them.
///
/// The email and the display name go into the token as given; the core's rules
/// apply (the token endpoint answers 403 `invalid_email` or
/// `invalid_display_name` for a user who breaks them).
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
    /// several desks).
    pub desk: Option<&'a str>,
    /// `data-show="true"`: open the widget once the visitor is logged in.
    pub show: bool,
    /// `nonce`: the page's Content-Security-Policy nonce.
    pub nonce: Option<&'a str>,
    /// `data-retry-for`: how long to keep retrying a failed login, in seconds
    /// (the companion's default is 60; a user the chat has just created can
    /// take up to a minute).
    pub retry_for: Option<Duration>,
}

#[derive(Clone)]
enum Secrets {
    Single(Zeroizing<Vec<u8>>),
    Desks(Vec<(String, Zeroizing<Vec<u8>>)>),
}

/// The settings of the integration, builder style; [`router`](Self::router)
/// makes the routes.
///
/// Cloning is cheap enough to do at start-up. `Debug` never shows a secret, and
/// the copies of the secrets it holds are zeroized when it is dropped.
#[derive(Clone)]
pub struct ChatAutologin {
    secrets: Secrets,
    ttl: Duration,
    domains: Option<Vec<String>>,
    prefix: String,
}

impl ChatAutologin {
    /// One service desk project and its secret key, used as its raw bytes (the
    /// 76 characters shown by Chat for JSM, exactly as typed). The secret is
    /// judged when the router is built.
    pub fn new(secret: impl AsRef<[u8]>) -> ChatAutologin {
        ChatAutologin::from_secrets(Secrets::Single(Zeroizing::new(secret.as_ref().to_vec())))
    }

    /// Several service desk projects, each with a name and its secret key: the
    /// page's companion then asks for one with `data-desk` (see
    /// [`script_tag`](Self::script_tag)), and the token endpoint with `?desk=`.
    ///
    /// The router refuses (`invalid_secret`) an empty list, an empty name, a
    /// name given twice, and any secret the core refuses.
    pub fn with_desks<I, N, K>(desks: I) -> ChatAutologin
    where
        I: IntoIterator<Item = (N, K)>,
        N: Into<String>,
        K: AsRef<[u8]>,
    {
        let desks = desks
            .into_iter()
            .map(|(name, secret)| (name.into(), Zeroizing::new(secret.as_ref().to_vec())))
            .collect();
        ChatAutologin::from_secrets(Secrets::Desks(desks))
    }

    fn from_secrets(secrets: Secrets) -> ChatAutologin {
        ChatAutologin {
            secrets,
            ttl: DEFAULT_TTL,
            domains: None,
            prefix: DEFAULT_PREFIX.to_owned(),
        }
    }

    /// The lifetime of each token: whole seconds, 1 to 86 400 (default 300).
    /// The companion fetches a fresh token for every login, so a few minutes is
    /// plenty.
    pub fn ttl(mut self, ttl: Duration) -> ChatAutologin {
        self.ttl = ttl;
        self
    }

    /// Mints tokens only for emails in these domains, such as `["example.com"]`
    /// (compared with the part after the email's last `@`, ignoring case; a
    /// leading `@` is allowed). Others get 403 `email_domain_not_allowed`.
    /// By default every domain is allowed; an empty list is refused
    /// (`invalid_option`), since nobody could log in.
    pub fn allowed_email_domains<I, D>(mut self, domains: I) -> ChatAutologin
    where
        I: IntoIterator<Item = D>,
        D: Into<String>,
    {
        self.domains = Some(domains.into_iter().map(Into::into).collect());
        self
    }

    /// Where the routes go, such as `"/chat-autologin"` (the default) or `""`
    /// for the site's root. It starts with `/`; a trailing `/` is dropped.
    ///
    /// The router's routes are absolute: merge it into the site's top-level
    /// router. Under [`Router::nest`], the script tag's URL would miss the
    /// nesting path; write the tag with the full path instead.
    pub fn prefix(mut self, prefix: impl Into<String>) -> ChatAutologin {
        self.prefix = prefix.into();
        self
    }

    /// The routes, `GET <prefix>/token` and `GET <prefix>/client.js`, to merge
    /// into the site's router (which may have any state `S`).
    ///
    /// `current_user` is called on each token request with the extractor `E`
    /// it takes, and returns the signed-in visitor or `None`; like an axum
    /// handler, it is cloned for each call. A rejection of `E` counts as `None`,
    /// except a server error (5xx), which is answered as is.
    ///
    /// Errors (the settings are judged here, once): `invalid_secret`,
    /// `invalid_ttl`, `invalid_option`; see [`Error`].
    pub fn router<S, E, F, Fut>(&self, current_user: F) -> Result<Router<S>, Error>
    where
        S: Clone + Send + Sync + 'static,
        E: FromRequestParts<S> + Send + 'static,
        F: FnOnce(E) -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = Option<ChatUser>> + Send + 'static,
    {
        let endpoint = Arc::new(Endpoint {
            issuers: self.issuers()?,
            domains: self.domains()?,
        });
        let prefix = self.checked_prefix()?;
        let token = get(move |State(state): State<S>, request: Request| async move {
            endpoint.answer(current_user, &state, request).await
        })
        .fallback(endpoint::method_not_allowed);
        Ok(Router::new()
            .route(&format!("{prefix}/token"), token)
            .route(&format!("{prefix}/client.js"), get(companion::client_js)))
    }

    /// The companion's `<script>` tag, to place after the widget's own tags:
    /// `<script src="<prefix>/client.js?v=<version>" defer></script>`.
    ///
    /// `desk` becomes `data-desk` (required with several service desks, and one
    /// of them), `show` `data-show="true"` (open the widget once logged in).
    /// Values are HTML-escaped: the tag can go into a page as it is. The `?v=`
    /// changes with the script, so browsers fetch a new version at once. For a
    /// CSP nonce or a longer retry, see [`script_tag_with`](Self::script_tag_with).
    ///
    /// Errors: `invalid_option` for a missing or unknown desk, or an invalid
    /// [`prefix`](Self::prefix).
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
    /// for a zero `retry_for`.
    pub fn script_tag_with(&self, options: &ScriptOptions<'_>) -> Result<String, Error> {
        if let Secrets::Desks(desks) = &self.secrets {
            let names = || {
                desks
                    .iter()
                    .map(|(name, _)| format!("{name:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            match options.desk {
                None => {
                    return Err(Error::option(format!(
                        "several service desks are configured ({}): pass the desk this page's \
                         widget belongs to",
                        names()
                    )))
                }
                Some(desk) if !desks.iter().any(|(name, _)| name == desk) => {
                    return Err(Error::option(format!(
                        "unknown service desk {desk:?}: the configured ones are {}",
                        names()
                    )))
                }
                Some(_) => {}
            }
        }
        if options.retry_for == Some(Duration::ZERO) {
            return Err(Error::option(
                "retry_for must be a positive duration (the companion's default is 60 seconds)",
            ));
        }
        Ok(companion::script_tag(&self.script_src()?, options))
    }

    /// The companion's URL, `<prefix>/client.js?v=<version>`, for a page that
    /// writes its own tag (with a CSP nonce, say).
    ///
    /// Errors: `invalid_option` for an invalid [`prefix`](Self::prefix).
    pub fn script_src(&self) -> Result<String, Error> {
        Ok(companion::script_src(&self.checked_prefix()?))
    }

    fn issuers(&self) -> Result<Issuers, Error> {
        match &self.secrets {
            Secrets::Single(secret) => Ok(Issuers::Single(Issuer::new(secret, self.ttl)?)),
            Secrets::Desks(desks) => {
                if desks.is_empty() {
                    return Err(Error::new(
                        ErrorKind::InvalidSecret,
                        "no service desk was given: pass at least one (name, secret key) pair",
                    ));
                }
                let mut issuers = HashMap::with_capacity(desks.len());
                for (name, secret) in desks {
                    if name.is_empty() {
                        return Err(Error::new(
                            ErrorKind::InvalidSecret,
                            "a service desk has an empty name: name each one as the page's \
                             companion asks for it (data-desk)",
                        ));
                    }
                    let issuer = Issuer::new(secret, self.ttl).map_err(|e| {
                        if e.kind() == ErrorKind::InvalidSecret {
                            Error::new(e.kind(), format!("service desk {name:?}: {}", e.message()))
                        } else {
                            e.into()
                        }
                    })?;
                    if issuers.insert(name.clone(), issuer).is_some() {
                        return Err(Error::new(
                            ErrorKind::InvalidSecret,
                            format!("the service desk {name:?} is given twice: give each once"),
                        ));
                    }
                }
                Ok(Issuers::Desks(issuers))
            }
        }
    }

    fn domains(&self) -> Result<Option<HashSet<String>>, Error> {
        let Some(domains) = &self.domains else {
            return Ok(None);
        };
        if domains.is_empty() {
            return Err(Error::option(
                "the list of allowed email domains is empty, so nobody could log in; \
                 leave it unset to allow every domain",
            ));
        }
        domains
            .iter()
            .map(|given| {
                let domain = given.strip_prefix('@').unwrap_or(given).to_lowercase();
                let bad = domain.is_empty()
                    || domain
                        .chars()
                        .any(|c| c == '@' || c.is_whitespace() || c.is_control());
                if bad {
                    Err(Error::option(format!(
                        "{given:?} is not an email domain such as \"example.com\""
                    )))
                } else {
                    Ok(domain)
                }
            })
            .collect::<Result<HashSet<_>, _>>()
            .map(Some)
    }

    /// The prefix without its trailing `/`, `""` for the root.
    fn checked_prefix(&self) -> Result<String, Error> {
        let given = self.prefix.as_str();
        let prefix = given.trim_end_matches('/');
        let refuse = |why: &str| {
            Err(Error::option(format!(
                "the prefix {given:?} {why}; use a path such as {DEFAULT_PREFIX:?}"
            )))
        };
        if prefix.is_empty() {
            return if given.is_empty() || given.starts_with('/') {
                Ok(String::new())
            } else {
                refuse("must start with '/'")
            };
        }
        if !prefix.starts_with('/') {
            return refuse("must start with '/'");
        }
        if prefix[1..].split('/').any(str::is_empty) {
            return refuse("has an empty segment ('//')");
        }
        let bad = |c: char| c.is_whitespace() || c.is_control() || "?#{}\"'<>\\".contains(c);
        if prefix.chars().any(bad) {
            return refuse("may not contain spaces, control characters or any of ?#{}\"'<>\\");
        }
        Ok(prefix.to_owned())
    }
}

impl fmt::Debug for ChatAutologin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("ChatAutologin");
        match &self.secrets {
            Secrets::Single(_) => debug.field("secret", &"<redacted>"),
            Secrets::Desks(desks) => debug.field(
                "desks",
                &desks.iter().map(|(name, _)| name).collect::<Vec<_>>(),
            ),
        };
        debug
            .field("ttl", &self.ttl)
            .field("allowed_email_domains", &self.domains)
            .field("prefix", &self.prefix)
            .finish()
    }
}
