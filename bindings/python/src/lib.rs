//! `chat_autologin._native`, the Python face of the `chat-autologin` crate.
//!
//! The core decides; this module only translates. It turns Python arguments
//! into what the core takes (a secret's bytes, a number of seconds as the caller
//! wrote it), calls the core, and turns the result back: a value, or the Python
//! exception class for the core's error code. Every rule, default and limit is
//! the core's. The exception classes live in `chat_autologin/_errors.py`.

use std::borrow::Cow;
use std::panic::{catch_unwind, AssertUnwindSafe};

use chat_autologin::rules::{
    self, DEFAULT_LEEWAY_SECS, DEFAULT_TTL_SECS, MAX_LIFETIME_SECS, MAX_TOKEN_BYTES,
};
use chat_autologin::{ErrorKind, Seconds};
use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyMemoryView, PySequence,
    PyString, PyTuple, PyType,
};
use pyo3::BoundObject;
use serde_json::Value;

mod diagnose;
mod web;

// ---------------------------------------------------------------------------
// Errors: the core's code picks the Python class; a panic becomes an ordinary
// ChatAutologinError instead of pyo3's PanicException.

/// The exception classes of `chat_autologin._errors`, looked up once.
struct ErrorClasses {
    base: Py<PyType>,
    by_kind: Vec<(ErrorKind, Py<PyType>)>,
}

static ERROR_CLASSES: PyOnceLock<ErrorClasses> = PyOnceLock::new();

fn error_classes(py: Python<'_>) -> PyResult<&ErrorClasses> {
    ERROR_CLASSES.get_or_try_init(py, || {
        let module = py.import("chat_autologin._errors")?;
        let class = |name: &str| -> PyResult<Bound<'_, PyType>> {
            Ok(module.getattr(name)?.cast_into::<PyType>()?)
        };
        let base = class("ChatAutologinError")?;
        let input = class("InvalidInputError")?;
        let token = class("InvalidTokenError")?;
        let table = module.getattr("ERROR_CLASSES")?.cast_into::<PyDict>()?;
        let by_kind = ErrorKind::ALL
            .into_iter()
            .map(|kind| {
                let class = if kind.is_input_error() {
                    input.clone()
                } else {
                    match table.get_item(kind.code())? {
                        Some(class) => class.cast_into::<PyType>()?,
                        None => token.clone(),
                    }
                };
                Ok((kind, class.unbind()))
            })
            .collect::<PyResult<_>>()?;
        Ok(ErrorClasses {
            base: base.unbind(),
            by_kind,
        })
    })
}

/// The Python exception for a core error: `Class(message, code)`.
fn to_py_err(py: Python<'_>, err: &chat_autologin::Error) -> PyErr {
    error_of_kind(py, err.kind(), err.message().to_owned())
}

/// The Python exception of `kind`'s class, with the contract's code.
fn error_of_kind(py: Python<'_>, kind: ErrorKind, message: String) -> PyErr {
    match error_classes(py) {
        Ok(classes) => {
            let class = classes
                .by_kind
                .iter()
                .find(|(k, _)| *k == kind)
                .map_or(&classes.base, |(_, class)| class);
            PyErr::from_type(class.bind(py).clone(), (message, kind.code()))
        }
        Err(import_failed) => import_failed,
    }
}

/// Runs a core call, turning its error into the matching Python exception and
/// a panic into a plain `ChatAutologinError` (code `internal_error`).
fn guarded<T>(py: Python<'_>, call: impl FnOnce() -> chat_autologin::Result<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(call)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(err)) => Err(to_py_err(py, &err)),
        Err(payload) => {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".to_owned());
            let message = format!(
                "chat_autologin failed unexpectedly ({detail}); this is a bug, please report it"
            );
            Err(match error_classes(py) {
                Ok(classes) => PyErr::from_type(classes.base.bind(py).clone(), (message,)),
                Err(import_failed) => import_failed,
            })
        }
    }
}

