"""The Python API: types, defaults, exceptions, classes."""

from __future__ import annotations

import copy
import inspect
import math
import pickle
import statistics
import time
from datetime import timedelta
from typing import Any

import pytest
from support import NOW, OLD_SECRET, SECRET

import chat_autologin
from chat_autologin import (
    BadSignatureError,
    ChatAutologinError,
    ChatClaims,
    InvalidClaimsError,
    InvalidInputError,
    InvalidTokenError,
    Issuer,
    LifetimeTooLongError,
    MalformedTokenError,
    MintedToken,
    TokenExpiredError,
    TokenNotYetValidError,
    TokenTooLargeError,
    UnsupportedAlgorithmError,
    Verifier,
    inspect_unverified,
    mint_chat_token,
    verify_chat_token,
)
from chat_autologin._errors import ERROR_CLASSES

EMAIL = "ada@example.com"
NAME = "Ada Lovelace"

INPUT_CODES = ["invalid_email", "invalid_display_name", "invalid_ttl", "invalid_secret"]
INPUT_CODES += ["invalid_option"]
TOKEN_CLASSES = {
    "token_too_large": TokenTooLargeError,
    "malformed_token": MalformedTokenError,
    "unsupported_algorithm": UnsupportedAlgorithmError,
    "bad_signature": BadSignatureError,
    "invalid_claims": InvalidClaimsError,
    "token_expired": TokenExpiredError,
    "token_not_yet_valid": TokenNotYetValidError,
    "lifetime_too_long": LifetimeTooLongError,
}


def token(**overrides: Any) -> str:
    options: dict[str, Any] = {"now": NOW}
    options.update(overrides)
    return mint_chat_token(EMAIL, NAME, 300, SECRET, **options)


# --- the package ---------------------------------------------------------------


def test_the_package_exports_the_contract() -> None:
    for name in chat_autologin.__all__:
        assert hasattr(chat_autologin, name), name
    assert chat_autologin.__version__.count(".") == 2
    assert chat_autologin.ChatClaims.__module__ == "chat_autologin"


def test_signatures_read_as_documented() -> None:
    assert str(inspect.signature(mint_chat_token)) == "(email, name, ttl, secret, *, now=None)"
    assert (
        str(inspect.signature(verify_chat_token))
        == "(token, secret, *, leeway=60, now=None, max_lifetime=86400)"
    )
    assert str(inspect.signature(Issuer)) == "(secret, ttl=300)"
    assert str(inspect.signature(Verifier)) == "(secrets, *, leeway=60, max_lifetime=86400)"
    assert str(inspect.signature(Issuer.mint)) == "(self, /, email, name, *, now=None)"
    assert str(inspect.signature(Verifier.verify)) == "(self, /, token, *, now=None)"


# --- exceptions ----------------------------------------------------------------


def test_every_code_has_its_class() -> None:
    assert set(ERROR_CLASSES) == set(INPUT_CODES) | set(TOKEN_CLASSES)
    for code in INPUT_CODES:
        assert ERROR_CLASSES[code] is InvalidInputError
    for code, cls in TOKEN_CLASSES.items():
        assert ERROR_CLASSES[code] is cls
        assert issubclass(cls, InvalidTokenError)
        assert cls.default_code == code
        assert cls("boom").code == code


def test_the_hierarchy() -> None:
    assert issubclass(ChatAutologinError, Exception)
    assert issubclass(InvalidInputError, ChatAutologinError)
    assert issubclass(InvalidInputError, ValueError)
    assert issubclass(InvalidTokenError, ChatAutologinError)
    assert not issubclass(InvalidTokenError, ValueError)
    assert not issubclass(InvalidInputError, InvalidTokenError)


