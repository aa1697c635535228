"""Who may tag an activity with SDG and Agenda 2063 goals."""

from __future__ import annotations

from accounts.models import Role
from accounts.permissions import is_secretariat, organisations
from activities.models import Activity


def can_tag(user, activity: Activity) -> bool:
    """Secretariat of the activity's plan, or a focal point of its reporting organisation.

    Allowed in any workflow state: tags say which goals a record serves, not what it reports.
    """
    return is_secretariat(user, activity.plan_id) or activity.reporting_org_id in organisations(
        user, activity.plan_id, Role.FOCAL_POINT
    )
