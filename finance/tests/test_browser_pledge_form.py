"""Recording a pledge in a real browser: the form, its error summary, then the pledge listed
under its target with what is delivered; each form passes the accessibility check."""

from __future__ import annotations

import datetime as dt

import pytest

from digicoop.accessibility import assert_accessible
from digicoop.testing import PASSWORD
from finance.models import Pledge
from talent.tests.helpers import enrol_row, make_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_focal_point_records_a_pledge_through_the_form(page, live_server, personas):
    p = personas
    programme = make_programme(p.plan, p.kenyan_ministry)
    enrol_row(programme, p.kenyan_ministry)  # one person trained, approved records
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "kenyan_focal_point")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/finance/{p.plan.slug}/pledges/")
    page.click("#record-pledge")
    page.wait_for_url(f"**/finance/{p.plan.slug}/pledges/new/")
    assert_accessible(page)

    # First without the English statement and with a negative quantity: refused, summarised.
    page.fill("#id_statement_1", "Former quatre talents numériques")
    page.fill("#id_pledged_on", "2024-10-01")
    page.check("#id_kind_1")
    page.select_option("#id_target", label="At least 1,000 digital talents trained by 29 July 2027")
    page.fill("#id_quantity", "-4")
    page.click("main form.pledge button[type=submit]")
    summary = page.locator("#error-summary")
    assert "2 errors" in summary.inner_text()
    # The summary takes the focus, and its links lead to the fields in error.
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert summary.locator('a[href="#id_statement_0"]').count() == 1
    assert summary.locator('a[href="#id_quantity"]').count() == 1
    assert_accessible(page)
    assert not Pledge.objects.exists()

    page.fill("#id_statement_0", "Train four digital talents")
    page.fill("#id_quantity", "4")
    page.fill("#id_activities", programme.activity.iati_identifier)
    page.click("main form.pledge button[type=submit]")
    page.wait_for_url(f"**/finance/{p.plan.slug}/pledges/#pledge-*")

    pledge = Pledge.objects.get()
    row = page.locator(f"tr[data-pledge='{pledge.pk}']")
    assert "Train four digital talents" in row.inner_text()
    assert row.locator("td.delivered").inner_text() == "1 (25%)"
    assert "The pledge is recorded." in page.locator("ul.messages").inner_text()


def test_the_secretariats_calendar_and_pledge_edit_pages_pass_the_accessibility_check(
    page, live_server, personas
):
    p = personas
    pledge = Pledge.objects.create(
        plan=p.plan,
        organisation=p.kenyan_ministry,
        statement="Train 200 digital talents",
        pledged_on=dt.date(2024, 9, 1),
        target=p.plan.targets.get(code="digital-talents"),
        quantity=200,
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "secretariat")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/finance/{p.plan.slug}/calendar/")
    page.fill("#id_quarters-year", "2026")
    page.click("text=Add the four due dates")
    page.wait_for_url(f"**/finance/{p.plan.slug}/calendar/")
    assert page.locator("#deadlines tbody tr").count() == 4
    assert_accessible(page)
    page.fill("#id_label_0", "Late 2026")
    page.fill("#id_period_start", "2026-10-01")
    page.fill("#id_due_on", "2026-09-01")  # before the period starts
    page.click("text=Add the due date")
    assert "The due date cannot be before the period starts." in page.inner_text("#error-summary")
    assert_accessible(page)

    page.goto(f"{live_server.url}/finance/pledges/{pledge.pk}/edit/")
    page.select_option("#id_status", "committed")
    page.click("text=Change the status")
    page.wait_for_url(f"**/finance/{p.plan.slug}/pledges/#pledge-*")
    assert "Committed" in page.locator(f"tr[data-pledge='{pledge.pk}']").inner_text()
    page.goto(f"{live_server.url}/finance/pledges/{pledge.pk}/edit/")
    assert_accessible(page)
