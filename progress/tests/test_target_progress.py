"""Only approved records of the plan count, by the rules in DESIGN.md."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from activities import models as m
from plans.models import MilestoneEvent
from progress.services import elapsed_share, plan_overview, target_progress

pytestmark = pytest.mark.django_db
_seq = iter(range(1, 10_000))


def make(personas, kind: str, **fields) -> m.Activity:
    defaults = {
        "plan": personas.plan,
        "iati_identifier": f"XI-TEST-{next(_seq):04d}",
        "reporting_org": personas.kenyan_ministry,
        "title": {"en": kind},
        "kind": personas.plan.activity_kinds.get(code=kind),
        "status": 2,
        "actual_start": dt.date(2025, 3, 1),
        "workflow_state": "approved",
    }
    return m.Activity.objects.create(**{**defaults, **fields})


def value_of(plan, code: str) -> Decimal:
    return target_progress(plan.targets.get(code=code)).value


def test_demonstration_projects_count_only_approved_ones_under_way_in_the_period(personas):
    plan = personas.plan
    make(personas, "demonstration")
    make(personas, "demonstration", status=3)
    make(personas, "demonstration", status=4, actual_end=dt.date(2026, 1, 1))
    make(personas, "demonstration", workflow_state="submitted")  # not approved yet
    make(personas, "demonstration", status=1, actual_start=None)  # pipeline
    make(personas, "demonstration", status=5)  # cancelled
    make(personas, "demonstration", actual_start=dt.date(2023, 1, 1))  # before the plan
    make(personas, "cloud")  # another kind
    assert value_of(plan, "demonstration-projects") == 3


def test_ai_centres_count_approved_centres_tagged_ai_in_implementation_or_later(personas):
    plan = personas.plan
    ai = plan.technologies.get(code="ai")
    make(personas, "ai-centre").technologies.add(ai)
    make(personas, "ai-centre", status=1, actual_start=None).technologies.add(ai)
    make(personas, "ai-centre")  # not tagged AI
    make(personas, "ai-centre", workflow_state="draft").technologies.add(ai)
    assert value_of(plan, "ai-centres") == 1


def test_the_security_lab_shows_the_latest_stage_backed_by_an_approved_record(personas):
    plan = personas.plan
    target = plan.targets.get(code="security-lab")
    assert target_progress(target).display_value == "Not started"
    lab = make(personas, "security-lab")
    MilestoneEvent.objects.create(
        target=target, stage="explored", reached_on=dt.date(2025, 1, 1), evidence=lab
    )
    draft = make(personas, "security-lab", workflow_state="draft")
    MilestoneEvent.objects.create(
        target=target, stage="agreed", reached_on=dt.date(2025, 6, 1), evidence=draft
    )
    assert target_progress(target).display_value == "Explored"


def test_progress_is_judged_against_a_linear_path_over_the_period(personas):
    plan = personas.plan
    for _ in range(5):
        make(personas, "demonstration")
    target = plan.targets.get(code="demonstration-projects")
    # 29 July 2024 → 29 July 2027 is 1095 days; a year in, 365 of them have elapsed.
    early = target_progress(target, today=dt.date(2025, 7, 29))
    assert early.percent == Decimal("50.0")
    assert early.expected_percent == Decimal("33.3")
    assert early.on_track is True
    late = target_progress(target, today=dt.date(2027, 1, 29))
    assert late.expected_percent == Decimal("83.5")  # 914 of 1095 days
    assert late.on_track is False


def test_elapsed_share_is_clamped_to_the_period():
    start, end = dt.date(2024, 1, 1), dt.date(2025, 1, 1)
    assert elapsed_share(start, end, dt.date(2023, 1, 1)) == 0
    assert elapsed_share(start, end, dt.date(2026, 1, 1)) == 1


def test_the_overview_lists_six_pillars_and_four_targets(plan):
    overview = plan_overview(plan)
    assert len(overview.pillars) == 6
    assert [t.target.code for t in overview.targets] == [
        "demonstration-projects",
        "digital-talents",
        "ai-centres",
        "security-lab",
    ]
    assert all(t.rule for t in overview.targets)
