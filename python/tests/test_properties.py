"""Property tests (hypothesis): valid input round-trips, and hostile input of
any type gets an ordinary exception.

Round trips: any email, display name, ttl, secret and clock drawn by the
contract's rules mints a token that verifies to the same claims, whose bytes are
the contract's compact JSON, and that is refused before ``iat - leeway`` and
from ``exp + leeway`` on. Any change to one character of it is refused.

Hostile input: every public function, constructor and method, given strings,
bytes, numbers of every size, containers and odd objects (objects whose
``__str__``, ``__index__`` or ``total_seconds`` raise, subclasses of str, bytes,
int and float, recursive lists...) in any argument, raises ``TypeError`` or a
:class:`ChatAutologinError` with one of the contract's codes, or lets the
object's own exception through as Python itself does, and never crashes the
interpreter. For text arguments the outcome is exactly what the contract's
rules say.

The examples are few enough for a debug build of the extension on a loaded
machine (``deadline=None``), and hypothesis keeps no example database in the
repository (``database=None``).
"""

from __future__ import annotations

import base64
import collections.abc
import json
import math
import sys
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction
from functools import partial
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from support import NOW, OLD_SECRET, SECRET

from chat_autologin import (
    ChatAutologinError,
    ChatClaims,
    InvalidInputError,
    InvalidTokenError,
    Issuer,
    MintedToken,
    Verifier,
    inspect_unverified,
    mint_chat_token,
    verify_chat_token,
)

CODES = frozenset(
    {
        "invalid_email",
        "invalid_display_name",
        "invalid_ttl",
        "invalid_secret",
        "invalid_option",
        "token_too_large",
        "malformed_token",
        "unsupported_algorithm",
        "bad_signature",
        "invalid_claims",
        "token_expired",
        "token_not_yet_valid",
        "lifetime_too_long",
    }
)
TOKEN_CODES = CODES - {code for code in CODES if code.startswith("invalid_")} | {"invalid_claims"}

#: The contract's limits.
MAX_TTL = 86_400
LEEWAY = 60
MAX_NOW = 253_402_300_799  # 9999-12-31T23:59:59Z
HEADER = b'{"alg":"HS256","typ":"JWT"}'

#: Rust's `char::is_whitespace`: the Unicode White_Space property.
WHITE_SPACE = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

#: The profile of conftest.py (no deadline, no database), restated so that this
#: file holds to it whatever profile is loaded.
PROPERTY_SETTINGS = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def control(c: str) -> bool:
    """Unicode category Cc: U+0000 to U+001F and U+007F to U+009F."""
    return ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F


def email_ok(email: str) -> bool:
    """The contract's email rule."""
    size = len(email.encode("utf-8"))
    if not 3 <= size <= 254:
        return False
    if any(c in WHITE_SPACE or control(c) for c in email):
        return False
    local, at, domain = email.partition("@")
    return at == "@" and "@" not in domain and bool(local) and bool(domain)


def name_ok(name: str) -> bool:
    """The contract's display name rule."""
    if not 1 <= len(name) <= 255 or any(control(c) for c in name):
        return False
    return not all(c in WHITE_SPACE for c in name)


def secret_ok(secret: bytes) -> bool:
    """The contract's secret rule, on the secret's bytes."""
    if len(secret) < 32:
        return False
    try:
        return not all(c in WHITE_SPACE for c in secret.decode("utf-8"))
    except UnicodeDecodeError:
        return True


def secret_bytes(secret: Any) -> bytes:
    return secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)


