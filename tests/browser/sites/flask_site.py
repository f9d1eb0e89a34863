"""A small Flask site for the browser tests, using the real Flask integration.

Sign-in is by session and has no password (tests only): ``/signin?email=&name=``
signs in and redirects to ``next`` (default ``/``). The page ``/`` embeds the
emulator's widget script, a ``<chat-widget>`` element (none with ``?legacy=1``
or ``LEGACY_WIDGET=1``: the page then uses the older ``spartezSupportChat``
API) and the companion's tag from ``chat_autologin_script()``
(``?retry_for=SECONDS`` is passed to it). Its sign-out button calls
``chatAutologin.logout()`` and then posts to ``/signout``, which clears the
session.

Environment: CHAT_AUTOLOGIN_SECRET, EMULATOR_URL (the emulator's base URL),
ALLOWED_DOMAINS (comma-separated; empty for every domain), PORT (0 picks a free
one), EXIT_ON_STDIN_EOF (``1``: stop when standard input closes, so that the
site does not outlive the test harness that holds it open). Once it listens,
it prints ``site listening on http://127.0.0.1:PORT/``.
"""

from __future__ import annotations

import os
import secrets
import sys
import threading

from chat_autologin.flask import ChatAutologin
from flask import Flask, redirect, render_template_string, request, session
from werkzeug.serving import make_server

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>chat-autologin test site</title>
<script src="{{ emulator_url }}/chat-widget.js"></script>
</head>
<body>
<h1>chat-autologin test site</h1>
{% if user %}
<p data-testid="site-user">Signed in as {{ user.name }} &lt;{{ user.email }}&gt;</p>
<form id="sign-out" method="post" action="/signout">
  <input type="hidden" name="next" value="{{ here }}">
  <button type="submit" data-testid="sign-out">Sign out</button>
</form>
{% else %}
<p data-testid="site-user">Not signed in</p>
{% endif %}
{% if not legacy %}
<chat-widget jira-id="1" service-desk-id="1"></chat-widget>
{% endif %}
{{ chat_autologin_script(retry_for=retry_for) }}
<script>
  // The site's own sign-out: log the chat out first, then end the session.
  var form = document.getElementById("sign-out");
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var done = function () { form.submit(); };
      if (window.chatAutologin) window.chatAutologin.logout().then(done, done);
      else done();
    });
  }
</script>
</body>
</html>
"""


def local_path(value: str | None) -> str:
    """`value` if it is a path on this site, else ``/`` (no open redirect)."""
    if value and value.startswith("/") and not value.startswith("//"):
        return value
    return "/"


def create_app() -> Flask:
    app = Flask(__name__)
    app.secret_key = secrets.token_bytes(32)
    app.config["CHAT_AUTOLOGIN_SECRET"] = os.environ["CHAT_AUTOLOGIN_SECRET"]
    domains = [
        d.strip() for d in os.environ.get("ALLOWED_DOMAINS", "").split(",") if d.strip()
    ]
    if domains:
        app.config["CHAT_AUTOLOGIN_ALLOWED_EMAIL_DOMAINS"] = domains
    emulator_url = os.environ["EMULATOR_URL"].rstrip("/")
    legacy_by_default = os.environ.get("LEGACY_WIDGET") == "1"

    def current_user() -> tuple[str, str] | None:
        if "email" not in session:
            return None
        return session["email"], session["name"]

    ChatAutologin(app, user_loader=current_user)

    @app.get("/")
    def index() -> str:
        user = current_user()
        retry_for = request.args.get("retry_for", type=float)
        return render_template_string(
            PAGE,
            emulator_url=emulator_url,
            user={"email": user[0], "name": user[1]} if user else None,
            legacy=legacy_by_default or request.args.get("legacy") == "1",
            retry_for=retry_for,
            here=request.full_path.rstrip("?"),
        )

    @app.get("/favicon.ico")
    def favicon() -> tuple[str, int]:
        return "", 204

    @app.get("/signin")
    def signin():  # type: ignore[no-untyped-def]
        email = request.args["email"]
        session["email"] = email
        session["name"] = request.args.get("name") or email
        return redirect(local_path(request.args.get("next")))

    @app.post("/signout")
    def signout():  # type: ignore[no-untyped-def]
        session.clear()
        return redirect(local_path(request.form.get("next")))

    return app


def exit_when_stdin_closes() -> None:
    sys.stdin.buffer.read()
    os._exit(0)


def main() -> None:
    server = make_server(
        "127.0.0.1", int(os.environ.get("PORT", "0")), create_app(), threaded=True
    )
    if os.environ.get("EXIT_ON_STDIN_EOF") == "1":
        threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    print(f"site listening on http://127.0.0.1:{server.server_port}/", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
