"""Refusing requests no page can answer, before any view or database sees them."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class RefuseNulBytes:
    """A NUL character in the address or a query parameter gets 400 with the reason.

    No identifier, code or filter ever contains one, and PostgreSQL refuses NUL in text
    (a server error deep in a query); SQLite would silently cut the text short. Refusing at
    the door treats both databases alike. The API answers in its JSON error shape.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
        ):
            reason = _("The address contains a NUL character (%00), which no page accepts.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": reason, "errors": []}, status=400)
            return render(request, "400.html", {"reason": reason}, status=400)
        return self.get_response(request)