// ---------------------------------------------------------------------------
// Arguments.

/// The name of an object's type, for TypeError messages.
fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "object".to_owned(), |name| name.to_string())
}

/// A secret's bytes: borrowed from a `str` or `bytes`, copied from a mutable
/// buffer (and wiped when dropped).
enum SecretBytes<'a> {
    Borrowed(&'a [u8]),
    Copied(Vec<u8>),
}

impl AsRef<[u8]> for SecretBytes<'_> {
    fn as_ref(&self) -> &[u8] {
        match self {
            SecretBytes::Borrowed(bytes) => bytes,
            SecretBytes::Copied(bytes) => bytes,
        }
    }
}

impl Drop for SecretBytes<'_> {
    fn drop(&mut self) {
        if let SecretBytes::Copied(bytes) = self {
            bytes.fill(0);
            std::hint::black_box(&bytes);
        }
    }
}

/// The bytes of one secret (`str` as UTF-8, `bytes`, `bytearray`, `memoryview`),
/// or `None` for any other type.
fn secret_bytes<'a>(obj: &'a Bound<'_, PyAny>) -> PyResult<Option<SecretBytes<'a>>> {
    if let Ok(text) = obj.cast::<PyString>() {
        // Python's own UnicodeEncodeError would carry the whole secret.
        let utf8 = text.to_str().map_err(|_| {
            error_of_kind(
                obj.py(),
                ErrorKind::InvalidSecret,
                "the secret is a str that cannot be encoded as UTF-8 (it holds a lone \
                 surrogate); pass the key exactly as typed, or as bytes"
                    .to_owned(),
            )
        })?;
        return Ok(Some(SecretBytes::Borrowed(utf8.as_bytes())));
    }
    if let Ok(bytes) = obj.cast::<PyBytes>() {
        return Ok(Some(SecretBytes::Borrowed(bytes.as_bytes())));
    }
    if let Ok(array) = obj.cast::<PyByteArray>() {
        return Ok(Some(SecretBytes::Copied(array.to_vec())));
    }
    if obj.is_instance_of::<PyMemoryView>() {
        let copy = obj.call_method0("tobytes")?;
        let bytes = copy.cast::<PyBytes>()?.as_bytes().to_vec();
        return Ok(Some(SecretBytes::Copied(bytes)));
    }
    Ok(None)
}

/// The one secret of `mint_chat_token` and `Issuer`.
fn one_secret<'a>(obj: &'a Bound<'_, PyAny>) -> PyResult<SecretBytes<'a>> {
    secret_bytes(obj)?.ok_or_else(|| {
        PyTypeError::new_err(format!(
            "secret must be str or bytes, not {}",
            type_name(obj)
        ))
    })
}

/// The items of `verify`'s secret argument: one secret, or a sequence of them
/// (never a mapping: its keys are not secrets).
fn secret_items<'py>(obj: &Bound<'py, PyAny>, name: &str) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let wrong = || {
        PyTypeError::new_err(format!(
            "{name} must be str or bytes, or a list or tuple of them, not {}",
            type_name(obj)
        ))
    };
    if obj.is_instance_of::<PyString>()
        || obj.is_instance_of::<PyBytes>()
        || obj.is_instance_of::<PyByteArray>()
        || obj.is_instance_of::<PyMemoryView>()
    {
        return Ok(vec![obj.clone()]);
    }
    if let Ok(list) = obj.cast::<PyList>() {
        return Ok(list.iter().collect());
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        return Ok(tuple.iter().collect());
    }
    if obj.cast::<PySequence>().is_ok() {
        return obj.try_iter()?.collect();
    }
    Err(wrong())
}