def b64decode(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


# --- strategies of valid input -------------------------------------------------

# Any character but surrogates (which are not text), controls, whitespace and '@'.
email_chars = st.characters(exclude_categories=["Cs", "Cc"], exclude_characters=WHITE_SPACE | {"@"})
email_parts = st.text(email_chars, min_size=1, max_size=40)
emails = st.one_of(
    st.emails(),
    st.builds(lambda local, domain: f"{local}@{domain}", email_parts, email_parts),
    # Long ones, near the 254-byte limit.
    st.builds(
        lambda local, domain: f"{local}@{domain}",
        st.text(email_chars, min_size=60, max_size=130),
        st.text(email_chars, min_size=60, max_size=130),
    ),
).filter(email_ok)

name_chars = st.characters(exclude_categories=["Cs", "Cc"])
names = st.one_of(
    st.text(name_chars, min_size=1, max_size=40),
    st.text(name_chars, min_size=200, max_size=255),
    # JSON's metacharacters and the characters JSON may escape.
    st.text(st.sampled_from("\"\\/{}[]:,\u2028\u2029 <>&'aé山🦀"), min_size=1, max_size=30),
).filter(name_ok)

secrets = st.one_of(
    st.just(SECRET),
    st.text(name_chars, min_size=32, max_size=100),
    st.binary(min_size=32, max_size=100),
    st.binary(min_size=32, max_size=100).map(bytearray),
    st.binary(min_size=32, max_size=100).map(memoryview),
).filter(lambda secret: secret_ok(secret_bytes(secret)))

ttls = st.integers(min_value=1, max_value=MAX_TTL)
nows = st.one_of(
    st.integers(min_value=0, max_value=MAX_NOW),
    st.floats(min_value=0, max_value=MAX_NOW, allow_nan=False, allow_infinity=False),
    st.just(NOW),
)


def assert_code(error: ChatAutologinError, codes: collections.abc.Set[str]) -> None:
    """`error` has one of `codes`, a message, and the class of its code."""
    assert error.code in codes, f"{error.code!r}: {error}"
    assert str(error)
    assert type(error) is not ChatAutologinError, "a code without its class"
    input_code = error.code.startswith("invalid_") and error.code != "invalid_claims"
    assert isinstance(error, InvalidInputError) == input_code


# --- round trips ---------------------------------------------------------------


@PROPERTY_SETTINGS
@given(email=emails, name=names, ttl=ttls, secret=secrets, now=nows, as_timedelta=st.booleans())
def test_any_valid_input_round_trips(
    email: str, name: str, ttl: int, secret: Any, now: float, as_timedelta: bool
) -> None:
    ttl_arg: int | timedelta = timedelta(seconds=ttl) if as_timedelta else ttl
    token = mint_chat_token(email, name, ttl_arg, secret, now=now)
    iat = math.floor(now)
    expected = ChatClaims(email, name, iat, iat + ttl)

    assert verify_chat_token(token, secret, now=now) == expected
    assert verify_chat_token(token, [OLD_SECRET, secret], now=now) == expected
    assert Verifier((secret, OLD_SECRET)).verify(token, now=now) == expected

    issuer = Issuer(secret, ttl_arg)
    assert issuer.mint(email, name, now=now) == token
    minted = issuer.issue(email, name, now=now)
    assert isinstance(minted, MintedToken)
    assert (minted.token, minted.iat, minted.exp) == (token, iat, iat + ttl)

    # The contract's bytes: the fixed header, compact UTF-8 JSON in key order.
    header, payload, signature = token.split(".")
    assert b64decode(header) == HEADER
    claims = {"email": email, "displayName": name, "iat": iat, "exp": iat + ttl}
    assert b64decode(payload) == json.dumps(
        claims, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    assert len(b64decode(signature)) == 32
    assert inspect_unverified(token) == {"header": json.loads(HEADER), "claims": claims}


@PROPERTY_SETTINGS
@given(email=emails, name=names, ttl=ttls, iat=st.integers(0, MAX_NOW), offset=st.integers())
def test_a_token_is_valid_from_iat_minus_leeway_until_exp_plus_leeway(
    email: str, name: str, ttl: int, iat: int, offset: int
) -> None:
    at = iat + max(-LEEWAY - 100, min(offset, ttl + LEEWAY + 100))
    assume(0 <= at <= MAX_NOW)
    token = Issuer(SECRET, ttl).mint(email, name, now=iat)
    verifier = Verifier(SECRET)
    if at >= iat + ttl + LEEWAY:
        with pytest.raises(InvalidTokenError) as caught:
            verifier.verify(token, now=at)
        assert caught.value.code == "token_expired"
    elif at < iat - LEEWAY:
        with pytest.raises(InvalidTokenError) as caught:
            verifier.verify(token, now=at)
        assert caught.value.code == "token_not_yet_valid"
    else:
        assert verifier.verify(token, now=at) == ChatClaims(email, name, iat, iat + ttl)


TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \n"


@PROPERTY_SETTINGS
@given(
    email=emails,
    name=names,
    data=st.data(),
    replacement=st.one_of(
        st.sampled_from(TOKEN_ALPHABET), st.characters(exclude_categories=["Cs"])
    ),
)
def test_any_change_to_one_character_is_refused(
    email: str, name: str, data: st.DataObject, replacement: str
) -> None:
    token = mint_chat_token(email, name, 300, SECRET, now=NOW)
    index = data.draw(st.integers(0, len(token) - 1), label="index")
    assume(token[index] != replacement)
    changed = token[:index] + replacement + token[index + 1 :]
    with pytest.raises(InvalidTokenError) as caught:
        verify_chat_token(changed, SECRET, now=NOW)
    assert caught.value.code in TOKEN_CODES
    # Cut anywhere, or grown by a character, it is refused too.
    for other in (token[:index], token + replacement):
        with pytest.raises(InvalidTokenError):
            verify_chat_token(other, SECRET, now=NOW)


# --- text of any kind: the contract's rules decide ------------------------------

any_text = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=300),
    st.text(st.sampled_from("a@b. \t\n\x00\x7f\x85\xa0\u2028\u3000é山🦀"), max_size=12),
    # Near misses: no '@', two of them, an empty side, a long side.
    st.lists(st.text(email_chars, max_size=6), min_size=1, max_size=3).map("@".join),
    st.lists(st.text(email_chars, min_size=100, max_size=140), min_size=2, max_size=2).map(
        "@".join
    ),
    # Near the limits of 3 and 254 bytes (and 255 characters for a name),
    # in one-byte and two-byte characters.
    st.builds(
        lambda size, char: char * (size // len(char.encode())) + "@b",
        st.sampled_from([0, 1, 2, 250, 251, 252, 253, 254, 255, 256, 510]),
        st.sampled_from(["a", "é"]),
    ),
    emails,
    names,
)


def expected_mint_error(email: str, name: str) -> str | None:
    """The contract's code for minting with `email` and `name`: the email is judged first."""
    if not email_ok(email):
        return "invalid_email"
    if not name_ok(name):
        return "invalid_display_name"
    return None


@PROPERTY_SETTINGS
@given(email=any_text, name=any_text)
def test_any_email_and_name_are_judged_by_the_contract(email: str, name: str) -> None:
    issuer = Issuer(SECRET)
    for email_, name_ in ((email, "Ada"), ("ada@example.com", name), (email, name)):
        expected = expected_mint_error(email_, name_)
        for mint in (
            partial(mint_chat_token, email_, name_, 300, SECRET, now=NOW),
            partial(issuer.mint, email_, name_, now=NOW),
            partial(issuer.issue, email_, name_, now=NOW),
        ):
            if expected is None:
                minted = mint()
                token = minted.token if isinstance(minted, MintedToken) else minted
                assert Verifier(SECRET).verify(token, now=NOW) == ChatClaims(
                    email_, name_, NOW, NOW + 300
                )
            else:
                with pytest.raises(InvalidInputError) as caught:
                    mint()
                assert caught.value.code == expected
                assert isinstance(caught.value, ValueError)


@PROPERTY_SETTINGS
@given(
    secret=st.one_of(
        st.text(st.characters(exclude_categories=["Cs"]), max_size=80),
        st.text(st.sampled_from([*sorted(WHITE_SPACE), "a", "é"]), min_size=10, max_size=40),
        st.binary(max_size=80),
        st.binary(max_size=80).map(bytearray),
    )
)
def test_any_secret_is_judged_by_the_contract(secret: str | bytes) -> None:
    calls: list[Callable[[], object]] = [
        lambda: Issuer(secret),
        lambda: Verifier(secret),
        lambda: Verifier([SECRET, secret]),
        lambda: mint_chat_token("a@b.c", "A", 300, secret, now=NOW),
        lambda: verify_chat_token("x.y.z", secret, now=NOW),
    ]
    for call in calls:
        if secret_ok(secret_bytes(secret)):
            try:
                call()
            except InvalidTokenError as error:  # verify_chat_token's token
                assert_code(error, {"malformed_token"})
        else:
            with pytest.raises(InvalidInputError) as caught:
                call()
            assert caught.value.code == "invalid_secret"


numbers = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(),
    st.booleans(),
    st.sampled_from([0, 1, 300, 86_400, 86_401, -0.0, 0.5, 1e-300, 2**53, 2**64, 10**400]),
)


