"""One pass through the application leaves an audit row of every kind of event there is: a
new kind without a writer (or a writer that stopped writing) fails here."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AuditEvent, AuditKind, Role, RoleAssignment, User
from activities import services, workflow
from activities.tests.test_one_door import _sheet
from digicoop.testing import PASSWORD, make_activity
from frameworks.alignment import set_alignments
from interop.sheet_import import import_sheet
from talent.tests.helpers import enrol_row, make_programme

pytestmark = pytest.mark.django_db


def test_every_kind_of_event_is_recorded(client, personas, frameworks_loaded):
    p = personas
    client.post("/accounts/login/", {"username": "reviewer", "password": "wrong"})
    client.post("/accounts/login/", {"username": "secretariat", "password": PASSWORD})
    client.post("/accounts/logout/")

    a = make_activity(p)
    services.update_activity(a, {"title": {"en": "Changed"}}, version=1, by=p.kenyan_focal_point)
    workflow.submit(a, p.kenyan_focal_point)
    set_alignments(a, ["9.c"], [], by=p.secretariat)
    created = services.create_activity(
        p.plan,
        {
            "reporting_org": p.kenyan_ministry.pk,
            "iati_identifier": "XM-AUDIT-1",
            "title": {"en": "Audited"},
            "kind": "training",
        },
        p.kenyan_focal_point,
    )
    services.delete_activity(created, p.kenyan_focal_point, version=created.version)
    import_sheet(_sheet("Sheet", p.kenyan_ministry), "acts.csv", plan=p.plan, user=p.secretariat)
    RoleAssignment.objects.create(
        user=User.objects.create(username="newcomer"), plan=p.plan, role=Role.REVIEWER
    )

    first = enrol_row(make_programme(p.plan, p.kenyan_ministry), p.kenyan_ministry).person
    second = enrol_row(
        make_programme(p.plan, p.chinese_company), p.chinese_company, email="b@example.org"
    ).person
    client.force_login(p.secretariat)
    client.post(f"/talent/persons/{second.ref}/merge/", {"into": str(first.ref)})
    client.get(f"/talent/persons/{first.ref}/export.json")
    client.post(f"/talent/persons/{first.ref}/erase/")

    client.get("/accounts/two-factor/")
    device = TOTPDevice.objects.get(user=p.secretariat)
    client.post("/accounts/two-factor/", {"code": f"{totp(device.bin_key):06d}"})
    client.logout()
    client.post("/accounts/password_reset/", {"email": "reviewer@example.org"})

    recorded = set(AuditEvent.objects.values_list("kind", flat=True))
    assert recorded == set(AuditKind.values), set(AuditKind.values) - recorded
    # Each names who did it (or the name typed at sign-in); the role change above was made by
    # code outside any request, the reset asked by someone not signed in.
    unnamed = AuditEvent.objects.filter(actor_name="")
    assert set(unnamed.values_list("kind", flat=True)) == {
        AuditKind.ROLE_CHANGE,
        AuditKind.PASSWORD_RESET,
    }


def test_a_role_granted_in_the_admin_names_who_granted_it_and_from_where(client, personas):
    root = User.objects.create_superuser("root", "root@example.org", "x" * 12)
    client.force_login(root)
    newcomer = User.objects.create(username="newcomer")
    response = client.post(
        "/admin/accounts/roleassignment/add/",
        {"user": newcomer.pk, "plan": personas.plan.pk, "role": Role.REVIEWER},
        REMOTE_ADDR="198.51.100.30",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(kind=AuditKind.ROLE_CHANGE, target="user newcomer")
    assert (event.actor, event.address) == (root, "198.51.100.30")
    assert event.detail["change"] == "granted" and event.detail["role"] == Role.REVIEWER
