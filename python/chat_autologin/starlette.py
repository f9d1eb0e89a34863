"""Starlette integration: the token endpoint, the browser companion and its tag.

::

    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.authentication import AuthenticationMiddleware
    from chat_autologin.starlette import ChatAutologin

    chat = ChatAutologin(secret=os.environ["CHAT_AUTOLOGIN_SECRET"])
    app = Starlette(
        routes=[*chat.routes, ...],
        middleware=[Middleware(AuthenticationMiddleware, backend=...)],
    )

The visitor is ``request.user`` (Starlette's ``AuthenticationMiddleware``: its
``email`` and ``display_name``), or what ``user_loader(request)`` returns (sync or
async). ``chat`` is also an ASGI app answering its two paths, to mount at its
prefix: ``Mount(chat.prefix, app=chat)``. Settings and answers: see the README's
"The site side". A misconfigured integration raises ``InvalidInputError`` when it
is built, naming the setting.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from chat_autologin._asgi import HTML, METHODS, UserLoader, identity_of, resolve, respond
from chat_autologin._web import (
    CLIENT_JS_PATH,
    TOKEN_PATH,
    Identity,
    SettingNames,
    Site,
    client_js,
    token_answer_async,
)

__all__ = ["NAMES", "ChatAutologin", "UserLoader"]

#: The settings as this integration's keyword arguments spell them.
NAMES = SettingNames("secret", "secrets", "ttl", "allowed_email_domains", "path_prefix")


class ChatAutologin:
    """The integration: the settings judged once, its routes and its tag."""

    def __init__(
        self,
        *,
        secret: str | bytes | None = None,
        secrets: dict[str, str | bytes] | None = None,
        ttl: int | timedelta | None = None,
        allowed_email_domains: list[str] | None = None,
        path_prefix: str | None = None,
        user_loader: UserLoader | None = None,
    ) -> None:
        #: The judged settings.
        self.site = Site(
            names=NAMES,
            secret=secret,
            secrets=secrets,
            ttl=ttl,
            allowed_email_domains=allowed_email_domains,
            path_prefix=path_prefix,
        )
        self.user_loader = user_loader

    def __repr__(self) -> str:
        return f"<ChatAutologin {self.site!r}>"

    @property
    def prefix(self) -> str:
        """Where the routes are (``""`` for the site's root)."""
        return self.site.prefix

    @property
    def routes(self) -> list[Route]:
        """``<prefix>/token`` and ``<prefix>/client.js``, for ``Starlette(routes=...)``."""
        return [
            Route(
                f"{self.prefix}{TOKEN_PATH}",
                self.token,
                methods=METHODS,
                name="chat_autologin_token",
            ),
            Route(
                f"{self.prefix}{CLIENT_JS_PATH}",
                self.client_js,
                methods=METHODS,
                name="chat_autologin_client_js",
            ),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """As an ASGI app mounted at its prefix: ``/token`` and ``/client.js``."""
        path = scope["path"]
        root = scope.get("root_path", "")
        relative = path[len(root) :] if root and path.startswith(root) else path
        request = Request(scope, receive)
        response: Response
        if scope["type"] != "http":
            response = PlainTextResponse("Not Found", 404)
        elif relative == TOKEN_PATH:
            response = await self.token(request)
        elif relative == CLIENT_JS_PATH:
            response = await self.client_js(request)
        else:
            response = PlainTextResponse("Not Found", 404)
        await response(scope, receive, send)

    async def identity(self, request: Request) -> Identity | None:
        """The signed-in visitor, from the user loader or ``request.user``."""
        if self.user_loader is not None:
            return identity_of(await resolve(self.user_loader(request)))
        if "user" not in request.scope:
            raise RuntimeError(
                "chat_autologin.starlette: request.user is missing; add Starlette's "
                "AuthenticationMiddleware, or pass user_loader="
            )
        return identity_of(request.user)

    async def token(self, request: Request) -> Response:
        """``<prefix>/token``: the core's first checks, the lookup, the core's answer."""
        return respond(
            await token_answer_async(
                self.site,
                method=request.method,
                query=request.scope["query_string"],
                sec_fetch_site=request.headers.get("sec-fetch-site"),
                identity=lambda: self.identity(request),
            )
        )

    async def client_js(self, request: Request) -> Response:
        """``<prefix>/client.js``: the companion."""
        return respond(client_js(request.method, request.headers.get("if-none-match")))

    async def script_tag(
        self,
        request: Request,
        desk: str | None = None,
        *,
        show: bool = False,
        nonce: str | None = None,
        retry_for: int | timedelta | None = None,
    ) -> HTML:
        """The companion's tag for the page of `request` (anonymous when its
        visitor is), HTML-escaped by the core."""
        anonymous = await self.identity(request) is None
        return self.tag(
            request, desk=desk, show=show, nonce=nonce, retry_for=retry_for, anonymous=anonymous
        )

    def tag(self, request: Request, **options: Any) -> HTML:
        """The tag with explicit options (``anonymous=`` included)."""
        src = f"{request.scope.get('root_path', '')}{self.prefix}{CLIENT_JS_PATH}"
        return HTML(self.site.script_tag(src, **options))
