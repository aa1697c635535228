"""One door for activity writes: every way in leaves a history entry and owns the version; a
write that changes nothing changes nothing; imports keep the workflow state unless asked."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from activities import services
from activities.models import Activity, ActivityChange
from activities.tests.pages import form_data
from digicoop.testing import make_activity
from interop.iati_import import import_iati_files
from interop.sheet_import import import_sheet
from interop.sheets import HEADERS
from interop.tests.iati_samples import activity, document, write

pytestmark = pytest.mark.django_db


def _actions(a: Activity) -> list[str]:
    return list(a.changes.order_by("pk").values_list("action", flat=True))


# --- every way in leaves a history entry ---------------------------------------------------------


def test_a_page_edit_leaves_a_history_entry(client, personas):
    a = make_activity(personas, title="Before")
    client.force_login(personas.kenyan_focal_point)
    data = form_data(personas.plan, a, **{"a-title_en": "After"})
    assert client.post(f"/activities/{a.pk}/edit/", data).status_code == 302
    a.refresh_from_db()
    assert a.version == 2 and _actions(a) == ["updated"]
    assert {"field": "title", "before": {"en": "Before"}, "after": {"en": "After"}} in (
        a.changes.get().changes
    )


def test_an_api_edit_leaves_a_history_entry(client, personas):
    a = make_activity(personas, title="Before")
    client.force_login(personas.kenyan_focal_point)
    response = client.patch(
        f"/api/v1/activities/{a.pk}",
        {"version": 1, "title": {"en": "After"}},
        "application/json",
    )
    assert response.status_code == 200, response.content
    a.refresh_from_db()
    assert a.version == 2 and _actions(a) == ["updated"]
    assert a.changes.get().user == personas.kenyan_focal_point


def test_an_iati_import_leaves_a_history_entry_naming_the_file_and_the_user(personas, tmp_path):
    path = write(tmp_path, document(activity()), name="ministry.xml")
    import_iati_files([path], user=personas.secretariat, names={path: "ministry.xml"})
    a = Activity.objects.get()
    change = a.changes.get()
    assert change.action == "created" and change.user == personas.secretariat
    assert change.comment == "Imported from ministry.xml" and change.version == 1


def _sheet(title: str, org) -> SimpleUploadedFile:
    row = dict.fromkeys(HEADERS, "")
    row.update(
        iati_identifier="XM-SHEET-1",
        reporting_org=org.name,
        title=title,
        status="1",
        currency="USD",
        recipient_countries="KE:100",
        sectors="1:22040:100",
    )
    out = io.StringIO()
    out.write(",".join(HEADERS) + "\n" + ",".join(row[h] for h in HEADERS) + "\n")
    return SimpleUploadedFile("acts.csv", out.getvalue().encode())


def test_a_sheet_import_leaves_a_history_entry(personas):
    org = personas.kenyan_ministry
    plan = personas.plan
    import_sheet(_sheet("First", org), "acts.csv", plan=plan, user=personas.secretariat)
    result = import_sheet(_sheet("Second", org), "acts.csv", plan=plan, user=personas.secretariat)
    assert (result.updated, result.errors) == (1, [])
    a = Activity.objects.get()
    assert a.version == 2 and _actions(a) == ["created", "imported"]
    change = a.changes.order_by("pk").last()
    assert change.comment == "Imported from acts.csv" and change.user == personas.secretariat
    assert [c["field"] for c in change.changes] == ["title"]


def _admin_post(client, a: Activity, **changes) -> dict:
    """The admin's change form as the page posts it, with ``changes``."""
    page = client.get(f"/admin/activities/activity/{a.pk}/change/")
    form = page.context["adminform"].form
    data: dict = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = (
            [v.pk if hasattr(v, "pk") else v for v in value]
            if isinstance(value, list | tuple)
            else value
        )
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[management[name].html_name] = management[name].value()
        for inline in formset.formset.forms:
            for bound in inline:
                value = bound.value()
                if value not in (None, False):
                    data[bound.html_name] = value
    data.update(changes)
    return data


