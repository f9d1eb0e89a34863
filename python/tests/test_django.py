"""The Django integration, with Django's test client and django.contrib.auth users.

Django is configured here, once per process, with an in-memory SQLite database;
this module is also the URLconf (``urlpatterns`` below).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import urljoin

import django
import pytest
from django.conf import settings
from support import SECRET

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="django-secret-key-for-the-tests-only-0123456789abcdefghijklmnop",
        ALLOWED_HOSTS=["testserver"],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        INSTALLED_APPS=[
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "chat_autologin.django",
        ],
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
        ],
        ROOT_URLCONF=__name__,
        TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}],
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        USE_TZ=True,
        CHAT_AUTOLOGIN={"SECRET": SECRET},
    )
    django.setup()

from django.contrib.auth.models import User
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.template import Context, Template
from django.test import Client
from django.test.utils import override_settings
from django.urls import include, path

from chat_autologin import COMPANION_SCRIPT, ChatClaims, Verifier
from chat_autologin._web import SCRIPT_VERSION as SCRIPT_ETAG


def page(request: HttpRequest) -> HttpResponse:
    """A page of the site with the companion's tag (the request in its context,
    as Django's request context processor puts it)."""
    template = Template("{% load chat_autologin %}{% chat_autologin_script %}")
    return HttpResponse(template.render(Context({"request": request})))


urlpatterns = [path("", include("chat_autologin.django.urls")), path("page", page)]

TOKEN = "/chat-autologin/token"
SALES_SECRET = "a-second-service-desk-project-has-its-own-secret-key-0123456789"
DESKS = {"SECRETS": {"support": SECRET, "sales": SALES_SECRET}}


def custom_user_loader(request: HttpRequest) -> tuple[str, str] | None:
    """A USER_LOADER: the signed-in user's email, with a name of the site's choosing."""
    user: Any = request.user
    if not user.is_authenticated:
        return None
    return user.email, f"{user.username} (customer)"


@pytest.fixture(scope="module", autouse=True)
def _database() -> None:
    call_command("migrate", run_syncdb=True, verbosity=0)


@pytest.fixture(autouse=True)
def _rollback() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def client_for(
    username: str | None = None, *, email: str = "", first: str = "", last: str = ""
) -> Client:
    client = Client()
    if username is not None:
        user = User.objects.create_user(username, first_name=first, last_name=last)
        user.email = email  # as given: create_user() would lowercase the domain
        user.save()
        client.force_login(user)
    return client


def ada() -> Client:
    return client_for("ada", email="ada@example.com", first="Ada", last="Lovelace")


def verify(token: str, secret: str = SECRET) -> ChatClaims:
    return Verifier(secret).verify(token)


def assert_error(response: Any, status: int, code: str) -> None:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": code}
    assert_no_store(response)


def assert_no_secret(text: str) -> None:
    """Neither the secret nor any 16-character piece of it."""
    for start in range(len(SECRET) - 15):
        assert SECRET[start : start + 16] not in text


def assert_no_store(response: Any) -> None:
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


# --- the token endpoint -------------------------------------------------------


def test_a_signed_in_user_gets_a_token() -> None:
    response = ada().get(TOKEN)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert_no_store(response)
    body = response.json()
    assert set(body) == {"token", "expiresAt"}
    claims = verify(body["token"])
    assert (claims.email, claims.display_name) == ("ada@example.com", "Ada Lovelace")
    assert body["expiresAt"] == claims.exp
    assert isinstance(body["expiresAt"], int)
    assert claims.exp - claims.iat == 300


def test_the_display_name_falls_back_to_the_username() -> None:
    token = client_for("grace", email="grace@example.com").get(TOKEN).json()["token"]
    assert verify(token).display_name == "grace"
    token = client_for("alan", email="alan@example.com", last="Turing").get(TOKEN).json()["token"]
    assert verify(token).display_name == "Turing"


def test_an_anonymous_visitor_gets_401_not_a_redirect() -> None:
    assert_error(Client().get(TOKEN), 401, "not_authenticated")


def test_identity_never_comes_from_the_request() -> None:
    response = Client().get(f"{TOKEN}?email=ada@example.com", HTTP_X_EMAIL="ada@example.com")
    assert_error(response, 401, "not_authenticated")
    token = ada().get(f"{TOKEN}?email=eve@evil.example").json()["token"]
    assert verify(token).email == "ada@example.com"