/// Calls `use_secrets` with the bytes of every item, checking their types.
fn with_secrets<R>(
    items: &[Bound<'_, PyAny>],
    name: &str,
    use_secrets: impl FnOnce(&[SecretBytes<'_>]) -> PyResult<R>,
) -> PyResult<R> {
    let secrets = items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            secret_bytes(item)?.ok_or_else(|| {
                PyTypeError::new_err(format!(
                    "{name}[{index}] must be str or bytes, not {}",
                    type_name(item)
                ))
            })
        })
        .collect::<PyResult<Vec<_>>>()?;
    use_secrets(&secrets)
}

/// A `str` that may hold lone surrogates, as UTF-8 with each lone surrogate
/// replaced by U+FFFD (three bytes, as the surrogate itself counts), and the
/// first lone surrogate, if any.
fn surrogates_replaced<'a>(text: &'a Bound<'_, PyString>) -> PyResult<(Cow<'a, str>, Option<u16>)> {
    if let Ok(utf8) = text.to_str() {
        return Ok((Cow::Borrowed(utf8), None));
    }
    // UTF-8 but for the surrogates, each encoded on its own in three bytes
    // (ED A0..BF 80..BF): the only sequences that are not valid UTF-8.
    let encoded = text.call_method1("encode", ("utf-8", "surrogatepass"))?;
    let mut rest = encoded.cast::<PyBytes>()?.as_bytes();
    let mut out = String::with_capacity(rest.len());
    let mut first = None;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                out.push_str(valid);
                return Ok((Cow::Owned(out), first));
            }
            Err(e) => {
                let (valid, surrogate) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                out.push(char::REPLACEMENT_CHARACTER);
                if let [a, b, c, ..] = *surrogate {
                    first.get_or_insert(
                        (u16::from(a & 0x0f) << 12)
                            | (u16::from(b & 0x3f) << 6)
                            | u16::from(c & 0x3f),
                    );
                }
                rest = surrogate.get(3..).unwrap_or_default();
            }
        }
    }
}

/// A token: a `str` as the caller gave it. One of more than
/// `MAX_TOKEN_BYTES` code points is too large whatever it holds (each is at
/// least one byte), and is refused without being converted. A lone surrogate
/// is handed over as U+FFFD, which has its length and, like any character
/// that has no place in a token, is refused by the core.
fn token_text<'a>(token: &'a Bound<'_, PyString>) -> PyResult<Cow<'a, str>> {
    let len = token.len()?;
    if len > MAX_TOKEN_BYTES {
        return Err(to_py_err(token.py(), &rules::token_too_large(len)));
    }
    Ok(surrogates_replaced(token)?.0)
}

/// An email or a display name: a `str` holding a lone surrogate is not text,
/// and is refused with the core's error for it (`lone_surrogate`).
fn mint_text<'a>(
    text: &'a Bound<'_, PyString>,
    lone_surrogate: fn(u16) -> chat_autologin::Error,
) -> PyResult<Cow<'a, str>> {
    match surrogates_replaced(text)? {
        (text, None) => Ok(text),
        (_, Some(unit)) => Err(to_py_err(text.py(), &lone_surrogate(unit))),
    }
}

fn email_text<'a>(email: &'a Bound<'_, PyString>) -> PyResult<Cow<'a, str>> {
    mint_text(email, rules::email_lone_surrogate)
}

fn name_text<'a>(name: &'a Bound<'_, PyString>) -> PyResult<Cow<'a, str>> {
    mint_text(name, rules::display_name_lone_surrogate)
}

static TIMEDELTA: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// A Python int as a float; too large for a float is infinite (out of every range).
fn int_seconds(value: &Bound<'_, PyAny>) -> PyResult<f64> {
    match value.extract::<f64>() {
        Ok(number) => Ok(number),
        Err(err) if err.is_instance_of::<PyOverflowError>(value.py()) => Ok(if value.lt(0)? {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        }),
        Err(err) => Err(err),
    }
}

