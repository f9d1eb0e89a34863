//! The log page at `GET /`: server-rendered HTML, every value escaped.

use std::fmt::Write as _;

use serde_json::Value;

use super::state::{Log, Rejection, SessionRecord};
use crate::describe;

/// How often the page reloads itself, in seconds.
const REFRESH_SECS: u32 = 2;

/// Escapes text for HTML element content and quoted attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "\
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#172b4d;background:#fafbfc}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #dfe1e6;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f4f5f7}code,pre{font:12px/1.4 ui-monospace,monospace}
pre{background:#f4f5f7;padding:8px;overflow:auto}
.code{font-weight:600;color:#bf2600}.ok{color:#006644;font-weight:600}.muted{color:#6b778c}
.empty{color:#6b778c;font-style:italic}";

/// The whole page.
pub(crate) fn render(log: &Log, base_url: &str) -> String {
    let mut out = String::new();
    let settings = &log.settings;
    let delay = settings.new_user_delay.as_f64().unwrap_or(0.0);
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"refresh\" content=\"{REFRESH_SECS}\">\
         <title>chat-autologin emulator</title><style>{STYLE}</style></head><body>\n\
         <h1>chat-autologin widget emulator</h1>\n\
         <p class=\"muted\" data-testid=\"settings\">Accepts tokens signed with {secrets} \
         secret{plural} &middot; leeway {leeway} s &middot; max lifetime {max_lifetime} s \
         &middot; new-user delay {delay}. This page reloads every {REFRESH_SECS} s; \
         <a href=\"/api/log\">the same as JSON</a>.</p>\n\
         <h2>Use it on a page</h2>\n<pre><code>{snippet}</code></pre>\n",
        secrets = settings.secrets,
        plural = if settings.secrets == 1 { "" } else { "s" },
        leeway = settings.leeway,
        max_lifetime = settings.max_lifetime,
        delay = if delay > 0.0 {
            format!("{} s", describe::number(delay))
        } else {
            "off".to_owned()
        },
        snippet = escape(&format!(
            "<script src=\"{base_url}chat-widget.js\"></script>\n\
             <chat-widget jira-id=\"emulator\" service-desk-id=\"1\"></chat-widget>"
        )),
    );
    sessions(&mut out, &log.sessions);
    rejections(&mut out, &log.rejections);
    out.push_str("</body></html>\n");
    out
}

fn sessions(out: &mut String, sessions: &[SessionRecord]) {
    let _ = writeln!(
        out,
        "<h2>Sessions ({})</h2>\n<table data-testid=\"sessions\"><thead><tr><th>When (UTC)</th>\
         <th>Who</th><th>State</th><th>Claims</th><th>Page origin</th><th>Widget session</th>\
         <th>Token</th></tr></thead><tbody>",
        sessions.len()
    );
    if sessions.is_empty() {
        out.push_str("<tr><td colspan=\"7\" class=\"empty\">No login yet.</td></tr>\n");
    }
    for session in sessions {
        let state = match (session.active, session.ended_by, &session.end_time_utc) {
            (true, _, _) => "<span class=\"ok\">logged in</span>".to_owned(),
            (false, Some("replaced"), Some(when)) => {
                format!("replaced by another login at {}", escape(when))
            }
            (false, _, Some(when)) => format!("logged out at {}", escape(when)),
            (false, _, None) => "ended".to_owned(),
        };
        let _ = writeln!(
            out,
            "<tr data-testid=\"session\"><td>{when}</td><td>{name} &lt;{email}&gt;</td>\
             <td>{state}</td><td>{claims}</td><td>{origin}</td><td><code>{id}</code></td>\
             <td><code>{token}</code></td></tr>",
            when = escape(&session.time_utc),
            name = escape(&session.display_name),
            email = escape(&session.email),
            claims = claims(&session.claims),
            origin = optional(session.origin.as_deref()),
            id = escape(&session.session_id),
            token = escape(&session.token),
        );
    }
    out.push_str("</tbody></table>\n");
}

fn rejections(out: &mut String, rejections: &[Rejection]) {
    let _ = writeln!(
        out,
        "<h2>Rejected attempts ({})</h2>\n<table data-testid=\"rejections\"><thead><tr>\
         <th>When (UTC)</th><th>Code</th><th>Message</th><th>Diagnosis</th><th>Claims</th>\
         <th>Page origin</th><th>Widget session</th><th>Token</th></tr></thead><tbody>",
        rejections.len()
    );
    if rejections.is_empty() {
        out.push_str("<tr><td colspan=\"8\" class=\"empty\">Nothing refused yet.</td></tr>\n");
    }
    for rejection in rejections {
        let claims = match &rejection.claims {
            None => "<span class=\"muted\">(not decodable)</span>".to_owned(),
            Some(value) if rejection.claims_verified => claims(value),
            Some(value) => format!(
                "<span class=\"muted\">not verified:</span> {}",
                claims(value)
            ),
        };
        let _ = writeln!(
            out,
            "<tr data-testid=\"rejection\" data-code=\"{code}\"><td>{when}</td>\
             <td class=\"code\">{code}</td><td>{message}</td><td>{diagnosis}</td><td>{claims}</td>\
             <td>{origin}</td><td>{session}</td><td>{token}</td></tr>",
            code = escape(rejection.code),
            when = escape(&rejection.time_utc),
            message = escape(&rejection.message),
            diagnosis = diagnosis(rejection.diagnosis.as_ref()),
            origin = optional(rejection.origin.as_deref()),
            session = match &rejection.session_id {
                Some(id) => format!("<code>{}</code>", escape(id)),
                None => optional(None),
            },
            token = match &rejection.token {
                Some(token) => format!("<code>{}</code>", escape(token)),
                None => optional(None),
            },
        );
    }
    out.push_str("</tbody></table>\n");
}

/// The core's diagnosis of a refused token: its verdict, then each finding.
fn diagnosis(diagnosis: Option<&Value>) -> String {
    let Some(diagnosis) = diagnosis else {
        return optional(None);
    };
    let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
    let verdict = &diagnosis["verdict"];
    let mut out = format!(
        "<div data-testid=\"verdict\"><span class=\"code\">{}</span> {}</div>",
        escape(verdict["code"].as_str().unwrap_or("accepted")),
        escape(&describe::terminal(&text(&verdict["message"])))
    );
    for finding in diagnosis["findings"].as_array().into_iter().flatten() {
        let _ = write!(
            out,
            "<div data-testid=\"finding\" data-code=\"{code}\"><span class=\"code\">{code}</span> \
             {}</div>",
            escape(&describe::terminal(&text(&finding["message"]))),
            code = escape(&text(&finding["code"])),
        );
    }
    out
}

fn optional(text: Option<&str>) -> String {
    match text {
        Some(text) => escape(text),
        None => "<span class=\"muted\">&ndash;</span>".to_owned(),
    }
}

/// Claims as a short list: each known time also as a UTC date.
fn claims(value: &Value) -> String {
    let Value::Object(map) = value else {
        return format!("<code>{}</code>", escape(&value.to_string()));
    };
    let mut out = String::new();
    for (key, value) in map {
        let shown = match (key.as_str(), value) {
            ("iat" | "exp", Value::Number(n)) => match n.as_f64() {
                Some(seconds) => format!("{n} ({})", describe::utc(seconds)),
                None => n.to_string(),
            },
            (_, Value::String(text)) => describe::text(text),
            (_, other) => other.to_string(),
        };
        let _ = write!(
            out,
            "<div><span class=\"muted\">{}:</span> {}</div>",
            escape(key),
            escape(&shown)
        );
    }
    if map.is_empty() {
        out.push_str("<span class=\"muted\">(none)</span>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::state::Settings;

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(
            escape(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
    }

    #[test]
    fn claims_from_a_token_are_escaped() {
        let log = Log {
            settings: Settings {
                secrets: 2,
                leeway: 60.into(),
                max_lifetime: 86_400.into(),
                new_user_delay: 0.into(),
            },
            sessions: vec![SessionRecord {
                id: 1,
                session_id: "tab".into(),
                email: "a@b.example".into(),
                display_name: "<script>alert(1)</script>".into(),
                claims: serde_json::json!({
                    "email": "a@b.example",
                    "displayName": "<script>alert(1)</script>",
                    "iat": 1_700_000_000,
                    "exp": 1_700_000_300
                }),
                time: 1_700_000_001.into(),
                time_utc: "2023-11-14T22:13:21Z".into(),
                active: true,
                ended_by: None,
                end_time: None,
                end_time_utc: None,
                origin: Some("http://x\"><img src=x>".into()),
                token: "eyJhbGciOiJIUzI1…".into(),
            }],
            rejections: vec![],
        };
        let page = render(&log, "http://127.0.0.1:8787/");
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(!page.contains("<img"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &lt;a@b.example&gt;"));
        assert!(
            page.contains("2023-11-14T22:18:20Z"),
            "exp as a date: {page}"
        );
        assert!(page.contains("2 secrets"));
        assert!(page.contains("Nothing refused yet."));
    }
}
