"""Finance pages: thin views over finance.services, finance.pledges and finance.scorecard."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from activities.codes import WorkflowState
from activities.models import Activity
from finance.checks import financial_flags
from finance.forms import FinanceFilterForm
from finance.pledges import pledges_by_target
from finance.reporting import partners
from finance.scorecard import partner_scorecard, plan_scorecards
from finance.services import activity_lines, finance_summary
from plans.models import Plan

FLOWS_LISTED = 500  # the largest flows; the page says how many there are in all


def finance_overview(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    form = FinanceFilterForm(plan, request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    summary = finance_summary(
        plan,
        country=filters.get("country") or None,
        pillar=filters.get("pillar") or None,
        organisation=filters["organisation"].pk if filters.get("organisation") else None,
        year=filters.get("year"),
    )
    return render(request, "finance/overview.html", {"plan": plan, "form": form, "s": summary})


def money_flows(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    summary = finance_summary(plan)
    flows = summary.largest_flows(FLOWS_LISTED)
    pks = dict(
        Activity.objects.filter(
            plan=plan,
            iati_identifier__in={f.provider for f in flows} | {f.receiver for f in flows},
        ).values_list("iati_identifier", "pk")
    )
    rows = [(f, pks.get(f.provider), pks.get(f.receiver)) for f in flows]
    return render(request, "finance/flows.html", {"plan": plan, "s": summary, "rows": rows})


def pledges(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    targets, money = pledges_by_target(plan)
    return render(
        request, "finance/pledges.html", {"plan": plan, "targets": targets, "money": money}
    )


def scorecard(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    return render(request, "finance/scorecard.html", {"plan": plan, "cards": plan_scorecards(plan)})


def scorecard_partner(request: HttpRequest, slug: str, organisation: int) -> HttpResponse:
    plan = get_object_or_404(Plan, slug=slug)
    org = get_object_or_404(partners(plan), pk=organisation)
    card = partner_scorecard(plan, org)
    return render(request, "finance/scorecard_partner.html", {"plan": plan, "card": card})


def activity_finance(request: HttpRequest, pk: int) -> HttpResponse:
    """An approved activity's transactions and budgets with their conversion and flags."""
    activity = Activity.objects.filter(pk=pk, workflow_state=WorkflowState.APPROVED).first()
    if activity is None:
        raise Http404(_("No such public activity."))
    qs = Activity.objects.filter(pk=pk)
    context = {
        "activity": activity,
        "lines": activity_lines(activity),
        "flags": financial_flags(qs),
    }
    return render(request, "finance/activity.html", context)
