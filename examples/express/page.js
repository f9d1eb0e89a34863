'use strict';

// The one page of the site, as plain HTML.

/**
 * The home page: the sign-in form, or who is signed in and a sign-out button;
 * the widget on both (the companion leaves anonymous visitors alone).
 *
 * `widget` is what every page embeds: `scriptUrl` (the widget's script),
 * `jiraId` and `serviceDeskId` (the attributes of `<chat-widget>`), and
 * `companion`, the companion's `<script>` tag from `res.locals.chatAutologinScript()`.
 */
function home(widget, user, problem) {
  const main = user
    ? `<p>Signed in as <strong id="user-name">${escape(user.name)}</strong> (<span id="user-email">${escape(user.email)}</span>).
  The chat widget logs you in as this user.</p>
  <form id="sign-out" method="post" action="/sign-out"><button type="submit">Sign out</button></form>`
    : `${problem ? `<p class="problem">${escape(problem)}</p>\n  ` : ''}<form id="sign-in" method="post" action="/sign-in">
    <label>Email <input name="email" type="email" required autocomplete="email"></label>
    <label>Name <input name="name" required autocomplete="name"></label>
    <button type="submit">Sign in</button>
  </form>
  <p>Any email and name will do: this is a demo, there is no password.</p>`;
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>chat-autologin example (Express)</title>
  <link rel="icon" href="data:,">
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; }
    label { display: block; margin: 0.5rem 0; }
    .problem { color: #b00020; }
  </style>
</head>
<body>
  <h1>Example site (Express)</h1>
  ${main}
  <p>Chat login: <span id="chat-state">waiting</span></p>

  <script src="${escape(widget.scriptUrl)}"></script>
  <chat-widget jira-id="${escape(widget.jiraId)}" service-desk-id="${escape(widget.serviceDeskId)}"></chat-widget>
  ${widget.companion}
  <script>
    document.addEventListener("chat-autologin:state", function (event) {
      document.getElementById("chat-state").textContent = event.detail.state;
    });
    // Sign out of the chat first, then of the site (give up waiting after 3 s).
    var signOut = document.getElementById("sign-out");
    if (signOut) {
      signOut.addEventListener("submit", function (event) {
        event.preventDefault();
        var chat = window.chatAutologin;
        var done = function () { signOut.submit(); };
        var timeout = new Promise(function (resolve) { setTimeout(resolve, 3000); });
        Promise.race([chat ? chat.logout() : null, timeout]).then(done, done);
      });
    }
  </script>
</body>
</html>
`;
}

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };

/** Escapes text for HTML content and attribute values. */
function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

module.exports = { home };
