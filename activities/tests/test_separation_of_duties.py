"""Nobody approves an activity they created, edited or submitted; a plan may let its
secretariat override, and the history then says so."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Role, RoleAssignment
from activities import services, workflow
from activities.permissions import can
from digicoop.testing import make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def focal_and_reviewer(personas):
    """The Kenyan focal point is also a reviewer of the plan: the case the rule exists for."""
    p = personas
    RoleAssignment.objects.create(user=p.kenyan_focal_point, plan=p.plan, role=Role.REVIEWER)
    return p.kenyan_focal_point


def test_a_reviewer_who_submitted_an_activity_may_not_approve_it(personas, focal_and_reviewer):
    a = workflow.submit(make_activity(personas), focal_and_reviewer)
    assert not can(focal_and_reviewer, "approve", a)
    with pytest.raises(PermissionDenied, match="separation of duties"):
        workflow.approve(a, focal_and_reviewer)
    a.refresh_from_db()
    assert a.workflow_state == "submitted" and a.version == 2
    assert workflow.approve(a, personas.reviewer).workflow_state == "approved"


def test_a_reviewer_who_only_edited_an_activity_may_not_approve_it(personas, focal_and_reviewer):
    a = make_activity(personas)
    a = services.update_activity(a, {"title": {"en": "Edited"}}, version=1, by=focal_and_reviewer)
    a = workflow.submit(a, personas.secretariat)
    with pytest.raises(PermissionDenied, match="separation of duties"):
        workflow.approve(a, focal_and_reviewer)


def test_the_secretariat_may_not_approve_what_it_created_unless_the_plan_allows_it(personas):
    p = personas
    data = {
        "iati_identifier": "XM-SOD-1",
        "title": {"en": "Created by the secretariat"},
        "kind": "training",
        "reporting_org": p.kenyan_ministry.pk,
    }
    a = services.create_activity(p.plan, data, p.secretariat)
    a.pillars.add(a.kind.pillar)
    a = workflow.submit(a, p.kenyan_focal_point)
    with pytest.raises(PermissionDenied, match="separation of duties"):
        workflow.approve(a, p.secretariat)

    p.plan.secretariat_may_override_separation = True
    p.plan.save()
    a.refresh_from_db()
    a = workflow.approve(a, p.secretariat, comment="Urgent before the summit.")
    assert a.workflow_state == "approved"
    entry = a.changes.get(action="approve")
    assert "over separation of duties" in entry.comment and "summit" in entry.comment
    assert entry.user == p.secretariat


def test_the_override_is_for_the_secretariat_only(personas, focal_and_reviewer):
    personas.plan.secretariat_may_override_separation = True
    personas.plan.save()
    a = workflow.submit(make_activity(personas), focal_and_reviewer)
    with pytest.raises(PermissionDenied):
        workflow.approve(a, focal_and_reviewer)


def test_the_approve_page_says_why_it_refuses(client, personas, focal_and_reviewer):
    a = workflow.submit(make_activity(personas), focal_and_reviewer)
    client.force_login(focal_and_reviewer)
    response = client.post(f"/activities/{a.pk}/approve/", {"version": a.version})
    assert response.status_code == 403
    assert "separation of duties" in response.content.decode()
    a.refresh_from_db()
    assert a.workflow_state == "submitted"
