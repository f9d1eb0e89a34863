//! The one page of the site, as plain HTML.

use crate::User;

/// What every page embeds: the chat widget and the companion script.
pub struct Widget {
    /// The widget's script (the emulator's, or the one from the Chat for JSM settings page).
    pub script_url: String,
    /// The `jira-id` attribute of `<chat-widget>`.
    pub jira_id: String,
    /// The `service-desk-id` attribute of `<chat-widget>`.
    pub service_desk_id: String,
    /// The companion's `<script>` tag for a signed-in visitor, from `ChatAutologin::script_tag`.
    pub companion: String,
    /// The companion's tag for an anonymous visitor: no token request, and a
    /// widget left logged in is logged out.
    pub companion_anonymous: String,
}

/// The home page: the sign-in form, or who is signed in and a sign-out button;
/// the widget on both (the companion leaves anonymous visitors alone).
pub fn home(widget: &Widget, user: Option<&User>, problem: Option<&str>) -> String {
    let main = match user {
        Some(user) => format!(
            r#"<p>Signed in as <strong id="user-name">{name}</strong> (<span id="user-email">{email}</span>).
  The chat widget logs you in as this user.</p>
  <form id="sign-out" method="post" action="/sign-out"><button type="submit">Sign out</button></form>"#,
            name = escape(&user.name),
            email = escape(&user.email),
        ),
        None => format!(
            r#"{problem}<form id="sign-in" method="post" action="/sign-in">
    <label>Email <input name="email" type="email" required autocomplete="email"></label>
    <label>Name <input name="name" required autocomplete="name"></label>
    <button type="submit">Sign in</button>
  </form>
  <p>Any email and name will do: this is a demo, there is no password.</p>"#,
            problem = problem
                .map(|problem| format!("<p class=\"problem\">{}</p>\n  ", escape(problem)))
                .unwrap_or_default(),
        ),
    };
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>chat-autologin example (axum)</title>
  <link rel="icon" href="data:,">
  <style>
    body {{ font: 16px/1.5 system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; }}
    label {{ display: block; margin: 0.5rem 0; }}
    .problem {{ color: #b00020; }}
  </style>
</head>
<body>
  <h1>Example site (axum)</h1>
  {main}
  <p>Chat login: <span id="chat-state">waiting</span></p>

  <script src="{script_url}"></script>
  <chat-widget jira-id="{jira_id}" service-desk-id="{service_desk_id}"></chat-widget>
  {companion}
  <script>
    document.addEventListener("chat-autologin:state", function (event) {{
      document.getElementById("chat-state").textContent = event.detail.state;
    }});
    // Sign out of the chat first, then of the site (give up waiting after 3 s).
    var signOut = document.getElementById("sign-out");
    if (signOut) {{
      signOut.addEventListener("submit", function (event) {{
        event.preventDefault();
        var chat = window.chatAutologin;
        var done = function () {{ signOut.submit(); }};
        var timeout = new Promise(function (resolve) {{ setTimeout(resolve, 3000); }});
        Promise.race([chat ? chat.logout() : null, timeout]).then(done, done);
      }});
    }}
  </script>
</body>
</html>
"#,
        script_url = escape(&widget.script_url),
        jira_id = escape(&widget.jira_id),
        service_desk_id = escape(&widget.service_desk_id),
        companion = if user.is_some() {
            &widget.companion
        } else {
            &widget.companion_anonymous
        },
    )
}

/// Escapes text for HTML content and attribute values.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
}
