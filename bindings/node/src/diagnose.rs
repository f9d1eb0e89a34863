//! `diagnose` for Node: the core's diagnosis as the JSON text that
//! `chat-autologin inspect --json` prints (the loader parses it). Every rule is
//! the core's.

use napi_derive::napi;

use crate::{guard, seconds, JsSeconds, JsSecret, Result, SecretBytes};

/// Diagnoses a token against the secrets given (none to skip the signature),
/// as of `now` (undefined for the system clock).
#[napi(catch_unwind)]
pub fn diagnose_json(
    token: String,
    secrets: Vec<JsSecret<'_>>,
    now: Option<JsSeconds>,
) -> Result<String> {
    let secrets: Vec<SecretBytes> = secrets.into_iter().map(SecretBytes::from).collect();
    guard(|| {
        chat_autologin::diagnose(&token, &secrets, now.map(seconds))
            .map(|diagnosis| diagnosis.to_json())
    })
}
