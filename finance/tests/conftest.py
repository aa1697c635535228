"""Fixtures of the finance pages' tests."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import Role, RoleAssignment, User
from plans.models import Plan


@pytest.fixture
def world(personas):
    """Plan A (the built-in one, with the personas) and a plan B whose secretariat and Kenyan
    focal point hold no role in plan A."""
    p = personas
    plan_b = Plan.objects.create(
        slug="plan-b-test",
        title="Plan B (test)",
        adopted_on=dt.date(2025, 1, 1),
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2028, 1, 1),
    )
    for username, role, org in [
        ("plan_b_secretariat", Role.SECRETARIAT, None),
        ("plan_b_kenyan_focal_point", Role.FOCAL_POINT, p.kenyan_ministry),
    ]:
        user = User.objects.create_user(username, f"{username}@example.org")
        RoleAssignment.objects.create(user=user, plan=plan_b, role=role, organisation=org)
    return p
