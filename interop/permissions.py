"""Who may bring data in through the upload pages."""

from __future__ import annotations

from accounts.models import Role, RoleAssignment


def can_import(user, plan=None) -> bool:
    """Imports write many records at once, so only the plan secretariat may run them."""
    if not getattr(user, "is_authenticated", False):
        return False
    holders = RoleAssignment.objects.filter(user=user, role=Role.SECRETARIAT)
    if plan is not None:
        holders = holders.filter(plan=plan)
    return holders.exists()
