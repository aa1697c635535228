"""The second factor holds on every request, not only at the sign-in form."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from accounts import twofactor


class SecondFactor:
    """After django-otp's middleware (which marks a session verified by a code).

    A session of an enrolled user that no code verified (opened before they enrolled, on
    another browser) is ended. A user the policy requires to use a second factor, who has not
    enrolled, reaches only the enrolment page (and signing out, the language switch) until
    they do; to the API such a session is anonymous (API tokens are not affected).

    Both answers were loaded with the user (``accounts.signin.Backend``): no query of its own,
    and nothing kept in the session, so a change counts at the next request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        api = request.path.startswith("/api/")
        enrolled, required = twofactor.answers(user)
        if enrolled:
            logout(request)
            if api:
                return self.get_response(request)
            return redirect(f"{reverse('login')}?next={request.path}")
        if required:
            if api:
                request.user = AnonymousUser()
                return self.get_response(request)
            allowed = {reverse("two-factor"), reverse("logout"), reverse("set_language")}
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect("two-factor")
        return self.get_response(request)