def test_a_user_without_an_email_gets_403_with_the_code() -> None:
    assert_error(client_for("nomail").get(TOKEN), 403, "invalid_email")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_other_methods_get_405(method: str) -> None:
    client = ada()
    client.handler.enforce_csrf_checks = True  # a POST is refused as a method, not by CSRF
    response = getattr(client, method)(TOKEN)
    assert_error(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET, HEAD"


# --- settings ---------------------------------------------------------------------------


def test_ttl() -> None:
    with override_settings(CHAT_AUTOLOGIN={"SECRET": SECRET, "TTL": timedelta(minutes=2)}):
        claims = verify(ada().get(TOKEN).json()["token"])
    assert claims.exp - claims.iat == 120


@pytest.mark.parametrize(
    "loader", [custom_user_loader, f"{custom_user_loader.__module__}.custom_user_loader"]
)
def test_a_user_loader(loader: Any) -> None:
    with override_settings(CHAT_AUTOLOGIN={"SECRET": SECRET, "USER_LOADER": loader}):
        assert verify(ada().get(TOKEN).json()["token"]).display_name == "ada (customer)"
        assert_error(Client().get(TOKEN), 401, "not_authenticated")


def test_bad_settings_make_the_views_fail_loudly() -> None:
    client = ada()
    with (
        override_settings(CHAT_AUTOLOGIN={"SECRET": "short"}),
        pytest.raises(ImproperlyConfigured, match=r'CHAT_AUTOLOGIN\["SECRET"\]'),
    ):
        client.get(TOKEN)
    assert client.get(TOKEN).status_code == 200


def test_without_the_authentication_middleware() -> None:
    with (
        override_settings(MIDDLEWARE=["django.contrib.sessions.middleware.SessionMiddleware"]),
        pytest.raises(ImproperlyConfigured, match="AuthenticationMiddleware"),
    ):
        Client().get(TOKEN)


@pytest.mark.parametrize(
    "value",
    [
        {"SECRET": SECRET, "TTL": 0},
        {"SECRET": SECRET, "ALLOWED_EMAIL_DOMAINS": "example.com"},
        {"SECRET": SECRET, "PATH_PREFIX": "chat"},
        {"SECRETS": {"support": SECRET, "sales": "short"}},
        {"SECRETS": {"support": SECRET, "a b": SALES_SECRET}},
    ],
)
def test_the_debug_page_of_a_bad_setting_never_shows_the_secret(value: dict[str, Any]) -> None:
    # A server started without the system checks (runserver --skip-checks) meets
    # the bad setting in the view; DEBUG pages show local variables and settings.
    client = Client(raise_request_exception=False)
    with override_settings(DEBUG=True, CHAT_AUTOLOGIN=value):
        response = client.get(TOKEN, HTTP_ACCEPT="text/html")
    assert response.status_code == 500
    page = response.content.decode()
    assert "ImproperlyConfigured" in page
    assert "Local vars" in page  # the technical page, with the frames' variables
    assert "CHAT_AUTOLOGIN" in page
    assert_no_secret(page)
    assert SALES_SECRET not in page


# --- the system check ---------------------------------------------------------------------


def check_ids() -> list[str]:
    return [message.id or "" for message in run_checks(tags=["chat_autologin"])]


def test_the_check_passes_with_good_settings() -> None:
    assert check_ids() == []
    with override_settings(CHAT_AUTOLOGIN=DESKS):
        assert check_ids() == []


@pytest.mark.parametrize(
    ("value", "ids"),
    [
        (None, ["chat_autologin.E001"]),
        ({}, ["chat_autologin.E001"]),
        ({"SECRET": "short"}, ["chat_autologin.E001"]),
        ({"SECRET": ""}, ["chat_autologin.E001"]),
        ({"SECRETS": {"support": b"short"}}, ["chat_autologin.E001"]),
        ({"SECRET": SECRET, "SECRETS": {"a": SECRET}}, ["chat_autologin.E003"]),
        ({"SECRETS": {}}, ["chat_autologin.E003"]),
        ({"SECRETS": [SECRET]}, ["chat_autologin.E003"]),
        ({"SECRETS": {"a b": SECRET}}, ["chat_autologin.E003"]),
        ({"SECRETS": {SECRET: "x" * 40}}, ["chat_autologin.E003"]),
        ({"SECRET": SECRET, "TTL": 0}, ["chat_autologin.E002"]),
        ({"SECRET": SECRET, "TTL": 1.5}, ["chat_autologin.E002"]),
        ({"SECRET": SECRET, "TTL": SECRET}, ["chat_autologin.E002"]),
        ({"SECRET": SECRET, "ALLOWED_EMAIL_DOMAINS": "example.com"}, ["chat_autologin.E003"]),
        ({"SECRET": SECRET, "ALLOWED_EMAIL_DOMAINS": [f"{SECRET}/"]}, ["chat_autologin.E003"]),
        ({"SECRET": SECRET, "PATH_PREFIX": "chat"}, ["chat_autologin.E003"]),
        ({"SECRET": SECRET, "PATH_PREFIX": f"/{SECRET}?"}, ["chat_autologin.E003"]),
        ({"SECRET": SECRET, "USER_LOADER": "no.such.module.loader"}, ["chat_autologin.E003"]),
        ({"SECRET": SECRET, "USER_LOADER": 42}, ["chat_autologin.E003"]),
        ("a secret in the wrong place", ["chat_autologin.E003"]),
        ({"SECRET": SECRET, "TIMEOUT": 300}, ["chat_autologin.W001"]),
        ({"SECERT": SECRET}, ["chat_autologin.W001", "chat_autologin.E001"]),
        # A secret given as a key: named by its type and length only.
        ({SECRET: "SECRET"}, ["chat_autologin.W001", "chat_autologin.E001"]),
    ],
)
def test_the_check_reports_bad_settings(value: Any, ids: list[str]) -> None:
    with override_settings(CHAT_AUTOLOGIN=value):
        assert check_ids() == ids
        for message in run_checks(tags=["chat_autologin"]):
            assert_no_secret(f"{message.msg} {message.hint} {message!r}")
            assert message.hint


def test_manage_py_check_fails_on_a_missing_secret() -> None:
    with (
        override_settings(CHAT_AUTOLOGIN={"SECRET": "too short"}),
        pytest.raises(SystemCheckError, match=r"chat_autologin\.E001"),
    ):
        call_command("check", verbosity=0)
    call_command("check", verbosity=0)


# --- the companion --------------------------------------------------------------------------


def test_client_js_is_the_companion() -> None:
    response = Client().get("/chat-autologin/client.js")
    assert response.status_code == 200
    assert response.content.decode() == COMPANION_SCRIPT
    assert response["Content-Type"] == "application/javascript; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["ETag"] == f'"{SCRIPT_ETAG}"'


def test_client_js_revalidates_with_its_etag() -> None:
    response = Client().get("/chat-autologin/client.js", HTTP_IF_NONE_MATCH=f'"{SCRIPT_ETAG}"')
    assert response.status_code == 304
    assert Client().post("/chat-autologin/client.js").status_code == 405


def render(source: str, **context: Any) -> str:
    return Template("{% load chat_autologin %}" + source).render(Context(context))


def test_the_template_tag() -> None:
    # Without the request in the template's context, the tag cannot tell.
    src = f"/chat-autologin/client.js?v={SCRIPT_ETAG}"
    assert render("{% chat_autologin_script %}") == f'<script src="{src}" defer></script>'
    # The companion finds the endpoint as "token" next to its own URL.
    assert urljoin(f"https://site.example{src}", "token") == f"https://site.example{TOKEN}"


def test_the_template_tag_tells_an_anonymous_visitor() -> None:
    # request.user decides, as for the token endpoint.
    anonymous = (
        f'<script src="/chat-autologin/client.js?v={SCRIPT_ETAG}" defer data-anonymous="true">'
        "</script>"
    )
    assert Client().get("/page").content.decode() == anonymous
    assert "data-anonymous" not in ada().get("/page").content.decode()


def test_the_template_tag_asks_the_user_loader() -> None:
    who: list[tuple[str, str] | None] = [None]
    with override_settings(CHAT_AUTOLOGIN={"SECRET": SECRET, "USER_LOADER": lambda r: who[0]}):
        assert 'data-anonymous="true"' in ada().get("/page").content.decode()
        who[0] = ("ada@example.com", "Ada")
        assert "data-anonymous" not in Client().get("/page").content.decode()


def test_the_template_tag_options() -> None:
    with override_settings(CHAT_AUTOLOGIN=DESKS):
        html = render(
            '{% chat_autologin_script "sales" show=True nonce=nonce retry_for=45 %}',
            nonce="abc<",
        )
    assert html == (
        f'<script src="/chat-autologin/client.js?v={SCRIPT_ETAG}" defer data-desk="sales"'
        ' data-show="true" data-retry-for="45" nonce="abc&lt;"></script>'
    )


# --- the shared endpoint vectors, through Django --------------------------------

import types  # noqa: E402

from asgiref.sync import async_to_sync  # noqa: E402
from django.test import AsyncClient, RequestFactory  # noqa: E402
from endpoint_vectors import (  # noqa: E402
    REQUEST_CASES,
    SCRIPT_TAG_CASES,
    SETTINGS_CASES,
    Lookup,
    check_answer,
    check_settings_error,
    ids,
)

from chat_autologin import InvalidInputError  # noqa: E402
from chat_autologin._web import DJANGO_NAMES  # noqa: E402
from chat_autologin.django import conf as chat_conf  # noqa: E402
from chat_autologin.django import urls as chat_urls  # noqa: E402
from chat_autologin.django.templatetags.chat_autologin import (  # noqa: E402
    chat_autologin_script,
)

DJANGO_KEYS = {
    "secret": "SECRET",
    "secrets": "SECRETS",
    "ttl": "TTL",
    "allowed_email_domains": "ALLOWED_EMAIL_DOMAINS",
    "path_prefix": "PATH_PREFIX",
}


def vector_settings(settings: dict[str, Any], lookup: Lookup) -> dict[str, Any]:
    value = {DJANGO_KEYS[key]: setting for key, setting in settings.items()}
    return {**value, "USER_LOADER": lookup}


def vector_urlconf() -> types.ModuleType:
    """A URLconf with the routes of the settings in force."""
    module = types.ModuleType("endpoint_vectors_urls")
    module.urlpatterns = [path("", include((chat_urls.routes(), "chat_autologin")))]  # type: ignore[attr-defined]
    return module


@pytest.mark.parametrize("case", ids(SETTINGS_CASES))
def test_endpoint_vectors_settings(case: dict[str, Any]) -> None:
    with override_settings(CHAT_AUTOLOGIN=vector_settings(case["settings"], Lookup(None))):
        with pytest.raises(InvalidInputError) as raised:
            chat_conf.load()
        check_settings_error(case, raised.value, DJANGO_NAMES)
        errors = [m for m in chat_conf.check_settings() if m.id.startswith("chat_autologin.E")]
        assert [m.msg for m in errors] == [str(raised.value)]


@pytest.mark.parametrize("server", ["wsgi", "asgi"])
@pytest.mark.parametrize("case", ids(REQUEST_CASES))
def test_endpoint_vectors_requests(
    case: dict[str, Any], server: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Under WSGI (Django's Client) with a sync USER_LOADER, and under ASGI
    (AsyncClient) with an async one: the same answers."""
    lookup = Lookup(case["user"])
    request = case["request"]
    path = request["path"] + (f"?{request['query']}" if request["query"] else "")

    async def async_loader(request: HttpRequest) -> tuple[str, str | None] | None:
        return lookup(request)

    loader: Any = lookup if server == "wsgi" else async_loader
    # The URLconf is made once the case's settings are in force.
    with (
        override_settings(CHAT_AUTOLOGIN=vector_settings(case["settings"], loader)),
        override_settings(ROOT_URLCONF=vector_urlconf()),
        caplog.at_level(logging.WARNING, logger="chat_autologin"),
    ):
        if server == "wsgi":
            response = Client().generic(request["method"], path, headers=request["headers"])
        else:

            async def asgi_request() -> Any:
                return await AsyncClient().generic(
                    request["method"], path, headers=request["headers"]
                )

            response = async_to_sync(asgi_request)()
    check_answer(
        case,
        response.status_code,
        lambda name: response.headers.get(name),
        response.content,
        lookup,
        [r.getMessage() for r in caplog.records if r.name == "chat_autologin"],
    )


@pytest.mark.parametrize("case", ids(SCRIPT_TAG_CASES))
def test_endpoint_vectors_script_tags(case: dict[str, Any]) -> None:
    user = {"email": "ada@example.com", "displayName": "Ada"} if case["signed_in"] else None
    context = {"request": RequestFactory().get("/")}
    with (
        override_settings(CHAT_AUTOLOGIN=vector_settings(case["settings"], Lookup(user))),
        override_settings(ROOT_URLCONF=vector_urlconf()),
    ):
        if "error" in case["expect"]:
            with pytest.raises(InvalidInputError) as raised:
                chat_autologin_script(context, **case["options"])
            assert raised.value.code == case["expect"]["error"]
        else:
            tag = chat_autologin_script(context, **case["options"])
            assert str(tag) == case["expect"]["tag"]


def test_under_asgi_the_default_user_is_awaited() -> None:
    """The default lookup awaits ``request.auser()``: a signed-in user gets a
    token through Django's ASGI handler, an anonymous one 401."""
    user = User.objects.create_user("asgi", first_name="Ada", last_name="Lovelace")
    user.email = "ada@example.com"
    user.save()

    async def requests() -> tuple[Any, Any]:
        anonymous = await AsyncClient().get(TOKEN)
        client = AsyncClient()
        await client.aforce_login(user)
        return anonymous, await client.get(TOKEN)

    anonymous, signed_in = async_to_sync(requests)()
    assert anonymous.status_code == 401
    assert signed_in.status_code == 200
    claims = verify(signed_in.json()["token"])
    assert (claims.email, claims.display_name) == ("ada@example.com", "Ada Lovelace")
