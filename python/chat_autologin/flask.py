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
secrets) and ``GET /client.js``, the browser companion; their answers are the
same in every framework (see the README's "The token endpoint"). Templates get
``chat_autologin_script()``, which writes the companion's tag. An unknown
``CHAT_AUTOLOGIN_*`` key is reported with a warning when ``init_app`` runs.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import timedelta
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from flask import Blueprint, Flask, Response, current_app, request, url_for
from markupsafe import Markup

from chat_autologin._web import (
    CLIENT_JS_PATH,
    DEFAULT_PREFIX,
    FLASK_NAMES,
    TOKEN_PATH,
    Answer,
    Identity,
    Site,
    client_js,
    first_text,
    token_answer,
)

__all__ = ["DEFAULT_URL_PREFIX", "ChatAutologin", "UserLoader", "chat_autologin_script"]

#: A function of no arguments that returns the signed-in visitor's
#: ``(email, display_name)``, or None for an anonymous visitor. It runs inside
#: the request, so it can read the session (never the request's arguments).
UserLoader = Callable[[], Identity | None]

#: Where the routes are when ``CHAT_AUTOLOGIN_URL_PREFIX`` is not set.
DEFAULT_URL_PREFIX = DEFAULT_PREFIX

#: The config keys this extension reads.
CONFIG_KEYS = (*FLASK_NAMES,)

_EXTENSION = "chat_autologin"
_BLUEPRINT = "chat_autologin"
#: Every method reaches the views, so that the core answers each (405 included).
_ROUTE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


class ChatAutologin:
    """The Flask extension. ``init_app`` reads the config, fails on a missing or
    invalid setting, and registers the routes and the template global.

    `user_loader` returns the signed-in visitor's ``(email, display_name)`` or
    None. By default, flask-login's ``current_user``: its ``email``, and as
    display name the first non-blank of ``get_chat_display_name()``,
    ``display_name`` and ``name`` (else the email).
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
        site = _load_site(app.config)
        for key in app.config:
            if key.startswith("CHAT_AUTOLOGIN_") and key not in CONFIG_KEYS:
                warnings.warn(
                    f"{key} is not a chat_autologin setting and is ignored; the settings are "
                    + ", ".join(CONFIG_KEYS),
                    stacklevel=2,
                )
        if self.user_loader is None and find_spec("flask_login") is None:
            raise RuntimeError(
                "chat_autologin.flask needs to know who is signed in: install flask-login, "
                "or pass user_loader= (a function returning (email, display_name) or None)"
            )
        blueprint = Blueprint(_BLUEPRINT, __name__, url_prefix=site.prefix or None)
        for path, endpoint, view in [
            (TOKEN_PATH, "token", _token),
            (CLIENT_JS_PATH, "client_js", _client_js),
        ]:
            blueprint.add_url_rule(
                path, endpoint, view, methods=_ROUTE_METHODS, provide_automatic_options=False
            )
        app.register_blueprint(blueprint)
        app.extensions[_EXTENSION] = _State(self, site)
        app.add_template_global(chat_autologin_script, "chat_autologin_script")


def _load_site(config: Any) -> Site:
    # The secret passes through here: kept in no variable of this frame.
    return Site(
        names=FLASK_NAMES,
        secret=config.get("CHAT_AUTOLOGIN_SECRET"),
        secrets=config.get("CHAT_AUTOLOGIN_SECRETS"),
        ttl=config.get("CHAT_AUTOLOGIN_TTL"),
        allowed_email_domains=config.get("CHAT_AUTOLOGIN_ALLOWED_EMAIL_DOMAINS"),
        path_prefix=config.get("CHAT_AUTOLOGIN_URL_PREFIX"),
    )


class _State:
    """What ``init_app`` leaves in ``app.extensions["chat_autologin"]``."""

    __slots__ = ("extension", "site")

    def __init__(self, extension: ChatAutologin, site: Site) -> None:
        self.extension = extension
        self.site = site

    def identity(self) -> Identity | None:
        loader = self.extension.user_loader or _flask_login_user
        return loader()


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
    chat_name = getattr(user, "get_chat_display_name", None)
    name = first_text(
        chat_name() if callable(chat_name) else None,
        getattr(user, "display_name", None),
        getattr(user, "name", None),
    )
    return (email if isinstance(email, str) else ""), name


def _response(answer: Answer) -> Response:
    response = current_app.response_class(answer.body, answer.status)
    for name, value in answer.headers:
        response.headers[name] = value
    return response


def _token() -> Response:
    state = _state()
    return _response(
        token_answer(
            state.site,
            method=request.method,
            query=request.query_string,
            sec_fetch_site=request.headers.get("Sec-Fetch-Site"),
            identity=state.identity,
        )
    )


def _client_js() -> Response:
    return _response(client_js(request.method, request.headers.get("If-None-Match")))


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
    `retry_for` (whole seconds, 1 to 600) ``data-retry-for``, and `nonce` the CSP
    nonce. For a visitor who is not signed in, the tag tells the companion so:
    the page makes no token request and logs out a widget left logged in.
    """
    state = _state()
    tag = state.site.script_tag(
        url_for(f"{_BLUEPRINT}.client_js"),
        desk=desk,
        show=show,
        retry_for=retry_for,
        nonce=nonce,
        anonymous=state.identity() is None,
    )
    # Every value in the tag is escaped by the core.
    return Markup(tag)
