from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from plans.models import Metric, Plan

pytestmark = pytest.mark.django_db


def test_the_builtin_plan_is_the_china_africa_action_plan_adopted_on_29_july_2024(plan):
    assert plan.title == "China–Africa Action Plan for Digital Cooperation and Development"
    assert plan.adopted_on == dt.date(2024, 7, 29)
    assert plan.period_start == dt.date(2024, 7, 29)
    assert plan.period_end == dt.date(2027, 7, 29)
    assert Plan.objects.filter(is_builtin=True).count() == 1


def test_it_has_exactly_the_six_pillars_in_order(plan):
    assert list(plan.pillars.values_list("code", flat=True)) == [
        "policy",
        "infrastructure",
        "innovation",
        "transformation",
        "security",
        "capability",
    ]
    assert all(len(p.description) > 80 for p in plan.pillars.all())


def test_it_has_the_four_targets_with_their_values_and_deadlines(plan):
    targets = {t.code: t for t in plan.targets.select_related("pillar")}
    assert set(targets) == {
        "demonstration-projects",
        "digital-talents",
        "ai-centres",
        "security-lab",
    }
    deadline = dt.date(2027, 7, 29)
    demo = targets["demonstration-projects"]
    assert (demo.value, demo.deadline, demo.pillar.code) == (
        Decimal(10),
        deadline,
        "transformation",
    )
    assert demo.metric == Metric.DEMONSTRATION_PROJECTS
    talents = targets["digital-talents"]
    assert (talents.value, talents.deadline, talents.pillar.code) == (
        Decimal(1000),
        deadline,
        "capability",
    )
    assert talents.metric == Metric.DIGITAL_TALENTS
    assert targets["ai-centres"].metric == Metric.AI_CENTRES
    assert targets["ai-centres"].value is None  # an open count
    assert targets["security-lab"].metric == Metric.MILESTONE
    assert targets["security-lab"].pillar.code == "security"


def test_every_pillar_names_its_kinds_of_activity(plan):
    for pillar in plan.pillars.all():
        assert pillar.activity_kinds.exists(), pillar.code
    kinds = set(plan.activity_kinds.values_list("code", flat=True))
    assert {"dialogue", "visit", "signed-document", "mechanism", "demonstration"} <= kinds
    assert {"mobile-network", "backbone", "satellite", "data-centre", "cloud"} <= kinds
    assert {
        "ai-centre",
        "startup-incubation",
        "financing",
        "security-drill",
        "security-lab",
    } <= kinds
    assert {"training", "exchange", "security-training"} <= kinds


def test_its_code_lists_hold_the_plan_sectors_and_technologies(plan):
    assert set(plan.sectors.values_list("code", flat=True)) == {
        "agriculture", "manufacturing", "mining", "energy", "public-services",
        "urban-management", "finance", "healthcare", "education", "tourism", "retail", "other",
    }  # fmt: skip
    assert set(plan.technologies.values_list("code", flat=True)) == {
        "5g-6g", "ai", "hpc", "quantum", "satellite", "backbone", "data-centre", "cloud",
    }  # fmt: skip
    for sector in plan.sectors.all():
        assert all(len(code) == 5 and code.isdigit() for code in sector.dac_codes), sector.code
