"""Flask integration: a token endpoint, the browser companion and its script tag.

::

    from flask import Flask
    from chat_autologin.flask import ChatAutologin

    app = Flask(__name__)
    app.config["CHAT_AUTOLOGIN_SECRET"] = os.environ["CHAT_AUTOLOGIN_SECRET"]
    ChatAutologin(app)  # or ChatAutologin(user_loader=...), then .init_app(app)

Config keys: ``CHAT_AUTOLOGIN_SECRET`` (the service desk project's secret key)
or ``CHAT_AUTOLOGIN_SECRETS`` (a mapping of service desk name to secret key),
``CHAT_AUTOLOGIN_TTL`` (seconds or a ``timedelta``, default 300),
``CHAT_AUTOLOGIN_URL_PREFIX`` (default ``/chat-autologin``) and
``CHAT_AUTOLOGIN_ALLOWED_EMAIL_DOMAINS`` (a list; default every domain). A
missing or invalid setting makes ``init_app`` raise
:class:`~chat_autologin.InvalidInputError` naming the setting.

Routes, under the prefix: ``GET /token`` (``?desk=<name>`` with several
secrets) answers ``{"token": ..., "expiresAt": <exp>}`` for the signed-in user,
401 ``{"error": "not_authenticated"}``, 403 ``{"error":
"email_domain_not_allowed"}``, 400 ``desk_required`` / 404 ``unknown_desk``,
always with ``Cache-Control: no-store``; ``GET /client.js`` is the browser
companion. Templates get ``chat_autologin_script()``, which writes its tag.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from flask import Blueprint, Flask, Response, current_app, request, url_for
from markupsafe import Markup

from chat_autologin._errors import InvalidInputError
from chat_autologin._native import COMPANION_SCRIPT
from chat_autologin._web import (
    FLASK_NAMES,
    SCRIPT_CACHE_CONTROL,
    SCRIPT_CONTENT_TYPE,
    SCRIPT_ETAG,
    Answer,
    Identity,
    Settings,
    first_text,
)

__all__ = ["DEFAULT_URL_PREFIX", "ChatAutologin", "UserLoader", "chat_autologin_script"]

#: A function of no arguments that returns the signed-in visitor's
#: ``(email, display_name)``, or None for an anonymous visitor. It runs inside
#: the request, so it can read the session (never the request's arguments).
UserLoader = Callable[[], Identity | None]

#: Where the routes are when ``CHAT_AUTOLOGIN_URL_PREFIX`` is not set.
DEFAULT_URL_PREFIX = "/chat-autologin"

_EXTENSION = "chat_autologin"
_BLUEPRINT = "chat_autologin"
#: The token route takes these methods (HEAD comes with GET) so that every
#: answer, 405 included, is the JSON one with ``no-store``, as in Django.
_TOKEN_ROUTE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


class ChatAutologin:
    """The Flask extension. ``init_app`` reads the config, fails on a missing or
    invalid secret, and registers the routes and the template global.

    `user_loader` returns the signed-in visitor's ``(email, display_name)`` or
    None. By default, flask-login's ``current_user``: its ``email``, and as
    display name the first non-blank of ``get_chat_display_name()``,
    ``display_name``, ``name``, and finally the email.
    """

    def __init__(self, app: Flask | None = None, *, user_loader: UserLoader | None = None) -> None:
        #: The user loader; None means flask-login's ``current_user``.
        self.user_loader = user_loader
        if app is not None:
            self.init_app(app)

    def __repr__(self) -> str:
        loader = "flask-login" if self.user_loader is None else repr(self.user_loader)
        return f"<ChatAutologin user_loader={loader}>"

    def init_app(self, app: Flask) -> None:
        """Reads ``app.config``, and registers the routes and ``chat_autologin_script``."""
        config = app.config
        settings = Settings.load(
            secret=config.get("CHAT_AUTOLOGIN_SECRET"),
            secrets=config.get("CHAT_AUTOLOGIN_SECRETS"),
            ttl=config.get("CHAT_AUTOLOGIN_TTL"),
            allowed_email_domains=config.get("CHAT_AUTOLOGIN_ALLOWED_EMAIL_DOMAINS"),
            names=FLASK_NAMES,
        )
        prefix = config.get("CHAT_AUTOLOGIN_URL_PREFIX", DEFAULT_URL_PREFIX)
        if not isinstance(prefix, str) or (prefix and not prefix.startswith("/")):
            raise InvalidInputError(
                f"CHAT_AUTOLOGIN_URL_PREFIX must be a path such as {DEFAULT_URL_PREFIX!r}, "
                f"not {prefix!r}",
                "invalid_option",
            )
        if self.user_loader is None and find_spec("flask_login") is None:
            raise RuntimeError(
                "chat_autologin.flask needs to know who is signed in: install flask-login, "
                "or pass user_loader= (a function returning (email, display_name) or None)"
            )
        blueprint = Blueprint(_BLUEPRINT, __name__, url_prefix=prefix.rstrip("/") or None)
        blueprint.add_url_rule(
            "/token",
            "token",
            _token,
            methods=_TOKEN_ROUTE_METHODS,
            provide_automatic_options=False,
        )
        blueprint.add_url_rule("/client.js", "client_js", _client_js)
        app.register_blueprint(blueprint)
        app.extensions[_EXTENSION] = _State(self, settings)
        app.add_template_global(chat_autologin_script, "chat_autologin_script")


class _State:
    """What ``init_app`` leaves in ``app.extensions["chat_autologin"]``."""

    __slots__ = ("extension", "settings")

    def __init__(self, extension: ChatAutologin, settings: Settings) -> None:
        self.extension = extension
        self.settings = settings


def _state() -> _State:
    state: _State = current_app.extensions[_EXTENSION]
    return state


def _flask_login_user() -> Identity | None:
    """The visitor as flask-login's ``current_user`` has them, or None."""
    if not hasattr(current_app, "login_manager"):
        raise RuntimeError(
            "chat_autologin.flask: this app has no flask-login LoginManager; set one up "
            "(LoginManager(app)), or pass user_loader= to ChatAutologin"
        )
    user: Any = import_module("flask_login").current_user
    if not user.is_authenticated:
        return None
    email = getattr(user, "email", None)
    email = email if isinstance(email, str) else ""
    chat_name = getattr(user, "get_chat_display_name", None)
    name = first_text(
        chat_name() if callable(chat_name) else None,
        getattr(user, "display_name", None),
        getattr(user, "name", None),
        email,
    )
    return email, name


