"""What the Python web integrations share: a thin layer over the core's site side.

Every rule (the settings, the token endpoint's checks and answers, the
companion's caching, the script tag) is decided by the core's ``Site``; this
module only names the settings as each framework spells them, runs the site's
user lookup between the core's two steps, and logs the core's warnings. No web
framework is imported here.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import NamedTuple

from chat_autologin._native import (
    CLIENT_JS_PATH,
    DEFAULT_PREFIX,
    DEFAULT_TTL,
    SCRIPT_VERSION,
    TOKEN_PATH,
    Answer,
    Pending,
    Site,
    client_js,
)

__all__ = [
    "CLIENT_JS_PATH",
    "DEFAULT_PREFIX",
    "DEFAULT_TTL",
    "DJANGO_NAMES",
    "FLASK_NAMES",
    "SCRIPT_VERSION",
    "TOKEN_PATH",
    "Answer",
    "Identity",
    "Pending",
    "SettingNames",
    "Site",
    "client_js",
    "first_text",
    "pending_answer",
    "token_answer",
    "token_answer_async",
]

logger = logging.getLogger("chat_autologin")

#: What a user lookup returns for a signed-in visitor: ``(email, display_name)``;
#: a display name that is None, empty or blank becomes the email.
Identity = tuple[str, "str | None"]


class SettingNames(NamedTuple):
    """How a framework spells the five settings, for the core's messages."""

    secret: str
    secrets: str
    ttl: str
    allowed_email_domains: str
    path_prefix: str


FLASK_NAMES = SettingNames(
    "CHAT_AUTOLOGIN_SECRET",
    "CHAT_AUTOLOGIN_SECRETS",
    "CHAT_AUTOLOGIN_TTL",
    "CHAT_AUTOLOGIN_ALLOWED_EMAIL_DOMAINS",
    "CHAT_AUTOLOGIN_URL_PREFIX",
)
DJANGO_NAMES = SettingNames(
    'CHAT_AUTOLOGIN["SECRET"]',
    'CHAT_AUTOLOGIN["SECRETS"]',
    'CHAT_AUTOLOGIN["TTL"]',
    'CHAT_AUTOLOGIN["ALLOWED_EMAIL_DOMAINS"]',
    'CHAT_AUTOLOGIN["PATH_PREFIX"]',
)


def first_text(*values: object) -> str | None:
    """The first value that is a ``str`` (for a user lookup choosing among a
    user's name fields), or None. The core decides what is blank."""
    for value in values:
        if isinstance(value, str) and value.strip():
            return value
    return None


def token_answer(
    site: Site,
    *,
    method: str,
    query: bytes,
    sec_fetch_site: str | None,
    identity: Callable[[], Identity | None],
) -> Answer:
    """The token endpoint's answer: the core's first checks, then the site's
    user lookup (only when they pass), then the core's answer. A lookup that
    raises is not caught: it is the framework's own error."""
    step = site.token_request(method, query, sec_fetch_site)
    if not isinstance(step, Pending):
        return step
    return pending_answer(site, step, identity())


async def token_answer_async(
    site: Site,
    *,
    method: str,
    query: bytes,
    sec_fetch_site: str | None,
    identity: Callable[[], Awaitable[Identity | None]],
) -> Answer:
    """``token_answer`` for an async user lookup (Starlette, async Django)."""
    step = site.token_request(method, query, sec_fetch_site)
    if not isinstance(step, Pending):
        return step
    return pending_answer(site, step, await identity())


def pending_answer(site: Site, step: Pending, who: Identity | None) -> Answer:
    """The second step alone, for integrations whose user lookup is async."""
    answer = site.token_answer(step, who)
    if answer.warning is not None:
        logger.warning("%s", answer.warning)
    return answer
