"""Named personas for tests, so permission tests read as plain claims.

``personas()`` builds them once per test; ``PersonaTestCase`` exposes them as attributes for
Django-style test classes, and the ``personas`` pytest fixture (conftest.py) for pytest ones.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from functools import cache

from django.contrib.auth.hashers import make_password
from django.test import TestCase

from accounts.models import Role, RoleAssignment, User
from participants.models import Country, Membership, MembershipStatus, Organisation
from plans.models import Plan

BUILTIN_PLAN = "china-africa-digital-2024"


@dataclass
class Personas:
    plan: Plan
    kenyan_ministry: Organisation
    chinese_company: Organisation
    secretariat: User  # a secretariat officer of the plan
    reviewer: User
    kenyan_focal_point: User  # focal point of the Kenyan ministry
    chinese_focal_point: User  # focal point of the Chinese company
    kenyan_viewer: User
    kenyan_trainer: User
    outsider: User  # signed in, holds no role


PASSWORD = "correct horse 9!"  # noqa: S105 - the personas' shared test password


@cache
def _password_hash() -> str:
    # Argon2 is slow on purpose; hashing the one test password once keeps persona set-up fast.
    return make_password(PASSWORD)


def _user(username: str) -> User:
    return User.objects.create(
        username=username, email=f"{username}@example.org", password=_password_hash()
    )


def _member(plan: Plan, name: str, country: str, type_: str) -> Organisation:
    org = Organisation.objects.create(
        name=name, type=type_, country=Country.objects.get(code=country)
    )
    Membership.objects.create(
        plan=plan,
        organisation=org,
        status=MembershipStatus.APPROVED,
        applied_on=dt.date(2024, 8, 1),
        decided_on=dt.date(2024, 8, 15),
    )
    return org


def personas() -> Personas:
    plan = Plan.objects.get(slug=BUILTIN_PLAN)
    kenya = _member(plan, "Ministry of ICT and Digital Economy (test)", "KE", "government")
    china = _member(plan, "Huaxin Networks Co. (test)", "CN", "business")
    people = {
        "secretariat": (Role.SECRETARIAT, None),
        "reviewer": (Role.REVIEWER, None),
        "kenyan_focal_point": (Role.FOCAL_POINT, kenya),
        "chinese_focal_point": (Role.FOCAL_POINT, china),
        "kenyan_viewer": (Role.VIEWER, kenya),
        "kenyan_trainer": (Role.TRAINER, kenya),
    }
    users = {}
    for name, (role, org) in people.items():
        users[name] = _user(name)
        RoleAssignment.objects.create(user=users[name], plan=plan, role=role, organisation=org)
    return Personas(
        plan=plan, kenyan_ministry=kenya, chinese_company=china, outsider=_user("outsider"), **users
    )


class PersonaTestCase(TestCase):
    """Base test case: ``self.p.secretariat``, ``self.p.kenyan_focal_point``, …"""

    p: Personas

    @classmethod
    def setUpTestData(cls) -> None:
        cls.p = personas()


def make_activity(
    p: Personas,
    organisation: Organisation | None = None,
    *,
    state: str = "draft",
    identifier: str | None = None,
    **fields,
):
    """A minimal valid activity of ``organisation`` (the Kenyan ministry) in ``state``."""
    from activities.models import Activity

    org = organisation or p.kenyan_ministry
    kind = p.plan.activity_kinds.get(code=fields.pop("kind", "training"))
    activity = Activity.objects.create(
        plan=p.plan,
        reporting_org=org,
        iati_identifier=identifier or f"XM-TEST-{Activity.objects.count() + 1:05d}",
        title={"en": fields.pop("title", "Digital skills bootcamp")},
        kind=kind,
        workflow_state=state,
        **fields,
    )
    activity.pillars.add(kind.pillar)
    return activity


def ensure_reference_data() -> None:
    """Reload the countries and the built-in plan if a transactional test flushed them.

    Transactional (browser) tests end with a flush that also empties the data migrations'
    rows. ``serialized_rollback`` cannot restore them once Playwright's sync API has started:
    its event loop gives the test another async context, so Django's per-context connection no
    longer carries the serialized copy. Re-running the data migrations' loaders is reliable.
    """
    from django.apps import apps

    loaders = [
        (Country, "participants.migrations.0002_load_iso_countries_and_au_members"),
        (Plan, "plans.migrations.0002_load_china_africa_action_plan"),
    ]
    for model, module in loaders:
        if not model.objects.exists():
            importlib.import_module(module).load(apps, None)
            if model is Plan:
                importlib.import_module("plans.migrations.0004_translate_builtin_plan").load(
                    apps, None
                )
