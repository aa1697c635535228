from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from indicators.services import approved_activities_in, countries_overview, country_figures
from participants.models import Country


def country_profile(request: HttpRequest, code: str) -> HttpResponse:
    country = Country.objects.filter(code=code.upper()).first()
    if country is None:
        raise Http404(_("No such country"))
    context = {
        "country": country,
        "figures": country_figures(country),
        "activities": approved_activities_in(country),
    }
    return render(request, "indicators/country.html", context)


def country_list(request: HttpRequest) -> HttpResponse:
    return render(request, "indicators/countries.html", {"groups": countries_overview()})
