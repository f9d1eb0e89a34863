//! The site side (`chat_autologin::web`) for the Python integrations: Python
//! values become the core's `SettingValue`s, the core's answers become plain
//! Python objects. Every rule is the core's.

use chat_autologin::web::{self, SettingNames, SettingValue, SiteSettings, SiteUser, Text};
use chat_autologin::Seconds;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyFloat, PyFrozenSet, PyInt, PyList, PyMapping, PyMemoryView,
    PySet, PyString, PyTuple,
};

use crate::{guarded, int_seconds, seconds, to_py_err, type_name};

/// How deep a setting's lists and mappings are followed: no setting nests
/// more than twice, and a list that holds itself must not recurse for ever.
const MAX_DEPTH: usize = 4;

/// A Python value as the core's dynamically typed setting.
fn setting(value: &Bound<'_, PyAny>) -> PyResult<SettingValue> {
    nested(value, 0)
}

fn nested(value: &Bound<'_, PyAny>, depth: usize) -> PyResult<SettingValue> {
    if value.is_none() {
        return Ok(SettingValue::Unset);
    }
    if let Ok(flag) = value.cast::<PyBool>() {
        return Ok(SettingValue::Bool(flag.is_true()));
    }
    if value.is_instance_of::<PyInt>() {
        return Ok(SettingValue::Number(int_seconds(value)?));
    }
    if let Ok(float) = value.cast::<PyFloat>() {
        return Ok(SettingValue::Number(float.value()));
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(match text.to_str() {
            Ok(text) => SettingValue::text(text),
            Err(_) => SettingValue::NotText,
        });
    }
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(SettingValue::bytes(bytes.as_bytes()));
    }
    if let Ok(array) = value.cast::<PyByteArray>() {
        return Ok(SettingValue::bytes(array.to_vec()));
    }
    if value.is_instance_of::<PyMemoryView>() {
        let copy = value.call_method0("tobytes")?;
        return Ok(SettingValue::bytes(copy.cast::<PyBytes>()?.as_bytes()));
    }
    if let Ok(Seconds::Number(n)) = seconds(value, true) {
        // a datetime.timedelta
        return Ok(SettingValue::Number(n));
    }
    let container = value.is_instance_of::<PyList>()
        || value.is_instance_of::<PyTuple>()
        || value.is_instance_of::<PySet>()
        || value.is_instance_of::<PyFrozenSet>()
        || value.cast::<PyMapping>().is_ok();
    if container && depth >= MAX_DEPTH {
        return Ok(SettingValue::Other("a value nested too deep".to_owned()));
    }
    if value.is_instance_of::<PyList>()
        || value.is_instance_of::<PyTuple>()
        || value.is_instance_of::<PySet>()
        || value.is_instance_of::<PyFrozenSet>()
    {
        return value
            .try_iter()?
            .map(|item| nested(&item?, depth + 1))
            .collect::<PyResult<_>>()
            .map(SettingValue::List);
    }
    if let Ok(mapping) = value.cast::<PyMapping>() {
        let mut entries = Vec::new();
        for item in mapping.items()?.iter() {
            let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
            entries.push((nested(&key, depth + 1)?, nested(&value, depth + 1)?));
        }
        return Ok(SettingValue::Map(entries));
    }
    Ok(SettingValue::Other(type_name(value)))
}

/// One answer: `status`, `headers` (a list of name, value pairs), `body`
/// (bytes) and `warning` (a line for the log, or None).
#[pyclass(frozen, module = "chat_autologin", get_all)]
pub(crate) struct Answer {
    status: u16,
    headers: Vec<(&'static str, &'static str)>,
    body: Py<PyBytes>,
    warning: Option<String>,
}

impl Answer {
    fn new(py: Python<'_>, answer: web::Answer) -> Answer {
        Answer {
            status: answer.status,
            headers: answer.headers.into_owned(),
            body: PyBytes::new(py, &answer.body).unbind(),
            warning: answer.warning,
        }
    }
}

#[pymethods]
impl Answer {
    fn __repr__(&self) -> String {
        // The body may hold a token: not shown.
        format!("<Answer status={}>", self.status)
    }
}

/// A token request that passed the first checks: the user lookup comes next.
#[pyclass(frozen, module = "chat_autologin")]
pub(crate) struct Pending(web::Pending);

/// A string from the user lookup: text, or its lossy form when it holds a lone
/// surrogate.
fn user_text<'a>(value: &'a Bound<'_, PyAny>, what: &str) -> PyResult<std::borrow::Cow<'a, str>> {
    let text = value.cast::<PyString>().map_err(|_| {
        PyTypeError::new_err(format!(
            "the user lookup's {what} must be a str, not {}",
            type_name(value)
        ))
    })?;
    Ok(match text.to_str() {
        Ok(valid) => std::borrow::Cow::Borrowed(valid),
        Err(_) => std::borrow::Cow::Owned(text.to_string_lossy().into_owned()),
    })
}

fn wrap(text: &str, valid: bool) -> Text<'_> {
    if valid {
        Text::Valid(text)
    } else {
        Text::NotUnicode(text)
    }
}

fn is_text(value: &Bound<'_, PyAny>) -> bool {
    value
        .cast::<PyString>()
        .is_ok_and(|text| text.to_str().is_ok())
}

/// A site's settings, judged once: the token endpoint's answers, the
/// companion's and its script tag. `names` spells the five settings (secret,
/// secrets, ttl, allowed email domains, path prefix) as the framework does, for
/// the messages.
#[pyclass(frozen, module = "chat_autologin")]
pub(crate) struct Site {
    inner: web::Site,
}

