"""Recording and updating pledges from the site: who may, what the page shows, what the audit
trail keeps, and bad input refused on its field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from accounts.models import AuditEvent, AuditKind
from finance.models import Pledge, PledgeStatus
from finance.pledges import next_statuses
from finance.tests.builders import activity, refused, sign_in
from talent.tests.helpers import enrol_row, make_programme

pytestmark = pytest.mark.django_db


def kenyan_pledge(p, **fields) -> Pledge:
    values = {
        "plan": p.plan,
        "organisation": p.kenyan_ministry,
        "statement": "Train 200 digital talents",
        "pledged_on": dt.date(2024, 9, 1),
        "target": p.plan.targets.get(code="digital-talents"),
        "quantity": 200,
    }
    return Pledge.objects.create(**(values | fields))


def form(p, **overrides) -> dict:
    """A valid contribution pledge of the Kenyan ministry, as the form posts it."""
    target = p.plan.targets.get(code="digital-talents")
    data = {
        "organisation": str(p.kenyan_ministry.pk),
        "statement_0": "Train 400 digital talents",
        "statement_1": "Former 400 talents numériques",
        "pledged_on": "2024-10-01",
        "status": "committed",
        "kind": "target",
        "target": str(target.pk),
        "quantity": "400",
        "countries": ["KE"],
        "activities": "",
    }
    data.update(overrides)
    return data


ALLOWED_ON_THE_KENYAN_PLEDGE = {
    "secretariat": True,
    "kenyan_focal_point": True,
    "chinese_focal_point": False,
    "reviewer": False,
    "kenyan_viewer": False,
    "plan_b_secretariat": False,
    "plan_b_kenyan_focal_point": False,
    "anonymous": False,
}


@pytest.mark.parametrize("who,allowed", ALLOWED_ON_THE_KENYAN_PLEDGE.items())
def test_who_may_record_a_pledge_of_the_kenyan_ministry(client, world, who, allowed):
    sign_in(client, who)
    url = f"/finance/{world.plan.slug}/pledges/new/"

    page = client.get(url)
    response = client.post(url, form(world))

    recorded = Pledge.objects.filter(statement="Train 400 digital talents").exists()
    assert recorded is allowed
    if allowed:
        assert page.status_code == 200
        assert response.status_code == 302
    elif who != "chinese_focal_point":
        assert refused(page, who) and refused(response, who)
    else:
        # A focal point of another partner may record its own pledges, never the ministry's.
        assert page.status_code == 200
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("who,allowed", ALLOWED_ON_THE_KENYAN_PLEDGE.items())
def test_who_may_edit_the_kenyan_ministrys_pledge(client, world, who, allowed):
    pledge = kenyan_pledge(world)
    sign_in(client, who)
    url = f"/finance/pledges/{pledge.pk}/edit/"

    page = client.get(url)
    response = client.post(url, form(world, statement_0="Train 300 digital talents"))

    pledge.refresh_from_db()
    assert (pledge.statement == "Train 300 digital talents") is allowed
    if allowed:
        assert (page.status_code, response.status_code) == (200, 302)
    else:
        assert refused(page, who) and refused(response, who)


@pytest.mark.parametrize("who,allowed", ALLOWED_ON_THE_KENYAN_PLEDGE.items())
def test_who_may_move_the_kenyan_ministrys_pledge(client, world, who, allowed):
    pledge = kenyan_pledge(world)
    sign_in(client, who)

    response = client.post(f"/finance/pledges/{pledge.pk}/status/", {"status": "committed"})

    pledge.refresh_from_db()
    assert (pledge.status == PledgeStatus.COMMITTED) is allowed
    if not allowed:
        assert refused(response, who)


def test_a_pledge_recorded_on_the_page_is_listed_under_its_target_with_its_delivery(client, world):
    p = world
    programme = make_programme(p.plan, p.kenyan_ministry)
    enrol_row(programme, p.kenyan_ministry)  # one person completed, approved records
    client.force_login(p.kenyan_focal_point)

    response = client.post(
        f"/finance/{p.plan.slug}/pledges/new/",
        form(p, quantity="4", activities=programme.activity.iati_identifier),
    )

    pledge = Pledge.objects.get()
    assert response["Location"] == f"/finance/{p.plan.slug}/pledges/#pledge-{pledge.pk}"
    assert pledge.texts("statement") == {
        "en": "Train 400 digital talents",
        "fr": "Former 400 talents numériques",
    }
    assert list(pledge.activities.all()) == [programme.activity]
    page = client.get(f"/finance/{p.plan.slug}/pledges/").content.decode()
    section = page[page.index('data-target="digital-talents"') :]
    row = section[section.index(f'data-pledge="{pledge.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Train 400 digital talents" in row
    assert 'data-delivered="1"' in row
    assert "(25%)" in row  # 1 of 4
    assert "Committed" in row
    french = client.get(f"/finance/{p.plan.slug}/pledges/", HTTP_ACCEPT_LANGUAGE="fr")
    assert "Former 400 talents numériques" in french.content.decode()
    assert "(25\xa0%)" in french.content.decode()  # French puts a no-break space before %


def test_a_money_pledge_keeps_its_amount_and_currency_only(client, world):
    p = world
    client.force_login(p.secretariat)
    data = form(p, kind="money", amount="1000000", currency="cny")

    client.post(f"/finance/{p.plan.slug}/pledges/new/", data)

    pledge = Pledge.objects.get()
    assert (pledge.amount, pledge.currency) == (Decimal("1000000"), "CNY")
    assert (pledge.target, pledge.quantity) == (None, None)


def test_a_status_change_is_recorded_in_the_audit_trail(client, world):
    pledge = kenyan_pledge(world)
    client.force_login(world.kenyan_focal_point)

    client.post(f"/finance/pledges/{pledge.pk}/status/", {"status": "under_way"})

    event = AuditEvent.objects.get(kind=AuditKind.WORKFLOW)
    assert event.target == f"pledge {pledge.pk}"
    assert event.actor == world.kenyan_focal_point
    assert event.plan == world.plan
    assert event.detail == {"move": "pledged → under_way", "correction": False}


def test_recording_and_editing_a_pledge_leave_their_audit_lines(client, world):
    client.force_login(world.secretariat)
    client.post(f"/finance/{world.plan.slug}/pledges/new/", form(world))
    pledge = Pledge.objects.get()
    client.post(f"/finance/pledges/{pledge.pk}/edit/", form(world, quantity="500"))

    created = AuditEvent.objects.get(kind=AuditKind.CREATE, target=f"pledge {pledge.pk}")
    updated = AuditEvent.objects.get(kind=AuditKind.UPDATE, target=f"pledge {pledge.pk}")
    assert created.actor == updated.actor == world.secretariat
    assert updated.detail == {"fields": ["quantity"]}


def test_a_focal_point_moves_its_pledge_forward_or_drops_it_but_never_back(client, world):
    pledge = kenyan_pledge(world, status=PledgeStatus.UNDER_WAY)
    client.force_login(world.kenyan_focal_point)

    response = client.post(f"/finance/pledges/{pledge.pk}/status/", {"status": "pledged"})

    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.UNDER_WAY
    assert response.status_code == 302
    assert "Select a valid choice" in client.get(response["Location"]).content.decode()
    assert not AuditEvent.objects.filter(kind=AuditKind.WORKFLOW).exists()


def test_the_secretariat_corrects_a_status_and_the_trail_says_it_was_a_correction(client, world):
    pledge = kenyan_pledge(world, status=PledgeStatus.DROPPED)
    client.force_login(world.secretariat)

    client.post(f"/finance/pledges/{pledge.pk}/status/", {"status": "committed"})

    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.COMMITTED
    assert AuditEvent.objects.get(kind=AuditKind.WORKFLOW).detail["correction"] is True


def test_a_pledge_moves_forward_skipping_steps_and_is_dropped_only_before_delivery():
    assert next_statuses("pledged") == ["committed", "under_way", "delivered", "dropped"]
    assert next_statuses("under_way") == ["delivered", "dropped"]
    assert next_statuses("delivered") == []
    assert next_statuses("dropped") == []
    assert "pledged" in next_statuses("delivered", correcting=True)


def test_bad_input_is_refused_with_a_message_on_each_field(client, world):
    client.force_login(world.secretariat)
    data = form(world, kind="money", amount="-5", currency="XYZ", pledged_on="2020-01-01")

    response = client.post(f"/finance/{world.plan.slug}/pledges/new/", data)

    assert response.status_code == 400
    assert not Pledge.objects.exists()
    errors = {e["target"]: e["message"] for e in response.context["errors"]}
    assert errors["id_amount"] == "A pledged amount is positive."
    assert "XYZ is not an ISO 4217 currency code" in errors["id_currency"]
    assert errors["id_pledged_on"] == (
        "A pledge cannot be dated before the plan was adopted (2024-07-29)."
    )
    body = response.content.decode()
    assert 'href="#id_amount"' in body and 'href="#id_currency"' in body
    assert 'aria-invalid="true"' in body


def test_a_pledge_without_its_english_statement_or_its_kind_is_refused(client, world):
    client.force_login(world.secretariat)
    data = form(world, statement_0="", kind="money", amount="", currency="")

    response = client.post(f"/finance/{world.plan.slug}/pledges/new/", data)

    errors = {e["target"]: e["message"] for e in response.context["errors"]}
    assert errors["id_statement_0"]  # linked to the English input
    assert errors["id_amount"] == "Give the amount pledged."
    assert errors["id_currency"] == "Give the currency of the amount."


def test_a_pledge_dated_after_the_plan_ends_is_refused(client, world):
    client.force_login(world.secretariat)
    response = client.post(
        f"/finance/{world.plan.slug}/pledges/new/", form(world, pledged_on="2099-01-01")
    )
    errors = {e["target"]: e["message"] for e in response.context["errors"]}
    assert errors["id_pledged_on"].startswith("A pledge cannot be dated after the plan's period")


def test_activities_of_another_partner_cannot_deliver_a_pledge(client, world):
    p = world
    chinese = activity(p, "XM-CN-NOT-MINE", p.chinese_company)
    activity(p, "XM-KE-MINE")
    client.force_login(p.kenyan_focal_point)

    response = client.post(
        f"/finance/{p.plan.slug}/pledges/new/",
        form(p, activities=f"XM-KE-MINE\n{chinese.iati_identifier}\nXM-NOWHERE"),
    )

    assert response.status_code == 400
    errors = {e["target"]: e["message"] for e in response.context["errors"]}
    assert "XM-CN-NOT-MINE, XM-NOWHERE" in errors["id_activities"]
    assert not Pledge.objects.exists()


def test_the_pledges_page_links_editors_to_their_own_pledges_only(client, world):
    p = world
    mine = kenyan_pledge(p)
    theirs = kenyan_pledge(p, organisation=p.chinese_company, statement="Chinese pledge")
    dropped = kenyan_pledge(p, statement="Given up", status=PledgeStatus.DROPPED)
    url = f"/finance/{p.plan.slug}/pledges/"

    client.force_login(p.kenyan_focal_point)
    page = client.get(url).content.decode()
    assert f"/finance/{p.plan.slug}/pledges/new/" in page
    assert f"/finance/pledges/{mine.pk}/edit/" in page
    assert f"/finance/pledges/{theirs.pk}/edit/" not in page
    assert f"/finance/pledges/{dropped.pk}/edit/" in page  # listed to be reopened

    client.logout()
    public = client.get(url).content.decode()
    assert "/edit/" not in public and "/pledges/new/" not in public
    assert "Given up" not in public


def test_my_tasks_links_to_the_pledges_and_the_calendar_the_person_keeps(client, world):
    client.force_login(world.kenyan_focal_point)
    tasks = client.get("/tasks/").content.decode()
    assert f"/finance/{world.plan.slug}/pledges/" in tasks
    assert f"/finance/{world.plan.slug}/calendar/" not in tasks

    client.force_login(world.secretariat)
    tasks = client.get("/tasks/").content.decode()
    assert f"/finance/{world.plan.slug}/calendar/" in tasks

    client.force_login(world.reviewer)
    assert "/pledges/" not in client.get("/tasks/").content.decode()


def test_a_form_refused_for_a_missing_field_also_shows_what_the_rules_refuse(client, world):
    client.force_login(world.secretariat)
    data = form(world, statement_0="", kind="money", amount="-5", currency="KES")

    response = client.post(f"/finance/{world.plan.slug}/pledges/new/", data)

    errors = {e["target"]: e["message"] for e in response.context["errors"]}
    assert set(errors) == {"id_statement_0", "id_amount"}
    assert errors["id_amount"] == "A pledged amount is positive."
