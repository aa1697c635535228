"""The plan's reporting calendar kept from the site: only by its secretariat, each change in the
audit trail, bad dates refused on their field."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import AuditEvent, AuditKind
from finance.models import ReminderKind, ReminderSent, ReportingDeadline
from finance.tests.builders import refused, sign_in

pytestmark = pytest.mark.django_db

ALLOWED = {
    "secretariat": True,
    "reviewer": False,
    "kenyan_focal_point": False,
    "plan_b_secretariat": False,
    "anonymous": False,
}


def due(p, on=dt.date(2025, 4, 30), label="2025 Q1") -> ReportingDeadline:
    return ReportingDeadline.objects.create(
        plan=p.plan, label=label, period_start=dt.date(2025, 1, 1), due_on=on
    )


def form(**overrides) -> dict:
    data = {
        "label_0": "2025 first half",
        "label_1": "2025 premier semestre",
        "period_start": "2025-01-01",
        "due_on": "2025-07-31",
    }
    return data | overrides


@pytest.mark.parametrize("who,allowed", ALLOWED.items())
def test_who_may_add_a_due_date(client, world, who, allowed):
    sign_in(client, who)

    response = client.post(f"/finance/{world.plan.slug}/calendar/new/", form())

    assert ReportingDeadline.objects.filter(due_on=dt.date(2025, 7, 31)).exists() is allowed
    assert response.status_code == 302 if allowed else refused(response, who)


@pytest.mark.parametrize("who,allowed", ALLOWED.items())
def test_who_may_change_a_due_date(client, world, who, allowed):
    deadline = due(world)
    sign_in(client, who)
    url = f"/finance/calendar/{deadline.pk}/edit/"

    page = client.get(url)
    client.post(url, form(due_on="2025-05-15"))

    deadline.refresh_from_db()
    assert (deadline.due_on == dt.date(2025, 5, 15)) is allowed
    assert page.status_code == 200 if allowed else refused(page, who)


@pytest.mark.parametrize("who,allowed", ALLOWED.items())
def test_who_may_remove_a_due_date_or_add_a_years_quarters(client, world, who, allowed):
    deadline = due(world)
    sign_in(client, who)

    client.post(f"/finance/calendar/{deadline.pk}/delete/")
    client.post(f"/finance/{world.plan.slug}/calendar/quarters/", {"quarters-year": "2026"})

    assert ReportingDeadline.objects.filter(pk=deadline.pk).exists() is not allowed
    assert ReportingDeadline.objects.filter(period_start__year=2026).count() == (
        4 if allowed else 0
    )


def test_the_calendar_is_public_and_its_forms_are_the_secretariats(client, world):
    due(world, label="2025 Q1")
    url = f"/finance/{world.plan.slug}/calendar/"

    public = client.get(url).content.decode()
    assert "2025 Q1" in public and "2025-04-30" in public
    assert "/calendar/new/" not in public

    client.force_login(world.secretariat)
    assert "/calendar/new/" in client.get(url).content.decode()


def test_a_due_date_added_in_two_languages_is_shown_in_the_readers(client, world):
    client.force_login(world.secretariat)

    client.post(f"/finance/{world.plan.slug}/calendar/new/", form())

    deadline = ReportingDeadline.objects.get()
    assert deadline.label == "2025 first half"
    page = client.get(f"/finance/{world.plan.slug}/calendar/", HTTP_ACCEPT_LANGUAGE="fr")
    assert "2025 premier semestre" in page.content.decode()
    event = AuditEvent.objects.get(kind=AuditKind.CREATE)
    assert (event.actor, event.plan, event.target) == (
        world.secretariat,
        world.plan,
        "due date 2025-07-31",
    )


def test_changing_and_removing_a_due_date_leave_their_audit_lines(client, world):
    deadline = due(world)
    client.force_login(world.secretariat)

    client.post(
        f"/finance/calendar/{deadline.pk}/edit/",
        form(label_0="2025 Q1", label_1="", period_start="2025-01-01", due_on="2025-05-15"),
    )
    client.post(f"/finance/calendar/{deadline.pk}/delete/")

    updated = AuditEvent.objects.get(kind=AuditKind.UPDATE)
    assert updated.detail == {"fields": ["due_on"]}
    assert AuditEvent.objects.get(kind=AuditKind.DELETE).target == "due date 2025-05-15"


def test_bad_dates_are_refused_on_their_field(client, world):
    due(world, on=dt.date(2025, 4, 30))
    client.force_login(world.secretariat)
    url = f"/finance/{world.plan.slug}/calendar/new/"

    before_start = client.post(url, form(period_start="2025-06-01", due_on="2025-05-01"))
    taken = client.post(url, form(due_on="2025-04-30"))
    unreadable = client.post(url, form(label_0="", due_on="soon"))

    assert ReportingDeadline.objects.count() == 1
    assert before_start.status_code == taken.status_code == unreadable.status_code == 400
    errors = {e["target"]: e["message"] for e in before_start.context["errors"]}
    assert errors == {"id_due_on": "The due date cannot be before the period starts."}
    errors = {e["target"]: e["message"] for e in taken.context["errors"]}
    assert errors["id_due_on"].startswith("The plan already has a due date on 2025-04-30")
    errors = {e["target"]: e["message"] for e in unreadable.context["errors"]}
    assert set(errors) == {"id_label_0", "id_due_on"}


def test_a_due_date_partners_were_reminded_of_stays(client, world):
    deadline = due(world)
    ReminderSent.objects.create(
        deadline=deadline,
        organisation=world.kenyan_ministry,
        kind=ReminderKind.BEFORE,
        recipients=1,
    )
    client.force_login(world.secretariat)

    response = client.post(f"/finance/calendar/{deadline.pk}/delete/", follow=True)

    assert ReportingDeadline.objects.filter(pk=deadline.pk).exists()
    assert "Reminders were already sent for this due date" in response.content.decode()
    assert not AuditEvent.objects.filter(kind=AuditKind.DELETE).exists()


def test_a_years_quarters_are_added_once(client, world):
    client.force_login(world.secretariat)
    url = f"/finance/{world.plan.slug}/calendar/quarters/"

    client.post(url, {"quarters-year": "2026"})
    again = client.post(url, {"quarters-year": "2026"}, follow=True)

    assert ReportingDeadline.objects.filter(plan=world.plan).count() == 4
    assert "0 quarterly due dates of 2026 added" in again.content.decode()
    assert AuditEvent.objects.filter(kind=AuditKind.CREATE).count() == 1
