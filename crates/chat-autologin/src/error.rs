//! The one error type, and the contract's error codes.

use std::fmt;

/// What went wrong, as one of the contract's error codes.
///
/// Every language binding reports the same [`code`](ErrorKind::code) string, so a
/// caller can match on it whatever language it is written in.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The email does not follow the input rules (`invalid_email`).
    InvalidEmail,
    /// The display name does not follow the input rules (`invalid_display_name`).
    InvalidDisplayName,
    /// The time to live is not a whole number of seconds in 1..=86 400 (`invalid_ttl`).
    InvalidTtl,
    /// The secret is shorter than 32 bytes or all whitespace (`invalid_secret`).
    InvalidSecret,
    /// An option (`now`, `leeway`, `max_lifetime`, the list of secrets) is out of range (`invalid_option`).
    InvalidOption,
    /// The token is longer than 8 192 bytes (`token_too_large`).
    TokenTooLarge,
    /// The token is not three strict base64url segments of JSON objects (`malformed_token`).
    MalformedToken,
    /// The header does not say `alg: HS256` (and `typ: JWT`, if present) (`unsupported_algorithm`).
    UnsupportedAlgorithm,
    /// The signature does not match any of the secrets (`bad_signature`).
    BadSignature,
    /// A claim is missing or has the wrong type (`invalid_claims`).
    InvalidClaims,
    /// The token's `exp` has passed, even allowing for the leeway (`token_expired`).
    TokenExpired,
    /// The token's `iat` is in the future, even allowing for the leeway (`token_not_yet_valid`).
    TokenNotYetValid,
    /// `exp - iat` is longer than the maximum lifetime, or not positive (`lifetime_too_long`).
    LifetimeTooLong,
}

impl ErrorKind {
    /// Every kind, in the contract's order.
    pub const ALL: [ErrorKind; 13] = [
        ErrorKind::InvalidEmail,
        ErrorKind::InvalidDisplayName,
        ErrorKind::InvalidTtl,
        ErrorKind::InvalidSecret,
        ErrorKind::InvalidOption,
        ErrorKind::TokenTooLarge,
        ErrorKind::MalformedToken,
        ErrorKind::UnsupportedAlgorithm,
        ErrorKind::BadSignature,
        ErrorKind::InvalidClaims,
        ErrorKind::TokenExpired,
        ErrorKind::TokenNotYetValid,
        ErrorKind::LifetimeTooLong,
    ];

    /// The contract's code for this kind, such as `"token_expired"`.
    pub const fn code(self) -> &'static str {
        match self {
            ErrorKind::InvalidEmail => "invalid_email",
            ErrorKind::InvalidDisplayName => "invalid_display_name",
            ErrorKind::InvalidTtl => "invalid_ttl",
            ErrorKind::InvalidSecret => "invalid_secret",
            ErrorKind::InvalidOption => "invalid_option",
            ErrorKind::TokenTooLarge => "token_too_large",
            ErrorKind::MalformedToken => "malformed_token",
            ErrorKind::UnsupportedAlgorithm => "unsupported_algorithm",
            ErrorKind::BadSignature => "bad_signature",
            ErrorKind::InvalidClaims => "invalid_claims",
            ErrorKind::TokenExpired => "token_expired",
            ErrorKind::TokenNotYetValid => "token_not_yet_valid",
            ErrorKind::LifetimeTooLong => "lifetime_too_long",
        }
    }

    /// The kind for a contract code, or `None` for a string that is not one.
    pub fn from_code(code: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.into_iter().find(|kind| kind.code() == code)
    }

    /// `true` for the codes that describe bad arguments to mint or to a constructor
    /// (`invalid_*`), `false` for the codes that describe a rejected token.
    pub const fn is_input_error(self) -> bool {
        matches!(
            self,
            ErrorKind::InvalidEmail
                | ErrorKind::InvalidDisplayName
                | ErrorKind::InvalidTtl
                | ErrorKind::InvalidSecret
                | ErrorKind::InvalidOption
        )
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An error from minting, verifying or inspecting a token.
///
/// The message says what was wrong and what to do about it. It never contains a
/// secret, and never more than a short prefix of a token.
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

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The contract's code, such as `"bad_signature"`.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The human-readable message (the same text as `Display`).
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
