"""Who may bring data in through the upload pages."""

from __future__ import annotations

from accounts.models import Role
from accounts.permissions import has_plan_role, is_secretariat


def can_import(user, plan=None) -> bool:
    """Imports write many records at once, so only the plan secretariat may run them.

    Without a plan: the secretariat of any plan (to offer the pages at all). A superuser
    counts as the secretariat of every plan, as ``accounts.permissions.is_secretariat`` says.
    """
    if plan is not None:
        return is_secretariat(user, plan.pk)
    return bool(getattr(user, "is_superuser", False)) or has_plan_role(user, None, Role.SECRETARIAT)
