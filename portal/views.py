from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from plans.models import Plan
from portal.pages import BadFilter, bad_filter, home_panels
from progress.services import plan_overview


def _overview(request: HttpRequest, plan: Plan | None) -> HttpResponse:
    context: dict = {"overview": plan_overview(plan) if plan else None, "plans": Plan.objects.all()}
    if plan:
        try:
            context.update(home_panels(request, plan))
        except BadFilter as exc:
            return bad_filter(request, str(exc))
        context["plan"] = plan
    return render(request, "portal/home.html", context)


def home(request: HttpRequest) -> HttpResponse:
    return _overview(request, Plan.objects.default())


def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _overview(request, get_object_or_404(Plan, slug=slug))
