"""Registry pages. Each view fetches, authorises (talent.permissions), calls one domain function
and renders; personal fields are revealed only for records the user may see, on pages no
browser or proxy keeps (never_cache: Cache-Control no-store)."""

from __future__ import annotations

import base64
import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from accounts import audit
from accounts.models import AuditKind
from activities.models import Activity
from activities.permissions import activity_view, can
from activities.states import Action
from plans.models import PROGRAMME_CATEGORIES, Plan
from talent import counting, permissions
from talent.certificates import NotCompleted, certificate_pdf, issue_certificate, verification
from talent.charts import trainee_charts
from talent.enrolment import COLUMNS, AlreadyEnrolled, enrol, parse_row
from talent.forms import ProgrammeForm
from talent.identity import (
    disagreeing_merges,
    merge,
    not_the_same,
    possible_duplicates,
    reveal,
    sparse_records,
    unmerge,
)
from talent.models import Person, Programme, Sex
from talent.permissions import PersonAction, person_view
from talent.rights import erase, subject_access
from talent.sheets import SheetError, import_sheet, template_csv, template_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DIMENSION_TITLES = {
    "sex": gettext_lazy("Sex"),
    "youth": gettext_lazy("Youth (age 15–35 at enrolment)"),
    "au_region": gettext_lazy("AU region"),
    "country": gettext_lazy("Country"),
    "programme": gettext_lazy("Programme"),
    "provider_type": gettext_lazy("Provider type"),
    "pillar": gettext_lazy("Pillar"),
}


def _plan() -> Plan:
    plan = Plan.objects.default()
    if plan is None:
        raise Http404(_("No plan is loaded."))
    return plan


def _figures(plan: Plan, *, public: bool) -> dict:
    fetch = counting.public_breakdown if public else counting.breakdown
    return {
        "plan": plan,
        "public": public,
        "talents": counting.digital_talents(plan),
        "not_completed": counting.enrolled_not_completed(plan),
        "dimensions": [(DIMENSION_TITLES[d], fetch(plan, d)) for d in DIMENSION_TITLES],
    }


def dashboard(request: HttpRequest) -> HttpResponse:
    """Public figures: small cells suppressed."""
    context = _figures(_plan(), public=True)
    # The same figures drawn, each with its table, CSV and text alternative.
    context["charts"] = trainee_charts(context["plan"])
    context["chart_query"] = urlencode({"plan": context["plan"].slug})
    context["programmes"] = Programme.objects.select_related("activity").filter(
        activity__plan=context["plan"]
    )
    return render(request, "talent/dashboard.html", context)


@login_required
def secretariat(request: HttpRequest) -> HttpResponse:
    plan = _plan()
    if not permissions.can_review(request.user, plan):
        raise PermissionDenied(_("Only the plan's reviewers and secretariat see these figures."))
    context = _figures(plan, public=False)
    context["duplicates"] = possible_duplicates(plan).count()
    return render(request, "talent/dashboard.html", context)


def _personal_rows(user, programme: Programme) -> list[tuple[object, object]]:
    # Decided per row from the recording organisation: no query over the whole registry.
    enrolments = programme.enrolments.select_related("person", "provider", "certificate")
    orgs = permissions.personal_organisations(user, programme.activity.plan_id)
    return [
        (e, reveal(e.person) if orgs is None or e.person.recorded_by_id in orgs else None)
        for e in enrolments
    ]


@activity_view(Action.EDIT, lookup="activity_pk")
def programme_edit(request: HttpRequest, activity: Activity) -> HttpResponse:
    """Set up (or change) the programme of a training activity: whoever may edit it."""
    if activity.kind is None or activity.kind.category not in PROGRAMME_CATEGORIES:
        raise Http404(_("Only training activities have a programme."))
    programme = Programme.objects.filter(activity=activity).first() or Programme(activity=activity)
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        programme = form.save()
        messages.success(request, _("The programme is saved."))
        return redirect("talent:programme", pk=programme.pk)
    return render(request, "talent/programme_form.html", {"form": form, "activity": activity})


