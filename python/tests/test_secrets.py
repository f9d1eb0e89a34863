"""The secret never shows: not in an error message, a repr, a traceback, a log
line, nor in what the Flask and Django integrations say about their settings.

Each test runs with random 76-character secrets (shaped like the vendor's) and
adversarial ones: secrets with JSON's and Python's metacharacters (``"``,
``\\``, ``{}``, ``%s``), so that an escaped copy would be missed by a plain
search, a secret holding a whole token, a secret that starts like every token,
non-ASCII text and raw bytes. The search looks for the secret as it is, and as
JSON, ``repr()``, hex, base64 and a list of bytes would write it, and for every
16-character piece of its random part (a cut or partial copy). Every adversarial
secret has a random part of its own, so no fixed text of a message can match it
by chance (a secret such as "the secret is only whitespace" would).
"""

from __future__ import annotations

import base64
import copy
import gc
import hashlib
import hmac
import json
import logging
import pickle
import secrets as random
import string
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from support import NOW, SECRET

import chat_autologin
from chat_autologin import (
    ChatAutologinError,
    InvalidInputError,
    Issuer,
    Verifier,
    inspect_unverified,
    mint_chat_token,
    verify_chat_token,
)

ALPHABET = string.ascii_letters + string.digits


def random_text(size: int = 76) -> str:
    return "".join(random.choice(ALPHABET) for _ in range(size))


@dataclass(frozen=True)
class Secret:
    label: str
    value: str | bytes
    #: The random parts: no message can hold one of their pieces by chance.
    random_parts: tuple[str, ...]

    @property
    def raw(self) -> bytes:
        if isinstance(self.value, str):
            return self.value.encode("utf-8", "surrogatepass")
        return self.value

    def forms(self) -> list[str]:
        """The secret as every common way of writing it would show it."""
        raw = self.raw
        forms = [
            raw.hex(),
            raw.hex().upper(),
            base64.b64encode(raw).decode(),
            base64.urlsafe_b64encode(raw).decode().rstrip("="),
            repr(raw)[2:-1],
            str(list(raw))[1:-1],  # Rust's Debug of a byte slice
        ]
        if isinstance(self.value, str):
            forms += [
                self.value,
                json.dumps(self.value)[1:-1],
                json.dumps(self.value, ensure_ascii=False)[1:-1],
                repr(self.value)[1:-1],
            ]
        return forms

    def pieces(self, size: int = 16) -> set[str]:
        """Every 16-character piece of the random parts, also as hex and as a list of bytes."""
        pieces = set()
        for part in self.random_parts:
            for i in range(len(part) - size + 1):
                piece = part[i : i + size]
                raw = piece.encode()
                pieces |= {piece, raw.hex(), raw.hex(" "), str(list(raw))[1:-1]}
        return pieces

    def assert_hidden(self, texts: Iterable[str], where: str) -> None:
        forms, pieces = self.forms(), self.pieces()
        for text in texts:
            for form in forms:
                assert form not in text, f"{where}: the secret ({self.label}) shows in {text!r}"
            for piece in pieces:
                assert piece not in text, f"{where}: part of the secret ({self.label}) in {text!r}"


def adversarial_secrets() -> list[Secret]:
    r = [random_text(24) for _ in range(8)]
    token = mint_chat_token("ada@example.com", "Ada", 300, random_text(), now=NOW)
    plain = [random_text() for _ in range(3)]
    unicode_part = random_text(30)
    return [
        *(Secret(f"random {i}", value, (value,)) for i, value in enumerate(plain)),
        Secret("JSON metacharacters", f'"{r[0]}\\"{{}}\\\\{r[1]}"}}{{', (r[0], r[1])),
        Secret("a JSON object", json.dumps({"alg": "none", "k": r[2]}), (r[2],)),
        Secret("format specifiers", f"%s %(secret)s {{0}} {{}} %d {r[3]}", (r[3],)),
        Secret("a whole token", f"{token}{r[4]}", (r[4],)),
        Secret("a token's start", f"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{r[5]}", (r[5],)),
        Secret("non-ASCII", f"Zoë 山田 🦀 {unicode_part} ñ", (unicode_part,)),
        Secret("a trailing newline", f"{r[6]}{r[7]}\n", (r[6] + r[7],)),
        Secret("raw bytes", bytes(range(256)) + r[6].encode(), (r[6],)),
    ]


