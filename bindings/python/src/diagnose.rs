//! `diagnose` for Python: the core's diagnosis as a plain dict, in the JSON
//! schema that `chat-autologin inspect --json` prints. Every rule is the core's.

use pyo3::prelude::*;
use pyo3::types::PyString;
use serde_json::Value;

use crate::{
    guarded, instant, json_to_py, secret_items, surrogates_replaced, with_secrets, Instant,
};

/// Diagnoses a token: would the chat accept it (the verdict, with the default
/// leeway and maximum lifetime), and every usual mistake found, each with a
/// stable code. `secrets`: one secret or a sequence of them, or None to skip
/// the signature. Returns `{"verdict": {"accepted", "code", "message"},
/// "signature", "signer", "findings": [{"code", "message"}], "header",
/// "claims", "now"}`.
#[pyfunction]
#[pyo3(signature = (token, secrets = None, now = None))]
fn diagnose<'py>(
    py: Python<'py>,
    token: &Bound<'py, PyString>,
    secrets: Option<&Bound<'py, PyAny>>,
    now: Option<Instant>,
) -> PyResult<Bound<'py, PyAny>> {
    let items = match secrets {
        None => Vec::new(),
        Some(secrets) => secret_items(secrets, "secrets")?,
    };
    // A lone surrogate becomes U+FFFD, which no token holds: the core refuses
    // it as malformed, in the verdict.
    let token = surrogates_replaced(token)?.0;
    let json = with_secrets(&items, "secrets", |secrets| {
        guarded(py, || {
            chat_autologin::diagnose(&token, secrets, instant(now))
                .map(|diagnosis| diagnosis.to_json())
        })
    })?;
    let value: Value = serde_json::from_str(&json)
        .unwrap_or_else(|_| unreachable!("the core writes a JSON document"));
    json_to_py(py, &value)
}

pub(crate) fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(diagnose, module)?)
}
