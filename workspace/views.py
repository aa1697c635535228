"""Pages of the workspace: join the plan, the secretariat's queue, my tasks, notifications.

Thin: the rules are in ``workspace.services`` (joining), ``workspace.mytasks`` and
``workspace.notify``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.signin import client_ip
from lib.forms import error_summary
from plans.models import Plan
from workspace import mytasks, services
from workspace.forms import DecisionForm, JoinForm, PreferencesForm
from workspace.models import Application, MutedKind


def _plan(request: HttpRequest) -> Plan:
    slug = request.GET.get("plan")
    plan = get_object_or_404(Plan, slug=slug) if slug else Plan.objects.default()
    if plan is None:
        raise Http404(_("No plan is loaded."))
    return plan


def join(request: HttpRequest) -> HttpResponse:
    """An organisation applies to join the plan. Nothing is created but the application."""
    plan = _plan(request)
    form = JoinForm(request.POST or None, plan=plan)
    status = 200
    if request.method == "POST":
        if form.is_spam:
            # Told nothing different from a person, so the bot learns nothing; nothing kept.
            return redirect("workspace:join-thanks")
        if form.is_valid():
            try:
                services.check_rate(client_ip(request) or "-", form.cleaned_data["contact_email"])
            except services.TooMany as refusal:
                form.add_error(None, str(refusal))
                status = 429
            else:
                services.apply(plan, form.application_data(), language=get_language() or "")
                return redirect("workspace:join-thanks")
        else:
            status = 400
    return render(
        request,
        "workspace/join.html",
        {"plan": plan, "form": form, "errors": error_summary(form)},
        status=status,
    )


def join_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "workspace/join_thanks.html")


@never_cache
@login_required
def applications(request: HttpRequest) -> HttpResponse:
    """The secretariat's queue: waiting applications first, possible duplicates flagged."""
    plan = _plan(request)
    found = services.queue(request.user, plan)
    waiting = [a for a in found if a.status == "pending"]
    decided = [a for a in found if a.status != "pending"][:100]
    flagged = services.possible_duplicates(waiting)
    for a in waiting:
        a.duplicates = flagged.get(a.pk, [])
    return render(
        request,
        "workspace/applications.html",
        {
            "plan": plan,
            "waiting": waiting,
            "decided": decided,
            "form": DecisionForm(),
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.select_related("plan"), pk=pk)
    form = DecisionForm(request.POST)
    reason = form.data.get("reason", "")[:2000]
    approve = request.POST.get("decision") == "approve"
    try:
        services.decide(application, request.user, approve=approve, reason=reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if approve:
            messages.success(
                request,
                _("%(name)s is a member now; its contact is invited as focal point.")
                % {"name": application.name},
            )
        else:
            messages.success(
                request, _("The application of %(name)s is rejected.") % {"name": application.name}
            )
    return redirect(f"{reverse('workspace:applications')}?plan={application.plan.slug}")


@never_cache
@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    s = mytasks.scope(request.user)
    return render(
        request,
        "workspace/tasks.html",
        {
            "to_review": mytasks.to_review(s)
            .select_related("reporting_org", "plan")
            .order_by("updated_at")[:200],
            "returned": mytasks.returned(s)
            .select_related("reporting_org")
            .order_by("updated_at")[:200],
            "to_decide": mytasks.to_decide(s).select_related("plan", "country")[:200],
            "duplicates": [(p, n) for p, n in mytasks.duplicates(s) if n],
            "failed_imports": mytasks.failed_imports(request.user)[:50],
            "pledging_plans": mytasks.pledging_plans(s),
            "notifications": request.user.notifications.all()[:20],
        },
    )


@never_cache
@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """Every notice of the person, newest first; seeing them marks them read."""
    notices = list(request.user.notifications.all()[:200])
    request.user.notifications.filter(read_at=None).update(read_at=timezone.now())
    return render(request, "workspace/notifications.html", {"notifications": notices})


@never_cache
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    muted = set(MutedKind.objects.filter(user=request.user).values_list("kind", flat=True))
    form = PreferencesForm(request.POST or None, muted=muted)
    if request.method == "POST" and form.is_valid():
        services.set_muted(request.user, form.muted())
        messages.success(request, _("Your notification choices are saved."))
        return redirect("workspace:preferences")
    return render(request, "workspace/preferences.html", {"form": form})
