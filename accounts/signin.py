"""Sign-in protection helpers (the lock-out itself is django-axes, configured in settings)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


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
