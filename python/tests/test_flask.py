"""The Flask integration, with Flask's test client and flask-login users."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any
from urllib.parse import urljoin

import flask_login
import pytest
from flask import Flask, render_template_string
from flask.testing import FlaskClient
from support import OLD_SECRET, SECRET

import chat_autologin.flask
from chat_autologin import (
    COMPANION_SCRIPT,
    BadSignatureError,
    ChatClaims,
    InvalidInputError,
    Verifier,
)
from chat_autologin._web import SCRIPT_VERSION as SCRIPT_ETAG
from chat_autologin.flask import ChatAutologin

SALES_SECRET = "a-second-service-desk-project-has-its-own-secret-key-0123456789"


class User(flask_login.UserMixin):
    def __init__(self, user_id: str, email: Any, **attributes: Any) -> None:
        self.id = user_id
        self.email = email
        for name, value in attributes.items():
            setattr(self, name, value)


USERS = {
    "ada": User("ada", "ada@example.com", name="Ada Lovelace"),
    "grace": User("grace", "Grace@EXAMPLE.COM", display_name="Grace Hopper", name="grace"),
    "alan": User("alan", "alan@sub.example.com", name="Alan Turing"),
    "eve": User("eve", "eve@evil.example", name="Eve"),
    "nameless": User("nameless", "nameless@example.com"),
    "blank": User("blank", "", name="No Email"),
    "custom": User(
        "custom",
        "linus@example.com",
        name="linus",
        get_chat_display_name=lambda: "Linus from Support",
    ),
}


def make_app(*, login_manager: bool = True, **config: Any) -> Flask:
    app = Flask(__name__)
    app.config.update(TESTING=True, SECRET_KEY="flask-session-key-for-the-tests")
    app.config.setdefault("CHAT_AUTOLOGIN_SECRET", SECRET)
    for key, value in config.items():
        if value is None:
            app.config.pop(key, None)
        else:
            app.config[key] = value
    if login_manager:
        manager = flask_login.LoginManager(app)
        manager.user_loader(USERS.get)

    @app.route("/login/<user_id>")
    def login(user_id: str) -> str:
        flask_login.login_user(USERS[user_id])
        return "ok"

    @app.route("/logout")
    def logout() -> str:
        flask_login.logout_user()
        return "ok"

    @app.route("/page")
    def page() -> str:
        return render_template_string("{{ chat_autologin_script() }}")

    return app


def client_for(app: Flask, user: str | None = None) -> FlaskClient:
    client = app.test_client()
    if user is not None:
        assert client.get(f"/login/{user}").status_code == 200
    return client


@pytest.fixture
def app() -> Flask:
    app = make_app()
    ChatAutologin(app)
    return app


def verify(token: str, secret: str = SECRET) -> ChatClaims:
    return Verifier(secret).verify(token)


# --- the token endpoint -------------------------------------------------------


def test_a_signed_in_user_gets_a_token(app: Flask) -> None:
    response = client_for(app, "ada").get("/chat-autologin/token")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert set(body) == {"token", "expiresAt"}
    claims = verify(body["token"])
    assert (claims.email, claims.display_name) == ("ada@example.com", "Ada Lovelace")
    assert body["expiresAt"] == claims.exp
    assert isinstance(body["expiresAt"], int)
    assert claims.exp - claims.iat == 300


def test_each_request_gets_a_fresh_token(app: Flask) -> None:
    client = client_for(app, "ada")
    first = client.get("/chat-autologin/token").get_json()["token"]
    assert verify(first).email == "ada@example.com"
    client.get("/logout")
    assert client.get("/chat-autologin/token").status_code == 401


def test_an_anonymous_visitor_gets_401(app: Flask) -> None:
    response = client_for(app).get("/chat-autologin/token")
    assert response.status_code == 401
    assert response.get_json() == {"error": "not_authenticated"}
    assert response.headers["Cache-Control"] == "no-store"


def test_identity_never_comes_from_the_request(app: Flask) -> None:
    client = client_for(app)
    response = client.get(
        "/chat-autologin/token?email=ada@example.com&displayName=Ada",
        headers={"X-Email": "ada@example.com"},
    )
    assert response.status_code == 401
    client = client_for(app, "eve")
    token = client.get("/chat-autologin/token?email=ada@example.com").get_json()["token"]
    assert verify(token).email == "eve@evil.example"


@pytest.mark.parametrize(
    ("user", "name"),
    [
        ("ada", "Ada Lovelace"),  # name
        ("grace", "Grace Hopper"),  # display_name before name
        ("custom", "Linus from Support"),  # get_chat_display_name() first
        ("nameless", "nameless@example.com"),  # the email at last
    ],
)
def test_the_display_name_of_a_flask_login_user(app: Flask, user: str, name: str) -> None:
    token = client_for(app, user).get("/chat-autologin/token").get_json()["token"]
    assert verify(token).display_name == name


def test_a_user_the_chat_cannot_take_gets_403_with_the_code(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="chat_autologin"):
        response = client_for(app, "blank").get("/chat-autologin/token")
    assert response.status_code == 403
    assert response.get_json() == {"error": "invalid_email"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "invalid_email" in caplog.text
    assert SECRET not in caplog.text


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
def test_other_methods_get_405(app: Flask, method: str) -> None:
    response = client_for(app, "ada").open("/chat-autologin/token", method=method)
    assert response.status_code == 405
    assert response.get_json() == {"error": "method_not_allowed"}
    assert response.headers["Allow"] == "GET, HEAD"
    assert response.headers["Cache-Control"] == "no-store"


def test_head_is_answered_like_get_without_a_body(app: Flask) -> None:
    response = client_for(app, "ada").head("/chat-autologin/token")
    assert response.status_code == 200
    assert response.data == b""
    assert response.headers["Cache-Control"] == "no-store"


# --- allowed email domains ---------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("ada", 200),
        ("grace", 200),  # Grace@EXAMPLE.COM: the domain compares ignoring case
        ("alan", 403),  # sub.example.com is another domain
        ("eve", 403),
    ],
)
def test_allowed_email_domains(user: str, status: int) -> None:
    app = make_app(CHAT_AUTOLOGIN_ALLOWED_EMAIL_DOMAINS=["Example.com", "@other.example"])
    ChatAutologin(app)
    response = client_for(app, user).get("/chat-autologin/token")
    assert response.status_code == status
    assert response.headers["Cache-Control"] == "no-store"
    if status == 403:
        assert response.get_json() == {"error": "email_domain_not_allowed"}


def test_the_domain_is_after_the_last_at() -> None:
    app = make_app(CHAT_AUTOLOGIN_ALLOWED_EMAIL_DOMAINS=["example.com"])
    ChatAutologin(app, user_loader=lambda: ('"a@example.com"@evil.example', "A"))
    response = client_for(app).get("/chat-autologin/token")
    assert response.status_code == 403
    assert response.get_json() == {"error": "email_domain_not_allowed"}


# --- several service desks -----------------------------------------------------------


@pytest.fixture
def desks_app() -> Flask:
    app = make_app(
        CHAT_AUTOLOGIN_SECRET=None,
        CHAT_AUTOLOGIN_SECRETS={"support": SECRET, "sales": SALES_SECRET},
    )
    ChatAutologin(app)
    return app


@pytest.mark.parametrize(("desk", "secret"), [("support", SECRET), ("sales", SALES_SECRET)])
def test_the_desk_picks_the_secret(desks_app: Flask, desk: str, secret: str) -> None:
    response = client_for(desks_app, "ada").get(f"/chat-autologin/token?desk={desk}")
    assert response.status_code == 200
    token = response.get_json()["token"]
    assert verify(token, secret).email == "ada@example.com"
    other = SALES_SECRET if secret == SECRET else SECRET
    with pytest.raises(BadSignatureError):
        verify(token, other)


def test_several_desks_and_no_desk_is_400(desks_app: Flask) -> None:
    response = client_for(desks_app, "ada").get("/chat-autologin/token")
    assert response.status_code == 400
    assert response.get_json() == {"error": "desk_required"}
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("user", ["ada", None])
def test_an_unknown_desk_is_404(desks_app: Flask, user: str | None) -> None:
    response = client_for(desks_app, user).get("/chat-autologin/token?desk=billing")
    assert response.status_code == 404
    assert response.get_json() == {"error": "unknown_desk"}
    assert response.headers["Cache-Control"] == "no-store"


def test_with_one_secret_the_desk_is_ignored(app: Flask) -> None:
    response = client_for(app, "ada").get("/chat-autologin/token?desk=anything")
    assert response.status_code == 200
    assert verify(response.get_json()["token"]).email == "ada@example.com"


# --- configuration -------------------------------------------------------------------


@pytest.mark.parametrize(("ttl", "seconds"), [(60, 60), (timedelta(minutes=10), 600)])
def test_ttl(ttl: Any, seconds: int) -> None:
    app = make_app(CHAT_AUTOLOGIN_TTL=ttl)
    ChatAutologin(app)
    token = client_for(app, "ada").get("/chat-autologin/token").get_json()["token"]
    claims = verify(token)
    assert claims.exp - claims.iat == seconds


@pytest.mark.parametrize("prefix", ["/api/chat", "/api/chat/"])
def test_url_prefix(prefix: str) -> None:
    app = make_app(CHAT_AUTOLOGIN_URL_PREFIX=prefix)
    ChatAutologin(app)
    client = client_for(app, "ada")
    assert client.get("/api/chat/token").status_code == 200
    assert client.get("/api/chat/client.js").status_code == 200
    assert client.get("/chat-autologin/token").status_code == 404


def test_a_bad_setting_registers_nothing() -> None:
    # What each bad setting says is the shared vectors' (test_endpoint_vectors_settings).
    app = make_app(CHAT_AUTOLOGIN_TTL=0)
    with pytest.raises(InvalidInputError) as raised:
        ChatAutologin(app)
    assert raised.value.code == "invalid_ttl"
    assert str(raised.value).startswith("CHAT_AUTOLOGIN_TTL: ")
    assert "chat_autologin.token" not in app.view_functions
    assert "chat_autologin" not in app.extensions
    assert "chat_autologin_script" not in app.jinja_env.globals


def test_an_unknown_setting_is_a_warning() -> None:
    app = make_app(CHAT_AUTOLOGIN_TIMEOUT=60)
    with pytest.warns(UserWarning, match="CHAT_AUTOLOGIN_TIMEOUT is not a chat_autologin setting"):
        ChatAutologin(app)
    assert client_for(app, "ada").get("/chat-autologin/token").status_code == 200


def test_the_core_judges_the_secret() -> None:
    # The same rule as Issuer: at least 32 bytes.
    app = make_app(CHAT_AUTOLOGIN_SECRET="x" * 31)
    with pytest.raises(InvalidInputError, match="32"):
        ChatAutologin(app)
    ChatAutologin(make_app(CHAT_AUTOLOGIN_SECRET="x" * 32))
    ChatAutologin(make_app(CHAT_AUTOLOGIN_SECRET=b"\x00" * 32))


def test_one_extension_for_several_apps() -> None:
    extension = ChatAutologin()
    first, second = make_app(), make_app(CHAT_AUTOLOGIN_SECRET=OLD_SECRET)
    extension.init_app(first)
    extension.init_app(second)
    token = client_for(first, "ada").get("/chat-autologin/token").get_json()["token"]
    assert verify(token, SECRET).email == "ada@example.com"
    token = client_for(second, "ada").get("/chat-autologin/token").get_json()["token"]
    assert verify(token, OLD_SECRET).email == "ada@example.com"
    assert "ChatAutologin" in repr(extension)
    for app in (first, second):
        site = app.extensions["chat_autologin"].site
        assert SECRET not in repr(site)
        assert OLD_SECRET not in repr(site)


# --- the user loader -------------------------------------------------------------------


def test_a_user_loader_replaces_flask_login() -> None:
    app = make_app(login_manager=False)
    who: list[tuple[str, str] | None] = [None]
    ChatAutologin(app, user_loader=lambda: who[0])
    client = client_for(app)
    assert client.get("/chat-autologin/token").status_code == 401
    who[0] = ("zoë@exämple.com", "Zoë 山田")
    claims = verify(client.get("/chat-autologin/token").get_json()["token"])
    assert (claims.email, claims.display_name) == ("zoë@exämple.com", "Zoë 山田")


def test_the_user_loader_can_be_set_after_init_app() -> None:
    app = make_app(login_manager=False)
    extension = ChatAutologin()
    extension.user_loader = lambda: ("late@example.com", "Late")
    extension.init_app(app)
    token = client_for(app).get("/chat-autologin/token").get_json()["token"]
    assert verify(token).email == "late@example.com"


def test_without_flask_login_a_user_loader_is_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chat_autologin.flask, "find_spec", lambda name: None)
    with pytest.raises(RuntimeError, match="user_loader"):
        ChatAutologin(make_app(login_manager=False))
    ChatAutologin(make_app(login_manager=False), user_loader=lambda: None)


def test_flask_login_without_a_login_manager_is_a_clear_error() -> None:
    app = make_app(login_manager=False)
    ChatAutologin(app)
    with pytest.raises(RuntimeError, match="LoginManager"):
        client_for(app).get("/chat-autologin/token")


# --- the companion ------------------------------------------------------------------------


def test_client_js_is_the_companion(app: Flask) -> None:
    response = client_for(app).get("/chat-autologin/client.js")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == COMPANION_SCRIPT
    assert response.mimetype == "application/javascript"
    assert response.headers["Content-Type"] == "application/javascript; charset=utf-8"
    assert response.headers["Cache-Control"] == "public, max-age=86400"
    assert response.headers["ETag"] == f'"{SCRIPT_ETAG}"'


def test_client_js_revalidates_with_its_etag(app: Flask) -> None:
    client = client_for(app)
    response = client.get(
        "/chat-autologin/client.js", headers={"If-None-Match": f'"{SCRIPT_ETAG}"'}
    )
    assert response.status_code == 304
    assert response.data == b""
    response = client.get("/chat-autologin/client.js", headers={"If-None-Match": '"other"'})
    assert response.status_code == 200


def test_the_script_tag(app: Flask) -> None:
    src = f"/chat-autologin/client.js?v={SCRIPT_ETAG}"
    response = client_for(app, "ada").get("/page")
    assert response.get_data(as_text=True) == f'<script src="{src}" defer></script>'
    # The companion finds the endpoint as "token" next to its own URL.
    assert (
        urljoin(f"https://site.example{src}", "token")
        == "https://site.example/chat-autologin/token"
    )


def test_the_script_tag_tells_an_anonymous_visitor(app: Flask) -> None:
    # flask-login's current_user decides, as for the token endpoint.
    client = client_for(app)
    anonymous = (
        f'<script src="/chat-autologin/client.js?v={SCRIPT_ETAG}" defer data-anonymous="true">'
        "</script>"
    )
    assert client.get("/page").get_data(as_text=True) == anonymous
    client.get("/login/ada")
    assert "data-anonymous" not in client.get("/page").get_data(as_text=True)
    client.get("/logout")
    assert client.get("/page").get_data(as_text=True) == anonymous


def test_the_script_tag_asks_the_user_loader() -> None:
    app = make_app(login_manager=False)
    who: list[tuple[str, str] | None] = [None]
    ChatAutologin(app, user_loader=lambda: who[0])
    with app.test_request_context("/"):
        assert 'data-anonymous="true"' in render_template_string("{{ chat_autologin_script() }}")
        who[0] = ("ada@example.com", "Ada")
        assert "data-anonymous" not in render_template_string("{{ chat_autologin_script() }}")


def test_the_script_tag_under_an_application_root() -> None:
    app = make_app()
    ChatAutologin(app)
    with app.test_request_context("/", base_url="https://site.example/shop/"):
        html = render_template_string("{{ chat_autologin_script() }}")
    assert f'src="/shop/chat-autologin/client.js?v={SCRIPT_ETAG}"' in html


# --- the shared endpoint vectors, through Flask --------------------------------

from endpoint_vectors import (  # noqa: E402
    REQUEST_CASES,
    SCRIPT_TAG_CASES,
    SETTINGS_CASES,
    Lookup,
    check_answer,
    check_settings_error,
    ids,
    spelled,
)

from chat_autologin._web import FLASK_NAMES  # noqa: E402


def vector_app(settings: dict[str, Any], lookup: Lookup) -> Flask:
    app = Flask(__name__)
    app.config.update(TESTING=True, **spelled(settings, FLASK_NAMES))
    ChatAutologin(app, user_loader=lookup)
    return app


@pytest.mark.parametrize("case", ids(SETTINGS_CASES))
def test_endpoint_vectors_settings(case: dict[str, Any]) -> None:
    app = Flask(__name__)
    app.config.update(spelled(case["settings"], FLASK_NAMES))
    with pytest.raises(InvalidInputError) as raised:
        ChatAutologin(app, user_loader=Lookup(None))
    check_settings_error(case, raised.value, FLASK_NAMES)


@pytest.mark.parametrize("case", ids(REQUEST_CASES))
def test_endpoint_vectors_requests(case: dict[str, Any], caplog: pytest.LogCaptureFixture) -> None:
    lookup = Lookup(case["user"])
    client = vector_app(case["settings"], lookup).test_client()
    request = case["request"]
    with caplog.at_level(logging.WARNING, logger="chat_autologin"):
        response = client.open(
            request["path"],
            method=request["method"],
            query_string=request["query"],
            headers=request["headers"],
        )
    check_answer(
        case,
        response.status_code,
        response.headers.get,
        response.get_data(),
        lookup,
        [record.getMessage() for record in caplog.records],
    )


@pytest.mark.parametrize("case", ids(SCRIPT_TAG_CASES))
def test_endpoint_vectors_script_tags(case: dict[str, Any]) -> None:
    user = {"email": "ada@example.com", "displayName": "Ada"} if case["signed_in"] else None
    app = vector_app(case["settings"], Lookup(user))
    with app.test_request_context("/"):
        if "error" in case["expect"]:
            with pytest.raises(InvalidInputError) as raised:
                chat_autologin.flask.chat_autologin_script(**case["options"])
            assert raised.value.code == case["expect"]["error"]
        else:
            tag = chat_autologin.flask.chat_autologin_script(**case["options"])
            assert str(tag) == case["expect"]["tag"]
