"""Pages answer the activity rules' refusals: the domain raises, this translates.

``NotVisible`` becomes *not found* (404), ``WrongState`` a 409 page naming the state and
``StaleVersion`` (a save over a newer version) a 409 page saying to reload, so no
domain function needs to know about HTTP and no refusal turns into a server error. The API has
its own handlers (``api.errors``) giving the JSON shape.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.defaults import page_not_found

from activities.permissions import NotVisible
from activities.services import StaleVersion
from activities.states import WrongState


class ActivityRefusals:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if isinstance(exc, NotVisible):
            return page_not_found(request, Http404(str(exc)))
        if isinstance(exc, WrongState):
            context = {"reason": str(exc), "activity": exc.activity}
            return render(request, "409.html", context, status=409)
        if isinstance(exc, StaleVersion):
            # An admin save that lost the race to another edit (the form's check passed).
            return render(request, "409.html", {"reason": str(exc)}, status=409)
        return None