/// A number of seconds as the caller wrote it, for the core to judge: a bool
/// stays a bool, an int or float is its value, a `timedelta` (where allowed) is
/// its `total_seconds()`. Any other type is a TypeError.
fn seconds(value: &Bound<'_, PyAny>, timedelta: bool) -> PyResult<Seconds> {
    if let Ok(flag) = value.cast::<PyBool>() {
        return Ok(Seconds::Bool(flag.is_true()));
    }
    if let Ok(float) = value.cast::<PyFloat>() {
        return Ok(Seconds::Number(float.value()));
    }
    if value.is_instance_of::<PyInt>() {
        return Ok(Seconds::Number(int_seconds(value)?));
    }
    if timedelta && value.is_instance(TIMEDELTA.import(value.py(), "datetime", "timedelta")?)? {
        let total = value.call_method0("total_seconds")?.extract::<f64>()?;
        return Ok(Seconds::Number(total));
    }
    let expected = if timedelta {
        "an int (seconds) or a datetime.timedelta"
    } else {
        "an int or float (seconds since the Unix epoch)"
    };
    Err(PyTypeError::new_err(format!(
        "expected {expected}, not {}",
        type_name(value)
    )))
}

/// A length of time (`ttl`, `leeway`, `max_lifetime`): seconds or a `timedelta`.
#[derive(Clone, Copy)]
struct Span(Seconds);

impl<'a, 'py> FromPyObject<'a, 'py> for Span {
    type Error = PyErr;

    fn extract(value: Borrowed<'a, 'py, PyAny>) -> PyResult<Span> {
        seconds(&value, true).map(Span)
    }
}

/// The core's defaults, for the signatures.
const DEFAULT_TTL: Span = Span(Seconds::Number(DEFAULT_TTL_SECS as f64));
const DEFAULT_LEEWAY: Span = Span(Seconds::Number(DEFAULT_LEEWAY_SECS));
const DEFAULT_MAX_LIFETIME: Span = Span(Seconds::Number(MAX_LIFETIME_SECS));

/// A point in time (`now`): seconds since the Unix epoch. `None` in a signature
/// is the system clock.
#[derive(Clone, Copy)]
struct Instant(Seconds);

impl<'a, 'py> FromPyObject<'a, 'py> for Instant {
    type Error = PyErr;

    fn extract(value: Borrowed<'a, 'py, PyAny>) -> PyResult<Instant> {
        seconds(&value, false).map(Instant)
    }
}

fn instant(now: Option<Instant>) -> Option<Seconds> {
    now.map(|Instant(now)| now)
}

/// A JSON value as the Python value `json.loads` would give.
fn json_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(flag) => PyBool::new(py, *flag).to_owned().into_any(),
        Value::Number(number) => {
            if let Some(int) = number.as_i64() {
                int.into_pyobject(py)?.into_any()
            } else if let Some(int) = number.as_u64() {
                int.into_pyobject(py)?.into_any()
            } else {
                number
                    .as_f64()
                    .unwrap_or(f64::NAN)
                    .into_pyobject(py)?
                    .into_any()
            }
        }
        Value::String(text) => PyString::new(py, text).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => json_object_to_py(py, map)?.into_any(),
    })
}

fn json_object_to_py<'py>(
    py: Python<'py>,
    map: &serde_json::Map<String, Value>,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (key, value) in map {
        dict.set_item(key, json_to_py(py, value)?)?;
    }
    Ok(dict)
}

/// A Python `repr()` of a value, for the `__repr__` of the classes.
fn py_repr<'py, T: IntoPyObject<'py>>(py: Python<'py>, value: T) -> PyResult<String> {
    let object = value.into_pyobject(py).map_err(Into::into)?;
    Ok(object.into_any().as_borrowed().repr()?.to_string())
}

// ---------------------------------------------------------------------------
// Classes.

/// The claims of a verified chat token.
///
/// `iat` and `exp` are floats, seconds since the Unix epoch, kept with their
/// fractions. Instances are immutable, hashable and compare by value.
#[pyclass(frozen, module = "chat_autologin", get_all)]
struct ChatClaims {
    /// The visitor's email, as the chat will see it.
    email: String,
    /// The visitor's name, as the chat will show it.
    display_name: String,
    /// Issued at, in seconds since the Unix epoch.
    iat: f64,
    /// Expires at, in seconds since the Unix epoch.
    exp: f64,
}

