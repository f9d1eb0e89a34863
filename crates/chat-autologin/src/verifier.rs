//! Verifying tokens.

use std::fmt;
use std::time::{Duration, SystemTime};

use crate::claims::ChatClaims;
use crate::error::{Error, ErrorKind, Result};
use crate::key::Key;
use crate::rules::{self, Seconds};
use crate::token::{Decoded, Scratch, TimeRules};

/// Verifies chat tokens against one or more secrets, the keys prepared once.
///
/// Give the current secret first and the previous one after it while a service
/// desk's key is being rotated.
///
/// ```
/// use std::time::Duration;
/// use chat_autologin::{Issuer, Verifier};
///
/// let secret = "a-76-character-secret-from-the-service-desk-settings-page";
/// let token = Issuer::new(secret, Duration::from_secs(300))?.mint("ada@example.com", "Ada")?;
/// let claims = Verifier::new([secret])?.with_leeway(Duration::from_secs(30))?.verify(&token)?;
/// assert_eq!(claims.display_name, "Ada");
/// # Ok::<(), chat_autologin::Error>(())
/// ```
#[derive(Clone)]
pub struct Verifier {
    keys: Vec<Key>,
    rules: TimeRules,
}

impl Verifier {
    /// Prepares a verifier for one or more secrets, with the default leeway
    /// (60 s) and maximum lifetime (86 400 s).
    ///
    /// Errors: `invalid_option` for no secrets, `invalid_secret` for a bad one.
    pub fn new<I, S>(secrets: I) -> Result<Verifier>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<[u8]>,
    {
        let keys = secrets
            .into_iter()
            .map(|secret| Key::new(secret.as_ref()))
            .collect::<Result<Vec<Key>>>()?;
        if keys.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidOption,
                "the list of secrets is empty; give at least the service desk's current secret",
            ));
        }
        Ok(Verifier {
            keys,
            rules: TimeRules::DEFAULT,
        })
    }

    /// Sets how much clock skew to forgive on `exp` and `iat`, 0 to 300 s.
    /// Defaults to `60 s`.
    pub fn with_leeway(self, leeway: Duration) -> Result<Verifier> {
        self.with_leeway_seconds(Seconds::Number(leeway.as_secs_f64()))
    }

    /// Like [`Verifier::with_leeway`], with seconds as a dynamically typed caller
    /// passed them (for language bindings).
    #[doc(hidden)]
    pub fn with_leeway_seconds(mut self, leeway: Seconds) -> Result<Verifier> {
        self.rules.leeway = rules::leeway(leeway)?;
        Ok(self)
    }

    /// Sets the longest `exp - iat` accepted, 1 to 86 400 s. Defaults to `86 400 s`.
    pub fn with_max_lifetime(self, max_lifetime: Duration) -> Result<Verifier> {
        self.with_max_lifetime_seconds(Seconds::Number(max_lifetime.as_secs_f64()))
    }

    /// Like [`Verifier::with_max_lifetime`], with seconds as a dynamically typed
    /// caller passed them (for language bindings).
    #[doc(hidden)]
    pub fn with_max_lifetime_seconds(mut self, max_lifetime: Seconds) -> Result<Verifier> {
        self.rules.max_lifetime = rules::max_lifetime(max_lifetime)?;
        Ok(self)
    }

    /// The leeway, in seconds.
    pub fn leeway(&self) -> f64 {
        self.rules.leeway
    }

    /// The maximum lifetime, in seconds.
    pub fn max_lifetime(&self) -> f64 {
        self.rules.max_lifetime
    }

    /// Verifies a token against the system clock.
    pub fn verify(&self, token: &str) -> Result<ChatClaims> {
        self.verify_unix(token, rules::system_now()?)
    }

    /// Verifies a token as of `now`.
    pub fn verify_at(&self, token: &str, now: SystemTime) -> Result<ChatClaims> {
        self.verify_unix(token, rules::now_from_system_time(now)?)
    }

    /// Verifies a token as of `now`, seconds since the Unix epoch as a caller passed
    /// them, or `None` for the system clock (for language bindings).
    #[doc(hidden)]
    pub fn verify_at_seconds(&self, token: &str, now: Option<Seconds>) -> Result<ChatClaims> {
        self.verify_unix(token, rules::now_or_system(now)?)
    }

    /// Whether the token's signature matches one of the secrets, after the
    /// token's structure (steps 1 to 3) has been checked. The claims and times are
    /// not looked at.
    pub fn check_signature(&self, token: &str) -> Result<()> {
        Scratch::with(|scratch| {
            let decoded = Decoded::new(token, scratch)?;
            decoded.check_header()?;
            decoded.check_signature(&self.keys)
        })
    }

    fn verify_unix(&self, token: &str, now: f64) -> Result<ChatClaims> {
        Scratch::with(|scratch| {
            let decoded = Decoded::new(token, scratch)?;
            decoded.check_header()?;
            decoded.check_signature(&self.keys)?;
            let claims = decoded.claims.claims()?;
            self.rules.check(&claims, now)?;
            Ok(claims)
        })
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("secrets", &self.keys.len())
            .field("leeway", &self.rules.leeway)
            .field("max_lifetime", &self.rules.max_lifetime)
            .finish()
    }
}
