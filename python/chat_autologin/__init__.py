"""Mint and verify the tokens that log website visitors into the Chat for Jira
Service Management widget ("auto-login on website").

A token is a compact HS256 JWT, ``{"alg":"HS256","typ":"JWT"}`` over
``{"email","displayName","iat","exp"}``, signed with the service desk project's
secret key used as its raw bytes (a ``str`` secret is encoded as UTF-8). The
site's back end mints one for a signed-in visitor and the browser hands it to
``chatWidget.loginWithToken(token)``.

>>> from chat_autologin import Issuer
>>> issuer = Issuer("a-76-character-secret-from-the-service-desk-settings-page", ttl=300)
>>> token = issuer.mint("ada@example.com", "Ada Lovelace")

Failures raise a :class:`ChatAutologinError` whose ``code`` is one of the
contract's error codes: :class:`InvalidInputError` (also a ``ValueError``) for a
bad argument, a subclass of :class:`InvalidTokenError` for a rejected token.
Wrong argument types raise ``TypeError``.

:func:`diagnose` says why the chat would refuse a token: the verdict, then each
usual mistake found (a secret base64-decoded, timestamps in milliseconds, …).

Web integrations: :mod:`chat_autologin.flask` and :mod:`chat_autologin.django`
serve a token endpoint and :data:`COMPANION_SCRIPT`, the browser script that
hands the token to the widget.
"""

from chat_autologin._errors import (
    BadSignatureError,
    ChatAutologinError,
    InvalidClaimsError,
    InvalidInputError,
    InvalidTokenError,
    LifetimeTooLongError,
    MalformedTokenError,
    TokenExpiredError,
    TokenNotYetValidError,
    TokenTooLargeError,
    UnsupportedAlgorithmError,
)
from chat_autologin._native import (
    COMPANION_SCRIPT,
    ChatClaims,
    Issuer,
    MintedToken,
    Verifier,
    __version__,
    diagnose,
    inspect_unverified,
    mint_chat_token,
    verify_chat_token,
)

__all__ = [
    "COMPANION_SCRIPT",
    "BadSignatureError",
    "ChatAutologinError",
    "ChatClaims",
    "InvalidClaimsError",
    "InvalidInputError",
    "InvalidTokenError",
    "Issuer",
    "LifetimeTooLongError",
    "MalformedTokenError",
    "MintedToken",
    "TokenExpiredError",
    "TokenNotYetValidError",
    "TokenTooLargeError",
    "UnsupportedAlgorithmError",
    "Verifier",
    "__version__",
    "diagnose",
    "inspect_unverified",
    "mint_chat_token",
    "verify_chat_token",
]
