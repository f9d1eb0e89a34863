//! The HMAC-SHA256 key, prepared once.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::Result;
use crate::rules;

type HmacSha256 = Hmac<Sha256>;

/// The length of an HS256 tag, in bytes.
pub(crate) const TAG_BYTES: usize = 32;

/// The SHA-256 block size: HMAC hashes a longer key down to its digest first.
const BLOCK_BYTES: usize = 64;

/// An HMAC-SHA256 key with the inner and outer pads already hashed, so each
/// token costs only the hashing of its own bytes.
///
/// The raw secret is not kept, and the prepared state is zeroized on drop, so
/// key-derived bytes do not linger in freed memory.
#[derive(Clone)]
pub(crate) struct Key {
    mac: HmacSha256,
}

impl Key {
    /// Checks the secret against the contract's rules and prepares it.
    pub(crate) fn new(secret: &[u8]) -> Result<Key> {
        rules::secret(secret)?;
        let mac = if secret.len() > BLOCK_BYTES {
            // HMAC defines a key longer than the block as K' = SHA-256(K), and
            // K' is as good as the key itself. The hmac crate would compute it
            // into a stack temporary it never wipes; computed here, it lives in
            // a buffer that is wiped on drop.
            let mut digest = Zeroizing::new([0u8; TAG_BYTES]);
            let mut hasher = Sha256::new();
            Digest::update(&mut hasher, secret);
            hasher.finalize_into((&mut *digest).into());
            new_mac(&*digest)
        } else {
            new_mac(secret)
        };
        Ok(Key { mac })
    }

    /// The tag of `input`.
    pub(crate) fn tag(&self, input: &[u8]) -> [u8; TAG_BYTES] {
        let mut mac = self.mac.clone();
        mac.update(input);
        mac.finalize().into_bytes().into()
    }

    /// Whether `tag` is the full tag of `input`, compared in constant time.
    pub(crate) fn verifies(&self, input: &[u8], tag: &[u8]) -> bool {
        let mut mac = self.mac.clone();
        mac.update(input);
        mac.verify_slice(tag).is_ok()
    }
}

fn new_mac(key: &[u8]) -> HmacSha256 {
    HmacSha256::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"))
}

// A prepared HMAC-SHA256 key is two SHA-256 states (inner and outer pad), and
// each wipes itself on drop (sha2's `zeroize` feature). This fails to compile
// should that ever stop being true.
const _: fn() = || {
    fn zeroized_on_drop<T: zeroize::ZeroizeOnDrop>() {}
    zeroized_on_drop::<<Sha256 as sha2::digest::block_api::CoreProxy>::Core>();
};

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key(<redacted>)")
    }
}
