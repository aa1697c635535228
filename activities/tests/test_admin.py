from __future__ import annotations

import pytest

from digicoop.testing import make_activity

pytestmark = pytest.mark.django_db


def test_an_admin_edit_is_kept_in_the_history_and_raises_the_version(client, personas):
    from accounts.models import User

    admin = User.objects.create_superuser("root", "root@example.org", "x" * 12)
    a = make_activity(personas, title="Before")
    client.force_login(admin)
    page = client.get(f"/admin/activities/activity/{a.pk}/change/")
    assert page.status_code == 200
    data = {
        "plan": a.plan_id,
        "iati_identifier": a.iati_identifier,
        "reporting_org": a.reporting_org_id,
        "title": '{"en": "After"}',
        "description": "{}",
        "other_descriptions": "{}",
        "kind": a.kind_id,
        "pillars": [p.pk for p in a.pillars.all()],
        "status": 1,
        "workflow_state": "draft",
        "default_language": "en",
        "default_currency": "USD",
        "read_version": a.version,
    }
    for formset in page.context["inline_admin_formsets"]:
        prefix = formset.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = client.post(f"/admin/activities/activity/{a.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    a.refresh_from_db()
    assert a.title == {"en": "After"} and a.version == 2
    change = a.changes.get()
    assert change.action == "updated (admin)" and change.user == admin
    title = {"field": "title", "before": {"en": "Before"}, "after": {"en": "After"}}
    assert title in change.changes
