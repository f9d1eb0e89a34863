"""The ``CHAT_AUTOLOGIN`` setting, judged once by the core and kept, and its system check."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings as django_settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.module_loading import import_string
from django.views.decorators.debug import sensitive_variables

from chat_autologin._errors import InvalidInputError
from chat_autologin._native import quoted
from chat_autologin._web import DJANGO_NAMES, Identity, Site, first_text

__all__ = [
    "KEYS",
    "Config",
    "UserLoader",
    "check_settings",
    "default_user",
    "default_user_async",
    "get_config",
    "user_identity",
]

#: A function of the request that returns the signed-in visitor's
#: ``(email, display_name)``, or None for an anonymous visitor.
UserLoader = Callable[[HttpRequest], Identity | None]

#: The keys of ``CHAT_AUTOLOGIN``.
KEYS = ("SECRET", "SECRETS", "TTL", "ALLOWED_EMAIL_DOMAINS", "PATH_PREFIX", "USER_LOADER")

#: The check id for each code of a settings error.
_CHECK_IDS = {
    "invalid_secret": "chat_autologin.E001",
    "invalid_ttl": "chat_autologin.E002",
    "invalid_option": "chat_autologin.E003",
}
_HINTS = {
    "invalid_secret": (
        'Set CHAT_AUTOLOGIN = {"SECRET": ...} to the service desk project\'s secret key, '
        "used as typed (never base64- or hex-decoded); or, for several service desks, "
        '{"SECRETS": {"<desk name>": <secret key>, ...}}.'
    ),
    "invalid_ttl": 'CHAT_AUTOLOGIN["TTL"] is whole seconds from 1 to 86400, or a timedelta.',
    "invalid_option": f"The keys of CHAT_AUTOLOGIN are {', '.join(KEYS)}.",
}


@dataclass(frozen=True)
class Config:
    """The judged settings and the user loader."""

    site: Site
    user_loader: UserLoader


def default_user(request: HttpRequest) -> Identity | None:
    """The visitor as ``request.user`` has them: the email field, and
    ``get_full_name()`` or else ``get_username()`` as the display name (else the
    email); None for an anonymous visitor."""
    user: Any = getattr(request, "user", None)
    if user is None:
        raise ImproperlyConfigured(
            "chat_autologin: request.user is missing; add "
            "django.contrib.auth.middleware.AuthenticationMiddleware to MIDDLEWARE, "
            'or set CHAT_AUTOLOGIN["USER_LOADER"]'
        )
    return user_identity(user)


async def default_user_async(request: HttpRequest) -> Identity | None:
    """``default_user`` under ASGI: ``await request.auser()``, no thread hop."""
    auser = getattr(request, "auser", None)
    if auser is None:
        return default_user(request)
    return user_identity(await auser())


def user_identity(user: Any) -> Identity | None:
    """A ``django.contrib.auth`` user as ``(email, display_name)``, or None."""
    if not user.is_authenticated:
        return None
    email_field = getattr(user, "get_email_field_name", lambda: "email")()
    email = getattr(user, email_field, None)
    full_name = getattr(user, "get_full_name", None)
    username = getattr(user, "get_username", None)
    name = first_text(
        full_name() if callable(full_name) else None,
        username() if callable(username) else None,
    )
    return (email if isinstance(email, str) else ""), name


def _user_loader(value: Any) -> UserLoader:
    name = 'CHAT_AUTOLOGIN["USER_LOADER"]'
    if value is None:
        return default_user
    if isinstance(value, str):
        try:
            value = import_string(value)
        except ImportError as error:
            raise InvalidInputError(f"{name}: {error}", "invalid_option") from None
    if not callable(value):
        raise InvalidInputError(
            f"{name} must be a function of the request or its dotted path, "
            f"not {type(value).__name__}",
            "invalid_option",
        )
    loader: UserLoader = value
    return loader


# The secret passes through these frames: Django's error pages and reports
# must not show their variables.
@sensitive_variables()
def load() -> Config:
    """Judges ``settings.CHAT_AUTOLOGIN``; raises :class:`InvalidInputError`."""
    value = getattr(django_settings, "CHAT_AUTOLOGIN", None)
    if value is None:
        value = {}
    if not isinstance(value, Mapping):
        raise InvalidInputError(
            f"CHAT_AUTOLOGIN must be a dict, not {type(value).__name__}", "invalid_option"
        )
    site = Site(
        names=DJANGO_NAMES,
        secret=value.get("SECRET"),
        secrets=value.get("SECRETS"),
        ttl=value.get("TTL"),
        allowed_email_domains=value.get("ALLOWED_EMAIL_DOMAINS"),
        path_prefix=value.get("PATH_PREFIX"),
    )
    return Config(site, _user_loader(value.get("USER_LOADER")))


#: The judged settings, once read; emptied when a test overrides them.
_config: list[Config] = []


@sensitive_variables()
def get_config() -> Config:
    """The judged settings, read once and kept until ``CHAT_AUTOLOGIN`` changes
    (in tests).

    Raises ``ImproperlyConfigured`` when they are missing or invalid.
    """
    if not _config:
        try:
            config = load()
        except InvalidInputError as error:
            raise ImproperlyConfigured(str(error)) from None
        _config[:] = [config]
    return _config[0]


def settings_changed(*, setting: str, **kwargs: object) -> None:
    """Forgets the judged settings when a test overrides ``CHAT_AUTOLOGIN``."""
    if setting == "CHAT_AUTOLOGIN":
        _config.clear()


@sensitive_variables()
def check_settings(app_configs: object = None, **kwargs: object) -> list[checks.CheckMessage]:
    """The system check: an Error for a missing or invalid setting
    (``chat_autologin.E001`` secret, ``E002`` TTL, ``E003`` anything else), a
    Warning for an unknown key (``chat_autologin.W001``)."""
    messages: list[checks.CheckMessage] = []
    value = getattr(django_settings, "CHAT_AUTOLOGIN", None)
    if isinstance(value, Mapping):
        messages.extend(
            checks.Warning(
                f"CHAT_AUTOLOGIN has an unknown key {_quoted(key)}; it is ignored.",
                hint=_HINTS["invalid_option"],
                id="chat_autologin.W001",
            )
            for key in value
            if key not in KEYS
        )
    try:
        load()
    except InvalidInputError as error:
        messages.append(
            checks.Error(
                error.message,
                hint=_HINTS.get(error.code),
                id=_CHECK_IDS.get(error.code, "chat_autologin.E003"),
            )
        )
    return messages


def _quoted(key: object) -> str:
    # An unknown key may be a secret put in the wrong place: the core's rule.
    return quoted(key) if isinstance(key, str) else f"of type {type(key).__name__}"
