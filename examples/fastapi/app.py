"""An example site on FastAPI: sign in with any email and name (no password, it
is a demo), and the chat widget on the page logs you in with a token from
``chat_autologin.fastapi``. Sign out logs the widget out too.

Configuration, from the environment:

==========================  =====================================================
``CHAT_AUTOLOGIN_SECRET``   required: the service desk project's secret key
``CHAT_WIDGET_SCRIPT_URL``  ``http://127.0.0.1:8787/chat-widget.js`` (the emulator)
``CHAT_JIRA_ID``            ``emulator``
``CHAT_SERVICE_DESK_ID``    ``1``
``PORT``                    ``8000`` (``0`` picks a free one)
==========================  =====================================================

Run it with ``python app.py`` (uvicorn); README.md says more.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import signal
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated
from urllib.parse import parse_qs

import uvicorn
from chat_autologin import InvalidInputError, mint_chat_token
from chat_autologin.fastapi import ChatAutologin
from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware


def env(name: str, default: str) -> str:
    return os.environ.get(name) or default


async def current_user(request: Request) -> dict[str, str] | None:
    """The site's own auth dependency: the visitor of this session, or None."""
    if "email" not in request.session:
        return None
    return {"email": request.session["email"], "name": request.session["name"]}


def create_app(secret: str) -> FastAPI:
    # What every page embeds: the chat widget (the emulator's by default).
    widget = {
        "script_url": env(
            "CHAT_WIDGET_SCRIPT_URL", "http://127.0.0.1:8787/chat-widget.js"
        ),
        "jira_id": env("CHAT_JIRA_ID", "emulator"),
        "service_desk_id": env("CHAT_SERVICE_DESK_ID", "1"),
    }
    # GET /chat-autologin/token and /chat-autologin/client.js, the user from the
    # site's dependency. Raises InvalidInputError for a secret the chat would refuse.
    chat = ChatAutologin(secret=secret, current_user=current_user)
    templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
    chat.install(templates)

    app = FastAPI(openapi_url=None)
    # The session is a cookie signed with this key: a new key at each start
    # signs everybody out.
    app.add_middleware(
        SessionMiddleware, secret_key=secrets.token_hex(32), same_site="lax"
    )
    app.include_router(chat.router)

    def home_page(
        request: Request,
        user: dict[str, str] | None,
        problem: str | None = None,
        status: int = 200,
    ) -> Response:
        return templates.TemplateResponse(
            request,
            "home.html",
            {"widget": widget, "user": user, "problem": problem},
            status_code=status,
        )

    @app.get("/", response_class=HTMLResponse)
    async def home(
        request: Request, user: Annotated[dict[str, str] | None, Depends(current_user)]
    ) -> Response:
        return home_page(request, user)

    @app.post("/sign-in")
    async def sign_in(request: Request) -> Response:
        form = parse_qs((await request.body()).decode())
        email = form.get("email", [""])[0].strip()
        name = form.get("name", [""])[0].strip()
        # The rules the chat's tokens follow, checked here (with a token that
        # is thrown away) so that the form can say so.
        try:
            mint_chat_token(email, name, 60, secret)
        except InvalidInputError as error:
            return home_page(request, None, error.message, 400)
        request.session.clear()
        request.session.update(email=email, name=name)
        return RedirectResponse("/", 303)

    @app.post("/sign-out")
    async def sign_out(request: Request) -> Response:
        # The page has already logged the widget out
        # (window.chatAutologin.logout()) before posting here.
        request.session.clear()
        return RedirectResponse("/", 303)

    return app


def main() -> None:
    secret = os.environ.get("CHAT_AUTOLOGIN_SECRET")
    if not secret:
        sys.exit(
            "error: CHAT_AUTOLOGIN_SECRET is not set: set it to the service desk "
            "project's secret key (for the emulator, the secret it was started with)"
        )
    port = env("PORT", "8000")
    if not (port.isascii() and port.isdigit() and int(port) <= 65535):
        sys.exit(f"error: PORT must be a port number, not {port!r}")
    try:
        app = create_app(secret)
    except InvalidInputError as error:
        sys.exit(f"error: {error} ({error.code}; from CHAT_AUTOLOGIN_SECRET)")
    # Bind first, so that PORT=0 knows its port before announcing it; uvicorn
    # stops on SIGINT and SIGTERM alike.
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", int(port)))
        sock.listen(128)
    except OSError as error:
        sys.exit(
            f"error: cannot listen on 127.0.0.1:{port}: {error}; set PORT to another port"
        )
    server = Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    # SIGTERM stops it as Ctrl-C does, and the process exits with 0.
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, lambda *_: setattr(server, "should_exit", True))
    print(f"example site on http://127.0.0.1:{sock.getsockname()[1]}/", flush=True)
    asyncio.run(server.serve(sockets=[sock]))


class Server(uvicorn.Server):
    """uvicorn's server with this script's own signal handlers (uvicorn's would
    raise the signal again once stopped)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


if __name__ == "__main__":
    main()
