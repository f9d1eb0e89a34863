//! The site's settings, judged once at start-up.

use std::fmt;
use std::time::Duration;

use zeroize::Zeroizing;

use super::{quoted, DEFAULT_PREFIX, DEFAULT_TTL_SECS};
use crate::error::{Error, ErrorKind};
use crate::issuer::Issuer;
use crate::rules::{self, Seconds};

/// A setting's value as the site's configuration holds it, dynamically typed:
/// each integration turns its language's value into one of these and the core
/// judges it, so that every framework refuses the same values with the same
/// code and message.
///
/// Text and bytes may hold a secret: they are wiped when dropped, and `Debug`
/// shows only their type and length.
#[derive(Clone)]
pub enum SettingValue {
    /// Not set (`None`, `undefined`, `null`, a missing key).
    Unset,
    /// A string.
    Text(Zeroizing<String>),
    /// A string that is not Unicode text (it holds a lone UTF-16 surrogate).
    NotText,
    /// Bytes (`bytes`, a `Buffer`, a `Uint8Array`, `&[u8]`).
    Bytes(Zeroizing<Vec<u8>>),
    /// A number (a Python `timedelta` or a Rust `Duration` as its seconds).
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// A list, tuple, set or array.
    List(Vec<SettingValue>),
    /// A mapping (a dict, an object, a `Map`), its entries in order.
    Map(Vec<(SettingValue, SettingValue)>),
    /// Any other type, by the name its language gives it.
    Other(String),
}

impl SettingValue {
    /// A string setting.
    pub fn text(text: impl Into<String>) -> SettingValue {
        SettingValue::Text(Zeroizing::new(text.into()))
    }

    /// A bytes setting.
    pub fn bytes(bytes: impl Into<Vec<u8>>) -> SettingValue {
        SettingValue::Bytes(Zeroizing::new(bytes.into()))
    }

    /// What the value is, for a message: its type, never its content.
    fn kind(&self) -> String {
        match self {
            SettingValue::Unset => "unset".to_owned(),
            SettingValue::Text(_) => "a string".to_owned(),
            SettingValue::NotText => "a string that is not text (a lone surrogate)".to_owned(),
            SettingValue::Bytes(_) => "bytes".to_owned(),
            SettingValue::Number(_) => "a number".to_owned(),
            SettingValue::Bool(_) => "a boolean".to_owned(),
            SettingValue::List(_) => "a list".to_owned(),
            SettingValue::Map(_) => "a mapping".to_owned(),
            SettingValue::Other(name) => format!("a value of type {}", quoted(name)),
        }
    }

    fn is_set(&self) -> bool {
        !matches!(self, SettingValue::Unset)
    }
}

impl From<&str> for SettingValue {
    fn from(text: &str) -> SettingValue {
        SettingValue::text(text)
    }
}

impl From<Duration> for SettingValue {
    fn from(duration: Duration) -> SettingValue {
        SettingValue::Number(duration.as_secs_f64())
    }
}

impl fmt::Debug for SettingValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingValue::Text(text) => write!(f, "Text(<{} bytes>)", text.len()),
            SettingValue::Bytes(bytes) => write!(f, "Bytes(<{} bytes>)", bytes.len()),
            SettingValue::Number(n) => write!(f, "Number({n})"),
            SettingValue::Bool(b) => write!(f, "Bool({b})"),
            SettingValue::List(items) => f.debug_tuple("List").field(items).finish(),
            SettingValue::Map(entries) => f.debug_tuple("Map").field(entries).finish(),
            other => f.write_str(&other.kind()),
        }
    }
}

/// The settings of a site, as given; [`Site::new`] judges them.
#[derive(Clone, Debug)]
pub struct SiteSettings {
    /// One service desk's secret key. Exactly one of `secret` and `secrets` is set.
    pub secret: SettingValue,
    /// Instead: a mapping of service desk name to secret key. Names are 1 to 64
    /// of `A–Z a–z 0–9 . _ -`.
    pub secrets: SettingValue,
    /// The lifetime of each token, whole seconds from 1 to 86 400. Defaults to `300`.
    pub ttl: SettingValue,
    /// The email domains allowed a token, a non-empty list of ASCII domains
    /// (IDNs in their `xn--` form; one leading `@` is dropped). Defaults to
    /// every domain.
    pub allowed_email_domains: SettingValue,
    /// Where the routes are: `/` and segments of `A–Z a–z 0–9 - . _ ~`, one
    /// trailing `/` dropped, `/` alone for the site's root. Defaults to
    /// `/chat-autologin`.
    pub path_prefix: SettingValue,
}