def test_input_errors_are_value_errors_with_a_code() -> None:
    with pytest.raises(ValueError, match="email") as caught:
        mint_chat_token("not-an-email", NAME, 300, SECRET)
    assert isinstance(caught.value, InvalidInputError)
    assert caught.value.code == "invalid_email"
    assert caught.value.message == str(caught.value)


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: mint_chat_token(EMAIL, "", 300, SECRET), "invalid_display_name"),
        (lambda: mint_chat_token(EMAIL, NAME, 0, SECRET), "invalid_ttl"),
        (lambda: mint_chat_token(EMAIL, NAME, 300, "short"), "invalid_secret"),
        (lambda: mint_chat_token(EMAIL, NAME, 300, SECRET, now=-1), "invalid_option"),
        (lambda: Verifier(SECRET, leeway=301), "invalid_option"),
        (lambda: Verifier(SECRET, max_lifetime=0), "invalid_option"),
        (lambda: Verifier([]), "invalid_option"),
        (lambda: Verifier([SECRET, "short"]), "invalid_secret"),
        (lambda: Issuer(SECRET, 86401), "invalid_ttl"),
    ],
)
def test_input_error_codes(call: Any, code: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        call()
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("call", "cls"),
    [
        (lambda: verify_chat_token("x" * 9000, SECRET, now=NOW), TokenTooLargeError),
        (lambda: verify_chat_token("not a token", SECRET, now=NOW), MalformedTokenError),
        (lambda: verify_chat_token(token(), OLD_SECRET, now=NOW), BadSignatureError),
        (lambda: verify_chat_token(token(), SECRET, now=NOW + 360), TokenExpiredError),
        (lambda: verify_chat_token(token(), SECRET, now=NOW - 61), TokenNotYetValidError),
        (
            lambda: verify_chat_token(token(), SECRET, now=NOW, max_lifetime=299),
            LifetimeTooLongError,
        ),
    ],
)
def test_token_errors(call: Any, cls: type[InvalidTokenError]) -> None:
    with pytest.raises(cls) as caught:
        call()
    assert type(caught.value) is cls
    assert caught.value.code == cls.default_code
    assert SECRET not in caught.value.message


def test_exceptions_pickle_with_their_code() -> None:
    with pytest.raises(InvalidInputError) as caught:
        mint_chat_token(EMAIL, NAME, 300, "short")
    again = pickle.loads(pickle.dumps(caught.value))
    assert type(again) is InvalidInputError
    assert again.code == "invalid_secret"
    assert str(again) == str(caught.value)
    assert "code='invalid_secret'" in repr(again)


def test_a_panic_is_a_plain_exception() -> None:
    panic = getattr(chat_autologin._native, "_panic_for_tests", None)
    if panic is None:
        pytest.skip("the panic test hook exists only in debug builds")
    with pytest.raises(ChatAutologinError) as caught:
        panic()
    assert type(caught.value) is ChatAutologinError
    assert caught.value.code == "internal_error"
    assert "bug" in caught.value.message


# --- wrong types ---------------------------------------------------------------


WRONG_TYPES = [
    (lambda: mint_chat_token(None, NAME, 300, SECRET), "email"),
    (lambda: mint_chat_token(42, NAME, 300, SECRET), "email"),
    (lambda: mint_chat_token(EMAIL, None, 300, SECRET), "name"),
    (lambda: mint_chat_token(EMAIL, b"Ada", 300, SECRET), "name"),
    (lambda: mint_chat_token(EMAIL, NAME, "300", SECRET), "ttl"),
    (lambda: mint_chat_token(EMAIL, NAME, None, SECRET), "ttl"),
    (lambda: mint_chat_token(EMAIL, NAME, [300], SECRET), "ttl"),
    (lambda: mint_chat_token(EMAIL, NAME, 300, None), "secret"),
    (lambda: mint_chat_token(EMAIL, NAME, 300, 12345), "secret"),
    (lambda: mint_chat_token(EMAIL, NAME, 300, [SECRET]), "secret"),
    (lambda: mint_chat_token(EMAIL, NAME, 300, SECRET, now="now"), "now"),
    (lambda: mint_chat_token(EMAIL, NAME, 300, SECRET, now=timedelta(0)), "now"),
    (lambda: Issuer(None), "secret"),
    (lambda: Issuer(SECRET, "300"), "ttl"),
    (lambda: Issuer(SECRET).mint(None, NAME), "email"),
    (lambda: verify_chat_token(None, SECRET), "token"),
    (lambda: verify_chat_token(b"a.b.c", SECRET), "token"),
    (lambda: verify_chat_token("a.b.c", None), "secret"),
    (lambda: verify_chat_token("a.b.c", 42), "secret"),
    (lambda: verify_chat_token("a.b.c", {"desk": SECRET}), "secret"),
    (lambda: verify_chat_token("a.b.c", {SECRET}), "secret"),
    (lambda: verify_chat_token("a.b.c", [SECRET, None]), "secret[1]"),
    (lambda: Verifier([SECRET, 1]), "secrets[1]"),
    (lambda: Verifier(None), "secrets"),
    (lambda: Verifier({"desk": SECRET}), "secrets"),
    (lambda: verify_chat_token("a.b.c", SECRET, leeway="60"), "leeway"),
    (lambda: verify_chat_token("a.b.c", SECRET, max_lifetime="1"), "max_lifetime"),
    (lambda: Verifier(SECRET).verify(None), "token"),
    (lambda: Verifier(SECRET).verify("a.b.c", now="now"), "now"),
    (lambda: inspect_unverified(None), "token"),
]


