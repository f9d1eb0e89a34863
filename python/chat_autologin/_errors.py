"""The exceptions raised by chat_autologin.

They are plain Python classes so that they behave like any other exception
(pickling, subclassing, ``except ValueError``); the native module raises them
by their ``code``, one of the contract's error codes.
"""

from __future__ import annotations

__all__ = [
    "BadSignatureError",
    "ChatAutologinError",
    "InvalidClaimsError",
    "InvalidInputError",
    "InvalidTokenError",
    "LifetimeTooLongError",
    "MalformedTokenError",
    "TokenExpiredError",
    "TokenNotYetValidError",
    "TokenTooLargeError",
    "UnsupportedAlgorithmError",
]


class ChatAutologinError(Exception):
    """Base class of every error raised by chat_autologin.

    ``code`` is one of the contract's error codes (such as ``"token_expired"``),
    the same string in every language; ``message`` says what was wrong and what
    to do. Neither ever contains a secret.
    """

    #: The code raised when none is given (each subclass for a token error sets its own).
    default_code: str = "internal_error"

    code: str
    message: str

    def __init__(self, message: str = "", code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = self.default_code if code is None else code

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, code={self.code!r})"

    def __reduce__(self) -> tuple[type[ChatAutologinError], tuple[str, str]]:
        return (type(self), (self.message, self.code))


class InvalidInputError(ChatAutologinError, ValueError):
    """An argument breaks the contract's rules.

    Codes: ``invalid_email``, ``invalid_display_name``, ``invalid_ttl``,
    ``invalid_secret`` and ``invalid_option``. It is also a ``ValueError``.
    """

    default_code = "invalid_option"


class InvalidTokenError(ChatAutologinError):
    """A token was rejected. Each reason has its own subclass and code."""

    default_code = "malformed_token"


class TokenTooLargeError(InvalidTokenError):
    """The token is longer than 8 192 bytes (``token_too_large``)."""

    default_code = "token_too_large"


class MalformedTokenError(InvalidTokenError):
    """The token is not three strict base64url segments of JSON objects (``malformed_token``)."""

    default_code = "malformed_token"


class UnsupportedAlgorithmError(InvalidTokenError):
    """The header is not ``alg: HS256``, or ``typ`` is not ``JWT`` (``unsupported_algorithm``)."""

    default_code = "unsupported_algorithm"


class BadSignatureError(InvalidTokenError):
    """The signature matches none of the secrets (``bad_signature``)."""

    default_code = "bad_signature"


class InvalidClaimsError(InvalidTokenError):
    """A claim is missing or has the wrong type (``invalid_claims``)."""

    default_code = "invalid_claims"


class TokenExpiredError(InvalidTokenError):
    """The token's ``exp`` has passed, even allowing for the leeway (``token_expired``)."""

    default_code = "token_expired"


class TokenNotYetValidError(InvalidTokenError):
    """The token's ``iat`` is in the future, even with the leeway (``token_not_yet_valid``)."""

    default_code = "token_not_yet_valid"


class LifetimeTooLongError(InvalidTokenError):
    """``exp - iat`` is over the maximum lifetime, or not positive (``lifetime_too_long``)."""

    default_code = "lifetime_too_long"


#: The class raised for each of the contract's error codes. The native module
#: reads this table once; a code missing from it is raised as ChatAutologinError.
ERROR_CLASSES: dict[str, type[ChatAutologinError]] = {
    "invalid_email": InvalidInputError,
    "invalid_display_name": InvalidInputError,
    "invalid_ttl": InvalidInputError,
    "invalid_secret": InvalidInputError,
    "invalid_option": InvalidInputError,
    "token_too_large": TokenTooLargeError,
    "malformed_token": MalformedTokenError,
    "unsupported_algorithm": UnsupportedAlgorithmError,
    "bad_signature": BadSignatureError,
    "invalid_claims": InvalidClaimsError,
    "token_expired": TokenExpiredError,
    "token_not_yet_valid": TokenNotYetValidError,
    "lifetime_too_long": LifetimeTooLongError,
}
