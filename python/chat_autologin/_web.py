"""What the Flask and Django integrations share, written once.

The settings (read and judged once, at start-up), the service desk a request
asks for, the email-domain check, the answers of the token endpoint and the
script tag of the browser companion. No web framework is imported here; each
integration turns an :class:`Answer` into its own response. Every token rule is
the core's: a secret or a lifetime is judged by constructing an ``Issuer``.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from chat_autologin._errors import InvalidInputError
from chat_autologin._native import COMPANION_SCRIPT, Issuer

__all__ = [
    "DEFAULT_TTL",
    "DJANGO_NAMES",
    "FLASK_NAMES",
    "SCRIPT_CACHE_CONTROL",
    "SCRIPT_CONTENT_TYPE",
    "SCRIPT_ETAG",
    "TOKEN_ALLOWED_METHODS",
    "TOKEN_CACHE_CONTROL",
    "Answer",
    "Identity",
    "SettingNames",
    "Settings",
    "first_text",
]

logger = logging.getLogger("chat_autologin")

#: What a user loader returns for a signed-in visitor: ``(email, display_name)``.
Identity = tuple[str, str]

#: The lifetime of a token when the settings give none, in seconds.
DEFAULT_TTL = 300

#: The token endpoint's answers are never stored by a browser or a proxy.
TOKEN_CACHE_CONTROL = "no-store"
#: The token endpoint answers these methods; any other gets 405.
TOKEN_ALLOWED_METHODS = ("GET", "HEAD")

#: The companion script changes only with the package: cache it for a day, and
#: revalidate with its ETag. The script tag adds ``?v=<version>`` to its URL, so
#: an upgrade reaches browsers at once.
SCRIPT_CONTENT_TYPE = "application/javascript; charset=utf-8"
SCRIPT_CACHE_CONTROL = "public, max-age=86400"
#: The script's entity tag (without quotes), also its ``?v=`` in the script tag.
SCRIPT_ETAG = hashlib.sha256(COMPANION_SCRIPT.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class SettingNames:
    """How each framework spells the settings, for error messages."""

    secret: str
    secrets: str
    ttl: str
    domains: str


FLASK_NAMES = SettingNames(
    secret="CHAT_AUTOLOGIN_SECRET",
    secrets="CHAT_AUTOLOGIN_SECRETS",
    ttl="CHAT_AUTOLOGIN_TTL",
    domains="CHAT_AUTOLOGIN_ALLOWED_EMAIL_DOMAINS",
)
DJANGO_NAMES = SettingNames(
    secret='CHAT_AUTOLOGIN["SECRET"]',
    secrets='CHAT_AUTOLOGIN["SECRETS"]',
    ttl='CHAT_AUTOLOGIN["TTL"]',
    domains='CHAT_AUTOLOGIN["ALLOWED_EMAIL_DOMAINS"]',
)


@dataclass(frozen=True)
class Answer:
    """One answer of the token endpoint: a status, a JSON body and headers."""

    status: int
    body: dict[str, str | int]
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def content(self) -> bytes:
        """The body as compact JSON, the same bytes in every framework."""
        return json.dumps(self.body, separators=(",", ":")).encode()


def _answer(status: int, body: dict[str, str | int], **headers: str) -> Answer:
    return Answer(status, body, {"Cache-Control": TOKEN_CACHE_CONTROL, **headers})


def first_text(*values: object) -> str:
    """The first value that is a ``str`` with something other than whitespace, or ``""``."""
    for value in values:
        if isinstance(value, str) and value.strip():
            return value
    return ""


def _issuer(secret: object, ttl: object, secret_name: str, ttl_name: str) -> Issuer:
    """An issuer for one secret, with each problem reported under its setting.

    The secret is judged first, with the default lifetime, so that an error is
    never blamed on the wrong setting; then the lifetime.
    """
    try:
        Issuer(secret, DEFAULT_TTL)  # type: ignore[arg-type]
    except (InvalidInputError, TypeError) as error:
        raise InvalidInputError(f"{secret_name}: {error}", "invalid_secret") from None
    try:
        return Issuer(secret, ttl)  # type: ignore[arg-type]
    except (InvalidInputError, TypeError) as error:
        raise InvalidInputError(f"{ttl_name}: {error}", "invalid_ttl") from None


def _domains(value: object, name: str) -> frozenset[str] | None:
    """The allowed email domains, lowercased, or None for every domain."""
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InvalidInputError(
            f"{name} must be a list of domains, such as ['example.com'], "
            f"not {type(value).__name__}",
            "invalid_option",
        )
    domains = set()
    for item in value:
        domain = item.removeprefix("@").lower() if isinstance(item, str) else ""
        if not domain or "@" in domain or any(c.isspace() or not c.isprintable() for c in domain):
            raise InvalidInputError(
                f"{name}: {item!r} is not an email domain such as 'example.com'",
                "invalid_option",
            )
        domains.add(domain)
    if not domains:
        raise InvalidInputError(
            f"{name} is empty, so no visitor could log in; leave it unset (None) "
            "to allow every email domain",
            "invalid_option",
        )
    return frozenset(domains)


class Settings:
    """The settings of one site, judged once: an issuer per service desk and
    the allowed email domains.

    With a single secret there is one unnamed desk and a ``desk`` asked for is
    ignored. With a mapping of secrets every request must name its desk.
    """

    __slots__ = ("_issuers", "_single", "domains")

    def __init__(
        self,
        single: Issuer | None,
        issuers: Mapping[str, Issuer],
        domains: frozenset[str] | None,
    ) -> None:
        self._single = single
        self._issuers = dict(issuers)
        #: The allowed email domains (lowercase), or None for every domain.
        self.domains = domains

    def __repr__(self) -> str:
        desks = "1 secret" if self._single is not None else f"desks={sorted(self._issuers)!r}"
        domains = "any" if self.domains is None else sorted(self.domains)
        return f"<chat_autologin Settings {desks} allowed_email_domains={domains!r}>"

    @classmethod
    def load(
        cls,
        *,
        secret: object = None,
        secrets: object = None,
        ttl: object = None,
        allowed_email_domains: object = None,
        names: SettingNames,
    ) -> Settings:
        """Judges the settings; `None` is "not set".

        Raises :class:`InvalidInputError` whose message names the setting, with
        code ``invalid_secret`` (a secret missing, of the wrong type, or refused
        by the core), ``invalid_ttl`` or ``invalid_option`` (the domains).
        """
        if ttl is None:
            ttl = DEFAULT_TTL
        if secret is not None and secrets is not None:
            raise InvalidInputError(
                f"set {names.secret} or {names.secrets}, not both", "invalid_secret"
            )
        single = None
        issuers: dict[str, Issuer] = {}
        if secrets is None:
            if secret is None:
                raise InvalidInputError(
                    f"{names.secret} is not set: set it to the service desk project's "
                    f"secret key (or set {names.secrets} to a mapping of service desk "
                    "name to secret key, one per project)",
                    "invalid_secret",
                )
            single = _issuer(secret, ttl, names.secret, names.ttl)
        else:
            if not isinstance(secrets, Mapping):
                raise InvalidInputError(
                    f"{names.secrets} must be a mapping of service desk name to secret key, "
                    f'such as {{"support": "..."}}, not {type(secrets).__name__}',
                    "invalid_secret",
                )
            if not secrets:
                raise InvalidInputError(
                    f"{names.secrets} is empty: give at least one service desk and its secret key",
                    "invalid_secret",
                )
            for desk, desk_secret in secrets.items():
                if not isinstance(desk, str) or not desk:
                    raise InvalidInputError(
                        f"{names.secrets}: the service desk name {desk!r} must be a non-empty str",
                        "invalid_secret",
                    )
                issuers[desk] = _issuer(desk_secret, ttl, f"{names.secrets}[{desk!r}]", names.ttl)
        return cls(single, issuers, _domains(allowed_email_domains, names.domains))

    @property
    def desks(self) -> tuple[str, ...]:
        """The service desk names (empty with a single secret)."""
        return tuple(self._issuers)

    @property
    def ttl(self) -> int:
        """The lifetime of each token, in seconds."""
        issuer = self._single or next(iter(self._issuers.values()))
        return issuer.ttl

    def email_allowed(self, email: str) -> bool:
        """Whether the email's domain (after the last ``@``, any case) is allowed."""
        if self.domains is None:
            return True
        return email.rpartition("@")[2].lower() in self.domains

    def token_answer(
        self,
        *,
        method: str,
        desk: str | None,
        identity: Callable[[], Identity | None],
    ) -> Answer:
        """The token endpoint's answer. Checked in this order:

        405 ``method_not_allowed`` for a method other than GET or HEAD; with
        several desks, 400 ``desk_required`` without ``?desk=`` and 404
        ``unknown_desk`` for a name that is not configured; 401
        ``not_authenticated`` when `identity()` gives None; 403
        ``email_domain_not_allowed`` outside the allowed domains; 403 with the
        core's code (``invalid_email``, ``invalid_display_name``) for a user the
        chat cannot take. Otherwise 200 ``{"token", "expiresAt"}``, ``expiresAt``
        being the token's ``exp`` (whole seconds since the Unix epoch).
        """
        if method not in TOKEN_ALLOWED_METHODS:
            allow = ", ".join(TOKEN_ALLOWED_METHODS)
            return _answer(405, {"error": "method_not_allowed"}, Allow=allow)
        if self._single is not None:
            issuer = self._single
        elif not desk:
            return _answer(400, {"error": "desk_required"})
        elif desk in self._issuers:
            issuer = self._issuers[desk]
        else:
            return _answer(404, {"error": "unknown_desk"})
        who = identity()
        if who is None:
            return _answer(401, {"error": "not_authenticated"})
        email, name = who
        if not self.email_allowed(email):
            return _answer(403, {"error": "email_domain_not_allowed"})
        try:
            minted = issuer.issue(email, name)
        except InvalidInputError as error:
            # The messages name the rule, never the email or the name.
            logger.warning(
                "chat-autologin: no token for the signed-in user: %s: %s", error.code, error
            )
            return _answer(403, {"error": error.code})
        return _answer(200, {"token": minted.token, "expiresAt": minted.exp})

    def script_tag(
        self,
        src: str,
        *,
        desk: str | None = None,
        show: bool = False,
        nonce: str | None = None,
        retry_for: int | timedelta | None = None,
    ) -> str:
        """The ``<script>`` tag of the companion, its URL being `src`.

        `desk` becomes ``data-desk`` (required with several desks, and one of
        them), `show` ``data-show="true"``, `retry_for` (seconds)
        ``data-retry-for``, `nonce` the CSP ``nonce`` attribute. Values are
        HTML-escaped; the result is safe to insert as is.
        """
        if self._single is None:
            if desk is None:
                raise ValueError(
                    f"several service desks are configured ({', '.join(self._issuers)}): "
                    "pass desk= to choose one"
                )
            if desk not in self._issuers:
                raise ValueError(
                    f"unknown service desk {desk!r}: the configured ones are "
                    f"{', '.join(self._issuers)}"
                )
        separator = "&" if "?" in src else "?"
        attributes = [("src", f"{src}{separator}v={SCRIPT_ETAG}"), ("defer", None)]
        if desk is not None:
            attributes.append(("data-desk", desk))
        if show:
            attributes.append(("data-show", "true"))
        if retry_for is not None:
            seconds = retry_for.total_seconds() if isinstance(retry_for, timedelta) else retry_for
            if isinstance(seconds, bool) or not seconds > 0:
                raise ValueError(
                    f"retry_for must be a positive number of seconds, not {retry_for!r}"
                )
            attributes.append(("data-retry-for", f"{seconds:g}"))
        if nonce is not None:
            attributes.append(("nonce", nonce))
        written = "".join(
            f" {name}" if value is None else f' {name}="{html.escape(str(value), quote=True)}"'
            for name, value in attributes
        )
        return f"<script{written}></script>"
