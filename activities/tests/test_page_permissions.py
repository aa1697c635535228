"""Each role × each write path through the pages (see matrix.py)."""

from __future__ import annotations

import pytest

from activities.models import Activity
from activities.tests.matrix import CASES, expected
from activities.tests.pages import form_data
from digicoop.testing import make_activity

pytestmark = pytest.mark.django_db


def call(client, p, action: str):
    if action == "create":
        data = form_data(
            p.plan,
            **{
                "a-iati_identifier": "XM-NEW-1",
                "a-title_en": "New",
                "a-kind": "training",
                "a-reporting_org": p.kenyan_ministry.pk,
                "a-status": "1",
            },
        )
        return client.post("/activities/new/", data), None
    state = {"edit": "draft", "submit": "draft", "delete": "draft", "archive": "approved"}.get(
        action, "submitted"
    )
    a = make_activity(p, state=state)
    if action == "edit":
        data = form_data(p.plan, a, **{"a-title_en": "Changed"})
        return client.post(f"/activities/{a.pk}/edit/", data), a
    body = {"version": 1, "comment": "Please add the budget."}
    return client.post(f"/activities/{a.pk}/{action}/", body), a


@pytest.mark.parametrize(("action", "who"), CASES)
def test_page_write_paths_follow_the_role_matrix(client, personas, action, who):
    if who != "anonymous":
        client.force_login(getattr(personas, who))
    response, activity = call(client, personas, action)
    outcome = expected(action, who)
    if outcome == "ok":
        assert response.status_code == 302, response.content.decode()[:3000]
        assert "/accounts/login/" not in response["Location"]
        if activity is not None and action != "delete":
            activity.refresh_from_db()
            assert activity.version == 2
        if action == "delete":
            assert not Activity.objects.filter(pk=activity.pk).exists()
        return
    if outcome == "sign_in":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif outcome == "not_found":
        assert response.status_code == 404
    elif action == "create":
        # a focal point of another organisation cannot pick the Kenyan ministry in the form
        assert response.status_code in (400, 403)
    else:
        assert response.status_code == 403
    if activity is not None:
        activity.refresh_from_db()
        assert activity.version == 1
    else:
        assert not Activity.objects.filter(iati_identifier="XM-NEW-1").exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_editing_an_archived_activity_is_refused_with_409_and_the_reason(client, personas, method):
    activity = make_activity(personas, state="archived")
    client.force_login(personas.secretariat)
    data = form_data(personas.plan, activity, **{"a-title_en": "Changed"})
    response = getattr(client, method)(f"/activities/{activity.pk}/edit/", data)
    assert response.status_code == 409
    assert "This activity is archived: it can no longer be edited." in response.content.decode()
    assert Activity.objects.get(pk=activity.pk).title == activity.title
