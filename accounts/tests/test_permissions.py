"""The authorisation rules as plain claims (pages and API are covered by the role matrices)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from activities.models import Activity
from activities.permissions import can, visible_activities
from digicoop.testing import make_activity

pytestmark = pytest.mark.django_db


def test_a_focal_point_may_not_edit_another_organisations_record(personas):
    chinese = make_activity(personas, personas.chinese_company)
    assert not can(personas.kenyan_focal_point, "edit", chinese)
    assert can(personas.chinese_focal_point, "edit", chinese)


def test_a_focal_point_edits_only_while_draft_or_returned(personas):
    p = personas
    for state, allowed in [("draft", True), ("returned", True), ("submitted", False),
                           ("approved", False), ("archived", False)]:  # fmt: skip
        assert can(p.kenyan_focal_point, "edit", make_activity(p, state=state)) is allowed


def test_the_secretariat_may_edit_anything_but_an_archived_record(personas):
    assert can(personas.secretariat, "edit", make_activity(personas, state="approved"))
    assert not can(personas.secretariat, "edit", make_activity(personas, state="archived"))


def test_a_viewer_reads_its_organisations_drafts_but_nobody_elses(personas):
    p = personas
    mine, theirs = make_activity(p), make_activity(p, p.chinese_company)
    assert can(p.kenyan_viewer, "view", mine) and not can(p.kenyan_viewer, "view", theirs)
    visible = set(visible_activities(p.kenyan_viewer, Activity.objects.all()))
    assert visible == {mine}


def test_the_public_sees_approved_records_only(personas):
    p = personas
    states = ["draft", "submitted", "approved", "returned", "archived"]
    records = {s: make_activity(p, state=s) for s in states}
    anonymous = AnonymousUser()
    assert [s for s, a in records.items() if can(anonymous, "view", a)] == ["approved"]
    assert set(visible_activities(anonymous, Activity.objects.all())) == {records["approved"]}
    assert set(visible_activities(p.outsider, Activity.objects.all())) == {records["approved"]}


def test_a_reviewer_reads_every_record_of_the_plan(personas):
    drafts = {make_activity(personas), make_activity(personas, personas.chinese_company)}
    assert set(visible_activities(personas.reviewer, Activity.objects.all())) == drafts
