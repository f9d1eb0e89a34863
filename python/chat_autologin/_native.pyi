"""The native module of chat_autologin. Import from ``chat_autologin`` instead."""

from collections.abc import Sequence
from datetime import timedelta
from typing import Any, Final, TypeAlias, final

from typing_extensions import Self

__all__ = [
    "CLIENT_JS_PATH",
    "COMPANION_SCRIPT",
    "DEFAULT_PREFIX",
    "DEFAULT_TTL",
    "SCRIPT_VERSION",
    "TOKEN_PATH",
    "Answer",
    "ChatClaims",
    "Issuer",
    "MintedToken",
    "Pending",
    "Site",
    "Verifier",
    "__version__",
    "client_js",
    "inspect_unverified",
    "mint_chat_token",
    "quoted",
    "verify_chat_token",
]

_Secret: TypeAlias = str | bytes | bytearray | memoryview

__version__: Final[str]

#: The browser companion script (JavaScript source) that the web integrations
#: serve at ``<prefix>/client.js``.
COMPANION_SCRIPT: Final[str]

@final
class ChatClaims:
    """The claims of a verified chat token."""

    __match_args__ = ("email", "display_name", "iat", "exp")

    def __new__(cls, email: str, display_name: str, iat: float, exp: float) -> Self: ...
    @property
    def email(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def iat(self) -> float: ...
    @property
    def exp(self) -> float: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[type[ChatClaims], tuple[str, str, float, float]]: ...

@final
class MintedToken:
    """A minted token with its ``iat`` and ``exp`` (whole seconds since the Unix epoch)."""

    @property
    def token(self) -> str: ...
    @property
    def iat(self) -> int: ...
    @property
    def exp(self) -> int: ...

@final
class Issuer:
    """Mints chat tokens with one secret and one lifetime, the key prepared once."""

    def __new__(cls, secret: _Secret, ttl: int | timedelta = 300) -> Self: ...
    def mint(self, email: str, name: str, *, now: float | None = None) -> str: ...
    def issue(self, email: str, name: str, *, now: float | None = None) -> MintedToken: ...
    @property
    def ttl(self) -> int: ...

@final
class Verifier:
    """Verifies chat tokens against one or more secrets, the keys prepared once."""

    def __new__(
        cls,
        secrets: _Secret | Sequence[_Secret],
        *,
        leeway: float | timedelta = 60,
        max_lifetime: float | timedelta = 86400,
    ) -> Self: ...
    def verify(self, token: str, *, now: float | None = None) -> ChatClaims: ...
    @property
    def leeway(self) -> float: ...
    @property
    def max_lifetime(self) -> float: ...

def mint_chat_token(
    email: str,
    name: str,
    ttl: int | timedelta,
    secret: _Secret,
    *,
    now: float | None = None,
) -> str: ...
def verify_chat_token(
    token: str,
    secret: _Secret | Sequence[_Secret],
    *,
    leeway: float | timedelta = 60,
    now: float | None = None,
    max_lifetime: float | timedelta = 86400,
) -> ChatClaims: ...
def inspect_unverified(token: str) -> dict[str, dict[str, Any]]: ...

# The site side, for the web integrations (chat_autologin.flask, .django).

#: The first 16 hex digits of the companion's SHA-256: its ETag and ``?v=``.
SCRIPT_VERSION: Final[str]
DEFAULT_PREFIX: Final[str]
DEFAULT_TTL: Final[int]
TOKEN_PATH: Final[str]
CLIENT_JS_PATH: Final[str]

@final
class Answer:
    """One HTTP answer of the site side, to write as it is."""

    @property
    def status(self) -> int: ...
    @property
    def headers(self) -> list[tuple[str, str]]: ...
    @property
    def body(self) -> bytes: ...
    @property
    def warning(self) -> str | None: ...

@final
class Pending:
    """A token request that passed the first checks; the user lookup comes next."""

@final
class Site:
    """A site's settings, judged once by the core."""

    def __new__(
        cls,
        *,
        names: tuple[str, str, str, str, str],
        secret: object = None,
        secrets: object = None,
        ttl: object = None,
        allowed_email_domains: object = None,
        path_prefix: object = None,
    ) -> Self: ...
    @property
    def prefix(self) -> str: ...
    @property
    def ttl(self) -> int: ...
    @property
    def desks(self) -> list[str]: ...
    def token_request(
        self, method: str, query: bytes, sec_fetch_site: str | None = None
    ) -> Answer | Pending: ...
    def token_answer(self, pending: Pending, user: tuple[str, str | None] | None) -> Answer: ...
    def script_tag(
        self,
        src: str,
        *,
        desk: str | None = None,
        show: bool = False,
        retry_for: float | timedelta | None = None,
        nonce: str | None = None,
        anonymous: bool = False,
    ) -> str: ...

def client_js(method: str, if_none_match: str | None = None) -> Answer: ...
def quoted(text: str) -> str: ...
