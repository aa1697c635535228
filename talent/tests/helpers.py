"""Builders shared by the talent tests."""

from __future__ import annotations

import datetime as dt
import itertools

from activities.codes import ActivityStatus, WorkflowState
from activities.models import Activity
from plans.models import KindCategory
from talent.enrolment import enrol, parse_row
from talent.models import Programme

_serial = itertools.count(1)
TODAY = dt.date(2026, 6, 1)


def make_programme(
    plan, *providers, category: str = KindCategory.TRAINING_PROGRAMME, approved: bool = True
) -> Programme:
    kind = plan.activity_kinds.filter(category=category).first()
    n = next(_serial)
    activity = Activity.objects.create(
        plan=plan,
        iati_identifier=f"XI-TEST-T{n:04d}",
        reporting_org=providers[0],
        title={"en": f"Test programme {n}"},
        kind=kind,
        status=ActivityStatus.IMPLEMENTATION,
        actual_start=dt.date(2025, 1, 1),
        workflow_state=WorkflowState.APPROVED if approved else WorkflowState.DRAFT,
    )
    activity.pillars.set([kind.pillar])
    programme = Programme.objects.create(activity=activity, hours=40, skills=["cloud"])
    programme.providers.set(providers)
    return programme


def row(**overrides) -> dict:
    """A valid sheet row of an adult trainee who completed in the plan period."""
    values = {
        "name": "Amina Wanjiru",
        "email": "amina.wanjiru@example.org",
        "phone": "+254 700 000 001",
        "id_number": "",
        "id_country": "",
        "sex": "female",
        "birth_year": "1998",
        "country": "KE",
        "affiliation": "Nairobi Polytechnic",
        "enrolled_on": "2025-03-01",
        "status": "completed",
        "completed_on": "2025-05-30",
        "consent_given": "yes",
        "consent_on": "2025-03-01",
    }
    values.update({k: str(v) for k, v in overrides.items()})
    return values


def enrol_row(programme, provider, **overrides):
    data, errors = parse_row(row(**overrides), today=TODAY)
    assert not errors, errors
    return enrol(programme, provider, data)
