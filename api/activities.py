"""Activities over JSON: the same domain functions as the pages (services, workflow, results)."""

from __future__ import annotations

from typing import Annotated

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status, UploadedFile
from pydantic import Field

from activities import results as results_service
from activities import services, workflow
from activities.models import Activity
from activities.public_history import history_for
from activities.queries import (
    CURSOR_PATTERN,
    ActivityFilters,
    after_cursor,
    cursor_of,
    find_activities,
    rows_at,
)
from activities.states import MOVES, Action
from api.auth import load_activity, user_required
from api.schemas import (
    ERRORS,
    ActivityIn,
    ActivityOut,
    ActivityPage,
    ActivityPatch,
    ChangeOut,
    FilterCode,
    ResultOut,
    ResultsIn,
    ReturnIn,
    Text,
    TransitionIn,
    Version,
)
from api.serialise import activity_out, summary_out
from participants.models import Organisation
from plans.models import Plan

router = Router(tags=["activities"])


@router.get("/", response={200: ActivityPage, **ERRORS}, summary="List activities")
def list_activities(
    request: HttpRequest,
    plan: FilterCode | None = None,
    pillar: FilterCode | None = None,
    kind: FilterCode | None = None,
    status: Annotated[int | None, Field(ge=1, le=6)] = None,
    workflow_state: FilterCode | None = None,
    country: FilterCode | None = None,
    region: FilterCode | None = None,
    sector: FilterCode | None = None,
    technology: FilterCode | None = None,
    organisation: Annotated[int | None, Field(ge=1, le=2**62)] = None,
    year: Annotated[int | None, Field(ge=1900, le=2200)] = None,
    q: Annotated[Text | None, Field(max_length=200)] = None,
    page: Annotated[int, Field(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Field(ge=1, le=100)] = 20,
    after: Annotated[str | None, Field(max_length=40, pattern=CURSOR_PATTERN)] = None,
):
    """Approved activities for everybody; signed-in users also see what their roles allow.

    Most recently updated first. To walk the whole list, follow `next`: pass it as `after` to
    get the page after this one (`page` is then ignored); it stays fast however deep, where a
    large `page` makes the database pass over every row before it."""
    filters = ActivityFilters(
        plan=plan,
        pillar=pillar,
        kind=kind,
        status=status,
        workflow_state=workflow_state,
        country=country,
        region=region,
        sector=sector,
        technology=technology,
        organisation=organisation,
        year=year,
        q=q,
    )
    qs = find_activities(request.user, filters)
    count = qs.count()
    if after is not None:
        rows = list(after_cursor(qs, after)[: page_size + 1])
    else:
        start = (page - 1) * page_size
        # Past the end there is nothing to read (a deep page costs no scan).
        rows = rows_at(qs, start, page_size + 1) if start < count else []
    more = len(rows) > page_size
    rows = rows[:page_size]
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "items": [summary_out(a) for a in rows],
        "next": cursor_of(rows[-1]) if more else None,
    }


@router.post("/", response={201: ActivityOut, **ERRORS}, auth=user_required)
def create_activity(request: HttpRequest, payload: ActivityIn):
    """Create a draft for an organisation you are focal point of."""
    plan = get_object_or_404(Plan, slug=payload.plan)
    # An organisation that does not exist is a missing resource, not a server error.
    get_object_or_404(Organisation, pk=payload.reporting_org)
    data = payload.model_dump(exclude_unset=True, exclude={"plan"})
    data["reporting_org"] = payload.reporting_org
    activity = services.create_activity(plan, data, request.user)
    return Status(201, activity_out(activity))


@router.get("/{activity_id}", response={200: ActivityOut, **ERRORS})
def get_activity(request: HttpRequest, activity_id: int):
    return activity_out(load_activity(request, activity_id, Action.VIEW))


@router.patch("/{activity_id}", response={200: ActivityOut, **ERRORS}, auth=user_required)
def update_activity(request: HttpRequest, activity_id: int, payload: ActivityPatch):
    """Change the fields given. ``version`` must be the version you read, else 409."""
    activity = load_activity(request, activity_id, Action.EDIT)
    data = payload.model_dump(exclude_unset=True, exclude={"version"})
    fresh = services.update_activity(activity, data, version=payload.version, by=request.user)
    return activity_out(fresh)


