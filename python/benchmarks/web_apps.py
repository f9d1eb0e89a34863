"""The sites that ``web.py`` loads: Flask (a WSGI app for gunicorn) and FastAPI
(an ASGI app for uvicorn), each with three routes for a signed-in visitor:

- ``/chat-autologin/token``: this package's endpoint;
- ``/hello``: a JSON "hello", the framework's own floor;
- ``/hand/token``: the endpoint a site would write by hand with PyJWT;
- ``/hello/user``: the "hello" of a page that needs the visitor (FastAPI: with the
  same ``Depends(current_user)`` as the endpoint; Flask: the same user loader).

The secret comes from ``CHAT_AUTOLOGIN_SECRET``.
"""

from __future__ import annotations

import os
import time
from typing import Any

import jwt

SECRET = os.environ.get("CHAT_AUTOLOGIN_SECRET", "")
USER = ("ada@example.com", "Ada Lovelace")


def hand_written_token() -> dict[str, Any]:
    """What a site writes with PyJWT: the same claims, five minutes."""
    iat = int(time.time())
    exp = iat + 300
    token = jwt.encode(
        {"email": USER[0], "displayName": USER[1], "iat": iat, "exp": exp},
        SECRET,
        algorithm="HS256",
    )
    return {"token": token, "expiresAt": exp}


def make_flask() -> Any:
    from flask import Flask, jsonify

    from chat_autologin.flask import ChatAutologin

    app = Flask(__name__)
    app.config["CHAT_AUTOLOGIN_SECRET"] = SECRET
    ChatAutologin(app, user_loader=lambda: USER)

    @app.get("/hello")
    def hello() -> Any:
        return jsonify(hello="world")

    @app.get("/hello/user")
    def hello_user() -> Any:
        email, _ = USER
        return jsonify(hello=email)

    @app.get("/hand/token")
    def hand() -> Any:
        response = jsonify(hand_written_token())
        response.headers["Cache-Control"] = "no-store"
        return response

    return app


def make_fastapi() -> Any:
    from fastapi import Depends, FastAPI
    from fastapi.responses import JSONResponse

    from chat_autologin.fastapi import ChatAutologin

    async def current_user() -> tuple[str, str]:
        return USER

    chat = ChatAutologin(secret=SECRET, current_user=current_user)
    app = FastAPI(openapi_url=None)
    app.include_router(chat.router)

    @app.get("/hello")
    async def hello() -> JSONResponse:
        return JSONResponse({"hello": "world"})

    @app.get("/hello/user")
    async def hello_user(user: Any = Depends(current_user)) -> JSONResponse:  # noqa: B008
        return JSONResponse({"hello": user[0]})

    @app.get("/hand/token")
    async def hand() -> JSONResponse:
        return JSONResponse(hand_written_token(), headers={"Cache-Control": "no-store"})

    return app


flask_app = make_flask() if SECRET else None
fastapi_app = make_fastapi() if SECRET else None
