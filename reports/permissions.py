"""Who may ask for a report, and who may read them.

A report holds only what the public portal shows: approved records, the talent figures with
small cells suppressed, no person's name or contact. So every report produced may be listed and
read by anyone, as the portal's pages are. Making one costs the server tens of seconds, so
asking for one is kept to the people who publish them: the plan's secretariat and reviewers
(and superusers).
"""

from __future__ import annotations

from accounts.models import Role
from accounts.permissions import has_plan_role
from plans.models import Plan


def may_request(user, plan: Plan | None) -> bool:
    if plan is None or not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return has_plan_role(user, plan.pk, Role.SECRETARIAT, Role.REVIEWER)
