"""Review workflow: draft → submitted → approved → archived; submitted/approved → returned.

A returned record goes back to its focal point, who corrects and submits it again. Only approved
records count toward targets and are public, so each move is authorised, checked against the
current state under a row lock, raises the version and is recorded in the history with the
reviewer's comment.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.permissions import Action, WrongState, authorise
from activities import history
from activities.codes import WorkflowState as S
from activities.models import Activity
from activities.services import _claim_version

TRANSITIONS: dict[Action, tuple[set[str], str]] = {
    Action.SUBMIT: ({S.DRAFT, S.RETURNED}, S.SUBMITTED),
    Action.APPROVE: ({S.SUBMITTED}, S.APPROVED),
    Action.RETURN: ({S.SUBMITTED, S.APPROVED}, S.RETURNED),
    Action.ARCHIVE: ({S.APPROVED}, S.ARCHIVED),
}


class InvalidTransition(WrongState):
    """The record is not in a state this move starts from (someone else moved it first)."""


def _ready_to_submit(activity: Activity) -> None:
    """A record must be classified before review: unclassified ones can never count."""
    errors = {}
    if not activity.kind_id:
        errors["kind"] = ["Choose the kind of activity before submitting it."]
    if not activity.pillars.exists():
        errors["pillars"] = ["Choose at least one pillar before submitting it."]
    if errors:
        raise ValidationError(errors)


def transition(
    activity: Activity, action: Action | str, by, *, comment: str = "", version: int | None = None
) -> Activity:
    """Move ``activity`` by ``action`` on behalf of ``by``; returns the fresh record."""
    action = Action(action)
    if action not in TRANSITIONS:
        raise ValueError(f"{action} is not a workflow move")
    sources, target = TRANSITIONS[action]
    authorise(by, action, activity)
    with transaction.atomic():
        fresh = _claim_version(activity, version)
        if fresh.workflow_state not in sources:
            raise InvalidTransition(
                f"An activity that is {fresh.get_workflow_state_display().lower()} cannot be "
                f"moved by {action.value}."
            )
        authorise(by, action, fresh)
        if action == Action.SUBMIT:
            _ready_to_submit(fresh)
        if action == Action.RETURN and not comment.strip():
            raise ValidationError({"comment": ["Say what needs correcting."]})
        before = history.snapshot(fresh)
        fresh.workflow_state = target
        fresh.save(update_fields=["workflow_state", "updated_at"])
        history.record(fresh, by, action.value, before, comment=comment)
    return fresh


def submit(activity: Activity, by, **kw) -> Activity:
    return transition(activity, Action.SUBMIT, by, **kw)


def approve(activity: Activity, by, **kw) -> Activity:
    return transition(activity, Action.APPROVE, by, **kw)


def return_for_correction(activity: Activity, by, **kw) -> Activity:
    return transition(activity, Action.RETURN, by, **kw)


def archive(activity: Activity, by, **kw) -> Activity:
    return transition(activity, Action.ARCHIVE, by, **kw)
