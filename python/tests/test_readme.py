"""The Python examples of the READMEs run as written: python/README.md's and
the repository's. Each runs in a fresh interpreter with the secret in
CHAT_AUTOLOGIN_SECRET, as the READMEs tell a reader to set it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from support import SECRET

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_README = (ROOT / "python" / "README.md").read_text(encoding="utf-8")
TOP_README = (ROOT / "README.md").read_text(encoding="utf-8")


def sections(readme: str) -> dict[str, list[str]]:
    """The ```python blocks of each `## ` section."""
    found: dict[str, list[str]] = {}
    for section in re.split(r"^## ", readme, flags=re.MULTILINE)[1:]:
        title = section.splitlines()[0]
        blocks = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
        if blocks:
            found[title] = blocks
    return found


PACKAGE = sections(PACKAGE_README)
TOP = sections(TOP_README)


def run(script: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "CHAT_AUTOLOGIN_SECRET": SECRET},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_readmes_have_the_examples() -> None:
    run_here = {
        "Mint",
        "Verify",
        "Flask",
        "Django",
        "FastAPI",
        "Starlette",
        "The browser companion",
    }
    assert set(PACKAGE) == run_here
    assert set(TOP) == {"Python"}


@pytest.mark.parametrize("title", ["FastAPI", "Starlette"])
def test_the_asgi_examples(title: str) -> None:
    (code,) = PACKAGE[title]
    script = code + textwrap.dedent(
        """
        from starlette.testclient import TestClient
        with TestClient(app) as client:
            print(client.get("/chat-autologin/token").json())
            print(client.get("/chat-autologin/client.js").status_code)
        """
    )
    assert run(script) == "{'error': 'not_authenticated'}\n200\n"


def test_mint_then_verify() -> None:
    # Verify goes on from Mint's `token` and `secret`.
    code = PACKAGE["Mint"][0] + PACKAGE["Verify"][0]
    out = run(code + "\nprint(claims.email, claims.display_name, claims.exp - claims.iat)")
    assert out == "ada@example.com Ada Lovelace 300.0\n"


def test_the_top_readme() -> None:
    (code,) = TOP["Python"]
    out = run(code + "\nprint(claims.email, claims.exp - claims.iat)")
    assert out == "ada@example.com 300.0\n"


def test_flask_without_flask_login() -> None:
    (code,) = PACKAGE["Flask"]
    # As on a site without flask-login: importing it fails.
    script = "import sys\nsys.modules['flask_login'] = None\n" + code
    script += textwrap.dedent(
        """
        from chat_autologin import Verifier
        client = app.test_client()
        assert client.get("/chat-autologin/token").status_code == 401
        app.secret_key = "a session key for this test"
        with client.session_transaction() as visitor:
            visitor["email"], visitor["name"] = "ada@example.com", "Ada"
        answer = client.get("/chat-autologin/token").get_json()
        print(Verifier(app.config["CHAT_AUTOLOGIN_SECRET"]).verify(answer["token"]).email)
        """
    )
    assert run(script) == "ada@example.com\n"


def test_django() -> None:
    (code,) = PACKAGE["Django"]
    settings_code, urls_code = re.split(r"^# urls\.py.*$", code, flags=re.MULTILINE)
    # `...` stands for the site's own entries: here, what django.contrib.auth needs.
    script = textwrap.dedent(
        f"""
        import types, sys
        import django
        from django.conf import settings

        site_settings = {{}}
        exec({settings_code!r}, site_settings)
        apps = [app for app in site_settings["INSTALLED_APPS"] if app is not ...]
        urls = types.ModuleType("readme_urls")
        sys.modules["readme_urls"] = urls
        settings.configure(
            INSTALLED_APPS=["django.contrib.contenttypes", *apps],
            CHAT_AUTOLOGIN=site_settings["CHAT_AUTOLOGIN"],
            ROOT_URLCONF="readme_urls",
            SECRET_KEY="a key for this test",
            DATABASES={{}},
        )
        django.setup()
        exec({urls_code!r}, urls.__dict__)
        urls.urlpatterns = [pattern for pattern in urls.urlpatterns if pattern is not ...]

        from django.core.checks import run_checks
        from django.urls import reverse
        ours = [message for message in run_checks() if message.id.startswith("chat_autologin")]
        assert ours == [], ours
        print(reverse("chat_autologin:token"))
        """
    )
    assert run(script) == "/chat-autologin/token\n"


@pytest.mark.parametrize("title", ["The browser companion"])
def test_template_helper_examples_are_not_run_here(title: str) -> None:
    # Template-side calls, run in a request by test_flask.py and test_django.py.
    assert all("chat_autologin_script(" in block for block in PACKAGE[title])