#[pymethods]
impl Site {
    #[new]
    #[pyo3(signature = (*, names, secret = None, secrets = None, ttl = None, allowed_email_domains = None, path_prefix = None))]
    fn new(
        py: Python<'_>,
        names: (String, String, String, String, String),
        secret: Option<&Bound<'_, PyAny>>,
        secrets: Option<&Bound<'_, PyAny>>,
        ttl: Option<&Bound<'_, PyAny>>,
        allowed_email_domains: Option<&Bound<'_, PyAny>>,
        path_prefix: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Site> {
        let value =
            |given: Option<&Bound<'_, PyAny>>| given.map_or(Ok(SettingValue::Unset), setting);
        let settings = SiteSettings {
            secret: value(secret)?,
            secrets: value(secrets)?,
            ttl: value(ttl)?,
            allowed_email_domains: value(allowed_email_domains)?,
            path_prefix: value(path_prefix)?,
        };
        let names = SettingNames {
            secret: &names.0,
            secrets: &names.1,
            ttl: &names.2,
            allowed_email_domains: &names.3,
            path_prefix: &names.4,
        };
        let inner = guarded(py, || web::Site::new(settings, &names).map_err(Into::into))?;
        Ok(Site { inner })
    }

    /// The path prefix, without a trailing `/` (`""` for the site's root).
    #[getter]
    fn prefix(&self) -> &str {
        self.inner.prefix()
    }

    /// The lifetime of each token, in seconds.
    #[getter]
    fn ttl(&self) -> u32 {
        self.inner.ttl()
    }

    /// The service desk names (empty with a single secret).
    #[getter]
    fn desks(&self) -> Vec<String> {
        self.inner.desks().map(str::to_owned).collect()
    }

    /// The first checks of `GET <prefix>/token`: an `Answer` to send at once,
    /// or a `Pending` to pass to `token_answer` with the signed-in user.
    #[pyo3(signature = (method, query, sec_fetch_site = None))]
    fn token_request(
        &self,
        py: Python<'_>,
        method: &str,
        query: &[u8],
        sec_fetch_site: Option<&str>,
    ) -> PyResult<Py<PyAny>> {
        let request = web::TokenRequest {
            method,
            query,
            sec_fetch_site,
        };
        Ok(match self.inner.token_request(&request) {
            web::Token::Answer(answer) => Answer::new(py, answer)
                .into_pyobject(py)?
                .into_any()
                .unbind(),
            web::Token::LookUpUser(pending) => {
                Pending(pending).into_pyobject(py)?.into_any().unbind()
            }
        })
    }

    /// The answer once the user lookup is done: `user` is None (nobody is
    /// signed in) or `(email, display_name)`, the name possibly None.
    fn token_answer(
        &self,
        py: Python<'_>,
        pending: &Bound<'_, Pending>,
        user: Option<(Bound<'_, PyAny>, Bound<'_, PyAny>)>,
    ) -> PyResult<Answer> {
        let pending = pending.get();
        let answer = match user {
            None => self.inner.token_answer(pending.0, None),
            Some((email, name)) => {
                let email_text = user_text(&email, "email")?;
                let name_text = if name.is_none() {
                    None
                } else {
                    Some(user_text(&name, "display name")?)
                };
                let user = SiteUser {
                    email: wrap(&email_text, is_text(&email)),
                    display_name: name_text.as_deref().map(|text| wrap(text, is_text(&name))),
                };
                self.inner.token_answer(pending.0, Some(user))
            }
        };
        Ok(Answer::new(py, answer))
    }

    /// The companion's `<script>` tag, its URL being `src`.
    #[pyo3(signature = (src, *, desk = None, show = false, retry_for = None, nonce = None, anonymous = false))]
    #[allow(clippy::too_many_arguments)]
    fn script_tag(
        &self,
        py: Python<'_>,
        src: &str,
        desk: Option<&str>,
        show: bool,
        retry_for: Option<&Bound<'_, PyAny>>,
        nonce: Option<&str>,
        anonymous: bool,
    ) -> PyResult<String> {
        let retry_for = match retry_for {
            Some(value) if !value.is_none() => Some(seconds(value, true)?),
            _ => None,
        };
        let options = web::ScriptOptions {
            desk,
            show,
            retry_for,
            nonce,
            anonymous,
        };
        self.inner
            .script_tag(src, &options)
            .map_err(|error| to_py_err(py, &error))
    }

    fn __repr__(&self) -> String {
        // The core's Debug: desk names quoted only when short, never a secret.
        format!("<Site {:?}>", self.inner)
    }
}

/// The answer of `<prefix>/client.js` to `method` with this `If-None-Match`.
#[pyfunction]
#[pyo3(signature = (method, if_none_match = None))]
fn client_js(py: Python<'_>, method: &str, if_none_match: Option<&str>) -> Answer {
    Answer::new(py, web::client_js(method, if_none_match))
}

/// A setting's text for a message: quoted when short, by its length when it
/// could be a secret put in the wrong place (the core's rule).
#[pyfunction]
fn quoted(text: &str) -> String {
    web::quoted(text)
}

/// Adds the site side to the module.
pub(crate) fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<Site>()?;
    module.add_class::<Answer>()?;
    module.add_class::<Pending>()?;
    module.add_function(wrap_pyfunction!(client_js, module)?)?;
    module.add_function(wrap_pyfunction!(quoted, module)?)?;
    module.add("SCRIPT_VERSION", web::script_version())?;
    module.add("DEFAULT_PREFIX", web::DEFAULT_PREFIX)?;
    module.add("DEFAULT_TTL", web::DEFAULT_TTL_SECS)?;
    module.add("TOKEN_PATH", web::TOKEN_PATH)?;
    module.add("CLIENT_JS_PATH", web::CLIENT_JS_PATH)?;
    Ok(())
}
