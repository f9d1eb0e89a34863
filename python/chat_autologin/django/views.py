"""The views: the token endpoint and the browser companion."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import etag, require_safe

from chat_autologin._native import COMPANION_SCRIPT
from chat_autologin._web import SCRIPT_CACHE_CONTROL, SCRIPT_CONTENT_TYPE, SCRIPT_ETAG
from chat_autologin.django.conf import get_config

__all__ = ["client_js", "token"]


# Exempt from CSRF so that a POST gets this view's 405, not a CSRF failure: the
# view only ever reads the session.
@csrf_exempt
def token(request: HttpRequest) -> HttpResponse:
    """``GET <prefix>/token[?desk=<name>]``: a token for the signed-in user.

    200 ``{"token", "expiresAt"}``, or ``{"error": <code>}`` with 400, 401, 403,
    404 or 405, never cached (``never_cache``'s headers, ``no-store`` among them).
    """
    config = get_config()
    answer = config.settings.token_answer(
        method=request.method or "",
        desk=request.GET.get("desk"),
        identity=lambda: config.user_loader(request),
    )
    response = HttpResponse(
        answer.content,
        status=answer.status,
        content_type="application/json",
        headers=answer.headers,
    )
    add_never_cache_headers(response)
    return response


@require_safe
@etag(lambda request: SCRIPT_ETAG)
def client_js(request: HttpRequest) -> HttpResponse:
    """``GET <prefix>/client.js``: the browser companion."""
    response = HttpResponse(COMPANION_SCRIPT, content_type=SCRIPT_CONTENT_TYPE)
    response["Cache-Control"] = SCRIPT_CACHE_CONTROL
    return response