impl From<chat_autologin::ChatClaims> for ChatClaims {
    fn from(claims: chat_autologin::ChatClaims) -> ChatClaims {
        ChatClaims {
            email: claims.email,
            display_name: claims.display_name,
            iat: claims.iat,
            exp: claims.exp,
        }
    }
}

/// The arguments of `ChatClaims(...)`, for pickling.
type ClaimsArgs = (String, String, f64, f64);

#[pymethods]
impl ChatClaims {
    #[new]
    fn new(email: String, display_name: String, iat: f64, exp: f64) -> ChatClaims {
        ChatClaims {
            email,
            display_name,
            iat,
            exp,
        }
    }

    #[classattr]
    fn __match_args__() -> (&'static str, &'static str, &'static str, &'static str) {
        ("email", "display_name", "iat", "exp")
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "ChatClaims(email={}, display_name={}, iat={}, exp={})",
            py_repr(py, &self.email)?,
            py_repr(py, &self.display_name)?,
            py_repr(py, self.iat)?,
            py_repr(py, self.exp)?,
        ))
    }

    fn __eq__(&self, other: &Bound<'_, ChatClaims>) -> bool {
        let other = other.get();
        self.email == other.email
            && self.display_name == other.display_name
            && self.iat == other.iat
            && self.exp == other.exp
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        (&self.email, &self.display_name, self.iat, self.exp)
            .into_pyobject(py)?
            .hash()
    }

    fn __reduce__<'py>(slf: &Bound<'py, ChatClaims>) -> PyResult<(Bound<'py, PyType>, ClaimsArgs)> {
        let this = slf.get();
        Ok((
            slf.get_type(),
            (
                this.email.clone(),
                this.display_name.clone(),
                this.iat,
                this.exp,
            ),
        ))
    }
}

/// A minted token with the times written into it (`iat`, `exp`: whole seconds
/// since the Unix epoch), for callers that tell the browser when it expires.
#[pyclass(frozen, module = "chat_autologin", get_all)]
struct MintedToken {
    /// The signed token.
    token: String,
    /// Issued at, in whole seconds since the Unix epoch.
    iat: u64,
    /// Expires at, in whole seconds since the Unix epoch.
    exp: u64,
}

#[pymethods]
impl MintedToken {
    fn __repr__(&self) -> String {
        // The token is a credential: show the times only.
        format!("MintedToken(iat={}, exp={})", self.iat, self.exp)
    }
}

/// Mints chat tokens with one secret and one lifetime, the key prepared once.
///
/// `secret` is the service desk project's secret key (str, used as UTF-8, or
/// bytes); `ttl` is each token's lifetime, whole seconds from 1 to 86400 (an int
/// or a `datetime.timedelta`). Safe to share between threads.
#[pyclass(frozen, module = "chat_autologin")]
struct Issuer {
    inner: chat_autologin::Issuer,
}

#[pymethods]
impl Issuer {
    #[new]
    #[pyo3(signature = (secret, ttl = DEFAULT_TTL), text_signature = "(secret, ttl=300)")]
    fn new(py: Python<'_>, secret: &Bound<'_, PyAny>, ttl: Span) -> PyResult<Issuer> {
        let secret = one_secret(secret)?;
        let inner = guarded(py, || {
            chat_autologin::Issuer::with_ttl_seconds(&secret, ttl.0)
        })?;
        Ok(Issuer { inner })
    }

    /// Mints a token for the visitor, issued at `now` (seconds since the Unix
    /// epoch; default the system clock).
    #[pyo3(signature = (email, name, *, now = None))]
    fn mint(
        &self,
        py: Python<'_>,
        email: &Bound<'_, PyString>,
        name: &Bound<'_, PyString>,
        now: Option<Instant>,
    ) -> PyResult<String> {
        let (email, name) = (email_text(email)?, name_text(name)?);
        guarded(py, || self.inner.issue(&email, &name, instant(now))).map(|minted| minted.token)
    }

