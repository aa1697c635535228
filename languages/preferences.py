"""Which language a reader gets, and remembering the one they choose."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import check_for_language


def supported(code: str | None) -> str:
    """``code`` if it is one of the site's languages (case-insensitive), else ``""``.

    Anything else — a language we do not offer, garbage, a very long string — is simply not a
    choice: the reader keeps the language they had (English by default), with no error.
    """
    if not code or len(code) > 20:
        return ""
    code = code.lower()
    offered = {c.lower() for c, _name in settings.LANGUAGES}
    return code if code in offered and check_for_language(code) else ""


def remember(request: HttpRequest, response: HttpResponse, code: str) -> None:
    """Keep the choice in the browser (cookie) and, when signed in, on the account."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and getattr(user, "language", None) != code:
        user.language = code
        user.save(update_fields=["language"])


def language_of(user) -> str:
    """The language to write to ``user`` in (an e-mail, a report sent later): the one they
    chose with the switcher, else the site's default. Use with ``translation.override``."""
    return supported(getattr(user, "language", "")) or settings.LANGUAGE_CODE