impl Default for SiteSettings {
    fn default() -> SiteSettings {
        SiteSettings {
            secret: SettingValue::Unset,
            secrets: SettingValue::Unset,
            ttl: SettingValue::Unset,
            allowed_email_domains: SettingValue::Unset,
            path_prefix: SettingValue::Unset,
        }
    }
}

/// One of the settings, for an integration that reports errors its own way.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Setting {
    /// The single secret.
    Secret,
    /// The mapping of service desk name to secret.
    Secrets,
    /// The token lifetime.
    Ttl,
    /// The allowed email domains.
    AllowedEmailDomains,
    /// The path prefix of the routes.
    PathPrefix,
}

/// How a framework spells each setting, for the messages.
#[derive(Clone, Copy, Debug)]
pub struct SettingNames<'a> {
    /// The single secret, such as `CHAT_AUTOLOGIN_SECRET`.
    pub secret: &'a str,
    /// The secrets of several desks, such as `CHAT_AUTOLOGIN_SECRETS`.
    pub secrets: &'a str,
    /// The token lifetime.
    pub ttl: &'a str,
    /// The allowed email domains.
    pub allowed_email_domains: &'a str,
    /// The path prefix.
    pub path_prefix: &'a str,
}

impl SettingNames<'static> {
    /// The names of the Rust API (`chat-autologin-axum`'s builder methods).
    pub const RUST: SettingNames<'static> = SettingNames {
        secret: "secret",
        secrets: "secrets",
        ttl: "ttl",
        allowed_email_domains: "allowed_email_domains",
        path_prefix: "prefix",
    };
}

impl SettingNames<'_> {
    fn of(&self, setting: Setting) -> &str {
        match setting {
            Setting::Secret => self.secret,
            Setting::Secrets => self.secrets,
            Setting::Ttl => self.ttl,
            Setting::AllowedEmailDomains => self.allowed_email_domains,
            Setting::PathPrefix => self.path_prefix,
        }
    }
}

/// A setting that cannot work. The message names the setting as the framework
/// spells it and says what to change; it never contains a secret, and quotes no
/// string of 32 characters or more (it may be a secret put in the wrong place).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingError {
    setting: Setting,
    error: Error,
}

impl SettingError {
    fn new(
        names: &SettingNames<'_>,
        setting: Setting,
        kind: ErrorKind,
        message: impl fmt::Display,
    ) -> SettingError {
        SettingError {
            setting,
            error: Error::new(kind, format!("{}: {message}", names.of(setting))),
        }
    }

    /// The setting at fault.
    pub fn setting(&self) -> Setting {
        self.setting
    }

    /// The contract's code: `invalid_secret`, `invalid_ttl` or `invalid_option`.
    pub fn code(&self) -> &'static str {
        self.error.code()
    }

    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.error.kind()
    }

    /// The message, which begins with the setting's name.
    pub fn message(&self) -> &str {
        self.error.message()
    }

    /// The core error it is.
    pub fn into_error(self) -> Error {
        self.error
    }
}

impl fmt::Display for SettingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.error.message())
    }
}

impl std::error::Error for SettingError {}

impl From<SettingError> for Error {
    fn from(error: SettingError) -> Error {
        error.error
    }
}

/// The longest service desk name.
const MAX_DESK_NAME: usize = 64;

/// The issuers: one unnamed desk, or several named ones in the order given.
#[derive(Clone)]
pub(super) enum Desks {
    Single(Issuer),
    Named(Vec<(String, Issuer)>),
}

/// A site's settings, judged: an issuer per service desk, the allowed email
/// domains and the path prefix. Cheap to share between threads; `Debug` never
/// shows a secret.
#[derive(Clone)]
pub struct Site {
    pub(super) desks: Desks,
    /// Lowercase ASCII domains, or `None` for every domain.
    pub(super) domains: Option<Vec<String>>,
    prefix: String,
    ttl: u32,
}