@never_cache
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = permissions.load_programme(request.user, pk)
    rows = []
    if permissions.can_see_programme_enrolments(request.user, programme):
        rows = _personal_rows(request.user, programme)
    return render(
        request,
        "talent/programme.html",
        {
            "programme": programme,
            "rows": rows,
            "may_enrol": permissions.can_enrol(request.user, programme),
            "may_edit": can(request.user, Action.EDIT, programme.activity),
        },
    )


def _enrolling(request: HttpRequest, pk: int):
    programme, orgs = permissions.load_enrolling(request.user, pk)
    chosen = request.POST.get("provider")
    provider = orgs.filter(pk=chosen).first() if chosen else None
    if provider is None and orgs.count() == 1:
        provider = orgs.first()
    return programme, orgs, provider


@never_cache
@sensitive_post_parameters(*COLUMNS)
@login_required
def enrol_one(request: HttpRequest, pk: int) -> HttpResponse:
    programme, orgs, provider = _enrolling(request, pk)
    values, errors = {}, {}
    if request.method == "POST":
        values = {c: request.POST.get(c, "") for c in COLUMNS}
        data, problems = parse_row(values)
        errors = {p.field: p.message for p in problems}
        if provider is None:
            errors["provider"] = _("choose the provider organisation")
        if not errors:
            try:
                enrol(programme, provider, data, request.user)
            except AlreadyEnrolled as exc:
                errors["email"] = str(exc)
            else:
                messages.success(request, _("Trainee enrolled."))
                return redirect("talent:programme", pk=programme.pk)
    fields = [
        (c, label, required, values.get(c, ""), errors.get(c))
        for c, (label, required) in COLUMNS.items()
    ]
    return render(
        request,
        "talent/enrol.html",
        {
            "programme": programme,
            "orgs": orgs,
            "fields": fields,
            "errors": errors,
            "sexes": Sex.choices,
        },
        status=400 if errors else 200,
    )


@never_cache
@sensitive_post_parameters()
@login_required
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    programme, orgs, provider = _enrolling(request, pk)
    context = {"programme": programme, "orgs": orgs}
    if request.method == "POST":
        sheet = request.FILES.get("sheet")
        if sheet is None or provider is None:
            context["problem"] = _("Choose a sheet and the provider organisation.")
        else:
            try:
                report = import_sheet(
                    programme,
                    provider,
                    sheet.read(),
                    sheet.name,
                    keep_good=request.POST.get("keep_good") == "on",
                    actor=request.user,
                )
            except SheetError as exc:
                context["problem"] = f"{sheet.name}: {exc}"
            else:
                context["report"] = report
                if report.bad_rows:
                    rejects = template_xlsx(report.bad_rows, with_errors=True)
                    context["rejects"] = base64.b64encode(rejects).decode()
    return render(
        request, "talent/upload.html", context, status=400 if "problem" in context else 200
    )


def template_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        content, kind = template_xlsx(), XLSX
    elif fmt == "csv":
        content, kind = template_csv(), "text/csv"
    else:
        raise Http404(_("The template comes as .xlsx or .csv."))
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="enrolment-template.{fmt}"'
    return response


