"""The public history of an approved activity shows only public facts."""

from __future__ import annotations

import pytest

from activities import services, workflow
from digicoop.testing import make_activity

pytestmark = pytest.mark.django_db

COMMENT = "Internal: the budget figure looks inflated, check with the ministry"


@pytest.fixture
def reviewed(personas):
    """Drafted, returned with an internal comment, corrected and approved; then a draft
    wording that was never approved."""
    p = personas
    a = make_activity(p, title="First wording")
    a = services.update_activity(
        a, {"title": {"en": "Never approved wording"}}, version=1, by=p.kenyan_focal_point
    )
    a = workflow.submit(a, p.kenyan_focal_point)
    a = workflow.return_for_correction(a, p.reviewer, comment=COMMENT)
    a = services.update_activity(
        a, {"title": {"en": "Approved wording"}}, version=a.version, by=p.kenyan_focal_point
    )
    a = workflow.submit(a, p.kenyan_focal_point)
    return workflow.approve(a, p.reviewer)


def test_the_public_history_hides_internal_comments_names_and_drafts(client, reviewed, personas):
    for url in (f"/activities/{reviewed.pk}/history/", f"/api/v1/activities/{reviewed.pk}/history"):
        body = client.get(url).content.decode()
        assert "Approved wording" in body
        assert COMMENT not in body
        assert "Never approved wording" not in body
        for name in ("reviewer", "kenyan_focal_point"):
            assert name not in body
    entries = client.get(f"/api/v1/activities/{reviewed.pk}/history").json()
    assert [e["action"] for e in entries] == ["approve"]
    assert entries[0]["user"] is None and entries[0]["comment"] == ""
    fields = {d["field"] for d in entries[0]["changes"]}
    assert "title" in fields and "workflow_state" not in fields


def test_members_with_a_role_see_the_whole_history(client, reviewed, personas):
    for who in (personas.reviewer, personas.kenyan_viewer, personas.secretariat):
        client.force_login(who)
        body = client.get(f"/activities/{reviewed.pk}/history/").content.decode()
        assert COMMENT in body and "Never approved wording" in body and "kenyan_focal_point" in body
    client.force_login(personas.chinese_focal_point)
    body = client.get(f"/activities/{reviewed.pk}/history/").content.decode()
    assert COMMENT not in body and "kenyan_focal_point" not in body


def test_each_approval_shows_what_changed_since_the_one_before(client, reviewed, personas):
    p = personas
    a = workflow.return_for_correction(reviewed, p.reviewer, comment="One more thing")
    a = services.update_activity(
        a, {"title": {"en": "Second approved wording"}}, version=a.version, by=p.kenyan_focal_point
    )
    a = workflow.approve(workflow.submit(a, p.kenyan_focal_point), p.reviewer)
    entries = client.get(f"/api/v1/activities/{a.pk}/history").json()
    assert [e["version"] for e in entries] == sorted((e["version"] for e in entries), reverse=True)
    latest = {d["field"]: d for d in entries[0]["changes"]}
    assert latest["title"]["before"] == {"en": "Approved wording"}
    assert latest["title"]["after"] == {"en": "Second approved wording"}