    /// Like `mint`, and returns the token with its `iat` and `exp`.
    #[pyo3(signature = (email, name, *, now = None))]
    fn issue(
        &self,
        py: Python<'_>,
        email: &Bound<'_, PyString>,
        name: &Bound<'_, PyString>,
        now: Option<Instant>,
    ) -> PyResult<MintedToken> {
        let (email, name) = (email_text(email)?, name_text(name)?);
        let minted = guarded(py, || self.inner.issue(&email, &name, instant(now)))?;
        Ok(MintedToken {
            token: minted.token,
            iat: minted.iat,
            exp: minted.exp,
        })
    }

    /// The lifetime of each token, in seconds.
    #[getter]
    fn ttl(&self) -> u64 {
        self.inner.ttl().as_secs()
    }

    fn __repr__(&self) -> String {
        format!(
            "<Issuer ttl={} secret=<redacted>>",
            self.inner.ttl().as_secs()
        )
    }
}

/// Verifies chat tokens against one or more secrets, the keys prepared once.
///
/// `secrets` is one secret or a list of them: the current one first, and the
/// previous one while the key is being rotated. `leeway` (0 to 300 s, default
/// 60) forgives clock skew; `max_lifetime` (1 to 86400 s, default 86400) caps
/// `exp - iat`. Safe to share between threads.
#[pyclass(frozen, module = "chat_autologin")]
struct Verifier {
    inner: chat_autologin::Verifier,
    secrets: usize,
}

/// A core verifier with the caller's options, each judged by the core.
fn build_verifier(
    py: Python<'_>,
    (name, secrets): (&str, &Bound<'_, PyAny>),
    leeway: Span,
    max_lifetime: Span,
) -> PyResult<(chat_autologin::Verifier, usize)> {
    let items = secret_items(secrets, name)?;
    with_secrets(&items, name, |secrets| {
        guarded(py, || {
            let verifier = chat_autologin::Verifier::new(secrets)?
                .with_leeway_seconds(leeway.0)?
                .with_max_lifetime_seconds(max_lifetime.0)?;
            Ok((verifier, secrets.len()))
        })
    })
}

#[pymethods]
impl Verifier {
    #[new]
    #[pyo3(
        signature = (secrets, *, leeway = DEFAULT_LEEWAY, max_lifetime = DEFAULT_MAX_LIFETIME),
        text_signature = "(secrets, *, leeway=60, max_lifetime=86400)"
    )]
    fn new(
        py: Python<'_>,
        secrets: &Bound<'_, PyAny>,
        leeway: Span,
        max_lifetime: Span,
    ) -> PyResult<Verifier> {
        let (inner, secrets) = build_verifier(py, ("secrets", secrets), leeway, max_lifetime)?;
        Ok(Verifier { inner, secrets })
    }

    /// Verifies a token as of `now` (seconds since the Unix epoch; default the
    /// system clock) and returns its claims.
    #[pyo3(signature = (token, *, now = None))]
    fn verify(
        &self,
        py: Python<'_>,
        token: &Bound<'_, PyString>,
        now: Option<Instant>,
    ) -> PyResult<ChatClaims> {
        let token = token_text(token)?;
        guarded(py, || self.inner.verify_at_seconds(&token, instant(now))).map(ChatClaims::from)
    }

    /// The clock-skew allowance, in seconds.
    #[getter]
    fn leeway(&self) -> f64 {
        self.inner.leeway()
    }

    /// The longest `exp - iat` accepted, in seconds.
    #[getter]
    fn max_lifetime(&self) -> f64 {
        self.inner.max_lifetime()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "<Verifier secrets={} leeway={} max_lifetime={}>",
            self.secrets,
            py_repr(py, self.inner.leeway())?,
            py_repr(py, self.inner.max_lifetime())?,
        ))
    }
}

