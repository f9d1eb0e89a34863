"""The site side's shared vectors (tests/vectors/endpoint.json), for the Flask and
Django suites: each runs every case through its real framework with these helpers."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from chat_autologin import COMPANION_SCRIPT, Verifier
from chat_autologin._web import SettingNames

VECTORS = json.loads(
    (Path(__file__).resolve().parents[2] / "tests" / "vectors" / "endpoint.json").read_text(
        encoding="utf-8"
    )
)
SETTINGS_CASES = VECTORS["settings_cases"]
REQUEST_CASES = VECTORS["request_cases"]
SCRIPT_TAG_CASES = VECTORS["script_tag_cases"]
assert len(SETTINGS_CASES) == VECTORS["counts"]["settings"]
assert len(REQUEST_CASES) == VECTORS["counts"]["requests"]
assert len(SCRIPT_TAG_CASES) == VECTORS["counts"]["script_tags"]

#: The settings' names in the vectors, in the order of ``SettingNames``.
SETTING_KEYS = ("secret", "secrets", "ttl", "allowed_email_domains", "path_prefix")


def ids(cases: list[dict[str, Any]]) -> list[Any]:
    return [pytest.param(case, id=case["id"]) for case in cases]


def spelled(settings: Mapping[str, Any], names: SettingNames) -> dict[str, Any]:
    """The case's settings under the framework's names."""
    return {getattr(names, key): value for key, value in settings.items()}


def text(value: Any) -> Any:
    """A user's string; UTF-16 code units rebuild one that JSON cannot carry."""
    if isinstance(value, dict):
        raw = b"".join(unit.to_bytes(2, "little") for unit in value["utf16"])
        return raw.decode("utf-16-le", "surrogatepass")
    return value


class Lookup:
    """The case's user, as a site's user lookup returns them; counts its calls."""

    def __init__(self, user: Mapping[str, Any] | None) -> None:
        self.user = user
        self.calls = 0

    def __call__(self, *args: object) -> tuple[str, str | None] | None:
        self.calls += 1
        if self.user is None:
            return None
        return text(self.user["email"]), text(self.user.get("displayName"))


def check_settings_error(case: dict[str, Any], error: Any, names: SettingNames) -> None:
    expect = case["expect"]["error"]
    assert error.code == expect["code"], str(error)
    name = getattr(names, expect["setting"])
    assert str(error).startswith(f"{name}: "), str(error)
    for secret in case["message_excludes"]:
        assert secret not in str(error)
        assert secret not in repr(error)
    assert len(str(error)) < 400


def check_answer(
    case: dict[str, Any],
    status: int,
    header: Callable[[str], str | None],
    body: bytes,
    lookup: Lookup,
    warnings: list[str],
) -> None:
    """The answer as the framework sent it, against the case."""
    expect = case["expect"]
    assert status == expect["status"], body
    if expect.get("not_routed"):
        assert lookup.calls == 0
        return
    assert (lookup.calls > 0) is expect["looks_up_user"]
    for name, value in expect["headers"].items():
        got = header(name)
        assert got is not None, name
        if name == "Cache-Control":
            assert set(value.split(", ")) <= {d.strip() for d in got.split(",")}, got
        else:
            assert got == value, name
    if expect["warning"] is None:
        assert warnings == []
    else:
        assert len(warnings) == 1
        assert expect["warning"] in warnings[0]
        user = case["user"]
        assert text(user["email"]) not in warnings[0] or not text(user["email"])
    if expect.get("script"):
        assert body == COMPANION_SCRIPT.encode()
    elif expect["body"] is not None:
        assert body.decode() == expect["body"]
    elif expect.get("token"):
        token = expect["token"]
        answer = json.loads(body)
        assert list(answer) == ["token", "expiresAt"]
        claims = Verifier(token["secret"]).verify(answer["token"])
        assert claims.email == token["email"]
        assert claims.display_name == token["displayName"]
        assert claims.exp - claims.iat == token["ttl"]
        assert answer["expiresAt"] == claims.exp
        assert abs(claims.iat - time.time()) < 60
    else:
        assert body == b""


def script_options(case: dict[str, Any]) -> dict[str, Any]:
    return dict(case["options"])
