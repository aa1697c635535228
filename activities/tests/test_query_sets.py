"""Approved activities of a plan: the one rule behind every count and every public list."""

from __future__ import annotations

import datetime as dt

import pytest

from activities.models import Activity, RecipientCountry, approved_q
from digicoop.testing import make_activity
from participants.models import Country
from plans.models import Plan

pytestmark = pytest.mark.django_db


def test_only_approved_activities_of_the_plan_are_approved(personas):
    p = personas
    approved = make_activity(p, state="approved")
    for state in ("draft", "submitted", "returned", "archived"):
        make_activity(p, state=state)
    other_plan = Plan.objects.create(
        slug="other",
        title="Other",
        adopted_on=dt.date(2025, 1, 1),
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2026, 1, 1),
    )
    elsewhere = make_activity(p, state="approved")
    Activity.objects.filter(pk=elsewhere.pk).update(plan=other_plan)

    assert list(Activity.objects.approved(p.plan)) == [approved]
    assert set(Activity.objects.approved()) == {approved, elsewhere}


def test_the_approved_rule_reads_through_a_relation(personas):
    p = personas
    kenya = Country.objects.get(code="KE")
    approved = make_activity(p, state="approved")
    draft = make_activity(p, state="draft")
    for activity in (approved, draft):
        RecipientCountry.objects.create(activity=activity, country=kenya)
    rows = RecipientCountry.objects.filter(approved_q(p.plan, via="activity__"))
    assert [r.activity for r in rows] == [approved]


def test_visible_to_gives_each_reader_what_the_permissions_allow(personas):
    p = personas
    approved = make_activity(p, state="approved")
    draft = make_activity(p, state="draft")  # the Kenyan ministry's
    chinese_draft = make_activity(p, p.chinese_company, state="draft")

    assert set(Activity.objects.visible_to(p.outsider)) == {approved}
    assert set(Activity.objects.visible_to(p.kenyan_viewer)) == {approved, draft}
    assert set(Activity.objects.visible_to(p.reviewer)) == {approved, draft, chinese_draft}
    # It narrows a query set like any other filter.
    assert list(Activity.objects.filter(pk=draft.pk).visible_to(p.outsider)) == []