@PROPERTY_SETTINGS
@given(ttl=numbers)
def test_any_ttl_is_judged_by_the_contract(ttl: float) -> None:
    valid = (
        not isinstance(ttl, bool)
        and not (isinstance(ttl, float) and not math.isfinite(ttl))
        and ttl == int(ttl)
        and 1 <= ttl <= MAX_TTL
    )
    if valid:
        assert Issuer(SECRET, ttl).ttl == int(ttl)
        token = mint_chat_token("a@b.c", "A", ttl, SECRET, now=NOW)
        assert verify_chat_token(token, SECRET, now=NOW).exp == NOW + int(ttl)
    else:
        for call in (
            lambda: Issuer(SECRET, ttl),
            lambda: mint_chat_token("a@b.c", "A", ttl, SECRET, now=NOW),
        ):
            with pytest.raises(InvalidInputError) as caught:
                call()
            assert caught.value.code == "invalid_ttl"


@PROPERTY_SETTINGS
@given(now=numbers, leeway=numbers, max_lifetime=numbers)
def test_any_option_is_judged_by_the_contract(
    now: float, leeway: float, max_lifetime: float
) -> None:
    def finite(value: float) -> bool:
        # Any int is finite: the binding takes one too large for a float as infinite.
        if isinstance(value, bool):
            return False
        return isinstance(value, int) or math.isfinite(value)

    now_ok = finite(now) and 0 <= now <= MAX_NOW
    leeway_ok = finite(leeway) and 0 <= leeway <= 300
    lifetime_ok = finite(max_lifetime) and 1 <= max_lifetime <= MAX_TTL
    issuer = Issuer(SECRET)
    if now_ok:
        issuer.mint("a@b.c", "A", now=now)
    else:
        with pytest.raises(InvalidInputError) as caught:
            issuer.mint("a@b.c", "A", now=now)
        assert caught.value.code == "invalid_option"
    if leeway_ok and lifetime_ok:
        Verifier(SECRET, leeway=leeway, max_lifetime=max_lifetime)
    else:
        with pytest.raises(InvalidInputError) as caught:
            Verifier(SECRET, leeway=leeway, max_lifetime=max_lifetime)
        assert caught.value.code == "invalid_option"


