"""The views: the token endpoint and the browser companion, answered by the core."""

from __future__ import annotations

from asgiref.sync import iscoroutinefunction, sync_to_async
from django.http import HttpRequest, HttpResponse

from chat_autologin._web import Answer, Identity, client_js, token_answer_async
from chat_autologin.django.conf import Config, default_user, default_user_async, get_config

__all__ = ["client_js_view", "token"]


def _response(answer: Answer) -> HttpResponse:
    response = HttpResponse(answer.body, status=answer.status)
    for name, value in answer.headers:
        response[name] = value
    return response


async def _identity(config: Config, request: HttpRequest) -> Identity | None:
    """The signed-in visitor: ``await request.auser()`` by default, an async
    ``USER_LOADER`` awaited; only a sync ``USER_LOADER`` runs in a thread."""
    loader = config.user_loader
    if loader is default_user:
        return await default_user_async(request)
    if iscoroutinefunction(loader):
        identity: Identity | None = await loader(request)
        return identity
    return await sync_to_async(loader)(request)


# Async views: under ASGI they run on the event loop; under WSGI Django runs
# them as it runs any async view. The URLconf exempts them from CSRF so that a
# POST gets the core's 405, not a CSRF failure: they only ever read the session.
async def token(request: HttpRequest) -> HttpResponse:
    """``GET <prefix>/token[?desk=<name>]``: a token for the signed-in user."""
    config = get_config()
    return _response(
        await token_answer_async(
            config.site,
            method=request.method or "",
            query=request.META.get("QUERY_STRING", "").encode("latin-1", "replace"),
            sec_fetch_site=request.headers.get("Sec-Fetch-Site"),
            identity=lambda: _identity(config, request),
        )
    )


async def client_js_view(request: HttpRequest) -> HttpResponse:
    """``GET <prefix>/client.js``: the browser companion."""
    return _response(client_js(request.method or "", request.headers.get("If-None-Match")))
