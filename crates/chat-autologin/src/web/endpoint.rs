//! The token endpoint: `GET|HEAD <prefix>/token[?desk=<name>]`.

use std::borrow::Cow;

use super::settings::{Desks, Site};
use super::{ALLOWED_METHODS, JSON_CONTENT_TYPE, TOKEN_CACHE_CONTROL};
use crate::error::ErrorKind;
use crate::issuer::Issuer;

/// What an integration reads of a token request.
#[derive(Clone, Copy, Debug)]
pub struct TokenRequest<'a> {
    /// The method, as sent (`GET`, `HEAD`, …).
    pub method: &'a str,
    /// The raw query string, without the `?` (empty when there is none).
    pub query: &'a [u8],
    /// The `Sec-Fetch-Site` request header, if present.
    pub sec_fetch_site: Option<&'a str>,
}

/// The first step's outcome: an answer at once, or the desk whose token is
/// wanted, once the integration knows who is signed in.
#[derive(Debug)]
pub enum Token {
    /// Answer this; no user lookup is needed.
    Answer(Answer),
    /// Look the signed-in user up, then call [`Site::token_answer`].
    LookUpUser(Pending),
}

/// A token request that passed the method, cross-site and desk checks: which
/// desk, and whether the answer has a body (not for `HEAD`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pending {
    desk: usize,
    head: bool,
}

impl Pending {
    /// The desk's position in [`Site::desks`] (0 with a single secret), for
    /// bindings that hand a `Pending` over as a number.
    #[doc(hidden)]
    pub fn index(self) -> usize {
        self.desk
    }

    /// Whether the request was a `HEAD` (for bindings).
    #[doc(hidden)]
    pub fn is_head(self) -> bool {
        self.head
    }

    /// A `Pending` rebuilt from [`index`](Self::index) and
    /// [`is_head`](Self::is_head); [`Site::token_answer`] refuses an index that
    /// is not one of its desks.
    #[doc(hidden)]
    pub fn from_parts(index: usize, head: bool) -> Pending {
        Pending { desk: index, head }
    }
}

/// A string from the site's user lookup: text, or a string that is not
/// Unicode text (a Python or JavaScript string holding a lone surrogate).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text<'a> {
    /// Valid text.
    Valid(&'a str),
    /// Not text: the string with each lone surrogate replaced by U+FFFD, so
    /// that its domain can still be read. No token is minted from it.
    NotUnicode(&'a str),
}

impl<'a> Text<'a> {
    /// The text, lossy for [`Text::NotUnicode`].
    fn lossy(self) -> &'a str {
        match self {
            Text::Valid(text) | Text::NotUnicode(text) => text,
        }
    }
}

/// The signed-in visitor, as the site's user lookup found them.
#[derive(Clone, Copy, Debug)]
pub struct SiteUser<'a> {
    /// The email, the chat's key for the user.
    pub email: Text<'a>,
    /// The name the agents see; a missing, empty or whitespace-only one becomes
    /// the email.
    pub display_name: Option<Text<'a>>,
}

/// One HTTP answer, to write as it is: status, headers, body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// The headers, names in their usual case: borrowed for the token
    /// endpoint's answers, which all share a few fixed sets.
    pub headers: Cow<'static, [(&'static str, &'static str)]>,
    /// The body (empty for `HEAD` and 304).
    pub body: Cow<'static, [u8]>,
    /// A line for the site's log at warning level, when there is one to write:
    /// it names the rule a signed-in user broke, never the user or a secret.
    pub warning: Option<String>,
}

const JSON_HEADERS: [(&str, &str); 3] = [
    ("Content-Type", JSON_CONTENT_TYPE),
    ("Cache-Control", TOKEN_CACHE_CONTROL),
    ("X-Content-Type-Options", "nosniff"),
];

/// The JSON headers and `Allow`, for 405.
const JSON_HEADERS_ALLOW: [(&str, &str); 4] = [
    JSON_HEADERS[0],
    JSON_HEADERS[1],
    JSON_HEADERS[2],
    ("Allow", ALLOWED_METHODS),
];

impl Answer {
    /// A JSON answer with the token endpoint's headers.
    fn json(status: u16, body: Cow<'static, [u8]>, head: bool) -> Answer {
        Answer {
            status,
            headers: Cow::Borrowed(&JSON_HEADERS),
            body: if head { Cow::Borrowed(&[]) } else { body },
            warning: None,
        }
    }

