"""Setting up a training activity's programme on the pages, by whoever may edit the activity."""

from __future__ import annotations

import pytest
from django.urls import reverse

from digicoop.testing import make_activity
from talent.models import Programme
from talent.tests.helpers import make_programme

pytestmark = pytest.mark.django_db


def _form(personas, **overrides) -> dict:
    return {
        "mode": "online",
        "hours": "60",
        "providers": [personas.kenyan_ministry.pk],
        "host_countries": ["KE", "CN"],
        "skills_text": "cloud administration\n\n  cyber hygiene \ncloud administration",
        **overrides,
    }


def test_a_focal_point_sets_up_the_programme_of_a_training_activity(client, personas):
    activity = make_activity(personas, kind="training")
    client.force_login(personas.kenyan_focal_point)
    detail = client.get(reverse("activity-detail", args=[activity.pk])).content.decode()
    edit = reverse("talent:programme-edit", args=[activity.pk])
    assert edit in detail and "Set up the training programme" in detail
    response = client.post(edit, _form(personas))
    programme = Programme.objects.get(activity=activity)
    assert response.status_code == 302
    assert response["Location"] == reverse("talent:programme", args=[programme.pk])
    assert (programme.mode, programme.hours) == ("online", 60)
    assert programme.skills == ["cloud administration", "cyber hygiene"]
    assert list(programme.providers.all()) == [personas.kenyan_ministry]
    assert set(programme.host_countries.values_list("code", flat=True)) == {"KE", "CN"}
    page = client.get(response["Location"]).content.decode()
    assert page.count("The programme is saved.") == 1  # once, from the page layout


def test_changing_the_details_updates_the_same_programme(client, personas):
    programme = make_programme(personas.plan, personas.kenyan_ministry)
    client.force_login(personas.secretariat)
    edit = reverse("talent:programme-edit", args=[programme.activity.pk])
    assert "cloud" in client.get(edit).content.decode()
    client.post(edit, _form(personas, hours="12", skills_text="5G planning"))
    assert Programme.objects.count() == 1
    programme.refresh_from_db()
    assert (programme.hours, programme.skills) == (12, ["5G planning"])
    page = client.get(reverse("talent:programme", args=[programme.pk])).content.decode()
    assert edit in page


def test_a_programme_needs_a_provider_and_nothing_is_saved_without_one(client, personas):
    activity = make_activity(personas, kind="training")
    client.force_login(personas.kenyan_focal_point)
    edit = reverse("talent:programme-edit", args=[activity.pk])
    response = client.post(edit, _form(personas, providers=[]))
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Programme.objects.exists()


def test_only_training_activities_have_a_programme(client, personas):
    activity = make_activity(personas, kind="dialogue")
    client.force_login(personas.secretariat)
    assert client.get(reverse("talent:programme-edit", args=[activity.pk])).status_code == 404
    detail = client.get(reverse("activity-detail", args=[activity.pk])).content.decode()
    assert reverse("talent:programme-edit", args=[activity.pk]) not in detail
    assert "Training programme" not in detail


def test_who_may_not_edit_the_activity_may_not_set_up_its_programme(client, personas):
    activity = make_activity(personas, kind="training", state="approved")
    edit = reverse("talent:programme-edit", args=[activity.pk])
    assert client.get(edit).status_code == 302  # anonymous: sent to sign in
    for user in (personas.reviewer, personas.outsider):
        client.force_login(user)
        assert client.post(edit, _form(personas)).status_code == 403
        detail = client.get(reverse("activity-detail", args=[activity.pk])).content.decode()
        assert edit not in detail
    assert not Programme.objects.exists()