@PROPERTY_SETTINGS
@given(
    token=st.one_of(
        # Any text, lone surrogates included: never text a token can hold.
        st.text(st.characters(exclude_categories=[]), max_size=200),
        st.text(st.sampled_from(TOKEN_ALPHABET), max_size=400),
        st.lists(st.text(st.sampled_from(TOKEN_ALPHABET[:64]), max_size=60), max_size=4).map(
            ".".join
        ),
        st.integers(8_100, 9_000).map(lambda n: "e" * n),
    )
)
def test_any_text_as_a_token_is_refused_with_a_token_code(token: str) -> None:
    for verify in (
        lambda: verify_chat_token(token, SECRET, now=NOW),
        lambda: Verifier([SECRET, OLD_SECRET]).verify(token, now=NOW),
    ):
        with pytest.raises(InvalidTokenError) as caught:
            verify()
        assert caught.value.code in TOKEN_CODES
        assert caught.value.code != "invalid_claims" or token.count(".") == 2
    try:
        inspected = inspect_unverified(token)
    except InvalidTokenError as error:
        assert_code(error, {"token_too_large", "malformed_token"})
    else:
        assert set(inspected) == {"header", "claims"}


# --- values of any type --------------------------------------------------------


class Boom(Exception):
    """Raised by the odd objects' own methods: Python lets it through, and so may we."""


