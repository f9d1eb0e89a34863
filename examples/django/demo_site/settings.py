"""The example site's settings: the chat ones from the environment, the rest as
small as Django allows. Nothing is kept between runs: a new SECRET_KEY, and the
users and sessions in an in-memory database that run.py creates at start.
"""

import os
import secrets
from pathlib import Path

# The service desk project's secret key, for chat_autologin.django.
CHAT_AUTOLOGIN = {"SECRET": os.environ.get("CHAT_AUTOLOGIN_SECRET")}

# The chat widget the pages embed: the local emulator's by default.
CHAT_WIDGET_SCRIPT_URL = (
    os.environ.get("CHAT_WIDGET_SCRIPT_URL") or "http://127.0.0.1:8787/chat-widget.js"
)
CHAT_JIRA_ID = os.environ.get("CHAT_JIRA_ID") or "emulator"
CHAT_SERVICE_DESK_ID = os.environ.get("CHAT_SERVICE_DESK_ID") or "1"

SECRET_KEY = secrets.token_urlsafe(50)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "chat_autologin.django",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "demo_site.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ],
        },
    },
]
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
}
USE_TZ = True
TIME_ZONE = "UTC"

# Server errors, with their tracebacks, on stderr (DEBUG is off).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {"django": {"handlers": ["stderr"], "level": "ERROR"}},
}