def test_an_admin_edit_leaves_a_history_entry_and_cannot_move_the_workflow(client, personas):
    root = User.objects.create_superuser("root", "root@example.org", "x" * 12)
    a = make_activity(personas, title="Before")
    client.force_login(root)
    data = _admin_post(client, a, title='{"en": "After"}', workflow_state="approved")
    response = client.post(f"/admin/activities/activity/{a.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    a.refresh_from_db()
    assert a.title == {"en": "After"} and a.version == 2
    assert a.workflow_state == "draft"  # moves go through the workflow, not a field
    assert _actions(a) == ["updated (admin)"]


def test_an_admin_save_that_changes_nothing_writes_nothing(client, personas):
    root = User.objects.create_superuser("root", "root@example.org", "x" * 12)
    a = make_activity(personas)
    before = Activity.objects.values_list("version", "updated_at").get(pk=a.pk)
    client.force_login(root)
    response = client.post(f"/admin/activities/activity/{a.pk}/change/", _admin_post(client, a))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Activity.objects.values_list("version", "updated_at").get(pk=a.pk) == before
    assert _actions(a) == []


def test_an_admin_delete_is_kept_in_the_history(client, personas):
    root = User.objects.create_superuser("root", "root@example.org", "x" * 12)
    a = make_activity(personas)
    client.force_login(root)
    response = client.post(f"/admin/activities/activity/{a.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Activity.objects.filter(pk=a.pk).exists()
    gone = ActivityChange.objects.get(iati_identifier=a.iati_identifier)
    assert gone.action == "deleted (admin)" and gone.user == root


# --- a write that changes nothing changes nothing ------------------------------------------------


def test_an_update_that_changes_nothing_keeps_the_version_and_writes_no_history(personas):
    a = make_activity(personas, title="Same")
    fresh = services.update_activity(
        a, {"title": {"en": "Same"}}, version=1, by=personas.kenyan_focal_point
    )
    assert fresh.version == 1
    a.refresh_from_db()
    assert a.version == 1 and _actions(a) == []


# --- imports and the workflow state --------------------------------------------------------------


def test_reimporting_leaves_approved_records_approved_with_one_history_entry_per_change(
    personas, tmp_path
):
    first = write(
        tmp_path,
        document(activity("XM-TEST-1-A1"), activity("XM-TEST-1-A2"), activity("XM-TEST-1-A3")),
        name="v1.xml",
    )
    import_iati_files([first], state="approved", user=personas.secretariat)
    assert set(Activity.objects.values_list("workflow_state", flat=True)) == {"approved"}
    history = ActivityChange.objects.count()
    # The publisher changes one budget of A1 and one date of A2; A3 is the same.
    second = write(
        tmp_path,
        document(
            activity("XM-TEST-1-A1", budget="2000"),
            activity("XM-TEST-1-A2", start="2024-02-01"),
            activity("XM-TEST-1-A3"),
        ),
        name="v2.xml",
    )
    summary = import_iati_files([second], user=personas.secretariat, names={second: "v2.xml"})
    assert (summary.created, summary.updated, summary.unchanged) == (0, 2, 1)
    states = dict(Activity.objects.values_list("iati_identifier", "workflow_state"))
    assert set(states.values()) == {"approved"}  # the rule: an import never moves the state
    versions = dict(Activity.objects.values_list("iati_identifier", "version"))
    assert versions == {"XM-TEST-1-A1": 2, "XM-TEST-1-A2": 2, "XM-TEST-1-A3": 1}
    new = ActivityChange.objects.order_by("pk")[history:]
    assert [(c.iati_identifier, c.action, c.version) for c in new] == [
        ("XM-TEST-1-A1", "imported", 2),
        ("XM-TEST-1-A2", "imported", 2),
    ]
    assert all(c.comment == "Imported from v2.xml" for c in new)
    assert [(c["field"], c["before"], c["after"]) for c in new[0].changes] == [
        ("budgets[1].value", "1000.5", "2000")
    ]
    assert [(c["field"], c["before"], c["after"]) for c in new[1].changes] == [
        ("planned_start", "2024-01-01", "2024-02-01")
    ]


def test_an_import_sets_the_state_only_when_asked(personas, tmp_path):
    path = write(tmp_path, document(activity()))
    import_iati_files([path])
    a = Activity.objects.get()
    assert a.workflow_state == "draft"
    summary = import_iati_files([path], state="approved")
    a.refresh_from_db()
    assert summary.updated == 1 and a.workflow_state == "approved" and a.version == 2
    assert [c["field"] for c in a.changes.order_by("pk").last().changes] == ["workflow_state"]
