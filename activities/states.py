"""The review workflow, defined once: which moves exist, where each starts and where it ends.

draft → submitted → approved → archived; submitted or approved → returned → submitted again.
Everything else is derived from ``MOVES``: the states an action can happen in at all, what a
focal point may still change, which states are public. The permission rules
(``activities.permissions``) and the executor (``activities.workflow``) both read this table, so
a rule cannot differ between "may I see the button" and "may I make the move".

This module is pure (no database, no users): a state machine one can read in one screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from activities.codes import WorkflowState as S


class Action(StrEnum):
    """What someone may ask to do to an activity."""

    VIEW = "view"
    CREATE = "create"
    EDIT = "edit"
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    ARCHIVE = "archive"
    DELETE = "delete"


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    target: str


MOVES: dict[Action, Move] = {
    Action.SUBMIT: Move(frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED),
    Action.APPROVE: Move(frozenset({S.SUBMITTED}), S.APPROVED),
    Action.RETURN: Move(frozenset({S.SUBMITTED, S.APPROVED}), S.RETURNED),
    Action.ARCHIVE: Move(frozenset({S.APPROVED}), S.ARCHIVED),
}

# A state no move leaves (archived) is final: its record can no longer be edited.
LIVE_STATES: frozenset[str] = frozenset(s for move in MOVES.values() for s in move.sources)
# What its focal point may still change: the states a record is submitted from.
EDITABLE: frozenset[str] = MOVES[Action.SUBMIT].sources
# Approval is what makes a record public (and count).
PUBLIC_STATES: frozenset[str] = frozenset({MOVES[Action.APPROVE].target})

# The states in which each action can happen at all, whoever asks. View, create and delete
# are not limited by the state.
STATES: dict[Action, frozenset[str]] = {
    Action.EDIT: LIVE_STATES,
    **{action: move.sources for action, move in MOVES.items()},
}

# Why an action is refused in a state: one whole sentence per case, so that each language can
# make its words agree (a state's name slotted into a shared sentence would not agree in gender
# and number in French, Portuguese or Arabic). Every refused (action, state) pair has its
# sentence (activities/tests/test_states.py).
REFUSALS: dict[tuple[Action, str], Promise] = {
    (Action.EDIT, S.ARCHIVED): _("This activity is archived: it can no longer be edited."),
    (Action.SUBMIT, S.SUBMITTED): _(
        "This activity has already been submitted: it is waiting for review."
    ),
    (Action.SUBMIT, S.APPROVED): _("This activity is already approved: it cannot be submitted."),
    (Action.SUBMIT, S.ARCHIVED): _("This activity is archived: it can no longer be submitted."),
    (Action.APPROVE, S.DRAFT): _(
        "This activity is still a draft: it must be submitted before it can be approved."
    ),
    (Action.APPROVE, S.APPROVED): _("This activity is already approved."),
    (Action.APPROVE, S.RETURNED): _(
        "This activity was returned for correction: it must be submitted again before it can "
        "be approved."
    ),
    (Action.APPROVE, S.ARCHIVED): _("This activity is archived: it can no longer be approved."),
    (Action.RETURN, S.DRAFT): _(
        "This activity is still a draft: it has not been submitted, so it cannot be returned."
    ),
    (Action.RETURN, S.RETURNED): _("This activity has already been returned for correction."),
    (Action.RETURN, S.ARCHIVED): _("This activity is archived: it can no longer be returned."),
    (Action.ARCHIVE, S.DRAFT): _(
        "This activity is still a draft: only an approved activity can be archived."
    ),
    (Action.ARCHIVE, S.SUBMITTED): _(
        "This activity is waiting for review: only an approved activity can be archived."
    ),
    (Action.ARCHIVE, S.RETURNED): _(
        "This activity was returned for correction: only an approved activity can be archived."
    ),
    (Action.ARCHIVE, S.ARCHIVED): _("This activity is already archived."),
}


class WrongState(Exception):
    """The action is not possible on a record in its current workflow state.

    Raised both when the role would allow it but the state does not (editing an archived
    record) and when someone else moved the record first. Carries the record, so the page
    that answers it can link back.
    """

    def __init__(self, message: str, activity=None) -> None:
        super().__init__(message)
        self.activity = activity


def state_allows(action: Action | str, state: str) -> bool:
    allowed = STATES.get(Action(action))
    return allowed is None or state in allowed


def check_state(action: Action | str, activity) -> None:
    """Raise ``WrongState`` naming the state unless ``action`` can happen to ``activity`` now."""
    action = Action(action)
    if not state_allows(action, activity.workflow_state):
        raise WrongState(str(REFUSALS[action, activity.workflow_state]), activity)
