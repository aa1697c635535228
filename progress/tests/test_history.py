"""A target's month-by-month history: a known series of records gives known monthly values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from progress.history import month_starts, target_history
from progress.tests.test_target_progress import make

pytestmark = pytest.mark.django_db


def test_each_month_shows_the_projects_counted_by_its_end_against_a_linear_path(personas):
    plan = personas.plan  # 29 July 2024 → 29 July 2027, ten projects
    for start in (dt.date(2024, 8, 5), dt.date(2024, 8, 20), dt.date(2024, 10, 1)):
        make(personas, "demonstration", actual_start=start)
    make(personas, "demonstration", actual_start=dt.date(2024, 9, 3), workflow_state="draft")
    make(personas, "cloud", actual_start=dt.date(2024, 9, 3))  # not a demonstration project
    target = plan.targets.get(code="demonstration-projects")

    points = target_history(target, today=dt.date(2024, 11, 15))

    assert [p.month for p in points] == [
        dt.date(2024, 7, 1),
        dt.date(2024, 8, 1),
        dt.date(2024, 9, 1),
        dt.date(2024, 10, 1),
        dt.date(2024, 11, 1),
    ]
    assert [p.value for p in points] == [0, 2, 2, 3, 3]
    # Linear expectation at each month's end: 10 × elapsed days / 1095 days.
    assert points[0].expected == Decimal("0.0")  # 29 → 31 July: 2 days
    assert points[1].expected == Decimal("0.3")  # 33 days → 0.30
    assert points[3].expected == Decimal("0.9")  # 94 days → 0.86 → 0.9


def test_talents_count_from_their_first_completion_once(personas):
    from talent.tests.helpers import enrol_row, make_programme

    plan = personas.plan
    target = plan.targets.get(code="digital-talents")
    org = personas.kenyan_ministry
    first, second = make_programme(plan, org), make_programme(plan, org)
    enrol_row(
        first, org, email="a@example.org", enrolled_on="2024-08-01", completed_on="2024-09-10"
    )
    # The same person again, trained by another programme: counted once, from September.
    enrol_row(
        second, org, email="a@example.org", enrolled_on="2024-08-01", completed_on="2024-12-01"
    )
    enrol_row(
        first,
        org,
        email="b@example.org",
        name="Baraka Otieno",
        enrolled_on="2024-08-01",
        completed_on="2024-12-05",
    )

    points = target_history(target, today=dt.date(2025, 1, 20))

    by_month = {p.month: p.value for p in points}
    assert by_month[dt.date(2024, 8, 1)] == 0
    assert by_month[dt.date(2024, 9, 1)] == 1
    assert by_month[dt.date(2024, 12, 1)] == 2
    assert by_month[dt.date(2025, 1, 1)] == 2


def test_a_milestone_has_no_line(personas):
    target = personas.plan.targets.get(code="security-lab")
    assert target_history(target, today=dt.date(2025, 1, 1)) == []


def test_months_run_from_the_first_to_the_last_month_inclusive():
    assert month_starts(dt.date(2024, 11, 30), dt.date(2025, 2, 1)) == [
        dt.date(2024, 11, 1),
        dt.date(2024, 12, 1),
        dt.date(2025, 1, 1),
        dt.date(2025, 2, 1),
    ]
