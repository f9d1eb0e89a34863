"""``path("", include("chat_autologin.django.urls"))``: the routes under
``CHAT_AUTOLOGIN["PATH_PREFIX"]`` (default ``/chat-autologin``).

Names, in the ``chat_autologin`` namespace: ``token`` and ``client_js``.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, path
from django.views.decorators.csrf import csrf_exempt

from chat_autologin._web import CLIENT_JS_PATH, DEFAULT_PREFIX, TOKEN_PATH
from chat_autologin.django import views
from chat_autologin.django.conf import get_config

app_name = "chat_autologin"


def routes() -> list[URLPattern]:
    """The two routes under the configured prefix. With invalid settings the
    default prefix is used, so that ``manage.py check`` can report them; the
    views then fail with ``ImproperlyConfigured``."""
    try:
        prefix = get_config().site.prefix
    except ImproperlyConfigured:
        prefix = DEFAULT_PREFIX
    return [
        # Exempt from CSRF: the core answers every method, 405 included.
        path(f"{prefix}{TOKEN_PATH}".lstrip("/"), csrf_exempt(views.token), name="token"),
        path(
            f"{prefix}{CLIENT_JS_PATH}".lstrip("/"),
            csrf_exempt(views.client_js_view),
            name="client_js",
        ),
    ]


urlpatterns = routes()
