//! The verified claims.

use serde::{Deserialize, Serialize};

/// The claims of a verified chat token.
///
/// `iat` and `exp` are kept as numbers with their fractions: the vendor's own
/// example mints `Date.now() / 1000`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChatClaims {
    /// The visitor's email, as the chat will see it.
    pub email: String,
    /// The visitor's name, as the chat will show it.
    #[serde(rename = "displayName")]
    pub display_name: String,
    /// Issued at, in seconds since the Unix epoch.
    pub iat: f64,
    /// Expires at, in seconds since the Unix epoch.
    pub exp: f64,
}
