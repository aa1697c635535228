"""What an activity's history shows to whom.

Members with the right role (the plan's reviewers and secretariat, and the reporting
organisation's own people) see every entry: who, what, the reviewers' comments. Everyone else
sees public facts only: one entry per approval, with what changed in the public record since
the approval before it. Drafts' wording that never reached an approved version, internal
return comments and staff user names stay inside.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from activities.models import Activity
from activities.permissions import can_read_internal
from activities.states import Action

# Fields of the record that say where it is in review, not what it reports.
INTERNAL_FIELDS = {"workflow_state"}


@dataclass
class Entry:
    at: dt.datetime
    action: str
    version: int
    user: Any = None
    comment: str = ""
    changes: list[dict[str, Any]] = field(default_factory=list)


def history_for(user, activity: Activity) -> list[Entry]:
    """The entries ``user`` may read, newest first."""
    changes = list(activity.changes.select_related("user"))
    if can_read_internal(user, activity):
        return [Entry(c.at, c.action, c.version, c.user, c.comment, c.changes) for c in changes]
    return public_entries(changes)


def public_entries(changes) -> list[Entry]:
    """One entry per approval: the public fields that differ from the previous approval."""
    published: list[Entry] = []
    pending: dict[str, list[Any]] = {}  # field → [value at the last approval, latest value]
    for change in sorted(changes, key=lambda c: (c.at, c.pk)):
        for d in change.changes:
            if d["field"] in INTERNAL_FIELDS:
                continue
            pending.setdefault(d["field"], [d["before"], d["after"]])[1] = d["after"]
        if change.action == Action.APPROVE:
            shown = [
                {"field": name, "before": old, "after": new}
                for name, (old, new) in sorted(pending.items())
                if old != new
            ]
            published.append(Entry(change.at, change.action, change.version, changes=shown))
            pending = {}
    return list(reversed(published))
