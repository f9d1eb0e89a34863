//! `chat-autologin serve`: a local emulator of the chat widget's login side.
//!
//! It serves a stand-in for the vendor's widget script (`widget.js`), verifies the
//! tokens that script posts with the core's [`Verifier`], keeps the sessions it
//! created and the attempts it refused in memory, and shows them on a log page.
//! Everything HTTP is axum's; this module only routes and translates.

mod page;
mod state;

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Query, Request, State};
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chat_autologin::Verifier;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use serde::Deserialize;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::args::ServeArgs;
use crate::input;
use crate::Failure;

use state::{Answer, Caller, Emulator};

/// The stand-in for the vendor's widget script, served at `/chat-widget.js`.
pub(crate) const WIDGET_JS: &str = include_str!("widget.js");

/// The longest `--new-user-delay`, in seconds (the vendor's own delay is under a minute).
pub(crate) const MAX_NEW_USER_DELAY_SECS: u32 = 600;

/// How long open connections may take to finish once asked to stop.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// How long a client may take to send a request's headers before its
/// connection is closed, so that trickled headers cannot hold connections open.
pub(crate) const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);

pub(crate) const LONG_ABOUT: &str = "\
Run a local emulator of the chat widget's login side, to try a site's auto-login without \
a live service desk. It prints its URL on stdout when it is ready:

  chat-autologin emulator listening on http://127.0.0.1:8787/

and runs until Ctrl-C or SIGTERM. Events (logins, refusals) go to stderr.

A page uses it in place of the vendor's script, with the same JavaScript API: the \
<chat-widget> element (onload / the `load` event, loginWithToken(token), logout(), \
show(), hide()) and the older window.spartezSupportChat global (initCallback, \
sso.login(token), sso.logout()). The widget shows a small bubble, bottom right, saying \
who is logged in. Its full API is documented at the top of /chat-widget.js.

Tokens are verified exactly as `chat-autologin verify` does, against every secret \
given (for rotations). A refusal carries the contract's code (bad_signature, \
token_expired, …), which loginWithToken rejects with as `error.code`.

