"""Django integration: a token endpoint, the browser companion and a template tag.

Add the app, the settings and the URLs::

    INSTALLED_APPS = [..., "django.contrib.auth", "chat_autologin.django"]
    CHAT_AUTOLOGIN = {"SECRET": os.environ["CHAT_AUTOLOGIN_SECRET"]}

    urlpatterns = [..., path("", include("chat_autologin.django.urls"))]

and in a template, after the widget's own tag::

    {% load chat_autologin %}{% chat_autologin_script %}

The routes are ``<PATH_PREFIX>/token`` and ``<PATH_PREFIX>/client.js``. The tag
reads the template's ``request`` (Django's request context processor puts it
there) to tell the companion when nobody is signed in.

``CHAT_AUTOLOGIN`` keys: ``SECRET`` (the service desk project's secret key) or
``SECRETS`` (a dict of service desk name to secret key), ``TTL`` (seconds or a
``timedelta``, default 300), ``ALLOWED_EMAIL_DOMAINS`` (a list; default every
domain), ``PATH_PREFIX`` (default ``/chat-autologin``) and ``USER_LOADER`` (a
function of the request, or its dotted path, returning ``(email, display_name)``
or None; default ``request.user``'s email and ``get_full_name()``, falling back
to the username, then to the email). ``manage.py check`` reports a missing or
invalid setting (``chat_autologin.E001`` secret, ``E002`` TTL, ``E003`` anything
else) and an unknown key (``chat_autologin.W001``).
"""