class Hostile:
    """An object whose every conversion raises."""

    def __str__(self) -> str:
        raise Boom("__str__")

    def __repr__(self) -> str:
        raise Boom("__repr__")

    def __index__(self) -> int:
        raise Boom("__index__")

    def __float__(self) -> float:
        raise Boom("__float__")

    def __int__(self) -> int:
        raise Boom("__int__")

    def __len__(self) -> int:
        raise Boom("__len__")

    def __iter__(self) -> Any:
        raise Boom("__iter__")

    def __bytes__(self) -> bytes:
        raise Boom("__bytes__")

    def __fspath__(self) -> str:
        raise Boom("__fspath__")

    def __eq__(self, other: object) -> bool:
        raise Boom("__eq__")

    def __hash__(self) -> int:
        raise Boom("__hash__")

    def __bool__(self) -> bool:
        raise Boom("__bool__")

    def __getattr__(self, name: str) -> Any:
        # Private and special names are missing, as usual (hypothesis looks for
        # `_repr_pretty_` when it reports an example); public ones raise.
        if name.startswith("_"):
            raise AttributeError(name)
        raise Boom(name)


class HostileStr(str):
    def __str__(self) -> str:
        raise Boom("__str__")

    def __repr__(self) -> str:
        raise Boom("__repr__")

    def __len__(self) -> int:
        raise Boom("__len__")

    def encode(self, *args: Any, **kwargs: Any) -> bytes:
        raise Boom("encode")

    def __eq__(self, other: object) -> bool:
        raise Boom("__eq__")

    __hash__ = str.__hash__


class HostileBytes(bytes):
    def __len__(self) -> int:
        raise Boom("__len__")

    def __bytes__(self) -> bytes:
        raise Boom("__bytes__")


class HostileInt(int):
    def __index__(self) -> int:
        raise Boom("__index__")

    def __float__(self) -> float:
        raise Boom("__float__")

    def __int__(self) -> int:
        raise Boom("__int__")


class HostileFloat(float):
    def __float__(self) -> float:
        raise Boom("__float__")


class HostileTimedelta(timedelta):
    def total_seconds(self) -> float:
        raise Boom("total_seconds")


class HostileSequence(collections.abc.Sequence[Any]):
    def __len__(self) -> int:
        return 2

    def __getitem__(self, index: Any) -> Any:
        raise Boom("__getitem__")


class LyingSequence(collections.abc.Sequence[Any]):
    """Says it holds a billion secrets, and holds one."""

    def __len__(self) -> int:
        return 10**9

    def __getitem__(self, index: Any) -> Any:
        if index == 0:
            return SECRET
        raise IndexError(index)


class LookAlike:
    """Claims to be a str."""

    __class__ = str  # type: ignore[assignment]


