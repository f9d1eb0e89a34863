"""The Flask and Django example sites as a visitor uses them: each one started
on a free port, driven over HTTP. The same checks as examples/axum/tests/site.rs
(and examples/express/test/site.test.js).

Run with the repository's venv: ``make test-examples``, or
``.venv/bin/python -m pytest examples/test_examples.py``.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import select
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pytest
from chat_autologin import COMPANION_SCRIPT, Verifier

SECRET = "example-site-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH"
HERE = Path(__file__).resolve().parent
SITES = {
    "flask": [sys.executable, str(HERE / "flask" / "app.py")],
    "django": [sys.executable, str(HERE / "django" / "run.py")],
    "fastapi": [sys.executable, str(HERE / "fastapi" / "app.py")],
}
START_TIMEOUT = 30


def site_env(**env: str) -> dict[str, str]:
    """This process's environment, without the site's settings, plus `env`."""
    settings = (
        "CHAT_AUTOLOGIN_SECRET",
        "CHAT_WIDGET_SCRIPT_URL",
        "CHAT_JIRA_ID",
        "CHAT_SERVICE_DESK_ID",
        "PORT",
    )
    base = {key: value for key, value in os.environ.items() if key not in settings}
    return {**base, **env}


@dataclass
class Reply:
    status: int
    headers: Message
    body: str


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Visitor:
    """A browser of sorts: a cookie jar, and redirects not followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects
        )

    def get(self, path: str) -> Reply:
        return self.open(urllib.request.Request(self.base + path))

    def post(self, path: str, form: dict[str, str]) -> Reply:
        """Posts `form`, with the CSRF token of the home page when it has one."""
        token = re.search(
            r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get("/").body
        )
        if token:
            form = {"csrfmiddlewaretoken": token[1], **form}
        data = urllib.parse.urlencode(form).encode()
        return self.open(urllib.request.Request(self.base + path, data, method="POST"))

    def open(self, request: urllib.request.Request) -> Reply:
        try:
            with self.opener.open(request, timeout=10) as response:
                return Reply(
                    response.status, response.headers, response.read().decode()
                )
        except urllib.error.HTTPError as error:
            with error:
                return Reply(error.code, error.headers, error.read().decode())


class Site:
    """A running example site."""

    def __init__(self, name: str, **env: str) -> None:
        self.process = subprocess.Popen(
            SITES[name],
            env=site_env(CHAT_AUTOLOGIN_SECRET=SECRET, PORT="0", **env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], START_TIMEOUT)
        line = self.process.stdout.readline() if ready else ""
        match = re.fullmatch(r"example site on (http://127\.0\.0\.1:(\d+))/\n", line)
        if not match:
            self.stop()
            pytest.fail(f"{name}: startup line {line!r}")
        assert match[2] != "0", "the real port is printed"
        self.base = match[1]

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=10)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            if self.process.stdout:
                self.process.stdout.close()