@pytest.mark.parametrize(
    ("call", "argument"),
    WRONG_TYPES,
    ids=[f"{index}-{argument}" for index, (_, argument) in enumerate(WRONG_TYPES)],
)
def test_wrong_types_are_type_errors(call: Any, argument: str) -> None:
    with pytest.raises(TypeError) as caught:
        call()
    assert not isinstance(caught.value, ChatAutologinError)
    assert argument in str(caught.value)


def test_missing_arguments_are_type_errors() -> None:
    with pytest.raises(TypeError):
        mint_chat_token(EMAIL, NAME, 300)
    with pytest.raises(TypeError):
        mint_chat_token(EMAIL, NAME, 300, SECRET, NOW)
    with pytest.raises(TypeError):
        Verifier(SECRET, 60)


# --- ttl, now and the other numbers ----------------------------------------------


def claims_of(minted: str) -> ChatClaims:
    return verify_chat_token(minted, SECRET, now=NOW)


@pytest.mark.parametrize(
    "ttl",
    [300, timedelta(minutes=5), timedelta(seconds=300), 300.0, timedelta(milliseconds=300_000)],
)
def test_ttl_as_int_timedelta_or_whole_float(ttl: Any) -> None:
    claims = claims_of(mint_chat_token(EMAIL, NAME, ttl, SECRET, now=NOW))
    assert claims.exp - claims.iat == 300
    assert Issuer(SECRET, ttl).ttl == 300


@pytest.mark.parametrize(
    "ttl",
    [
        True,
        False,
        0,
        -1,
        86_401,
        300.5,
        math.nan,
        math.inf,
        -math.inf,
        2**63,
        10**400,
        -(10**400),
        timedelta(0),
        timedelta(seconds=-300),
        timedelta(days=2),
        timedelta(seconds=300, microseconds=1),
        timedelta.max,
    ],
)
def test_bad_ttls_are_invalid_ttl(ttl: Any) -> None:
    with pytest.raises(InvalidInputError) as caught:
        mint_chat_token(EMAIL, NAME, ttl, SECRET, now=NOW)
    assert caught.value.code == "invalid_ttl"
    with pytest.raises(InvalidInputError) as caught:
        Issuer(SECRET, ttl)
    assert caught.value.code == "invalid_ttl"


def test_ttl_bounds() -> None:
    for ttl in (1, 86_400):
        claims = claims_of(mint_chat_token(EMAIL, NAME, ttl, SECRET, now=NOW))
        assert claims.exp - claims.iat == ttl


def test_issuer_ttl_defaults_to_300() -> None:
    assert Issuer(SECRET).ttl == 300
    with pytest.raises(TypeError, match="ttl"):
        Issuer(SECRET, None)


def test_int_subclasses_are_ints() -> None:
    class Seconds(int):
        pass

    assert Issuer(SECRET, Seconds(120)).ttl == 120


@pytest.mark.parametrize("now", [True, False, -1, math.nan, math.inf, 10**400, 1e20])
def test_bad_now_is_invalid_option(now: Any) -> None:
    for call in (
        lambda: mint_chat_token(EMAIL, NAME, 300, SECRET, now=now),
        lambda: Issuer(SECRET).mint(EMAIL, NAME, now=now),
        lambda: verify_chat_token(token(), SECRET, now=now),
        lambda: Verifier(SECRET).verify(token(), now=now),
    ):
        with pytest.raises(InvalidInputError) as caught:
            call()
        assert caught.value.code == "invalid_option"