def odd_objects() -> list[object]:
    recursive: list[object] = []
    recursive.append(recursive)
    return [
        None,
        ...,
        NotImplemented,
        object(),
        object,
        type,
        print,
        lambda: SECRET,
        (x for x in [SECRET]),
        iter([SECRET]),
        {},
        {SECRET: SECRET},
        [],
        [None],
        [SECRET, None],
        [[SECRET]],
        recursive,
        (),
        (SECRET,) * 1000,
        {SECRET},
        frozenset(),
        range(3),
        b"",
        bytearray(),
        memoryview(b""),
        memoryview(SECRET.encode() * 2)[::2],
        memoryview(bytearray(64)).cast("I"),
        0j,
        Decimal("NaN"),
        Decimal("1e1000"),
        Fraction(1, 3),
        True,
        False,
        float("nan"),
        float("inf"),
        -float("inf"),
        -0.0,
        sys.float_info.max,
        sys.float_info.min,
        5e-324,
        2**63,
        -(2**63) - 1,
        10**400,
        -(10**400),
        timedelta.max,
        timedelta.min,
        timedelta(microseconds=1),
        Hostile(),
        HostileStr(SECRET),
        HostileStr("a@b.c"),
        HostileBytes(SECRET.encode()),
        HostileInt(300),
        HostileFloat(300.0),
        HostileTimedelta(seconds=300),
        HostileSequence(),
        LyingSequence(),
        LookAlike(),
        ValueError("x"),
        ChatClaims("a@b.c", "A", 1, 2),
        Issuer(SECRET),
        Verifier(SECRET),
        SECRET.encode("utf-16"),
        "\x00" * 40,
        " " * 40,
        "x" * 100_000,
    ]


ODD_OBJECTS = odd_objects()


def odd_object(index: int) -> object:
    return ODD_OBJECTS[index]


def arbitrary() -> st.SearchStrategy[Any]:
    # Drawn by index: hypothesis shows a strategy with repr() of its values.
    odd = st.integers(0, len(ODD_OBJECTS) - 1).map(odd_object)
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(min_value=-(10**500), max_value=10**500),
        st.floats(),
        st.text(st.characters(exclude_categories=["Cs"]), max_size=50),
        st.binary(max_size=50),
        odd,
    )
    return st.recursive(
        leaves,
        lambda children: st.one_of(
            st.lists(children, max_size=3),
            st.tuples(children, children),
            st.dictionaries(st.text(max_size=5), children, max_size=3),
        ),
        max_leaves=6,
    )