@pytest.fixture(params=sorted(SITES))
def site_name(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def site(site_name: str) -> Iterator[Site]:
    running = Site(site_name)
    yield running
    running.stop()


def test_sign_in_get_a_token_and_sign_out(site: Site) -> None:
    visitor = Visitor(site.base)

    # Signed out: the form, and the widget with the emulator's defaults.
    page = visitor.get("/")
    assert page.status == 200
    assert '<form id="sign-in" method="post" action="/sign-in">' in page.body
    assert '<script src="http://127.0.0.1:8787/chat-widget.js"></script>' in page.body
    widget = '<chat-widget jira-id="emulator" service-desk-id="1"></chat-widget>'
    assert widget in page.body
    assert '<script src="/chat-autologin/client.js?v=' in page.body
    # Nobody is signed in: the companion makes no token request.
    assert 'defer data-anonymous="true"></script>' in page.body
    assert '<span id="chat-state">waiting</span>' in page.body
    token = visitor.get("/chat-autologin/token")
    assert token.status == 401
    assert token.body == '{"error":"not_authenticated"}'
    assert visitor.get("/chat-autologin/client.js").body == COMPANION_SCRIPT

    # Sign in: a session cookie and back to the home page.
    form = {"email": "ada@example.com", "name": "Ada <the first>"}
    signed_in = visitor.post("/sign-in", form)
    assert signed_in.status == 303, signed_in
    assert signed_in.headers["Location"] == "/"
    cookies = signed_in.headers.get_all("Set-Cookie")
    # Cookie attribute names are case-insensitive (RFC 6265).
    assert any("httponly" in cookie.lower() for cookie in cookies), cookies

    page = visitor.get("/")
    assert '<strong id="user-name">Ada &lt;the first&gt;</strong>' in page.body
    assert '<span id="user-email">ada@example.com</span>' in page.body
    assert '<form id="sign-out" method="post" action="/sign-out">' in page.body
    assert "window.chatAutologin" in page.body
    assert "chat.logout()" in page.body
    assert "data-anonymous" not in page.body

    token = visitor.get("/chat-autologin/token")
    assert token.status == 200, token
    assert "no-store" in token.headers["Cache-Control"]
    body = json.loads(token.body)
    claims = Verifier([SECRET]).verify(body["token"])
    assert claims.email == "ada@example.com"
    assert claims.display_name == "Ada <the first>"
    assert claims.exp == body["expiresAt"]

    # Sign out: the session is gone.
    signed_out = visitor.post("/sign-out", {})
    assert signed_out.status == 303
    assert signed_out.headers["Location"] == "/"
    assert visitor.get("/chat-autologin/token").status == 401
    page = visitor.get("/")
    assert 'id="sign-in"' in page.body
    assert 'data-anonymous="true"' in page.body


def test_the_form_says_what_the_chat_would_refuse(site: Site) -> None:
    visitor = Visitor(site.base)
    reply = visitor.post("/sign-in", {"email": "not-an-email", "name": "Ada"})
    assert reply.status == 400
    assert '<p class="problem">the email must contain exactly one' in reply.body
    assert visitor.get("/chat-autologin/token").status == 401
    reply = visitor.post("/sign-in", {"email": "ada@example.com", "name": "   "})
    assert reply.status == 400
    assert "display name" in reply.body
    assert visitor.get("/chat-autologin/token").status == 401


def test_the_widget_is_configured_from_the_environment(site_name: str) -> None:
    site = Site(
        site_name,
        CHAT_WIDGET_SCRIPT_URL="https://widget.example/chat.js?a=1&b=2",
        CHAT_JIRA_ID="0123-abcd",
        CHAT_SERVICE_DESK_ID="42",
    )
    try:
        page = Visitor(site.base).get("/").body
    finally:
        site.stop()
    assert '<script src="https://widget.example/chat.js?a=1&amp;b=2"></script>' in page
    assert (
        '<chat-widget jira-id="0123-abcd" service-desk-id="42"></chat-widget>' in page
    )


@pytest.mark.parametrize("secret", [None, "short"])
def test_a_missing_or_invalid_secret_stops_it_at_start(
    site_name: str, secret: str | None
) -> None:
    env = (
        site_env(PORT="0")
        if secret is None
        else site_env(PORT="0", CHAT_AUTOLOGIN_SECRET=secret)
    )
    result = subprocess.run(
        SITES[site_name],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 1, result
    assert result.stdout == ""
    # Each names the setting as its framework spells it, and the variable.
    setting = {
        "flask": "CHAT_AUTOLOGIN_SECRET",
        "django": 'CHAT_AUTOLOGIN["SECRET"]',
        "fastapi": "secret",
    }
    if secret is None:
        assert result.stderr.startswith("error: CHAT_AUTOLOGIN_SECRET"), result.stderr
    else:
        assert result.stderr.startswith(f"error: {setting[site_name]}: "), result.stderr
    assert "CHAT_AUTOLOGIN_SECRET" in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    if secret is not None:
        assert "at least 32" in result.stderr, result.stderr
        assert "short" not in result.stderr


def test_sigterm_stops_it_cleanly(site: Site) -> None:
    assert site.stop() == 0
