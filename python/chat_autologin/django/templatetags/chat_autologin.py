"""``{% load chat_autologin %}{% chat_autologin_script %}``: the companion's tag."""

from __future__ import annotations

from datetime import timedelta

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from chat_autologin.django.conf import get_config

register = template.Library()


@register.simple_tag
def chat_autologin_script(
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
    in), ``retry_for`` (seconds) ``data-retry-for``, ``nonce`` the CSP nonce.
    """
    src = reverse("chat_autologin:client_js")
    tag = get_config().settings.script_tag(
        src, desk=desk, show=show, nonce=nonce, retry_for=retry_for
    )
    # Every value in the tag is escaped by script_tag.
    return mark_safe(tag)
