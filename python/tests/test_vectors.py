"""Every case of the shared vectors in tests/vectors/, as the Rust and Node suites run them."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from support import VECTORS

import chat_autologin
from chat_autologin import ChatAutologinError, Verifier, mint_chat_token

SPECIAL_FLOATS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def load_file(name: str) -> dict[str, Any]:
    """A whole vector file: `case_count`, `error_codes` and `cases`."""
    with (VECTORS / name).open(encoding="utf-8") as file:
        document: dict[str, Any] = json.load(file)
    return document


def load(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = load_file(name)["cases"]
    return cases


def ids(cases: list[dict[str, Any]]) -> list[str]:
    return [case["id"] for case in cases]


def secret(value: Any) -> Any:
    """A vector secret: a string used as typed, or {"hex": ...} bytes; anything else as given."""
    if isinstance(value, dict) and set(value) == {"hex"}:
        return bytes.fromhex(value["hex"])
    return value


def text(value: Any) -> Any:
    """A vector string: JSON as it is, or {"utf16": parts} (text runs and single
    UTF-16 code units) rebuilt into a str that may hold lone surrogates."""
    if isinstance(value, dict) and set(value) == {"utf16"}:
        units = b"".join(
            part.encode("utf-16-le") if isinstance(part, str) else part.to_bytes(2, "little")
            for part in value["utf16"]
        )
        # A proper pair becomes one code point, as in JS; a lone surrogate stays.
        return units.decode("utf-16-le", "surrogatepass")
    return value


def number(value: Any) -> Any:
    """A vector number: JSON as it is, or {"float": "NaN"} and the like."""
    if isinstance(value, dict) and set(value) == {"float"}:
        return SPECIAL_FLOATS[value["float"]]
    return value


def outcome(call: Any) -> dict[str, Any]:
    """The result of one call, in the vectors' terms."""
    try:
        return {"ok": call()}
    except ChatAutologinError as error:
        return {
            "error": error.code,
            "class": type(error),
            "message": error.message,
            "str": str(error),
        }
    except TypeError as error:
        return {"type_error": str(error)}


def check_error_class(got: dict[str, Any]) -> None:
    expected = chat_autologin._errors.ERROR_CLASSES[got["error"]]
    assert got["class"] is expected
    assert got["message"], "an error without a message"
    assert got["str"] == got["message"]
    # Short enough to log: never a dump of the token or a 300-digit number.
    assert len(got["message"]) < 300, got["message"]


def check_type_error(got: dict[str, Any], argument: str) -> None:
    assert "type_error" in got, f"expected a TypeError for {argument}, got {got}"
    assert argument in got["type_error"], got["type_error"]


MINT = load("mint.json")
VERIFY = load("verify.json")


def test_the_vectors_are_all_there() -> None:
    # Exactly as many as the generator wrote: a lost case fails here.
    assert len(MINT) == load_file("mint.json")["case_count"]
    assert len(VERIFY) == load_file("verify.json")["case_count"]
    assert len(set(ids(MINT))) == len(MINT)
    assert len(set(ids(VERIFY))) == len(VERIFY)


def test_the_error_codes_are_the_generators() -> None:
    """Each file's `error_codes` are the codes its cases expect, and together they
    are exactly the codes the package has a class for."""
    generated: set[str] = set()
    for name, cases in (("mint.json", MINT), ("verify.json", VERIFY)):
        listed = set(load_file(name)["error_codes"])
        assert listed == {case["expect"].get("error") for case in cases} - {None}, name
        generated |= listed
    assert set(chat_autologin._errors.ERROR_CLASSES) == generated


@pytest.mark.parametrize("case", MINT, ids=ids(MINT))
def test_mint(case: dict[str, Any]) -> None:
    got = outcome(
        lambda: mint_chat_token(
            text(case["email"]),
            text(case["name"]),
            number(case["ttl"]),
            secret(case["secret"]),
            now=number(case["now"]),
        )
    )
    expect = case["expect"]
    if "token" in expect:
        assert got == {"ok": expect["token"]}
    elif "error" in expect:
        assert got.get("error") == expect["error"], got
        check_error_class(got)
    else:
        check_type_error(got, expect["type_error"])


@pytest.mark.parametrize("case", MINT, ids=ids(MINT))
def test_mint_with_an_issuer(case: dict[str, Any]) -> None:
    """The same case through Issuer(...).mint(...), which must agree with mint_chat_token."""

    def mint() -> str:
        issuer = chat_autologin.Issuer(secret(case["secret"]), number(case["ttl"]))
        return issuer.mint(text(case["email"]), text(case["name"]), now=number(case["now"]))

    got = outcome(mint)
    expect = case["expect"]
    if "token" in expect:
        assert got == {"ok": expect["token"]}
    elif "error" in expect:
        assert got.get("error") == expect["error"], got
        check_error_class(got)
    else:
        check_type_error(got, expect["type_error"])


def verify_options(case: dict[str, Any]) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for key in ("leeway", "max_lifetime"):
        if key in case:
            options[key] = number(case[key])
    return options


def verify_secrets(case: dict[str, Any]) -> Any:
    if "secrets" in case:
        return [secret(item) for item in case["secrets"]]
    return secret(case["secret"])


def check_verify(case: dict[str, Any], got: dict[str, Any]) -> None:
    expect = case["expect"]
    if "claims" in expect:
        assert "ok" in got, got
        claims = got["ok"]
        want = expect["claims"]
        assert claims.email == want["email"]
        assert claims.display_name == want["displayName"]
        assert claims.iat == float(want["iat"])
        assert claims.exp == float(want["exp"])
        assert isinstance(claims.iat, float)
        assert isinstance(claims.exp, float)
    elif "error" in expect:
        assert got.get("error") == expect["error"], got
        check_error_class(got)
    else:
        check_type_error(got, expect["type_error"])


@pytest.mark.parametrize("case", VERIFY, ids=ids(VERIFY))
def test_verify(case: dict[str, Any]) -> None:
    got = outcome(
        lambda: chat_autologin.verify_chat_token(
            text(case["token"]),
            verify_secrets(case),
            now=number(case["now"]),
            **verify_options(case),
        )
    )
    check_verify(case, got)


@pytest.mark.parametrize("case", VERIFY, ids=ids(VERIFY))
def test_verify_with_a_verifier(case: dict[str, Any]) -> None:
    """The same case through Verifier(...).verify(...), which must agree with verify_chat_token."""
    got = outcome(
        lambda: Verifier(verify_secrets(case), **verify_options(case)).verify(
            text(case["token"]), now=number(case["now"])
        )
    )
    check_verify(case, got)
