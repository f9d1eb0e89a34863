//! The error of a setting that cannot work.

use chat_autologin::ErrorKind;

/// A setting of [`ChatAutologin`](crate::ChatAutologin) that cannot work, found
/// when the router (or a script tag) is built.
///
/// [`code`](Error::code) is one of the contract's codes: `invalid_secret` (a
/// secret the core refuses, no service desk, a desk without a name or named
/// twice), `invalid_ttl` (the core's rule) or `invalid_option` (an allowed
/// email domain, the URL prefix, the desk asked of a script tag). The message
/// says what to change; it never contains a secret.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
        }
    }

    pub(crate) fn option(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidOption, message)
    }

    /// What was wrong, as the core's kind.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The contract's code, such as `"invalid_secret"`.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The human-readable message (the same text as `Display`).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl From<chat_autologin::Error> for Error {
    fn from(error: chat_autologin::Error) -> Error {
        Error::new(error.kind(), error.message())
    }
}
