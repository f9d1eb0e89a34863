//! The token endpoint: which desk, who is signed in, and the answer.

use std::collections::{HashMap, HashSet};
use std::future::Future;

use axum::extract::{FromRequestParts, Query, Request};
use axum::http::header::{ALLOW, CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chat_autologin::{ErrorKind, Issuer};
use serde_json::json;

use crate::ChatUser;

/// The token endpoint's answers are never stored by a browser or a proxy.
const TOKEN_CACHE_CONTROL: &str = "no-store";
/// The methods the token endpoint answers (axum answers HEAD with GET's handler).
const TOKEN_ALLOW: &str = "GET, HEAD";

/// The issuers, one per service desk.
pub(crate) enum Issuers {
    /// One secret: every request gets its token, whatever `?desk=` says.
    Single(Issuer),
    /// Several secrets: every request names its desk.
    Desks(HashMap<String, Issuer>),
}

/// Everything the token endpoint needs, judged when the router was built.
pub(crate) struct Endpoint {
    pub(crate) issuers: Issuers,
    /// The allowed email domains, lowercase, or `None` for every domain.
    pub(crate) domains: Option<HashSet<String>>,
}

impl Endpoint {
    /// Answers one request. Checked in this order, as in the Python and Node
    /// integrations: the desk (400 `desk_required`, 404 `unknown_desk`), the
    /// user (401 `not_authenticated`), the email's domain (403
    /// `email_domain_not_allowed`), the core's input rules (403 with the
    /// core's code); then 200 `{"token","expiresAt"}`.
    pub(crate) async fn answer<S, E, F, Fut>(
        &self,
        current_user: F,
        state: &S,
        request: Request,
    ) -> Response
    where
        S: Send + Sync,
        E: FromRequestParts<S>,
        F: FnOnce(E) -> Fut,
        Fut: Future<Output = Option<ChatUser>>,
    {
        let (mut parts, _body) = request.into_parts();
        let issuer = match self.issuer(desk(&parts.uri).as_deref()) {
            Ok(issuer) => issuer,
            Err((status, code)) => return error(status, code),
        };
        let extracted = match E::from_request_parts(&mut parts, state).await {
            Ok(extracted) => Some(extracted),
            Err(rejection) => {
                // A rejection means "not signed in", whatever it would answer
                // elsewhere (a redirect to the sign-in page, a 401 page), so
                // that the companion reads it; a server error stays one.
                let response = rejection.into_response();
                if response.status().is_server_error() {
                    return no_store(response);
                }
                None
            }
        };
        let user = match extracted {
            Some(extracted) => current_user(extracted).await,
            None => None,
        };
        let Some(user) = user else {
            return error(StatusCode::UNAUTHORIZED, "not_authenticated");
        };
        if !self.email_allowed(&user.email) {
            return error(StatusCode::FORBIDDEN, "email_domain_not_allowed");
        }
        match issuer.issue(&user.email, &user.display_name, None) {
            Ok(minted) => answer(
                StatusCode::OK,
                json!({"token": minted.token, "expiresAt": minted.exp}),
            ),
            // A user the chat cannot take; the code names the rule, never the user.
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::InvalidEmail | ErrorKind::InvalidDisplayName
                ) =>
            {
                error(StatusCode::FORBIDDEN, e.code())
            }
            // Only a system clock outside 1970..9999 gets here.
            Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.code()),
        }
    }

    /// The issuer of the desk asked for, or the status and code of the refusal.
    fn issuer(&self, desk: Option<&str>) -> Result<&Issuer, (StatusCode, &'static str)> {
        match (&self.issuers, desk) {
            (Issuers::Single(issuer), _) => Ok(issuer),
            (Issuers::Desks(_), None | Some("")) => Err((StatusCode::BAD_REQUEST, "desk_required")),
            (Issuers::Desks(desks), Some(name)) => desks
                .get(name)
                .ok_or((StatusCode::NOT_FOUND, "unknown_desk")),
        }
    }

    /// Whether the email's domain (after its last `@`, any case) is allowed.
    fn email_allowed(&self, email: &str) -> bool {
        match &self.domains {
            None => true,
            Some(domains) => {
                let domain = email.rsplit('@').next().unwrap_or(email);
                domains.contains(&domain.to_lowercase())
            }
        }
    }
}

/// The first `desk` of the query string, if any.
fn desk(uri: &Uri) -> Option<String> {
    let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(uri).ok()?;
    pairs
        .into_iter()
        .find(|(key, _)| key == "desk")
        .map(|(_, value)| value)
}

/// Any other method than GET or HEAD on the token route: a JSON 405 too.
pub(crate) async fn method_not_allowed() -> Response {
    let mut response = error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    response
        .headers_mut()
        .insert(ALLOW, HeaderValue::from_static(TOKEN_ALLOW));
    response
}

fn error(status: StatusCode, code: &str) -> Response {
    answer(status, json!({ "error": code }))
}

/// A compact JSON answer that no cache keeps.
fn answer(status: StatusCode, body: serde_json::Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    no_store(response)
}

fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static(TOKEN_CACHE_CONTROL));
    response
}