@require_POST
@login_required
def certificate_issue(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = permissions.load_enrolment_to_certify(request.user, pk)
    try:
        certificate = issue_certificate(enrolment, request.user)
    except NotCompleted as exc:
        messages.error(request, str(exc))
        return redirect("talent:programme", pk=enrolment.programme_id)
    return redirect("talent:certificate-pdf", code=certificate.code)


@never_cache
@login_required
def certificate_download(request: HttpRequest, code: str) -> HttpResponse:
    certificate = permissions.load_certificate(request.user, code)
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{code[:8]}.pdf"'
    return response


def verify(request: HttpRequest, code: str) -> HttpResponse:
    found = verification(code)
    return render(request, "talent/verify.html", {"found": found}, status=200 if found else 404)


REVIEW_PAGE = 200


@login_required
def duplicates(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """The plan's possible duplicates, best first, with what agrees and what does not."""
    plan = get_object_or_404(Plan, slug=slug) if slug else _plan()
    if not permissions.can_review(request.user, plan):
        raise PermissionDenied(_("Only the plan's reviewers and secretariat see its duplicates."))
    pairs = possible_duplicates(plan)
    return render(
        request,
        "talent/duplicates.html",
        {
            "plan": plan,
            "pairs": pairs[:REVIEW_PAGE],
            "total": pairs.count(),
            "disagreeing": disagreeing_merges(plan)[:REVIEW_PAGE],
            "sparse": sparse_records(plan)[:REVIEW_PAGE],
        },
    )


def _disagreement_message(fields: list[str]) -> str:
    if not fields:
        return ""
    names = {"sex": _("sex"), "birth_year": _("birth year"), "country": _("country")}
    return " " + _("The merged records disagree on: %(fields)s; check them.") % {
        "fields": ", ".join(str(names.get(f, f)) for f in fields)
    }


@require_POST
@login_required
def pair_merge(request: HttpRequest, pk: int) -> HttpResponse:
    pair = permissions.reviewable_pair(request.user, pk)
    try:
        done = merge(pair.second, pair.first, request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        audit.record(
            AuditKind.MERGE,
            request=request,
            target=f"trainee {pair.second.ref}",
            change="merged",
            into=str(pair.first.ref),
        )
        messages.success(
            request,
            _("Merged: the two records now count as one person.")
            + _disagreement_message(done.disagreements),
        )
    return redirect("talent:person", ref=pair.second.ref)


@require_POST
@login_required
def pair_not_same(request: HttpRequest, pk: int) -> HttpResponse:
    pair = permissions.reviewable_pair(request.user, pk)
    not_the_same(pair, request.user)
    messages.success(
        request, _("Marked as two different people; the pair will not be listed again.")
    )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("talent:duplicates")
    return redirect(back)


@never_cache
@login_required
@person_view(PersonAction.VIEW)
def person_detail(request: HttpRequest, person: Person) -> HttpResponse:
    plans = permissions.person_plans(person)
    may_personal = permissions.can_see_personal(request.user, person, plans)
    may_review = permissions.reviews(request.user, person)
    may_rights = permissions.person_allows(request.user, PersonAction.RIGHTS, person, plans)
    return render(
        request,
        "talent/person.html",
        {
            "person": person,
            "personal": reveal(person) if may_personal else None,
            "enrolments": person.enrolments.select_related("programme__activity", "provider"),
            "may_review": may_review,
            "may_rights": may_rights,
            "events": person.events.select_related("actor")[:50],
        },
    )


@require_POST
@login_required
def person_merge(request: HttpRequest, ref: str) -> HttpResponse:
    person = permissions.reviewable_person(request.user, ref)
    into = permissions.reviewable_person(request.user, request.POST.get("into", ""))
    try:
        done = merge(person, into, request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        audit.record(
            AuditKind.MERGE,
            request=request,
            target=f"trainee {person.ref}",
            change="merged",
            into=str(into.ref),
        )
        messages.success(
            request,
            _("Merged: the two records now count as one person.")
            + _disagreement_message(done.disagreements),
        )
    return redirect("talent:person", ref=person.ref)


@require_POST
@login_required
def person_unmerge(request: HttpRequest, ref: str) -> HttpResponse:
    person = permissions.reviewable_person(request.user, ref)
    try:
        unmerge(person, request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        audit.record(
            AuditKind.MERGE, request=request, target=f"trainee {person.ref}", change="unmerged"
        )
        messages.success(request, _("Unmerged: this record counts as its own person again."))
    return redirect("talent:person", ref=person.ref)


@never_cache
@login_required
@person_view(PersonAction.RIGHTS)
def person_export(request: HttpRequest, person: Person) -> HttpResponse:
    ref = person.ref
    content = json.dumps(subject_access(person, request.user), indent=2, ensure_ascii=False)
    audit.record(AuditKind.PERSONAL_EXPORT, request=request, target=f"trainee {ref}")
    response = HttpResponse(content.encode(), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{str(ref)[:8]}.json"'
    return response


@require_POST
@login_required
@person_view(PersonAction.RIGHTS)
def person_erase(request: HttpRequest, person: Person) -> HttpResponse:
    erase(person, request.user)
    audit.record(AuditKind.ERASURE, request=request, target=f"trainee {person.ref}")
    messages.success(request, _("Personal data erased; the anonymous enrolments still count."))
    return redirect("talent:person", ref=person.ref)
