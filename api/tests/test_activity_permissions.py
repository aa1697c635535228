"""Each role × each write path through the API (see activities/tests/matrix.py)."""

from __future__ import annotations

import pytest

from accounts.tokens import create_token
from activities.models import Activity
from activities.tests.matrix import CASES, expected
from digicoop.testing import make_activity

pytestmark = pytest.mark.django_db

STATUS = {"ok": {200, 201, 204}, "forbidden": {403}, "not_found": {404}, "sign_in": {401}}


def call(client, p, action: str, who: str):
    headers = {}
    if who != "anonymous":
        _token, clear = create_token(getattr(p, who), "tests")
        headers["Authorization"] = f"Bearer {clear}"
    if action == "create":
        body = {
            "plan": p.plan.slug,
            "reporting_org": p.kenyan_ministry.pk,
            "iati_identifier": "XM-NEW-1",
            "title": {"en": "New"},
            "kind": "training",
        }
        return client.post("/api/v1/activities/", body, "application/json", headers=headers), None
    state = {"edit": "draft", "submit": "draft", "delete": "draft", "archive": "approved"}.get(
        action, "submitted"
    )
    a = make_activity(p, state=state)
    url = f"/api/v1/activities/{a.pk}"
    if action == "edit":
        body = {"version": 1, "title": {"en": "Changed"}}
        return client.patch(url, body, "application/json", headers=headers), a
    if action == "delete":
        return client.delete(url, headers=headers), a
    body = {"version": 1, "comment": "Please add the budget."}
    return client.post(f"{url}/{action}", body, "application/json", headers=headers), a


@pytest.mark.parametrize(("action", "who"), CASES)
def test_api_write_paths_follow_the_role_matrix(client, personas, action, who):
    response, activity = call(client, personas, action, who)
    # The API asks for credentials before it looks anything up.
    outcome = "sign_in" if who == "anonymous" else expected(action, who)
    assert response.status_code in STATUS[outcome], response.content
    if outcome != "ok":
        body = response.json()
        assert body["detail"] and body["errors"] == []
        if activity is not None:
            activity.refresh_from_db()
            assert activity.version == 1
        else:
            assert not Activity.objects.filter(iati_identifier="XM-NEW-1").exists()