def _response(answer: Answer) -> Response:
    return current_app.response_class(
        answer.content, answer.status, answer.headers, mimetype="application/json"
    )


def _token() -> Response:
    state = _state()
    loader = state.extension.user_loader or _flask_login_user
    answer = state.settings.token_answer(
        method=request.method, desk=request.args.get("desk"), identity=loader
    )
    return _response(answer)


def _client_js() -> Response:
    response = current_app.response_class(COMPANION_SCRIPT)
    response.headers["Content-Type"] = SCRIPT_CONTENT_TYPE
    response.headers["Cache-Control"] = SCRIPT_CACHE_CONTROL
    response.set_etag(SCRIPT_ETAG)
    response.make_conditional(request)
    return response


def chat_autologin_script(
    desk: str | None = None,
    *,
    show: bool = False,
    nonce: str | None = None,
    retry_for: int | timedelta | None = None,
) -> Markup:
    """The companion's ``<script src=".../client.js" defer>`` tag, for templates
    (``{{ chat_autologin_script() }}``). Place it after the widget's own tag.

    `desk` (required with several secrets) becomes ``data-desk``, `show=True`
    ``data-show="true"`` (call the widget's ``show()`` once logged in),
    `retry_for` (seconds) ``data-retry-for``, and `nonce` the CSP nonce.
    """
    src = url_for(f"{_BLUEPRINT}.client_js")
    tag = _state().settings.script_tag(src, desk=desk, show=show, nonce=nonce, retry_for=retry_for)
    # Every value in the tag is escaped by script_tag.
    return Markup(tag)
