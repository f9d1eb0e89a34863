//! Minting tokens.

use std::fmt;
use std::time::{Duration, SystemTime};

use crate::error::Result;
use crate::key::Key;
use crate::rules::{self, Seconds};
use crate::token;

/// Mints chat tokens with one secret and one lifetime, the key prepared once.
///
/// ```
/// use std::time::Duration;
/// use chat_autologin::Issuer;
///
/// let issuer = Issuer::new("a-76-character-secret-from-the-service-desk-settings-page", Duration::from_secs(300))?;
/// let token = issuer.mint("ada@example.com", "Ada Lovelace")?;
/// assert_eq!(token.split('.').count(), 3);
/// # Ok::<(), chat_autologin::Error>(())
/// ```
#[derive(Clone)]
pub struct Issuer {
    key: Key,
    ttl: u32,
}

/// A token with the times written into it, for integrations that tell the
/// browser when it expires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MintedToken {
    /// The signed token.
    pub token: String,
    /// Its `iat`, in whole seconds since the Unix epoch.
    pub iat: u64,
    /// Its `exp`, in whole seconds since the Unix epoch.
    pub exp: u64,
}

impl Issuer {
    /// Prepares an issuer. `ttl` is the lifetime of each token: whole seconds,
    /// 1 to 86 400 (300 suits a login).
    ///
    /// Errors: `invalid_secret`, then `invalid_ttl`.
    pub fn new(secret: impl AsRef<[u8]>, ttl: Duration) -> Result<Issuer> {
        let key = Key::new(secret.as_ref())?;
        let ttl = rules::ttl_from_duration(ttl)?;
        Ok(Issuer { key, ttl })
    }

    /// Like [`Issuer::new`], with the ttl as a dynamically typed caller passed it
    /// (for language bindings).
    #[doc(hidden)]
    pub fn with_ttl_seconds(secret: impl AsRef<[u8]>, ttl: Seconds) -> Result<Issuer> {
        let key = Key::new(secret.as_ref())?;
        let ttl = rules::ttl(ttl)?;
        Ok(Issuer { key, ttl })
    }

    /// The lifetime of each token.
    pub fn ttl(&self) -> Duration {
        Duration::from_secs(u64::from(self.ttl))
    }

    /// Mints a token issued now by the system clock.
    ///
    /// Errors: `invalid_email`, then `invalid_display_name`.
    pub fn mint(&self, email: &str, name: &str) -> Result<String> {
        self.mint_unix(email, name, rules::system_now()?)
            .map(|minted| minted.token)
    }

    /// Mints a token issued at `now` (`iat` is `now` rounded down to whole seconds).
    ///
    /// Errors: `invalid_option` for a time before 1970 or after 9999, then
    /// `invalid_email`, then `invalid_display_name`.
    pub fn mint_at(&self, email: &str, name: &str, now: SystemTime) -> Result<String> {
        self.mint_unix(email, name, rules::now_from_system_time(now)?)
            .map(|minted| minted.token)
    }

    /// Mints a token and returns it with its `iat` and `exp`. `now` is seconds since
    /// the Unix epoch as a caller passed it, or `None` for the system clock (for
    /// language bindings).
    #[doc(hidden)]
    pub fn issue(&self, email: &str, name: &str, now: Option<Seconds>) -> Result<MintedToken> {
        self.mint_unix(email, name, rules::now_or_system(now)?)
    }

    /// Appends a token issued now by the system clock to `out` and returns its
    /// `exp`: the token endpoint writes it straight into its answer.
    pub(crate) fn issue_now_into(&self, email: &str, name: &str, out: &mut Vec<u8>) -> Result<u64> {
        let (iat, exp) = self.times(email, name, rules::system_now()?)?;
        token::encode_into(out, &self.key, email, name, iat, exp);
        Ok(exp)
    }

    fn mint_unix(&self, email: &str, name: &str, now: f64) -> Result<MintedToken> {
        let (iat, exp) = self.times(email, name, now)?;
        Ok(MintedToken {
            token: token::encode(&self.key, email, name, iat, exp),
            iat,
            exp,
        })
    }

    /// Checks the claims and returns the token's `iat` and `exp`.
    fn times(&self, email: &str, name: &str, now: f64) -> Result<(u64, u64)> {
        rules::email(email)?;
        rules::display_name(name)?;
        // `now` is checked to lie in 0..=MAX_NOW_SECS, so the cast is exact.
        let iat = now.floor() as u64;
        Ok((iat, iat + u64::from(self.ttl)))
    }
}

impl fmt::Debug for Issuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Issuer")
            .field("secret", &"<redacted>")
            .field("ttl", &self.ttl)
            .finish()
    }
}
