"""Finance pages: thin views over finance.services, finance.pledges, finance.reporting and
finance.scorecard. Who may record what is asked of finance.permissions' loaders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from activities.codes import WorkflowState
from activities.models import Activity
from finance import pledges as pledging
from finance import reporting
from finance.checks import financial_flags
from finance.forms import DeadlineForm, FinanceFilterForm, PledgeForm, QuartersForm, StatusForm
from finance.models import Pledge, PledgeStatus
from finance.permissions import (
    load_calendar,
    load_deadline,
    load_plan_to_pledge,
    load_pledge,
    may_keep_calendar,
    pledging_organisations,
)
from finance.pledges import pledges_by_target
from finance.reporting import partners
from finance.scorecard import partner_scorecard, plan_scorecards
from finance.services import activity_lines, finance_summary
from lib.forms import error_summary
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
    context = {"plan": plan, "targets": targets, "money": money}
    orgs = pledging_organisations(request.user, plan.pk)
    if orgs is None or orgs:
        # Those who record pledges get links to edit theirs, and the dropped ones to reopen.
        mine = Pledge.objects.filter(plan=plan)
        mine = mine if orgs is None else mine.filter(organisation__in=orgs)
        context |= {
            "may_pledge": True,
            "editable": set(mine.values_list("pk", flat=True)),
            "dropped": mine.filter(status=PledgeStatus.DROPPED).select_related("organisation"),
        }
    return render(request, "finance/pledges.html", context)


def _put_back(form: Form, refused: ValidationError) -> None:
    """A domain refusal shown on the field it names (or above the form)."""
    for field, errors in refused.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _add_problems(form: PledgeForm, plan: Plan) -> None:
    """A form refused for what it could not read also shows what the rules refuse in the
    rest (a negative amount beside a missing statement), so one round shows every error."""
    for field, errors in pledging.problems(plan, form.pledge_data()).items():
        if field in form.fields and field not in form.errors:
            form.add_error(field, errors)


def _save_pledge(form: PledgeForm, plan: Plan, save) -> Pledge | None:
    """Run ``save(data)`` on a valid form; put every refusal back on the form."""
    if not form.is_valid():
        _add_problems(form, plan)
        return None
    try:
        return save(form.pledge_data())
    except ValidationError as refused:
        _put_back(form, refused)
        return None


def _form_page(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    form = context["form"]
    context["errors"] = error_summary(form)
    return render(request, template, context, status=400 if form.errors else 200)


def _pledge_saved(request: HttpRequest, pledge: Pledge, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(f"{reverse('finance:pledges', args=[pledge.plan.slug])}#pledge-{pledge.pk}")


@never_cache
@login_required
def pledge_new(request: HttpRequest, slug: str) -> HttpResponse:
    plan = load_plan_to_pledge(request.user, slug)
    form = PledgeForm(
        request.POST or None,
        plan=plan,
        organisations=pledging.organisations_for(request.user, plan),
        creating=True,
    )
    if request.method == "POST":
        pledge = _save_pledge(
            form, plan, lambda data: pledging.record_pledge(plan, data, request.user)
        )
        if pledge is not None:
            return _pledge_saved(request, pledge, _("The pledge is recorded."))
    return _form_page(request, "finance/pledge_form.html", {"plan": plan, "form": form})


@never_cache
@login_required
def pledge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = load_pledge(request.user, pk)
    form = PledgeForm(
        request.POST or None,
        initial=PledgeForm.initial_from(pledge),
        plan=pledge.plan,
        organisations=pledging.organisations_for(request.user, pledge.plan),
        creating=False,
    )
    if request.method == "POST" and _save_pledge(
        form, pledge.plan, lambda data: pledging.update_pledge(pledge, data, request.user)
    ):
        return _pledge_saved(request, pledge, _("The pledge is saved."))
    statuses = pledging.status_choices(request.user, pledge)
    context = {
        "plan": pledge.plan,
        "pledge": pledge,
        "form": form,
        "status_form": StatusForm(statuses=statuses) if statuses else None,
    }
    return _form_page(request, "finance/pledge_form.html", context)


@login_required
@require_POST
def pledge_status(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = load_pledge(request.user, pk)
    form = StatusForm(request.POST, statuses=pledging.status_choices(request.user, pledge))
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("status", [])))
        return redirect("finance:pledge-edit", pledge.pk)
    try:
        pledge = pledging.change_status(pledge, form.cleaned_data["status"], request.user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("finance:pledge-edit", pledge.pk)
    message = _("The pledge is now “%(status)s”.") % {"status": pledge.get_status_display()}
    return _pledge_saved(request, pledge, message)


def _calendar_page(
    request: HttpRequest,
    plan: Plan,
    form: DeadlineForm | None = None,
    quarters: QuartersForm | None = None,
) -> HttpResponse:
    keeps = may_keep_calendar(request.user, plan.pk)
    context = {
        "plan": plan,
        "deadlines": plan.reporting_deadlines.order_by("due_on"),
        "keeps": keeps,
        "form": form or DeadlineForm(),
        "quarters": quarters or QuartersForm(prefix="quarters"),
    }
    context["errors"] = error_summary(context["form"]) + error_summary(context["quarters"])
    status = 400 if context["errors"] else 200
    return render(request, "finance/calendar.html", context, status=status)


def calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """The plan's reporting calendar, public; its secretariat keeps it from here."""
    return _calendar_page(request, get_object_or_404(Plan, slug=slug))


