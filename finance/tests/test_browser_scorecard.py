"""The public scorecard in a real browser: partner scores, then the records that lower them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from activities.codes import TransactionType as T
from activities.models import Activity
from finance.models import ReportingDeadline
from finance.tests.builders import activity, run_jobs, tx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_public_scorecard_shows_a_late_partner_and_the_records_lowering_its_score(
    page, live_server, personas
):
    p = personas
    today = dt.date.today()
    # A due date that has just passed; the partner's record was last updated before the period.
    ReportingDeadline.objects.create(
        plan=p.plan,
        label="Last month",
        period_start=today - dt.timedelta(days=30),
        due_on=today - dt.timedelta(days=1),
    )
    bad = activity(p, "XM-KE-BAD")
    tx(bad, T.DISBURSEMENT, 10, currency="XYZ")
    long_ago = timezone.now() - dt.timedelta(days=60)
    Activity.objects.filter(pk=bad.pk).update(updated_at=long_ago)

    page.goto(f"{live_server.url}/finance/{p.plan.slug}/scorecard/")
    row = page.locator(f"tr[data-partner='{p.kenyan_ministry.pk}']")
    assert row.locator("td.timeliness").inner_text() == "Late"
    assert row.locator("td[data-score=validator]").inner_text() == "0%"

    row.locator("a").click()
    page.wait_for_url(f"**/finance/{p.plan.slug}/scorecard/{p.kenyan_ministry.pk}/")
    validator = page.locator("section.score[data-score=validator]")
    assert "0 of 1 activities pass" in validator.inner_text()
    assert "not an ISO 4217" in page.locator("section[data-flags=unknown_currency]").inner_text()
    validator.locator("a", has_text="XM-KE-BAD").click()
    page.wait_for_url(f"**/activities/{bad.pk}/")

    # The same partner, past its due date, gets its overdue reminder from the job.
    call_command("send_reporting_reminders", "--plan", p.plan.slug)
    run_jobs()
    assert {m.to[0] for m in mail.outbox} == {
        p.kenyan_focal_point.email,
        p.chinese_focal_point.email,
    }
    assert all("Overdue" in m.subject for m in mail.outbox)