Endpoints. The widget's own ones (the script, login, logout, session) answer any \
origin, CORS without credentials; the log and the reset are for the emulator's own \
pages and for tools, not for other origins:
  GET  /                 the log page: sessions created and attempts refused, newest first
  GET  /chat-widget.js   the stand-in widget script
  POST /api/login        {\"token\",\"sessionId\"} -> 200 {\"loggedIn\":true,\"email\",\"displayName\",\"sessionId\"},
                         401 {\"error\":{\"code\",\"message\"}}, or 503 user_not_ready (--new-user-delay)
  POST /api/logout       {\"sessionId\"} -> 200 {\"loggedIn\":false,\"sessionId\",\"wasLoggedIn\"}
  GET  /api/session      ?sessionId=… -> {\"loggedIn\",\"email\",\"displayName\",\"sessionId\"}
  GET  /api/log          {\"settings\",\"sessions\":[…],\"rejections\":[…]}, newest first (no CORS)
  POST /api/reset        forget every session, refusal and seen email (no CORS; 403 \
cross_site_request from another site or origin)

The emulator never shows a secret, and shows at most the first 16 characters of a token. \
It keeps everything in memory (the last 1000 sessions and 1000 refusals) and forgets it \
when it stops.";

pub(crate) const AFTER_HELP: &str = "\
Examples:
  chat-autologin serve --secret-env CHAT_AUTOLOGIN_SECRET
  chat-autologin serve --secret-env CHAT_AUTOLOGIN_SECRET --secret-env CHAT_AUTOLOGIN_OLD_SECRET --port 0
  chat-autologin serve --secret-file secret.txt --new-user-delay 30

A page on the site then adds, before its own auto-login code:
  <script src=\"http://127.0.0.1:8787/chat-widget.js\"></script>
  <chat-widget jira-id=\"emulator\" service-desk-id=\"1\"></chat-widget>";

/// Runs the emulator until it is asked to stop.
pub(crate) fn run(args: &ServeArgs) -> Result<String, Failure> {
    let secrets = input::read_all(&args.secrets.secret_env, &args.secrets.secret_file)?;
    let verifier = args
        .rules
        .apply(Verifier::new(secrets.iter().map(|secret| &*secret.bytes))?)?;
    // The raw secrets stay (wiped on drop) only so that a refused login can be
    // diagnosed: which usual mistake with them signed the token.
    let secret_bytes = secrets.iter().map(|secret| secret.bytes.clone()).collect();
    drop(secrets);
    let new_user_delay = new_user_delay(args.new_user_delay)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::Runtime(format!("cannot start the emulator: {e}")))?;
    runtime.block_on(async {
        let listener = TcpListener::bind((args.host.as_str(), args.port))
            .await
            .map_err(|e| {
                Failure::Runtime(format!(
                    "cannot listen on {}:{}: {e}; pick another --port (0 picks a free one)",
                    args.host, args.port
                ))
            })?;
        let address = listener
            .local_addr()
            .map_err(|e| Failure::Runtime(format!("cannot tell the address listened on: {e}")))?;
        let base_url = format!("http://{address}/");
        let emulator = Arc::new(Emulator::new(
            verifier,
            secret_bytes,
            new_user_delay,
            base_url.clone(),
        ));
        // Both listen from now on, before anyone is told the URL.
        let graceful = Stop::listen()?;
        let deadline = Stop::listen()?;
        announce(&base_url)?;
        let connections = serve(listener, router(emulator), graceful.wait()).await;
        tokio::select! {
            () = connections.finish() => {}
            () = async {
                deadline.wait().await;
                tokio::time::sleep(SHUTDOWN_GRACE).await;
            } => {
                eprintln!("closing the connections still open");
            }
        }
        eprintln!("chat-autologin emulator stopped");
        Ok(String::new())
    })
}

/// The connections still being served after the emulator stopped accepting.
struct Connections {
    tasks: JoinSet<()>,
    stop: watch::Sender<bool>,
}

impl Connections {
    /// Asks each connection to finish its request in flight, and waits for all.
    async fn finish(mut self) {
        let _ = self.stop.send(true);
        while self.tasks.join_next().await.is_some() {}
    }
}

/// Accepts connections until `stop` completes, each one HTTP/1 with a header
/// read timeout (axum's own `serve` sets none).
async fn serve(
    listener: TcpListener,
    app: Router,
    stop: impl std::future::Future<Output = ()>,
) -> Connections {
    let (stop_sender, stop_receiver) = watch::channel(false);
    let mut tasks = JoinSet::new();
    tokio::pin!(stop);
    loop {
        let stream = tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors and the like: wait, then go on.
                    eprintln!("cannot accept a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        // Finished connections are reaped as new ones come.
        while tasks.try_join_next().is_some() {}
        let service = TowerToHyperService::new(app.clone());
        let mut stopping = stop_receiver.clone();
        tasks.spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => return,
                _ = stopping.wait_for(|stop| *stop) => {}
            }
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        });
    }
    Connections {
        tasks,
        stop: stop_sender,
    }
}

fn new_user_delay(seconds: f64) -> Result<Duration, Failure> {
    if !(0.0..=f64::from(MAX_NEW_USER_DELAY_SECS)).contains(&seconds) {
        return Err(Failure::Usage(format!(
            "--new-user-delay must be between 0 and {MAX_NEW_USER_DELAY_SECS} seconds, not {seconds}"
        )));
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// The line tests and people wait for, on stdout, flushed.
fn announce(base_url: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "chat-autologin emulator listening on {base_url}")
        .and_then(|()| stdout.flush())
        .map_err(|e| Failure::Runtime(format!("cannot write to stdout: {e}")))?;
    eprintln!("log page: {base_url}  widget script: {base_url}chat-widget.js  (Ctrl-C stops it)");
    Ok(())
}

/// Ctrl-C and SIGTERM, listened for from creation on.
struct Stop {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Stop {
    #[cfg(unix)]
    fn listen() -> Result<Stop, Failure> {
        use tokio::signal::unix::{signal, SignalKind};
        let listen = |kind| {
            signal(kind).map_err(|e| Failure::Runtime(format!("cannot listen for signals: {e}")))
        };
        Ok(Stop {
            interrupt: listen(SignalKind::interrupt())?,
            terminate: listen(SignalKind::terminate())?,
        })
    }

    #[cfg(not(unix))]
    fn listen() -> Result<Stop, Failure> {
        Ok(Stop {})
    }

    #[cfg(unix)]
    async fn wait(mut self) {
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
    }

    #[cfg(not(unix))]
    async fn wait(self) {
        let _ = tokio::signal::ctrl_c().await;
    }
}

type Shared = Arc<Emulator>;

fn router(emulator: Shared) -> Router {
    // What the widget script calls for its own session, from the site's pages.
    let widget = Router::new()
        .route("/chat-widget.js", get(widget_script))
        .route("/api/login", post(login))
        .route("/api/logout", post(logout))
        .route("/api/session", get(session))
        .layer(middleware::from_fn(cors));
    // The log (emails, names, session ids) and the reset: no CORS, so that a
    // page on another origin can neither read the log nor wipe it.
    let own = Router::new()
        .route("/", get(log_page))
        .route("/api/log", get(log))
        .route(
            "/api/reset",
            post(reset).layer(middleware::from_fn(same_origin)),
        );
    widget.merge(own).with_state(emulator)
}

/// Lets a page on any origin call the widget's endpoints (the site under test
/// runs on another port). Without credentials: the widget names its session in
/// the body.
async fn cors(request: Request, next: Next) -> Response {
    let origin = request.headers().get(header::ORIGIN).cloned();
    let preflight = request.method() == Method::OPTIONS;
    let asked_headers = request
        .headers()
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .cloned();
    let private_network = request
        .headers()
        .contains_key("access-control-request-private-network");
    let mut response = if preflight {
        StatusCode::NO_CONTENT.into_response()
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        origin.unwrap_or(HeaderValue::from_static("*")),
    );
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("Retry-After"),
    );
    if preflight {
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, OPTIONS"),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            asked_headers.unwrap_or(HeaderValue::from_static("content-type")),
        );
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        if private_network {
            headers.insert(
                HeaderName::from_static("access-control-allow-private-network"),
                HeaderValue::from_static("true"),
            );
        }
    }
    response
}

/// Refuses a request that a browser sent from another site or origin: a
/// `Sec-Fetch-Site` other than `same-origin` or `none` (a typed URL), or an
/// `Origin` that is not this server's. A request without either (curl, a test
/// harness) goes through.
async fn same_origin(request: Request, next: Next) -> Response {
    let headers = request.headers();
    let fetch_site = headers.get("sec-fetch-site").map(|value| value.as_bytes());
    let foreign_site = fetch_site.is_some_and(|site| site != b"same-origin" && site != b"none");
    let own_origin = headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .map(|host| format!("http://{host}"));
    let foreign_origin = headers
        .get(header::ORIGIN)
        .is_some_and(|origin| Some(origin.as_bytes()) != own_origin.as_deref().map(str::as_bytes));
    if foreign_site || foreign_origin {
        return (
            StatusCode::FORBIDDEN,
            [NO_STORE],
            Json(json!({"error": {
                "code": "cross_site_request",
                "message": "only the emulator's own pages and tools without an Origin may do this",
            }})),
        )
            .into_response();
    }
    next.run(request).await
}

const NO_STORE: (HeaderName, &str) = (header::CACHE_CONTROL, "no-store");

async fn log_page(State(emulator): State<Shared>) -> impl IntoResponse {
    (
        [NO_STORE],
        Html(page::render(&emulator.log(), &emulator.base_url)),
    )
}

async fn widget_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            NO_STORE,
        ],
        WIDGET_JS,
    )
}

