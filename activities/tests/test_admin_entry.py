"""The secretariat works from the admin on day one: saves are validated and all-or-nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from activities.models import CHILD_RELATIONS, Activity, RecipientCountry

pytestmark = pytest.mark.django_db

INLINES = CHILD_RELATIONS  # one inline per child relation, prefixed by its name


@pytest.fixture
def admin_client(client, db):
    user = User.objects.create_superuser("root", "", "a long passphrase 1")
    client.force_login(user)
    return client


def activity_form(personas, countries: list[tuple[str, str]]) -> dict:
    plan = personas.plan
    data = {
        "plan": plan.pk,
        "iati_identifier": "XI-ADMIN-1",
        "reporting_org": personas.kenyan_ministry.pk,
        "title": '{"en": "Cloud for public services"}',
        "description": "{}",
        "other_descriptions": "{}",
        "default_language": "en",
        "default_currency": "KES",
        "kind": plan.activity_kinds.get(code="cloud").pk,
        "pillars": [plan.pillars.get(code="infrastructure").pk],
        "status": "1",
        "workflow_state": "draft",
    }
    for prefix in INLINES:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    data["recipient_countries-TOTAL_FORMS"] = str(len(countries))
    for i, (code, pct) in enumerate(countries):
        data[f"recipient_countries-{i}-country"] = code
        data[f"recipient_countries-{i}-percentage"] = pct
    return data


def test_percentages_that_do_not_add_up_are_refused_and_nothing_is_saved(admin_client, personas):
    data = activity_form(personas, [("KE", "60"), ("UG", "30")])
    response = admin_client.post(reverse("admin:activities_activity_add"), data)
    assert response.status_code == 200
    assert "add up to 90; they must add up to 100" in response.content.decode()
    assert not Activity.objects.filter(iati_identifier="XI-ADMIN-1").exists()
    assert not RecipientCountry.objects.exists()


def test_a_valid_activity_is_saved_with_its_recipient_countries(admin_client, personas):
    data = activity_form(personas, [("KE", "60"), ("UG", "40")])
    response = admin_client.post(reverse("admin:activities_activity_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    activity = Activity.objects.get(iati_identifier="XI-ADMIN-1")
    assert sorted(activity.recipient_countries.values_list("country", flat=True)) == ["KE", "UG"]


def test_every_admin_list_and_add_page_renders(admin_client, personas):
    from django.contrib import admin

    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = admin_client.get(changelist, {"q": "ke"})
        assert response.status_code == 200, changelist
        # Some records are only created through their workflow (e.g. trainees, by enrolment).
        if model_admin.has_add_permission(response.wsgi_request):
            add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
            assert admin_client.get(add).status_code == 200, add