def valid_or(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A valid argument half the time, so the other arguments are reached."""
    return st.one_of(valid, arbitrary())


def outcome(function: Callable[..., object], /, *args: object, **kwargs: object) -> None:
    """Calls `function`: a value, TypeError, a ChatAutologinError with a contract
    code, or the odd object's own Boom. Anything else fails the test.

    ``ChatClaims(...)`` converts its times as ``float()`` does, so an int too
    large for a float is an OverflowError there, as in ``float(10**400)``.
    """
    allowed: tuple[type[BaseException], ...] = (TypeError, Boom)
    if function is ChatClaims:
        allowed += (OverflowError,)
    try:
        function(*args, **kwargs)
    except ChatAutologinError as error:
        assert_code(error, CODES)
    except allowed:
        pass


@PROPERTY_SETTINGS
@given(
    email=valid_or(st.just("ada@example.com")),
    name=valid_or(st.just("Ada")),
    ttl=valid_or(st.just(300)),
    secret=valid_or(st.just(SECRET)),
    now=valid_or(st.just(NOW)),
)
def test_any_value_given_to_mint_is_an_ordinary_error(
    email: Any, name: Any, ttl: Any, secret: Any, now: Any
) -> None:
    outcome(mint_chat_token, email, name, ttl, secret, now=now)
    outcome(mint_chat_token, email, name, ttl, secret)
    outcome(Issuer, secret, ttl)
    outcome(Issuer, secret)
    issuer = Issuer(SECRET)
    outcome(issuer.mint, email, name, now=now)
    outcome(issuer.mint, email, name)
    outcome(issuer.issue, email, name, now=now)
    outcome(ChatClaims, email, name, ttl, now)


@PROPERTY_SETTINGS
@given(
    token=valid_or(st.just(mint_chat_token("a@b.c", "A", 300, SECRET, now=NOW))),
    secret=valid_or(st.just([SECRET])),
    leeway=valid_or(st.just(60)),
    max_lifetime=valid_or(st.just(86_400)),
    now=valid_or(st.just(NOW)),
)
def test_any_value_given_to_verify_is_an_ordinary_error(
    token: Any, secret: Any, leeway: Any, max_lifetime: Any, now: Any
) -> None:
    outcome(verify_chat_token, token, secret, leeway=leeway, now=now, max_lifetime=max_lifetime)
    outcome(verify_chat_token, token, secret)
    outcome(Verifier, secret, leeway=leeway, max_lifetime=max_lifetime)
    outcome(Verifier, secret)
    verifier = Verifier([SECRET, OLD_SECRET])
    outcome(verifier.verify, token, now=now)
    outcome(verifier.verify, token)
    outcome(inspect_unverified, token)


@pytest.mark.parametrize("value", odd_objects(), ids=lambda value: type(value).__name__)
def test_every_odd_object_in_every_argument(value: object) -> None:
    """Each odd object in each argument of each call, the others valid."""
    token = mint_chat_token("a@b.c", "A", 300, SECRET, now=NOW)
    issuer, verifier = Issuer(SECRET), Verifier(SECRET)
    calls: list[tuple[Callable[..., object], list[object], dict[str, object]]] = [
        (mint_chat_token, ["a@b.c", "A", 300, SECRET], {"now": NOW}),
        (verify_chat_token, [token, SECRET], {"leeway": 60, "now": NOW, "max_lifetime": 600}),
        (inspect_unverified, [token], {}),
        (Issuer, [SECRET, 300], {}),
        (issuer.mint, ["a@b.c", "A"], {"now": NOW}),
        (issuer.issue, ["a@b.c", "A"], {"now": NOW}),
        (Verifier, [SECRET], {"leeway": 60, "max_lifetime": 600}),
        (verifier.verify, [token], {"now": NOW}),
        (ChatClaims, ["a@b.c", "A", NOW, NOW + 300], {}),
    ]
    for function, args, kwargs in calls:
        for index in range(len(args)):
            outcome(function, *args[:index], value, *args[index + 1 :], **kwargs)
        for key in kwargs:
            outcome(function, *args, **{**kwargs, key: value})
        # An unknown keyword, and too many arguments.
        with pytest.raises(TypeError):
            function(*args, **kwargs, surprise=value)
        with pytest.raises(TypeError):
            function(*args, value, value, value, value, **kwargs)
    # The classes without a constructor, and the value methods.
    outcome(MintedToken, value)
    claims = ChatClaims("a@b.c", "A", NOW, NOW + 300)
    outcome(claims.__eq__, value)
    outcome(claims.__ne__, value)
    outcome(lambda: claims == value)
    outcome(lambda: claims in [value])
    outcome(hash, claims)


@PROPERTY_SETTINGS
@given(
    secret=valid_or(st.just(SECRET)),
    secrets=st.one_of(st.none(), st.dictionaries(st.text(max_size=8), arbitrary(), max_size=3)),
    ttl=st.one_of(st.none(), arbitrary()),
    domains=st.one_of(st.none(), arbitrary()),
    prefix=st.one_of(st.just("/chat-autologin"), arbitrary()),
)
def test_any_flask_setting_is_an_ordinary_error(
    secret: Any, secrets: Any, ttl: Any, domains: Any, prefix: Any
) -> None:
    """The Flask integration's settings, of any type: it starts, or raises
    InvalidInputError naming the setting (or the value's own Boom)."""
    flask = pytest.importorskip("flask")
    from chat_autologin.flask import ChatAutologin

    app = flask.Flask(__name__)
    app.config.update(
        CHAT_AUTOLOGIN_SECRET=secret,
        CHAT_AUTOLOGIN_SECRETS=secrets,
        CHAT_AUTOLOGIN_TTL=ttl,
        CHAT_AUTOLOGIN_ALLOWED_EMAIL_DOMAINS=domains,
        CHAT_AUTOLOGIN_URL_PREFIX=prefix,
    )
    try:
        ChatAutologin(app, user_loader=lambda: None)
    except InvalidInputError as error:
        assert_code(error, {"invalid_secret", "invalid_ttl", "invalid_option"})
    except Boom:
        pass
