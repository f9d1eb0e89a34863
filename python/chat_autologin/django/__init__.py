"""Django integration: a token endpoint, the browser companion and a template tag.

Add the app, the settings and the URLs::

    INSTALLED_APPS = [..., "django.contrib.auth", "chat_autologin.django"]
    CHAT_AUTOLOGIN = {"SECRET": os.environ["CHAT_AUTOLOGIN_SECRET"]}

    urlpatterns = [..., path("chat-autologin/", include("chat_autologin.django.urls"))]

and in a template, after the widget's own tag::

    {% load chat_autologin %}{% chat_autologin_script %}

``CHAT_AUTOLOGIN`` keys: ``SECRET`` (the service desk project's secret key) or
``SECRETS`` (a dict of service desk name to secret key), ``TTL`` (seconds or a
``timedelta``, default 300), ``ALLOWED_EMAIL_DOMAINS`` (a list; default every
domain) and ``USER_LOADER`` (a function of the request, or its dotted path,
returning ``(email, display_name)`` or None; default ``request.user``'s email and
``get_full_name()``, falling back to the username). ``manage.py check`` reports
a missing or invalid setting (``chat_autologin.E001`` to ``E003``).
"""
