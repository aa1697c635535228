"""The reporting loop: a calendar of due dates, reminders to focal points, sent once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from activities.models import Activity
from finance.models import ReminderKind, ReminderSent, ReportingDeadline
from finance.reporting import quarterly_calendar, queue_reminders
from finance.tests.builders import activity, run_jobs

pytestmark = pytest.mark.django_db


def remind(plan, today: dt.date) -> int:
    """Queue today's reminders as the daily command does, run the worker; e-mails sent."""
    before = len(mail.outbox)
    queue_reminders(plan, today)
    assert len(mail.outbox) == before  # queued: nothing is sent by the caller itself
    run_jobs()
    return len(mail.outbox) - before


def _updated(act: Activity, on: dt.date) -> None:
    moment = timezone.make_aware(dt.datetime.combine(on, dt.time(12)))
    Activity.objects.filter(pk=act.pk).update(updated_at=moment)


def test_a_quarterly_calendar_gives_four_due_dates_once(plan):
    first = quarterly_calendar(plan, 2025, grace_days=30)
    again = quarterly_calendar(plan, 2025, grace_days=30)

    assert [d.due_on for d in first] == [
        dt.date(2025, 4, 30),
        dt.date(2025, 7, 30),
        dt.date(2025, 10, 30),
        dt.date(2026, 1, 30),
    ]
    assert [d.period_start for d in first][1] == dt.date(2025, 4, 1)
    assert [d.pk for d in again] == [d.pk for d in first]
    assert ReportingDeadline.objects.filter(plan=plan).count() == 4


def test_a_quarterly_due_date_is_named_in_every_language(plan):
    first = quarterly_calendar(plan, 2025, grace_days=30)[0]

    assert first.label == "2025 Q1"
    assert first.localized("label", "fr") == "T1 2025"
    assert first.localized("label", "zh-hans") == "2025年第1季度"
    assert first.localized("label", "pt") == "1.º trimestre de 2025"
    assert "2025" in first.localized("label", "ar") and "Q" not in first.localized("label", "ar")


def test_a_partner_past_its_due_date_gets_one_overdue_reminder(personas, settings):
    p = personas
    settings.DIGICOOP_REMINDER_DAYS_AFTER = 30
    deadline = ReportingDeadline.objects.create(
        plan=p.plan, label="2025 Q1", period_start=dt.date(2025, 1, 1), due_on=dt.date(2025, 4, 30)
    )
    late = activity(p, "XM-KE-1")  # the Kenyan ministry's
    _updated(late, dt.date(2024, 12, 1))  # before the period: has not reported
    on_time = activity(p, "XM-CN-1", p.chinese_company)
    _updated(on_time, dt.date(2025, 4, 2))

    assert remind(p.plan, today=dt.date(2025, 5, 3)) == 1

    [message] = mail.outbox
    assert message.to == [p.kenyan_focal_point.email]
    assert "Overdue" in message.subject and "2025 Q1" in message.subject
    assert f"/finance/{p.plan.slug}/scorecard/{p.kenyan_ministry.pk}/" in message.body
    assert ReminderSent.objects.get().kind == ReminderKind.OVERDUE
    assert ReminderSent.objects.get().deadline == deadline

    # Run again the next day: nothing new is sent.
    assert remind(p.plan, today=dt.date(2025, 5, 4)) == 0
    assert len(mail.outbox) == 1


def test_a_reminder_queued_twice_is_sent_once(personas):
    ReportingDeadline.objects.create(
        plan=personas.plan,
        label="2025 Q1",
        period_start=dt.date(2025, 1, 1),
        due_on=dt.date(2025, 4, 30),
    )
    queue_reminders(personas.plan, dt.date(2025, 5, 2))
    queue_reminders(personas.plan, dt.date(2025, 5, 2))  # before the worker ran
    run_jobs()

    assert len(mail.outbox) == 2  # one per partner
    assert ReminderSent.objects.count() == 2


def test_partners_are_reminded_before_the_due_date_and_not_after_they_report(personas, settings):
    p = personas
    settings.DIGICOOP_REMINDER_DAYS_BEFORE = 14
    ReportingDeadline.objects.create(
        plan=p.plan, label="2025 Q2", period_start=dt.date(2025, 4, 1), due_on=dt.date(2025, 7, 30)
    )
    kenyan = activity(p, "XM-KE-1")
    _updated(kenyan, dt.date(2025, 3, 1))
    _updated(activity(p, "XM-CN-1", p.chinese_company), dt.date(2025, 3, 1))

    assert remind(p.plan, today=dt.date(2025, 7, 1)) == 0  # too early
    assert remind(p.plan, today=dt.date(2025, 7, 20)) == 2
    assert {m.to[0] for m in mail.outbox} == {
        p.kenyan_focal_point.email,
        p.chinese_focal_point.email,
    }
    assert all("Reminder" in m.subject for m in mail.outbox)

    _updated(kenyan, dt.date(2025, 7, 25))  # the Kenyan ministry reports
    mail.outbox.clear()
    assert remind(p.plan, today=dt.date(2025, 8, 2)) == 1
    assert mail.outbox[0].to == [p.chinese_focal_point.email]


def test_the_reminder_command_runs_every_plan_and_says_what_it_sent(personas, capsys):
    ReportingDeadline.objects.create(
        plan=personas.plan,
        label="2025 Q1",
        period_start=dt.date(2025, 1, 1),
        due_on=dt.date(2025, 4, 30),
    )
    call_command("send_reporting_reminders", "--today", "2025-05-02")

    out = capsys.readouterr().out
    assert f"{personas.plan.slug}: 2 reminders queued." in out
    assert mail.outbox == []
    run_jobs()
    assert len(mail.outbox) == 2


def test_each_focal_point_gets_the_reminder_in_their_own_language(personas):
    from accounts.models import Role, RoleAssignment, User

    p = personas
    p.kenyan_focal_point.language = "fr"
    p.kenyan_focal_point.save(update_fields=["language"])
    colleague = User.objects.create_user("ke-second", "second@ke.example.org", "x" * 12)
    RoleAssignment.objects.create(
        user=colleague, plan=p.plan, organisation=p.kenyan_ministry, role=Role.FOCAL_POINT
    )
    ReportingDeadline.objects.create(
        plan=p.plan, label="2025 Q1", period_start=dt.date(2025, 1, 1), due_on=dt.date(2025, 4, 30)
    )
    _updated(activity(p, "XM-KE-1"), dt.date(2024, 12, 1))
    _updated(activity(p, "XM-CN-1", p.chinese_company), dt.date(2025, 4, 2))

    assert remind(p.plan, today=dt.date(2025, 5, 3)) == 2  # one e-mail per language
    by_recipient = {tuple(m.to): m for m in mail.outbox}
    french = by_recipient[(p.kenyan_focal_point.email,)]
    assert french.subject.startswith("En retard : le rapport")
    assert "point focal de" in french.body and "tableau de bord public" in french.body
    assert "Overdue" not in french.subject and "Dear" not in french.body
    english = by_recipient[("second@ke.example.org",)]  # never chose: the site's language
    assert english.subject.startswith("Overdue:") and "Dear focal point" in english.body
    assert ReminderSent.objects.get().recipients == 2
