"""Activity pages. Each view fetches, authorises (``activity_view``), calls one domain function
and renders; the rules live in activities.permissions, .states, .services and .workflow."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from activities import results, services, workflow
from activities.countries import transaction_places
from activities.filters import ActivityFilterForm
from activities.forms import ActivityEditor
from activities.history_display import readable
from activities.models import Activity
from activities.permissions import activity_view, can, can_read_internal, creatable_organisations
from activities.public_history import history_for
from activities.queries import IdsFirstPaginator, find_activities
from activities.result_forms import ResultForm
from activities.sectors import shown_sectors
from activities.services import StaleVersion
from activities.states import MOVES, Action, WrongState
from participants.models import Organisation
from plans.models import PROGRAMME_CATEGORIES, Plan

PAGE_SIZE = 25

# What a move did, one sentence per move (the action's English name is not a sentence in any
# language).
DONE = {
    Action.SUBMIT: gettext_lazy("The activity is submitted for review."),
    Action.APPROVE: gettext_lazy("The activity is approved."),
    Action.RETURN: gettext_lazy("The activity is returned for correction."),
    Action.ARCHIVE: gettext_lazy("The activity is archived."),
}


def activity_list(request: HttpRequest) -> HttpResponse:
    form = ActivityFilterForm(request.GET or None)
    # A malformed filter lists nothing and says why, rather than silently listing everything.
    refused = form.is_bound and not form.is_valid()
    found = Activity.objects.none() if refused else find_activities(request.user, form.filters())
    page = IdsFirstPaginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "activities/list.html",
        {"form": form, "page": page, "query": query.urlencode(), "can_create": _creates(request)},
        status=400 if refused else 200,
    )


def _creates(request: HttpRequest) -> bool:
    plan = _default_plan(request)
    # Offered only to whoever the create page would let in (see activity_create).
    return bool(
        plan and request.user.is_authenticated and _organisations(request.user, plan).exists()
    )


def _default_plan(request: HttpRequest) -> Plan | None:
    slug = request.GET.get("plan")
    if slug:
        return get_object_or_404(Plan, slug=slug)
    return Plan.objects.default()


def _organisations(user, plan: Plan):
    allowed = creatable_organisations(user, plan.pk)
    members = Organisation.objects.filter(
        memberships__plan=plan, memberships__status="approved"
    ).order_by("name")
    return members if allowed is None else members.filter(pk__in=allowed)


@activity_view(Action.VIEW)
def activity_detail(request: HttpRequest, activity: Activity) -> HttpResponse:
    transaction_countries, transaction_regions = transaction_places(activity)
    context = {
        "activity": activity,
        "transaction_countries": transaction_countries,
        "transaction_regions": transaction_regions,
        "iati_sectors": shown_sectors(activity),
        "moves": [m for m in MOVES if can(request.user, m, activity)],
        "can_edit": can(request.user, Action.EDIT, activity),
        "can_delete": can(request.user, Action.DELETE, activity),
        "results": results.results_as_data(activity),
        # A training activity carries a programme of the talent registry (talent app).
        "trains": activity.kind is not None and activity.kind.category in PROGRAMME_CATEGORIES,
    }
    return render(request, "activities/detail.html", context)


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    plan = _default_plan(request)
    organisations = _organisations(request.user, plan)
    if not organisations.exists():
        if creatable_organisations(request.user, plan.pk):
            raise PermissionDenied(
                _(
                    "Your organisation's membership of this plan is not approved yet; it can "
                    "report activities once the secretariat approves it."
                )
            )
        raise PermissionDenied(_("You are not a focal point of any organisation in this plan."))
    editor = ActivityEditor(
        plan=plan,
        organisations=organisations,
        data=request.POST or None,
        files=request.FILES or None,
    )
    if request.method == "POST" and editor.is_valid():
        try:
            activity = services.create_activity(plan, editor.payload(), request.user)
        except ValidationError as exc:
            editor.show_errors(exc)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("activity-detail", pk=activity.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "activities/edit.html", {"editor": editor, "plan": plan}, status=status)


@activity_view(Action.EDIT)
def activity_edit(request: HttpRequest, activity: Activity) -> HttpResponse:
    editor = ActivityEditor(
        plan=activity.plan,
        organisations=_organisations(request.user, activity.plan)
        | Organisation.objects.filter(pk=activity.reporting_org_id),
        activity=activity,
        data=request.POST or None,
        files=request.FILES or None,
    )
    status = 200
    if request.method == "POST" and editor.is_valid():
        version = editor.form.cleaned_data["version"]
        try:
            services.update_activity(activity, editor.payload(), version=version, by=request.user)
        except StaleVersion as exc:
            editor.form.add_error(
                None,
                _(
                    "Someone else saved this activity while you were editing it (it is now at "
                    "version %(now)s, you started from version %(then)s). Nothing was saved: "
                    "open the activity again to see their changes, then redo yours."
                )
                % {"now": exc.current, "then": version},
            )
            status = 409
        except ValidationError as exc:
            editor.show_errors(exc)
            status = 400
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("activity-detail", pk=activity.pk)
    elif request.method == "POST":
        status = 400
    context = {"editor": editor, "plan": activity.plan, "activity": activity}
    return render(request, "activities/edit.html", context, status=status)


def _version(request: HttpRequest) -> int | None:
    """The version the page was rendered at (posted back by every write form)."""
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


def _move_view(action: Action):
    @require_POST
    @activity_view(action)
    def move(request: HttpRequest, activity: Activity) -> HttpResponse:
        try:
            workflow.transition(
                activity,
                action,
                request.user,
                comment=request.POST.get("comment", ""),
                version=_version(request),
            )
        except StaleVersion as exc:
            messages.error(request, str(exc))
        except WrongState as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, str(DONE[action]))
        return redirect("activity-detail", pk=activity.pk)

    move.__name__ = f"activity_{action.value}"
    return move


activity_submit = _move_view(Action.SUBMIT)
activity_approve = _move_view(Action.APPROVE)
activity_return = _move_view(Action.RETURN)
activity_archive = _move_view(Action.ARCHIVE)


@activity_view(Action.DELETE)
def activity_delete(request: HttpRequest, activity: Activity) -> HttpResponse:
    if request.method == "POST":
        services.delete_activity(activity, request.user)
        messages.success(request, _("The activity is deleted; its history is kept."))
        return redirect("activity-list")
    return render(request, "activities/delete.html", {"activity": activity})


@activity_view(Action.VIEW)
def activity_history(request: HttpRequest, activity: Activity) -> HttpResponse:
    entries = readable(activity, history_for(request.user, activity))
    context = {
        "activity": activity,
        "changes": entries,
        "internal": can_read_internal(request.user, activity),
    }
    return render(request, "activities/history.html", context)


@activity_view(Action.VIEW)
def activity_results(request: HttpRequest, activity: Activity) -> HttpResponse:
    """The results framework; the form adds a result with one indicator and its periods."""
    form = ResultForm(request.POST or None, plan=activity.plan)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                results.add_result(
                    activity, form.result(), version=form.cleaned_data["version"], by=request.user
                )
            except StaleVersion as exc:
                form.add_error(None, str(exc))
                status = 409
            except ValidationError as exc:
                form.show_errors(exc)
            else:
                messages.success(request, _("The result is added."))
                return redirect("activity-results", pk=activity.pk)
    context = {
        "activity": activity,
        "results": results.results_as_data(activity),
        "form": form,
        "can_edit": can(request.user, Action.EDIT, activity),
    }
    return render(request, "activities/results.html", context, status=status)


@require_POST
@activity_view(Action.EDIT)
def result_remove(request: HttpRequest, activity: Activity, result_id: int) -> HttpResponse:
    try:
        results.remove_result(activity, result_id, version=_version(request), by=request.user)
    except StaleVersion as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("activity-results", pk=activity.pk)


@activity_view(Action.VIEW)
def activity_document(request: HttpRequest, activity: Activity, document_id: int) -> HttpResponse:
    """Serve an uploaded document to those who may read its activity (drafts stay private)."""
    document = get_object_or_404(activity.documents.exclude(file=""), pk=document_id)
    response = FileResponse(document.file.open("rb"), content_type=document.format)
    response["Content-Disposition"] = (
        f'attachment; filename="{document.file.name.rsplit("/", 1)[-1]}"'
    )
    return response
