"""``{% load chat_autologin %}{% chat_autologin_script %}``: the companion's tag."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from chat_autologin.django.conf import get_config

register = template.Library()


@register.simple_tag(takes_context=True)
def chat_autologin_script(
    context: Any,
    desk: str | None = None,
    *,
    show: bool = False,
    nonce: str | None = None,
    retry_for: int | timedelta | None = None,
) -> SafeString:
    """The companion's ``<script src=".../client.js" defer>`` tag; place it after
    the widget's own tag.

    ``desk="<name>"`` (required with several secrets) becomes ``data-desk``,
    ``show=True`` ``data-show="true"`` (call the widget's ``show()`` once logged
    in), ``retry_for`` (whole seconds, 1 to 600) ``data-retry-for``, ``nonce``
    the CSP nonce. For a visitor who is not signed in (the template's request
    says so), the page makes no token request.
    """
    config = get_config()
    request = context.get("request")
    anonymous = request is not None and config.user_loader(request) is None
    tag = config.site.script_tag(
        reverse("chat_autologin:client_js"),
        desk=desk,
        show=show,
        retry_for=retry_for,
        nonce=nonce,
        anonymous=anonymous,
    )
    # Every value in the tag is escaped by the core.
    return mark_safe(tag)
