"""Who may bring data in through the upload pages."""

from __future__ import annotations

from accounts.models import Role, RoleAssignment


def can_import(user, plan=None) -> bool:
    """Imports write many records at once, so only the plan secretariat may run them.

    A superuser counts as the secretariat of every plan, as everywhere else
    (``accounts.permissions.is_secretariat``): the administrator ``make run`` creates can
    load a partner's IATI file on a fresh installation.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    holders = RoleAssignment.objects.filter(user=user, role=Role.SECRETARIAT)
    if plan is not None:
        holders = holders.filter(plan=plan)
    return holders.exists()
