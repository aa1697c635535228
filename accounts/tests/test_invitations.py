"""Invitations and roles without the admin: nobody handles anyone's password."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from accounts import invitations
from accounts.models import AuditEvent, AuditKind, Invitation, Role, RoleAssignment, User
from digicoop.tasks import run_queued

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://[^\s]+/accounts/invitation/([\w-]+)/")


def _link_from_outbox() -> str:
    run_queued()
    assert mail.outbox, "no e-mail was sent"
    found = LINK.search(mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found.group(0).split("127.0.0.1:8000", 1)[-1]


def _invite(client, who, **form):
    client.force_login(who)
    return client.post("/accounts/people/", form)


def test_the_secretariat_invites_a_reviewer_who_sets_their_own_password(client, personas):
    response = _invite(client, personas.secretariat, email="amina@example.org", role="reviewer")
    assert response.status_code == 302
    # Queued, not sent inside the request.
    assert not mail.outbox
    link = _link_from_outbox()
    assert mail.outbox[0].to == ["amina@example.org"]
    assert Invitation.objects.get().digest not in mail.outbox[0].body  # only the digest is kept

    client.logout()
    page = client.get(link)
    assert page.status_code == 200 and b"amina@example.org" in page.content
    response = client.post(
        link, {"username": "amina", "password1": "a long pass 42!", "password2": "a long pass 42!"}
    )
    assert response.status_code == 302
    amina = User.objects.get(username="amina")
    assert amina.email == "amina@example.org" and amina.check_password("a long pass 42!")
    assert RoleAssignment.objects.filter(user=amina, role=Role.REVIEWER).exists()
    granted = AuditEvent.objects.get(
        kind=AuditKind.ROLE_CHANGE, detail__change="granted", target="user amina"
    )
    assert granted.actor == personas.secretariat  # who invited is who granted


def test_a_used_link_is_refused_the_second_time(client, personas):
    _invite(client, personas.secretariat, email="amina@example.org", role="reviewer")
    link = _link_from_outbox()
    client.logout()
    form = {"username": "amina", "password1": "a long pass 42!", "password2": "a long pass 42!"}
    assert client.post(link, form).status_code == 302
    client.logout()
    again = client.post(link, {**form, "username": "mallory"})
    assert again.status_code == 410
    assert b"already been used" in again.content
    assert not User.objects.filter(username="mallory").exists()
    assert RoleAssignment.objects.filter(role=Role.REVIEWER, user__username="amina").count() == 1


def test_an_expired_link_is_refused(client, personas):
    _invite(client, personas.secretariat, email="amina@example.org", role="reviewer")
    link = _link_from_outbox()
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    client.logout()
    form = {"username": "amina", "password1": "a long pass 42!", "password2": "a long pass 42!"}
    response = client.post(link, form)
    assert response.status_code == 410 and b"expired" in response.content
    assert not User.objects.filter(username="amina").exists()


def test_the_link_expires_after_the_configured_days(personas, settings):
    settings.DIGICOOP_INVITATION_DAYS = 3
    invitation = invitations.invite(
        personas.secretariat, email="x@example.org", plan=personas.plan, role=Role.REVIEWER
    )
    before = timezone.now()
    invitations.new_link(invitation)
    after = timezone.now()
    assert before + dt.timedelta(days=3) <= invitation.expires_at <= after + dt.timedelta(days=3)


def test_a_new_link_replaces_the_old_one(client, personas):
    _invite(client, personas.secretariat, email="amina@example.org", role="reviewer")
    old = _link_from_outbox()
    invitation = Invitation.objects.get()
    client.post(f"/accounts/people/invitations/{invitation.pk}/resend/")
    new = _link_from_outbox()
    assert new != old
    client.logout()
    assert client.get(old).status_code == 410
    assert client.get(new).status_code == 200


def test_a_focal_point_cannot_invite_to_another_organisation(client, personas):
    response = _invite(
        client,
        personas.kenyan_focal_point,
        email="spy@example.org",
        role="focal_point",
        organisation=personas.chinese_company.pk,
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()
    run_queued()
    assert not mail.outbox


def test_a_focal_point_cannot_give_a_plan_wide_role(client, personas):
    response = _invite(client, personas.kenyan_focal_point, email="x@example.org", role="reviewer")
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_a_focal_point_invites_a_trainer_for_its_own_organisation(client, personas):
    response = _invite(
        client,
        personas.kenyan_focal_point,
        email="trainer2@example.org",
        role="trainer",
        organisation=personas.kenyan_ministry.pk,
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.organisation == personas.kenyan_ministry
    assert invitation.invited_by == personas.kenyan_focal_point


def test_an_organisation_role_needs_its_organisation(client, personas):
    response = _invite(client, personas.secretariat, email="x@example.org", role="viewer")
    assert response.status_code == 400
    assert b"This role needs an organisation." in response.content
    assert not Invitation.objects.exists()


def test_someone_without_a_role_to_give_is_refused_the_page(client, personas):
    client.force_login(personas.reviewer)
    assert client.get("/accounts/people/").status_code == 403


def test_roles_are_changed_and_revoked_from_the_page_with_an_audit_trail(client, personas):
    viewer = RoleAssignment.objects.get(user=personas.kenyan_viewer)
    client.force_login(personas.kenyan_focal_point)
    page = client.get("/accounts/people/")
    assert b"kenyan_viewer" in page.content and b"chinese_focal_point" not in page.content

    client.post(f"/accounts/people/roles/{viewer.pk}/change/", {"role": "trainer"})
    viewer.refresh_from_db()
    assert viewer.role == Role.TRAINER
    changed = AuditEvent.objects.get(detail__change="changed")
    assert changed.actor == personas.kenyan_focal_point and changed.detail["role"] == "trainer"

    client.post(f"/accounts/people/roles/{viewer.pk}/revoke/")
    assert not RoleAssignment.objects.filter(pk=viewer.pk).exists()
    revoked = AuditEvent.objects.get(detail__change="revoked")
    assert revoked.actor == personas.kenyan_focal_point


def test_a_focal_point_cannot_touch_another_organisations_roles(client, personas):
    other = RoleAssignment.objects.get(user=personas.chinese_focal_point)
    client.force_login(personas.kenyan_focal_point)
    assert client.post(f"/accounts/people/roles/{other.pk}/revoke/").status_code == 403
    assert (
        client.post(f"/accounts/people/roles/{other.pk}/change/", {"role": "viewer"}).status_code
        == 403
    )
    other.refresh_from_db()
    assert other.role == Role.FOCAL_POINT


def test_a_focal_point_cannot_promote_someone_to_reviewer(client, personas):
    viewer = RoleAssignment.objects.get(user=personas.kenyan_viewer)
    client.force_login(personas.kenyan_focal_point)
    response = client.post(f"/accounts/people/roles/{viewer.pk}/change/", {"role": "reviewer"})
    assert response.status_code == 403
    viewer.refresh_from_db()
    assert viewer.role == Role.VIEWER


def test_someone_with_an_account_accepts_after_signing_in(client, personas):
    invitations.invite(
        personas.secretariat,
        email=personas.outsider.email,
        plan=personas.plan,
        role=Role.VIEWER,
        organisation=personas.kenyan_ministry,
    )
    link = _link_from_outbox()
    assert client.get(link).status_code == 302  # sign in first
    client.force_login(personas.outsider)
    assert client.get(link).status_code == 200
    client.post(link)
    assert RoleAssignment.objects.filter(user=personas.outsider, role=Role.VIEWER).exists()
    client.force_login(personas.kenyan_viewer)
    assert client.post(link).status_code == 410


def test_the_new_password_must_be_strong_and_typed_twice_alike(client, personas):
    _invite(client, personas.secretariat, email="amina@example.org", role="reviewer")
    link = _link_from_outbox()
    client.logout()
    weak = client.post(link, {"username": "amina", "password1": "12345", "password2": "12345"})
    assert weak.status_code == 400 and b"error-summary" in weak.content
    differ = client.post(
        link, {"username": "amina", "password1": "a long pass 42!", "password2": "other pass 42!"}
    )
    assert b"The two passwords differ." in differ.content
    taken = client.post(
        link,
        {"username": "reviewer", "password1": "a long pass 42!", "password2": "a long pass 42!"},
    )
    assert b"This user name is taken" in taken.content
    assert not User.objects.filter(email="amina@example.org").exists()


def test_the_invitation_is_written_in_the_inviters_language(client, personas):
    client.force_login(personas.secretariat)
    client.post(
        "/accounts/people/",
        {"email": "a@example.org", "role": "reviewer"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    run_queued()
    assert "invit" in mail.outbox[0].subject.lower()
    assert Invitation.objects.get().language == "fr"


def test_a_withdrawn_invitation_no_longer_opens(client, personas):
    _invite(client, personas.secretariat, email="amina@example.org", role="reviewer")
    link = _link_from_outbox()
    invitation = Invitation.objects.get()
    client.post(f"/accounts/people/invitations/{invitation.pk}/withdraw/")
    client.logout()
    assert client.get(link).status_code == 410
    assert client.get("/accounts/invitation/not-a-token/").status_code == 410
