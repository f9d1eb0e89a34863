"""Tokens interoperate with PyJWT (and joserfc) both ways."""

from __future__ import annotations

import time

import jwt
import pytest
from joserfc import jwt as jose_jwt
from joserfc.jwk import OctKey
from support import NOW, SECRET

from chat_autologin import BadSignatureError, Issuer, mint_chat_token, verify_chat_token

PEOPLE = [
    ("ada@example.com", "Ada Lovelace"),
    ("o'brien+chat@support.example.org", 'Conan "The" O\'Brien \\ Jr.'),
    ("x@y", "x"),
]


@pytest.mark.parametrize(("email", "name"), PEOPLE)
def test_pyjwt_decodes_our_tokens(email: str, name: str) -> None:
    token = mint_chat_token(email, name, 300, SECRET)
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert claims["email"] == email
    assert claims["displayName"] == name
    assert claims["exp"] - claims["iat"] == 300
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT"}


def test_pyjwt_decodes_non_ascii_claims() -> None:
    token = mint_chat_token("zoë@exämple.com", "Zoë 山田 🦀", 300, SECRET)
    claims = jwt.decode(token, SECRET.encode(), algorithms=["HS256"])
    assert (claims["email"], claims["displayName"]) == ("zoë@exämple.com", "Zoë 山田 🦀")


@pytest.mark.parametrize(("email", "name"), PEOPLE)
def test_pyjwt_tokens_with_ascii_claims_are_byte_identical(email: str, name: str) -> None:
    payload = {"email": email, "displayName": name, "iat": NOW, "exp": NOW + 300}
    theirs = jwt.encode(payload, SECRET, algorithm="HS256")
    ours = Issuer(SECRET, 300).mint(email, name, now=NOW)
    assert ours == theirs


@pytest.mark.parametrize(("email", "name"), PEOPLE)
def test_we_verify_pyjwt_tokens(email: str, name: str) -> None:
    now = int(time.time())
    payload = {"email": email, "displayName": name, "iat": now, "exp": now + 300}
    theirs = jwt.encode(payload, SECRET, algorithm="HS256")
    claims = verify_chat_token(theirs, SECRET)
    assert (claims.email, claims.display_name) == (email, name)
    assert (claims.iat, claims.exp) == (now, now + 300)
    with pytest.raises(BadSignatureError):
        verify_chat_token(theirs, SECRET[::-1])


def test_we_verify_pyjwt_tokens_with_fractional_times() -> None:
    # The vendor's example sends Date.now()/1000.
    payload = {"email": "a@b", "displayName": "A", "iat": NOW + 0.25, "exp": NOW + 300.75}
    claims = verify_chat_token(jwt.encode(payload, SECRET, algorithm="HS256"), SECRET, now=NOW)
    assert (claims.iat, claims.exp) == (NOW + 0.25, NOW + 300.75)


def test_joserfc_both_ways() -> None:
    key = OctKey.import_key(SECRET)
    token = mint_chat_token("ada@example.com", "Ada", 300, SECRET, now=NOW)
    decoded = jose_jwt.decode(token, key, algorithms=["HS256"])
    assert decoded.claims["displayName"] == "Ada"
    theirs = jose_jwt.encode(
        {"alg": "HS256"},
        {"email": "ada@example.com", "displayName": "Ada", "iat": NOW, "exp": NOW + 300},
        key,
        algorithms=["HS256"],
    )
    assert verify_chat_token(theirs, SECRET, now=NOW).display_name == "Ada"
