from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from languages.preferences import supported


class UserLanguageMiddleware:
    """A signed-in user's chosen language wins over the browser's cookie and Accept-Language.

    Django's LocaleMiddleware runs before authentication, so it only knows the cookie and the
    header; this one, placed after AuthenticationMiddleware, applies the preference kept on the
    account, so the choice follows the user to another browser.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        chosen = supported(getattr(user, "language", "")) if user and user.is_authenticated else ""
        if chosen and chosen != request.LANGUAGE_CODE:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        response = self.get_response(request)
        if chosen:
            response.headers["Content-Language"] = chosen
        return response
