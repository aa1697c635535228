"""Who may do what to an activity: the one place these rules live.

Pages (``activity_view``), the API (``api.auth.load_activity``) and the domain functions
(``authorise``) all ask the same ``can(user, action, activity)`` so a rule cannot differ between
the web and the API. Roles come from ``accounts.permissions`` and are scoped to the activity's
plan: a role in another plan gives nothing here.

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

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from accounts.permissions import assignments, has_plan_role, is_secretariat, organisations
from activities.codes import WorkflowState as S
from activities.models import Activity
from activities.states import EDITABLE, PUBLIC_STATES, STATES, Action, check_state, state_allows

READER_ROLES = {Role.FOCAL_POINT, Role.VIEWER, Role.TRAINER}


class NotVisible(Exception):
    """The user may not even see this record: callers answer *not found*, never *forbidden*,
    so a draft's existence does not leak."""


def can_read_internal(user, activity) -> bool:
    """May ``user`` read the record's internal side (history with names and review comments)?
    Its plan's reviewers and secretariat and its organisation's own people."""
    plan, org = activity.plan_id, activity.reporting_org_id
    return (
        is_secretariat(user, plan)
        or has_plan_role(user, plan, Role.REVIEWER)
        or org in organisations(user, plan, *READER_ROLES)
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


# History entries that are reviews of a record, not authorship of it.
REVIEW_ACTIONS = {Action.APPROVE, Action.RETURN, Action.ARCHIVE}


def authored(user, activity) -> bool:
    """Did ``user`` create, edit or submit ``activity`` (any history entry but a review)?"""
    if not getattr(user, "is_authenticated", False) or activity.pk is None:
        return False
    if activity.created_by_id == user.pk:
        return True
    return activity.changes.filter(user=user).exclude(action__in=REVIEW_ACTIONS).exists()


def approves_own_work(user, activity) -> bool:
    """Separation of duties: an approval by an author of the record. The plan may let its
    secretariat override (``Plan.secretariat_may_override_separation``); the move is then
    allowed and recorded as an override (activities.workflow)."""
    return authored(user, activity)


def _separation_allows(user, action: Action, activity) -> bool:
    if action != Action.APPROVE or not approves_own_work(user, activity):
        return True
    return activity.plan.secretariat_may_override_separation and is_secretariat(
        user, activity.plan_id
    )


def can(user, action: Action | str, activity) -> bool:
    """May ``user`` do ``action`` to ``activity`` now (in its current workflow state)?"""
    action = Action(action)
    return (
        state_allows(action, activity.workflow_state)
        and _role_allows(user, action, activity)
        and _separation_allows(user, action, activity)
    )


def authorise(user, action: Action | str, activity) -> None:
    """Raise unless ``user`` may do ``action`` to ``activity`` now.

    NotVisible when the user may not even see the record (hiding a non-public record behind
    *not found* keeps drafts from leaking their existence), PermissionDenied when the role does
    not allow it, WrongState when the role would but the record's state does not.
    """
    action = Action(action)
    if action != Action.CREATE and not _role_allows(user, Action.VIEW, activity):
        raise NotVisible(_("No such activity."))
    if not _role_allows(user, action, activity):
        raise PermissionDenied(_refusal(user, action))
    check_state(action, activity)
    if not _separation_allows(user, action, activity):
        raise PermissionDenied(
            _(
                "You created, edited or submitted this activity, so someone else must approve "
                "it (separation of duties)."
            )
        )


# One whole sentence per action: a verb slotted into one sentence cannot be translated (its
# form depends on the sentence in most languages).
_REFUSALS = {
    Action.VIEW: gettext_lazy("Your role does not allow you to view this activity."),
    Action.CREATE: gettext_lazy("Your role does not allow you to create this activity."),
    Action.EDIT: gettext_lazy("Your role does not allow you to edit this activity."),
    Action.SUBMIT: gettext_lazy("Your role does not allow you to submit this activity."),
    Action.APPROVE: gettext_lazy("Your role does not allow you to approve this activity."),
    Action.RETURN: gettext_lazy("Your role does not allow you to return this activity."),
    Action.ARCHIVE: gettext_lazy("Your role does not allow you to archive this activity."),
    Action.DELETE: gettext_lazy("Your role does not allow you to delete this activity."),
}


def _refusal(user, action: Action) -> str:
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to do this.")
    return str(_REFUSALS[action])


def visible_activities(user, queryset: QuerySet) -> QuerySet:
    """Restrict ``queryset`` to what ``user`` may read, in one query (no per-row checks)."""
    if getattr(user, "is_superuser", False):
        return queryset
    condition = Q(workflow_state__in=PUBLIC_STATES)
    for plan_id, role, org_id in assignments(user):
        if role in (Role.SECRETARIAT, Role.REVIEWER):
            condition |= Q(plan_id=plan_id)
        elif role in READER_ROLES and org_id:
            condition |= Q(plan_id=plan_id, reporting_org_id=org_id)
    return queryset.filter(condition)


def _fetch(pk) -> Activity:
    activity = Activity.objects.select_related("plan", "reporting_org", "kind").filter(pk=pk)
    found = activity.first()
    if found is None:
        raise NotVisible(_("No such activity."))
    return found


def load_activity(user, pk: int, action: Action | str) -> Activity:
    """The activity ``pk`` if ``user`` may do ``action`` to it now: fetch and authorise at once.

    Raises NotVisible (missing, or not to be seen), PermissionDenied or WrongState.
    """
    activity = _fetch(pk)
    authorise(user, action, activity)
    return activity


def activity_view(action: Action | str, *, lookup: str = "pk") -> Callable:
    """View decorator: load the activity named in the URL and authorise ``action`` on it.

    The view receives the activity instead of its primary key. Anonymous users asking for a
    write are sent to sign in rather than shown a refusal. A refusal for the record's state
    (WrongState) and a record one may not see (NotVisible) are answered by
    ``activities.middleware`` (409 with the reason, 404).
    """

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            activity = _fetch(kwargs.pop(lookup))
            if (
                Action(action) != Action.VIEW
                and not request.user.is_authenticated
                and activity.workflow_state in PUBLIC_STATES
            ):
                return redirect_to_login(request.get_full_path())
            authorise(request.user, action, activity)
            return view(request, activity, *args, **kwargs)

        return wrapper

    return decorate
