"""A user's roles, read once per request: the plan-scoped facts every app's rules build on.

Roles are held per plan (``RoleAssignment``): secretariat and reviewer plan-wide, focal point,
trainer and viewer for one organisation. A role in plan B says nothing about plan A, so every
question here names the plan. The rules themselves live in each app's ``permissions.py``
(``activities.permissions``, ``talent.permissions``, …); this module imports nothing from the
apps above ``accounts``.
"""

from __future__ import annotations

from django.db.models import Q

from accounts.models import Role, RoleAssignment


def assignments(user) -> list[tuple[int, str, int | None]]:
    """(plan, role, organisation) triples of a user, read once per request object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_digicoop_roles", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=user).values_list(
                "plan_id", "role", "organisation_id"
            )
        )
        user._digicoop_roles = cached
    return cached


def has_plan_role(user, plan_id: int | None, *roles: str) -> bool:
    """Does ``user`` hold one of ``roles`` in the plan (``None``: in any plan)?"""
    return any(plan_id in (None, p) and r in roles for p, r, _o in assignments(user))


def plans_with_role(user, *roles: str) -> set[int]:
    """The plans in which ``user`` holds one of ``roles``."""
    return {p for p, r, _o in assignments(user) if r in roles}


def organisations(user, plan_id: int | None, *roles: str) -> set[int]:
    """Organisations for which ``user`` holds one of ``roles`` in the plan (``None``: any)."""
    return {o for p, r, o in assignments(user) if plan_id in (None, p) and r in roles and o}


def is_secretariat(user, plan_id: int | None) -> bool:
    """Secretariat of the plan (``None``: of any plan); a superuser is secretariat everywhere."""
    return bool(getattr(user, "is_superuser", False)) or has_plan_role(
        user, plan_id, Role.SECRETARIAT
    )


def audit_events(user, queryset):
    """The audit events ``user`` may browse: a superuser all of them; the secretariat of a plan
    the events of its plans and the sign-ins of people holding a role in them; others none."""
    if getattr(user, "is_superuser", False):
        return queryset
    plans = {p for p, r, _o in assignments(user) if r == Role.SECRETARIAT}
    if not plans:
        return queryset.none()
    members = RoleAssignment.objects.filter(plan__in=plans).values("user_id")
    return queryset.filter(Q(plan__in=plans) | Q(plan__isnull=True, actor__in=members))
