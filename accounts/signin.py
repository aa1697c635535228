"""Sign-in protection helpers (the lock-out itself is django-axes, configured in settings), and
the authentication backend that loads a session's user."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from accounts import twofactor


def client_ip(request: HttpRequest) -> str:
    """The address a sign-in came from, counted for the per-address lock-out.

    Behind the TLS proxy (DIGICOOP_BEHIND_TLS_PROXY) every request comes from the proxy, so
    the last address it appended to X-Forwarded-For is the client's; the earlier ones are
    whatever the client claimed and are ignored. Otherwise the peer address is the client.
    """
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "")


class Backend(ModelBackend):
    """Django's ModelBackend, loading with the session's user what the second factor needs to
    know (``accounts.twofactor.users_with_answers``): the check of every request
    (``accounts.middleware.SecondFactor``) then adds no query, and nothing is kept in the
    session that could go stale and let someone past enrolment."""

    def get_user(self, user_id):
        user = twofactor.users_with_answers().filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
