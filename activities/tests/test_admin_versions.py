"""The admin checks the version like the API: a save over a newer edit is refused, not written
over it."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from accounts.models import User
from activities import services
from activities.models import Activity
from activities.tests.test_one_door import _admin_post
from digicoop.testing import make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client):
    user = User.objects.create_superuser("root", "root@example.org", "x" * 12)
    client.force_login(user)
    return user


def test_the_admin_form_carries_the_version_it_read(client, personas, root):
    a = make_activity(personas)
    assert _admin_post(client, a)["read_version"] == a.version


def test_an_admin_save_over_a_newer_api_edit_is_refused_and_writes_nothing(client, personas, root):
    a = make_activity(personas, title="Before")
    data = _admin_post(client, a, title='{"en": "Admin wording"}')  # the form, read at v1
    # Meanwhile an API (or page) edit lands: version 2.
    services.update_activity(
        a, {"title": {"en": "API wording"}}, version=1, by=personas.secretariat
    )
    response = client.post(f"/admin/activities/activity/{a.pk}/change/", data)
    assert response.status_code == 200  # the form again, with the refusal
    page = response.content.decode()
    assert "changed by someone else" in page and "now version 2" in page
    a.refresh_from_db()
    assert a.title == {"en": "API wording"} and a.version == 2
    assert list(a.changes.values_list("action", flat=True)) == ["updated"]


def test_an_admin_save_at_the_current_version_goes_through(client, personas, root):
    a = make_activity(personas, title="Before")
    services.update_activity(
        a, {"title": {"en": "API wording"}}, version=1, by=personas.secretariat
    )
    data = _admin_post(client, a, title='{"en": "Admin wording"}')  # read at v2
    response = client.post(f"/admin/activities/activity/{a.pk}/change/", data)
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.title == {"en": "Admin wording"} and a.version == 3


def test_an_admin_save_without_the_version_it_read_is_refused(client, personas, root):
    a = make_activity(personas, title="Before")
    data = _admin_post(client, a, title='{"en": "After"}')
    del data["read_version"]
    response = client.post(f"/admin/activities/activity/{a.pk}/change/", data)
    assert response.status_code == 200
    a.refresh_from_db()
    assert a.title == {"en": "Before"} and a.version == 1


def test_an_edit_landing_between_the_form_check_and_the_save_is_refused_with_409(personas):
    """The race the form's check cannot see: save_model checks again on the locked row, and the
    page answers 409 (the admin's transaction writes nothing)."""
    a = make_activity(personas)
    model_admin = site._registry[Activity]
    request = RequestFactory().post("/")
    request.user = personas.secretariat
    form = model_admin.get_form(request, a)(instance=a)
    form.cleaned_data = {"read_version": 1}
    services.update_activity(a, {"title": {"en": "API"}}, version=1, by=personas.secretariat)
    with pytest.raises(services.StaleVersion) as refused:
        model_admin.save_model(request, a, form, change=True)
    from activities.middleware import ActivityRefusals

    answer = ActivityRefusals(lambda r: None).process_exception(request, refused.value)
    assert answer.status_code == 409
    assert "now version 2" in answer.content.decode()


def _row_post(client, url: str, **changes) -> dict:
    """A row's admin change form as the page posts it, with ``changes``."""
    form = client.get(url).context["adminform"].form
    data: dict = {}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, False):
            data[name] = value
    data.update(changes)
    return data


def test_an_admin_row_save_over_a_newer_edit_of_its_activity_is_refused(client, personas, root):
    import datetime as dt

    from activities.models import Transaction

    a = make_activity(personas)
    row = Transaction.objects.create(
        activity=a, type="2", date=dt.date(2025, 1, 1), value=100, value_date=dt.date(2025, 1, 1)
    )
    url = f"/admin/activities/transaction/{row.pk}/change/"
    data = _row_post(client, url, value="250")
    assert data["read_version"] == 1
    services.update_activity(a, {"title": {"en": "API"}}, version=1, by=personas.secretariat)
    response = client.post(url, data)
    assert response.status_code == 200 and "now version 2" in response.content.decode()
    row.refresh_from_db()
    assert row.value == 100
    # Read again, at the activity's current version: the save goes through, as a new version.
    response = client.post(url, _row_post(client, url, value="250"))
    assert response.status_code == 302
    row.refresh_from_db()
    a.refresh_from_db()
    assert row.value == 250 and a.version == 3
