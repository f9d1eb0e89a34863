"""An example site on Flask: sign in with any email and name (no password, it
is a demo), and the chat widget on the page logs you in with a token from
``chat_autologin.flask``. Sign out logs the widget out too.

Configuration, from the environment:

==========================  =====================================================
``CHAT_AUTOLOGIN_SECRET``   required: the service desk project's secret key
``CHAT_WIDGET_SCRIPT_URL``  ``http://127.0.0.1:8787/chat-widget.js`` (the emulator)
``CHAT_JIRA_ID``            ``emulator``
``CHAT_SERVICE_DESK_ID``    ``1``
``PORT``                    ``5000`` (``0`` picks a free one)
==========================  =====================================================

Run it with ``python app.py``; README.md says more.
"""

from __future__ import annotations

import os
import secrets
import signal
import sys

from chat_autologin import InvalidInputError, mint_chat_token
from chat_autologin.flask import ChatAutologin
from flask import Flask, redirect, render_template, request, session
from werkzeug.serving import make_server


def env(name: str, default: str) -> str:
    return os.environ.get(name) or default


def create_app(secret: str) -> Flask:
    app = Flask(__name__)
    # The session is a cookie signed with this key: a new key at each start
    # signs everybody out.
    app.secret_key = secrets.token_bytes(32)
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["CHAT_AUTOLOGIN_SECRET"] = secret

    # What every page embeds: the chat widget (the emulator's by default).
    widget = {
        "script_url": env(
            "CHAT_WIDGET_SCRIPT_URL", "http://127.0.0.1:8787/chat-widget.js"
        ),
        "jira_id": env("CHAT_JIRA_ID", "emulator"),
        "service_desk_id": env("CHAT_SERVICE_DESK_ID", "1"),
    }

    def signed_in_user() -> tuple[str, str] | None:
        """The visitor of this request's session: ``(email, name)``, or None."""
        if "email" not in session:
            return None
        return session["email"], session["name"]

    # GET /chat-autologin/token and /chat-autologin/client.js, and
    # chat_autologin_script() in the templates. Raises InvalidInputError for a
    # secret the chat would refuse.
    ChatAutologin(app, user_loader=signed_in_user)

    def home_page(problem: str | None = None) -> str:
        user = signed_in_user()
        return render_template(
            "home.html",
            widget=widget,
            user={"email": user[0], "name": user[1]} if user else None,
            problem=problem,
        )

    @app.get("/")
    def home():
        return home_page()

    @app.post("/sign-in")
    def sign_in():
        email = request.form.get("email", "").strip()
        name = request.form.get("name", "").strip()
        # The rules the chat's tokens follow, checked here (with a token that
        # is thrown away) so that the form can say so.
        try:
            mint_chat_token(email, name, 60, secret)
        except InvalidInputError as error:
            return home_page(problem=error.message), 400
        session.clear()
        session["email"] = email
        session["name"] = name
        return redirect("/", 303)

    @app.post("/sign-out")
    def sign_out():
        # The page has already logged the widget out
        # (window.chatAutologin.logout()) before posting here.
        session.clear()
        return redirect("/", 303)

    return app


def main() -> None:
    secret = os.environ.get("CHAT_AUTOLOGIN_SECRET")
    if not secret:
        sys.exit(
            "error: CHAT_AUTOLOGIN_SECRET is not set: set it to the service desk "
            "project's secret key (for the emulator, the secret it was started with)"
        )
    port = env("PORT", "5000")
    if not (port.isascii() and port.isdigit() and int(port) <= 65535):
        sys.exit(f"error: PORT must be a port number, not {port!r}")
    try:
        app = create_app(secret)
    except InvalidInputError as error:
        sys.exit(f"error: {error} ({error.code})")
    # Werkzeug's server, as `flask run` uses (it says so and exits when the port
    # is taken); with PORT=0 it knows which port it got.
    server = make_server("127.0.0.1", int(port), app, threaded=True)
    # SIGTERM stops it as Ctrl-C does (set before the URL is announced, since
    # whoever waits for that line may stop the site at once).
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        # Inside the try: a stop may come as soon as the line is out.
        print(f"example site on http://127.0.0.1:{server.server_port}/", flush=True)
        server.serve_forever()  # returns on KeyboardInterrupt
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
