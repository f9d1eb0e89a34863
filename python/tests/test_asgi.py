"""The Starlette and FastAPI integrations: every endpoint vector through the real
framework (Starlette's TestClient drives the ASGI app), and what the vectors
cannot say."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from endpoint_vectors import (
    REQUEST_CASES,
    SCRIPT_TAG_CASES,
    SETTINGS_CASES,
    Lookup,
    check_answer,
    check_settings_error,
    ids,
    text,
)
from support import SECRET

pytest.importorskip("fastapi")

from fastapi import Depends, FastAPI, HTTPException
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Mount
from starlette.testclient import TestClient

from chat_autologin import InvalidInputError
from chat_autologin import fastapi as chat_fastapi
from chat_autologin import starlette as chat_starlette

FRAMEWORKS = ["starlette", "fastapi"]
ADA = {"email": "ada@example.com", "displayName": "Ada"}


class AsyncLookup(Lookup):
    """The case's user from an async lookup, as ASGI sites have them."""

    async def load(self, *args: object) -> tuple[str, str | None] | None:
        return self(*args)


def build(framework: str, settings: dict[str, Any], lookup: AsyncLookup) -> Any:
    if framework == "starlette":
        chat = chat_starlette.ChatAutologin(**settings, user_loader=lookup.load)
        return chat, Starlette(routes=chat.routes)

    async def current_user() -> tuple[str, str | None] | None:
        return await lookup.load()

    chat = chat_fastapi.ChatAutologin(**settings, current_user=current_user)
    app = FastAPI()
    app.include_router(chat.router)
    return chat, app


def request_for(path: str = "/") -> Request:
    return Request(
        {"type": "http", "method": "GET", "path": path, "headers": [], "query_string": b""}
    )


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize("case", ids(SETTINGS_CASES))
def test_endpoint_vectors_settings(framework: str, case: dict[str, Any]) -> None:
    with pytest.raises(InvalidInputError) as raised:
        build(framework, case["settings"], AsyncLookup(None))
    check_settings_error(case, raised.value, chat_starlette.NAMES)


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize("case", ids(REQUEST_CASES))
def test_endpoint_vectors_requests(
    framework: str, case: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    lookup = AsyncLookup(case["user"])
    _, app = build(framework, case["settings"], lookup)
    request = case["request"]
    url = request["path"] + (f"?{request['query']}" if request["query"] else "")
    with caplog.at_level(logging.WARNING, logger="chat_autologin"), TestClient(app) as client:
        response = client.request(request["method"], url, headers=request["headers"])
    check_answer(
        case,
        response.status_code,
        response.headers.get,
        response.content,
        lookup,
        [r.getMessage() for r in caplog.records if r.name == "chat_autologin"],
    )


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize("case", ids(SCRIPT_TAG_CASES))
def test_endpoint_vectors_script_tags(framework: str, case: dict[str, Any]) -> None:
    user = ADA if case["signed_in"] else None
    lookup = AsyncLookup(user)
    chat, _ = build(framework, case["settings"], lookup)

    def tag() -> str:
        if framework == "starlette":
            return asyncio.run(chat.script_tag(request_for(), **case["options"]))
        return chat.script_tag_for(request_for(), lookup(), **case["options"])

    if "error" in case["expect"]:
        with pytest.raises(InvalidInputError) as raised:
            tag()
        assert raised.value.code == case["expect"]["error"]
    else:
        written = tag()
        assert written == case["expect"]["tag"]
        assert written.__html__() == written


def test_starlette_reads_request_user_and_mounts_at_its_prefix() -> None:
    from starlette.authentication import AuthCredentials, AuthenticationBackend, SimpleUser
    from starlette.middleware import Middleware
    from starlette.middleware.authentication import AuthenticationMiddleware

    class User(SimpleUser):
        email = "ada@example.com"

    class Backend(AuthenticationBackend):
        async def authenticate(self, conn: Any) -> Any:
            if conn.headers.get("cookie") == "session=ada":
                return AuthCredentials(["authenticated"]), User("Ada Lovelace")
            return None

    chat = chat_starlette.ChatAutologin(secret=SECRET)
    app = Starlette(
        routes=[Mount(chat.prefix, app=chat)],
        middleware=[Middleware(AuthenticationMiddleware, backend=Backend())],
    )
    with TestClient(app) as client:
        assert client.get("/chat-autologin/token").json() == {"error": "not_authenticated"}
        answer = client.get("/chat-autologin/token", headers={"cookie": "session=ada"}).json()
        assert answer["token"].startswith("eyJ")
        assert client.get("/chat-autologin/client.js").status_code == 200
        assert client.get("/chat-autologin/other").status_code == 404


def test_fastapi_uses_the_sites_dependency_and_stays_out_of_the_schema() -> None:
    calls: list[str] = []

    async def current_user(request: Request) -> dict[str, str]:
        calls.append(request.method)
        if request.headers.get("cookie") != "session=ada":
            raise HTTPException(401, "sign in first")
        return {"email": "ada@example.com", "display_name": "Ada Lovelace"}

    chat = chat_fastapi.ChatAutologin(secret=SECRET, current_user=current_user)
    app = FastAPI()
    app.include_router(chat.router)

    @app.get("/me")
    async def me(user: Any = Depends(current_user)) -> dict[str, Any]:  # noqa: B008
        return user

    with TestClient(app) as client:
        # An auth dependency that refuses anonymous visitors: nobody is signed in.
        assert client.get("/chat-autologin/token").json() == {"error": "not_authenticated"}
        assert (
            client.get("/chat-autologin/token", headers={"cookie": "session=ada"}).status_code
            == 200
        )
        # The core's first checks come before the dependency.
        assert client.post("/chat-autologin/token").status_code == 405
        assert calls == ["GET", "GET"]
        paths = client.get("/openapi.json").json()["paths"]
        assert list(paths) == ["/me"]
    shown = chat_fastapi.ChatAutologin(
        secret=SECRET, current_user=current_user, include_in_schema=True
    )
    app = FastAPI()
    app.include_router(shown.router)
    with TestClient(app) as client:
        assert "/chat-autologin/token" in client.get("/openapi.json").json()["paths"]


def test_a_failing_dependency_is_fastapis_own_500() -> None:
    async def broken() -> None:
        raise LookupError("the user store is down")

    chat = chat_fastapi.ChatAutologin(secret=SECRET, current_user=broken)
    app = FastAPI()
    app.include_router(chat.router)
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/chat-autologin/token").status_code == 500


def test_the_secret_is_never_shown() -> None:
    chat = chat_starlette.ChatAutologin(secret=SECRET)
    assert SECRET not in repr(chat)
    for slot in ["ttl", "allowed_email_domains", "path_prefix"]:
        with pytest.raises(InvalidInputError) as raised:
            chat_starlette.ChatAutologin(secret=SECRET, **{slot: SECRET})
        assert SECRET not in str(raised.value)


def test_the_lookup_text_helper_rebuilds_strings() -> None:
    assert text({"utf16": [97]}) == "a"
