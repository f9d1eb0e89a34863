"""Every case of tests/vectors/diagnose.json, as the Rust and Node suites run them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from support import NOW, SECRET, VECTORS

import chat_autologin
from chat_autologin import ChatAutologinError, InvalidInputError, mint_chat_token

with (VECTORS / "diagnose.json").open(encoding="utf-8") as file:
    DOCUMENT: dict[str, Any] = json.load(file)
CASES: list[dict[str, Any]] = DOCUMENT["cases"]


def test_every_case_is_loaded() -> None:
    assert len(CASES) == DOCUMENT["case_count"]


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_vector(case: dict[str, Any]) -> None:
    if "error" in case:
        with pytest.raises(ChatAutologinError) as raised:
            chat_autologin.diagnose(case["token"], case["secrets"], case["now"])
        assert raised.value.code == case["error"]
        return
    diagnosis = chat_autologin.diagnose(case["token"], case["secrets"], now=case["now"])
    assert diagnosis["verdict"]["accepted"] == case["verdict"]["accepted"]
    assert diagnosis["verdict"]["code"] == case["verdict"]["code"]
    assert diagnosis["signature"] == case["signature"]
    assert [finding["code"] for finding in diagnosis["findings"]] == case["findings"]
    shown = json.dumps(diagnosis)
    for secret in case["secrets"]:
        assert secret.strip() not in shown


def test_the_result_is_a_plain_dict_in_the_shared_schema() -> None:
    token = mint_chat_token("ada@example.com", "Ada", 300, SECRET, now=NOW)
    diagnosis = chat_autologin.diagnose(token, SECRET, now=NOW + 10)
    assert list(diagnosis) == [
        "verdict",
        "signature",
        "signer",
        "findings",
        "header",
        "claims",
        "now",
    ]
    assert diagnosis["verdict"] == {
        "accepted": True,
        "code": None,
        "message": "the chat accepts this token",
    }
    assert diagnosis["signer"] == 0
    assert diagnosis["claims"] == {
        "email": "ada@example.com",
        "displayName": "Ada",
        "iat": NOW,
        "exp": NOW + 300,
    }
    assert diagnosis["now"] == NOW + 10
    # Without secrets or a clock: the signature is not checked, the clock is the system's.
    unsigned = chat_autologin.diagnose(token)
    assert unsigned["signature"] == "not_checked"
    assert unsigned["verdict"]["code"] == "token_expired"


def test_bad_arguments() -> None:
    with pytest.raises(TypeError):
        chat_autologin.diagnose(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        chat_autologin.diagnose("x", {"a": SECRET})  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError) as raised:
        chat_autologin.diagnose("x", now=float("nan"))
    assert raised.value.code == "invalid_option"
    # A lone surrogate is a malformed token, not an encoding error.
    assert chat_autologin.diagnose("ey\ud800")["verdict"]["code"] == "malformed_token"
