"""The pages: home, sign-in and sign-out.

The token endpoint (from chat_autologin.django.urls) needs nothing here: it
asks ``request.user`` for the email and ``get_full_name()``.
"""

from __future__ import annotations

from chat_autologin import InvalidInputError, mint_chat_token
from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe


def home_page(request: HttpRequest, problem: str | None = None) -> HttpResponse:
    context = {
        "widget_script_url": settings.CHAT_WIDGET_SCRIPT_URL,
        "jira_id": settings.CHAT_JIRA_ID,
        "service_desk_id": settings.CHAT_SERVICE_DESK_ID,
        "problem": problem,
    }
    return render(request, "home.html", context, status=400 if problem else 200)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return home_page(request)


@require_POST
def sign_in(request: HttpRequest) -> HttpResponse:
    """Signs in as a user with this email and name, created if new."""
    email = request.POST.get("email", "").strip()
    name = request.POST.get("name", "").strip()
    # The rules the chat's tokens follow, checked here (with a token that is
    # thrown away) so that the form can say so.
    try:
        mint_chat_token(email, name, 60, settings.CHAT_AUTOLOGIN["SECRET"])
    except InvalidInputError as error:
        return home_page(request, problem=error.message)
    first_name, _, last_name = name.partition(" ")
    user, _ = User.objects.update_or_create(
        username=email,
        defaults={"email": email, "first_name": first_name, "last_name": last_name},
    )
    login(request, user)
    return HttpResponseRedirect(reverse("home"), status=303)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    # The page has already logged the widget out (window.chatAutologin.logout())
    # before posting here.
    logout(request)
    return HttpResponseRedirect(reverse("home"), status=303)
