"""Who may do what to an activity: the one place these rules live.

Roles are held per plan (``RoleAssignment``): secretariat and reviewer plan-wide, focal point,
trainer and viewer for one organisation. Pages (``activity_view``), the API
(``api.auth.load_activity``) and the domain functions (``authorise``) all ask the same
``can(user, action, activity)`` so a rule cannot differ between the web and the API.

Rules, in the words of the plan's secretariat:
- the public sees approved records only; anything else is *not found* for them;
- a viewer (or focal point, or trainer) also reads its organisation's non-public records;
- a focal point creates its organisation's records, edits and submits them while they are a
  draft or returned, and deletes its own drafts;
- a reviewer reads every record of the plan, approves submitted ones and returns submitted or
  approved ones for correction;
- the secretariat may do everything, in any state (except editing an archived record).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import StrEnum

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from accounts.models import Role, RoleAssignment
from activities.codes import WorkflowState as S
from activities.models import Activity


class Action(StrEnum):
    VIEW = "view"
    CREATE = "create"
    EDIT = "edit"
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    ARCHIVE = "archive"
    DELETE = "delete"


READER_ROLES = {Role.FOCAL_POINT, Role.VIEWER, Role.TRAINER}
PUBLIC_STATES = {S.APPROVED}


def _assignments(user) -> list[tuple[int, str, int | None]]:
    """(plan, role, organisation) triples of a user, read once per request object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_digicoop_roles", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=user).values_list(
                "plan_id", "role", "organisation_id"
            )
        )
        user._digicoop_roles = cached
    return cached


def has_plan_role(user, plan_id: int | None, *roles: str) -> bool:
    """Does ``user`` hold one of ``roles`` in the plan (``None``: in any plan)?"""
    return any(plan_id in (None, p) and r in roles for p, r, _o in _assignments(user))


def organisations(user, plan_id: int | None, *roles: str) -> set[int]:
    """Organisations for which ``user`` holds one of ``roles`` in the plan (``None``: any)."""
    return {o for p, r, o in _assignments(user) if plan_id in (None, p) and r in roles and o}


def is_secretariat(user, plan_id: int) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_plan_role(
        user, plan_id, Role.SECRETARIAT
    )


def can_create(user, plan_id: int, organisation_id: int | None) -> bool:
    """Records are created for an organisation one is focal point of (or by the secretariat)."""
    if is_secretariat(user, plan_id):
        return True
    return organisation_id in organisations(user, plan_id, Role.FOCAL_POINT)


def creatable_organisations(user, plan_id: int) -> set[int] | None:
    """Organisations the user may report for; None means any (the secretariat)."""
    if is_secretariat(user, plan_id):
        return None
    return organisations(user, plan_id, Role.FOCAL_POINT)


class WrongState(Exception):
    """The user could do this, but not to a record in its current workflow state."""


# The workflow states in which each action can happen at all (whoever asks).
STATES: dict[Action, set[str]] = {
    Action.EDIT: {S.DRAFT, S.RETURNED, S.SUBMITTED, S.APPROVED},
    Action.SUBMIT: {S.DRAFT, S.RETURNED},
    Action.APPROVE: {S.SUBMITTED},
    Action.RETURN: {S.SUBMITTED, S.APPROVED},
    Action.ARCHIVE: {S.APPROVED},
}
EDITABLE = {S.DRAFT, S.RETURNED}  # what a focal point may still change


def _role_allows(user, action: Action, activity) -> bool:
    plan, org, state = activity.plan_id, activity.reporting_org_id, activity.workflow_state
    if action == Action.CREATE:
        return can_create(user, plan, org)
    secretariat = is_secretariat(user, plan)
    reviewer = secretariat or has_plan_role(user, plan, Role.REVIEWER)
    focal = org in organisations(user, plan, Role.FOCAL_POINT)
    if action == Action.VIEW:
        return state in PUBLIC_STATES or reviewer or org in organisations(user, plan, *READER_ROLES)
    if action in (Action.EDIT, Action.SUBMIT):
        return secretariat or (focal and (state in EDITABLE or state not in STATES[action]))
    if action in (Action.APPROVE, Action.RETURN):
        return reviewer
    if action == Action.ARCHIVE:
        return secretariat
    if action == Action.DELETE:
        return secretariat or (focal and state == S.DRAFT)
    raise ValueError(action)  # pragma: no cover - Action() already refused it


def can(user, action: Action | str, activity) -> bool:
    """May ``user`` do ``action`` to ``activity`` now (in its current workflow state)?"""
    action = Action(action)
    allowed_states = STATES.get(action)
    if allowed_states is not None and activity.workflow_state not in allowed_states:
        return False
    return _role_allows(user, action, activity)


def authorise(user, action: Action | str, activity) -> None:
    """Raise unless ``user`` may do ``action`` to ``activity`` now.

    Http404 when the user may not even see the record (hiding a non-public record behind *not
    found* keeps drafts from leaking their existence), PermissionDenied when the role does not
    allow it, WrongState when the role would but the record's state does not.
    """
    action = Action(action)
    if action != Action.CREATE and not _role_allows(user, Action.VIEW, activity):
        raise Http404("No such activity.")
    if not _role_allows(user, action, activity):
        raise PermissionDenied(_refusal(user, action))
    if not can(user, action, activity):
        raise WrongState(
            f"An activity that is {activity.get_workflow_state_display().lower()} cannot be "
            f"{PAST[action]}."
        )


PAST = {
    Action.EDIT: "edited",
    Action.SUBMIT: "submitted",
    Action.APPROVE: "approved",
    Action.RETURN: "returned",
    Action.ARCHIVE: "archived",
    Action.DELETE: "deleted",
}


def _refusal(user, action: Action) -> str:
    if not getattr(user, "is_authenticated", False):
        return "Sign in to do this."
    return f"Your role does not allow you to {action.value} this activity."


def visible_activities(user, queryset: QuerySet) -> QuerySet:
    """Restrict ``queryset`` to what ``user`` may read, in one query (no per-row checks)."""
    if getattr(user, "is_superuser", False):
        return queryset
    condition = Q(workflow_state__in=PUBLIC_STATES)
    for plan_id, role, org_id in _assignments(user):
        if role in (Role.SECRETARIAT, Role.REVIEWER):
            condition |= Q(plan_id=plan_id)
        elif role in READER_ROLES and org_id:
            condition |= Q(plan_id=plan_id, reporting_org_id=org_id)
    return queryset.filter(condition)


def activity_view(action: Action | str, *, lookup: str = "pk") -> Callable:
    """View decorator: load the activity named in the URL and authorise ``action`` on it.

    The view receives the activity instead of its primary key. Anonymous users asking for a
    write are sent to sign in rather than shown a refusal.
    """

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            activity = get_object_or_404(
                Activity.objects.select_related("plan", "reporting_org", "kind"),
                pk=kwargs.pop(lookup),
            )
            if (
                Action(action) != Action.VIEW
                and not request.user.is_authenticated
                and activity.workflow_state in PUBLIC_STATES
            ):
                return redirect_to_login(request.get_full_path())
            try:
                authorise(request.user, action, activity)
            except WrongState as exc:
                # Allowed for the role, not in this state (editing an archived activity):
                # say so, as the API does with 409, instead of failing with a server error.
                context = {"reason": str(exc), "activity": activity}
                return render(request, "409.html", context, status=409)
            return view(request, activity, *args, **kwargs)

        return wrapper

    return decorate
