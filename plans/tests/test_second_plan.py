"""Another plan is data too: the secretariat creates it in the admin, with no code change."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from plans.models import Plan
from progress.services import plan_overview

pytestmark = pytest.mark.django_db

INLINES = ["pillars", "targets", "sectors", "technologies"]


def management(**totals) -> dict:
    data = {}
    for prefix in INLINES:
        data[f"{prefix}-TOTAL_FORMS"] = str(totals.get(prefix, 0))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    return data


def test_a_second_plan_is_created_in_the_admin_and_shown_beside_the_first(client, plan):
    client.force_login(User.objects.create_superuser("sec", "", "a long passphrase 1"))
    data = {
        "slug": "focac-2025-2027",
        "title": "FOCAC Digital Silk Road Plan (test)",
        "short_title": "Digital Silk Road",
        "adopted_on": "2025-01-10",
        "adopted_at": "Dakar",
        "period_start": "2025-01-10",
        "period_end": "2028-01-10",
        "summary": "A second plan.",
        "languages": '["en", "fr"]',
        **management(pillars=1),
        "pillars-0-code": "skills",
        "pillars-0-name": "Skills",
        "pillars-0-description": "Training for all.",
        "pillars-0-order": "1",
    }
    response = client.post(reverse("admin:plans_plan_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    second = Plan.objects.get(slug="focac-2025-2027")
    pillar = second.pillars.get()

    # With its pillar in place, a target is added to it on the change page.
    existing = {
        **{k: v for k, v in data.items() if not k.startswith("pillars-")},
        **management(pillars=1, targets=1),
        "pillars-INITIAL_FORMS": "1",
        "pillars-0-id": str(pillar.pk),
        "pillars-0-plan": str(second.pk),
        "pillars-0-code": "skills",
        "pillars-0-name": "Skills",
        "pillars-0-description": "Training for all.",
        "pillars-0-order": "1",
        "targets-0-order": "1",
        "targets-0-code": "trained",
        "targets-0-pillar": str(pillar.pk),
        "targets-0-statement": "500 engineers trained",
        "targets-0-metric": "digital_talents",
        "targets-0-value": "500",
        "targets-0-unit": "people",
        "targets-0-deadline": "2028-01-10",
    }
    response = client.post(reverse("admin:plans_plan_change", args=[second.pk]), existing)
    assert response.status_code == 302, response.content.decode()[:3000]

    overview = plan_overview(second)
    assert [t.target.statement for t in overview.targets] == ["500 engineers trained"]
    assert plan.targets.count() == 4  # the built-in plan is untouched
    page = client.get(reverse("plan-detail", args=["focac-2025-2027"])).content.decode()
    assert "FOCAC Digital Silk Road Plan (test)" in page
    assert "500 engineers trained" in page


def test_a_plan_ending_before_it_starts_is_refused_in_the_admin(client, plan):
    client.force_login(User.objects.create_superuser("sec", "", "a long passphrase 1"))
    data = {
        "slug": "backwards",
        "title": "Backwards plan",
        "adopted_on": "2025-01-10",
        "period_start": "2025-01-10",
        "period_end": "2024-01-10",
        "languages": "[]",
        **management(),
    }
    response = client.post(reverse("admin:plans_plan_add"), data)
    assert response.status_code == 200
    assert "The period must end after it starts." in response.content.decode()
    assert not Plan.objects.filter(slug="backwards").exists()
