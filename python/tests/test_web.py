"""What the web integrations share: the core's site side, seen from Python.

The answers themselves are the shared vectors' (endpoint.json, run through Flask
and Django in test_flask.py and test_django.py); here, what the vectors cannot say.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from support import SECRET

import chat_autologin
from chat_autologin import COMPANION_SCRIPT, InvalidInputError
from chat_autologin._native import COMPANION_SCRIPT as NATIVE_COMPANION_SCRIPT
from chat_autologin._web import FLASK_NAMES, Pending, Site, token_answer

REPOSITORY = Path(__file__).resolve().parents[2]


def test_the_companion_script_is_the_cores() -> None:
    source = REPOSITORY / "crates" / "chat-autologin" / "companion" / "client.js"
    assert source.read_text(encoding="utf-8") == COMPANION_SCRIPT
    assert COMPANION_SCRIPT == NATIVE_COMPANION_SCRIPT
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


def test_a_site_never_shows_its_secret() -> None:
    site = Site(names=FLASK_NAMES, secret=SECRET)
    assert SECRET not in repr(site)
    desks = Site(names=FLASK_NAMES, secrets={"support": SECRET})
    assert SECRET not in repr(desks)
    assert desks.desks == ["support"]


def test_the_user_lookup_runs_between_the_cores_two_steps() -> None:
    site = Site(names=FLASK_NAMES, secret=SECRET, ttl=60)
    assert isinstance(site.token_request("GET", b"", None), Pending)

    def never() -> tuple[str, str]:
        raise AssertionError("the user was looked up")

    answer = token_answer(site, method="POST", query=b"", sec_fetch_site=None, identity=never)
    assert answer.status == 405


def test_a_lookup_that_raises_is_not_swallowed() -> None:
    site = Site(names=FLASK_NAMES, secret=SECRET)

    def broken() -> tuple[str, str]:
        raise LookupError("the user store is down")

    with pytest.raises(LookupError):
        token_answer(site, method="GET", query=b"", sec_fetch_site=None, identity=broken)


@pytest.mark.parametrize("user", [("ada@example.com", 42), (42, "Ada"), (None, None), "ada"])
def test_a_lookup_of_the_wrong_types_is_a_type_error(user: object) -> None:
    site = Site(names=FLASK_NAMES, secret=SECRET)
    step = site.token_request("GET", b"", None)
    assert isinstance(step, Pending)
    with pytest.raises(TypeError):
        site.token_answer(step, user)  # type: ignore[arg-type]


@pytest.mark.parametrize("user", [("ada@example.com",), ("ada@example.com", "Ada", "extra")])
def test_a_lookup_of_the_wrong_length_is_a_value_error(user: object) -> None:
    # As unpacking a tuple of the wrong length is in Python.
    site = Site(names=FLASK_NAMES, secret=SECRET)
    step = site.token_request("GET", b"", None)
    assert isinstance(step, Pending)
    with pytest.raises(ValueError, match="length 2"):
        site.token_answer(step, user)  # type: ignore[arg-type]


@pytest.mark.parametrize("slot", ["secrets", "ttl", "allowed_email_domains", "path_prefix"])
def test_a_secret_in_any_setting_is_never_shown(slot: str) -> None:
    settings: dict[str, object] = {"secret": SECRET, slot: SECRET}
    if slot == "secrets":
        settings = {slot: SECRET}
    with pytest.raises(InvalidInputError) as raised:
        Site(names=FLASK_NAMES, **settings)
    assert SECRET not in str(raised.value)
    assert SECRET not in repr(raised.value)
