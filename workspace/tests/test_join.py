"""Joining the plan: apply, the secretariat decides, the applicant is told; bad input refused."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache

from accounts.models import Invitation, Role
from digicoop.tasks import run_queued
from participants.models import Membership, MembershipStatus, Organisation
from workspace import services
from workspace.models import Application, ApplicationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


def _form(plan, **changes) -> dict:
    form = {
        "name_en": "Dakar Digital Institute",
        "name_fr": "Institut numérique de Dakar",
        "type": "academia",
        "country": "SN",
        "website": "https://ddi.example.org",
        "contact_name": "Awa Ndiaye",
        "contact_email": "awa@ddi.example.org",
        "pillars": [str(plan.pillars.order_by("order").first().pk)],
        "statement": "We train engineers in cloud and AI.",
        "nickname": "",
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def test_an_application_creates_nothing_but_itself(client, plan):
    organisations = Organisation.objects.count()
    response = client.post("/join/", _form(plan))
    assert response.status_code == 302 and response["Location"] == "/join/thanks/"
    application = Application.objects.get()
    assert application.name == "Dakar Digital Institute"
    assert application.names == {
        "en": "Dakar Digital Institute",
        "fr": "Institut numérique de Dakar",
    }
    assert application.status == ApplicationStatus.PENDING
    assert Organisation.objects.count() == organisations
    assert not Membership.objects.exists()
    assert not Invitation.objects.exists()


def test_the_form_asks_one_name_field_per_interface_language_never_json(client, plan):
    page = client.get("/join/").content.decode()
    for field in ("name_en", "name_fr", "name_zh_hans", "name_ar", "name_pt"):
        assert f'name="{field}"' in page
    assert 'name="names"' not in page and "{&quot;" not in page


def test_a_name_in_one_language_only_is_enough(client, plan):
    client.post("/join/", _form(plan, name_en="", name_fr="Institut numérique de Dakar"))
    assert Application.objects.get().name == "Institut numérique de Dakar"


def test_missing_and_malformed_fields_are_named_beside_each_field_and_in_the_summary(client, plan):
    response = client.post(
        "/join/",
        _form(
            plan,
            name_en="",
            name_fr="",
            contact_email="not-an-address",
            website="ftp:/broken",
            statement="",
            pillars=None,
            country="XX",
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    summary = page.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    for anchor in (
        "#id_name_en",
        "#id_contact_email",
        "#id_website",
        "#id_statement",
        "#id_pillars_0",
        "#id_country",
    ):
        assert f'href="{anchor}"' in summary, anchor
    # Each message also sits next to its field.
    for field_id in ("id_name_en", "id_contact_email", "id_website", "id_statement", "id_country"):
        assert f'id="{field_id}-error"' in page, field_id
    assert "Give the organisation&#x27;s name in at least one language." in page
    assert not Application.objects.exists()


def test_a_statement_too_long_is_refused(client, plan):
    response = client.post("/join/", _form(plan, statement="x" * 2001))
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_a_filled_honeypot_is_thanked_and_forgotten(client, plan):
    response = client.post("/join/", _form(plan, nickname="http://spam.example"))
    assert response.status_code == 302
    assert not Application.objects.exists()
    run_queued()
    assert not mail.outbox


def test_too_many_applications_from_one_address_are_refused(client, plan, settings):
    settings.DIGICOOP_JOIN_LIMIT_PER_HOUR = 2
    for n in range(2):
        response = client.post("/join/", _form(plan, contact_email=f"a{n}@example.org"))
        assert response.status_code == 302
    refused = client.post("/join/", _form(plan, contact_email="a9@example.org"))
    assert refused.status_code == 429
    assert b"Too many applications" in refused.content
    assert b"error-summary" in refused.content
    assert Application.objects.count() == 2


def test_too_many_applications_for_one_e_mail_are_refused_from_any_address(client, plan, settings):
    settings.DIGICOOP_JOIN_LIMIT_PER_HOUR = 2
    for n in range(2):
        client.post("/join/", _form(plan), REMOTE_ADDR=f"10.0.0.{n + 1}")
    refused = client.post("/join/", _form(plan), REMOTE_ADDR="10.0.0.9")
    assert refused.status_code == 429
    assert Application.objects.count() == 2


def test_names_are_compared_without_case_accents_or_punctuation():
    assert services.normalised("Université  de Dakar.") == services.normalised(
        "UNIVERSITE de dakar"
    )
    assert services.match_key("Université de Dakar", "sn") == "SN:universite de dakar"
    assert services.match_key("Université de Dakar", "SN") != services.match_key(
        "Université de Dakar", "ML"
    )


def test_applications_with_the_same_name_and_country_are_flagged_as_duplicates(client, personas):
    plan = personas.plan
    client.post("/join/", _form(plan))
    client.post("/join/", _form(plan, name_en="DAKAR digital institute!", contact_email="b@x.org"))
    client.post("/join/", _form(plan, country="ML", contact_email="c@x.org"))
    client.force_login(personas.secretariat)
    page = client.get("/applications/").content.decode()
    first, second, malian = Application.objects.order_by("pk")
    flagged = services.possible_duplicates([first, second, malian])
    assert flagged[first.pk] == [f"application #{second.pk}"]
    assert flagged[second.pk] == [f"application #{first.pk}"]
    assert malian.pk not in flagged
    assert page.count("Possible duplicate") == 2


def test_an_application_named_like_a_member_is_flagged(client, personas):
    client.post(
        "/join/",
        _form(personas.plan, name_en="ministry of ICT and digital economy – test", country="KE"),
    )
    application = Application.objects.get()
    assert services.possible_duplicates([application]) == {
        application.pk: ["member Ministry of ICT and Digital Economy (test)"]
    }


def test_only_the_secretariat_sees_the_queue_and_the_contact_details(client, personas):
    client.post("/join/", _form(personas.plan))
    for who in (personas.reviewer, personas.kenyan_focal_point, personas.outsider):
        client.force_login(who)
        assert client.get("/applications/").status_code == 403
    client.logout()
    assert client.get("/applications/").status_code == 302  # to sign in
    client.force_login(personas.secretariat)
    assert b"awa@ddi.example.org" in client.get("/applications/").content


def test_approval_creates_the_organisation_its_membership_and_invites_the_contact(client, personas):
    plan = personas.plan
    client.post("/join/", _form(plan), HTTP_ACCEPT_LANGUAGE="fr")
    run_queued()
    mail.outbox.clear()
    application = Application.objects.get()
    client.force_login(personas.secretariat)
    response = client.post(f"/applications/{application.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 302
    application.refresh_from_db()
    org = application.organisation
    assert org.name == "Dakar Digital Institute"
    assert org.names == {"fr": "Institut numérique de Dakar"}
    assert org.type == "academia" and org.country_id == "SN"
    membership = Membership.objects.get(organisation=org, plan=plan)
    assert membership.status == MembershipStatus.APPROVED
    assert membership.decided_by == personas.secretariat
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.organisation) == (
        "awa@ddi.example.org",
        Role.FOCAL_POINT,
        org,
    )
    assert not mail.outbox  # e-mails go from the job, not the request
    run_queued()
    to_applicant = [m for m in mail.outbox if m.to == ["awa@ddi.example.org"]]
    assert len(to_applicant) == 2  # the decision and the invitation
    assert any("Bienvenue" in m.subject for m in to_applicant)  # in the applicant's language
    assert any(re.search(r"/accounts/invitation/[\w-]+/", m.body) for m in to_applicant)
    # The public directory lists the new member, without its contact.
    members = client.get(f"/organisations/?plan={plan.slug}").content.decode()
    assert "Dakar Digital Institute" in members and "awa@ddi.example.org" not in members


def test_rejection_needs_a_reason_and_tells_the_applicant(client, personas):
    client.post("/join/", _form(personas.plan))
    application = Application.objects.get()
    client.force_login(personas.secretariat)
    client.post(f"/applications/{application.pk}/decide/", {"decision": "reject"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING
    run_queued()
    mail.outbox.clear()
    client.post(
        f"/applications/{application.pk}/decide/",
        {"decision": "reject", "reason": "Not a digital-cooperation actor."},
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert application.organisation is None and not Invitation.objects.exists()
    run_queued()
    (to_applicant,) = [m for m in mail.outbox if m.to == ["awa@ddi.example.org"]]
    assert "Not a digital-cooperation actor." in to_applicant.body


def test_an_application_is_decided_once(client, personas):
    client.post("/join/", _form(personas.plan))
    application = Application.objects.get()
    services.decide(application, personas.secretariat, approve=True)
    with pytest.raises(Exception, match="already been decided"):
        services.decide(application, personas.secretariat, approve=False, reason="no")
    assert Organisation.objects.filter(name="Dakar Digital Institute").count() == 1


def test_only_the_secretariat_decides(client, personas):
    client.post("/join/", _form(personas.plan))
    application = Application.objects.get()
    client.force_login(personas.reviewer)
    response = client.post(f"/applications/{application.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING
