//! Mint and verify the tokens that log a website's signed-in visitors into the
//! *Chat for Jira Service Management* widget ("auto-login on website").
//!
//! A token is a compact HS256 JWT, `{"alg":"HS256","typ":"JWT"}` over
//! `{"email","displayName","iat","exp"}`, signed with the service desk project's
//! secret key used as its raw bytes. The site's back end mints one per login and
//! the browser hands it to `chatWidget.loginWithToken(token)`.
//!
//! ```
//! use std::time::Duration;
//! use chat_autologin::{mint_chat_token, verify_chat_token};
//!
//! let secret = std::env::var("CHAT_AUTOLOGIN_SECRET")
//!     .unwrap_or_else(|_| "a-76-character-secret-from-the-service-desk-settings-page".into());
//! let token = mint_chat_token("ada@example.com", "Ada Lovelace", Duration::from_secs(300), &secret)?;
//! let claims = verify_chat_token(&token, &secret)?;
//! assert_eq!(claims.email, "ada@example.com");
//! # Ok::<(), chat_autologin::Error>(())
//! ```
//!
//! For many tokens, prepare the key once with an [`Issuer`] or a [`Verifier`].
//! Every rule, default and limit is the contract's, shared by the Python and
//! Node packages built on this crate; failures carry the contract's
//! [error codes](ErrorKind::code).
#![deny(missing_docs)]

mod claims;
mod diagnose;
mod error;
/// Times and spans written for people, shared with the CLI (not a stable API).
#[doc(hidden)]
pub mod human;
mod inspect;
mod issuer;
mod json;
mod key;
pub mod rules;
mod token;
mod verifier;
pub mod web;

use std::time::Duration;

pub use claims::ChatClaims;
pub use diagnose::{diagnose, Diagnosis, Finding, SignatureCheck, Verdict, FINDING_CODES};
pub use error::{Error, ErrorKind, Result};
pub use inspect::{inspect_unverified, Inspection};
pub use issuer::{Issuer, MintedToken};
pub use rules::Seconds;
pub use verifier::Verifier;

/// The browser companion script, which the web integrations serve at
/// `<prefix>/client.js`: it fetches a token from the site's endpoint and logs
/// the visitor into the chat widget, retrying while a new user is being created.
/// Kept here so that every integration serves the same bytes.
pub const COMPANION_SCRIPT: &str = include_str!("../companion/client.js");

/// Mints one token issued now, valid for `ttl` (whole seconds, 1 to 86 400).
///
/// Errors, in the order checked: `invalid_secret`, `invalid_ttl`,
/// `invalid_email`, `invalid_display_name`. To mint many, keep an [`Issuer`].
pub fn mint_chat_token(
    email: &str,
    name: &str,
    ttl: Duration,
    secret: impl AsRef<[u8]>,
) -> Result<String> {
    Issuer::new(secret, ttl)?.mint(email, name)
}

/// Verifies one token against one secret with the default leeway (60 s) and
/// maximum lifetime (86 400 s), against the system clock.
///
/// To verify many, or to accept a previous secret during rotation, keep a
/// [`Verifier`].
pub fn verify_chat_token(token: &str, secret: impl AsRef<[u8]>) -> Result<ChatClaims> {
    Verifier::new([secret])?.verify(token)
}
