"""The type stubs describe the native module, and the package type-checks strictly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "chat_autologin"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_stubtest(tmp_path: Path) -> None:
    result = run(
        "-m",
        "mypy.stubtest",
        "chat_autologin",
        "--mypy-config-file",
        str(PACKAGE.parent / "pyproject.toml"),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_on_the_package(tmp_path: Path) -> None:
    result = run("-m", "mypy", "--strict", "--no-incremental", str(PACKAGE), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_on_a_user_of_the_package(tmp_path: Path) -> None:
    user = tmp_path / "user.py"
    user.write_text(
        """
from datetime import timedelta
from chat_autologin import (
    ChatAutologinError, ChatClaims, InvalidInputError, Issuer, MintedToken, Verifier,
    inspect_unverified, mint_chat_token, verify_chat_token,
)

token: str = mint_chat_token("a@b", "A", 300, "s" * 40, now=1.5)
token = mint_chat_token("a@b", "A", timedelta(minutes=5), b"s" * 40)
issuer = Issuer("s" * 40, ttl=timedelta(minutes=5))
minted: MintedToken = issuer.issue("a@b", "A")
seconds: int = minted.exp - minted.iat
claims: ChatClaims = Verifier(["s" * 40, b"t" * 40], leeway=30).verify(token, now=2)
claims = verify_chat_token(token, ("s" * 40,), leeway=timedelta(seconds=5), max_lifetime=600)
name: str = claims.display_name
expires: float = claims.exp
header = inspect_unverified(token)["header"]
try:
    Issuer("short")
except InvalidInputError as error:
    code: str = error.code
except ChatAutologinError as error:
    message: str = error.message
"""
    )
    result = run("-m", "mypy", "--strict", "--no-incremental", str(user), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_on_a_user_of_the_integrations(tmp_path: Path) -> None:
    user = tmp_path / "site.py"
    user.write_text(
        """
from datetime import timedelta
from flask import Flask
from markupsafe import Markup
from chat_autologin.flask import ChatAutologin, UserLoader, chat_autologin_script
from chat_autologin.django.conf import default_user, get_config
from chat_autologin.django.templatetags.chat_autologin import chat_autologin_script as tag
from chat_autologin.django.urls import urlpatterns

def who() -> tuple[str, str] | None:
    return ("ada@example.com", "Ada")

loader: UserLoader = who
app = Flask(__name__)
app.config["CHAT_AUTOLOGIN_TTL"] = timedelta(minutes=5)
extension = ChatAutologin(app, user_loader=who)
extension.init_app(app)
markup: Markup = chat_autologin_script("support", show=True, nonce="n", retry_for=30)
ttl: int = get_config().site.ttl
prefix: str = get_config().site.prefix
html: str = tag({}, "support", show=True, retry_for=timedelta(seconds=30))

from fastapi import APIRouter, Request
from starlette.routing import Route
from chat_autologin import fastapi as chat_fastapi, starlette as chat_starlette

async def current_user(request: Request) -> dict[str, str] | None:
    return None

api = chat_fastapi.ChatAutologin(secret="s" * 40, current_user=current_user, ttl=300)
router: APIRouter = api.router
asgi = chat_starlette.ChatAutologin(secret=b"s" * 40, allowed_email_domains=["example.com"])
routes: list[Route] = asgi.routes
where: str = asgi.prefix
"""
    )
    result = run("-m", "mypy", "--strict", "--no-incremental", str(user), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