// ---------------------------------------------------------------------------
// Functions.

/// Mints one token for the visitor, valid for `ttl` (whole seconds, 1 to 86400,
/// an int or a `datetime.timedelta`), issued at `now` (default the system clock).
/// To mint many, keep an `Issuer`.
#[pyfunction]
#[pyo3(signature = (email, name, ttl, secret, *, now = None))]
fn mint_chat_token(
    py: Python<'_>,
    email: &Bound<'_, PyString>,
    name: &Bound<'_, PyString>,
    ttl: Span,
    secret: &Bound<'_, PyAny>,
    now: Option<Instant>,
) -> PyResult<String> {
    let secret = one_secret(secret)?;
    let issuer = guarded(py, || {
        chat_autologin::Issuer::with_ttl_seconds(&secret, ttl.0)
    })?;
    let (email, name) = (email_text(email)?, name_text(name)?);
    guarded(py, || issuer.issue(&email, &name, instant(now))).map(|minted| minted.token)
}

/// Verifies one token against one secret or a list of them and returns its
/// claims. To verify many, keep a `Verifier`.
#[pyfunction]
#[pyo3(
    signature = (token, secret, *, leeway = DEFAULT_LEEWAY, now = None, max_lifetime = DEFAULT_MAX_LIFETIME),
    text_signature = "(token, secret, *, leeway=60, now=None, max_lifetime=86400)"
)]
fn verify_chat_token(
    py: Python<'_>,
    token: &Bound<'_, PyString>,
    secret: &Bound<'_, PyAny>,
    leeway: Span,
    now: Option<Instant>,
    max_lifetime: Span,
) -> PyResult<ChatClaims> {
    let (verifier, _) = build_verifier(py, ("secret", secret), leeway, max_lifetime)?;
    let token = token_text(token)?;
    guarded(py, || verifier.verify_at_seconds(&token, instant(now))).map(ChatClaims::from)
}

/// Decodes a token's header and claims **without** checking its signature:
/// `{"header": {...}, "claims": {...}}`. Never use it to log anyone in.
#[pyfunction]
fn inspect_unverified<'py>(
    py: Python<'py>,
    token: &Bound<'py, PyString>,
) -> PyResult<Bound<'py, PyDict>> {
    let token = token_text(token)?;
    let inspection = guarded(py, || chat_autologin::inspect_unverified(&token))?;
    let result = PyDict::new(py);
    result.set_item("header", json_object_to_py(py, &inspection.header)?)?;
    result.set_item("claims", json_object_to_py(py, &inspection.claims)?)?;
    Ok(result)
}

/// Panics inside the error boundary, to test that a panic never escapes as
/// pyo3's `PanicException`. Only in debug builds.
#[cfg(debug_assertions)]
#[pyfunction]
fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    guarded(py, || -> chat_autologin::Result<()> {
        panic!("a panic raised on purpose by the test suite")
    })
}

#[pymodule]
#[pyo3(name = "_native")]
fn native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(mint_chat_token, module)?)?;
    module.add_function(wrap_pyfunction!(verify_chat_token, module)?)?;
    module.add_function(wrap_pyfunction!(inspect_unverified, module)?)?;
    // A private test hook, kept out of `__all__`.
    #[cfg(debug_assertions)]
    module.setattr(
        "_panic_for_tests",
        wrap_pyfunction!(_panic_for_tests, module)?,
    )?;
    module.add_class::<ChatClaims>()?;
    module.add_class::<MintedToken>()?;
    module.add_class::<Issuer>()?;
    module.add_class::<Verifier>()?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // The browser companion script, served by the Flask and Django integrations.
    module.add("COMPANION_SCRIPT", chat_autologin::COMPANION_SCRIPT)?;
    web::register(module)?;
    diagnose::register(module)?;
    Ok(())
}
