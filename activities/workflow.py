"""Making the review workflow's moves (the moves themselves are defined in activities.states).

A returned record goes back to its focal point, who corrects and submits it again. Only approved
records count toward targets and are public, so each move is authorised, checked against the
current state under a row lock, raises the version and is recorded in the history with the
reviewer's comment.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import AuditKind
from activities import history, signals
from activities.models import Activity
from activities.permissions import approves_own_work, authorise
from activities.services import _claim_version
from activities.states import MOVES, Action


def _ready_to_submit(activity: Activity) -> None:
    """A record must be classified before review: unclassified ones can never count."""
    errors = {}
    if not activity.kind_id:
        errors["kind"] = [_("Choose the kind of activity before submitting it.")]
    if not activity.pillars.exists():
        errors["pillars"] = [_("Choose at least one pillar before submitting it.")]
    if errors:
        raise ValidationError(errors)


def transition(
    activity: Activity, action: Action | str, by, *, comment: str = "", version: int | None = None
) -> Activity:
    """Move ``activity`` by ``action`` on behalf of ``by``; returns the fresh record."""
    action = Action(action)
    if action not in MOVES:
        raise ValueError(f"{action} is not a workflow move")
    authorise(by, action, activity)
    with transaction.atomic():
        # Checked again on the locked row: someone else may have moved it first (WrongState).
        fresh = _claim_version(activity, version)
        authorise(by, action, fresh)
        if action == Action.SUBMIT:
            _ready_to_submit(fresh)
        if action == Action.RETURN and not comment.strip():
            raise ValidationError({"comment": [_("Say what needs correcting.")]})
        if action == Action.APPROVE and approves_own_work(by, fresh):
            # Only reachable where the plan lets its secretariat override (authorise above).
            note = _(
                "Approved by the secretariat over separation of duties (approver is an author)."
            )
            comment = f"{note} {comment}".strip()
        before = history.snapshot(fresh)
        fresh.workflow_state = MOVES[action].target
        fresh.save(update_fields=["workflow_state", "updated_at"])
        history.record(fresh, by, action.value, before, comment=comment)
        audit.record(
            AuditKind.WORKFLOW,
            actor=by,
            plan=fresh.plan,
            target=f"activity {fresh.iati_identifier}",
            move=action.value,
            version=fresh.version,
        )
        signals.workflow_moved.send(
            sender=Activity, activity=fresh, action=action.value, by=by, comment=comment
        )
    return fresh


def submit(activity: Activity, by, **kw) -> Activity:
    return transition(activity, Action.SUBMIT, by, **kw)


def approve(activity: Activity, by, **kw) -> Activity:
    return transition(activity, Action.APPROVE, by, **kw)


def return_for_correction(activity: Activity, by, **kw) -> Activity:
    return transition(activity, Action.RETURN, by, **kw)


def archive(activity: Activity, by, **kw) -> Activity:
    return transition(activity, Action.ARCHIVE, by, **kw)