    /// `{"error":"<code>"}`.
    fn error(status: u16, code: &str, head: bool) -> Answer {
        let body = format!("{{\"error\":\"{code}\"}}").into_bytes();
        Answer::json(status, Cow::Owned(body), head)
    }

    /// 405 with `Allow: GET, HEAD`, for the token endpoint and the companion.
    pub(super) fn method_not_allowed() -> Answer {
        let mut answer = Answer::error(405, "method_not_allowed", false);
        answer.headers = Cow::Borrowed(&JSON_HEADERS_ALLOW);
        answer
    }

    /// The value of header `name` (ASCII case ignored), if set.
    pub fn header(&self, name: &str) -> Option<&'static str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| *value)
    }
}

/// Whether the method is `GET` or `HEAD`: `Some(is_head)`, or `None`.
pub(super) fn safe_method(method: &str) -> Option<bool> {
    match method {
        "GET" => Some(false),
        "HEAD" => Some(true),
        _ => None,
    }
}

impl Site {
    /// The first checks of a token request, in this order: the method (405),
    /// `Sec-Fetch-Site: cross-site` (403 `cross_site_request`), the `desk`
    /// parameter (400 `desk_ambiguous` for more than one; with several desks,
    /// 400 `desk_required` for none or an empty one, 404 `unknown_desk`). A
    /// single secret ignores a single `desk`.
    pub fn token_request(&self, request: &TokenRequest<'_>) -> Token {
        let Some(head) = safe_method(request.method) else {
            return Token::Answer(Answer::method_not_allowed());
        };
        let cross_site = request
            .sec_fetch_site
            .is_some_and(|site| site.trim().eq_ignore_ascii_case("cross-site"));
        if cross_site {
            return Token::Answer(Answer::error(403, "cross_site_request", head));
        }
        let mut desks = query_values(request.query, b"desk");
        let desk = desks.next();
        if desks.next().is_some() {
            return Token::Answer(Answer::error(400, "desk_ambiguous", head));
        }
        let index = match &self.desks {
            Desks::Single(_) => 0,
            Desks::Named(named) => match desk.as_deref() {
                None | Some("") => return Token::Answer(Answer::error(400, "desk_required", head)),
                Some(asked) => match named.iter().position(|(name, _)| name == asked) {
                    Some(index) => index,
                    None => return Token::Answer(Answer::error(404, "unknown_desk", head)),
                },
            },
        };
        Token::LookUpUser(Pending { desk: index, head })
    }

    /// The answer once the signed-in user is known (`None`: nobody is), in this
    /// order: 401 `not_authenticated`; 403 `email_domain_not_allowed` for an
    /// email whose part after the last `@`, lowercased in ASCII only, is none of
    /// the allowed domains; 403 `invalid_email` / `invalid_display_name` for a
    /// user who breaks a mint rule (with a [`warning`](Answer::warning) for the
    /// log); otherwise 200 `{"token":"…","expiresAt":<exp>}`.
    pub fn token_answer(&self, pending: Pending, user: Option<SiteUser<'_>>) -> Answer {
        self.token_answer_in(pending, user, Vec::new())
    }

