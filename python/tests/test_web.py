"""What the web integrations share: the companion script, the settings and the answers."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from support import SECRET

import chat_autologin
from chat_autologin import COMPANION_SCRIPT, InvalidInputError, Verifier
from chat_autologin._native import COMPANION_SCRIPT as NATIVE_COMPANION_SCRIPT
from chat_autologin._web import FLASK_NAMES, Settings

REPOSITORY = Path(__file__).resolve().parents[2]


def settings(**options: Any) -> Settings:
    options.setdefault("secret", SECRET)
    return Settings.load(names=FLASK_NAMES, **options)


def test_the_companion_script_is_the_cores() -> None:
    source = REPOSITORY / "crates" / "chat-autologin" / "companion" / "client.js"
    assert source.read_text(encoding="utf-8") == COMPANION_SCRIPT
    assert (
        COMPANION_SCRIPT is NATIVE_COMPANION_SCRIPT or COMPANION_SCRIPT == NATIVE_COMPANION_SCRIPT
    )
    assert "COMPANION_SCRIPT" in chat_autologin.__all__


def test_importing_the_package_imports_no_web_framework() -> None:
    code = (
        "import sys, chat_autologin; "
        "print(sorted(m for m in ('flask', 'django', 'jinja2', 'werkzeug') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("email", "allowed"),
    [
        ("ada@example.com", True),
        ("ada@EXAMPLE.com", True),
        ("ADA@Example.Com", True),
        ("ada@other.example", True),
        ("ada@sub.example.com", False),
        ("ada@example.com.evil", False),
        ('"x@example.com"@evil.example', False),
        ("ada@example.com@evil.example", False),
        ("no-at-sign", False),
    ],
)
def test_the_domain_check(email: str, allowed: bool) -> None:
    config = settings(allowed_email_domains=("example.com", "@Other.Example"))
    assert config.email_allowed(email) is allowed
    assert settings().email_allowed(email) is True


def test_the_token_answer_with_an_injected_identity() -> None:
    config = settings(ttl=60)
    answer = config.token_answer(method="GET", desk=None, identity=lambda: ("a@b.c", "A"))
    assert answer.status == 200
    assert answer.headers == {"Cache-Control": "no-store"}
    claims = Verifier(SECRET).verify(str(answer.body["token"]))
    assert claims.exp == answer.body["expiresAt"]
    assert claims.exp - claims.iat == 60
    assert answer.content.startswith(b'{"token":"eyJ')


def test_the_identity_is_loaded_only_when_needed() -> None:
    def never() -> tuple[str, str]:
        raise AssertionError("the user was loaded")

    config = settings(secret=None, secrets={"support": SECRET})
    assert config.token_answer(method="POST", desk="support", identity=never).status == 405
    assert config.token_answer(method="GET", desk=None, identity=never).status == 400
    assert config.token_answer(method="GET", desk="nope", identity=never).status == 404


def test_settings_describe_themselves_without_secrets() -> None:
    config = settings(secret=None, secrets={"b": SECRET, "a": SECRET}, ttl=120)
    assert config.desks == ("b", "a")
    assert config.ttl == 120
    assert SECRET not in repr(config)
    assert "desks=['a', 'b']" in repr(config)


def test_setting_errors_are_input_errors_naming_the_setting() -> None:
    with pytest.raises(InvalidInputError) as raised:
        settings(secret=SECRET[:10])
    assert raised.value.code == "invalid_secret"
    assert isinstance(raised.value, ValueError)
    assert str(raised.value).startswith("CHAT_AUTOLOGIN_SECRET: ")
    assert SECRET[:10] not in str(raised.value)


def test_the_core_decides_the_limits() -> None:
    # The core's bounds, not ours: 1 to 86400 seconds; a whole float is a ttl.
    for ttl in (1, 86_400, 300.0):
        settings(ttl=ttl)
    for ttl in (0, 86_401, 1.5, -1):
        with pytest.raises(InvalidInputError, match="CHAT_AUTOLOGIN_TTL"):
            settings(ttl=ttl)


def test_a_token_minted_for_the_answer_is_fresh() -> None:
    config = settings()
    before = int(time.time())
    answer = config.token_answer(method="HEAD", desk="ignored", identity=lambda: ("a@b.c", "A"))
    after = time.time()
    claims = Verifier(SECRET).verify(str(answer.body["token"]))
    # Minted now, on the real clock: iat is floor(now) between the two readings.
    assert before <= claims.iat <= after
