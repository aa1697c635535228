"""My tasks: what waits for each person, and the count in the navigation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activities.codes import WorkflowState
from digicoop.testing import make_activity
from interop.models import ImportJob
from workspace import mytasks
from workspace.models import Application

pytestmark = pytest.mark.django_db


def _application(plan, name="Dakar Digital Institute"):
    from participants.models import Country

    return Application.objects.create(
        plan=plan,
        name=name,
        names={"en": name},
        type="academia",
        country=Country.objects.get(code="SN"),
        contact_name="Awa",
        contact_email="awa@example.org",
        statement="We train.",
        match_key=name.lower(),
    )


def test_a_reviewer_sees_the_submissions_of_the_plan(client, personas):
    submitted = make_activity(personas, state=WorkflowState.SUBMITTED, title="Cloud skills")
    make_activity(personas, state=WorkflowState.DRAFT, title="Still a draft")
    client.force_login(personas.reviewer)
    page = client.get("/tasks/").content.decode()
    assert "Cloud skills" in page and f"/activities/{submitted.pk}/" in page
    assert "Still a draft" not in page
    assert mytasks.count(personas.reviewer) == 1


def test_a_focal_point_sees_its_returned_activities_only(client, personas):
    make_activity(personas, state=WorkflowState.RETURNED, title="Kenyan returned")
    make_activity(
        personas, personas.chinese_company, state=WorkflowState.RETURNED, title="Chinese returned"
    )
    make_activity(personas, state=WorkflowState.SUBMITTED, title="Kenyan submitted")
    client.force_login(personas.kenyan_focal_point)
    page = client.get("/tasks/").content.decode()
    assert "Kenyan returned" in page
    assert "Chinese returned" not in page and "Kenyan submitted" not in page
    assert mytasks.count(personas.kenyan_focal_point) == 1


def test_the_secretariat_sees_applications_to_decide(client, personas):
    _application(personas.plan)
    decided = _application(personas.plan, "Old one")
    Application.objects.filter(pk=decided.pk).update(status="rejected")
    client.force_login(personas.secretariat)
    page = client.get("/tasks/").content.decode()
    assert "Dakar Digital Institute" in page and "Old one" not in page
    client.force_login(personas.reviewer)
    assert "Dakar Digital Institute" not in client.get("/tasks/").content.decode()


def test_someone_sees_their_own_failed_imports(client, personas):
    ImportJob.objects.create(
        kind="iati",
        plan=personas.plan,
        user=personas.secretariat,
        file_name="mine.xml",
        state="failed",
        finished_at=timezone.now(),
    )
    ImportJob.objects.create(
        kind="iati",
        plan=personas.plan,
        user=personas.secretariat,
        file_name="long-ago.xml",
        state="failed",
        finished_at=timezone.now() - dt.timedelta(days=60),
    )
    ImportJob.objects.create(
        kind="iati",
        plan=personas.plan,
        user=personas.reviewer,
        file_name="theirs.xml",
        state="failed",
        finished_at=timezone.now(),
    )
    client.force_login(personas.secretariat)
    page = client.get("/tasks/").content.decode()
    assert "mine.xml" in page and "theirs.xml" not in page and "long-ago.xml" not in page


def test_someone_with_nothing_waiting_is_told_so(client, personas):
    client.force_login(personas.outsider)
    assert b"Nothing waits for you." in client.get("/tasks/").content
    assert mytasks.count(personas.outsider) == 0


def test_the_navigation_shows_the_count(client, personas):
    make_activity(personas, state=WorkflowState.SUBMITTED)
    make_activity(personas, state=WorkflowState.SUBMITTED)
    client.force_login(personas.reviewer)
    assert b"2 waiting" in client.get("/activities/").content


def test_the_count_costs_the_same_few_queries_whatever_the_number_of_records(personas):
    def queries() -> int:
        user = type(personas.secretariat).objects.get(pk=personas.secretariat.pk)
        with CaptureQueriesContext(connection) as captured:
            mytasks.count(user)
        return len(captured)

    few = queries()
    for n in range(15):
        make_activity(personas, state=WorkflowState.SUBMITTED)
        _application(personas.plan, f"Org {n}")
    assert queries() == few <= 4