@router.delete("/{activity_id}", response={204: None, **ERRORS}, auth=user_required)
def delete_activity(
    request: HttpRequest,
    activity_id: int,
    version: Annotated[int | None, Field(ge=1, le=2**31)] = None,
):
    activity = load_activity(request, activity_id, Action.DELETE)
    services.delete_activity(activity, request.user, version=version)
    return Status(204, None)


def _move(request: HttpRequest, activity_id: int, action: Action, payload) -> dict:
    activity = load_activity(request, activity_id, action)
    fresh = workflow.transition(
        activity, action, request.user, comment=payload.comment, version=payload.version
    )
    return activity_out(fresh)


def _mover(action: Action):
    def endpoint(request: HttpRequest, activity_id: int, payload: TransitionIn):
        return _move(request, activity_id, action, payload)

    endpoint.__name__ = f"{action.value}_activity"
    endpoint.__doc__ = f"Workflow move: {action.value} (see activities.workflow)."
    return endpoint


# Every move of activities.states but return, which needs its comment (below).
for _action in (move for move in MOVES if move != Action.RETURN):
    router.post(
        f"/{{activity_id}}/{_action.value}",
        response={200: ActivityOut, **ERRORS},
        auth=user_required,
        operation_id=f"{_action.value}_activity",
    )(_mover(_action))


@router.post(
    "/{activity_id}/return",
    response={200: ActivityOut, **ERRORS},
    auth=user_required,
    operation_id="return_activity",
)
def return_activity(request: HttpRequest, activity_id: int, payload: ReturnIn):
    """Workflow move: return (see activities.workflow), saying what needs correcting."""
    return _move(request, activity_id, Action.RETURN, payload)


@router.get("/{activity_id}/results", response={200: list[ResultOut], **ERRORS})
def get_results(request: HttpRequest, activity_id: int):
    return results_service.results_as_data(load_activity(request, activity_id, Action.VIEW))


@router.put("/{activity_id}/results", response={200: list[ResultOut], **ERRORS}, auth=user_required)
def put_results(request: HttpRequest, activity_id: int, payload: ResultsIn):
    """Replace the results framework; rows you send with their ``id`` are kept and updated."""
    activity = load_activity(request, activity_id, Action.EDIT)
    rows = [r.model_dump() for r in payload.results]
    fresh = results_service.set_results(activity, rows, version=payload.version, by=request.user)
    return results_service.results_as_data(fresh)


@router.post(
    "/{activity_id}/documents",
    response={201: ActivityOut, **ERRORS},
    auth=user_required,
    # The file is required (added to the schema's required list); it is optional in the
    # signature so that a file sent as a text part is taken rather than refused.
    openapi_extra={
        "requestBody": {"content": {"multipart/form-data": {"schema": {"required": ["file"]}}}}
    },
)
def upload_document(
    request: HttpRequest,
    activity_id: int,
    version: Form[Version],
    title: Form[str] = "",
    file: File[UploadedFile] = None,
):
    """Attach a file (PDF, office document, image or CSV; size-limited, content-checked)."""
    activity = load_activity(request, activity_id, Action.EDIT)
    upload = file or _text_part(request, "file")
    meta = {"title": {"en": title}} if title else {}
    services.add_document(activity, upload, meta, version=version, by=request.user)
    return Status(201, activity_out(Activity.objects.get(pk=activity.pk)))


def _text_part(request: HttpRequest, name: str) -> UploadedFile:
    """A multipart field sent as text rather than as a file part is still the file's content
    (clients differ in how they send a binary property); nothing at all is refused."""
    if name not in request.POST:
        raise ValidationError({name: [_("Attach a file.")]})
    return SimpleUploadedFile(name, request.POST[name].encode())


@router.get("/{activity_id}/history", response={200: list[ChangeOut], **ERRORS})
def get_history(request: HttpRequest, activity_id: int):
    activity = load_activity(request, activity_id, Action.VIEW)
    return [
        {
            "at": c.at,
            "user": c.user.get_username() if c.user else None,
            "action": c.action,
            "version": c.version,
            "comment": c.comment,
            "changes": c.changes,
        }
        for c in history_for(request.user, activity)
    ]