impl Site {
    /// Judges the settings. Errors, each naming its setting: `invalid_secret`
    /// (a secret missing, of another type than text or bytes, or refused by the
    /// mint rule), `invalid_option` (both `secret` and `secrets`; a desk name, an
    /// empty or non-mapping `secrets`; an allowed domain; the path prefix) and
    /// `invalid_ttl`.
    pub fn new(settings: SiteSettings, names: &SettingNames<'_>) -> Result<Site, SettingError> {
        let fail =
            |setting, kind, message: String| Err(SettingError::new(names, setting, kind, message));
        // The secrets are judged before the lifetime (with the default one if
        // it is wrong), so that an error is never blamed on the wrong setting.
        let ttl = match &settings.ttl {
            SettingValue::Unset => Ok(DEFAULT_TTL_SECS),
            SettingValue::Number(n) => ttl(names, Seconds::Number(*n)),
            SettingValue::Bool(b) => ttl(names, Seconds::Bool(*b)),
            other => Err(SettingError::new(
                names,
                Setting::Ttl,
                ErrorKind::InvalidTtl,
                format!(
                    "must be a whole number of seconds from {} to {}, not {}",
                    rules::MIN_TTL_SECS,
                    rules::MAX_TTL_SECS,
                    other.kind()
                ),
            )),
        };
        let judged_ttl = ttl.clone().unwrap_or(DEFAULT_TTL_SECS);
        let desks = match (&settings.secret, &settings.secrets) {
            (secret, secrets) if secret.is_set() && secrets.is_set() => {
                return fail(
                    Setting::Secrets,
                    ErrorKind::InvalidOption,
                    format!(
                        "set {} (one service desk) or {} (several), not both",
                        names.secret, names.secrets
                    ),
                )
            }
            (SettingValue::Unset, SettingValue::Unset) => {
                return fail(
                    Setting::Secret,
                    ErrorKind::InvalidSecret,
                    format!(
                        "not set: set it to the service desk project's secret key (is its \
                         environment variable set?), or set {} to a mapping of service desk \
                         name to secret key",
                        names.secrets
                    ),
                )
            }
            (secret, SettingValue::Unset) => {
                Desks::Single(issuer(names, Setting::Secret, "", secret, judged_ttl)?)
            }
            (_, secrets) => Desks::Named(named_desks(names, secrets, judged_ttl)?),
        };
        let ttl = ttl?;
        Ok(Site {
            desks,
            domains: domains(names, &settings.allowed_email_domains)?,
            prefix: prefix(names, &settings.path_prefix)?,
            ttl,
        })
    }

    /// The path prefix, without a trailing `/` (`""` for the site's root).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The lifetime of each token, in seconds.
    pub fn ttl(&self) -> u32 {
        self.ttl
    }

    /// The service desk names, in the order given (none with a single secret).
    pub fn desks(&self) -> impl Iterator<Item = &str> {
        let named: &[(String, Issuer)] = match &self.desks {
            Desks::Single(_) => &[],
            Desks::Named(desks) => desks,
        };
        named.iter().map(|(name, _)| name.as_str())
    }

    /// The allowed email domains, lowercase, or `None` for every domain.
    pub fn allowed_email_domains(&self) -> Option<&[String]> {
        self.domains.as_deref()
    }

    /// The desk names for a message, each quoted only when short.
    pub(super) fn desk_list(&self) -> String {
        self.desks().map(quoted).collect::<Vec<_>>().join(", ")
    }
}

impl fmt::Debug for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Site");
        match &self.desks {
            Desks::Single(_) => debug.field("secret", &"<redacted>"),
            Desks::Named(_) => debug.field("desks", &self.desk_list()),
        };
        debug
            .field("ttl", &self.ttl)
            .field("allowed_email_domains", &self.domains)
            .field("prefix", &self.prefix)
            .finish()
    }
}

fn ttl(names: &SettingNames<'_>, value: Seconds) -> Result<u32, SettingError> {
    rules::ttl(value).map_err(|e| {
        // The setting's own name leads the message: not "ttl: ttl must be".
        let message = e.message().strip_prefix("ttl ").unwrap_or(e.message());
        SettingError::new(names, Setting::Ttl, e.kind(), message)
    })
}

/// The issuer of one secret. `desk` names the desk in the message (`""` for
/// the single secret).
fn issuer(
    names: &SettingNames<'_>,
    setting: Setting,
    desk: &str,
    value: &SettingValue,
    ttl: u32,
) -> Result<Issuer, SettingError> {
    let whose = if desk.is_empty() {
        String::new()
    } else {
        format!("the secret of service desk {}: ", quoted(desk))
    };
    let bytes: &[u8] = match value {
        SettingValue::Text(text) => text.as_bytes(),
        SettingValue::Bytes(bytes) => bytes,
        SettingValue::NotText => {
            return Err(SettingError::new(
                names,
                setting,
                ErrorKind::InvalidSecret,
                format!(
                    "{whose}is a string that is not text (it holds a lone surrogate); pass the \
                     key exactly as shown in Chat for JSM"
                ),
            ))
        }
        other => {
            return Err(SettingError::new(
                names,
                setting,
                ErrorKind::InvalidSecret,
                format!(
                    "{whose}must be the service desk project's secret key, a string or bytes, \
                     not {}",
                    other.kind()
                ),
            ))
        }
    };
    Issuer::with_ttl_seconds(bytes, Seconds::from(ttl))
        .map_err(|e| SettingError::new(names, setting, e.kind(), format!("{whose}{}", e.message())))
}