SECRETS = adversarial_secrets()
IDS = [secret.label for secret in SECRETS]


def error_texts(error: BaseException) -> list[str]:
    """Everything an exception shows: str, repr, args, the formatted traceback."""
    texts = [str(error), repr(error), *map(repr, error.args)]
    texts.append("".join(traceback.format_exception(error)))
    if isinstance(error, ChatAutologinError):
        texts += [error.message, error.code, repr(pickle.loads(pickle.dumps(error)))]
    return texts


def shown(call: Callable[[], object]) -> tuple[list[str], bool]:
    """What a call shows, its result's repr or its error's texts; and whether it failed."""
    try:
        result = call()
    except (ChatAutologinError, TypeError) as error:
        return error_texts(error), True
    return [repr(result), json.dumps(result)], False


def raised(call: Callable[[], object]) -> BaseException:
    with pytest.raises((ChatAutologinError, TypeError)) as caught:
        call()
    return caught.value


def signed(header: dict[str, Any], payload: dict[str, Any], secret: bytes) -> str:
    def segment(value: dict[str, Any]) -> str:
        text = json.dumps(value, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(text).decode().rstrip("=")

    signing_input = f"{segment(header)}.{segment(payload)}"
    tag = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{base64.urlsafe_b64encode(tag).decode().rstrip('=')}"


CLAIMS = {"email": "ada@example.com", "displayName": "Ada", "iat": NOW, "exp": NOW + 300}
HS256 = {"alg": "HS256", "typ": "JWT"}


def failing_calls(secret: str | bytes) -> Iterator[Callable[[], object]]:
    """A call that fails for each reason an error can have, with `secret` in it
    (and inspect_unverified, which only fails for a malformed token)."""
    raw = secret.encode() if isinstance(secret, str) else secret
    issuer = Issuer(secret)
    verifier = Verifier([secret, SECRET])
    token = issuer.mint("ada@example.com", "Ada", now=NOW)
    long_lived = Issuer(secret, 86_400).mint("ada@example.com", "Ada", now=NOW)
    stranger = mint_chat_token("ada@example.com", "Ada", 300, SECRET + "-not-this-one", now=NOW)
    tokens = [
        "",
        "not-a-token",
        "a.b.c",
        "e" * 9000,
        token + "x",
        token[:-1],
        token.replace(".", ". ", 1),
        stranger,
        signed({"alg": "none"}, CLAIMS, raw),
        signed({"alg": "HS512"}, CLAIMS, raw),
        signed({**HS256, "crit": ["b64"]}, CLAIMS, raw),
        signed(HS256, {"email": 5, "displayName": "Ada", "iat": NOW, "exp": NOW + 1}, raw),
        signed(HS256, {**CLAIMS, "exp": NOW - 1000}, raw),
    ]
    for bad in tokens:
        yield lambda bad=bad: verifier.verify(bad, now=NOW)
        yield lambda bad=bad: verify_chat_token(bad, secret, now=NOW)
        yield lambda bad=bad: inspect_unverified(bad)
    yield lambda: verifier.verify(token, now=NOW + 3600)
    yield lambda: verifier.verify(token, now=NOW - 3600)
    yield lambda: Verifier(secret, max_lifetime=60).verify(long_lived, now=NOW)
    yield lambda: verify_chat_token(token, secret, now=NOW, leeway=301)
    yield lambda: verify_chat_token(token, secret, now=float("nan"))
    yield lambda: verify_chat_token(token, [secret, 5], now=NOW)
    yield lambda: verify_chat_token(token, {secret: secret}, now=NOW)
    yield lambda: verify_chat_token(token, [], now=NOW)
    yield lambda: Verifier([secret, cut(secret, 20)])
    yield lambda: Verifier(secret, leeway="60")
    yield lambda: mint_chat_token("no-at-sign", "Ada", 300, secret, now=NOW)
    yield lambda: mint_chat_token("ada@example.com", "\n", 300, secret, now=NOW)
    yield lambda: mint_chat_token("ada@example.com", "Ada", 0, secret, now=NOW)
    yield lambda: mint_chat_token("ada@example.com", "Ada", "300", secret, now=NOW)
    yield lambda: mint_chat_token("ada@example.com", "Ada", 300, [secret], now=NOW)
    yield lambda: mint_chat_token("ada@example.com", "Ada", 300, secret, now=-1)
    yield lambda: Issuer(secret, 86_401)
    yield lambda: Issuer(secret, True)
    yield lambda: issuer.mint("a b@example.com", "Ada", now=NOW)
    yield lambda: issuer.issue("ada@example.com", "x" * 256, now=NOW)
    # The arguments swapped: the secret where the token goes.
    if isinstance(secret, str):
        yield lambda: verify_chat_token(secret, token, now=NOW)
        yield lambda: Verifier(SECRET).verify(secret, now=NOW)
        yield lambda: inspect_unverified(secret)


@pytest.mark.parametrize("secret", SECRETS, ids=IDS)
def test_the_search_finds_the_secret_written_in_any_way(secret: Secret) -> None:
    """The search is not blind: escaped, encoded or cut, the secret is found."""
    raw = secret.raw
    disguised = [
        json.dumps({"secret": raw.decode("latin-1")}),
        repr(raw),
        f"<Issuer {raw.hex()}>",
        base64.b64encode(raw).decode(),
        f"key={list(raw)}",
        f"prefix {secret.random_parts[0][3:19]}…",
    ]
    if isinstance(secret.value, str):
        disguised += [json.dumps({"secret": secret.value}), repr((secret.value,)), secret.value]
    for text in disguised:
        with pytest.raises(AssertionError):
            secret.assert_hidden([text], "a disguised secret")
    secret.assert_hidden(["the secret is 20 bytes; it must be at least 32"], "fixed text")


@pytest.mark.parametrize("secret", SECRETS, ids=IDS)
def test_no_error_shows_the_secret(secret: Secret) -> None:
    failures = 0
    for call in failing_calls(secret.value):
        texts, failed = shown(call)
        secret.assert_hidden(texts, "an error")
        failures += failed
    assert failures > 40


@pytest.mark.parametrize("secret", SECRETS, ids=IDS)
def test_a_refused_secret_does_not_show_either(secret: Secret) -> None:
    """Too short: the message gives its length, never the secret."""
    short = cut(secret.value, 31)
    part = random_text(31)
    for value, parts in ((short, secret.random_parts), (part, (part,))):
        refused = Secret(f"{secret.label}, cut short", value, parts)
        for call in (
            lambda value=value: Issuer(value),
            lambda value=value: Verifier([SECRET, value]),
            lambda value=value: mint_chat_token("a@b.c", "A", 300, value, now=NOW),
            lambda value=value: verify_chat_token("a.b.c", value, now=NOW),
        ):
            error = raised(call)
            assert isinstance(error, ChatAutologinError)
            assert error.code == "invalid_secret"
            refused.assert_hidden(error_texts(error), "refusing a short secret")


@pytest.mark.parametrize("secret", SECRETS, ids=IDS)
def test_objects_never_show_the_secret(secret: Secret) -> None:
    issuer = Issuer(secret.value, 600)
    verifier = Verifier([secret.value, SECRET], leeway=30)
    minted = issuer.issue("ada@example.com", "Ada", now=NOW)
    claims = verifier.verify(minted.token, now=NOW)
    texts = []
    for obj in (issuer, verifier, minted, claims):
        texts += [repr(obj), str(obj), format(obj), ascii(obj), " ".join(dir(obj))]
        texts += [repr(ref) for ref in gc.get_referents(obj)]
        for attempt in (pickle.dumps, copy.copy, copy.deepcopy, vars):
            try:
                texts.append(repr(attempt(obj)))
            except TypeError as error:
                texts += error_texts(error)
    texts.append(json.dumps(inspect_unverified(minted.token)))
    secret.assert_hidden(texts, "an object's repr")


def test_a_secret_that_is_not_text_does_not_show() -> None:
    part = random_text()
    secret = Secret("a lone surrogate", part + "\ud800", (part,))
    for call in (
        lambda: Issuer(secret.value),
        lambda: Verifier([secret.value]),
        lambda: mint_chat_token("a@b.c", "A", 300, secret.value, now=NOW),
    ):
        with pytest.raises(InvalidInputError) as raised:
            call()
        error = raised.value
        assert error.code == "invalid_secret"
        texts = [*error_texts(error), repr(vars(error))]
        texts += [repr(getattr(error, name, "")) for name in ("object", "args")]
        secret.assert_hidden(texts, "a secret with a lone surrogate")


# --- Flask ------------------------------------------------------------------------


def flask_app(config: dict[str, Any], user_loader: Callable[[], Any] | None = None) -> Any:
    from flask import Flask

    from chat_autologin.flask import ChatAutologin

    app = Flask(__name__)
    app.config.update(TESTING=False, SECRET_KEY="flask-session-key-for-the-tests", **config)
    ChatAutologin(app, user_loader=user_loader or (lambda: ("ada@example.com", "Ada")))
    return app


def cut(value: str | bytes, size: int) -> str | bytes:
    """The first `size` bytes of a secret, of the same type."""
    if isinstance(value, bytes):
        return value[:size]
    return value.encode()[:size].decode("utf-8", "ignore")


#: Where Flask's names differ from Django's.
FLASK_KEYS = {"PATH_PREFIX": "URL_PREFIX"}


def settings_errors(secret: Secret) -> list[dict[str, Any]]:
    """Settings that are refused, each holding the secret (or a cut of it)."""
    value = secret.value
    return [
        {"SECRET": cut(value, 20)},
        {"SECRET": value, "TTL": 0},
        {"SECRET": value, "TTL": "300"},
        {"SECRET": value, "TTL": 10**9},
        {"SECRET": [value]},
        {"SECRET": value, "SECRETS": {"support": value}},
        {"SECRETS": {"support": cut(value, 20)}},
        {"SECRETS": {"support": value, "sales": cut(value, 31)}},
        {"SECRETS": {"support": value, "sales": 5}},
        {"SECRETS": [value]},
        {"SECRETS": {}},
        {"SECRET": value, "ALLOWED_EMAIL_DOMAINS": "example.com"},
        {"SECRET": value, "ALLOWED_EMAIL_DOMAINS": []},
        # The secret in the wrong setting: never quoted either.
        {"SECRET": value, "TTL": value},
        {"SECRET": SECRET, "ALLOWED_EMAIL_DOMAINS": [appended(value, "/")]},
        {"SECRET": SECRET, "PATH_PREFIX": appended(b"/" + secret.raw, "?")},
        {"SECRET": SECRET, "PATH_PREFIX": appended(value, "?")},
    ]


def appended(value: str | bytes, text: str) -> str | bytes:
    """`value` made invalid by `text` at its end, of the same type."""
    return value + text.encode() if isinstance(value, bytes) else value + text


@pytest.mark.parametrize("secret", SECRETS, ids=IDS)
def test_flask_settings_errors_do_not_show_the_secret(secret: Secret) -> None:
    for settings in settings_errors(secret):
        config = {
            f"CHAT_AUTOLOGIN_{FLASK_KEYS.get(key, key)}": value for key, value in settings.items()
        }
        with pytest.raises(ChatAutologinError) as caught:
            flask_app(config)
        secret.assert_hidden(error_texts(caught.value), f"Flask with {sorted(settings)}")


@pytest.mark.parametrize(
    "secret",
    [pytest.param(secret, id=secret.label) for secret in SECRETS],
)
def test_a_secret_given_as_a_desk_name_does_not_show(secret: Secret, django_site: Any) -> None:
    from django.core.exceptions import ImproperlyConfigured
    from django.test.utils import override_settings

    from chat_autologin.django.conf import get_config

    for secrets in ({secret.value: "short"}, {"support": SECRET, secret.value: "short"}):
        with pytest.raises(ChatAutologinError) as caught:
            flask_app({"CHAT_AUTOLOGIN_SECRETS": secrets})
        texts = error_texts(caught.value)
        with (
            override_settings(CHAT_AUTOLOGIN={"SECRETS": secrets}),
            pytest.raises(ImproperlyConfigured) as django_caught,
        ):
            get_config()
        texts += error_texts(django_caught.value)
        secret.assert_hidden(texts, f"a desk named by the secret, in {len(secrets)} desks")


class LoaderFailed(Exception):
    pass


#: What the user loader gives on each request, and the answers' statuses: a
#: token, two users the chat cannot take (logged as warnings), an anonymous
#: visitor, and a loader that fails (logged with its traceback by the framework).
ANSWERS: list[Any] = [
    ("ada@example.com", "Ada Lovelace"),
    ("no-at-sign", "Ada"),
    ("ada@example.com", "Tab\there"),
    None,
    LoaderFailed("the user store is down"),
]
STATUSES = [200, 403, 403, 401, 500]


@pytest.mark.parametrize("secret", SECRETS, ids=IDS)
def test_flask_logs_and_reprs_do_not_show_the_secret(
    secret: Secret, caplog: pytest.LogCaptureFixture
) -> None:
    def loader() -> Any:
        user = answers.pop(0)
        if isinstance(user, Exception):
            raise user
        return user

    caplog.set_level(logging.DEBUG)
    for config in (
        {"CHAT_AUTOLOGIN_SECRET": secret.value},
        {"CHAT_AUTOLOGIN_SECRETS": {"support": secret.value, "sales": SECRET}},
    ):
        answers = list(ANSWERS)
        app = flask_app(config, loader)
        client = app.test_client()
        query = "" if "CHAT_AUTOLOGIN_SECRET" in config else "?desk=support"
        statuses = [client.get(f"/chat-autologin/token{query}").status_code for _ in ANSWERS]
        assert statuses == STATUSES
        state = app.extensions["chat_autologin"]
        texts = [repr(state.extension), repr(state.site), str(state.site.desks)]
        secret.assert_hidden(texts, "Flask's objects")

    records = caplog.records
    assert any("no token for the signed-in user" in r.getMessage() for r in records)
    assert any(r.exc_info for r in records)  # Flask logged the loader's exception
    texts = [caplog.text]
    for record in records:
        texts.append(record.getMessage())
        texts.append(logging.Formatter().format(record))
        texts.append(repr(record.args))
    secret.assert_hidden(texts, "a log line")


# --- Django -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def django_site() -> Any:
    """Django, configured once per process by test_django (which is also the URLconf)."""
    pytest.importorskip("django")
    import test_django

    return test_django


@pytest.mark.parametrize("secret", SECRETS, ids=IDS)
def test_django_settings_errors_do_not_show_the_secret(secret: Secret, django_site: Any) -> None:
    from django.core.exceptions import ImproperlyConfigured
    from django.test.utils import override_settings

    from chat_autologin.django.conf import check_settings, get_config

    for settings in settings_errors(secret):
        with override_settings(CHAT_AUTOLOGIN=settings):
            messages = check_settings()
            assert messages, settings
            texts = [repr(message) for message in messages]
            texts += [str(message) for message in messages]
            texts += [f"{message.msg} {message.hint}" for message in messages]
            with pytest.raises(ImproperlyConfigured) as caught:
                get_config()
            texts += error_texts(caught.value)
        secret.assert_hidden(texts, f"Django with {sorted(settings)}")


@pytest.mark.parametrize("secret", SECRETS, ids=IDS)
def test_django_logs_and_reprs_do_not_show_the_secret(
    secret: Secret, django_site: Any, caplog: pytest.LogCaptureFixture
) -> None:
    from django.test import Client
    from django.test.utils import override_settings

    from chat_autologin.django.conf import get_config

    answers = list(ANSWERS)

    def loader(request: Any) -> Any:
        user = answers.pop(0)
        if isinstance(user, Exception):
            raise user
        return user

    caplog.set_level(logging.DEBUG)
    with override_settings(CHAT_AUTOLOGIN={"SECRET": secret.value, "USER_LOADER": loader}):
        client = Client(raise_request_exception=False)
        statuses = [client.get("/chat-autologin/token").status_code for _ in ANSWERS]
        assert statuses == STATUSES
        config = get_config()
        texts = [repr(config), repr(config.site), str(config)]
    assert any(r.exc_info for r in caplog.records)  # Django logged the loader's exception
    texts.append(caplog.text)
    for record in caplog.records:
        texts += [record.getMessage(), logging.Formatter().format(record), repr(record.args)]
    secret.assert_hidden(texts, "Django")


def test_the_module_holds_no_secret() -> None:
    """Nothing the package keeps at module level mentions a secret it was given."""
    secret = SECRETS[0]
    Issuer(secret.value).mint("ada@example.com", "Ada", now=NOW)
    texts = [repr(vars(chat_autologin)), repr(vars(chat_autologin._native))]
    secret.assert_hidden(texts, "the module")
