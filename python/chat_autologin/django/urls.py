"""``path("chat-autologin/", include("chat_autologin.django.urls"))``.

Names, in the ``chat_autologin`` namespace: ``token`` and ``client_js``.
"""

from __future__ import annotations

from django.urls import path

from chat_autologin.django import views

app_name = "chat_autologin"

urlpatterns = [
    path("token", views.token, name="token"),
    path("client.js", views.client_js, name="client_js"),
]