fn named_desks(
    names: &SettingNames<'_>,
    secrets: &SettingValue,
    ttl: u32,
) -> Result<Vec<(String, Issuer)>, SettingError> {
    let option = |message: String| {
        SettingError::new(names, Setting::Secrets, ErrorKind::InvalidOption, message)
    };
    let SettingValue::Map(entries) = secrets else {
        return Err(option(format!(
            "must be a mapping of service desk name to secret key, such as \
             {{\"support\": <secret key>}}, not {}",
            secrets.kind()
        )));
    };
    if entries.is_empty() {
        return Err(option(
            "is empty: give at least one service desk name and its secret key".to_owned(),
        ));
    }
    let mut desks: Vec<(String, Issuer)> = Vec::with_capacity(entries.len());
    for (name, secret) in entries {
        let SettingValue::Text(name) = name else {
            return Err(option(format!(
                "a service desk name must be a string, not {}",
                name.kind()
            )));
        };
        let name = name.as_str();
        let good = (1..=MAX_DESK_NAME).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        if !good {
            return Err(option(format!(
                "a service desk name must be 1 to {MAX_DESK_NAME} of the characters \
                 A-Z a-z 0-9 . _ -, not {}",
                quoted(name)
            )));
        }
        if desks.iter().any(|(known, _)| known == name) {
            return Err(option(format!(
                "the service desk {} is given twice: give each once",
                quoted(name)
            )));
        }
        let issuer = issuer(names, Setting::Secrets, name, secret, ttl)?;
        desks.push((name.to_owned(), issuer));
    }
    Ok(desks)
}

fn domains(
    names: &SettingNames<'_>,
    value: &SettingValue,
) -> Result<Option<Vec<String>>, SettingError> {
    let option = |message: String| {
        SettingError::new(
            names,
            Setting::AllowedEmailDomains,
            ErrorKind::InvalidOption,
            message,
        )
    };
    let items = match value {
        SettingValue::Unset => return Ok(None),
        SettingValue::List(items) => items,
        other => {
            return Err(option(format!(
                "must be a list of email domains, such as [\"example.com\"], not {}",
                other.kind()
            )))
        }
    };
    if items.is_empty() {
        return Err(option(
            "is empty, so nobody could log in; leave it unset to allow every email domain"
                .to_owned(),
        ));
    }
    let mut domains = Vec::with_capacity(items.len());
    for item in items {
        let SettingValue::Text(given) = item else {
            return Err(option(format!(
                "an email domain must be a string, not {}",
                item.kind()
            )));
        };
        let domain = given.strip_prefix('@').unwrap_or(given);
        // Labels of letters, digits, '-' and '_' (at most 63), separated by
        // single dots, 253 in all (RFC 1035): an IDN in its ASCII (xn--) form,
        // compared byte for byte.
        let good = !domain.is_empty()
            && domain.len() <= 253
            && domain.split('.').all(|label| {
                (1..=63).contains(&label.len())
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
            });
        if !good {
            return Err(option(format!(
                "{} is not an email domain such as \"example.com\" (ASCII letters, digits, '-' \
                 and dots; write an internationalized domain in its xn-- form)",
                quoted(given)
            )));
        }
        let domain = domain.to_ascii_lowercase();
        if !domains.contains(&domain) {
            domains.push(domain);
        }
    }
    Ok(Some(domains))
}

fn prefix(names: &SettingNames<'_>, value: &SettingValue) -> Result<String, SettingError> {
    let option = |message: String| {
        SettingError::new(
            names,
            Setting::PathPrefix,
            ErrorKind::InvalidOption,
            message,
        )
    };
    let given = match value {
        SettingValue::Unset => return Ok(DEFAULT_PREFIX.to_owned()),
        SettingValue::Text(text) => text.as_str(),
        other => {
            return Err(option(format!(
                "must be a path such as {DEFAULT_PREFIX:?}, not {}",
                other.kind()
            )))
        }
    };
    let prefix = given.strip_suffix('/').unwrap_or(given);
    // Plain segments only: no character that a browser would percent-encode or
    // that means something to a framework's route patterns.
    let good = given.starts_with('/')
        && (prefix.is_empty()
            || prefix[1..].split('/').all(|segment| {
                !segment.is_empty()
                    && segment != "."
                    && segment != ".."
                    && segment.bytes().all(|b| {
                        b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
                    })
            }));
    if !good {
        return Err(option(format!(
            "{} is not a path such as {DEFAULT_PREFIX:?}: it starts with '/', and its segments \
             hold only letters, digits and - . _ ~ (use \"/\" for the site's root)",
            quoted(given)
        )));
    }
    Ok(prefix.to_owned())
}
