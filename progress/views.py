from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from plans.models import Plan
from progress.services import plan_overview


def home(request: HttpRequest) -> HttpResponse:
    plan = Plan.objects.default()
    context = {"overview": plan_overview(plan) if plan else None, "plans": Plan.objects.all()}
    return render(request, "progress/home.html", context)


def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    return render(request, "progress/home.html", {"overview": plan_overview(plan)})
