"""The app configuration: registers the system check of the settings."""

from __future__ import annotations

from django.apps import AppConfig
from django.core import checks
from django.core.signals import setting_changed


class ChatAutologinConfig(AppConfig):
    """``chat_autologin.django`` in ``INSTALLED_APPS``."""

    name = "chat_autologin.django"
    label = "chat_autologin"
    verbose_name = "Chat auto-login"

    def ready(self) -> None:
        from chat_autologin.django import conf

        checks.register(conf.check_settings, "chat_autologin")
        setting_changed.connect(conf.settings_changed, dispatch_uid="chat_autologin.settings")
