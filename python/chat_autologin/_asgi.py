"""What the ASGI integrations (Starlette, FastAPI) share: the core's answers as
Starlette responses, and the visitor read from a user object."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from chat_autologin._web import Answer, Identity, first_text

__all__ = ["HTML", "UserLoader", "identity_of", "resolve", "respond"]

#: A function of the request returning the signed-in visitor (a user object, a
#: mapping, or ``(email, display_name)``) or None; it may be async.
UserLoader = Callable[[Request], Any]

#: Every method reaches the views, so that the core answers each (405 included).
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


class HTML(str):
    """Markup that template engines (Jinja2) insert without escaping it again:
    every value in it was escaped by the core."""

    __slots__ = ()

    def __html__(self) -> str:
        return str(self)


def respond(answer: Answer) -> Response:
    """The core's answer as it is: status, headers, body (its warning, if any,
    was logged when it was made)."""
    return Response(answer.body, answer.status, headers=dict(answer.headers))


async def resolve(value: Any) -> Any:
    """`value`, awaited when it is awaitable (a loader may be sync or async)."""
    if inspect.isawaitable(value):
        awaitable: Awaitable[Any] = value
        return await awaitable
    return value


def identity_of(user: Any) -> Identity | None:
    """The visitor as ``(email, display_name)``, from what a user lookup gave:
    None (or an unauthenticated user) for nobody; a ``(email, name)`` pair; a
    mapping with ``email`` and ``display_name`` / ``displayName`` / ``name``; or
    an object with an ``email`` attribute and ``display_name`` / ``full_name`` /
    ``name`` (Starlette's ``BaseUser`` too)."""
    if user is None or user is False or getattr(user, "is_authenticated", True) is False:
        return None
    if isinstance(user, tuple):
        email, name = user
        return email, name
    if isinstance(user, Mapping):
        email = user.get("email")
        name = first_text(user.get("display_name"), user.get("displayName"), user.get("name"))
    else:
        email = getattr(user, "email", None)
        name = first_text(
            getattr(user, "display_name", None),
            getattr(user, "full_name", None),
            getattr(user, "name", None),
        )
    if not isinstance(email, str):
        raise TypeError(
            f"the signed-in user's email must be a str, not {type(email).__name__}; "
            "pass a user_loader that returns (email, display_name)"
        )
    return email, name
