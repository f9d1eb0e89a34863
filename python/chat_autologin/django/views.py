"""The views: the token endpoint and the browser companion, answered by the core."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from chat_autologin._web import Answer, client_js, token_answer
from chat_autologin.django.conf import get_config

__all__ = ["client_js_view", "token"]


def _response(answer: Answer) -> HttpResponse:
    response = HttpResponse(answer.body, status=answer.status)
    for name, value in answer.headers:
        response[name] = value
    return response


# Exempt from CSRF so that a POST gets the core's 405, not a CSRF failure: the
# view only ever reads the session.
@csrf_exempt
def token(request: HttpRequest) -> HttpResponse:
    """``GET <prefix>/token[?desk=<name>]``: a token for the signed-in user."""
    config = get_config()
    return _response(
        token_answer(
            config.site,
            method=request.method or "",
            query=request.META.get("QUERY_STRING", "").encode("latin-1", "replace"),
            sec_fetch_site=request.headers.get("Sec-Fetch-Site"),
            identity=lambda: config.user_loader(request),
        )
    )


@csrf_exempt
def client_js_view(request: HttpRequest) -> HttpResponse:
    """``GET <prefix>/client.js``: the browser companion."""
    return _response(client_js(request.method or "", request.headers.get("If-None-Match")))
