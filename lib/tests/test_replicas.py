"""Anonymous public reads go to a read replica; signed-in reads and every write to the primary.

The replica here is a second database holding a record the primary does not, so where each
answer came from shows in the answer itself."""

from __future__ import annotations

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from activities.models import Activity
from digicoop.testing import make_activity
from participants.models import Country, Organisation
from plans.models import Plan

pytestmark = pytest.mark.django_db(databases=["default", "replica"])


@pytest.fixture
def replica(settings):
    from plans.models import ActivityKind, Pillar

    settings.DATABASE_REPLICAS = ["replica"]
    # The reference data a replica would hold (it holds everything the primary does).
    for model in (Country, Plan, Pillar, ActivityKind):
        model.objects.using("replica").bulk_create(model.objects.all())
    plan = Plan.objects.using("replica").get(is_builtin=True)
    org = Organisation.objects.using("replica").create(
        name="Only on the replica",
        type="government",
        country=Country.objects.using("replica").get(code="KE"),
    )
    Activity.objects.using("replica").create(
        plan=plan,
        reporting_org=org,
        iati_identifier="XM-REPLICA-1",
        title={"en": "Read from the replica"},
        kind=plan.activity_kinds.using("replica").get(code="training"),
        workflow_state="approved",
    )
    return "replica"


def _identifiers(client, **headers) -> list[str]:
    return [
        i["iati_identifier"] for i in client.get("/api/v1/activities/", **headers).json()["items"]
    ]


def test_a_visitors_read_is_answered_by_the_replica_without_touching_the_primary(
    client, personas, replica
):
    make_activity(personas, state="approved", identifier="XM-PRIMARY-1")
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        assert _identifiers(client) == ["XM-REPLICA-1"]
        page = client.get("/countries/KE/")
    assert page.status_code == 200
    assert len(on_replica) > 0
    assert len(on_primary) == 0


def test_a_signed_in_read_and_every_write_go_to_the_primary(client, personas, replica):
    make_activity(personas, state="approved", identifier="XM-PRIMARY-1")
    client.force_login(personas.secretariat)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert "XM-PRIMARY-1" in _identifiers(client)
        response = client.post(
            "/api/v1/activities/",
            {
                "plan": personas.plan.slug,
                "reporting_org": personas.kenyan_ministry.pk,
                "iati_identifier": "XM-PRIMARY-2",
                "title": {"en": "Written to the primary"},
                "kind": "training",
            },
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    assert len(on_replica) == 0
    assert Activity.objects.filter(iati_identifier="XM-PRIMARY-2").exists()
    assert not Activity.objects.using("replica").filter(iati_identifier="XM-PRIMARY-2").exists()


def test_without_replicas_a_visitor_reads_the_primary(client, personas, settings):
    settings.DATABASE_REPLICAS = []
    make_activity(personas, state="approved", identifier="XM-PRIMARY-1")
    assert _identifiers(client) == ["XM-PRIMARY-1"]
