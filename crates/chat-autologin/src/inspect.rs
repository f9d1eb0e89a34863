//! Looking inside a token without trusting it.

use std::fmt;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::json;
use crate::rules::{self, Seconds};
use crate::token::{decode_segment, Decoded, Scratch, Segments, TimeRules};

/// What a token says about itself, decoded but **not verified**.
///
/// Never use these claims to log anyone in: anybody can write a token that
/// decodes. Use a [`Verifier`](crate::Verifier) for that.
#[derive(Clone, PartialEq)]
pub struct Inspection {
    /// The header, as JSON.
    pub header: Map<String, Value>,
    /// The payload, as JSON.
    pub claims: Map<String, Value>,
    /// The length of the decoded signature, in bytes (an HS256 tag is 32).
    pub signature_len: usize,
    token: String,
}

/// Decodes a token's header and payload without checking its signature.
///
/// Errors: `token_too_large`, `malformed_token` (not three strict base64url
/// segments, or a header or payload that is not a JSON object without duplicate
/// keys and without a lone-surrogate `\u` escape): the tokens `verify` refuses
/// in its first two steps.
pub fn inspect_unverified(token: &str) -> Result<Inspection> {
    let segments = Segments::split(token)?;
    let mut heap = Vec::new();
    let mut map = |segment: &str, what: &str| -> Result<Map<String, Value>> {
        let bytes = decode_segment(segment, what, &mut heap)?;
        json::read_map(bytes).map_err(|e| crate::token::object_error(what, e))
    };
    let header = map(segments.header, "header")?;
    let claims = map(segments.payload, "payload")?;
    let signature_len = decode_segment(segments.signature, "signature", &mut heap)?.len();
    Ok(Inspection {
        header,
        claims,
        signature_len,
        token: token.to_owned(),
    })
}

impl Inspection {
    /// Every reason, other than the signature, for which a verifier with the
    /// default leeway and maximum lifetime would reject this token at `now`
    /// (seconds since the Unix epoch). Empty when there is none.
    ///
    /// Unlike verification, which stops at the first failure, this lists each of
    /// the time problems (expired, not yet valid, too long) that applies.
    pub fn problems(&self, now: Seconds) -> Result<Vec<Error>> {
        let now = rules::now(now)?;
        let time_rules = TimeRules::DEFAULT;
        let mut scratch = Scratch::default();
        let decoded = match Decoded::new(&self.token, &mut scratch) {
            Ok(decoded) => decoded,
            Err(e) => return Ok(vec![e]),
        };
        let mut problems = Vec::new();
        problems.extend(decoded.check_header().err());
        match decoded.claims.claims() {
            Ok(claims) => problems.extend(
                [
                    time_rules.check_expiry(&claims, now),
                    time_rules.check_issued(&claims, now),
                    time_rules.check_lifetime(&claims),
                ]
                .into_iter()
                .filter_map(Result::err),
            ),
            Err(e) => problems.push(e),
        }
        Ok(problems)
    }
}

impl fmt::Debug for Inspection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inspection")
            .field("header", &self.header)
            .field("claims", &self.claims)
            .field("signature_len", &self.signature_len)
            .finish_non_exhaustive()
    }
}