fn caller(headers: &HeaderMap) -> Caller {
    Caller {
        origin: headers
            .get(header::ORIGIN)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned),
    }
}

async fn login(State(emulator): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    match emulator.login(&body, &caller(&headers)) {
        Answer::LoggedIn {
            session_id,
            email,
            display_name,
        } => (
            [NO_STORE],
            Json(json!({
                "loggedIn": true,
                "email": email,
                "displayName": display_name,
                "sessionId": session_id,
            })),
        )
            .into_response(),
        Answer::Refused {
            status,
            code,
            message,
            retry_after,
        } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::UNAUTHORIZED);
            let mut error = json!({"code": code, "message": message});
            if let Some(seconds) = retry_after {
                error["retryAfter"] = seconds.into();
            }
            let mut response =
                (status, [NO_STORE], Json(json!({ "error": error }))).into_response();
            if let Some(seconds) = retry_after {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            }
            response
        }
    }
}

async fn logout(State(emulator): State<Shared>, body: Bytes) -> impl IntoResponse {
    let (session_id, was_logged_in) = emulator.logout(&body);
    (
        [NO_STORE],
        Json(json!({
            "loggedIn": false,
            "sessionId": session_id,
            "wasLoggedIn": was_logged_in,
        })),
    )
}

#[derive(Deserialize)]
struct SessionQuery {
    #[serde(rename = "sessionId")]
    session_id: Option<String>,
}

async fn session(
    State(emulator): State<Shared>,
    Query(query): Query<SessionQuery>,
) -> impl IntoResponse {
    let found = query
        .session_id
        .as_deref()
        .and_then(|id| emulator.session(id).map(|user| (id, user)));
    let body = match found {
        Some((id, (email, display_name))) => json!({
            "loggedIn": true,
            "email": email,
            "displayName": display_name,
            "sessionId": id,
        }),
        None => json!({"loggedIn": false}),
    };
    ([NO_STORE], Json(body))
}

async fn log(State(emulator): State<Shared>) -> impl IntoResponse {
    ([NO_STORE], Json(emulator.log()))
}

async fn reset(State(emulator): State<Shared>) -> impl IntoResponse {
    emulator.reset();
    ([NO_STORE], Json(json!({"reset": true})))
}
