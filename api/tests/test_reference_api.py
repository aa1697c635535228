from __future__ import annotations

from decimal import Decimal

import pytest

from activities import results
from digicoop.testing import make_activity

pytestmark = pytest.mark.django_db


def test_the_api_docs_work_offline(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "swagger" in page.lower()
    assert "cdn" not in page and "https://" not in page
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/activities/" in schema["paths"]


def test_unknown_api_paths_answer_in_the_error_shape(client):
    response = client.get("/api/v1/no/such/thing")
    assert response.status_code == 404 and response.json()["detail"]


def test_plans_pillars_and_targets_with_progress(client, plan):
    assert [p["slug"] for p in client.get("/api/v1/plans").json()] == [plan.slug]
    pillars = client.get(f"/api/v1/plans/{plan.slug}/pillars").json()
    assert len(pillars) == 6 and pillars[0]["code"] == "policy"
    targets = {t["code"]: t for t in client.get(f"/api/v1/plans/{plan.slug}/targets").json()}
    assert targets["digital-talents"]["value"] == "1000.00"
    assert Decimal(targets["digital-talents"]["current_value"]) == 0
    assert client.get("/api/v1/plans/nope").status_code == 404


def test_a_standard_indicator_total_counts_approved_activities_only(client, personas):
    p = personas
    tree = [
        {
            "title": {"en": "Skills"},
            "indicators": [
                {
                    "title": {"en": "Trained"},
                    "standard_indicator": "people-trained",
                    "periods": [
                        {"period_start": "2025-01-01", "period_end": "2025-06-30",
                         "actual_value": "30"},
                    ],
                }
            ],
        }
    ]  # fmt: skip
    for state in ("approved", "approved", "submitted"):
        a = make_activity(p)
        results.set_results(a, tree, version=1, by=p.secretariat)
        type(a).objects.filter(pk=a.pk).update(workflow_state=state)
    body = client.get(f"/api/v1/plans/{p.plan.slug}/indicators/people-trained").json()
    assert Decimal(body["total"]) == 60 and body["unit"] == "people"
    targets = client.get(f"/api/v1/plans/{p.plan.slug}/targets").json()
    talents = next(t for t in targets if t["code"] == "digital-talents")
    # Digital talents come from the trainee registry (distinct persons), not from reports.
    assert Decimal(talents["current_value"]) == 0


def test_organisations_and_countries(client, personas):
    orgs = client.get("/api/v1/organisations", {"plan": personas.plan.slug}).json()
    assert {o["name"] for o in orgs} == {
        personas.kenyan_ministry.name,
        personas.chinese_company.name,
    }
    one = client.get(f"/api/v1/organisations/{personas.kenyan_ministry.pk}").json()
    assert one["country"] == "KE"
    countries = client.get("/api/v1/countries", {"au_member": "true"}).json()
    assert len(countries) == 55 and "CN" not in {c["code"] for c in countries}