@login_required
@require_POST
def deadline_new(request: HttpRequest, slug: str) -> HttpResponse:
    plan = load_calendar(request.user, slug)
    form = DeadlineForm(request.POST)
    if form.is_valid():
        try:
            deadline = reporting.add_deadline(plan, form.cleaned_data, request.user)
        except ValidationError as refused:
            _put_back(form, refused)
        else:
            messages.success(
                request,
                _("The due date %(date)s is added.") % {"date": deadline.due_on.isoformat()},
            )
            return redirect("finance:calendar", plan.slug)
    return _calendar_page(request, plan, form=form)


@login_required
@require_POST
def calendar_quarters(request: HttpRequest, slug: str) -> HttpResponse:
    plan = load_calendar(request.user, slug)
    form = QuartersForm(request.POST, prefix="quarters")
    if not form.is_valid():
        return _calendar_page(request, plan, quarters=form)
    added = reporting.add_quarters(plan, form.cleaned_data["year"], request.user)
    message = ngettext(
        "%(added)d quarterly due date of %(year)s added; those already in the calendar are kept.",
        "%(added)d quarterly due dates of %(year)s added; those already in the calendar are kept.",
        added,
    )
    messages.success(request, message % {"added": added, "year": form.cleaned_data["year"]})
    return redirect("finance:calendar", plan.slug)


@never_cache
@login_required
def deadline_edit(request: HttpRequest, pk: int) -> HttpResponse:
    deadline = load_deadline(request.user, pk)
    form = DeadlineForm(request.POST or None, initial=DeadlineForm.initial_from(deadline))
    if request.method == "POST" and form.is_valid():
        try:
            reporting.update_deadline(deadline, form.cleaned_data, request.user)
        except ValidationError as refused:
            _put_back(form, refused)
        else:
            messages.success(request, _("The due date is saved."))
            return redirect("finance:calendar", deadline.plan.slug)
    context = {"plan": deadline.plan, "deadline": deadline, "form": form}
    return _form_page(request, "finance/deadline_form.html", context)


@login_required
@require_POST
def deadline_delete(request: HttpRequest, pk: int) -> HttpResponse:
    deadline = load_deadline(request.user, pk)
    try:
        reporting.delete_deadline(deadline, request.user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("The due date is removed."))
    return redirect("finance:calendar", deadline.plan.slug)


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
