"""Each kind of write reaches the audit trail: activities' create, update and delete (pages, API,
admin), imports (sheet and IATI), tag changes, and the talent registry's merges and unmerges."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site

from accounts.models import AuditEvent, AuditKind, User
from activities import services
from activities.models import Activity
from activities.tests.test_one_door import _admin_post, _sheet
from activities.tests.test_pages import new_activity_data
from digicoop.testing import make_activity
from frameworks.alignment import set_alignments
from interop.iati_import import import_iati_files
from interop.sheet_import import import_sheet
from interop.tests.iati_samples import activity, document, write
from talent.models import TalentEvent
from talent.tests.helpers import enrol_row, make_programme

pytestmark = pytest.mark.django_db


def events(kind: AuditKind) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind=kind).order_by("pk"))


def test_creating_an_activity_on_the_page_is_recorded(client, personas):
    client.force_login(personas.kenyan_focal_point)
    response = client.post("/activities/new/", new_activity_data(personas))
    assert response.status_code == 302, response.content.decode()[:2000]
    (created,) = events(AuditKind.CREATE)
    assert created.actor == personas.kenyan_focal_point and created.plan == personas.plan
    assert created.target == "activity XM-KE-PAGE-1" and created.detail["version"] == 1


def test_an_api_update_is_recorded_and_a_no_op_is_not(client, personas):
    a = make_activity(personas, title="Before")
    client.force_login(personas.kenyan_focal_point)
    url = f"/api/v1/activities/{a.pk}"
    client.patch(url, {"version": 1, "title": {"en": "Before"}}, "application/json")
    assert events(AuditKind.UPDATE) == []  # nothing changed, nothing to record
    client.patch(url, {"version": 1, "title": {"en": "After"}}, "application/json")
    (updated,) = events(AuditKind.UPDATE)
    assert updated.actor == personas.kenyan_focal_point
    assert updated.target == f"activity {a.iati_identifier}" and updated.detail["version"] == 2


def test_an_admin_edit_and_delete_are_recorded(client, personas):
    root = User.objects.create_superuser("root", "root@example.org", "x" * 12)
    a = make_activity(personas, title="Before")
    client.force_login(root)
    url = f"/admin/activities/activity/{a.pk}/"
    client.post(f"{url}change/", _admin_post(client, a, title='{"en": "After"}'))
    client.post(f"{url}delete/", {"post": "yes"})
    assert not Activity.objects.filter(pk=a.pk).exists()
    (updated,) = events(AuditKind.UPDATE)
    (deleted,) = events(AuditKind.DELETE)
    assert updated.detail["action"] == "updated (admin)" and updated.actor == root
    assert deleted.detail["action"] == "deleted (admin)" and deleted.actor == root
    assert deleted.target == f"activity {a.iati_identifier}"


def test_deleting_through_the_door_is_recorded(personas):
    a = make_activity(personas)
    services.delete_activity(a, personas.kenyan_focal_point, version=1)
    (deleted,) = events(AuditKind.DELETE)
    assert deleted.actor == personas.kenyan_focal_point and deleted.plan == personas.plan


def test_a_sheet_import_is_one_audit_event_with_its_counts(personas):
    org = personas.kenyan_ministry
    import_sheet(_sheet("First", org), "acts.csv", plan=personas.plan, user=personas.secretariat)
    (imported,) = events(AuditKind.IMPORT)
    assert imported.actor == personas.secretariat and imported.target == "acts.csv"
    assert imported.detail == {"format": "sheet", "created": 1, "updated": 0, "unchanged": 0}
    # The rows themselves are not each an event: the history holds them.
    assert events(AuditKind.CREATE) == []


def test_a_refused_sheet_import_records_no_import(personas):
    bad = _sheet("First", personas.kenyan_ministry)
    bad.file.write(b"not,a,row\n")
    bad.file.seek(0)
    result = import_sheet(bad, "acts.csv", plan=personas.plan, user=personas.secretariat)
    assert result.errors
    assert events(AuditKind.IMPORT) == []


def test_an_iati_import_is_recorded_with_the_file_name(personas, tmp_path):
    path = write(tmp_path, document(activity(), activity("XM-TEST-1-A2")), name="ministry.xml")
    import_iati_files([path], user=personas.secretariat, names={path: "ministry.xml"})
    (imported,) = events(AuditKind.IMPORT)
    assert imported.actor == personas.secretariat and imported.target == "ministry.xml"
    assert (imported.detail["format"], imported.detail["created"]) == ("iati", 2)


def test_a_tag_change_is_recorded_with_the_new_tags(personas, frameworks_loaded):
    a = make_activity(personas)
    set_alignments(a, ["9.c"], [10], by=personas.secretariat)
    set_alignments(a, ["9.c"], [10], by=personas.secretariat)  # the same tags: no event
    (tagged,) = events(AuditKind.TAGS)
    assert tagged.actor == personas.secretariat and tagged.plan == personas.plan
    assert tagged.detail["sdg"] == ["9.c"] and tagged.detail["agenda2063"] == [10]


def test_merges_and_unmerges_are_recorded(client, personas):
    p = personas
    a = enrol_row(make_programme(p.plan, p.kenyan_ministry), p.kenyan_ministry).person
    b = enrol_row(
        make_programme(p.plan, p.chinese_company), p.chinese_company, email="b@example.org"
    ).person
    client.force_login(p.secretariat)
    client.post(f"/talent/persons/{b.ref}/merge/", {"into": str(a.ref)})
    client.post(f"/talent/persons/{b.ref}/unmerge/")
    merged, unmerged = events(AuditKind.MERGE)
    assert (merged.detail["change"], merged.detail["into"]) == ("merged", str(a.ref))
    assert unmerged.detail["change"] == "unmerged" and unmerged.target == f"trainee {b.ref}"
    assert merged.actor == p.secretariat
    # Reference only: no personal field of the trainee reaches the trail.
    assert "example.org" not in str(merged.detail) + merged.target


def test_a_superuser_cannot_delete_or_change_subject_access_and_erasure_records(client, personas):
    root = User.objects.create_superuser("root", "root@example.org", "x" * 12)
    person = enrol_row(
        make_programme(personas.plan, personas.kenyan_ministry), personas.kenyan_ministry
    ).person
    event = TalentEvent.objects.create(action="erased", person=person, actor=root)
    client.force_login(root)
    base = "/admin/talent/talentevent/"
    assert client.post(f"{base}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    listing = client.get(base)
    assert listing.status_code == 200
    assert "delete_selected" not in listing.content.decode()
    bulk = client.post(
        base, {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
    )
    assert bulk.status_code in (200, 302)
    assert TalentEvent.objects.filter(pk=event.pk).exists()
    assert client.get(f"{base}add/").status_code == 403
    model_admin = site._registry[TalentEvent]
    request = listing.wsgi_request
    assert not model_admin.has_delete_permission(request, event)
    assert not model_admin.has_change_permission(request, event)
