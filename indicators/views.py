from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from indicators.services import countries_overview


def country_list(request: HttpRequest) -> HttpResponse:
    return render(request, "indicators/countries.html", {"groups": countries_overview()})
