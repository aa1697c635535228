"""The audit trail: who did what, when and from where, for each kind of event; nobody can
change or delete it, not even a superuser in the admin; the secretariat browses and exports it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts import audit
from accounts.models import AuditEvent, AuditKind, Role, RoleAssignment, User
from activities import workflow
from digicoop.testing import PASSWORD, make_activity
from talent.tests.helpers import enrol_row, make_programme

pytestmark = pytest.mark.django_db


def kinds() -> list[str]:
    return list(AuditEvent.objects.values_list("kind", flat=True))


def test_sign_ins_and_failed_sign_ins_are_recorded_with_the_address(client, personas):
    client.post(
        "/accounts/login/", {"username": "reviewer", "password": "nope"}, REMOTE_ADDR="198.51.100.4"
    )
    client.post(
        "/accounts/login/",
        {"username": "reviewer", "password": PASSWORD},
        REMOTE_ADDR="198.51.100.4",
    )
    failed = AuditEvent.objects.get(kind=AuditKind.SIGN_IN_FAILED)
    assert failed.actor_name == "reviewer" and failed.address == "198.51.100.4"
    assert "nope" not in str(failed.detail)
    signed_in = AuditEvent.objects.get(kind=AuditKind.SIGN_IN)
    assert signed_in.actor == personas.reviewer and signed_in.address == "198.51.100.4"


def test_workflow_moves_are_recorded_with_the_plan(personas):
    a = workflow.submit(make_activity(personas), personas.kenyan_focal_point)
    event = AuditEvent.objects.get(kind=AuditKind.WORKFLOW)
    assert event.actor == personas.kenyan_focal_point and event.plan == personas.plan
    assert event.target == f"activity {a.iati_identifier}" and event.detail["move"] == "submit"


def test_role_changes_are_recorded(personas):
    user = User.objects.create(username="newcomer")
    role = RoleAssignment.objects.create(user=user, plan=personas.plan, role=Role.REVIEWER)
    role.delete()
    changes = AuditEvent.objects.filter(kind=AuditKind.ROLE_CHANGE, target__contains="user ")
    assert {e.detail["change"] for e in changes} >= {"granted", "revoked"}


def test_personal_data_export_and_erasure_are_recorded(client, personas):
    programme = make_programme(personas.plan, personas.kenyan_ministry)
    person = enrol_row(programme, personas.kenyan_ministry).person
    client.force_login(personas.secretariat)
    client.get(f"/talent/persons/{person.ref}/export.json")
    client.post(f"/talent/persons/{person.ref}/erase/")
    assert {AuditKind.PERSONAL_EXPORT, AuditKind.ERASURE} <= set(kinds())
    erased = AuditEvent.objects.get(kind=AuditKind.ERASURE)
    assert erased.actor == personas.secretariat and str(person.ref) in erased.target


def test_other_apps_record_through_one_function(personas, rf):
    request = rf.post("/", REMOTE_ADDR="203.0.113.8")
    request.user = personas.secretariat
    event = audit.record(
        AuditKind.IMPORT, request=request, plan=personas.plan, target="file x.xml", rows=3
    )
    assert (event.actor_name, event.address, event.detail) == (
        "secretariat",
        "203.0.113.8",
        {"rows": 3},
    )


def test_events_cannot_be_changed_or_deleted(personas):
    event = audit.record(AuditKind.CREATE, actor=personas.secretariat, target="activity X")
    event.target = "something else"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(target="rewritten")
    assert AuditEvent.objects.get(pk=event.pk).target == "activity X"


def test_a_superuser_cannot_delete_or_change_events_in_the_admin(client, personas):
    event = audit.record(AuditKind.CREATE, actor=personas.secretariat, target="activity X")
    client.force_login(User.objects.create_superuser("root", "", "a long passphrase 1"))
    assert client.get(reverse("admin:accounts_auditevent_changelist")).status_code == 200
    delete = reverse("admin:accounts_auditevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    bulk = client.post(
        reverse("admin:accounts_auditevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_secretariat_browses_filters_and_exports_its_plans_events(client, personas):
    workflow.submit(make_activity(personas), personas.kenyan_focal_point)
    audit.record(AuditKind.IMPORT, actor=personas.secretariat, plan=personas.plan, target="f.csv")
    client.force_login(personas.secretariat)
    page = client.get("/accounts/audit/", {"kind": "workflow"}).content.decode()
    assert "kenyan_focal_point" in page and "f.csv" not in page
    export = client.get("/accounts/audit/", {"format": "csv"})
    body = b"".join(export.streaming_content).decode()
    assert body.splitlines()[0] == "When,Who,Event,Plan,What,From,Details"
    assert "workflow" in body and "f.csv" in body
    client.force_login(personas.reviewer)
    assert client.get("/accounts/audit/").status_code == 403


def test_the_audit_export_has_its_column_headings_in_the_readers_language(client, personas):
    client.force_login(personas.secretariat)
    export = client.get("/accounts/audit/", {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="fr")
    body = b"".join(export.streaming_content).decode()
    assert body.splitlines()[0] == "Quand,Qui,Événement,Plan,Quoi,Provenance,Détails"
