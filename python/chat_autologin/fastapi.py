"""FastAPI integration: an ``APIRouter`` whose signed-in user comes from the
site's own dependency.

::

    from fastapi import Depends, FastAPI
    from chat_autologin.fastapi import ChatAutologin

    async def current_user(...) -> User | None: ...   # the site's auth dependency

    chat = ChatAutologin(secret=os.environ["CHAT_AUTOLOGIN_SECRET"], current_user=current_user)
    app = FastAPI()
    app.include_router(chat.router)
    chat.install(templates)   # {{ chat_autologin_script(request, user) }} in Jinja2Templates

The token route runs the core's first checks (method, cross-site, desk) before
FastAPI resolves ``current_user``, so a refused request never looks the user up.
``current_user`` may return None, a user object (``email`` and ``display_name``
/ ``full_name`` / ``name``), a mapping or ``(email, display_name)``; an
``HTTPException`` it raises below 500 (an auth dependency refusing an anonymous
visitor) counts as nobody signed in. The routes stay out of the OpenAPI schema
unless ``include_in_schema=True``. Settings and answers: see the README's "The
site side".
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.routing import APIRoute
from starlette.responses import Response

from chat_autologin import starlette as _starlette
from chat_autologin._asgi import HTML, METHODS, identity_of, respond
from chat_autologin._web import Pending, Site, pending_answer

__all__ = ["ChatAutologin"]

_PENDING = "chat_autologin_pending"


#: The attribute of the token endpoint that holds its site, for the route class.
_SITE = "_chat_autologin_site"


class _AnswerRoute(APIRoute):
    """The token route: the core's first checks before FastAPI resolves the
    site's dependency (so that a refused request never looks the user up), and
    an auth dependency's refusal below 500 read as "nobody is signed in"."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        site: Site | None = getattr(self.endpoint, _SITE, None)
        if site is None:
            return handler

        async def route(request: Request) -> Response:
            step = site.token_request(
                request.method, request.scope["query_string"], request.headers.get("sec-fetch-site")
            )
            if not isinstance(step, Pending):
                return respond(step)
            setattr(request.state, _PENDING, step)
            try:
                return await handler(request)
            except HTTPException as refused:
                if refused.status_code >= 500:
                    raise
                return respond(pending_answer(site, step, None))

        return route


class ChatAutologin(_starlette.ChatAutologin):
    """The integration: the settings judged once, a router and a template helper."""

    def __init__(
        self,
        *,
        current_user: Callable[..., Any],
        secret: str | bytes | None = None,
        secrets: dict[str, str | bytes] | None = None,
        ttl: int | timedelta | None = None,
        allowed_email_domains: list[str] | None = None,
        path_prefix: str | None = None,
        include_in_schema: bool = False,
    ) -> None:
        super().__init__(
            secret=secret,
            secrets=secrets,
            ttl=ttl,
            allowed_email_domains=allowed_email_domains,
            path_prefix=path_prefix,
        )
        if not callable(current_user):
            raise TypeError(
                "current_user must be the site's FastAPI dependency (a function), "
                f"not {type(current_user).__name__}"
            )
        self.current_user = current_user
        self.include_in_schema = include_in_schema

    @property
    def router(self) -> APIRouter:
        """``<prefix>/token`` and ``<prefix>/client.js``, for ``app.include_router``."""
        site = self.site
        integration = self

        async def token(
            request: Request,
            user: Any = Depends(self.current_user),  # noqa: B008 - FastAPI's idiom
        ) -> Response:
            pending: Pending = getattr(request.state, _PENDING)
            return respond(pending_answer(site, pending, identity_of(user)))

        setattr(token, _SITE, site)

        router = APIRouter(route_class=_AnswerRoute)
        # GET shows in the schema when asked; the other methods (which the core
        # answers, 405 included) never do, so that no operation id repeats.
        others = [method for method in METHODS if method != "GET"]
        endpoints: list[tuple[str, Callable[..., Any], str]] = [
            (f"{self.prefix}/token", token, "chat_autologin_token"),
            (f"{self.prefix}/client.js", integration.client_js, "chat_autologin_client_js"),
        ]
        for path, endpoint, name in endpoints:
            router.add_api_route(
                path, endpoint, methods=["GET"], name=name, include_in_schema=self.include_in_schema
            )
            router.add_api_route(
                path, endpoint, methods=others, name=f"{name}_other", include_in_schema=False
            )
        return router

    def script_tag_for(
        self,
        request: Request,
        user: Any,
        desk: str | None = None,
        *,
        show: bool = False,
        nonce: str | None = None,
        retry_for: int | timedelta | None = None,
    ) -> HTML:
        """The companion's tag for a page whose visitor is `user` (what the
        page's ``current_user`` dependency gave; None when nobody is signed in)."""
        return self.tag(
            request,
            desk=desk,
            show=show,
            nonce=nonce,
            retry_for=retry_for,
            anonymous=identity_of(user) is None,
        )

    def install(self, templates: Any) -> None:
        """Adds ``chat_autologin_script(request, user, ...)`` to a
        ``Jinja2Templates``'s globals."""
        templates.env.globals["chat_autologin_script"] = self.script_tag_for