    /// [`Site::token_answer`] with the 200's body written into `room`, emptied
    /// first: a binding that answers request after request takes the body
    /// back (it is [`Cow::Owned`]) and hands the same allocation in again.
    #[doc(hidden)]
    pub fn token_answer_in(
        &self,
        pending: Pending,
        user: Option<SiteUser<'_>>,
        room: Vec<u8>,
    ) -> Answer {
        let head = pending.head;
        let Some(user) = user else {
            return Answer::error(401, "not_authenticated", head);
        };
        let Some(issuer) = self.issuer(pending.desk) else {
            return Answer::error(500, "internal_error", head);
        };
        let email = user.email.lossy();
        if let Some(domains) = &self.domains {
            let domain = email.rsplit('@').next().unwrap_or(email);
            if !domains
                .iter()
                .any(|allowed| allowed_domain(domain, allowed))
            {
                return Answer::error(403, "email_domain_not_allowed", head);
            }
        }
        // The token is written straight into the body, {"token":"…","expiresAt":…},
        // whose room fits a token for an email and a name of 50 characters each.
        let mut body = room;
        body.clear();
        body.reserve(384);
        body.extend_from_slice(b"{\"token\":\"");
        let result = match (user.email, display_name(user.display_name, email)) {
            (Text::NotUnicode(_), _) => Err(not_text(ErrorKind::InvalidEmail, "email")),
            (_, None) => Err(not_text(ErrorKind::InvalidDisplayName, "display name")),
            (Text::Valid(email), Some(name)) => issuer.issue_now_into(email, name, &mut body),
        };
        match result {
            Ok(exp) => {
                body.extend_from_slice(b"\",\"expiresAt\":");
                body.extend_from_slice(itoa::Buffer::new().format(exp).as_bytes());
                body.push(b'}');
                Answer::json(200, Cow::Owned(body), head)
            }
            Err(error)
                if matches!(
                    error.kind(),
                    ErrorKind::InvalidEmail | ErrorKind::InvalidDisplayName
                ) =>
            {
                let mut answer = Answer::error(403, error.code(), head);
                // The core's messages name the rule, never the email or the name.
                answer.warning = Some(format!(
                    "chat-autologin: no token for the signed-in user: {}: {}",
                    error.code(),
                    error.message()
                ));
                answer
            }
            // Not the user's doing: only a system clock outside 1970..9999.
            Err(error) => {
                let mut answer = Answer::error(500, "internal_error", head);
                answer.warning = Some(format!(
                    "chat-autologin: could not mint a token: {}: {}",
                    error.code(),
                    error.message()
                ));
                answer
            }
        }
    }

    fn issuer(&self, index: usize) -> Option<&Issuer> {
        match &self.desks {
            Desks::Single(issuer) => (index == 0).then_some(issuer),
            Desks::Named(named) => named.get(index).map(|(_, issuer)| issuer),
        }
    }
}

/// The display name to mint with: the name, or the email when it is missing,
/// empty or only whitespace; `None` when the name is not text.
fn display_name<'a>(name: Option<Text<'a>>, email: &'a str) -> Option<&'a str> {
    match name {
        Some(Text::NotUnicode(_)) => None,
        Some(Text::Valid(name)) if !name.chars().all(char::is_whitespace) => Some(name),
        _ => Some(email),
    }
}

fn not_text(kind: ErrorKind, what: &str) -> crate::Error {
    crate::Error::new(
        kind,
        format!(
            "the {what} is a string that is not text (it holds a lone UTF-16 surrogate); \
             check how the site stores or decodes it"
        ),
    )
}

/// Whether an email's domain is an allowed one: ASCII letters compared without
/// case, every other character as it is, so that no Unicode case folding (the
/// Kelvin sign, a dotless i) can make another domain match.
fn allowed_domain(domain: &str, allowed: &str) -> bool {
    domain.eq_ignore_ascii_case(allowed)
}

/// The values of `name` in a query string, decoded as an HTML form decodes
/// them: `+` is a space, `%XX` a byte, bytes that are not UTF-8 become U+FFFD.
fn query_values<'q>(query: &'q [u8], name: &'q [u8]) -> impl Iterator<Item = Cow<'q, str>> + 'q {
    query
        .split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .filter_map(move |pair| {
            let (key, value) = match pair.iter().position(|&b| b == b'=') {
                Some(at) => (&pair[..at], &pair[at + 1..]),
                None => (pair, &pair[pair.len()..]),
            };
            (*decode(key) == *name).then(|| match decode(value) {
                Cow::Borrowed(bytes) => String::from_utf8_lossy(bytes),
                Cow::Owned(bytes) => Cow::Owned(String::from_utf8_lossy(&bytes).into_owned()),
            })
        })
}

/// Form decoding of one component: `+` and `%XX`; a `%` without two hex digits
/// stays as it is.
fn decode(component: &[u8]) -> Cow<'_, [u8]> {
    if !component.iter().any(|&b| b == b'%' || b == b'+') {
        return Cow::Borrowed(component);
    }
    let mut out = Vec::with_capacity(component.len());
    let mut i = 0;
    while i < component.len() {
        match component[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let digit = |at: usize| component.get(at).and_then(|&b| hex(b));
                match (digit(i + 1), digit(i + 2)) {
                    (Some(high), Some(low)) => {
                        out.push(high * 16 + low);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    Cow::Owned(out)
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}