def test_now_may_be_fractional() -> None:
    minted = Issuer(SECRET).mint(EMAIL, NAME, now=NOW + 0.999)
    assert claims_of(minted).iat == NOW
    assert verify_chat_token(minted, SECRET, now=NOW + 0.5).email == EMAIL


def test_the_system_clock_is_the_default() -> None:
    minted = Issuer(SECRET, 60).issue(EMAIL, NAME)
    claims = verify_chat_token(minted.token, SECRET)
    assert claims.iat == minted.iat
    with pytest.raises(TokenExpiredError):
        verify_chat_token(minted.token, SECRET, now=minted.exp + 61)


@pytest.mark.parametrize(
    ("leeway", "accepted"),
    [(0, False), (30, False), (60, True), (timedelta(minutes=1), True), (300, True), (60.5, True)],
)
def test_leeway(leeway: Any, accepted: bool) -> None:
    minted = token()  # exp = NOW + 300
    verifier = Verifier(SECRET, leeway=leeway)
    late = NOW + 300 + 45
    if accepted:
        assert verifier.verify(minted, now=late).email == EMAIL
        assert verify_chat_token(minted, SECRET, leeway=leeway, now=late).email == EMAIL
    else:
        with pytest.raises(TokenExpiredError):
            verifier.verify(minted, now=late)


@pytest.mark.parametrize("leeway", [True, -1, 300.5, math.nan, timedelta(minutes=6), 10**400])
def test_bad_leeway_is_invalid_option(leeway: Any) -> None:
    with pytest.raises(InvalidInputError) as caught:
        Verifier(SECRET, leeway=leeway)
    assert caught.value.code == "invalid_option"


@pytest.mark.parametrize("max_lifetime", [False, 0, 0.5, 86_401, math.inf, timedelta(days=2)])
def test_bad_max_lifetime_is_invalid_option(max_lifetime: Any) -> None:
    with pytest.raises(InvalidInputError) as caught:
        verify_chat_token(token(), SECRET, max_lifetime=max_lifetime, now=NOW)
    assert caught.value.code == "invalid_option"


def test_max_lifetime() -> None:
    verifier = Verifier(SECRET, max_lifetime=timedelta(minutes=5))
    assert verifier.max_lifetime == 300.0
    assert verifier.verify(token(), now=NOW).email == EMAIL
    long_lived = mint_chat_token(EMAIL, NAME, 301, SECRET, now=NOW)
    with pytest.raises(LifetimeTooLongError):
        verifier.verify(long_lived, now=NOW)


# --- secrets -----------------------------------------------------------------


@pytest.mark.parametrize(
    "as_given",
    [SECRET, SECRET.encode(), bytearray(SECRET.encode()), memoryview(SECRET.encode())],
    ids=["str", "bytes", "bytearray", "memoryview"],
)
def test_secret_types(as_given: Any) -> None:
    minted = mint_chat_token(EMAIL, NAME, 300, as_given, now=NOW)
    assert minted == token()
    assert Issuer(as_given).mint(EMAIL, NAME, now=NOW) == minted
    assert verify_chat_token(minted, as_given, now=NOW).email == EMAIL
    assert verify_chat_token(minted, [as_given], now=NOW).email == EMAIL
    assert Verifier((as_given,)).verify(minted, now=NOW).email == EMAIL


def test_a_str_secret_is_its_utf8_bytes() -> None:
    text = "clé-secrète-du-service-desk-ñandú-ü" * 2
    minted = mint_chat_token(EMAIL, NAME, 300, text, now=NOW)
    assert verify_chat_token(minted, text.encode("utf-8"), now=NOW).email == EMAIL
    with pytest.raises(BadSignatureError):
        verify_chat_token(minted, text.encode("latin-1"), now=NOW)


def test_binary_secrets() -> None:
    key = bytes(range(256))
    minted = mint_chat_token(EMAIL, NAME, 300, key, now=NOW)
    assert verify_chat_token(minted, key, now=NOW).email == EMAIL


def test_a_bytearray_secret_is_copied() -> None:
    key = bytearray(SECRET.encode())
    issuer = Issuer(key)
    key[:] = b"x" * len(key)
    assert issuer.mint(EMAIL, NAME, now=NOW) == token()


