//! An example site on axum: sign in with any email and name (no password, it
//! is a demo), and the chat widget on the page logs you in with a token from
//! `chat-autologin-axum`. Sign out logs the widget out too.
//!
//! Configuration, from the environment:
//!
//! | variable                 | default                                 |
//! |--------------------------|-----------------------------------------|
//! | `CHAT_AUTOLOGIN_SECRET`  | required: the service desk project's secret key |
//! | `CHAT_WIDGET_SCRIPT_URL` | `http://127.0.0.1:8787/chat-widget.js` (the emulator) |
//! | `CHAT_JIRA_ID`           | `emulator`                              |
//! | `CHAT_SERVICE_DESK_ID`   | `1`                                     |
//! | `PORT`                   | `5000` (`0` picks a free one)           |

mod page;

use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use axum::extract::{OptionalFromRequestParts, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chat_autologin_axum::{ChatAutologin, ChatUser, ScriptOptions};
use serde::Deserialize;

use page::Widget;

/// The cookie that holds the session id.
const SESSION_COOKIE: &str = "example_session";

/// A signed-in visitor.
#[derive(Clone, Debug)]
struct User {
    email: String,
    name: String,
}

/// The site's state: the sessions (in memory: a restart signs everybody out)
/// and what every page embeds.
#[derive(Clone)]
struct Site {
    sessions: Arc<Mutex<HashMap<String, User>>>,
    widget: Arc<Widget>,
}

/// `Option<User>` in a handler: the visitor of the request's session cookie.
impl OptionalFromRequestParts<Site> for User {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        site: &Site,
    ) -> Result<Option<User>, Self::Rejection> {
        let Some(id) = session_id(&parts.headers) else {
            return Ok(None);
        };
        Ok(site.sessions.lock().unwrap().get(id).cloned())
    }
}

fn session_id(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|cookie| cookie.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value)
}

async fn home(State(site): State<Site>, user: Option<User>) -> Html<String> {
    Html(page::home(&site.widget, user.as_ref(), None))
}

#[derive(Deserialize)]
struct SignIn {
    email: String,
    name: String,
}

async fn sign_in(State(site): State<Site>, Form(form): Form<SignIn>) -> Response {
    let email = form.email.trim();
    let name = form.name.trim();
    // The rules the chat's tokens follow, checked here so that the form can say so.
    let problem = chat_autologin::rules::email(email)
        .and_then(|()| chat_autologin::rules::display_name(name))
        .err();
    if let Some(problem) = problem {
        let page = page::home(&site.widget, None, Some(problem.message()));
        return (StatusCode::BAD_REQUEST, Html(page)).into_response();
    }
    let mut bytes = [0u8; 32];
    if getrandom::fill(&mut bytes).is_err() {
        return (StatusCode::INTERNAL_SERVER_ERROR, "no random numbers").into_response();
    }
    let id: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    let user = User {
        email: email.to_owned(),
        name: name.to_owned(),
    };
    site.sessions.lock().unwrap().insert(id.clone(), user);
    let cookie = format!("{SESSION_COOKIE}={id}; Path=/; HttpOnly; SameSite=Lax");
    ([(SET_COOKIE, cookie)], Redirect::to("/")).into_response()
}

/// Ends the session. The page has already logged the widget out
/// (`window.chatAutologin.logout()`) before posting here.
async fn sign_out(State(site): State<Site>, headers: HeaderMap) -> Response {
    if let Some(id) = session_id(&headers) {
        site.sessions.lock().unwrap().remove(id);
    }
    let cookie = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    ([(SET_COOKIE, cookie)], Redirect::to("/")).into_response()
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|value| !value.is_empty())
        .unwrap_or_else(|| default.to_owned())
}

fn site() -> Result<(Router, u16), String> {
    let secret = std::env::var("CHAT_AUTOLOGIN_SECRET").map_err(|_| {
        "CHAT_AUTOLOGIN_SECRET is not set: set it to the service desk project's secret key \
         (for the emulator, the secret it was started with)"
            .to_owned()
    })?;
    let port = env_or("PORT", "5000");
    let port: u16 = port
        .parse()
        .map_err(|_| format!("PORT must be a port number, not {port:?}"))?;

    let chat = ChatAutologin::new(secret);
    let widget = Widget {
        script_url: env_or(
            "CHAT_WIDGET_SCRIPT_URL",
            "http://127.0.0.1:8787/chat-widget.js",
        ),
        jira_id: env_or("CHAT_JIRA_ID", "emulator"),
        service_desk_id: env_or("CHAT_SERVICE_DESK_ID", "1"),
        companion: chat
            .script_tag(None, false)
            .map_err(|e| format!("CHAT_AUTOLOGIN_SECRET: {}: {e}", e.code()))?,
        companion_anonymous: chat
            .script_tag_with(&ScriptOptions {
                anonymous: true,
                ..ScriptOptions::default()
            })
            .map_err(|e| format!("CHAT_AUTOLOGIN_SECRET: {}: {e}", e.code()))?,
    };
    // The token endpoint asks the same `Option<User>` extractor as the pages.
    let chat_routes = chat
        .router(|user: Option<User>| async move {
            user.map(|user| ChatUser::new(user.email, user.name))
        })
        .map_err(|e| format!("CHAT_AUTOLOGIN_SECRET: {}: {e}", e.code()))?;

    let site = Site {
        sessions: Arc::default(),
        widget: Arc::new(widget),
    };
    let router = Router::new()
        .route("/", get(home))
        .route("/sign-in", post(sign_in))
        .route("/sign-out", post(sign_out))
        .merge(chat_routes)
        .with_state(site);
    Ok((router, port))
}

#[tokio::main]
async fn main() -> ExitCode {
    let (router, port) = match site() {
        Ok(site) => site,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{port}: {e}; set PORT to another port");
            return ExitCode::FAILURE;
        }
    };
    // Listen for the signals before announcing the URL: whoever waits for that
    // line may stop the site at once.
    let stop = match stop() {
        Ok(stop) => stop,
        Err(e) => {
            eprintln!("error: cannot listen for signals: {e}");
            return ExitCode::FAILURE;
        }
    };
    let port = listener.local_addr().map_or(port, |address| address.port());
    println!("example site on http://127.0.0.1:{port}/");
    let _ = std::io::stdout().flush();
    if let Err(e) = axum::serve(listener, router)
        .with_graceful_shutdown(stop)
        .await
    {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Ctrl-C, or SIGTERM on Unix, listened for from the call on.
fn stop() -> std::io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