# --- Issuer, Verifier, rotation ------------------------------------------------


def test_issuer_matches_the_function() -> None:
    issuer = Issuer(SECRET, 300)
    assert issuer.mint(EMAIL, NAME, now=NOW) == token()
    minted = issuer.issue(EMAIL, NAME, now=NOW + 0.7)
    assert isinstance(minted, MintedToken)
    assert minted.token == token()
    assert (minted.iat, minted.exp) == (NOW, NOW + 300)
    assert isinstance(minted.iat, int)
    assert minted.token not in repr(minted)


def test_verifier_rotation() -> None:
    old = mint_chat_token(EMAIL, NAME, 300, OLD_SECRET, now=NOW)
    new = token()
    both = Verifier([SECRET, OLD_SECRET])
    assert both.verify(old, now=NOW).email == EMAIL
    assert both.verify(new, now=NOW).email == EMAIL
    assert verify_chat_token(old, (SECRET, OLD_SECRET), now=NOW).email == EMAIL
    only_new = Verifier([SECRET])
    with pytest.raises(BadSignatureError):
        only_new.verify(old, now=NOW)


def test_verifier_accepts_other_sequences() -> None:
    from collections import UserList

    assert Verifier(UserList([SECRET])).verify(token(), now=NOW).email == EMAIL


def test_verifier_options() -> None:
    verifier = Verifier(SECRET)
    assert (verifier.leeway, verifier.max_lifetime) == (60.0, 86400.0)
    verifier = Verifier(SECRET, leeway=timedelta(seconds=30), max_lifetime=600)
    assert (verifier.leeway, verifier.max_lifetime) == (30.0, 600.0)


def test_classes_are_immutable_and_final() -> None:
    issuer = Issuer(SECRET)
    with pytest.raises(AttributeError):
        issuer.ttl = 5
    claims = claims_of(token())
    with pytest.raises(AttributeError):
        claims.email = "eve@example.com"
    for cls in (Issuer, Verifier, ChatClaims):
        with pytest.raises(TypeError):
            type("Sub", (cls,), {})


def test_repr_never_shows_a_secret() -> None:
    issuer = Issuer(SECRET, 120)
    verifier = Verifier([SECRET, OLD_SECRET.encode()], leeway=30)
    for text in (repr(issuer), str(issuer), repr(verifier), str(verifier)):
        assert SECRET not in text
        assert OLD_SECRET not in text
        assert SECRET[:8] not in text
        assert OLD_SECRET[:8] not in text
    assert repr(issuer) == "<Issuer ttl=120 secret=<redacted>>"
    assert repr(verifier) == "<Verifier secrets=2 leeway=30.0 max_lifetime=86400.0>"


def test_issuers_and_verifiers_do_not_pickle() -> None:
    for obj in (Issuer(SECRET), Verifier(SECRET)):
        with pytest.raises(TypeError):
            pickle.dumps(obj)


# --- ChatClaims ----------------------------------------------------------------


def test_chat_claims() -> None:
    claims = claims_of(token())
    assert claims == ChatClaims(EMAIL, NAME, NOW, NOW + 300)
    assert claims != ChatClaims(EMAIL, NAME, NOW, NOW + 301)
    assert claims != (EMAIL, NAME, NOW, NOW + 300)
    assert hash(claims) == hash(ChatClaims(EMAIL, NAME, float(NOW), float(NOW + 300)))
    assert len({claims, claims_of(token())}) == 1
    assert repr(claims) == (
        "ChatClaims(email='ada@example.com', display_name='Ada Lovelace', "
        "iat=1764115200.0, exp=1764115500.0)"
    )
    assert pickle.loads(pickle.dumps(claims)) == claims
    assert copy.deepcopy(claims) == claims
    match claims:
        case ChatClaims(email, name, iat, exp):
            assert (email, name, iat, exp) == (EMAIL, NAME, NOW, NOW + 300)
        case _:
            pytest.fail("ChatClaims does not match positionally")


def test_claims_keep_unicode_as_given() -> None:
    name = "  Zoë 山田 🦀 \u200b "
    minted = mint_chat_token("zoë@exämple.com", name, 300, SECRET, now=NOW)
    claims = verify_chat_token(minted, SECRET, now=NOW)
    assert claims.display_name == name
    assert claims.email == "zoë@exämple.com"


def test_lone_surrogates() -> None:
    # Not text: the input's own code, never a bare UnicodeEncodeError.
    with pytest.raises(InvalidInputError) as raised:
        mint_chat_token(EMAIL, "Ada \ud800", 300, SECRET, now=NOW)
    assert raised.value.code == "invalid_display_name"
    assert "U+D800" in str(raised.value)
    with pytest.raises(InvalidInputError) as raised:
        Issuer(SECRET).mint("a\udfff@example.com", "Ada", now=NOW)
    assert raised.value.code == "invalid_email"
    with pytest.raises(InvalidInputError) as raised:
        Issuer(SECRET).issue(EMAIL, "\udc00", now=NOW)
    assert raised.value.code == "invalid_display_name"
    with pytest.raises(MalformedTokenError):
        verify_chat_token(token() + "\udc80", SECRET, now=NOW)
    with pytest.raises(MalformedTokenError):
        inspect_unverified("\ud800.e30.e30")
    # A lone surrogate counts three bytes, as in every language: 8187 + 3 is
    # under the limit, 8190 + 3 over it.
    with pytest.raises(MalformedTokenError):
        verify_chat_token("a" * 8187 + "\ud800", SECRET, now=NOW)
    with pytest.raises(TokenTooLargeError):
        verify_chat_token("a" * 8190 + "\ud800", SECRET, now=NOW)


def test_a_huge_token_is_refused_by_its_length_without_being_converted() -> None:
    verifier = Verifier(SECRET)
    huge = "a" * 10_000_000
    # One code point more than the limit is too large whatever it is; the
    # message is the core's, with the length as a lower bound.
    for text in (huge, "é" * 8193, "\ud800" * 8193):
        with pytest.raises(TokenTooLargeError) as raised:
            verifier.verify(text, now=NOW)
        assert "at least" in str(raised.value)
    # 8194 code points (decided by length) and 4097 two-byte ones (converted,
    # measured by the core): 8194 bytes either way, and one message.
    messages = set()
    for text in ("a" * 8194, "é" * 4097):
        with pytest.raises(TokenTooLargeError) as raised:
            verify_chat_token(text, SECRET, now=NOW)
        messages.add(str(raised.value))
    assert len(messages) == 1, messages
    timings = []
    for _ in range(7):
        start = time.perf_counter()
        for call in (
            lambda: verifier.verify(huge, now=NOW),
            lambda: verify_chat_token(huge, SECRET, now=NOW),
            lambda: inspect_unverified(huge),
        ):
            with pytest.raises(TokenTooLargeError):
                call()
        timings.append((time.perf_counter() - start) / 3)
    # Converting 10 MB took tens of milliseconds; a length check takes
    # microseconds. The bound is generous, for slow and busy machines.
    assert statistics.median(timings) < 0.050, timings


# --- inspect_unverified -----------------------------------------------------------


def test_inspect_unverified() -> None:
    seen = inspect_unverified(token())
    assert seen == {
        "header": {"alg": "HS256", "typ": "JWT"},
        "claims": {"email": EMAIL, "displayName": NAME, "iat": NOW, "exp": NOW + 300},
    }
    assert isinstance(seen["claims"]["iat"], int)


def test_inspect_unverified_does_not_check_the_signature_or_times() -> None:
    forged = token().rsplit(".", 1)[0] + "." + "A" * 43
    assert inspect_unverified(forged)["claims"]["email"] == EMAIL
    import base64
    import json

    def segment(value: Any) -> str:
        raw = json.dumps(value, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    odd = {"alg": "none", "kid": [1, 2.5, None, True, {"x": "y"}], "n": -7}
    seen = inspect_unverified(f"{segment(odd)}.{segment({'exp': 1.5})}.")
    assert seen == {"header": odd, "claims": {"exp": 1.5}}


@pytest.mark.parametrize(
    ("bad", "cls"),
    [("", MalformedTokenError), ("a.b", MalformedTokenError), ("x" * 9000, TokenTooLargeError)],
)
def test_inspect_unverified_errors(bad: str, cls: type[InvalidTokenError]) -> None:
    with pytest.raises(cls):
        inspect_unverified(bad)
